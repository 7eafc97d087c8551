//! `accounts.organizations`: the organizations an account belongs to.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts::organizations};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let list = organizations::List::new("023e105f4ecef8ad9ca31a8372d0c353");
//! assert_eq!(list.to_request(&config)?.uri().path(), "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/organizations");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use crate::models::organization::Organization;

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

crate::operation::operations! {
    List = GET /accounts/{account_id}/organizations {
        name: "accounts.organizations.list",
        operation_id: "Accounts_listAccountOrganizations",
        auth: AUTH_KEY,
        idempotent: true,
        lists: Organization,
        pages: single,
    }
}
