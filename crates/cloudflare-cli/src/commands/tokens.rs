//! `cfacct tokens`: API tokens, account-owned (`--account`) or the user's: list (those
//! expiring soon), create and roll with the secret shown once or written to a 0600 file,
//! verify, delete.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use cloudflare_hyper::accounts::tokens as account_tokens;
use cloudflare_hyper::accounts::tokens::{
    AvailablePermissionGroup, Effect, Policy, Token, TokenBody, TokenWithValue,
};
use cloudflare_hyper::time::OffsetDateTime;
use cloudflare_hyper::{ListOperation, Secret, user};

use super::{collect, send};
use crate::context::Ctx;
use crate::error::{CliError, Result};
use crate::output::{self, Column, Format};
use crate::parse;

/// Whose tokens.
#[derive(Debug, Args)]
pub struct Owner {
    /// The account whose account-owned tokens to use (default: the user's tokens).
    #[arg(long)]
    account: Option<String>,
}

/// `tokens` subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Lists tokens, optionally only those expiring within a duration.
    #[command(
        after_help = "Examples:\n  cfacct --emulator tokens list --expiring-within 30d\n  cfacct --emulator tokens list --account <ACCOUNT_ID> --output json"
    )]
    List {
        #[command(flatten)]
        owner: Owner,
        /// Only tokens whose expiry is within this long from now (e.g. 30d, 12h); tokens
        /// without an expiry are left out.
        #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
        expiring_within: Option<Duration>,
    },
    /// Creates a token; its secret is shown once (or written to --secret-file, mode 0600).
    #[command(
        after_help = "Example:\n  cfacct --emulator tokens create --account <ACCOUNT_ID> --name ci --permission-group 'Account Settings Read' --expires-in 30d --secret-file ci.token"
    )]
    Create {
        #[command(flatten)]
        owner: Owner,
        /// The token's name.
        #[arg(long)]
        name: String,
        /// Permission groups the token is allowed, by ID or by name (repeatable).
        #[arg(long = "permission-group", value_name = "ID_OR_NAME", required = true)]
        permission_groups: Vec<String>,
        /// Resources the policy covers (repeatable) [default: the account with --account,
        /// every account of the user otherwise].
        #[arg(long = "resource", value_name = "RESOURCE")]
        resources: Vec<String>,
        /// Expires this long from now (e.g. 90d).
        #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
        expires_in: Option<Duration>,
        /// Writes the secret to this file (created with mode 0600) instead of printing it.
        #[arg(long, value_name = "FILE")]
        secret_file: Option<PathBuf>,
    },
    /// Rolls a token's secret: the old one stops working; the new one is shown once (or
    /// written to --secret-file, mode 0600).
    #[command(
        after_help = "Example:\n  cfacct --emulator tokens roll <TOKEN_ID> --account <ACCOUNT_ID> --secret-file new.token"
    )]
    Roll {
        /// The token ID.
        token_id: String,
        #[command(flatten)]
        owner: Owner,
        /// Writes the secret to this file (created with mode 0600) instead of printing it.
        #[arg(long, value_name = "FILE")]
        secret_file: Option<PathBuf>,
    },
    /// Deletes a token.
    #[command(
        after_help = "Example:\n  cfacct --emulator tokens delete <TOKEN_ID> --account <ACCOUNT_ID>"
    )]
    Delete {
        /// The token ID.
        token_id: String,
        #[command(flatten)]
        owner: Owner,
    },
    /// Lists the permission groups a token can be given.
    #[command(after_help = "Example:\n  cfacct --emulator tokens permission-groups")]
    PermissionGroups {
        #[command(flatten)]
        owner: Owner,
    },
}

const COLUMNS: &[Column<Token>] = &[
    ("id", |t| output::opt(t.id.as_deref())),
    ("name", |t| output::opt(t.name.as_deref())),
    ("status", |t| {
        output::opt(t.status.as_ref().map(|s| s.as_str()))
    }),
    ("expires_on", |t| output::time(t.expires_on.as_ref())),
    ("last_used_on", |t| output::time(t.last_used_on.as_ref())),
];

const CREATED_COLUMNS: &[Column<TokenWithValue>] = &[
    ("id", |t| output::opt(t.token.id.as_deref())),
    ("name", |t| output::opt(t.token.name.as_deref())),
    ("expires_on", |t| output::time(t.token.expires_on.as_ref())),
    ("secret (shown once)", |t| {
        output::opt(t.value.as_ref().map(Secret::expose))
    }),
];

const GROUP_COLUMNS: &[Column<AvailablePermissionGroup>] = &[
    ("id", |g| output::opt(g.id.as_deref())),
    ("name", |g| output::opt(g.name.as_deref())),
    ("scopes", |g| {
        output::join(g.scopes.iter().flatten().map(|s| s.as_str()))
    }),
];

