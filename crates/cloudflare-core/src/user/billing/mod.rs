//! `user.billing`: billing history and profile (deprecated by the API).

pub mod history;
pub mod profile;

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
