//! `user.organizations`: organizations the user belongs to (deprecated by the API).

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
