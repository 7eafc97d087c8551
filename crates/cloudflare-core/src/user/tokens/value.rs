//! `user.tokens.value`: roll (regenerate) a user token's secret.

use crate::auth::Secret;

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

crate::operation::operations! {
    Update = PUT /user/tokens/{token_id}/value {
        name: "user.tokens.value.update",
        operation_id: "user-api-tokens-roll-token",
        auth: AUTH_TOKEN,
        idempotent: false,
        body: empty_object,
        output: Secret,
    }
}
