//! `cfacct accounts`: list and show accounts.

use clap::Subcommand;
use cloudflare_hyper::accounts::{self, Account};

use super::{collect, send};
use crate::context::Ctx;
use crate::error::Result;
use crate::output::{self, Column};

/// `accounts` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists every account the credentials can see.
    #[command(after_help = "Example:\n  cfacct --emulator accounts list --output json")]
    List {
        /// Only accounts with this name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Shows one account.
    #[command(after_help = "Example:\n  cfacct --emulator accounts get <ACCOUNT_ID>")]
    Get {
        /// The account ID.
        account_id: String,
    },
}

/// The table columns of an account.
pub const COLUMNS: &[Column<Account>] = &[
    ("id", |a| a.id.clone()),
    ("name", |a| a.name.clone()),
    ("type", |a| a.account_type.to_string()),
    ("created_on", |a| output::time(a.created_on.as_ref())),
];

/// Runs an `accounts` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List { name } => {
            let op = accounts::List {
                name,
                ..Default::default()
            };
            let all = collect(ctx, op, || "listing the accounts".into()).await?;
            output::print_list(ctx.format, &all, COLUMNS)
        }
        Cmd::Get { account_id } => {
            let op = accounts::Get::new(&account_id);
            let account = send(ctx, &op, || format!("reading account {account_id}")).await?;
            output::print_one(ctx.format, &account, COLUMNS)
        }
    }
}
