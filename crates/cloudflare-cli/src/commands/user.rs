//! `cfacct user`: the user the credentials belong to.

use clap::Subcommand;
use cloudflare_hyper::user::{self, User};

use super::send;
use crate::context::Ctx;
use crate::error::Result;
use crate::output::{self, Column};

/// `user` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Shows the user.
    #[command(after_help = "Example:\n  cfacct --emulator user get --output json")]
    Get,
}

const COLUMNS: &[Column<User>] = &[
    ("id", |u| u.id.clone()),
    ("email", |u| u.email.clone()),
    ("first_name", |u| output::opt(u.first_name.as_deref())),
    ("last_name", |u| output::opt(u.last_name.as_deref())),
    ("2fa", |u| {
        output::opt(
            u.two_factor_authentication_enabled
                .map(|b| if b { "on" } else { "off" }),
        )
    }),
];

/// Runs a `user` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::Get => {
            let me = send(ctx, &user::Get, || "reading the user".into()).await?;
            output::print_one(ctx.format, &me, COLUMNS)
        }
    }
}
