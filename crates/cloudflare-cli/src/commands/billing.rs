//! `cfacct billing`: the user's billing profile and history.

use clap::Subcommand;
use cloudflare_hyper::user::billing::history::{self, BillingHistory};
use cloudflare_hyper::user::billing::profile::{self, BillingProfile};

use super::{collect, send};
use crate::context::Ctx;
use crate::error::Result;
use crate::output::{self, Column};

/// `billing` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Shows the billing profile.
    #[command(after_help = "Example:\n  cfacct --emulator billing profile")]
    Profile,
    /// Lists the billing history.
    #[command(after_help = "Example:\n  cfacct --emulator billing history --output csv")]
    History,
}

const PROFILE: &[Column<BillingProfile>] = &[
    ("id", |p| output::opt(p.id.as_deref())),
    ("company", |p| output::opt(p.company.as_deref())),
    ("first_name", |p| output::opt(p.first_name.as_deref())),
    ("last_name", |p| output::opt(p.last_name.as_deref())),
    ("country", |p| output::opt(p.country.as_deref())),
    ("next_bill_date", |p| {
        output::time(p.next_bill_date.as_ref())
    }),
];

const HISTORY: &[Column<BillingHistory>] = &[
    ("id", |h| h.id.clone()),
    ("occurred_at", |h| output::time(h.occurred_at.as_ref())),
    ("type", |h| h.item_type.clone()),
    ("action", |h| h.action.clone()),
    ("description", |h| h.description.clone()),
    ("amount", |h| format!("{} {}", h.amount, h.currency)),
];

/// Runs a `billing` subcommand. (Both operations are deprecated in the API schema, with no
/// replacement in the SDK: they are here as long as the API serves them.)
#[allow(deprecated)]
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::Profile => {
            let p = send(ctx, &profile::Get, || "reading the billing profile".into()).await?;
            output::print_one(ctx.format, &p, PROFILE)
        }
        Cmd::History => {
            let op = history::List::default();
            let all = collect(ctx, op, || "listing the billing history".into()).await?;
            output::print_list(ctx.format, &all, HISTORY)
        }
    }
}
