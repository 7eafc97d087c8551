//! `accounts.move`: move accounts between organizations (`POST /accounts/move`, `POST /accounts/{account_id}/move`).

#[allow(unused_imports)]
use crate::operation::Entry;

pub(crate) const OPERATIONS: &[Entry] = &[];
