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

use crate::MockConfig;
use crate::audit::{AuditEvent, AuditScope};
use crate::auth::{self, Actor};
use crate::errors::{ApiError, ErrorFlavor};
use crate::query::Query;
use crate::router::{self, RouteId, well_formed_id};
use crate::state::{self, State};

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
    /// Peer IP address.
    pub(crate) ip: String,
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

/// Handles one request against the state.
#[allow(clippy::too_many_arguments)]
pub(crate) fn dispatch(
    st: &mut State,
    config: &MockConfig,
    method: &str,
    raw_path: &str,
    raw_query: &str,
    headers: &HeaderMap,
    body: &[u8],
    meta: &RequestMeta,
) -> Answer {
    let matched = match router::match_route(method, raw_path) {
        Ok(m) => m,
        Err(e) => return Answer::from_error(&e, ErrorFlavor::Standard),
    };
    let flavor = matched.route.flavor();
    let now = state::now();
    let actor = match auth::authenticate(st, config, matched.route.auth, headers, now) {
        Ok(a) => a,
        Err(e) => return Answer::from_error(&e, flavor),
    };
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
    match handle(matched.route.id, &mut ctx) {
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
}

fn handle(id: RouteId, ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    use RouteId::*;
    match id {
        AccountsList => accounts::list(ctx),
        AccountsCreate => accounts::create(ctx),
        AccountsBatchMove => accounts::batch_move(ctx),
        AccountGet => accounts::get(ctx),
        AccountUpdate => accounts::update(ctx),
        AccountDelete => accounts::delete(ctx),
        AccountAuditLogs => audit_logs::account(ctx),
        MembersList => members::list(ctx),
        MemberCreate => members::create(ctx),
        MemberGet => members::get(ctx),
        MemberUpdate => members::update(ctx),
        MemberDelete => members::delete(ctx),
        AccountMove => accounts::move_one(ctx),
        AccountOrganizations => accounts::organizations(ctx),
        AccountProfileGet => accounts::profile_get(ctx),
        AccountProfilePut => accounts::profile_put(ctx),
        RolesList => accounts::roles_list(ctx),
        RoleGet => accounts::role_get(ctx),
        AccountSubscriptionsList => subscriptions::account_list(ctx),
        AccountSubscriptionCreate => subscriptions::account_create(ctx),
        AccountSubscriptionUpdate => subscriptions::account_update(ctx),
        AccountSubscriptionDelete => subscriptions::account_delete(ctx),
        AccountTokensList => tokens::list(ctx, true),
        AccountTokenCreate => tokens::create(ctx, true),
        AccountPermissionGroups => tokens::permission_groups(ctx, true),
        AccountTokenVerify => tokens::verify(ctx, true),
        AccountTokenGet => tokens::get(ctx, true),
        AccountTokenUpdate => tokens::update(ctx, true),
        AccountTokenDelete => tokens::delete(ctx, true),
        AccountTokenRoll => tokens::roll(ctx, true),
        OrganizationCreate => organizations::create(ctx),
        OrganizationGet => organizations::get(ctx),
        OrganizationUpdate => organizations::update(ctx),
        OrganizationDelete => organizations::delete(ctx),
        OrganizationAccounts => organizations::accounts(ctx),
        OrganizationAuditLogs => audit_logs::organization(ctx),
        OrgMembersList => organizations::members_list(ctx),
        OrgMemberCreate => organizations::member_create(ctx),
        OrgMemberGet => organizations::member_get(ctx),
        OrgMemberDelete => organizations::member_delete(ctx),
        OrgProfileGet => organizations::profile_get(ctx),
        OrgProfilePut => organizations::profile_put(ctx),
        UserGet => user::get(ctx),
        UserEdit => user::edit(ctx),
        UserAuditLogs => audit_logs::user(ctx),
        BillingHistory => user::billing_history(ctx),
        BillingProfile => user::billing_profile(ctx),
        InvitesList => user::invites_list(ctx),
        InviteGet => user::invite_get(ctx),
        InviteRespond => user::invite_respond(ctx),
        UserOrgsList => user::orgs_list(ctx),
        UserOrgGet => user::org_get(ctx),
        UserOrgLeave => user::org_leave(ctx),
        UserSubscriptionsList => subscriptions::user_list(ctx),
        UserSubscriptionUpdate => subscriptions::user_update(ctx),
        UserSubscriptionDelete => subscriptions::user_delete(ctx),
        UserTokensList => tokens::list(ctx, false),
        UserTokenCreate => tokens::create(ctx, false),
        UserPermissionGroups => tokens::permission_groups(ctx, false),
        UserTokenVerify => tokens::verify(ctx, false),
        UserTokenGet => tokens::get(ctx, false),
        UserTokenUpdate => tokens::update(ctx, false),
        UserTokenDelete => tokens::delete(ctx, false),
        UserTokenRoll => tokens::roll(ctx, false),
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
