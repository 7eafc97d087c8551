//! `organizations.members`: members of an organization.

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
