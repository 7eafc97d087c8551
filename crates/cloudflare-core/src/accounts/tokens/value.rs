//! `accounts.tokens.value`: roll (regenerate) an account token's secret.

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
