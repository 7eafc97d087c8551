//! `cfacct`: the Cloudflare API v4 Accounts, User and Organizations sections from the command
//! line, on the SDK's async client (`cloudflare-hyper`).
//!
//! See the crate README for the commands, the output formats and the exit codes.

mod commands;
mod context;
mod error;
mod output;
mod parse;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::commands::{
    accounts, audit_logs, billing, invites, members, organizations, roles, subscriptions, tokens,
    user,
};
use crate::context::{Connection, Ctx};
use crate::error::{CliError, EXIT_CODES_HELP};
use crate::output::Format;

const ENVIRONMENT_HELP: &str = "\
Environment (the SDK's own variables):
  CLOUDFLARE_API_TOKEN                 an API token (preferred where an operation accepts one)
  CLOUDFLARE_API_KEY, CLOUDFLARE_EMAIL a global API key and its email (for key-only operations)
  CLOUDFLARE_BASE_URL                  another API base URL (--base-url overrides it)";

const EXAMPLES: &str = "\
Examples:
  cfacct --emulator members list --all-accounts
  cfacct --emulator tokens list --expiring-within 30d
  cfacct --emulator audit-logs export --account <ID> --since 2024-01-01 --before 2025-01-01 --out logs.jsonl";

/// The Cloudflare API v4 Accounts, User and Organizations sections from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "cfacct",
    version,
    long_about = "The Cloudflare API v4 Accounts, User and Organizations sections from the command line.\n\n\
        Output is a table when stdout is a terminal and JSON otherwise; --output picks one. JSON is \
        the API's own shape (the SDK's lossless models).",
    after_long_help = format!("{EXAMPLES}\n\n{ENVIRONMENT_HELP}\n\n{EXIT_CODES_HELP}"),
    after_help = format!("{EXAMPLES}\n\n{EXIT_CODES_HELP}"),
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
struct Global {
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, short = 'o', global = true, value_enum)]
    output: Option<Format>,
    /// API base URL (overrides CLOUDFLARE_BASE_URL); plain http only to loopback.
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,
    /// Start the bundled emulator in this process and use it, with its credentials.
    #[arg(long, global = true, conflicts_with = "base_url")]
    emulator: bool,
    /// Latency the emulator adds before every response (e.g. 20ms).
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse::duration, requires = "emulator")]
    emulator_latency: Option<Duration>,
    /// The longest one request attempt may take.
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse::duration, default_value = "60s")]
    timeout: Duration,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Accounts the credentials can see.
    #[command(subcommand, after_help = "Example:\n  cfacct --emulator accounts list")]
    Accounts(accounts::Cmd),
    /// Account members, with roles, policies and status.
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator members list --all-accounts"
    )]
    Members(members::Cmd),
    /// Account roles.
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator roles list --account <ID>"
    )]
    Roles(roles::Cmd),
    /// API tokens, account-owned (--account) or the user's.
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator tokens list --expiring-within 30d"
    )]
    Tokens(tokens::Cmd),
    /// The user the credentials belong to.
    #[command(subcommand, after_help = "Example:\n  cfacct --emulator user get")]
    User(user::Cmd),
    /// Invitations: the user's own, or invite one email to several accounts.
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator invites send --email new@example.com --account <ID> --account <ID> --role 'Administrator Read Only'"
    )]
    Invites(invites::Cmd),
    /// Organizations the user belongs to.
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator organizations list"
    )]
    Organizations(organizations::Cmd),
    /// Account audit logs: list a time range, or export it to JSONL or CSV (resumable).
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator audit-logs export --account <ID> --since 2024-01-01 --before 2025-01-01 --out logs.jsonl"
    )]
    AuditLogs(audit_logs::Cmd),
    /// Subscriptions of an account (--account) or of the user.
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator subscriptions list --account <ID>"
    )]
    Subscriptions(subscriptions::Cmd),
    /// The user's billing profile and history.
    #[command(
        subcommand,
        after_help = "Example:\n  cfacct --emulator billing history"
    )]
    Billing(billing::Cmd),
    /// Prints a shell completion script.
    #[command(
        after_help = "Example:\n  cfacct completions bash > ~/.local/share/bash-completion/completions/cfacct"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Completions { shell } = cli.command {
        clap_complete::generate(shell, &mut Cli::command(), "cfacct", &mut std::io::stdout());
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            error::report(&CliError::io("starting the async runtime", e));
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            error::report(&err);
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(1))
        }
    }
}

async fn run(cli: Cli) -> error::Result<()> {
    let connection = Connection {
        base_url: cli.global.base_url,
        emulator: cli.global.emulator,
        emulator_latency: cli.global.emulator_latency,
        timeout: cli.global.timeout,
    };
    let ctx = Ctx::new(&connection, Format::resolve(cli.global.output))?;
    match cli.command {
        Command::Accounts(cmd) => accounts::run(cmd, &ctx).await,
        Command::Members(cmd) => members::run(cmd, &ctx).await,
        Command::Roles(cmd) => roles::run(cmd, &ctx).await,
        Command::Tokens(cmd) => tokens::run(cmd, &ctx).await,
        Command::User(cmd) => user::run(cmd, &ctx).await,
        Command::Invites(cmd) => invites::run(cmd, &ctx).await,
        Command::Organizations(cmd) => organizations::run(cmd, &ctx).await,
        Command::AuditLogs(cmd) => audit_logs::run(cmd, &ctx).await,
        Command::Subscriptions(cmd) => subscriptions::run(cmd, &ctx).await,
        Command::Billing(cmd) => billing::run(cmd, &ctx).await,
        Command::Completions { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cli_is_well_formed() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
