//! `/accounts`, `/accounts/{id}`, account move, account organizations,
//! account profile and (legacy) roles.

use serde_json::{Value, json};

use super::{
    AuditDraft, Ctx, Reply, no_content, ok, ok_info, opt_bool, opt_enum, opt_object, opt_string,
    page_params, paginate, paginate_with, parse_profile, req_array, req_string,
};
use crate::audit::AuditScope;
use crate::errors::{ApiError, CODE_VALIDATION};
use crate::policy::{ACCOUNT_READ, Resource};
use crate::router::well_formed_id;
use crate::state::{Account, Member, MemberPolicy, Owner, Profile};

const ACCOUNT_TYPES: &[&str] = &["standard", "enterprise"];

/// GET /accounts
pub(crate) fn list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let (page, per_page) = page_params(&ctx.query, 20, 5, 50)?;
    let direction = ctx.query.one_of("direction", &["asc", "desc"])?;
    let name = ctx.query.get("name").map(str::to_lowercase);
    let st = &*ctx.st;
    // One pass over the memberships, not one per account.
    let accessible: std::collections::HashSet<&str> = st
        .members
        .iter()
        .filter(|m| m.user_id == st.user.id && m.status == "accepted")
        .map(|m| m.account_id.as_str())
        .collect();
    let mut accounts: Vec<&Account> = st
        .accounts
        .iter()
        .filter(|a| accessible.contains(a.id.as_str()))
        .filter(|a| {
            ctx.actor
                .access
                .allows(ACCOUNT_READ, Resource::Account(&a.id))
        })
        .filter(|a| {
            name.as_ref()
                .is_none_or(|n| a.name.to_lowercase().contains(n.as_str()))
        })
        .collect();
    if let Some(d) = direction {
        accounts.sort_by_key(|a| a.name.to_lowercase());
        if d == "desc" {
            accounts.reverse();
        }
    }
    if ctx.meta.accounts_ignore_page {
        // The reported bug: `page` is ignored; page 1 comes back every time
        // and `total_pages` says 1.
        let (result, mut info) = paginate_with(accounts, 1, per_page, |a| a.to_json(st));
        info["page"] = json!(page);
        info["total_pages"] = json!(1);
        return ok_info(result, info);
    }
    let (result, info) = paginate_with(accounts, page, per_page, |a| a.to_json(st));
    ok_info(result, info)
}

/// POST /accounts
pub(crate) fn create(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let m = ctx.body_object()?;
    let name = req_string(&m, "name", 100)?;
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("name: must not be empty"));
    }
    let kind = opt_enum(&m, "type", ACCOUNT_TYPES)?.unwrap_or_else(|| "standard".to_owned());
    let unit = opt_object(&m, "unit")?;
    let org_id = match unit.map(|u| opt_string(u, "id", 64)) {
        Some(Err(_)) => return Err(ApiError::bad_request("unit.id: must be a string")),
        Some(Ok(Some(id))) => {
            if !ctx.st.orgs.iter().any(|o| o.id == id) {
                return Err(ApiError::new(
                    404,
                    CODE_VALIDATION,
                    format!("unit.id: unit {id} not found"),
                ));
            }
            id
        }
        _ => ctx
            .st
            .orgs
            .first()
            .map(|o| o.id.clone())
            .unwrap_or_default(),
    };
    let st = &mut *ctx.st;
    let id = st.new_id();
    let roles = crate::world::roles(&mut st.rng);
    let super_admin = roles.first().map(|r| r.id.clone()).unwrap_or_default();
    let resource_group_id = st.rng.hex32();
    let account = Account {
        id: id.clone(),
        name: name.clone(),
        kind,
        created_on: ctx.now,
        abuse_contact_email: None,
        enforce_twofactor: false,
        api_access_enabled: true,
        org_id,
        profile: Profile {
            business_name: name.clone(),
            ..Profile::default()
        },
        roles,
        resource_group_id: resource_group_id.clone(),
    };
    let member_id = st.new_id();
    let policy_id = st.rng.hex32();
    let user = st.user.clone();
    st.members.push(Member {
        id: member_id,
        account_id: id.clone(),
        user_id: user.id.clone(),
        email: user.email.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        two_factor_enabled: user.two_factor_enabled,
        status: "accepted".to_owned(),
        role_ids: vec![super_admin],
        policies: vec![MemberPolicy {
            id: policy_id,
            access: "allow".to_owned(),
            permission_group_ids: st
                .permission_groups
                .iter()
                .filter(|g| g.name == "Account Settings Write" || g.name == "Billing Write")
                .map(|g| g.id.clone())
                .collect(),
            resource_group_ids: vec![resource_group_id],
        }],
    });
    st.accounts.push(account);
    let idx = st.accounts.len() - 1;
    let result = st.accounts[idx].to_json(st);
    let scope = ctx.account_scope(idx);
    ctx.audit(AuditDraft {
        scope,
        action_type: "create",
        v1_action: "create",
        resource_type: "account",
        resource_id: id,
        product: "accounts",
        resource_scope: "accounts",
        request: json!({"name": name}),
    });
    ok(result)
}

