//! `accounts.roles`: roles of an account (deprecated by the API in favour of
//! `/accounts/{account_id}/iam/permission_groups`).
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts::roles};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! #[allow(deprecated)]
//! let list = roles::List::new("023e105f4ecef8ad9ca31a8372d0c353");
//! assert_eq!(list.to_request(&config)?.uri().path(), "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/roles");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

// Defines deprecated operations: its own uses of them are not warnings.
#![allow(deprecated)]

use serde::Serialize;

pub use crate::models::role::{Grants, Permissions, Role};

/// `GET /accounts/{account_id}/roles`: all roles available to an account (deprecated).
#[deprecated(
    note = "deprecated in the API schema: give members access with policies (`members::PolicyRequest`) built from permission groups (`tokens::permission_groups`)"
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    /// Account identifier.
    #[serde(skip)]
    pub account_id: String,
    /// Page number of paginated results (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Number of roles per page (5 to 50, default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

impl List {
    /// The roles of the account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        List {
            account_id: account_id.into(),
            page: None,
            per_page: None,
        }
    }
}

/// `GET /accounts/{account_id}/roles/{role_id}`: one role of an account (deprecated).
#[deprecated(
    note = "deprecated in the API schema: give members access with policies (`members::PolicyRequest`) built from permission groups (`tokens::permission_groups`)"
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Account identifier.
    pub account_id: String,
    /// Role identifier.
    pub role_id: String,
}

impl Get {
    /// The role `role_id` of the account `account_id`.
    pub fn new(account_id: impl Into<String>, role_id: impl Into<String>) -> Self {
        Get {
            account_id: account_id.into(),
            role_id: role_id.into(),
        }
    }
}

crate::operation::operations! {
    List = GET /accounts/{account_id}/roles {
        name: "accounts.roles.list",
        operation_id: "account-roles-list-roles",
        auth: AUTH_KEY,
        deprecated: true,
        idempotent: true,
        query: fields,
        lists: Role,
        pages: number(page),
    }
    Get = GET /accounts/{account_id}/roles/{role_id} {
        name: "accounts.roles.get",
        operation_id: "account-roles-role-details",
        auth: AUTH_KEY,
        deprecated: true,
        idempotent: true,
        output: Role,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_keep_areas_the_schema_does_not_name() {
        let role: Role = serde_json::from_str(
            r#"{"id":"r","name":"Admin","description":"All","permissions":{
                "zones":{"read":true,"write":false},"workers":{"read":true}}}"#,
        )
        .unwrap();
        assert_eq!(
            role.permissions.zones,
            Some(Grants {
                read: Some(true),
                write: Some(false)
            })
        );
        assert_eq!(role.permissions.other["workers"].read, Some(true));
        let back = serde_json::to_value(&role.permissions).unwrap();
        assert_eq!(
            back,
            serde_json::json!({"zones":{"read":true,"write":false},"workers":{"read":true}})
        );
    }
}
