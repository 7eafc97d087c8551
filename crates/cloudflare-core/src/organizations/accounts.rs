//! `organizations.accounts`: accounts in an organization.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, organizations::accounts};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let list = accounts::List::new("a7b35cbbef7a4e5db20d2d3fcb1e4a42");
//! assert_eq!(list.to_request(&config)?.uri().path(), "/client/v4/organizations/a7b35cbbef7a4e5db20d2d3fcb1e4a42/accounts");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::models::account::AccountType;
use crate::types::{Direction, Timestamp};

crate::string_enum! {
    /// The field to order organization accounts by.
    pub enum AccountOrderBy {
        /// By account name.
        AccountName = "account_name",
    }
}

/// An account in an organization (`organizations-api_Account`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Account identifier.
    #[serde(default)]
    pub id: String,
    /// Account name (the API may send `null`).
    #[serde(default)]
    pub name: Option<String>,
    /// The kind of account.
    #[serde(default, rename = "type")]
    pub account_type: AccountType,
    /// Account settings.
    #[serde(default)]
    pub settings: AccountSettings,
    /// When the account was created (required by the schema; `None` only if the API left it
    /// out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<Timestamp>,
}

/// Settings of an account in an organization. Every field may be `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountSettings {
    /// An abuse contact email to notify for abuse reports.
    #[serde(default)]
    pub abuse_contact_email: Option<String>,
    /// When access approval expires.
    #[serde(default)]
    pub access_approval_expiry: Option<Timestamp>,
    /// Whether API access is enabled for the account.
    #[serde(default)]
    pub api_access_enabled: Option<bool>,
    /// Deprecated: use DNS Settings
    /// (<https://developers.cloudflare.com/api/operations/dns-settings-for-an-account-list-dns-settings>)
    /// instead.
    #[serde(default)]
    pub default_nameservers: Option<String>,
    /// Whether membership in this account requires Two-Factor Authentication.
    #[serde(default)]
    pub enforce_twofactor: Option<bool>,
    /// Deprecated: use DNS Settings
    /// (<https://developers.cloudflare.com/api/operations/dns-settings-for-an-account-list-dns-settings>)
    /// instead.
    #[serde(default)]
    pub use_account_custom_ns_by_default: Option<bool>,
}

/// `GET /organizations/{organization_id}/accounts`: the accounts that belong to an organization
/// (beta). Cursor-paginated with `page_token` / `page_size`; filters are case-insensitive and
/// must stay the same across pages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// The ID of the organization to list the accounts of (path).
    #[serde(skip)]
    pub organization_id: String,
    /// Deprecated (use `name`): accounts whose `account_pubname` equals this string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_pubname: Option<String>,
    /// Deprecated (use `name_starts_with`): accounts whose `account_pubname` starts with this.
    #[serde(
        rename = "account_pubname.startsWith",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_pubname_starts_with: Option<String>,
    /// Deprecated (use `name_ends_with`): accounts whose `account_pubname` ends with this.
    #[serde(
        rename = "account_pubname.endsWith",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_pubname_ends_with: Option<String>,
    /// Deprecated (use `name_contains`): accounts whose `account_pubname` contains this.
    #[serde(
        rename = "account_pubname.contains",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_pubname_contains: Option<String>,
    /// Accounts whose name equals this string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Accounts whose name starts with this string (`name.startsWith`).
    #[serde(rename = "name.startsWith", skip_serializing_if = "Option::is_none")]
    pub name_starts_with: Option<String>,
    /// Accounts whose name ends with this string (`name.endsWith`).
    #[serde(rename = "name.endsWith", skip_serializing_if = "Option::is_none")]
    pub name_ends_with: Option<String>,
    /// Accounts whose name contains this string (`name.contains`).
    #[serde(rename = "name.contains", skip_serializing_if = "Option::is_none")]
    pub name_contains: Option<String>,
    /// Field to order results by; without it results are ordered by internal account ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<AccountOrderBy>,
    /// Sort direction for `order_by` (default ascending when `order_by` is set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The opaque token of the page to fetch, from the previous page's `next_page_token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    /// Items per page (0 to 1000, default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl List {
    /// The accounts of the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        List {
            organization_id: organization_id.into(),
            ..List::default()
        }
    }
}

crate::operation::operations! {
    List = GET /organizations/{organization_id}/accounts {
        name: "organizations.accounts.list",
        operation_id: "Organizations_getAccounts",
        auth: AUTH_KEY,
        idempotent: true,
        query: fields,
        lists: Account,
        pages: cursor(page_token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Credentials, Paginator};

    #[test]
    fn pages_follow_next_page_token() {
        let config = Config::new(Credentials::api_token("t")).unwrap();
        let mut pages = Paginator::new(List {
            page_size: Some(1),
            ..List::new("org")
        });
        let first = pages.next_request(&config).unwrap().unwrap();
        assert!(first.uri().query().unwrap().ends_with("page_size=1"));
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],
                 "result":[{"id":"a","name":null,"type":"standard","settings":{},
                            "created_on":"2024-01-01T00:00:00Z"}],
                 "result_info":{"next_page_token":"tok 2","total_size":2}}"#
                .to_vec(),
        );
        let page = pages.on_response(&response).unwrap();
        assert_eq!(page.result.items[0].name, None);
        let second = pages.next_request(&config).unwrap().unwrap();
        assert_eq!(second.uri().query(), Some("page_token=tok%202&page_size=1"));
        let last = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"total_size":2}}"#
                .to_vec(),
        );
        pages.on_response(&last).unwrap();
        assert!(pages.next_request(&config).is_none());
    }
}
