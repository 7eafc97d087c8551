//! `user.tokens`: user-owned API tokens.
//!
//! The request types are [`crate::families::tokens`]'s, owned by the user; the models are
//! shared with [`crate::accounts::tokens`]. A created token's secret comes back once, in
//! [`TokenWithValue::value`]; it is a [`crate::auth::Secret`], so `Debug` never prints it.
//!
//! ```
//! use cloudflare_core::user::tokens::{self, Effect, Policy, TokenBody};
//! use cloudflare_core::time::{Duration, OffsetDateTime};
//!
//! let create = tokens::Create::new(
//!     TokenBody::new("laptop")
//!         .policy(Policy::new(Effect::Allow).with_permission_group("c8fed203ed3043cba015a93ad1616f1f"))
//!         .expires_on(OffsetDateTime::now_utc() + Duration::days(30)),
//! );
//! let verify = tokens::Verify::new();
//! # let _ = (create, verify);
//! ```

use crate::families::tokens as family;
use crate::owner;

pub mod permission_groups;
pub mod value;

pub use crate::models::DeletedId;
pub use crate::models::token::{
    AvailablePermissionGroup, Condition, Effect, PermissionGroup, PermissionGroupCategory,
    PermissionGroupMeta, PermissionGroupScope, Policy, RequestIp, Resource, Token, TokenBody,
    TokenStatus, TokenWithValue, VerifiedToken,
};

/// `GET /user/tokens`: list all access tokens you created.
pub type List = family::List<owner::User>;
/// `GET /user/tokens/{token_id}`: information about a specific token.
pub type Get = family::Get<owner::User>;
/// `POST /user/tokens`: create a new access token. The result carries the token's secret
/// `value`, shown only this once.
pub type Create = family::Create<owner::User>;
/// `PUT /user/tokens/{token_id}`: update (replace) an existing token.
pub type Update = family::Update<owner::User>;
/// `DELETE /user/tokens/{token_id}`: destroy a token.
#[doc(alias = "revoke")]
pub type Delete = family::Delete<owner::User>;
/// `GET /user/tokens/verify`: test whether the token in use works.
pub type Verify = family::Verify<owner::User>;

impl List {
    /// The user's tokens.
    pub fn new() -> Self {
        List::default()
    }
}

impl Get {
    /// Details of token `token_id`.
    pub fn new(token_id: impl Into<String>) -> Self {
        Get {
            owner: owner::User,
            token_id: token_id.into(),
        }
    }
}

impl Create {
    /// Creates the token `body` (name, policies, condition, validity).
    pub fn new(body: TokenBody) -> Self {
        Create {
            owner: owner::User,
            body,
        }
    }
}

impl Update {
    /// Replaces token `token_id` with `body`.
    pub fn new(token_id: impl Into<String>, body: TokenBody) -> Self {
        Update {
            owner: owner::User,
            token_id: token_id.into(),
            body,
            status: None,
        }
    }

    /// Sends `token` (as read with [`Get`]) back: change its fields before or after.
    /// The token ID is `token.id` (an empty ID fails when building the request).
    pub fn from_token(token: &Token) -> Self {
        Update::of_token(owner::User, token)
    }
}

impl Delete {
    /// Destroys token `token_id`.
    pub fn new(token_id: impl Into<String>) -> Self {
        Delete {
            owner: owner::User,
            token_id: token_id.into(),
        }
    }
}

impl Verify {
    /// Verifies the calling token.
    pub fn new() -> Self {
        Verify::default()
    }
}

crate::operation::operations! {
    List = GET /user/tokens {
        name: "user.tokens.list",
        operation_id: "user-api-tokens-list-tokens",
        auth: AUTH_TOKEN,
        idempotent: true,
        query: fields,
        lists: Token,
        pages: number(page),
    }
    Get = GET /user/tokens/{token_id} {
        name: "user.tokens.get",
        operation_id: "user-api-tokens-token-details",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: Token,
    }
    Create = POST /user/tokens {
        name: "user.tokens.create",
        operation_id: "user-api-tokens-create-token",
        auth: AUTH_TOKEN,
        idempotent: false,
        sensitive: true,
        body: fields,
        output: TokenWithValue,
    }
    Update = PUT /user/tokens/{token_id} {
        name: "user.tokens.update",
        operation_id: "user-api-tokens-update-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        body: fields,
        output: Token,
    }
    Delete = DELETE /user/tokens/{token_id} {
        name: "user.tokens.delete",
        operation_id: "user-api-tokens-delete-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: Option<DeletedId>,
    }
    Verify = GET /user/tokens/verify {
        name: "user.tokens.verify",
        operation_id: "user-api-tokens-verify-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: VerifiedToken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;

    #[test]
    fn create_result_keeps_the_value_secret() {
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":{"id":"ed17574386854bf78a67040be0a770b0","name":"ci","value":"8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T"}}"#
                .to_vec(),
        );
        let created = Create::parse_response(&response).unwrap().result;
        assert_eq!(created.token.name.as_deref(), Some("ci"));
        let value = created.value.as_ref().map(|v| v.expose());
        assert_eq!(value, Some("8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T"));
        assert!(!format!("{created:?}").contains("8M7wS6hCpXVc"));
    }

    #[test]
    fn delete_reads_null_as_none() {
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":null}"#.to_vec(),
        );
        assert_eq!(Delete::parse_response(&response).unwrap().result, None);
    }
}
