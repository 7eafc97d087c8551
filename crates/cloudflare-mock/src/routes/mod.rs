//! Request dispatch and the helpers the per-resource handlers share:
//! envelopes, pagination, body-field validation, identifier lookups and
//! audit-log drafting.

mod accounts;
mod audit_logs;
mod members;
mod organizations;
mod subscriptions;
mod tokens;
mod user;

use http::HeaderMap;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::audit::{AuditEvent, AuditScope};
use crate::auth::{self, Actor, AuthKind};
use crate::config::MockConfig;
use crate::errors::{ApiError, ErrorFlavor};
use crate::policy::*;
use crate::query::Query;
use crate::router::{self, RouteShape, well_formed_id};
use crate::state::{self, State};

/// A route's handler.
pub(crate) type Handler = fn(&mut Ctx<'_>) -> Result<Reply, ApiError>;

/// One operation the emulator serves: everything about it in one row.
#[derive(Clone, Copy)]
pub(crate) struct Route {
    /// `GET`, `POST`, ...
    pub(crate) method: &'static str,
    /// Path template relative to `/client/v4`.
    pub(crate) template: &'static str,
    /// The credentials the schema lets it accept.
    pub(crate) auth: AuthKind,
    /// The shape of its error envelopes.
    pub(crate) flavor: ErrorFlavor,
    /// What it requires of an API token's policies.
    pub(crate) need: Need,
    /// What it does.
    pub(crate) handler: Handler,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.template)
    }
}

impl RouteShape for Route {
    fn method(&self) -> &'static str {
        self.method
    }
    fn template(&self) -> &'static str {
        self.template
    }
}

const fn route(
    method: &'static str,
    template: &'static str,
    auth: AuthKind,
    flavor: ErrorFlavor,
    need: Need,
    handler: Handler,
) -> Route {
    Route {
        method,
        template,
        auth,
        flavor,
        need,
        handler,
    }
}

use AuthKind::{Any, TokenOnly};
use ErrorFlavor::{NoResult, Standard};

