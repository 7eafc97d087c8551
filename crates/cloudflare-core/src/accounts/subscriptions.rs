//! `accounts.subscriptions`: subscriptions of an account.

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
