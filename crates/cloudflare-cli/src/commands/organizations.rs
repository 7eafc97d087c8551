//! `cfacct organizations`: the organizations the user belongs to.

use clap::Subcommand;
use cloudflare_hyper::organizations;
use cloudflare_hyper::user::organizations::{self as user_orgs, Organization};

use super::{collect, send};
use crate::context::Ctx;
use crate::error::Result;
use crate::output::{self, Column};

/// `organizations` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists the organizations the user belongs to.
    #[command(after_help = "Example:\n  cfacct --emulator organizations list")]
    List,
    /// Shows one organization.
    #[command(after_help = "Example:\n  cfacct --emulator organizations get <ORGANIZATION_ID>")]
    Get {
        /// The organization ID.
        organization_id: String,
    },
    /// Lists the members of an organization.
    #[command(after_help = "Example:\n  cfacct --emulator organizations members <ORGANIZATION_ID>")]
    Members {
        /// The organization ID.
        organization_id: String,
    },
}

const COLUMNS: &[Column<Organization>] = &[
    ("id", |o| output::opt(o.id.as_deref())),
    ("name", |o| output::opt(o.name.as_deref())),
    ("status", |o| {
        output::opt(o.status.as_ref().map(|s| s.as_str()))
    }),
    ("roles", |o| {
        output::join(o.roles.iter().flatten().map(String::as_str))
    }),
];

const DETAIL: &[Column<organizations::Organization>] = &[
    ("id", |o| o.id.clone()),
    ("name", |o| o.name.clone()),
    ("created", |o| output::time(o.create_time.as_ref())),
    ("parent", |o| {
        output::opt(o.parent.as_ref().map(|p| p.id.as_str()))
    }),
];

const MEMBER_COLUMNS: &[Column<organizations::members::Member>] = &[
    ("id", |m| m.id.clone()),
    ("email", |m| m.user.email.clone()),
    ("name", |m| m.user.name.clone()),
    ("status", |m| m.status.to_string()),
    ("created", |m| output::time(m.create_time.as_ref())),
];

/// Runs an `organizations` subcommand. (`GET /user/organizations` is deprecated in the API
/// schema; the SDK has no other listing of the user's organizations.)
#[allow(deprecated)]
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List => {
            let all = collect(ctx, user_orgs::List::new(), || {
                "listing the user's organizations".into()
            })
            .await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
        Cmd::Get { organization_id } => {
            let op = organizations::Get::new(&organization_id);
            let org = send(ctx, &op, || {
                format!("reading organization {organization_id}")
            })
            .await?;
            output::print_one(ctx.format, &org, DETAIL)
        }
        Cmd::Members { organization_id } => {
            let op = organizations::members::List::new(&organization_id);
            let all = collect(ctx, op, || {
                format!("listing the members of organization {organization_id}")
            })
            .await?;
            output::print_list(ctx.format, &all, MEMBER_COLUMNS)
        }
    }
}
