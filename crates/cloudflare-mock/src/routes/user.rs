//! `/user`, billing, invitations and (legacy) user organizations.

use serde_json::{Value, json};

use super::{
    AuditDraft, Ctx, Reply, envelope, ok, ok_info, opt_nullable_string, page_params, paginate,
    req_enum, single_page_info,
};
use crate::audit::AuditScope;
use crate::errors::ApiError;
use crate::state::{BillingItem, UserOrg, parse_date_or_time};

/// GET /user
pub(crate) fn get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    ok(ctx.st.user_json())
}

/// PATCH /user
pub(crate) fn edit(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let m = ctx.body_object()?;
    let country = opt_nullable_string(&m, "country", 30)?;
    let first = opt_nullable_string(&m, "first_name", 60)?;
    let last = opt_nullable_string(&m, "last_name", 60)?;
    let phone = opt_nullable_string(&m, "telephone", 20)?;
    let zip = opt_nullable_string(&m, "zipcode", 20)?;
    let st = &mut *ctx.st;
    let u = &mut st.user;
    if let Some(v) = country {
        u.country = v;
    }
    if let Some(v) = first {
        u.first_name = v;
    }
    if let Some(v) = last {
        u.last_name = v;
    }
    if let Some(v) = phone {
        u.telephone = v;
    }
    if let Some(v) = zip {
        u.zipcode = v;
    }
    let (uid, f, l) = (u.id.clone(), u.first_name.clone(), u.last_name.clone());
    for mem in st.members.iter_mut().filter(|x| x.user_id == uid) {
        mem.first_name = f.clone();
        mem.last_name = l.clone();
    }
    let result = st.user_json();
    ctx.audit(AuditDraft {
        scope: AuditScope::User,
        action_type: "update",
        v1_action: "change_setting",
        resource_type: "user",
        resource_id: uid,
        product: "user",
        resource_scope: "user",
        request: Value::Object(m),
    });
    ok(result)
}

/// GET /user/billing/history
pub(crate) fn billing_history(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let q = &ctx.query;
    let (page, per_page) = page_params(q, 20, 5, 50)?;
    let order = q.one_of("order", &["type", "occurred_at", "action"])?;
    let kind = q.get("type").map(str::to_owned);
    let action = q.get("action").map(str::to_owned);
    for (key, v) in [("type", &kind), ("action", &action)] {
        if v.as_ref().is_some_and(|s| s.chars().count() > 30) {
            return Err(ApiError::bad_request(format!(
                "{key}: must be at most 30 characters"
            )));
        }
    }
    let occurred_at = match q.get("occurred_at") {
        None | Some("") => None,
        Some(raw) => Some(parse_date_or_time(raw).ok_or_else(|| {
            ApiError::bad_request(format!(
                "occurred_at: must be an RFC 3339 date-time, got {raw:?}"
            ))
        })?),
    };
    let mut items: Vec<&BillingItem> = ctx
        .st
        .billing_history
        .iter()
        .filter(|b| kind.as_ref().is_none_or(|k| &b.kind == k))
        .filter(|b| action.as_ref().is_none_or(|a| &b.action == a))
        .filter(|b| occurred_at.is_none_or(|t| b.occurred_at >= t))
        .collect();
    match order.as_deref() {
        Some("type") => {
            items.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.occurred_at.cmp(&a.occurred_at)))
        }
        Some("action") => items.sort_by(|a, b| {
            a.action
                .cmp(&b.action)
                .then(b.occurred_at.cmp(&a.occurred_at))
        }),
        _ => items.sort_by_key(|b| std::cmp::Reverse(b.occurred_at)),
    }
    let items = items.iter().map(|b| b.to_json()).collect();
    let (result, info) = paginate(items, page, per_page);
    ok_info(result, info)
}

/// GET /user/billing/profile
pub(crate) fn billing_profile(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    ok(ctx.st.billing_profile.clone())
}

/// GET /user/invites
pub(crate) fn invites_list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let st = &*ctx.st;
    let items: Vec<Value> = st.invites.iter().map(|i| i.to_json(st)).collect();
    let info = single_page_info(items.len());
    ok_info(Value::Array(items), info)
}

fn invite_idx(ctx: &Ctx<'_>) -> Result<usize, ApiError> {
    let id = ctx.id_param(0)?;
    ctx.st
        .invites
        .iter()
        .position(|i| i.id == id)
        .ok_or_else(|| ctx.not_found())
}

/// GET /user/invites/{invite_id}
pub(crate) fn invite_get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = invite_idx(ctx)?;
    ok(ctx.st.invites[idx].to_json(ctx.st))
}

