//! `accounts.profile`: the business profile of an account.
//!
//! ```
//! use cloudflare_core::accounts::profile;
//! use cloudflare_core::models::profile::Profile;
//!
//! let read = profile::Get::new("023e105f4ecef8ad9ca31a8372d0c353");
//! let replace = profile::Update::new("023e105f4ecef8ad9ca31a8372d0c353", Profile::default());
//! # let _ = (read, replace);
//! ```

use crate::families::profile as family;
use crate::models::profile::Profile;
use crate::owner;

/// `GET /accounts/{account_id}/profile`: the business profile of an account.
pub type Get = family::Get<owner::Account>;
/// `PUT /accounts/{account_id}/profile`: replace the business profile of an account (needs Account Settings Write). The API
/// answers 204 with no body.
pub type Update = family::Update<owner::Account>;

impl Get {
    /// The profile of an account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Get {
            owner: owner::Account::new(account_id),
        }
    }
}

impl Update {
    /// Sets the profile of an account `account_id` to `profile`.
    pub fn new(account_id: impl Into<String>, profile: Profile) -> Self {
        Update {
            owner: owner::Account::new(account_id),
            profile,
        }
    }
}

crate::operation::operations! {
    Get = GET /accounts/{account_id = owner.account_id}/profile {
        name: "accounts.profile.get",
        operation_id: "Accounts_getAccountProfile",
        auth: AUTH_KEY,
        idempotent: true,
        output: Profile,
    }
    Update = PUT /accounts/{account_id = owner.account_id}/profile {
        name: "accounts.profile.update",
        operation_id: "Accounts_modifyAccountProfile",
        auth: AUTH_KEY,
        idempotent: true,
        body: field(profile),
        output: (),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;

    #[test]
    fn an_empty_204_reads_as_unit() {
        let response = http::Response::builder()
            .status(204)
            .body(Vec::new())
            .unwrap();
        let parsed = Update::parse_response(&response).unwrap();
        assert_eq!(parsed.result, ());
        assert_eq!(parsed.meta.status, 204);
    }

    #[test]
    fn an_envelope_with_a_null_result_reads_as_unit() {
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":null}"#.to_vec(),
        );
        Update::parse_response(&response).unwrap();
    }
}
