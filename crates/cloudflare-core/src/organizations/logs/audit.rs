//! `organizations.logs.audit`: organization audit logs (version 2, cursor-paginated).

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
