//! `user.audit_logs`: the user's audit logs (page-number).

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
