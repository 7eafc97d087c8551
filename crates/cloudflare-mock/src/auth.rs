//! Credential checks.
//!
//! Three schemes: `Authorization: Bearer <token>`, `X-Auth-Email` +
//! `X-Auth-Key`, and `X-Auth-User-Service-Key`. Operations whose schema
//! security lists only a bearer token (`/user/tokens...`,
//! `/accounts/{id}/tokens...`) accept only bearer tokens; every other
//! operation accepts any of the three (a simplification: the schema lists
//! only email + key for 35 of them, but Cloudflare accepts tokens there).
//!
//! Bearer tokens are the API tokens of the world: the configured token is a
//! seeded user token, and tokens created through the API authenticate with
//! their `value` until rolled, deleted, disabled or expired. A token's IP condition is checked
//! here, its policies by the route (see `policy`).

use http::HeaderMap;
use time::OffsetDateTime;

use std::net::IpAddr;

use crate::config::MockConfig;
use crate::errors::{ApiError, CODE_AUTH, CODE_INVALID_HEADERS, CODE_INVALID_TOKEN};
use crate::policy::{self, Access};
use crate::state::State;

/// Which credentials a route accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthKind {
    /// Bearer token, email + global key, or user service key.
    Any,
    /// Bearer token only (the `.../tokens...` operations).
    TokenOnly,
}

/// Who made a request (for audit logs and token verification).
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    /// `api_token`, `api_key` or `origin_ca_key`.
    pub(crate) context: &'static str,
    /// The token's id, for bearer requests.
    pub(crate) token_id: Option<String>,
    /// The token's name, for bearer requests.
    pub(crate) token_name: Option<String>,
    /// What the credential may do (see `policy`).
    pub(crate) access: Access,
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Result<Option<&'a str>, ApiError> {
    match headers.get(name) {
        None => Ok(None),
        Some(v) => v.to_str().map(Some).map_err(|_| {
            ApiError::new(400, CODE_INVALID_HEADERS, "Invalid request headers")
                .with_chain(6100, &format!("Invalid format for {name} header"))
        }),
    }
}

fn invalid_headers(chain_code: u32, chain_message: &str) -> ApiError {
    ApiError::new(400, CODE_INVALID_HEADERS, "Invalid request headers")
        .with_chain(chain_code, chain_message)
}

fn auth_error(status: u16) -> ApiError {
    ApiError::new(status, CODE_AUTH, "Authentication error")
}

/// Checks the request's credentials for a route of kind `kind`.
pub(crate) fn authenticate(
    st: &mut State,
    config: &MockConfig,
    kind: AuthKind,
    headers: &HeaderMap,
    peer: IpAddr,
    now: OffsetDateTime,
) -> Result<Actor, ApiError> {
    let authorization = header_str(headers, "authorization")?;
    let email = header_str(headers, "x-auth-email")?;
    let key = header_str(headers, "x-auth-key")?;
    let service_key = header_str(headers, "x-auth-user-service-key")?;

    let schemes = usize::from(authorization.is_some())
        + usize::from(email.is_some() || key.is_some())
        + usize::from(service_key.is_some());
    if schemes > 1 {
        // Cloudflare answers this with a bare 6003.
        return Err(ApiError::new(
            400,
            CODE_INVALID_HEADERS,
            "Invalid request headers",
        ));
    }
    if schemes == 0 {
        return Err(auth_error(401));
    }

    if let Some(value) = authorization {
        let token = match value.split_once(' ') {
            Some((scheme, tok)) if scheme.eq_ignore_ascii_case("bearer") => tok.trim(),
            _ => {
                return Err(invalid_headers(
                    6111,
                    "Invalid format for Authorization header",
                ));
            }
        };
        if token.is_empty() || token.contains(' ') {
            return Err(invalid_headers(
                6111,
                "Invalid format for Authorization header",
            ));
        }
        let found = st
            .tokens
            .iter()
            .position(|t| t.value == token && t.usable(now));
        return match found {
            Some(i) => {
                let t = &st.tokens[i];
                if !policy::ip_allowed(t.condition.as_ref(), peer) {
                    return Err(policy::refused_location(peer));
                }
                let actor = Actor {
                    context: "api_token",
                    token_id: Some(t.id.clone()),
                    token_name: Some(t.name.clone()),
                    access: Access::of_token(t, st),
                };
                st.tokens[i].last_used_on = Some(now);
                Ok(actor)
            }
            None => Err(ApiError::new(
                401,
                CODE_INVALID_TOKEN,
                "Invalid access token",
            )),
        };
    }

    if kind == AuthKind::TokenOnly {
        return Err(auth_error(401));
    }

    if let Some(sk) = service_key {
        return if sk == config.user_service_key {
            Ok(Actor {
                context: "origin_ca_key",
                token_id: None,
                token_name: None,
                access: Access::Full,
            })
        } else {
            Err(auth_error(403))
        };
    }

    let Some(email) = email else {
        return Err(invalid_headers(
            6102,
            "Invalid format for X-Auth-Email header",
        ));
    };
    let Some(key) = key else {
        return Err(invalid_headers(
            6103,
            "Invalid format for X-Auth-Key header",
        ));
    };
    if email.eq_ignore_ascii_case(&config.email) && key == config.key {
        Ok(Actor {
            context: "api_key",
            token_id: None,
            token_name: None,
            access: Access::Full,
        })
    } else {
        Err(auth_error(403))
    }
}
