//! `cfacct members`: account members with their roles, policies and status, in one account
//! or across every account the credentials can see.

use std::sync::Arc;

use clap::Subcommand;
use cloudflare_hyper::accounts::members::{self, Member, MemberStatus};
use cloudflare_hyper::accounts::{self, Account};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::collect;
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output::{self, Column};

/// `members` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists the members of one account (--account) or of every account (--all-accounts).
    ///
    /// With --all-accounts, JSON is an array of {"account": {"id", "name"}, "member": <the
    /// API's member>}; with --account, the API's members as they are.
    #[command(
        after_help = "Examples:\n  cfacct --emulator members list --all-accounts\n  cfacct --emulator members list --account <ACCOUNT_ID> --status pending --output json"
    )]
    List {
        /// The account ID.
        #[arg(
            long,
            required_unless_present = "all_accounts",
            conflicts_with = "all_accounts"
        )]
        account: Option<String>,
        /// Every account the credentials can see.
        #[arg(long)]
        all_accounts: bool,
        /// Only members with this status.
        #[arg(long, value_parser = ["accepted", "pending", "rejected"])]
        status: Option<String>,
    },
}

/// The account a member was listed in.
#[derive(Debug, Serialize)]
pub struct AccountRef {
    /// Account ID.
    pub id: String,
    /// Account name.
    pub name: String,
}

/// A member with its account (the rows of `--all-accounts`).
#[derive(Debug, Serialize)]
pub struct AccountMember {
    /// The account.
    pub account: AccountRef,
    /// The member, as the API has it.
    pub member: Member,
}

fn roles(m: &Member) -> String {
    output::join(m.roles.iter().flatten().map(|r| r.name.as_str()))
}

fn policies(m: &Member) -> String {
    let policies = m.policies.iter().flatten().map(|p| {
        let access = p.access.as_ref().map_or("?", |a| a.as_str());
        let groups: Vec<&str> = p
            .permission_groups
            .iter()
            .flatten()
            .map(|g| g.name.as_deref().unwrap_or(g.id.as_str()))
            .collect();
        format!("{access}: {}", groups.join(" + "))
    });
    let all: Vec<String> = policies.collect();
    if all.is_empty() {
        "-".into()
    } else {
        all.join("; ")
    }
}

fn email(m: &Member) -> String {
    output::opt(
        m.email
            .as_deref()
            .or(m.user.as_ref().map(|u| u.email.as_str())),
    )
}

fn status(m: &Member) -> String {
    output::opt(m.status.as_ref().map(|s| s.as_str()))
}

const COLUMNS: &[Column<Member>] = &[
    ("id", |m| output::opt(m.id.as_deref())),
    ("email", email),
    ("status", status),
    ("roles", roles),
    ("policies", policies),
];

const ALL_COLUMNS: &[Column<AccountMember>] = &[
    ("account", |r| r.account.name.clone()),
    ("account_id", |r| r.account.id.clone()),
    ("member_id", |r| output::opt(r.member.id.as_deref())),
    ("email", |r| email(&r.member)),
    ("status", |r| status(&r.member)),
    ("roles", |r| roles(&r.member)),
    ("policies", |r| policies(&r.member)),
];

/// Every member of `account_id`, optionally with one status.
pub async fn list(ctx: &Ctx, account_id: &str, status: Option<&str>) -> Result<Vec<Member>> {
    let op = members::List {
        status: status.map(MemberStatus::from),
        ..members::List::new(account_id)
    };
    collect(ctx, op, || {
        format!("listing the members of account {account_id}")
    })
    .await
}

/// How many accounts' members are listed at once with `--all-accounts`.
const ACCOUNTS_AT_ONCE: usize = 4;

/// The members of every account in `accounts`, a few accounts at a time, in account order.
async fn across(
    ctx: &Ctx,
    accounts: Vec<Account>,
    status: Option<String>,
) -> Result<Vec<AccountMember>> {
    let client = ctx.client::<members::List>().clone();
    let gate = Arc::new(Semaphore::new(ACCOUNTS_AT_ONCE));
    let mut tasks = JoinSet::new();
    for (index, account) in accounts.iter().enumerate() {
        let (client, gate, status) = (client.clone(), gate.clone(), status.clone());
        let op = members::List {
            status: status.as_deref().map(MemberStatus::from),
            ..members::List::new(&account.id)
        };
        let id = account.id.clone();
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await;
            let listed = client.items(op).try_collect().await;
            (
                index,
                listed
                    .map_err(|e| CliError::api(format!("listing the members of account {id}"), e)),
            )
        });
    }
    let mut by_account: Vec<Option<Vec<Member>>> = accounts.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        let (index, listed) = joined.map_err(|e| {
            CliError::io("listing the members", std::io::Error::other(e.to_string()))
        })?;
        by_account[index] = Some(listed?);
    }
    let mut rows = Vec::new();
    for (account, members) in accounts.into_iter().zip(by_account) {
        for member in members.into_iter().flatten() {
            rows.push(AccountMember {
                account: AccountRef {
                    id: account.id.clone(),
                    name: account.name.clone(),
                },
                member,
            });
        }
    }
    Ok(rows)
}

/// Runs a `members` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List {
            account: Some(account),
            status,
            ..
        } => {
            let all = list(ctx, &account, status.as_deref()).await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
        Cmd::List {
            account: None,
            all_accounts: true,
            status,
        } => {
            let accounts = collect(ctx, accounts::List::default(), || {
                "listing the accounts".into()
            })
            .await?;
            let rows = across(ctx, accounts, status).await?;
            output::print_list(ctx.format, &rows, ALL_COLUMNS)
        }
        Cmd::List { .. } => Err(CliError::usage("give --account <ID> or --all-accounts")),
    }
}
