//! `accounts.tokens.permission_groups`: permission groups usable in account token policies.
//!
//! The API reference also lists `accounts.tokens.permissionGroups.get` on the same path; the
//! schema has one operation there, so this module defines only [`List`].

use serde::Serialize;

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

crate::operation::operations! {
    List = GET /accounts/{account_id}/tokens/permission_groups {
        name: "accounts.tokens.permission_groups.list",
        operation_id: "account-api-tokens-list-permission-groups",
        auth: AUTH_TOKEN,
        idempotent: true,
        query: fields,
        lists: AvailablePermissionGroup,
        pages: single,
    }
}
