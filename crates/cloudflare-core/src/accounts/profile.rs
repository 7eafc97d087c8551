//! `accounts.profile`: the business profile of an account.

use crate::models::profile::Profile;

/// `GET /accounts/{account_id}/profile`: the business profile of an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Account identifier.
    pub account_id: String,
}

impl Get {
    /// The profile of the account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Get {
            account_id: account_id.into(),
        }
    }
}

/// `PUT /accounts/{account_id}/profile`: replace the business profile of an account
/// (needs Account Settings Write). The API answers 204 with no body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// Account identifier.
    pub account_id: String,
    /// The new profile: the request body, every field sent.
    pub profile: Profile,
}

impl Update {
    /// Sets the profile of the account `account_id` to `profile`.
    pub fn new(account_id: impl Into<String>, profile: Profile) -> Self {
        Update {
            account_id: account_id.into(),
            profile,
        }
    }
}

crate::operation::operations! {
    Get = GET /accounts/{account_id}/profile {
        name: "accounts.profile.get",
        operation_id: "Accounts_getAccountProfile",
        auth: AUTH_KEY,
        idempotent: true,
        output: Profile,
    }
    Update = PUT /accounts/{account_id}/profile {
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
