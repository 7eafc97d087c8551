//! `accounts.logs`: account logs.

pub mod audit;

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
