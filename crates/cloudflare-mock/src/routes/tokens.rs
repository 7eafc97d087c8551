//! API tokens: `/user/tokens...` and `/accounts/{account_id}/tokens...`
//! (the `account` flag picks the family), permission groups and verify.

use serde_json::{Map, Value, json};

use super::{
    AuditDraft, Ctx, Reply, item_object, ok, ok_info, opt_enum, opt_object, opt_time, page_params,
    paginate, req_array, req_enum, req_string, single_page_info,
};
use crate::audit::AuditScope;
use crate::errors::ApiError;
use crate::state::{Owner, State, Token, TokenPolicy};

/// The owner for this request's token family (checks the account).
fn owner(ctx: &Ctx<'_>, account: bool) -> Result<Owner, ApiError> {
    if account {
        let acc = ctx.account_idx(0)?;
        Ok(Owner::Account(ctx.st.accounts[acc].id.clone()))
    } else {
        Ok(Owner::User)
    }
}

fn scope(ctx: &Ctx<'_>, owner: &Owner) -> AuditScope {
    match owner {
        Owner::User => AuditScope::User,
        Owner::Account(id) => match ctx.st.accounts.iter().position(|a| &a.id == id) {
            Some(i) => ctx.account_scope(i),
            None => AuditScope::User,
        },
    }
}

fn draft(
    scope: AuditScope,
    action: &'static str,
    v1: &'static str,
    id: String,
    request: Value,
) -> AuditDraft {
    AuditDraft {
        scope,
        action_type: action,
        v1_action: v1,
        resource_type: "token",
        resource_id: id,
        product: "api_tokens",
        resource_scope: "user",
        request,
    }
}

/// Index of the token named by path parameter `param` with this owner.
fn find(ctx: &Ctx<'_>, owner: &Owner, param: usize) -> Result<usize, ApiError> {
    let id = ctx.id_param(param)?;
    ctx.st
        .tokens
        .iter()
        .position(|t| t.id == id && &t.owner == owner)
        .ok_or_else(|| ctx.not_found())
}

/// Validates `iam_resources`: an object whose values are strings or
/// objects of strings.
fn check_resources(v: &Value) -> Result<(), ApiError> {
    let Some(obj) = v.as_object() else {
        return Err(ApiError::bad_request(
            "policies[].resources: must be an object",
        ));
    };
    for (k, val) in obj {
        match val {
            Value::String(_) => {}
            Value::Object(inner) if inner.values().all(Value::is_string) => {}
            _ => {
                return Err(ApiError::bad_request(format!(
                    "policies[].resources.{k}: must be a string or an object of strings"
                )));
            }
        }
    }
    Ok(())
}

fn parse_policies(st: &mut State, items: &[Value]) -> Result<Vec<TokenPolicy>, ApiError> {
    let mut out = Vec::new();
    for item in items {
        let p = item_object(item, "policies")?;
        let effect = req_enum(p, "effect", &["allow", "deny"])
            .map_err(|e| ApiError::bad_request(format!("policies[].{}", e.message)))?;
        let groups = req_array(p, "permission_groups")
            .map_err(|e| ApiError::bad_request(format!("policies[].{}", e.message)))?;
        if groups.is_empty() {
            return Err(ApiError::bad_request(
                "policies[].permission_groups: must not be empty",
            ));
        }
        let mut ids = Vec::new();
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
            ids.push(id);
        }
        let resources = p
            .get("resources")
            .filter(|v| !v.is_null())
            .ok_or_else(|| ApiError::missing_field("policies[].resources"))?;
        check_resources(resources)?;
        out.push(TokenPolicy {
            id: st.rng.hex32(),
            effect,
            permission_group_ids: ids,
            resources: resources.clone(),
        });
    }
    Ok(out)
}

/// Validates `iam_condition`.
fn parse_condition(m: &Map<String, Value>) -> Result<Option<Value>, ApiError> {
    let Some(cond) = opt_object(m, "condition")? else {
        return Ok(None);
    };
    if let Some(ip) = opt_object(cond, "request_ip")
        .map_err(|e| ApiError::bad_request(format!("condition.{}", e.message)))?
    {
        for key in ["in", "not_in"] {
            match ip.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::Array(a)) if a.iter().all(Value::is_string) => {}
                Some(_) => {
                    return Err(ApiError::bad_request(format!(
                        "condition.request_ip.{key}: must be an array of CIDR strings"
                    )));
                }
            }
        }
    }
    Ok(Some(Value::Object(cond.clone())))
}

fn token_name(m: &Map<String, Value>) -> Result<String, ApiError> {
    let name = req_string(m, "name", 120)?;
    if name.trim().is_empty() {
        return Err(ApiError::bad_request("name: must not be empty"));
    }
    Ok(name)
}

/// GET .../tokens
pub(crate) fn list(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    let owner = owner(ctx, account)?;
    let (page, per_page) = page_params(&ctx.query, 20, 5, 50)?;
    let direction = ctx.query.one_of("direction", &["asc", "desc"])?;
    let include_expired = ctx.query.boolean("include_expired", false)?;
    let now = ctx.now;
    let st = &*ctx.st;
    let mut tokens: Vec<&Token> = st
        .tokens
        .iter()
        .filter(|t| t.owner == owner)
        .filter(|t| include_expired || t.effective_status(now) != "expired")
        .collect();
    if direction.as_deref() == Some("desc") {
        tokens.reverse();
    }
    let items = tokens.iter().map(|t| t.to_json(st, now)).collect();
    let (result, info) = paginate(items, page, per_page);
    ok_info(result, info)
}

