//! `user.tokens.value`: roll (regenerate) a user token's secret.

use crate::auth::Secret;
use crate::error::RequestError;
use crate::operation::{AUTH_TOKEN, Entry, Operation, OperationInfo, Pagination, json_body};
use http::Method;

/// `PUT /user/tokens/{token_id}/value`: roll the token secret.
/// The body is an empty object; the result is the new secret, and the old one stops working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// Token identifier.
    pub token_id: String,
}

impl Update {
    /// Rolls the secret of token `token_id`.
    pub fn new(token_id: impl Into<String>) -> Self {
        Update {
            token_id: token_id.into(),
        }
    }
}

impl Operation for Update {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.value.update",
        operation_id: "user-api-tokens-roll-token",
        method: Method::PUT,
        path: "/user/tokens/{token_id}/value",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: false,
    };
    /// The new token value (`Debug` never prints it).
    type Output = Secret;
    const SENSITIVE_RESPONSE: bool = true;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("token_id", &self.token_id)]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(&serde_json::Map::new())
    }
}

pub(crate) const OPERATIONS: &[Entry] = &[Entry::of::<Update>()];
