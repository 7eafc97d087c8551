//! `organizations`: organizations, their profile, members, accounts and audit logs.

pub mod accounts;
pub mod logs;
pub mod members;
pub mod profile;

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
