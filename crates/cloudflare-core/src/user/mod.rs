//! `user`: the user the credentials belong to, and everything below it.

pub mod audit_logs;
pub mod billing;
pub mod invites;
pub mod organizations;
pub mod subscriptions;
pub mod tokens;

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