/// GET /accounts/{account_id}
pub(crate) fn get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    ok(ctx.st.accounts[idx].to_json(ctx.st))
}

/// PUT /accounts/{account_id}
pub(crate) fn update(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    let m = ctx.body_object()?;
    let id = req_string(&m, "id", 32)?;
    let name = req_string(&m, "name", 100)?;
    let kind =
        opt_enum(&m, "type", ACCOUNT_TYPES)?.ok_or_else(|| ApiError::missing_field("type"))?;
    if id != ctx.st.accounts[idx].id {
        return Err(ApiError::bad_request(
            "id: does not match the account_id in the path",
        ));
    }
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("name: must not be empty"));
    }
    let settings = opt_object(&m, "settings")?;
    let (abuse, twofa) = match settings {
        Some(s) => (
            opt_string(s, "abuse_contact_email", 90)
                .map_err(|e| ApiError::bad_request(format!("settings.{}", e.message)))?,
            opt_bool(s, "enforce_twofactor")
                .map_err(|e| ApiError::bad_request(format!("settings.{}", e.message)))?,
        ),
        None => (None, None),
    };
    let account = &mut ctx.st.accounts[idx];
    account.name = name.clone();
    account.kind = kind;
    if let Some(a) = abuse {
        account.abuse_contact_email = Some(a);
    }
    if let Some(t) = twofa {
        account.enforce_twofactor = t;
    }
    let result = ctx.st.accounts[idx].to_json(ctx.st);
    let scope = ctx.account_scope(idx);
    ctx.audit(AuditDraft {
        scope,
        action_type: "update",
        v1_action: "change_setting",
        resource_type: "account",
        resource_id: id,
        product: "accounts",
        resource_scope: "accounts",
        request: json!({"name": name}),
    });
    ok(result)
}

/// DELETE /accounts/{account_id}
pub(crate) fn delete(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    let scope = ctx.account_scope(idx);
    let st = &mut *ctx.st;
    let account = st.accounts.remove(idx);
    let id = account.id;
    st.members.retain(|m| m.account_id != id);
    st.invites.retain(|i| i.account_id != id);
    st.tokens.retain(|t| t.owner != Owner::Account(id.clone()));
    st.subscriptions
        .retain(|s| s.owner != Owner::Account(id.clone()));
    ctx.audit(AuditDraft {
        scope,
        action_type: "delete",
        v1_action: "delete",
        resource_type: "account",
        resource_id: id.clone(),
        product: "accounts",
        resource_scope: "accounts",
        request: json!({}),
    });
    ok(json!({"id": id}))
}

fn org_not_found(id: &str) -> ApiError {
    ApiError::new(
        404,
        CODE_VALIDATION,
        format!("destination_organization_id: organization {id} not found"),
    )
}

/// Moves account `idx` to organization `dest`; returns the source org id.
fn move_account(ctx: &mut Ctx<'_>, idx: usize, dest: &str) -> String {
    let source = std::mem::replace(&mut ctx.st.accounts[idx].org_id, dest.to_owned());
    let account_id = ctx.st.accounts[idx].id.clone();
    let scope = ctx.account_scope(idx);
    let request = json!({"destination_organization_id": dest, "source_organization_id": source});
    ctx.audit(AuditDraft {
        scope,
        action_type: "update",
        v1_action: "move",
        resource_type: "account",
        resource_id: account_id.clone(),
        product: "accounts",
        resource_scope: "accounts",
        request: request.clone(),
    });
    ctx.audit(AuditDraft {
        scope: AuditScope::Organization(dest.to_owned()),
        action_type: "update",
        v1_action: "move",
        resource_type: "account",
        resource_id: account_id,
        product: "organizations",
        resource_scope: "organizations",
        request,
    });
    source
}