/// The 64 operations of the schema, relative to `/client/v4`. `NoResult` marks the routes
/// whose 4XX schema has no `result` (organizations API, `/user/audit_logs`); `TokenOnly` the
/// routes whose schema security lists only a bearer token.
pub(crate) static ROUTES: &[Route] = &[
    route(
        "GET",
        "/accounts",
        Any,
        Standard,
        Need::PerAccount,
        accounts::list,
    ),
    route(
        "POST",
        "/accounts",
        Any,
        Standard,
        Need::AllAccounts(ACCOUNT_WRITE),
        accounts::create,
    ),
    route(
        "POST",
        "/accounts/move",
        Any,
        NoResult,
        Need::AllAccounts(ACCOUNT_WRITE),
        accounts::batch_move,
    ),
    route(
        "GET",
        "/accounts/{account_id}",
        Any,
        Standard,
        Need::Account(ACCOUNT_READ),
        accounts::get,
    ),
    route(
        "PUT",
        "/accounts/{account_id}",
        Any,
        Standard,
        Need::Account(ACCOUNT_WRITE),
        accounts::update,
    ),
    route(
        "DELETE",
        "/accounts/{account_id}",
        Any,
        Standard,
        Need::Account(ACCOUNT_WRITE),
        accounts::delete,
    ),
    route(
        "GET",
        "/accounts/{account_id}/logs/audit",
        Any,
        Standard,
        Need::Account(ACCOUNT_LOGS),
        audit_logs::account,
    ),
    route(
        "GET",
        "/accounts/{account_id}/members",
        Any,
        Standard,
        Need::Account(ACCOUNT_READ),
        members::list,
    ),
    route(
        "POST",
        "/accounts/{account_id}/members",
        Any,
        Standard,
        Need::Account(ACCOUNT_WRITE),
        members::create,
    ),
    route(
        "GET",
        "/accounts/{account_id}/members/{member_id}",
        Any,
        Standard,
        Need::Account(ACCOUNT_READ),
        members::get,
    ),
    route(
        "PUT",
        "/accounts/{account_id}/members/{member_id}",
        Any,
        Standard,
        Need::Account(ACCOUNT_WRITE),
        members::update,
    ),
    route(
        "DELETE",
        "/accounts/{account_id}/members/{member_id}",
        Any,
        Standard,
        Need::Account(ACCOUNT_WRITE),
        members::delete,
    ),
    route(
        "POST",
        "/accounts/{account_id}/move",
        Any,
        NoResult,
        Need::Account(ACCOUNT_WRITE),
        accounts::move_one,
    ),
    route(
        "GET",
        "/accounts/{account_id}/organizations",
        Any,
        NoResult,
        Need::Account(ACCOUNT_READ),
        accounts::organizations,
    ),
    route(
        "GET",
        "/accounts/{account_id}/profile",
        Any,
        NoResult,
        Need::Account(ACCOUNT_READ),
        accounts::profile_get,
    ),
    route(
        "PUT",
        "/accounts/{account_id}/profile",
        Any,
        NoResult,
        Need::Account(ACCOUNT_WRITE),
        accounts::profile_put,
    ),
    route(
        "GET",
        "/accounts/{account_id}/roles",
        Any,
        Standard,
        Need::Account(ACCOUNT_READ),
        accounts::roles_list,
    ),
    route(
        "GET",
        "/accounts/{account_id}/roles/{role_id}",
        Any,
        Standard,
        Need::Account(ACCOUNT_READ),
        accounts::role_get,
    ),
    route(
        "GET",
        "/accounts/{account_id}/subscriptions",
        Any,
        Standard,
        Need::Account(BILLING_READ),
        subscriptions::account_list,
    ),
    route(
        "POST",
        "/accounts/{account_id}/subscriptions",
        Any,
        Standard,
        Need::Account(BILLING_WRITE),
        subscriptions::account_create,
    ),
    route(
        "PUT",
        "/accounts/{account_id}/subscriptions/{subscription_identifier}",
        Any,
        Standard,
        Need::Account(BILLING_WRITE),
        subscriptions::account_update,
    ),
    route(
        "DELETE",
        "/accounts/{account_id}/subscriptions/{subscription_identifier}",
        Any,
        Standard,
        Need::Account(BILLING_WRITE),
        subscriptions::account_delete,
    ),
    route(
        "GET",
        "/accounts/{account_id}/tokens",
        TokenOnly,
        Standard,
        Need::Account(ACCOUNT_TOKENS_READ),
        |c| tokens::list(c, true),
    ),
    route(
        "POST",
        "/accounts/{account_id}/tokens",
        TokenOnly,
        Standard,
        Need::Account(ACCOUNT_TOKENS_WRITE),
        |c| tokens::create(c, true),
    ),
    route(
        "GET",
        "/accounts/{account_id}/tokens/permission_groups",
        TokenOnly,
        Standard,
        Need::Account(ACCOUNT_TOKENS_READ),
        |c| tokens::permission_groups(c, true),
    ),
    route(
        "GET",
        "/accounts/{account_id}/tokens/verify",
        TokenOnly,
        Standard,
        Need::Nothing,
        |c| tokens::verify(c, true),
    ),
    route(
        "GET",
        "/accounts/{account_id}/tokens/{token_id}",
        TokenOnly,
        Standard,
        Need::Account(ACCOUNT_TOKENS_READ),
        |c| tokens::get(c, true),
    ),
    route(
        "PUT",
        "/accounts/{account_id}/tokens/{token_id}",
        TokenOnly,
        Standard,
        Need::Account(ACCOUNT_TOKENS_WRITE),
        |c| tokens::update(c, true),
    ),
    route(
        "DELETE",
        "/accounts/{account_id}/tokens/{token_id}",
        TokenOnly,
        Standard,
        Need::Account(ACCOUNT_TOKENS_WRITE),
        |c| tokens::delete(c, true),
    ),
    route(
        "PUT",
        "/accounts/{account_id}/tokens/{token_id}/value",
        TokenOnly,
        Standard,
        Need::Account(ACCOUNT_TOKENS_WRITE),
        |c| tokens::roll(c, true),
    ),
    route(
        "POST",
        "/organizations",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::create,
    ),
    route(
        "GET",
        "/organizations/{organization_id}",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::get,
    ),
    route(
        "PUT",
        "/organizations/{organization_id}",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::update,
    ),
    route(
        "DELETE",
        "/organizations/{organization_id}",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::delete,
    ),
    route(
        "GET",
        "/organizations/{organization_id}/accounts",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::accounts,
    ),
    route(
        "GET",
        "/organizations/{organization_id}/logs/audit",
        Any,
        Standard,
        Need::Unchecked,
        audit_logs::organization,
    ),
    route(
        "GET",
        "/organizations/{organization_id}/members",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::members_list,
    ),
    route(
        "POST",
        "/organizations/{organization_id}/members",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::member_create,
    ),
    route(
        "GET",
        "/organizations/{organization_id}/members/{member_id}",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::member_get,
    ),
    route(
        "DELETE",
        "/organizations/{organization_id}/members/{member_id}",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::member_delete,
    ),
    route(
        "GET",
        "/organizations/{organization_id}/profile",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::profile_get,
    ),
    route(
        "PUT",
        "/organizations/{organization_id}/profile",
        Any,
        NoResult,
        Need::Unchecked,
        organizations::profile_put,
    ),
    route(
        "GET",
        "/user",
        Any,
        Standard,
        Need::User(USER_READ),
        user::get,
    ),
    route(
        "PATCH",
        "/user",
        Any,
        Standard,
        Need::User(USER_WRITE),
        user::edit,
    ),
    route(
        "GET",
        "/user/audit_logs",
        Any,
        NoResult,
        Need::User(USER_READ),
        audit_logs::user,
    ),
    route(
        "GET",
        "/user/billing/history",
        Any,
        Standard,
        Need::User(BILLING_READ),
        user::billing_history,
    ),
    route(
        "GET",
        "/user/billing/profile",
        Any,
        Standard,
        Need::User(BILLING_READ),
        user::billing_profile,
    ),
    route(
        "GET",
        "/user/invites",
        Any,
        Standard,
        Need::User(MEMBERSHIPS_READ),
        user::invites_list,
    ),
    route(
        "GET",
        "/user/invites/{invite_id}",
        Any,
        Standard,
        Need::User(MEMBERSHIPS_READ),
        user::invite_get,
    ),
    route(
        "PATCH",
        "/user/invites/{invite_id}",
        Any,
        Standard,
        Need::User(MEMBERSHIPS_WRITE),
        user::invite_respond,
    ),
    route(
        "GET",
        "/user/organizations",
        Any,
        Standard,
        Need::User(MEMBERSHIPS_READ),
        user::orgs_list,
    ),
    route(
        "GET",
        "/user/organizations/{organization_id}",
        Any,
        Standard,
        Need::User(MEMBERSHIPS_READ),
        user::org_get,
    ),
    route(
        "DELETE",
        "/user/organizations/{organization_id}",
        Any,
        Standard,
        Need::User(MEMBERSHIPS_WRITE),
        user::org_leave,
    ),
    route(
        "GET",
        "/user/subscriptions",
        Any,
        Standard,
        Need::User(BILLING_READ),
        subscriptions::user_list,
    ),
    route(
        "PUT",
        "/user/subscriptions/{identifier}",
        Any,
        Standard,
        Need::User(BILLING_WRITE),
        subscriptions::user_update,
    ),
    route(
        "DELETE",
        "/user/subscriptions/{identifier}",
        Any,
        Standard,
        Need::User(BILLING_WRITE),
        subscriptions::user_delete,
    ),
    route(
        "GET",
        "/user/tokens",
        TokenOnly,
        Standard,
        Need::User(USER_TOKENS_READ),
        |c| tokens::list(c, false),
    ),
    route(
        "POST",
        "/user/tokens",
        TokenOnly,
        Standard,
        Need::User(USER_TOKENS_WRITE),
        |c| tokens::create(c, false),
    ),
    route(
        "GET",
        "/user/tokens/permission_groups",
        TokenOnly,
        Standard,
        Need::User(USER_TOKENS_READ),
        |c| tokens::permission_groups(c, false),
    ),
    route(
        "GET",
        "/user/tokens/verify",
        TokenOnly,
        Standard,
        Need::Nothing,
        |c| tokens::verify(c, false),
    ),
    route(
        "GET",
        "/user/tokens/{token_id}",
        TokenOnly,
        Standard,
        Need::User(USER_TOKENS_READ),
        |c| tokens::get(c, false),
    ),
    route(
        "PUT",
        "/user/tokens/{token_id}",
        TokenOnly,
        Standard,
        Need::User(USER_TOKENS_WRITE),
        |c| tokens::update(c, false),
    ),
    route(
        "DELETE",
        "/user/tokens/{token_id}",
        TokenOnly,
        Standard,
        Need::User(USER_TOKENS_WRITE),
        |c| tokens::delete(c, false),
    ),
    route(
        "PUT",
        "/user/tokens/{token_id}/value",
        TokenOnly,
        Standard,
        Need::User(USER_TOKENS_WRITE),
        |c| tokens::roll(c, false),
    ),
];

