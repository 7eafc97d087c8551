//! `accounts.tokens`: account-owned API tokens.
//!
//! The request types are [`crate::families::tokens`]'s, owned by an account; the models are
//! shared with [`crate::user::tokens`]. A created token's secret comes back once, in
//! [`TokenWithValue::value`]; it is a [`crate::auth::Secret`], so `Debug` never prints it.
//!
//! ```
//! use cloudflare_core::accounts::tokens::{self, Effect, Policy, TokenBody};
//!
//! let account = "023e105f4ecef8ad9ca31a8372d0c353";
//! let policy = Policy::new(Effect::Allow)
//!     .with_permission_group("c8fed203ed3043cba015a93ad1616f1f")
//!     .with_resource(format!("com.cloudflare.api.account.{account}"), "*");
//! let create = tokens::Create::new(
//!     account,
//!     TokenBody::new("ci-deploy").policy(policy).allow_ips(["192.0.2.0/24"]),
//! );
//! // Later: roll its secret (`tokens::value::Update`), verify, disable, delete.
//! let disable = tokens::Update::new(account, "ed17574386854bf78a67040be0a770b0", create.body.clone())
//!     .status(tokens::TokenStatus::Disabled);
//! # let _ = disable;
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

/// `GET /accounts/{account_id}/tokens`: list all account-owned API tokens of an account.
pub type List = family::List<owner::Account>;
/// `GET /accounts/{account_id}/tokens/{token_id}`: details of an account-owned token.
pub type Get = family::Get<owner::Account>;
/// `POST /accounts/{account_id}/tokens`: create an account-owned API token. The result carries
/// the token's secret `value`, shown only this once.
pub type Create = family::Create<owner::Account>;
/// `PUT /accounts/{account_id}/tokens/{token_id}`: update (replace) an account-owned token.
pub type Update = family::Update<owner::Account>;
/// `DELETE /accounts/{account_id}/tokens/{token_id}`: destroy an account-owned token.
#[doc(alias = "revoke")]
pub type Delete = family::Delete<owner::Account>;
/// `GET /accounts/{account_id}/tokens/verify`: test whether the token in use works.
pub type Verify = family::Verify<owner::Account>;

impl List {
    /// The tokens of account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        List {
            owner: owner::Account::new(account_id),
            ..List::default()
        }
    }
}

impl Get {
    /// Details of token `token_id` of account `account_id`.
    pub fn new(account_id: impl Into<String>, token_id: impl Into<String>) -> Self {
        Get {
            owner: owner::Account::new(account_id),
            token_id: token_id.into(),
        }
    }
}

impl Create {
    /// Creates the token `body` (name, policies, condition, validity) in account `account_id`.
    pub fn new(account_id: impl Into<String>, body: TokenBody) -> Self {
        Create {
            owner: owner::Account::new(account_id),
            body,
        }
    }
}

impl Update {
    /// Replaces token `token_id` of account `account_id` with `body`.
    pub fn new(
        account_id: impl Into<String>,
        token_id: impl Into<String>,
        body: TokenBody,
    ) -> Self {
        Update {
            owner: owner::Account::new(account_id),
            token_id: token_id.into(),
            body,
            status: None,
        }
    }

    /// Sends `token` (as read with [`Get`]) back to account `account_id`: change its fields
    /// before or after. The token ID is `token.id` (an empty ID fails when building the request).
    pub fn from_token(account_id: impl Into<String>, token: &Token) -> Self {
        Update::of_token(owner::Account::new(account_id), token)
    }
}

impl Delete {
    /// Destroys token `token_id` of account `account_id`.
    pub fn new(account_id: impl Into<String>, token_id: impl Into<String>) -> Self {
        Delete {
            owner: owner::Account::new(account_id),
            token_id: token_id.into(),
        }
    }
}

impl Verify {
    /// Verifies the calling account-owned token against account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Verify {
            owner: owner::Account::new(account_id),
        }
    }
}

crate::operation::operations! {
    List = GET /accounts/{account_id = owner.account_id}/tokens {
        name: "accounts.tokens.list",
        operation_id: "account-api-tokens-list-tokens",
        auth: AUTH_TOKEN,
        idempotent: true,
        query: fields,
        lists: Token,
        pages: number(page),
    }
    Get = GET /accounts/{account_id = owner.account_id}/tokens/{token_id} {
        name: "accounts.tokens.get",
        operation_id: "account-api-tokens-token-details",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: Token,
    }
    Create = POST /accounts/{account_id = owner.account_id}/tokens {
        name: "accounts.tokens.create",
        operation_id: "account-api-tokens-create-token",
        auth: AUTH_TOKEN,
        idempotent: false,
        sensitive: true,
        body: fields,
        output: TokenWithValue,
    }
    Update = PUT /accounts/{account_id = owner.account_id}/tokens/{token_id} {
        name: "accounts.tokens.update",
        operation_id: "account-api-tokens-update-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        body: fields,
        output: Token,
    }
    Delete = DELETE /accounts/{account_id = owner.account_id}/tokens/{token_id} {
        name: "accounts.tokens.delete",
        operation_id: "account-api-tokens-delete-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: Option<DeletedId>,
    }
    Verify = GET /accounts/{account_id = owner.account_id}/tokens/verify {
        name: "accounts.tokens.verify",
        operation_id: "account-api-tokens-verify-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: VerifiedToken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;
    use crate::{Config, Credentials};

    #[test]
    fn update_sends_body_and_status_but_no_path_params() {
        let op = Update::new(
            "acc",
            "tok",
            TokenBody::new("ci").policy(Policy::new(Effect::Allow)),
        )
        .status(TokenStatus::Disabled);
        let body: serde_json::Value = serde_json::from_slice(&op.body().unwrap().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "name": "ci",
                "policies": [{"effect": "allow", "permission_groups": [], "resources": {}}],
                "status": "disabled",
            })
        );
    }

    #[test]
    fn update_from_a_read_token_uses_its_id() {
        let token = Token {
            id: Some("ed17574386854bf78a67040be0a770b0".into()),
            name: Some("ci".into()),
            ..Token::default()
        };
        let config = Config::new(Credentials::api_token("t")).unwrap();
        let request = Update::from_token("acc", &token)
            .to_request(&config)
            .unwrap();
        assert!(
            request
                .uri()
                .path()
                .ends_with("/accounts/acc/tokens/ed17574386854bf78a67040be0a770b0")
        );
        assert!(
            Update::from_token("acc", &Token::default())
                .to_request(&config)
                .is_err()
        );
    }
}
