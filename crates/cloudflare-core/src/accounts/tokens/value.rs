//! `accounts.tokens.value`: roll (regenerate) an account token's secret.

use crate::auth::Secret;
use crate::error::RequestError;
use crate::operation::{AUTH_TOKEN, Entry, Operation, OperationInfo, Pagination, json_body};
use http::Method;

/// `PUT /accounts/{account_id}/tokens/{token_id}/value`: roll the account-owned token's secret.
/// The body is an empty object; the result is the new secret, and the old one stops working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// Account identifier.
    pub account_id: String,
    /// Token identifier.
    pub token_id: String,
}

impl Update {
    /// Rolls the secret of token `token_id` of account `account_id`.
    pub fn new(account_id: impl Into<String>, token_id: impl Into<String>) -> Self {
        Update {
            account_id: account_id.into(),
            token_id: token_id.into(),
        }
    }
}

impl Operation for Update {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.value.update",
        operation_id: "account-api-tokens-roll-token",
        method: Method::PUT,
        path: "/accounts/{account_id}/tokens/{token_id}/value",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: false,
    };
    /// The new token value (`Debug` never prints it).
    type Output = Secret;
    const SENSITIVE_RESPONSE: bool = true;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("account_id", &self.account_id),
            ("token_id", &self.token_id),
        ]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(&serde_json::Map::new())
    }
}

pub(crate) const OPERATIONS: &[Entry] = &[Entry::of::<Update>()];

#[cfg(test)]
mod tests {
    use super::*;
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