/// The index of the route with exactly this method and template.
pub(crate) fn find_route(method: &str, template: &str) -> Option<usize> {
    ROUTES
        .iter()
        .position(|r| r.method.eq_ignore_ascii_case(method) && r.template == template)
}

/// Matches a raw request path against [`ROUTES`].
pub(crate) fn match_route(method: &str, raw_path: &str) -> Result<router::Matched, ApiError> {
    router::match_route(ROUTES, method, raw_path)
}

/// What a handler answers on success.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    /// `None` for 204.
    pub(crate) body: Option<Value>,
}

/// The success envelope around `result`.
pub(crate) fn envelope(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

/// 200 with `result`.
pub(crate) fn ok(result: Value) -> Result<Reply, ApiError> {
    Ok(Reply {
        status: 200,
        body: Some(envelope(result)),
    })
}

/// 200 with `result` and `result_info`.
pub(crate) fn ok_info(result: Value, info: Value) -> Result<Reply, ApiError> {
    let mut body = envelope(result);
    body["result_info"] = info;
    Ok(Reply {
        status: 200,
        body: Some(body),
    })
}

/// 204, no body.
pub(crate) fn no_content() -> Result<Reply, ApiError> {
    Ok(Reply {
        status: 204,
        body: None,
    })
}

/// `page` and `per_page` from the query, with the operation's bounds.
pub(crate) fn page_params(
    q: &Query,
    default_per_page: u64,
    min: u64,
    max: u64,
) -> Result<(u64, u64), ApiError> {
    let page = q.number("page", 1, 1, u64::from(u32::MAX))?;
    let per_page = q.number("per_page", default_per_page, min, max)?;
    Ok((page, per_page))
}

/// Cuts one page out of `items`; returns the page and its `result_info`
/// (`page, per_page, count, total_count, total_pages`).
pub(crate) fn paginate(items: Vec<Value>, page: u64, per_page: u64) -> (Value, Value) {
    paginate_with(items, page, per_page, |v| v)
}

/// [`paginate`], turning only the items of the requested page into JSON (listings of thousands
/// of items stay cheap per request).
pub(crate) fn paginate_with<T>(
    items: Vec<T>,
    page: u64,
    per_page: u64,
    to_json: impl FnMut(T) -> Value,
) -> (Value, Value) {
    let total = items.len() as u64;
    let per = per_page.max(1);
    let start = page.saturating_sub(1).saturating_mul(per);
    let slice: Vec<Value> = items
        .into_iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(usize::try_from(per).unwrap_or(usize::MAX))
        .map(to_json)
        .collect();
    let info = json!({
        "page": page,
        "per_page": per_page,
        "count": slice.len(),
        "total_count": total,
        "total_pages": total.div_ceil(per),
    });
    (Value::Array(slice), info)
}

/// `result_info` of a single-page listing.
pub(crate) fn single_page_info(count: usize) -> Value {
    json!({
        "page": 1,
        "per_page": count.max(1),
        "count": count,
        "total_count": count,
        "total_pages": 1,
    })
}

/// Page-token pagination (`page_token` / `page_size`) for the
/// organizations API. Tokens are opaque: hex of `"pt|<offset>"`.
pub(crate) fn page_token_paginate(
    q: &Query,
    items: Vec<Value>,
) -> Result<(Value, Value), ApiError> {
    let size = q.number("page_size", 0, 0, 1000)?;
    let size = if size == 0 { 20 } else { size } as usize;
    let offset = match q.get("page_token") {
        None | Some("") => 0usize,
        Some(t) => decode_page_token(t)
            .ok_or_else(|| ApiError::bad_request("page_token: invalid page token"))?,
    };
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(size).collect();
    let next = offset.saturating_add(page.len());
    let mut info = json!({"total_size": total});
    if next < total {
        info["next_page_token"] = json!(encode_page_token(next));
    }
    Ok((Value::Array(page), info))
}

fn encode_page_token(offset: usize) -> String {
    format!("pt|{offset}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_page_token(s: &str) -> Option<usize> {
    if s.len() % 2 != 0 || s.len() > 64 {
        return None;
    }
    let mut bytes = Vec::new();
    for i in (0..s.len()).step_by(2) {
        bytes.push(u8::from_str_radix(s.get(i..i + 2)?, 16).ok()?);
    }
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("pt|")?
        .parse()
        .ok()
}

// ---- body field helpers -------------------------------------------------

/// Type name of a JSON value, for messages.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check_len(key: &str, s: &str, max: usize) -> Result<(), ApiError> {
    if s.chars().count() > max {
        Err(ApiError::bad_request(format!(
            "{key}: must be at most {max} characters"
        )))
    } else {
        Ok(())
    }
}

/// Required string field (not null, at most `max` characters).
pub(crate) fn req_string(
    m: &Map<String, Value>,
    key: &str,
    max: usize,
) -> Result<String, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Err(ApiError::missing_field(key)),
        Some(Value::String(s)) => {
            check_len(key, s, max)?;
            Ok(s.clone())
        }
        Some(other) => Err(ApiError::bad_request(format!(
            "{key}: must be a string, got {}",
            type_name(other)
        ))),
    }
}

