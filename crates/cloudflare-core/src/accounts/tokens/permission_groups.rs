//! `accounts.tokens.permission_groups`: permission groups usable in account token policies.
//!
//! The API reference also lists `accounts.tokens.permissionGroups.get` on the same path; the
//! schema has one operation there, so this module defines only [`List`].

use serde::Serialize;

use crate::encoding::Query;
use crate::error::RequestError;
use crate::operation::{AUTH_TOKEN, Entry, Operation, OperationInfo, Pagination};
use crate::pagination::{ListOperation, PageRequest};
use http::Method;

pub use crate::models::token::{
    AvailablePermissionGroup, PermissionGroupCategory, PermissionGroupScope,
};

/// `GET /accounts/{account_id}/tokens/permission_groups`: find all permission groups available
/// to account-owned API tokens. One page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    /// Account identifier.
    #[serde(skip)]
    pub account_id: String,
    /// Filter by the name of the permission group (plain text such as
    /// `Account Settings Write`: the SDK URL-encodes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Filter by the scope of the permission group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<PermissionGroupScope>,
}

impl List {
    /// The permission groups available to tokens of account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        List {
            account_id: account_id.into(),
            name: None,
            scope: None,
        }
    }
}

impl Operation for List {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.permission_groups.list",
        operation_id: "account-api-tokens-list-permission-groups",
        method: Method::GET,
        path: "/accounts/{account_id}/tokens/permission_groups",
        pagination: Pagination::SinglePage,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Vec<AvailablePermissionGroup>;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("account_id", &self.account_id)]
    }

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        query.extend(self)
    }
}

impl ListOperation for List {
    type Item = AvailablePermissionGroup;

    /// A single-page listing: there is no other page to point at.
    fn set_page(&mut self, _page: PageRequest<'_>) {}
}

pub(crate) const OPERATIONS: &[Entry] = &[Entry::of::<List>()];
