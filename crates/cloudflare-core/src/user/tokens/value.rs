//! `user.tokens.value`: roll (regenerate) a user token's secret.

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