/// Optional string field (`None` when absent or null).
pub(crate) fn opt_string(
    m: &Map<String, Value>,
    key: &str,
    max: usize,
) -> Result<Option<String>, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => req_string(m, key, max).map(Some),
    }
}

/// Optional nullable string: `None` absent, `Some(None)` explicit null.
pub(crate) fn opt_nullable_string(
    m: &Map<String, Value>,
    key: &str,
    max: usize,
) -> Result<Option<Option<String>>, ApiError> {
    match m.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(_) => req_string(m, key, max).map(|s| Some(Some(s))),
    }
}

/// Optional enum string field.
pub(crate) fn opt_enum(
    m: &Map<String, Value>,
    key: &str,
    allowed: &[&str],
) -> Result<Option<String>, ApiError> {
    match opt_string(m, key, 200)? {
        None => Ok(None),
        Some(s) if allowed.contains(&s.as_str()) => Ok(Some(s)),
        Some(s) => Err(ApiError::bad_request(format!(
            "{key}: must be one of {}, got {s:?}",
            allowed.join(", ")
        ))),
    }
}

/// Required enum string field.
pub(crate) fn req_enum(
    m: &Map<String, Value>,
    key: &str,
    allowed: &[&str],
) -> Result<String, ApiError> {
    opt_enum(m, key, allowed)?.ok_or_else(|| ApiError::missing_field(key))
}

