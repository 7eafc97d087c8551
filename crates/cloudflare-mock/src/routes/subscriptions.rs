//! Account subscriptions (`/accounts/{id}/subscriptions`) and user
//! subscriptions (`/user/subscriptions`).

use serde_json::{Map, Value, json};

use super::{
    AuditDraft, Ctx, Reply, envelope, ok, ok_info, opt_enum, opt_object, single_page_info,
};
use crate::audit::AuditScope;
use crate::errors::ApiError;
use crate::state::{Owner, RATE_PLANS, RatePlan, Subscription};
use crate::world::price_for;

const FREQUENCIES: &[&str] = &["weekly", "monthly", "quarterly", "yearly"];

/// `(frequency, rate plan with its monthly price)` from a body; both
/// optional. Read-only fields (`id`, `price`, `state`, ...) are ignored.
/// Frequency and rate plan (with its monthly price) changes from a body.
type Changes = (Option<String>, Option<(RatePlan, f64)>);

fn parse_changes(m: &Map<String, Value>) -> Result<Changes, ApiError> {
    let frequency = opt_enum(m, "frequency", FREQUENCIES)?;
    let plan = match opt_object(m, "rate_plan")? {
        None => None,
        Some(rp) => {
            let ids: Vec<&str> = RATE_PLANS.iter().map(|(id, _, _)| *id).collect();
            let id = opt_enum(rp, "id", &ids)
                .map_err(|e| ApiError::bad_request(format!("rate_plan.{}", e.message)))?
                .ok_or_else(|| ApiError::missing_field("rate_plan.id"))?;
            RatePlan::known(&id)
        }
    };
    Ok((frequency, plan))
}

fn list_for(ctx: &Ctx<'_>, owner: &Owner) -> Result<Reply, ApiError> {
    let items: Vec<Value> = ctx
        .st
        .subscriptions
        .iter()
        .filter(|s| &s.owner == owner)
        .map(Subscription::to_json)
        .collect();
    let info = single_page_info(items.len());
    ok_info(Value::Array(items), info)
}

fn find(ctx: &Ctx<'_>, owner: &Owner, param: usize) -> Result<usize, ApiError> {
    let id = ctx.id_param(param)?;
    ctx.st
        .subscriptions
        .iter()
        .position(|s| s.id == id && &s.owner == owner)
        .ok_or_else(|| ctx.not_found())
}

fn apply(ctx: &mut Ctx<'_>, idx: usize, m: &Map<String, Value>) -> Result<(), ApiError> {
    let (frequency, plan) = parse_changes(m)?;
    let now = ctx.now;
    let sub = &mut ctx.st.subscriptions[idx];
    let monthly = match &plan {
        Some((_, price)) => *price,
        None => RatePlan::known(&sub.rate_plan.id).map_or(sub.price, |(_, p)| p),
    };
    if let Some((rp, _)) = plan {
        sub.rate_plan = rp;
    }
    if let Some(f) = frequency {
        sub.frequency = f;
    }
    let (price, period) = price_for(monthly, &sub.frequency);
    sub.price = price;
    sub.period_start = now;
    sub.period_end = now + period;
    Ok(())
}

fn scope_of(ctx: &Ctx<'_>, owner: &Owner) -> AuditScope {
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
        resource_type: "subscription",
        resource_id: id,
        product: "subscriptions",
        resource_scope: "accounts",
        request,
    }
}

fn account_owner(ctx: &Ctx<'_>) -> Result<Owner, ApiError> {
    let acc = ctx.account_idx(0)?;
    Ok(Owner::Account(ctx.st.accounts[acc].id.clone()))
}

/// GET /accounts/{account_id}/subscriptions
pub(crate) fn account_list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let owner = account_owner(ctx)?;
    list_for(ctx, &owner)
}

/// POST /accounts/{account_id}/subscriptions
pub(crate) fn account_create(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let owner = account_owner(ctx)?;
    let m = ctx.body_object()?;
    let (frequency, plan) = parse_changes(&m)?;
    let Some((rate_plan, monthly)) = plan else {
        return Err(ApiError::missing_field("rate_plan"));
    };
    let frequency = frequency.unwrap_or_else(|| "monthly".to_owned());
    let (price, period) = price_for(monthly, &frequency);
    let id = ctx.st.new_id();
    let sub = Subscription {
        id: id.clone(),
        owner: owner.clone(),
        currency: rate_plan.currency.clone(),
        state: if price > 0.0 { "Paid" } else { "Provisioned" }.to_owned(),
        rate_plan,
        frequency,
        price,
        period_start: ctx.now,
        period_end: ctx.now + period,
    };
    let result = sub.to_json();
    ctx.st.subscriptions.push(sub);
    let scope = scope_of(ctx, &owner);
    ctx.audit(draft(scope, "create", "add", id, Value::Object(m)));
    ok(result)
}

/// PUT /accounts/{account_id}/subscriptions/{subscription_identifier}
pub(crate) fn account_update(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let owner = account_owner(ctx)?;
    let idx = find(ctx, &owner, 1)?;
    let m = ctx.body_object()?;
    apply(ctx, idx, &m)?;
    let sub = &ctx.st.subscriptions[idx];
    let (id, result) = (sub.id.clone(), sub.to_json());
    let scope = scope_of(ctx, &owner);
    ctx.audit(draft(
        scope,
        "update",
        "change_setting",
        id,
        Value::Object(m),
    ));
    ok(result)
}

/// DELETE /accounts/{account_id}/subscriptions/{subscription_identifier}
pub(crate) fn account_delete(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let owner = account_owner(ctx)?;
    let idx = find(ctx, &owner, 1)?;
    let sub = ctx.st.subscriptions.remove(idx);
    let scope = scope_of(ctx, &owner);
    ctx.audit(draft(scope, "delete", "delete", sub.id.clone(), json!({})));
    ok(json!({"subscription_id": sub.id}))
}

/// GET /user/subscriptions
pub(crate) fn user_list(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    list_for(ctx, &Owner::User)
}

/// PUT /user/subscriptions/{identifier}
pub(crate) fn user_update(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = find(ctx, &Owner::User, 0)?;
    let m = ctx.body_object()?;
    apply(ctx, idx, &m)?;
    let sub = &ctx.st.subscriptions[idx];
    let (id, result) = (sub.id.clone(), sub.to_json());
    ctx.audit(draft(
        AuditScope::User,
        "update",
        "change_setting",
        id,
        Value::Object(m),
    ));
    ok(result)
}

/// DELETE /user/subscriptions/{identifier}
///
/// The schema's 200 body has `subscription_id` at the top level and no
/// `result`; the emulator sends the usual envelope with
/// `result: {subscription_id}` and also the top-level `subscription_id`.
pub(crate) fn user_delete(ctx: &mut Ctx<'_>) -> Result<Reply, ApiError> {
    let idx = find(ctx, &Owner::User, 0)?;
    let sub = ctx.st.subscriptions.remove(idx);
    ctx.audit(draft(
        AuditScope::User,
        "delete",
        "delete",
        sub.id.clone(),
        json!({}),
    ));
    let mut body = envelope(json!({"subscription_id": sub.id}));
    body["subscription_id"] = json!(sub.id);
    Ok(Reply {
        status: 200,
        body: Some(body),
    })
}
