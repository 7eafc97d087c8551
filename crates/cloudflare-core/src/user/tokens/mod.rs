//! `user.tokens`: user-owned API tokens.
//!
//! The models are shared with [`crate::accounts::tokens`]. A created token's secret comes back
//! once, in [`TokenWithValue::value`]; it is a [`crate::auth::Secret`], so `Debug` never prints it.

use serde::{Deserialize, Serialize};

use crate::encoding::Query;
use crate::error::RequestError;
use crate::operation::{AUTH_TOKEN, Entry, Operation, OperationInfo, Pagination, json_body};
use crate::pagination::{ListOperation, PageRequest};
use crate::types::Direction;
use http::Method;

pub mod permission_groups;
pub mod value;

pub use crate::accounts::DeletedId;
pub use crate::models::token::{
    AvailablePermissionGroup, Condition, Effect, PermissionGroup, PermissionGroupCategory,
    PermissionGroupMeta, PermissionGroupScope, Policy, RequestIp, Resource, Token, TokenBody,
    TokenStatus, TokenWithValue, VerifiedToken,
};

/// `GET /user/tokens`: list all access tokens you created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
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

impl Operation for List {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.list",
        operation_id: "user-api-tokens-list-tokens",
        method: Method::GET,
        path: "/user/tokens",
        pagination: Pagination::PageNumber,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Vec<Token>;

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

/// `GET /user/tokens/{token_id}`: information about a specific token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Token identifier.
    pub token_id: String,
}

impl Get {
    /// Details of token `token_id`.
    pub fn new(token_id: impl Into<String>) -> Self {
        Get {
            token_id: token_id.into(),
        }
    }
}

impl Operation for Get {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.get",
        operation_id: "user-api-tokens-token-details",
        method: Method::GET,
        path: "/user/tokens/{token_id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Token;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("token_id", &self.token_id)]
    }
}

/// `POST /user/tokens`: create a new access token.
/// The result carries the token's secret `value`, shown only this once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Create {
    /// The token to create.
    #[serde(flatten)]
    pub body: TokenBody,
}

impl Create {
    /// A token named `name` with `policies`.
    pub fn new(name: impl Into<String>, policies: Vec<Policy>) -> Self {
        Create {
            body: TokenBody::new(name, policies),
        }
    }
}

impl Operation for Create {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.create",
        operation_id: "user-api-tokens-create-token",
        method: Method::POST,
        path: "/user/tokens",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: false,
    };
    type Output = TokenWithValue;
    const SENSITIVE_RESPONSE: bool = true;

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(self)
    }
}

/// `PUT /user/tokens/{token_id}`: update (replace) an existing token.
/// `name` and `policies` are required; read-only fields are never sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Update {
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
    /// Sets token `token_id` to `name` and `policies`.
    pub fn new(
        token_id: impl Into<String>,
        name: impl Into<String>,
        policies: Vec<Policy>,
    ) -> Self {
        Update {
            token_id: token_id.into(),
            body: TokenBody::new(name, policies),
            status: None,
        }
    }

    /// Sends `token` (as read with [`Get`]) back: change its fields before or after.
    /// The token ID is `token.id` (an empty ID fails when building the request).
    pub fn from_token(token: &Token) -> Self {
        Update {
            token_id: token.id.clone().unwrap_or_default(),
            body: TokenBody::from(token),
            status: token.status.clone(),
        }
    }
}

impl Operation for Update {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.update",
        operation_id: "user-api-tokens-update-token",
        method: Method::PUT,
        path: "/user/tokens/{token_id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Token;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("token_id", &self.token_id)]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(self)
    }
}

/// `DELETE /user/tokens/{token_id}`: destroy a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Token identifier.
    pub token_id: String,
}

impl Delete {
    /// Destroys token `token_id`.
    pub fn new(token_id: impl Into<String>) -> Self {
        Delete {
            token_id: token_id.into(),
        }
    }
}

impl Operation for Delete {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.delete",
        operation_id: "user-api-tokens-delete-token",
        method: Method::DELETE,
        path: "/user/tokens/{token_id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Option<DeletedId>;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("token_id", &self.token_id)]
    }
}

/// `GET /user/tokens/verify`: test whether the token in use works.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Verify;

impl Verify {
    /// Verifies the calling token.
    pub fn new() -> Self {
        Verify
    }
}

impl Operation for Verify {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.verify",
        operation_id: "user-api-tokens-verify-token",
        method: Method::GET,
        path: "/user/tokens/verify",
        pagination: Pagination::None,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = VerifiedToken;
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
