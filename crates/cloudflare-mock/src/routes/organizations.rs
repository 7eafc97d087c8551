//! `/organizations`: organizations, their accounts, members and profile.

use serde_json::{Map, Value, json};

use super::{
    AuditDraft, Ctx, Reply, no_content, ok, opt_enum, opt_object, page_token_paginate,
    parse_profile, req_string,
};
use crate::audit::AuditScope;
use crate::errors::{ApiError, CODE_VALIDATION};
use crate::state::{Account, OrgMember, Organization, Profile};

fn draft(
    org_id: &str,
    action: &'static str,
    v1: &'static str,
    rtype: &'static str,
    rid: String,
    request: Value,
) -> AuditDraft {
    AuditDraft {
        scope: AuditScope::Organization(org_id.to_owned()),
        action_type: action,
        v1_action: v1,
        resource_type: rtype,
        resource_id: rid,
        product: "organizations",
        resource_scope: "organizations",
        request,
    }
}

/// `parent` from a body: `None` absent, `Some(None)` null, `Some(Some(id))`.
fn parse_parent(ctx: &Ctx<'_>, m: &Map<String, Value>) -> Result<Option<Option<String>>, ApiError> {
    match m.get("parent") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(_) => {
            let p = opt_object(m, "parent")?.ok_or_else(|| ApiError::missing_field("parent"))?;
            let id = req_string(p, "id", 64)
                .map_err(|e| ApiError::bad_request(format!("parent.{}", e.message)))?;
            if !ctx.st.orgs.iter().any(|o| o.id == id) {
                return Err(ApiError::new(
                    404,
                    CODE_VALIDATION,
                    format!("parent.id: organization {id} not found"),
                ));
            }
            Ok(Some(Some(id)))
        }
    }
}

fn parse_opt_profile(m: &Map<String, Value>) -> Result<Option<Profile>, ApiError> {
    match opt_object(m, "profile")? {
        None => Ok(None),
        Some(p) => parse_profile(p)
            .map(Some)
            .map_err(|e| ApiError::bad_request(format!("profile.{}", e.message))),
    }
}

fn org_name(m: &Map<String, Value>) -> Result<String, ApiError> {
    let name = req_string(m, "name", 255)?;
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("name: must not be empty"));
    }
    Ok(name)
}

/// POST /organizations
pub(crate) fn create(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let m = ctx.body_object()?;
    let name = org_name(&m)?;
    let parent = parse_parent(ctx, &m)?.flatten();
    let profile = parse_opt_profile(&m)?;
    let st = &mut *ctx.st;
    let id = st.new_id();
    let org = Organization {
        id: id.clone(),
        name: name.clone(),
        create_time: ctx.now,
        parent_id: parent,
        profile,
        flags: std::array::from_fn(|_| "enabled".to_owned()),
        hierarchy_tags: Vec::new(),
        managed_by: String::new(),
    };
    let member_id = st.new_id();
    let user = st.user.clone();
    st.org_members.push(OrgMember {
        id: member_id,
        org_id: id.clone(),
        user_id: user.id.clone(),
        email: user.email.clone(),
        name: format!(
            "{} {}",
            user.first_name.unwrap_or_default(),
            user.last_name.unwrap_or_default()
        )
        .trim()
        .to_owned(),
        two_factor_enabled: user.two_factor_enabled,
        status: "active".to_owned(),
        create_time: ctx.now,
        update_time: ctx.now,
    });
    st.orgs.push(org);
    let result = st.orgs.last().map(|o| o.to_json(st)).unwrap_or(Value::Null);
    ctx.audit(draft(
        &id,
        "create",
        "create",
        "organization",
        id.clone(),
        json!({"name": name}),
    ));
    ok(result)
}

/// GET /organizations/{organization_id}
pub(crate) fn get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    ok(ctx.st.orgs[idx].to_json(ctx.st))
}