/// Optional boolean field.
pub(crate) fn opt_bool(m: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(ApiError::bad_request(format!(
            "{key}: must be a boolean, got {}",
            type_name(other)
        ))),
    }
}

/// Optional RFC 3339 date-time field.
pub(crate) fn opt_time(
    m: &Map<String, Value>,
    key: &str,
) -> Result<Option<OffsetDateTime>, ApiError> {
    match opt_string(m, key, 64)? {
        None => Ok(None),
        Some(s) => state::parse_time(&s).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!("{key}: must be an RFC 3339 date-time, got {s:?}"))
        }),
    }
}

/// Optional object field.
pub(crate) fn opt_object<'a>(
    m: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(other) => Err(ApiError::bad_request(format!(
            "{key}: must be an object, got {}",
            type_name(other)
        ))),
    }
}

/// Optional array field.
pub(crate) fn opt_array<'a>(
    m: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Vec<Value>>, ApiError> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a)),
        Some(other) => Err(ApiError::bad_request(format!(
            "{key}: must be an array, got {}",
            type_name(other)
        ))),
    }
}

/// Required array field.
pub(crate) fn req_array<'a>(
    m: &'a Map<String, Value>,
    key: &str,
) -> Result<&'a Vec<Value>, ApiError> {
    opt_array(m, key)?.ok_or_else(|| ApiError::missing_field(key))
}

