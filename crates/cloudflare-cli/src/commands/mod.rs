//! One module per resource of the SDK's tree, each with its subcommands and their `run`.

use cloudflare_hyper::{ListOperation, Operation};

use crate::context::Ctx;
use crate::error::{CliError, Result};

pub mod accounts;
pub mod audit_logs;
pub mod billing;
pub mod invites;
pub mod members;
pub mod organizations;
pub mod roles;
pub mod subscriptions;
pub mod tokens;
pub mod user;

/// Sends `op` with the client its authentication needs; `context` names the failure.
pub async fn send<O>(ctx: &Ctx, op: &O, context: impl FnOnce() -> String) -> Result<O::Output>
where
    O: Operation,
{
    ctx.client::<O>()
        .send(op)
        .await
        .map_err(|e| CliError::api(context(), e))
}

/// Every item of listing `op`, all pages.
pub async fn collect<O>(ctx: &Ctx, op: O, context: impl FnOnce() -> String) -> Result<Vec<O::Item>>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    ctx.client::<O>()
        .items(op)
        .try_collect()
        .await
        .map_err(|e| CliError::api(context(), e))
}