/// PUT /organizations/{organization_id}
pub(crate) fn update(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    let m = ctx.body_object()?;
    let name = org_name(&m)?;
    let parent = parse_parent(ctx, &m)?;
    let profile = parse_opt_profile(&m)?;
    let id = ctx.st.orgs[idx].id.clone();
    if let Some(Some(pid)) = &parent {
        // No cycles: the new parent must not be this org or below it.
        if ctx.st.org_chain(pid).iter().any(|o| o.id == id) {
            return Err(ApiError::bad_request(
                "parent.id: an organization cannot be its own ancestor",
            ));
        }
    }
    let org = &mut ctx.st.orgs[idx];
    org.name = name.clone();
    if let Some(p) = parent {
        org.parent_id = p;
    }
    if let Some(p) = profile {
        org.profile = Some(p);
    }
    let result = ctx.st.orgs[idx].to_json(ctx.st);
    ctx.audit(draft(
        &id,
        "update",
        "change_setting",
        "organization",
        id.clone(),
        json!({"name": name}),
    ));
    ok(result)
}

/// DELETE /organizations/{organization_id}: only when it holds no
/// accounts and no child organizations.
pub(crate) fn delete(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    let id = ctx.st.orgs[idx].id.clone();
    if ctx.st.accounts.iter().any(|a| a.org_id == id) {
        return Err(ApiError::bad_request(
            "organization_id: the organization still contains accounts; move them first",
        ));
    }
    if ctx
        .st
        .orgs
        .iter()
        .any(|o| o.parent_id.as_deref() == Some(id.as_str()))
    {
        return Err(ApiError::bad_request(
            "organization_id: the organization still has child organizations",
        ));
    }
    ctx.st.orgs.remove(idx);
    ctx.st.org_members.retain(|mm| mm.org_id != id);
    ctx.audit(draft(
        &id,
        "delete",
        "delete",
        "organization",
        id.clone(),
        json!({}),
    ));
    ok(json!({"id": id}))
}

/// Case-insensitive string filters `key`, `key.startsWith`, `key.endsWith`,
/// `key.contains` (first key that is present wins, aliases allowed).
fn text_matches(ctx: &Ctx<'_>, keys: &[&str], value: &str) -> bool {
    let v = value.to_lowercase();
    for key in keys {
        if let Some(want) = ctx.query.get(key) {
            if want.to_lowercase() != v {
                return false;
            }
        }
        for (suffix, f) in [
            (
                "startsWith",
                (|h: &str, n: &str| h.starts_with(n)) as fn(&str, &str) -> bool,
            ),
            ("endsWith", |h: &str, n: &str| h.ends_with(n)),
            ("contains", |h: &str, n: &str| h.contains(n)),
        ] {
            if let Some(want) = ctx.query.get(&format!("{key}.{suffix}")) {
                if !f(&v, &want.to_lowercase()) {
                    return false;
                }
            }
        }
    }
    true
}

/// GET /organizations/{organization_id}/accounts
pub(crate) fn accounts(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    ctx.query.one_of("order_by", &["account_name"])?;
    let direction = ctx.query.one_of("direction", &["asc", "desc"])?;
    let id = ctx.st.orgs[idx].id.clone();
    let mut accounts: Vec<&Account> = ctx
        .st
        .accounts
        .iter()
        .filter(|a| a.org_id == id)
        .filter(|a| text_matches(ctx, &["name", "account_pubname"], &a.name))
        .collect();
    if ctx.query.get("order_by").is_some() || direction.is_some() {
        accounts.sort_by_key(|a| a.name.to_lowercase());
    }
    if direction.as_deref() == Some("desc") {
        accounts.reverse();
    }
    let items = accounts.iter().map(|a| a.to_org_json()).collect();
    let (result, info) = page_token_paginate(&ctx.query, items)?;
    let mut body = super::envelope(result);
    body["result_info"] = info;
    Ok(Reply {
        status: 200,
        body: Some(body),
    })
}

const ORG_MEMBER_STATUSES: &[&str] = &["active", "pending", "rejected", "canceled"];

/// GET /organizations/{organization_id}/members
pub(crate) fn members_list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    let statuses: Vec<String> = ctx
        .query
        .all("status")
        .into_iter()
        .map(str::to_owned)
        .collect();
    if let Some(bad) = statuses
        .iter()
        .find(|s| !ORG_MEMBER_STATUSES.contains(&s.as_str()))
    {
        return Err(ApiError::bad_request(format!(
            "status: must be one of {}, got {bad:?}",
            ORG_MEMBER_STATUSES.join(", ")
        )));
    }
    let id = ctx.st.orgs[idx].id.clone();
    let items: Vec<Value> = ctx
        .st
        .org_members
        .iter()
        .filter(|mm| mm.org_id == id)
        .filter(|mm| statuses.is_empty() || statuses.contains(&mm.status))
        .filter(|mm| text_matches(ctx, &["user.email"], &mm.email))
        .map(OrgMember::to_json)
        .collect();
    let (result, info) = page_token_paginate(&ctx.query, items)?;
    let mut body = super::envelope(result);
    body["result_info"] = info;
    Ok(Reply {
        status: 200,
        body: Some(body),
    })
}

