//! `accounts.organizations`: the organizations an account belongs to.

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