/// An array element that must be an object.
pub(crate) fn item_object<'a>(v: &'a Value, key: &str) -> Result<&'a Map<String, Value>, ApiError> {
    v.as_object().ok_or_else(|| {
        ApiError::bad_request(format!(
            "{key}: items must be objects, got {}",
            type_name(v)
        ))
    })
}

// ---- context ------------------------------------------------------------

/// An audit event to record once the handler has succeeded.
#[derive(Debug, Clone)]
pub(crate) struct AuditDraft {
    pub(crate) scope: AuditScope,
    pub(crate) action_type: &'static str,
    pub(crate) v1_action: &'static str,
    pub(crate) resource_type: &'static str,
    pub(crate) resource_id: String,
    pub(crate) product: &'static str,
    pub(crate) resource_scope: &'static str,
    pub(crate) request: Value,
}

/// Facts about the request the handlers and the audit log need.
#[derive(Debug, Clone)]
pub(crate) struct RequestMeta {
    /// The hex part of the response's `cf-ray`.
    pub(crate) ray_hex: String,
    /// Peer IP address, as text.
    pub(crate) ip: String,
    /// Peer IP address.
    pub(crate) peer: std::net::IpAddr,
    /// `User-Agent`, if any.
    pub(crate) user_agent: String,
    /// The accounts-ignore-page fault switch.
    pub(crate) accounts_ignore_page: bool,
}

/// Everything a handler works with.
pub(crate) struct Ctx<'a> {
    pub(crate) st: &'a mut State,
    pub(crate) params: Vec<String>,
    pub(crate) query: Query,
    pub(crate) body: &'a [u8],
    pub(crate) actor: Actor,
    pub(crate) now: OffsetDateTime,
    /// Path relative to `/client/v4` (raw).
    pub(crate) path: &'a str,
    pub(crate) meta: &'a RequestMeta,
    drafts: Vec<AuditDraft>,
}