/// POST /organizations/{organization_id}/members
pub(crate) fn member_create(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    let m = ctx.body_object()?;
    let member = opt_object(&m, "member")?.ok_or_else(|| ApiError::missing_field("member"))?;
    let user = opt_object(member, "user")
        .map_err(|e| ApiError::bad_request(format!("member.{}", e.message)))?
        .ok_or_else(|| ApiError::missing_field("member.user"))?;
    let email = req_string(user, "email", 90)
        .map_err(|e| ApiError::bad_request(format!("member.user.{}", e.message)))?;
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(ApiError::bad_request(format!(
            "member.user.email: not a valid email address: {email:?}"
        )));
    }
    let status = opt_enum(member, "status", &["active", "canceled"])
        .map_err(|e| ApiError::bad_request(format!("member.{}", e.message)))?
        .unwrap_or_else(|| "pending".to_owned());
    let org_id = ctx.st.orgs[idx].id.clone();
    if ctx
        .st
        .org_members
        .iter()
        .any(|mm| mm.org_id == org_id && mm.email.eq_ignore_ascii_case(&email))
    {
        return Err(ApiError::conflict(format!(
            "member.user.email: {email} is already a member of this organization"
        )));
    }
    let st = &mut *ctx.st;
    let id = st.new_id();
    let user_id = if email.eq_ignore_ascii_case(&st.user.email) {
        st.user.id.clone()
    } else {
        st.rng.hex32()
    };
    let name = email.split('@').next().unwrap_or_default().to_owned();
    let mm = OrgMember {
        id: id.clone(),
        org_id: org_id.clone(),
        user_id,
        email: email.clone(),
        name,
        two_factor_enabled: false,
        status,
        create_time: ctx.now,
        update_time: ctx.now,
    };
    let result = mm.to_json();
    st.org_members.push(mm);
    ctx.audit(draft(
        &org_id,
        "create",
        "add",
        "organization_member",
        id,
        json!({"email": email}),
    ));
    ok(result)
}

fn org_member_idx(ctx: &Ctx<'_>, org: usize) -> Result<usize, ApiError> {
    let mid = ctx.id_param(1)?;
    let org_id = &ctx.st.orgs[org].id;
    ctx.st
        .org_members
        .iter()
        .position(|mm| mm.id == mid && &mm.org_id == org_id)
        .ok_or_else(|| ctx.not_found())
}

/// GET /organizations/{organization_id}/members/{member_id}
pub(crate) fn member_get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let org = ctx.org_idx(0)?;
    let idx = org_member_idx(ctx, org)?;
    ok(ctx.st.org_members[idx].to_json())
}

/// DELETE /organizations/{organization_id}/members/{member_id} (204)
pub(crate) fn member_delete(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let org = ctx.org_idx(0)?;
    let idx = org_member_idx(ctx, org)?;
    let mm = ctx.st.org_members.remove(idx);
    ctx.audit(draft(
        &mm.org_id,
        "delete",
        "remove",
        "organization_member",
        mm.id.clone(),
        json!({}),
    ));
    no_content()
}

/// GET /organizations/{organization_id}/profile
pub(crate) fn profile_get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    let profile = ctx.st.orgs[idx].profile.clone().unwrap_or_default();
    ok(profile.to_json())
}

/// PUT /organizations/{organization_id}/profile (204)
pub(crate) fn profile_put(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.org_idx(0)?;
    let m = ctx.body_object()?;
    let profile = parse_profile(&m)?;
    let request = profile.to_json();
    ctx.st.orgs[idx].profile = Some(profile);
    let id = ctx.st.orgs[idx].id.clone();
    ctx.audit(draft(
        &id,
        "update",
        "change_setting",
        "organization_profile",
        id.clone(),
        request,
    ));
    no_content()
}