/// Runs a `tokens` subcommand.
pub async fn run(cmd: Cmd, ctx: &Ctx) -> Result<()> {
    match cmd {
        Cmd::List {
            owner,
            expiring_within,
        } => {
            let mut all = match &owner.account {
                Some(a) => list(ctx, account_tokens::List::new(a)).await?,
                None => list(ctx, user::tokens::List::new()).await?,
            };
            if let Some(within) = expiring_within {
                let by = OffsetDateTime::now_utc() + within;
                all.retain(|t| {
                    t.expires_on
                        .as_ref()
                        .and_then(|e| e.get())
                        .is_some_and(|e| e <= by)
                });
            }
            output::print_list(ctx.format, &all, COLUMNS)
        }
        Cmd::PermissionGroups { owner } => {
            let all = permission_groups(ctx, &owner).await?;
            output::print_list(ctx.format, &all, GROUP_COLUMNS)
        }
        Cmd::Create {
            owner,
            name,
            permission_groups: wanted,
            resources,
            expires_in,
            secret_file,
        } => {
            let groups = permission_groups(ctx, &owner).await?;
            let mut policy = Policy::new(Effect::Allow);
            for wanted in &wanted {
                policy = policy.with_permission_group(group_id(&groups, wanted)?);
            }
            let resources = if resources.is_empty() {
                vec![match &owner.account {
                    Some(a) => format!("com.cloudflare.api.account.{a}"),
                    None => "com.cloudflare.api.account.*".to_owned(),
                }]
            } else {
                resources
            };
            for resource in resources {
                policy = policy.with_resource(resource, "*");
            }
            let mut body = TokenBody::new(&name).policy(policy);
            if let Some(d) = expires_in {
                body = body.expires_on(OffsetDateTime::now_utc() + d);
            }
            let context = || format!("creating token {name:?}");
            let mut created = match &owner.account {
                Some(a) => send(ctx, &account_tokens::Create::new(a, body), context).await?,
                None => send(ctx, &user::tokens::Create::new(body), context).await?,
            };
            if let Some(path) = secret_file {
                let secret = created.value.take().ok_or_else(no_secret)?;
                write_secret(&path, &secret)?;
                eprintln!(
                    "the secret of token {name:?} is in {} (mode 0600)",
                    path.display()
                );
                output::print_one(ctx.format, &created.token, COLUMNS)
            } else {
                eprintln!("this is the only time the secret is shown: store it now");
                output::print_one(ctx.format, &created, CREATED_COLUMNS)
            }
        }
        Cmd::Roll {
            token_id,
            owner,
            secret_file,
        } => {
            let context = || format!("rolling token {token_id}");
            let secret = match &owner.account {
                Some(a) => {
                    let op = account_tokens::value::Update::new(a, &token_id);
                    send(ctx, &op, context).await?
                }
                None => send(ctx, &user::tokens::value::Update::new(&token_id), context).await?,
            };
            match secret_file {
                Some(path) => {
                    write_secret(&path, &secret)?;
                    eprintln!(
                        "the new secret of token {token_id} is in {} (mode 0600)",
                        path.display()
                    );
                    Ok(())
                }
                None => {
                    eprintln!(
                        "the old secret no longer works; this is the only time the new one is shown"
                    );
                    print_secret(ctx.format, &secret)
                }
            }
        }
        Cmd::Delete { token_id, owner } => {
            let context = || format!("deleting token {token_id}");
            match &owner.account {
                Some(a) => send(ctx, &account_tokens::Delete::new(a, &token_id), context).await?,
                None => send(ctx, &user::tokens::Delete::new(&token_id), context).await?,
            };
            eprintln!("deleted token {token_id}");
            Ok(())
        }
    }
}

async fn list<O>(ctx: &Ctx, op: O) -> Result<Vec<Token>>
where
    O: ListOperation<Item = Token> + Send + 'static,
{
    collect(ctx, op, || "listing the tokens".into()).await
}

async fn permission_groups(ctx: &Ctx, owner: &Owner) -> Result<Vec<AvailablePermissionGroup>> {
    let context = || "listing the permission groups".to_owned();
    match &owner.account {
        Some(a) => {
            collect(
                ctx,
                account_tokens::permission_groups::List::new(a),
                context,
            )
            .await
        }
        None => collect(ctx, user::tokens::permission_groups::List::new(), context).await,
    }
}

/// The ID of the permission group `wanted` (an ID or a name, case-insensitive).
fn group_id(groups: &[AvailablePermissionGroup], wanted: &str) -> Result<String> {
    groups
        .iter()
        .find(|g| {
            g.id.as_deref() == Some(wanted)
                || g.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(wanted))
        })
        .and_then(|g| g.id.clone())
        .ok_or_else(|| {
            CliError::usage(format!(
                "unknown permission group {wanted:?} (`cfacct tokens permission-groups` lists them)"
            ))
        })
}

fn no_secret() -> CliError {
    CliError::io(
        "creating the token",
        std::io::Error::other("the API's answer carried no secret"),
    )
}

fn print_secret(format: Format, secret: &Secret) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Json | Format::Jsonl => serde_json::to_writer(&mut out, secret)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n")),
        Format::Table | Format::Csv => writeln!(out, "{}", secret.expose()),
    };
    output::stdout_result(written)
}

/// Writes `secret` to `path`, readable and writable by the owner only (0600), replacing any
/// content.
pub fn write_secret(path: &Path, secret: &Secret) -> Result<()> {
    let fail = |e| CliError::io(format!("writing the secret to {}", path.display()), e);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(fail)?;
    // An existing file keeps its mode through `open`: set it before writing.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .map_err(fail)?;
    file.write_all(secret.expose().as_bytes()).map_err(fail)?;
    file.write_all(b"\n").map_err(fail)?;
    file.sync_all().map_err(fail)
}
