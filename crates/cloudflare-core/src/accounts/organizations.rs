//! `accounts.organizations`: the organizations an account belongs to.

use crate::operation::{AUTH_KEY, Entry, Operation, OperationInfo, Pagination};
use crate::organizations::Organization;
use crate::pagination::{ListOperation, PageRequest};
use http::Method;

/// `GET /accounts/{account_id}/organizations`: the organizations that contain or manage an
/// account, in order from the root to the leaf (the organization that immediately contains
/// the account). One page, no paging parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List {
    /// Account identifier.
    pub account_id: String,
}

impl List {
    /// The organizations of the account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        List {
            account_id: account_id.into(),
        }
    }
}

impl Operation for List {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.organizations.list",
        operation_id: "Accounts_listAccountOrganizations",
        method: Method::GET,
        path: "/accounts/{account_id}/organizations",
        pagination: Pagination::SinglePage,
        auth: AUTH_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = Vec<Organization>;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("account_id", &self.account_id)]
    }
}

impl ListOperation for List {
    type Item = Organization;

    /// A single-page listing: there is no other page to point at.
    fn set_page(&mut self, _page: PageRequest<'_>) {}
}

pub(crate) const OPERATIONS: &[Entry] = &[Entry::of::<List>()];
