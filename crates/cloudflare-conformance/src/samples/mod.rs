//! The sample values, one module per area. `full` sets every optional parameter (these are the
//! golden requests: change a value and the golden files change with it); `minimal` sets only
//! what each operation requires.

use crate::{Case, Ids};

mod accounts;
mod audit_billing_subscriptions;
mod members_user;
mod minimal;
mod organizations;
mod tokens;

/// A calendar date the samples use (always valid).
fn date(year: i32, month: u8, day: u8) -> cloudflare_core::Date {
    cloudflare_core::Date::from_ymd(year, month, day).expect("the samples' dates are valid")
}

/// Every operation, every optional parameter set.
pub(crate) fn full(ids: &Ids) -> Vec<Box<dyn Case>> {
    let mut all = Vec::new();
    all.extend(accounts::full(ids));
    all.extend(audit_billing_subscriptions::full(ids));
    all.extend(members_user::full(ids));
    all.extend(organizations::full(ids));
    all.extend(tokens::full(ids));
    all
}

/// Every operation, required parameters only.
pub(crate) fn minimal(ids: &Ids) -> Vec<Box<dyn Case>> {
    minimal::all(ids)
}
