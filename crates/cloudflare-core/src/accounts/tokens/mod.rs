//! `accounts.tokens`: account-owned API tokens.
//!
//! The models are shared with [`crate::user::tokens`]. A created token's secret comes back once,
//! in [`TokenWithValue::value`]; it is a [`crate::auth::Secret`], so `Debug` never prints it.

use serde::{Deserialize, Serialize};

use crate::accounts::DeletedId;
use crate::types::Direction;

pub mod permission_groups;
pub mod value;

pub use crate::models::token::{
    AvailablePermissionGroup, Condition, Effect, PermissionGroup, PermissionGroupCategory,
    PermissionGroupMeta, PermissionGroupScope, Policy, RequestIp, Resource, Token, TokenBody,
    TokenStatus, TokenWithValue, VerifiedToken,
};

/// `GET /accounts/{account_id}/tokens`: list all account-owned API tokens of an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    /// Account identifier.
    #[serde(skip)]
    pub account_id: String,
    /// Page number of paginated results (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Maximum number of results per page (5 to 50, default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Direction to order results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// When true, includes recently-expired tokens in the response (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_expired: Option<bool>,
}

impl List {
    /// The tokens of account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        List {
            account_id: account_id.into(),
            page: None,
            per_page: None,
            direction: None,
            include_expired: None,
        }
    }
}

/// `GET /accounts/{account_id}/tokens/{token_id}`: details of an account-owned token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Account identifier.
    pub account_id: String,
    /// Token identifier.
    pub token_id: String,
}

impl Get {
    /// Details of token `token_id` of account `account_id`.
    pub fn new(account_id: impl Into<String>, token_id: impl Into<String>) -> Self {
        Get {
            account_id: account_id.into(),
            token_id: token_id.into(),
        }
    }
}

/// `POST /accounts/{account_id}/tokens`: create an account-owned API token.
/// The result carries the token's secret `value`, shown only this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Create {
    /// Account identifier.
    #[serde(skip)]
    pub account_id: String,
    /// The token to create.
    #[serde(flatten)]
    pub body: TokenBody,
}

impl Create {
    /// A token named `name` with `policies` in account `account_id`.
    pub fn new(
        account_id: impl Into<String>,
        name: impl Into<String>,
        policies: Vec<Policy>,
    ) -> Self {
        Create {
            account_id: account_id.into(),
            body: TokenBody::new(name, policies),
        }
    }
}

/// `PUT /accounts/{account_id}/tokens/{token_id}`: update (replace) an account-owned token.
/// `name` and `policies` are required; read-only fields are never sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Update {
    /// Account identifier.
    #[serde(skip)]
    pub account_id: String,
    /// Token identifier.
    #[serde(skip)]
    pub token_id: String,
    /// The token's new name, policies, condition and validity window.
    #[serde(flatten)]
    pub body: TokenBody,
    /// Status of the token (e.g. `disabled` to switch it off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TokenStatus>,
}

impl Update {
    /// Sets token `token_id` of account `account_id` to `name` and `policies`.
    pub fn new(
        account_id: impl Into<String>,
        token_id: impl Into<String>,
        name: impl Into<String>,
        policies: Vec<Policy>,
    ) -> Self {
        Update {
            account_id: account_id.into(),
            token_id: token_id.into(),
            body: TokenBody::new(name, policies),
            status: None,
        }
    }

    /// Sends `token` (as read with [`Get`]) back to account `account_id`: change its fields
    /// before or after. The token ID is `token.id` (an empty ID fails when building the request).
    pub fn from_token(account_id: impl Into<String>, token: &Token) -> Self {
        Update {
            account_id: account_id.into(),
            token_id: token.id.clone().unwrap_or_default(),
            body: TokenBody::from(token),
            status: token.status.clone(),
        }
    }
}

/// `DELETE /accounts/{account_id}/tokens/{token_id}`: destroy an account-owned token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Account identifier.
    pub account_id: String,
    /// Token identifier.
    pub token_id: String,
}

impl Delete {
    /// Destroys token `token_id` of account `account_id`.
    pub fn new(account_id: impl Into<String>, token_id: impl Into<String>) -> Self {
        Delete {
            account_id: account_id.into(),
            token_id: token_id.into(),
        }
    }
}

/// `GET /accounts/{account_id}/tokens/verify`: test whether the token in use works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verify {
    /// Account identifier.
    pub account_id: String,
}

impl Verify {
    /// Verifies the calling account-owned token against account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Verify {
            account_id: account_id.into(),
        }
    }
}

crate::operation::operations! {
    List = GET /accounts/{account_id}/tokens {
        name: "accounts.tokens.list",
        operation_id: "account-api-tokens-list-tokens",
        auth: AUTH_TOKEN,
        idempotent: true,
        query: fields,
        lists: Token,
        pages: number(page),
    }
    Get = GET /accounts/{account_id}/tokens/{token_id} {
        name: "accounts.tokens.get",
        operation_id: "account-api-tokens-token-details",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: Token,
    }
    Create = POST /accounts/{account_id}/tokens {
        name: "accounts.tokens.create",
        operation_id: "account-api-tokens-create-token",
        auth: AUTH_TOKEN,
        idempotent: false,
        body: fields,
        output: TokenWithValue,
    }
    Update = PUT /accounts/{account_id}/tokens/{token_id} {
        name: "accounts.tokens.update",
        operation_id: "account-api-tokens-update-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        body: fields,
        output: Token,
    }
    Delete = DELETE /accounts/{account_id}/tokens/{token_id} {
        name: "accounts.tokens.delete",
        operation_id: "account-api-tokens-delete-token",
        auth: AUTH_TOKEN,
        idempotent: true,
        output: Option<DeletedId>,
    }
    Verify = GET /accounts/{account_id}/tokens/verify {
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
        let op = Update {
            status: Some(TokenStatus::Disabled),
            ..Update::new("acc", "tok", "ci", vec![Policy::new(Effect::Allow)])
        };
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