impl Ctx<'_> {
    /// Path parameter `i` (decoded).
    pub(crate) fn param(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or("")
    }

    /// The request body as a JSON object.
    pub(crate) fn body_object(&self) -> Result<Map<String, Value>, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::malformed_json("the request body is empty"));
        }
        let v: Value = serde_json::from_slice(self.body).map_err(ApiError::malformed_json)?;
        match v {
            Value::Object(m) => Ok(m),
            other => Err(ApiError::malformed_json(format!(
                "expected a JSON object, got {}",
                type_name(&other)
            ))),
        }
    }

    /// Like [`Ctx::body_object`], but an empty body counts as `{}`.
    pub(crate) fn body_object_or_empty(&self) -> Result<Map<String, Value>, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            Ok(Map::new())
        } else {
            self.body_object()
        }
    }

    /// Checks the shape of path parameter `i` (400 if malformed).
    pub(crate) fn id_param(&self, i: usize) -> Result<String, ApiError> {
        let id = self.param(i);
        if well_formed_id(id) {
            Ok(id.to_owned())
        } else {
            Err(ApiError::malformed_id(self.path))
        }
    }

    /// 404 for this path.
    pub(crate) fn not_found(&self) -> ApiError {
        ApiError::not_found(self.path)
    }

    /// Index of the accessible account named by path parameter `i`.
    pub(crate) fn account_idx(&self, i: usize) -> Result<usize, ApiError> {
        let id = self.id_param(i)?;
        self.st
            .accessible_account(&id)
            .ok_or_else(|| self.not_found())
    }

    /// Index of the organization named by path parameter `i`.
    pub(crate) fn org_idx(&self, i: usize) -> Result<usize, ApiError> {
        let id = self.id_param(i)?;
        self.st
            .orgs
            .iter()
            .position(|o| o.id == id)
            .ok_or_else(|| self.not_found())
    }

    /// Audit scope of account `idx`.
    pub(crate) fn account_scope(&self, idx: usize) -> AuditScope {
        match self.st.accounts.get(idx) {
            Some(a) => AuditScope::Account(a.id.clone(), a.name.clone()),
            None => AuditScope::User,
        }
    }

    /// Records an audit event (kept only if the handler succeeds).
    pub(crate) fn audit(&mut self, draft: AuditDraft) {
        self.drafts.push(draft);
    }
}

/// A complete emulated answer: status, extra headers and optional body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Value>,
}

impl Answer {
    fn from_error(e: &ApiError, flavor: ErrorFlavor) -> Answer {
        Answer {
            status: e.status,
            headers: e.headers.clone(),
            body: Some(e.body(flavor)),
        }
    }
}

/// The parts of a request [`dispatch`] needs.
#[derive(Debug)]
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    pub(crate) raw_path: &'a str,
    pub(crate) raw_query: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

/// Handles one request against the state: `matched` is the result of [`match_route`] on it.
pub(crate) fn dispatch(
    st: &mut State,
    config: &MockConfig,
    matched: Result<router::Matched, ApiError>,
    req: &Incoming<'_>,
    meta: &RequestMeta,
) -> Answer {
    let Incoming {
        method,
        raw_path,
        raw_query,
        headers,
        body,
    } = *req;
    let matched = match matched {
        Ok(m) => m,
        Err(e) => return Answer::from_error(&e, ErrorFlavor::Standard),
    };
    let Some(route) = ROUTES.get(matched.index) else {
        return Answer::from_error(&ApiError::no_route(), ErrorFlavor::Standard);
    };
    let flavor = route.flavor;
    let now = state::now();
    let actor = match auth::authenticate(st, config, route.auth, headers, meta.peer, now) {
        Ok(a) => a,
        Err(e) => return Answer::from_error(&e, flavor),
    };
    let account_param = matched.params.first().map_or("", String::as_str);
    if let Err(e) = actor.access.check(route.need, account_param, &st.user.id) {
        return Answer::from_error(&e, flavor);
    }
    let query = match Query::parse(raw_query) {
        Ok(q) => q,
        Err(e) => return Answer::from_error(&e, flavor),
    };
    let path = raw_path.strip_prefix(router::BASE_PATH).unwrap_or(raw_path);
    let mut ctx = Ctx {
        st,
        params: matched.params,
        query,
        body,
        actor,
        now,
        path,
        meta,
        drafts: Vec::new(),
    };
    match (route.handler)(&mut ctx) {
        Ok(reply) => {
            let drafts = std::mem::take(&mut ctx.drafts);
            for d in drafts {
                record(&mut ctx, d, method, reply.status);
            }
            Answer {
                status: reply.status,
                headers: Vec::new(),
                body: reply.body,
            }
        }
        Err(e) => Answer::from_error(&e, flavor),
    }
}

