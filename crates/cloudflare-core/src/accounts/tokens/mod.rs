//! `accounts.tokens`: account-owned API tokens.
//!
//! The models are shared with [`crate::user::tokens`]. A created token's secret comes back once,
//! in [`TokenWithValue::value`]; it is a [`crate::auth::Secret`], so `Debug` never prints it.

use serde::{Deserialize, Serialize};

use crate::accounts::DeletedId;
use crate::encoding::Query;
use crate::error::RequestError;
use crate::operation::{AUTH_TOKEN, Entry, Operation, OperationInfo, Pagination, json_body};
use crate::pagination::{ListOperation, PageRequest};
use crate::types::Direction;
use http::Method;

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

impl Operation for List {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.list",
        operation_id: "account-api-tokens-list-tokens",
        method: Method::GET,
        path: "/accounts/{account_id}/tokens",
        pagination: Pagination::PageNumber,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Vec<Token>;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("account_id", &self.account_id)]
    }

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        query.extend(self)
    }
}

impl ListOperation for List {
    type Item = Token;

    fn set_page(&mut self, page: PageRequest<'_>) {
        if let PageRequest::Number(n) = page {
            self.page = Some(n);
        }
    }

    fn first_page(&self) -> Option<u32> {
        self.page
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

impl Operation for Get {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.get",
        operation_id: "account-api-tokens-token-details",
        method: Method::GET,
        path: "/accounts/{account_id}/tokens/{token_id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Token;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("account_id", &self.account_id),
            ("token_id", &self.token_id),
        ]
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

impl Operation for Create {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.create",
        operation_id: "account-api-tokens-create-token",
        method: Method::POST,
        path: "/accounts/{account_id}/tokens",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: false,
    };
    type Output = TokenWithValue;
    const SENSITIVE_RESPONSE: bool = true;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("account_id", &self.account_id)]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(self)
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

impl Operation for Update {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.update",
        operation_id: "account-api-tokens-update-token",
        method: Method::PUT,
        path: "/accounts/{account_id}/tokens/{token_id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Token;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("account_id", &self.account_id),
            ("token_id", &self.token_id),
        ]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(self)
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

impl Operation for Delete {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.delete",
        operation_id: "account-api-tokens-delete-token",
        method: Method::DELETE,
        path: "/accounts/{account_id}/tokens/{token_id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Option<DeletedId>;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("account_id", &self.account_id),
            ("token_id", &self.token_id),
        ]
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

impl Operation for Verify {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.tokens.verify",
        operation_id: "account-api-tokens-verify-token",
        method: Method::GET,
        path: "/accounts/{account_id}/tokens/verify",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = VerifiedToken;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("account_id", &self.account_id)]
    }
}

pub(crate) const OPERATIONS: &[Entry] = &[
    Entry::of::<List>(),
    Entry::of::<Get>(),
    Entry::of::<Create>(),
    Entry::of::<Update>(),
    Entry::of::<Delete>(),
    Entry::of::<Verify>(),
];

#[cfg(test)]
mod tests {
    use super::*;
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
