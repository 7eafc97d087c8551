//! `accounts`: list, read, create, update and delete accounts, and everything below them.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let list = accounts::List { name: Some("Demo".into()), ..Default::default() };
//! assert_eq!(list.to_request(&config)?.uri().query(), Some("name=Demo"));
//! let rename = accounts::Update::new("023e105f4ecef8ad9ca31a8372d0c353", "Demo 2", accounts::AccountType::Standard);
//! assert_eq!(rename.to_request(&config)?.method(), "PUT");
//! // One call returns one page; a client's `items()` walks them all.
//! # let response = http::Response::new(br#"{"success":true,"errors":[],"messages":[],"result":[{"id":"023e105f4ecef8ad9ca31a8372d0c353","name":"Demo","type":"standard"}],"result_info":{"page":1,"per_page":20,"total_pages":3}}"#.to_vec());
//! let page = accounts::List::parse_response(&response)?.result;
//! assert_eq!(page.len(), 1);
//! let next = page.next_request(&list).expect("page 2 of 3");
//! assert_eq!(next.page, Some(2));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::types::Direction;

pub mod logs;
pub mod members;
pub mod moves;
pub mod organizations;
pub mod profile;
pub mod roles;
pub mod subscriptions;
pub mod tokens;

pub use crate::models::DeletedId;
pub use crate::models::account::{Account, AccountSettings, AccountType, ManagedBy};

/// `GET /accounts`: list all accounts you have ownership or verified access to.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct List {
    /// Name of the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Page number of paginated results (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Maximum number of results per page (5 to 50, default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Direction to order results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// `GET /accounts/{account_id}`: account details.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Account identifier.
    pub account_id: String,
}

impl Get {
    /// Details of the account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Get {
            account_id: account_id.into(),
        }
    }
}

/// Information about the tenant unit to create an account in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Tenant unit ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `POST /accounts`: create an account (only available to tenant admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Create {
    /// Account name.
    pub name: String,
    /// The kind of account.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<AccountType>,
    /// The tenant unit to create the account in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
}

impl Create {
    /// An account named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Create {
            name: name.into(),
            account_type: None,
            unit: None,
        }
    }
}

/// `PUT /accounts/{account_id}`: update an account. The body is the account itself
/// (read-only fields such as `created_on` and `managed_by` are not sent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// Account identifier (path).
    #[serde(skip)]
    pub account_id: String,
    /// Identifier in the body; the API requires it and it must match the path.
    pub id: String,
    /// Account name.
    pub name: String,
    /// The kind of account.
    #[serde(rename = "type")]
    pub account_type: AccountType,
    /// Account settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<AccountSettings>,
}

impl Update {
    /// Sets `name` and `type` of account `account_id` (the body `id` is the same ID).
    pub fn new(
        account_id: impl Into<String>,
        name: impl Into<String>,
        account_type: AccountType,
    ) -> Self {
        let account_id = account_id.into();
        Update {
            id: account_id.clone(),
            account_id,
            name: name.into(),
            account_type,
            settings: None,
        }
    }
}

/// `DELETE /accounts/{account_id}`: delete an account (tenant admins only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Account identifier.
    pub account_id: String,
}

impl Delete {
    /// Deletes the account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Delete {
            account_id: account_id.into(),
        }
    }
}

crate::operation::operations! {
    List = GET /accounts {
        name: "accounts.list",
        operation_id: "accounts-list-accounts",
        auth: AUTH_KEY,
        idempotent: true,
        query: fields,
        lists: Account,
        pages: number(page),
    }
    Get = GET /accounts/{account_id} {
        name: "accounts.get",
        operation_id: "accounts-account-details",
        auth: AUTH_KEY,
        idempotent: true,
        output: Account,
    }
    Create = POST /accounts {
        name: "accounts.create",
        operation_id: "account-creation",
        auth: AUTH_KEY,
        idempotent: false,
        body: fields,
        output: Account,
    }
    Update = PUT /accounts/{account_id} {
        name: "accounts.update",
        operation_id: "accounts-update-account",
        auth: AUTH_KEY,
        idempotent: true,
        body: fields,
        output: Account,
    }
    Delete = DELETE /accounts/{account_id} {
        name: "accounts.delete",
        operation_id: "account-deletion",
        auth: AUTH_KEY,
        idempotent: true,
        output: Option<DeletedId>,
    }
}