/// PATCH /user/invites/{invite_id}: accepting makes the membership
/// `accepted` (the account then shows in `GET /accounts`); rejecting
/// removes the pending membership.
pub(crate) fn invite_respond(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = invite_idx(ctx)?;
    let m = ctx.body_object()?;
    let status = req_enum(&m, "status", &["accepted", "rejected"])?;
    let now = ctx.now;
    let st = &mut *ctx.st;
    let invite = &mut st.invites[idx];
    if invite.status == "pending" && invite.expires_on <= now {
        invite.status = "expired".to_owned();
    }
    if invite.status != "pending" {
        return Err(ApiError::bad_request(format!(
            "status: the invitation is {} and can no longer be answered",
            invite.status
        )));
    }
    invite.status = status.clone();
    let (member_id, account_id, invite_id) = (
        invite.member_id.clone(),
        invite.account_id.clone(),
        invite.id.clone(),
    );
    if status == "accepted" {
        if let Some(mem) = st.members.iter_mut().find(|x| x.id == member_id) {
            mem.status = "accepted".to_owned();
        }
    } else {
        st.members.retain(|x| x.id != member_id);
    }
    let result = st.invites[idx].to_json(st);
    let scope = match st.accounts.iter().position(|a| a.id == account_id) {
        Some(i) => ctx.account_scope(i),
        None => AuditScope::User,
    };
    ctx.audit(AuditDraft {
        scope,
        action_type: "update",
        v1_action: if status == "accepted" {
            "accept"
        } else {
            "reject"
        },
        resource_type: "invite",
        resource_id: invite_id,
        product: "members",
        resource_scope: "memberships",
        request: json!({"status": status}),
    });
    ok(result)
}

/// GET /user/organizations
pub(crate) fn orgs_list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let q = &ctx.query;
    let (page, per_page) = page_params(q, 20, 5, 50)?;
    let order = q.one_of("order", &["id", "name", "status"])?;
    let direction = q.one_of("direction", &["asc", "desc"])?;
    let any = q.one_of("match", &["any", "all"])?.as_deref() == Some("any");
    let status = q.one_of("status", &["member", "invited"])?;
    let name = q.get("name").map(str::to_lowercase);
    let mut orgs: Vec<&UserOrg> = ctx
        .st
        .user_orgs
        .iter()
        .filter(|o| {
            let conds: Vec<bool> = [
                name.as_ref()
                    .map(|n| o.name.to_lowercase().contains(n.as_str())),
                status.as_ref().map(|s| &o.status == s),
            ]
            .into_iter()
            .flatten()
            .collect();
            if conds.is_empty() {
                true
            } else if any {
                conds.iter().any(|c| *c)
            } else {
                conds.iter().all(|c| *c)
            }
        })
        .collect();
    match order.as_deref() {
        Some("id") => orgs.sort_by(|a, b| a.id.cmp(&b.id)),
        Some("name") => orgs.sort_by_key(|o| o.name.to_lowercase()),
        Some(_) => orgs.sort_by(|a, b| a.status.cmp(&b.status)),
        None => {}
    }
    if direction.as_deref() == Some("desc") {
        orgs.reverse();
    }
    let items = orgs.iter().map(|o| o.to_json()).collect();
    let (result, info) = paginate(items, page, per_page);
    ok_info(result, info)
}

fn user_org_idx(ctx: &Ctx<'_>) -> Result<usize, ApiError> {
    let id = ctx.id_param(0)?;
    ctx.st
        .user_orgs
        .iter()
        .position(|o| o.id == id)
        .ok_or_else(|| ctx.not_found())
}

/// GET /user/organizations/{organization_id}
pub(crate) fn org_get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = user_org_idx(ctx)?;
    ok(ctx.st.user_orgs[idx].to_json())
}

/// DELETE /user/organizations/{organization_id}
///
/// The schema's 200 body has `id` at the top level and no `result`; the
/// emulator sends the usual envelope with `result: {id}` and also the
/// top-level `id`.
pub(crate) fn org_leave(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = user_org_idx(ctx)?;
    let org = ctx.st.user_orgs.remove(idx);
    ctx.audit(AuditDraft {
        scope: AuditScope::User,
        action_type: "delete",
        v1_action: "leave",
        resource_type: "organization",
        resource_id: org.id.clone(),
        product: "user",
        resource_scope: "user",
        request: json!({}),
    });
    let mut body = envelope(json!({"id": org.id}));
    body["id"] = json!(org.id);
    Ok(Reply {
        status: 200,
        body: Some(body),
    })
}
