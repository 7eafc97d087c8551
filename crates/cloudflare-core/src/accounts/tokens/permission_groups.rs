//! `accounts.tokens.permission_groups`: permission groups usable in account token policies.

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
