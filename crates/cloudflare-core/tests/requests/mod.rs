//! The requests the golden test builds, one module per area; each sets every optional parameter.

use cloudflare_core::{Config, Error};

mod accounts;
mod audit_billing_subscriptions;
mod members_user;
mod organizations;
mod tokens;

/// A named request (or the error building it).
pub type Named = (&'static str, Result<http::Request<Vec<u8>>, Error>);

/// Every golden request.
pub fn all(config: &Config) -> Vec<Named> {
    let mut all = Vec::new();
    all.extend(accounts::requests(config));
    all.extend(audit_billing_subscriptions::requests(config));
    all.extend(members_user::requests(config));
    all.extend(organizations::requests(config));
    all.extend(tokens::requests(config));
    all
}
