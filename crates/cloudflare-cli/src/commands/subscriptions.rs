//! `cfacct subscriptions`: the subscriptions of an account or of the user.

use clap::Subcommand;
use cloudflare_hyper::accounts::subscriptions as account_subs;
use cloudflare_hyper::models::subscription::Subscription;
use cloudflare_hyper::user::subscriptions as user_subs;

use super::collect;
use crate::context::Ctx;
use crate::error::Result;
use crate::output::{self, Column};

/// `subscriptions` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists the subscriptions of an account, or the user's without --account.
    #[command(
        after_help = "Example:\n  cfacct --emulator subscriptions list --account <ACCOUNT_ID>"
    )]
    List {
        /// The account ID (default: the user's subscriptions).
        #[arg(long)]
        account: Option<String>,
    },
}

const COLUMNS: &[Column<Subscription>] = &[
    ("id", |s| output::opt(s.id.as_deref())),
    ("plan", |s| {
        output::opt(s.rate_plan.as_ref().and_then(|p| p.public_name.as_deref()))
    }),
    ("state", |s| {
        output::opt(s.state.as_ref().map(|s| s.as_str()))
    }),
    ("price", |s| {
        s.price.map_or("-".into(), |p| {
            format!("{p} {}", s.currency.as_deref().unwrap_or(""))
        })
    }),
    ("frequency", |s| {
        output::opt(s.frequency.as_ref().map(|f| f.as_str()))
    }),
    ("period_end", |s| {
        output::time(s.current_period_end.as_ref())
    }),
];

/// Runs a `subscriptions` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List {
            account: Some(account),
        } => {
            let op = account_subs::Get::new(&account);
            let all = collect(ctx, op, || {
                format!("listing the subscriptions of account {account}")
            })
            .await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
        Cmd::List { account: None } => {
            let all = collect(ctx, user_subs::Get, || {
                "listing the user's subscriptions".into()
            })
            .await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
    }
}
