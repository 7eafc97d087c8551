//! `/accounts/{account_id}/members`.

use serde_json::{Map, Value, json};

use super::{
    AuditDraft, Ctx, Reply, item_object, ok, ok_info, opt_array, opt_enum, page_params, paginate,
    req_array, req_enum, req_string,
};
use crate::errors::ApiError;
use crate::state::{Member, MemberPolicy, State};

/// Parses `iam_create_member_policy` items.
fn parse_policies(
    st: &mut State,
    account_idx: usize,
    items: &[Value],
) -> Result<Vec<MemberPolicy>, ApiError> {
    let mut out = Vec::new();
    for item in items {
        let p = item_object(item, "policies")?;
        let access = req_enum(p, "access", &["allow", "deny"])
            .map_err(|e| ApiError::bad_request(format!("policies[].{}", e.message)))?;
        let groups = req_array(p, "permission_groups")
            .map_err(|e| ApiError::bad_request(format!("policies[].{}", e.message)))?;
        let mut pg_ids = Vec::new();
        for g in groups {
            let g = item_object(g, "policies[].permission_groups")?;
            let id = req_string(g, "id", 64).map_err(|e| {
                ApiError::bad_request(format!("policies[].permission_groups[].{}", e.message))
            })?;
            if !st.permission_groups.iter().any(|pg| pg.id == id) {
                return Err(ApiError::bad_request(format!(
                    "policies[].permission_groups[].id: unknown permission group {id}"
                )));
            }
            pg_ids.push(id);
        }
        let resources = req_array(p, "resource_groups")
            .map_err(|e| ApiError::bad_request(format!("policies[].{}", e.message)))?;
        let mut rg_ids = Vec::new();
        for r in resources {
            let r = item_object(r, "policies[].resource_groups")?;
            let id = req_string(r, "id", 64).map_err(|e| {
                ApiError::bad_request(format!("policies[].resource_groups[].{}", e.message))
            })?;
            rg_ids.push(id);
        }
        if rg_ids.is_empty() {
            if let Some(a) = st.accounts.get(account_idx) {
                rg_ids.push(a.resource_group_id.clone());
            }
        }
        out.push(MemberPolicy {
            id: st.rng.hex32(),
            access,
            permission_group_ids: pg_ids,
            resource_group_ids: rg_ids,
        });
    }
    Ok(out)
}

