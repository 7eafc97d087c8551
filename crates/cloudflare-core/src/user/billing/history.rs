//! `user.billing.history`: billing history.

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
