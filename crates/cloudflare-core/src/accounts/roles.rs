//! `accounts.roles`: roles of an account (deprecated by the API).

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
