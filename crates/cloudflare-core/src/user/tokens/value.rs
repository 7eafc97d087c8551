//! `user.tokens.value`: roll (regenerate) a user token's secret.
//!
//! ```
//! use cloudflare_core::user::tokens::value;
//!
//! let roll = value::Update::new("ed17574386854bf78a67040be0a770b0");
//! # let _ = roll;
//! ```

use crate::auth::Secret;
use crate::families::tokens::Roll;
use crate::owner;

/// `PUT /user/tokens/{token_id}/value`: roll the token's secret. The body is an empty object;
/// the result is the new secret, and the old one stops working.
#[doc(alias = "roll")]
#[doc(alias = "regenerate")]
pub type Update = Roll<owner::User>;

impl Update {
    /// Rolls the secret of token `token_id`.
    pub fn new(token_id: impl Into<String>) -> Self {
        Roll {
            owner: owner::User,
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
        sensitive: true,
        body: empty_object,
        output: Secret,
    }
}
