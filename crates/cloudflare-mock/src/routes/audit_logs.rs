//! Audit logs: `/accounts/{id}/logs/audit` and
//! `/organizations/{id}/logs/audit` (v2, cursor-paginated) and
//! `/user/audit_logs` (v1, page-number paginated).

use serde_json::{Value, json};

use super::{Ctx, Reply, ok_info, page_params, paginate};
use crate::audit::{self, AuditEvent, AuditScope, V2Query};
use crate::errors::ApiError;
use crate::state::parse_date_or_time;

/// `result_info` of a v2 page. The schema types `count` as a string.
fn v2_info(count: usize, cursor: Option<String>) -> Value {
    let mut info = json!({"count": count.to_string()});
    if let Some(c) = cursor {
        info["cursor"] = json!(c);
    }
    info
}

/// GET /accounts/{account_id}/logs/audit
pub(crate) fn account(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let acc = ctx.account_idx(0)?;
    let q = V2Query::parse(&ctx.query, false)?;
    let id = ctx.st.accounts[acc].id.clone();
    let (hits, cursor) = q.run(audit::for_account(&ctx.st.audit, &id));
    let items: Vec<Value> = hits.iter().map(|e| e.to_account_json()).collect();
    let info = v2_info(items.len(), cursor);
    ok_info(Value::Array(items), info)
}

/// GET /organizations/{organization_id}/logs/audit
pub(crate) fn organization(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let org = ctx.org_idx(0)?;
    let q = V2Query::parse(&ctx.query, true)?;
    let id = ctx.st.orgs[org].id.clone();
    let (hits, cursor) = q.run(audit::for_org(&ctx.st.audit, &id));
    let items: Vec<Value> = hits.iter().map(|e| e.to_org_json()).collect();
    let info = v2_info(items.len(), cursor);
    ok_info(Value::Array(items), info)
}

fn opt_time_param(ctx: &Ctx<'_>, key: &str) -> Result<Option<time::OffsetDateTime>, ApiError> {
    match ctx.query.get(key) {
        None | Some("") => Ok(None),
        Some(raw) => parse_date_or_time(raw).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!(
                "{key}: must be a date (YYYY-MM-DD) or an RFC 3339 date-time, got {raw:?}"
            ))
        }),
    }
}

/// GET /user/audit_logs
pub(crate) fn user(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let q = &ctx.query;
    let (page, per_page) = page_params(q, 100, 1, 1000)?;
    let asc = q.one_of("direction", &["desc", "asc"])?.as_deref() == Some("asc");
    let hide_user = q.boolean("hide_user_logs", false)?;
    q.boolean("export", false)?;
    let id = q.get("id").map(str::to_owned);
    let action = q.get("action.type").map(str::to_owned);
    let ip = q.get("actor.ip").map(str::to_owned);
    let email = q.get("actor.email").map(str::to_ascii_lowercase);
    let zone = q.get("zone.name").map(str::to_ascii_lowercase);
    let since = opt_time_param(ctx, "since")?;
    let before = opt_time_param(ctx, "before")?;
    let st = &*ctx.st;
    let user_id = st.user.id.clone();
    let mut hits: Vec<&AuditEvent> = st
        .audit
        .iter()
        .filter(|e| e.actor_id == user_id)
        .filter(|e| !(hide_user && e.scope == AuditScope::User))
        .filter(|e| id.as_ref().is_none_or(|v| &e.v1_id == v || &e.id == v))
        .filter(|e| action.as_ref().is_none_or(|v| &e.v1_action == v))
        .filter(|e| ip.as_ref().is_none_or(|v| &e.actor_ip == v))
        .filter(|e| {
            email
                .as_ref()
                .is_none_or(|v| e.actor_email.to_ascii_lowercase() == *v)
        })
        .filter(|e| {
            zone.as_ref().is_none_or(|v| {
                e.zone
                    .as_ref()
                    .is_some_and(|(_, n)| n.to_ascii_lowercase() == *v)
            })
        })
        .filter(|e| since.is_none_or(|s| e.time >= s))
        .filter(|e| before.is_none_or(|b| e.time < b))
        .collect();
    hits.sort_by_key(|e| e.seq);
    if !asc {
        hits.reverse();
    }
    let items = hits.iter().map(|e| e.to_v1_json(&user_id)).collect();
    let (result, info) = paginate(items, page, per_page);
    ok_info(result, info)
}