fn record(ctx: &mut Ctx<'_>, d: AuditDraft, method: &str, status: u16) {
    let st = &mut *ctx.st;
    let seq = st.audit_seq;
    st.audit_seq += 1;
    let id = st.rng.hex32();
    let v1_id = st.rng.uuid();
    let event = AuditEvent {
        seq,
        id,
        v1_id,
        time: ctx.now,
        action_type: d.action_type.to_owned(),
        v1_action: d.v1_action.to_owned(),
        success: true,
        actor_id: st.user.id.clone(),
        actor_email: st.user.email.clone(),
        actor_ip: ctx.meta.ip.clone(),
        actor_context: ctx.actor.context.to_owned(),
        actor_type: "user".to_owned(),
        token_id: ctx.actor.token_id.clone(),
        token_name: ctx.actor.token_name.clone(),
        scope: d.scope,
        resource_id: d.resource_id,
        resource_type: d.resource_type.to_owned(),
        resource_product: d.product.to_owned(),
        resource_scope: d.resource_scope.to_owned(),
        request: d.request,
        response: json!({}),
        raw_method: method.to_owned(),
        raw_uri: ctx.path.to_owned(),
        raw_status: status,
        cf_ray: ctx.meta.ray_hex.clone(),
        user_agent: ctx.meta.user_agent.clone(),
        zone: None,
    };
    st.audit.push(event);
    if st.audit.len() > state::AUDIT_CAPACITY + state::AUDIT_CAPACITY / 8 {
        // Trimmed in batches so that a mutation does not move the whole log each time.
        let excess = st.audit.len() - state::AUDIT_CAPACITY;
        st.audit.drain(..excess);
    }
}

/// Parses a business profile body (all five fields required).
pub(crate) fn parse_profile(m: &Map<String, Value>) -> Result<state::Profile, ApiError> {
    Ok(state::Profile {
        business_name: req_string(m, "business_name", 255)?,
        business_email: req_string(m, "business_email", 255)?,
        business_phone: req_string(m, "business_phone", 64)?,
        business_address: req_string(m, "business_address", 500)?,
        external_metadata: req_string(m, "external_metadata", 4096)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_four_unique_routes() {
        assert_eq!(ROUTES.len(), 64);
        let mut seen = std::collections::HashSet::new();
        for r in ROUTES {
            assert!(seen.insert((r.method, r.template)), "{r:?}");
        }
    }

    #[test]
    fn literal_beats_param_in_the_real_table() {
        let at = |m: &str, p: &str| match_route(m, p).ok().and_then(|m| ROUTES.get(m.index));
        assert_eq!(
            at("POST", "/client/v4/accounts/move").map(|r| r.template),
            Some("/accounts/move")
        );
        assert_eq!(
            at("GET", "/client/v4/user/tokens/verify").map(|r| r.template),
            Some("/user/tokens/verify")
        );
        assert_eq!(find_route("get", "/user"), find_route("GET", "/user"));
        assert!(find_route("GET", "/user/").is_none());
    }
}