/// POST .../tokens
pub(crate) fn create(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    let owner = owner(ctx, account)?;
    let m = ctx.body_object()?;
    let name = token_name(&m)?;
    let items = req_array(&m, "policies")?;
    let expires_on = opt_time(&m, "expires_on")?;
    let not_before = opt_time(&m, "not_before")?;
    let condition = parse_condition(&m)?;
    let policies = parse_policies(ctx.st, items)?;
    let id = ctx.st.new_id();
    let value = loop {
        let v = ctx.st.rng.token_value();
        if !ctx.st.tokens.iter().any(|t| t.value == v) {
            break v;
        }
    };
    let token = Token {
        id: id.clone(),
        owner: owner.clone(),
        name: name.clone(),
        value: value.clone(),
        status: "active".to_owned(),
        issued_on: ctx.now,
        modified_on: ctx.now,
        last_used_on: None,
        expires_on,
        not_before,
        condition,
        policies,
    };
    let mut result = token.to_json(ctx.st, ctx.now);
    result["value"] = json!(value);
    ctx.st.tokens.push(token);
    let scope = scope(ctx, &owner);
    ctx.audit(draft(scope, "create", "create", id, json!({"name": name})));
    ok(result)
}

/// GET .../tokens/permission_groups
pub(crate) fn permission_groups(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    owner(ctx, account)?;
    let name = ctx.query.get("name").map(str::to_lowercase);
    let scope = ctx.query.get("scope");
    let items: Vec<Value> = ctx
        .st
        .permission_groups
        .iter()
        .filter(|g| !account || g.scopes.iter().any(|s| *s != "com.cloudflare.api.user"))
        .filter(|g| {
            name.as_ref()
                .is_none_or(|n| g.name.to_lowercase().contains(n.as_str()))
        })
        .filter(|g| scope.is_none_or(|s| g.scopes.contains(&s)))
        .map(|g| g.to_json())
        .collect();
    let info = single_page_info(items.len());
    ok_info(Value::Array(items), info)
}

/// GET .../tokens/verify: reports on the token presented (any valid
/// token, user or account).
pub(crate) fn verify(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    owner(ctx, account)?;
    let id = ctx.actor.token_id.clone().unwrap_or_default();
    let token = ctx.st.tokens.iter().find(|t| t.id == id).ok_or_else(|| {
        ApiError::new(
            401,
            crate::errors::CODE_INVALID_TOKEN,
            "Invalid access token",
        )
    })?;
    let mut result = json!({"id": token.id, "status": token.effective_status(ctx.now)});
    if let Some(t) = token.expires_on {
        result["expires_on"] = json!(crate::state::fmt_time(t));
    }
    if let Some(t) = token.not_before {
        result["not_before"] = json!(crate::state::fmt_time(t));
    }
    Ok(Reply {
        status: 200,
        body: Some({
            let mut b = super::envelope(result);
            b["messages"] =
                json!([{"code": 10000, "message": "This API Token is valid and active"}]);
            b
        }),
    })
}

/// GET .../tokens/{token_id}
pub(crate) fn get(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    let owner = owner(ctx, account)?;
    let idx = find(ctx, &owner, usize::from(account))?;
    ok(ctx.st.tokens[idx].to_json(ctx.st, ctx.now))
}

/// PUT .../tokens/{token_id}
pub(crate) fn update(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    let owner = owner(ctx, account)?;
    let idx = find(ctx, &owner, usize::from(account))?;
    let m = ctx.body_object()?;
    let name = token_name(&m)?;
    let items = req_array(&m, "policies")?;
    let status = opt_enum(&m, "status", &["active", "disabled", "expired"])?;
    let expires_on = opt_time(&m, "expires_on")?;
    let not_before = opt_time(&m, "not_before")?;
    let condition = parse_condition(&m)?;
    let policies = parse_policies(ctx.st, items)?;
    let now = ctx.now;
    let t = &mut ctx.st.tokens[idx];
    t.name = name.clone();
    t.policies = policies;
    if let Some(s) = status {
        t.status = s;
    }
    if m.contains_key("expires_on") {
        t.expires_on = expires_on;
    }
    if m.contains_key("not_before") {
        t.not_before = not_before;
    }
    if m.contains_key("condition") {
        t.condition = condition;
    }
    t.modified_on = now;
    let id = t.id.clone();
    let result = ctx.st.tokens[idx].to_json(ctx.st, now);
    let scope = scope(ctx, &owner);
    ctx.audit(draft(
        scope,
        "update",
        "change_setting",
        id,
        json!({"name": name}),
    ));
    ok(result)
}

/// DELETE .../tokens/{token_id}
pub(crate) fn delete(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    let owner = owner(ctx, account)?;
    let idx = find(ctx, &owner, usize::from(account))?;
    let token = ctx.st.tokens.remove(idx);
    let scope = scope(ctx, &owner);
    ctx.audit(draft(
        scope,
        "delete",
        "delete",
        token.id.clone(),
        json!({}),
    ));
    ok(json!({"id": token.id}))
}

/// PUT .../tokens/{token_id}/value: a new secret; the old one stops working.
pub(crate) fn roll(ctx: &mut Ctx<'_>, account: bool) -> Result<Reply, ApiError> {
    let owner = owner(ctx, account)?;
    let idx = find(ctx, &owner, usize::from(account))?;
    ctx.body_object_or_empty()?;
    let value = loop {
        let v = ctx.st.rng.token_value();
        if !ctx.st.tokens.iter().any(|t| t.value == v) {
            break v;
        }
    };
    let t = &mut ctx.st.tokens[idx];
    t.value = value.clone();
    t.modified_on = ctx.now;
    let id = t.id.clone();
    let scope = scope(ctx, &owner);
    ctx.audit(draft(scope, "update", "roll", id, json!({})));
    ok(json!(value))
}
