//! `cfacct roles`: the roles of an account.

use clap::Subcommand;
use cloudflare_hyper::accounts::roles::{self, Role};

use super::collect;
use crate::context::Ctx;
use crate::error::Result;
use crate::output::{self, Column};

/// `roles` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists the roles of an account.
    #[command(after_help = "Example:\n  cfacct --emulator roles list --account <ACCOUNT_ID>")]
    List {
        /// The account ID.
        #[arg(long)]
        account: String,
    },
}

const COLUMNS: &[Column<Role>] = &[
    ("id", |r| r.id.clone()),
    ("name", |r| r.name.clone()),
    ("description", |r| r.description.clone()),
];

/// Every role of `account_id`. (Deprecated in the API schema in favour of policies; still
/// what member roles and `invites send --role` refer to.)
#[allow(deprecated)]
pub async fn list(ctx: &Ctx, account_id: &str) -> Result<Vec<Role>> {
    let op = roles::List::new(account_id);
    collect(ctx, op, || {
        format!("listing the roles of account {account_id}")
    })
    .await
}

/// Runs a `roles` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List { account } => {
            let all = list(ctx, &account).await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
    }
}
