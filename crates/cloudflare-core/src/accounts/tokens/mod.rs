//! `accounts.tokens`: account-owned API tokens.

pub mod permission_groups;
pub mod value;

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