/// POST /accounts/{account_id}/move
pub(crate) fn move_one(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    let m = ctx.body_object()?;
    let dest = req_string(&m, "destination_organization_id", 64)?;
    if !ctx.st.orgs.iter().any(|o| o.id == dest) {
        return Err(org_not_found(&dest));
    }
    let account_id = ctx.st.accounts[idx].id.clone();
    let source = move_account(ctx, idx, &dest);
    ok(json!({
        "account_id": account_id,
        "source_organization_id": source,
        "destination_organization_id": dest,
    }))
}

/// POST /accounts/move
pub(crate) fn batch_move(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let m = ctx.body_object()?;
    let ids = req_array(&m, "account_ids")?;
    let dest = req_string(&m, "destination_organization_id", 64)?;
    if ids.is_empty() {
        return Err(ApiError::bad_request("account_ids: must not be empty"));
    }
    let mut idxs = Vec::new();
    for v in ids {
        let Some(id) = v.as_str() else {
            return Err(ApiError::bad_request("account_ids: items must be strings"));
        };
        if !well_formed_id(id) {
            return Err(ApiError::bad_request(format!(
                "account_ids: {id:?} is not a valid account identifier"
            )));
        }
        let idx = ctx.st.accessible_account(id).ok_or_else(|| {
            ApiError::new(
                404,
                CODE_VALIDATION,
                format!("account_ids: account {id} not found"),
            )
        })?;
        if !idxs.contains(&idx) {
            idxs.push(idx);
        }
    }
    if !ctx.st.orgs.iter().any(|o| o.id == dest) {
        return Err(org_not_found(&dest));
    }
    let mut tags = Vec::new();
    for idx in &idxs {
        tags.push(ctx.st.accounts[*idx].id.clone());
        move_account(ctx, *idx, &dest);
    }
    ok(json!({
        "statuses": {
            "tag": tags.join(","),
            "moved": true,
            "message": format!("moved {} account(s) to organization {dest}", idxs.len()),
        }
    }))
}

/// GET /accounts/{account_id}/organizations
pub(crate) fn organizations(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    let st = &*ctx.st;
    let chain: Vec<Value> = st
        .org_chain(&st.accounts[idx].org_id)
        .into_iter()
        .map(|o| o.to_json(st))
        .collect();
    ok(Value::Array(chain))
}

/// GET /accounts/{account_id}/profile
pub(crate) fn profile_get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    ok(ctx.st.accounts[idx].profile.to_json())
}

/// PUT /accounts/{account_id}/profile (204)
pub(crate) fn profile_put(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    let m = ctx.body_object()?;
    let profile = parse_profile(&m)?;
    let request = profile.to_json();
    ctx.st.accounts[idx].profile = profile;
    let id = ctx.st.accounts[idx].id.clone();
    let scope = ctx.account_scope(idx);
    ctx.audit(AuditDraft {
        scope,
        action_type: "update",
        v1_action: "change_setting",
        resource_type: "account_profile",
        resource_id: id,
        product: "accounts",
        resource_scope: "accounts",
        request,
    });
    no_content()
}

/// GET /accounts/{account_id}/roles
pub(crate) fn roles_list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    let (page, per_page) = page_params(&ctx.query, 20, 5, 50)?;
    let items = ctx.st.accounts[idx]
        .roles
        .iter()
        .map(|r| r.to_json())
        .collect();
    let (result, info) = paginate(items, page, per_page);
    ok_info(result, info)
}

/// GET /accounts/{account_id}/roles/{role_id}
pub(crate) fn role_get(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = ctx.account_idx(0)?;
    let role_id = ctx.id_param(1)?;
    let role = ctx.st.accounts[idx]
        .roles
        .iter()
        .find(|r| r.id == role_id)
        .ok_or_else(|| ctx.not_found())?;
    ok(role.to_json())
}
