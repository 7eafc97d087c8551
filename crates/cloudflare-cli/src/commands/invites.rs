//! `cfacct invites`: the invitations the user received, and inviting one email to several
//! accounts at once.

use clap::Subcommand;
use cloudflare_hyper::accounts::members::{self, Access, InvitationStatus};
use cloudflare_hyper::user::invites::{self, Invite};
use serde::Serialize;

use super::{collect, roles, send};
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output::{self, Column};

/// `invites` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists the invitations the user received.
    #[command(after_help = "Example:\n  cfacct --emulator invites list")]
    List,
    /// Invites one email to several accounts, with roles given by name or ID (resolved in
    /// each account). Every account is tried; the exit code is non-zero if any failed.
    #[command(
        after_help = "Example:\n  cfacct --emulator invites send --email new@example.com --account <ID> --account <ID> --role 'Administrator Read Only'"
    )]
    Send {
        /// The email address to invite.
        #[arg(long)]
        email: String,
        /// An account to invite to (repeatable).
        #[arg(long = "account", value_name = "ACCOUNT_ID", required = true)]
        accounts: Vec<String>,
        /// A role, by name or ID (repeatable).
        #[arg(long = "role", value_name = "NAME_OR_ID", required = true)]
        roles: Vec<String>,
        /// Add the member directly (status accepted) instead of sending an invitation.
        #[arg(long)]
        direct: bool,
    },
    /// Accepts or rejects an invitation the user received.
    #[command(after_help = "Example:\n  cfacct --emulator invites respond <INVITE_ID> accept")]
    Respond {
        /// The invitation ID (`cfacct invites list` shows them).
        invite_id: String,
        /// The answer.
        #[arg(value_parser = ["accept", "reject"])]
        answer: String,
    },
}

const COLUMNS: &[Column<Invite>] = &[
    ("id", |i| output::opt(i.id.as_deref())),
    ("organization", |i| {
        output::opt(i.organization_name.as_deref())
    }),
    ("organization_id", |i| i.organization_id.clone()),
    ("status", |i| {
        output::opt(i.status.as_ref().map(|s| s.as_str()))
    }),
    ("invited_by", |i| output::opt(i.invited_by.as_deref())),
    ("expires_on", |i| output::time(i.expires_on.as_ref())),
];

/// What happened in one account.
#[derive(Debug, Serialize)]
pub struct Outcome {
    /// The account.
    pub account_id: String,
    /// The new member, as the API returned it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<members::Member>,
    /// Why it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

const OUTCOME_COLUMNS: &[Column<Outcome>] = &[
    ("account_id", |o| o.account_id.clone()),
    ("member_id", |o| {
        output::opt(o.member.as_ref().and_then(|m| m.id.as_deref()))
    }),
    ("status", |o| {
        output::opt(
            o.member
                .as_ref()
                .and_then(|m| m.status.as_ref().map(|s| s.as_str())),
        )
    }),
    ("error", |o| output::opt(o.error.as_deref())),
];

/// Runs an `invites` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List => {
            let all = collect(ctx, invites::List, || "listing the invitations".into()).await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
        Cmd::Respond { invite_id, answer } => {
            let op = if answer == "accept" {
                invites::Edit::accept(&invite_id)
            } else {
                invites::Edit::reject(&invite_id)
            };
            let invite = send(ctx, &op, || format!("answering invitation {invite_id}")).await?;
            output::print_one(ctx.format, &invite, COLUMNS)
        }
        Cmd::Send {
            email,
            accounts,
            roles: wanted,
            direct,
        } => {
            let mut outcomes = Vec::new();
            let mut first_code = None;
            for account in &accounts {
                let (member, error) = match invite(ctx, account, &email, &wanted, direct).await {
                    Ok(member) => (Some(member), None),
                    Err(e) => {
                        first_code.get_or_insert(e.exit_code());
                        (None, Some(e.to_string()))
                    }
                };
                outcomes.push(Outcome {
                    account_id: account.clone(),
                    member,
                    error,
                });
            }
            output::print_list(ctx.format, &outcomes, OUTCOME_COLUMNS)?;
            match first_code {
                None => Ok(()),
                Some(code) => Err(CliError::Partial {
                    failed: outcomes.iter().filter(|o| o.error.is_some()).count(),
                    total: outcomes.len(),
                    code,
                }),
            }
        }
    }
}

async fn invite(
    ctx: &Ctx,
    account: &str,
    email: &str,
    wanted: &[String],
    direct: bool,
) -> Result<members::Member> {
    let available = roles::list(ctx, account).await?;
    let ids = wanted
        .iter()
        .map(|w| {
            available
                .iter()
                .find(|r| r.id == *w || r.name.eq_ignore_ascii_case(w))
                .map(|r| r.id.clone())
                .ok_or_else(|| {
                    CliError::usage(format!(
                        "account {account} has no role {w:?} (`cfacct roles list --account {account}` lists them)"
                    ))
                })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut op = members::Create::new(account, email, Access::roles(ids));
    if direct {
        op = op.status(InvitationStatus::Accepted);
    }
    send(ctx, &op, || {
        format!("inviting {email} to account {account}")
    })
    .await
}
