//! `accounts.tokens.value`: roll (regenerate) an account token's secret.
//!
//! ```
//! use cloudflare_core::accounts::tokens::value;
//!
//! let roll = value::Update::new("023e105f4ecef8ad9ca31a8372d0c353", "ed17574386854bf78a67040be0a770b0");
//! # let _ = roll;
//! ```

use crate::auth::Secret;
use crate::families::tokens::Roll;
use crate::owner;

/// `PUT /accounts/{account_id}/tokens/{token_id}/value`: roll the account-owned token's secret.
/// The body is an empty object; the result is the new secret, and the old one stops working.
#[doc(alias = "roll")]
#[doc(alias = "regenerate")]
pub type Update = Roll<owner::Account>;

impl Update {
    /// Rolls the secret of token `token_id` of account `account_id`.
    pub fn new(account_id: impl Into<String>, token_id: impl Into<String>) -> Self {
        Roll {
            owner: owner::Account::new(account_id),
            token_id: token_id.into(),
        }
    }
}

crate::operation::operations! {
    Update = PUT /accounts/{account_id = owner.account_id}/tokens/{token_id}/value {
        name: "accounts.tokens.value.update",
        operation_id: "account-api-tokens-roll-token",
        auth: AUTH_TOKEN,
        idempotent: false,
        sensitive: true,
        body: empty_object,
        output: Secret,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;
    use crate::{Config, Credentials};

    #[test]
    fn roll_sends_an_empty_object_and_reads_a_bare_string() {
        let config = Config::new(Credentials::api_token("t")).unwrap();
        let request = Update::new("acc", "tok").to_request(&config).unwrap();
        assert_eq!(request.body(), b"{}");
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":"8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T"}"#
                .to_vec(),
        );
        let secret = Update::parse_response(&response).unwrap().result;
        assert_eq!(secret.expose(), "8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T");
        assert!(!format!("{secret:?}").contains("8M7wS6hCpXVc"));
    }
}
