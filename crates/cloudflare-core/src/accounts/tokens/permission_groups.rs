//! `accounts.tokens.permission_groups`: permission groups usable in account token policies.
//!
//! The API reference also lists `accounts.tokens.permissionGroups.get` on the same path; the
//! schema has one operation there, so this module defines only [`List`].
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts::tokens::permission_groups};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let groups = permission_groups::List::new("023e105f4ecef8ad9ca31a8372d0c353").name("Account Settings Write");
//! assert_eq!(groups.to_request(&config)?.uri().query(), Some("name=Account%20Settings%20Write"));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use crate::families::tokens::PermissionGroups;
use crate::owner;

pub use crate::models::token::{
    AvailablePermissionGroup, PermissionGroupCategory, PermissionGroupScope,
};

/// `GET /accounts/{account_id}/tokens/permission_groups`: find all permission groups available
/// to account-owned API tokens. One page.
pub type List = PermissionGroups<owner::Account>;

impl List {
    /// The permission groups available to tokens of account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        PermissionGroups {
            owner: owner::Account::new(account_id),
            name: None,
            scope: None,
        }
    }
}

crate::operation::operations! {
    List = GET /accounts/{account_id = owner.account_id}/tokens/permission_groups {
        name: "accounts.tokens.permission_groups.list",
        operation_id: "account-api-tokens-list-permission-groups",
        auth: AUTH_TOKEN,
        idempotent: true,
        query: fields,
        lists: AvailablePermissionGroup,
        pages: single,
    }
}
