//! API tokens, owned by an account or by the user: the request types of both, with their
//! builders. The facts of each operation (name, path, method) are declared in
//! [`crate::accounts::tokens`] and [`crate::user::tokens`].
//!
//! A created token's secret comes back once, in [`TokenWithValue::value`], and a roll's as the
//! result of [`Roll`]; both are [`crate::auth::Secret`]s, so `Debug` never prints them.

use serde::{Deserialize, Serialize};

#[cfg(doc)]
use crate::models::token::TokenWithValue;
use crate::models::token::{PermissionGroupScope, Token, TokenBody, TokenStatus};
use crate::owner::Owner;
use crate::types::Direction;

/// List the owner's tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List<O> {
    /// Whose tokens (path).
    #[serde(skip)]
    pub owner: O,
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

impl<O: Owner> List<O> {
    /// Asks for `per_page` tokens per page (5 to 50).
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// Orders the tokens in `direction`.
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = Some(direction);
        self
    }

    /// Includes recently-expired tokens.
    pub fn include_expired(mut self, include: bool) -> Self {
        self.include_expired = Some(include);
        self
    }
}

/// One token of the owner.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Get<O> {
    /// Whose token (path).
    pub owner: O,
    /// Token identifier.
    pub token_id: String,
}

/// Create a token. The result carries the token's secret `value`, shown only this once.
///
/// ```
/// use cloudflare_core::accounts::tokens::{self, Effect, Policy, TokenBody};
/// use cloudflare_core::time::{Duration, OffsetDateTime};
///
/// let read_zones = Policy::new(Effect::Allow)
///     .with_permission_group("c8fed203ed3043cba015a93ad1616f1f")
///     .with_resource("com.cloudflare.api.account.zone.*", "*");
/// let create = tokens::Create::new(
///     "023e105f4ecef8ad9ca31a8372d0c353",
///     TokenBody::new("ci-deploy")
///         .policy(read_zones)
///         .allow_ips(["192.0.2.0/24"])
///         .expires_on(OffsetDateTime::now_utc() + Duration::days(30)),
/// );
/// assert_eq!(create.body.policies.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Create<O> {
    /// Who will own the token (path).
    #[serde(skip)]
    pub owner: O,
    /// The token to create.
    #[serde(flatten)]
    pub body: TokenBody,
}

/// Replace a token: `name` and `policies` are required; read-only fields are never sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Update<O> {
    /// Whose token (path).
    #[serde(skip)]
    pub owner: O,
    /// Token identifier (path).
    #[serde(skip)]
    pub token_id: String,
    /// The token's new name, policies, condition and validity window.
    #[serde(flatten)]
    pub body: TokenBody,
    /// Status of the token (e.g. `disabled` to switch it off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TokenStatus>,
}

/// Destroy a token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delete<O> {
    /// Whose token (path).
    pub owner: O,
    /// Token identifier.
    pub token_id: String,
}

/// Test whether the token the request is made with works.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verify<O> {
    /// Whose token (path).
    pub owner: O,
}

/// Roll (regenerate) a token's secret: the body is an empty object, the result is the new
/// secret, and the old one stops working. Never re-sent after an attempt that may have reached
/// the API: each roll makes a new secret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roll<O> {
    /// Whose token (path).
    pub owner: O,
    /// Token identifier.
    pub token_id: String,
}

/// The permission groups a token's policies can use. One page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PermissionGroups<O> {
    /// Whose tokens (path).
    #[serde(skip)]
    pub owner: O,
    /// Filter by the name of the permission group (plain text such as
    /// `Account Settings Write`: the SDK URL-encodes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Filter by the scope of the permission group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<PermissionGroupScope>,
}

impl<O: Owner> PermissionGroups<O> {
    /// Only the groups named `name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Only the groups of `scope`.
    pub fn scope(mut self, scope: PermissionGroupScope) -> Self {
        self.scope = Some(scope);
        self
    }
}

impl<O: Owner> Update<O> {
    /// Sets the token's status (e.g. [`TokenStatus::Disabled`] to switch it off).
    pub fn status(mut self, status: TokenStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// `token` (as read with `Get`) sent back to `owner`. See the owners' `from_token`.
    pub(crate) fn of_token(owner: O, token: &Token) -> Self {
        Update {
            owner,
            token_id: token.id.clone().unwrap_or_default(),
            body: TokenBody::from(token),
            status: token.status.clone(),
        }
    }
}