/// Role ids from a `roles` array of ids (create) or of role objects
/// (update); each must be a role of the account.
fn parse_roles(st: &State, account_idx: usize, items: &[Value]) -> Result<Vec<String>, ApiError> {
    let roles = st
        .accounts
        .get(account_idx)
        .map(|a| &a.roles[..])
        .unwrap_or(&[]);
    let mut out = Vec::new();
    for item in items {
        let id = match item {
            Value::String(s) => s.clone(),
            Value::Object(o) => req_string(o, "id", 64)
                .map_err(|e| ApiError::bad_request(format!("roles[].{}", e.message)))?,
            _ => return Err(ApiError::bad_request("roles: items must be role ids")),
        };
        if !roles.iter().any(|r| r.id == id) {
            return Err(ApiError::bad_request(format!("roles: unknown role {id}")));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Index of the member named by path parameter 1 within account `acc`.
fn member_idx(ctx: &Ctx<'_>, acc: usize) -> Result<usize, ApiError> {
    let mid = ctx.id_param(1)?;
    let account_id = &ctx.st.accounts[acc].id;
    ctx.st
        .members
        .iter()
        .position(|m| m.id == mid && &m.account_id == account_id)
        .ok_or_else(|| ctx.not_found())
}

/// GET /accounts/{account_id}/members
pub(crate) fn list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let acc = ctx.account_idx(0)?;
    let q = &ctx.query;
    let order = q.one_of(
        "order",
        &["user.first_name", "user.last_name", "user.email", "status"],
    )?;
    let status = q.one_of("status", &["accepted", "pending", "rejected"])?;
    let direction = q.one_of("direction", &["asc", "desc"])?;
    let (page, per_page) = page_params(q, 20, 5, 50)?;
    let st = &*ctx.st;
    let account_id = &st.accounts[acc].id;
    let mut members: Vec<&Member> = st
        .members
        .iter()
        .filter(|m| &m.account_id == account_id)
        .filter(|m| status.as_ref().is_none_or(|s| &m.status == s))
        .collect();
    if let Some(o) = order.as_deref() {
        let key = |m: &Member| -> String {
            match o {
                "user.first_name" => m.first_name.clone().unwrap_or_default().to_lowercase(),
                "user.last_name" => m.last_name.clone().unwrap_or_default().to_lowercase(),
                "user.email" => m.email.to_lowercase(),
                _ => m.status.clone(),
            }
        };
        members.sort_by_key(|m| key(m));
    }
    if direction.as_deref() == Some("desc") {
        members.reverse();
    }
    let items = members.iter().map(|m| m.to_json(st)).collect();
    let (result, info) = paginate(items, page, per_page);
    ok_info(result, info)
}

/// POST /accounts/{account_id}/members
pub(crate) fn create(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let acc = ctx.account_idx(0)?;
    let m: Map<String, Value> = ctx.body_object()?;
    let email = req_string(&m, "email", 90)?;
    if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
        return Err(ApiError::bad_request(format!(
            "email: not a valid email address: {email:?}"
        )));
    }
    let status =
        opt_enum(&m, "status", &["accepted", "pending"])?.unwrap_or_else(|| "pending".to_owned());
    let (role_ids, policies) = if let Some(items) = opt_array(&m, "policies")? {
        let p = parse_policies(ctx.st, acc, items)?;
        let r = match opt_array(&m, "roles")? {
            Some(roles) => parse_roles(ctx.st, acc, roles)?,
            None => Vec::new(),
        };
        (r, p)
    } else {
        let Some(roles) = opt_array(&m, "roles")? else {
            return Err(ApiError::bad_request(
                "roles: required field is missing (or give policies)",
            ));
        };
        (parse_roles(ctx.st, acc, roles)?, Vec::new())
    };
    let st = &mut *ctx.st;
    let account_id = st.accounts[acc].id.clone();
    if st
        .members
        .iter()
        .any(|x| x.account_id == account_id && x.email.eq_ignore_ascii_case(&email))
    {
        return Err(ApiError::conflict(format!(
            "email: {email} is already a member of this account"
        )));
    }
    let id = st.new_id();
    let user_id = if email.eq_ignore_ascii_case(&st.user.email) {
        st.user.id.clone()
    } else {
        st.rng.hex32()
    };
    st.members.push(Member {
        id: id.clone(),
        account_id,
        user_id,
        email: email.clone(),
        first_name: None,
        last_name: None,
        two_factor_enabled: false,
        status,
        role_ids,
        policies,
    });
    let result = st
        .members
        .last()
        .map(|x| x.to_json(st))
        .unwrap_or(Value::Null);
    let scope = ctx.account_scope(acc);
    ctx.audit(AuditDraft {
        scope,
        action_type: "create",
        v1_action: "add",
        resource_type: "member",
        resource_id: id,
        product: "members",
        resource_scope: "memberships",
        request: json!({"email": email}),
    });
    ok(result)
}

/// GET /accounts/{account_id}/members/{member_id}
pub(crate) fn get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let acc = ctx.account_idx(0)?;
    let idx = member_idx(ctx, acc)?;
    ok(ctx.st.members[idx].to_json(ctx.st))
}

/// PUT /accounts/{account_id}/members/{member_id}
pub(crate) fn update(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let acc = ctx.account_idx(0)?;
    let idx = member_idx(ctx, acc)?;
    let m = ctx.body_object()?;
    if let Some(items) = opt_array(&m, "policies")? {
        let p = parse_policies(ctx.st, acc, items)?;
        ctx.st.members[idx].policies = p;
        if let Some(roles) = opt_array(&m, "roles")? {
            let r = parse_roles(ctx.st, acc, roles)?;
            ctx.st.members[idx].role_ids = r;
        }
    } else if let Some(roles) = opt_array(&m, "roles")? {
        let r = parse_roles(ctx.st, acc, roles)?;
        ctx.st.members[idx].role_ids = r;
    } else {
        return Err(ApiError::bad_request(
            "roles: required field is missing (or give policies)",
        ));
    }
    let id = ctx.st.members[idx].id.clone();
    let result = ctx.st.members[idx].to_json(ctx.st);
    let scope = ctx.account_scope(acc);
    ctx.audit(AuditDraft {
        scope,
        action_type: "update",
        v1_action: "change_setting",
        resource_type: "member",
        resource_id: id,
        product: "members",
        resource_scope: "memberships",
        request: Value::Object(m),
    });
    ok(result)
}

/// DELETE /accounts/{account_id}/members/{member_id}
pub(crate) fn delete(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let acc = ctx.account_idx(0)?;
    let idx = member_idx(ctx, acc)?;
    let scope = ctx.account_scope(acc);
    let member = ctx.st.members.remove(idx);
    ctx.st.invites.retain(|i| i.member_id != member.id);
    ctx.audit(AuditDraft {
        scope,
        action_type: "delete",
        v1_action: "remove",
        resource_type: "member",
        resource_id: member.id.clone(),
        product: "members",
        resource_scope: "memberships",
        request: json!({}),
    });
    ok(json!({"id": member.id}))
}
