//! The 200 generated audit events.

use super::*;

/// Seeds 200 audit events over the 90 days before the base date.
pub(super) fn seed_audit(st: &mut State, rng: &mut Prng) {
    let base = base_time();
    let start = base - Duration::days(90);
    let mut drafts: Vec<AuditEvent> = Vec::new();
    let account0 = st.accounts.first().map(|a| (a.id.clone(), a.name.clone()));
    let account0_members: Vec<(String, String, String)> = account0
        .as_ref()
        .map(|(aid, _)| {
            st.members
                .iter()
                .filter(|m| &m.account_id == aid)
                .take(8)
                .map(|m| (m.user_id.clone(), m.email.clone(), m.id.clone()))
                .collect()
        })
        .unwrap_or_default();
    let contexts = ["dash", "dash", "api_token", "api_key"];
    let user_id = st.user.id.clone();
    let user_email = st.user.email.clone();
    let token0 = st.tokens.first().map(|t| (t.id.clone(), t.name.clone()));

    for i in 0..200u64 {
        let minutes = (i * 90 * 24 * 60 / 200) as i64 + rng.below(300) as i64;
        let time = start + Duration::minutes(minutes);
        let bucket = i % 10;
        let (scope, resource_scope) = match bucket {
            0..=5 => match &account0 {
                Some((id, name)) => (AuditScope::Account(id.clone(), name.clone()), "accounts"),
                None => (AuditScope::User, "user"),
            },
            6 => {
                let idx = 1 + rng.below(11) as usize;
                match st.accounts.get(idx) {
                    Some(a) => (
                        AuditScope::Account(a.id.clone(), a.name.clone()),
                        "accounts",
                    ),
                    None => (AuditScope::User, "user"),
                }
            }
            7 | 8 => {
                let o = if bucket == 7 {
                    0
                } else {
                    1 + rng.below(2) as usize
                };
                match st.orgs.get(o) {
                    Some(org) => (AuditScope::Organization(org.id.clone()), "organizations"),
                    None => (AuditScope::User, "user"),
                }
            }
            _ => (AuditScope::User, "user"),
        };
        let (actor_id, actor_email) =
            if matches!(scope, AuditScope::Account(..)) && rng.chance(1, 3) {
                account0_members
                    .get(rng.below(account0_members.len() as u64) as usize)
                    .map(|(id, e, _)| (id.clone(), e.clone()))
                    .unwrap_or((user_id.clone(), user_email.clone()))
            } else {
                (user_id.clone(), user_email.clone())
            };
        let context = (*rng.pick(&contexts)).to_owned();
        let (token_id, token_name) = if context == "api_token" {
            token0
                .clone()
                .map_or((None, None), |(a, b)| (Some(a), Some(b)))
        } else {
            (None, None)
        };
        let kind = rng.below(6);
        let mut zone = None;
        let (action_type, v1_action, rtype, product, resource_scope, method, uri_tail, rid) =
            match (&scope, kind) {
                (AuditScope::Account(..), 0) => {
                    let rid = account0_members
                        .get(rng.below(account0_members.len() as u64) as usize)
                        .map(|m| m.2.clone())
                        .unwrap_or_default();
                    (
                        "create",
                        "add",
                        "member",
                        "members",
                        "memberships",
                        "POST",
                        "/members".to_owned(),
                        rid,
                    )
                }
                (AuditScope::Account(..), 1) => {
                    let rid = rng.hex32();
                    (
                        "update",
                        "change_setting",
                        "member",
                        "members",
                        "memberships",
                        "PUT",
                        format!("/members/{rid}"),
                        rid,
                    )
                }
                (AuditScope::Account(id, _), 2) => (
                    "update",
                    "change_setting",
                    "account",
                    "accounts",
                    resource_scope,
                    "PUT",
                    String::new(),
                    id.clone(),
                ),
                (AuditScope::Account(..), 3) => {
                    let zname = (*rng.pick(ZONES)).to_owned();
                    let zid = stable_hex_id(&zname);
                    zone = Some((zid.clone(), zname));
                    let rid = rng.hex32();
                    (
                        "update",
                        "rec_set",
                        "dns_record",
                        "dns_records",
                        "zones",
                        "PATCH",
                        format!("/zones/{zid}/dns_records/{rid}"),
                        rid,
                    )
                }
                (AuditScope::Account(..), 4) => {
                    let rid = rng.hex32();
                    (
                        "create",
                        "create",
                        "token",
                        "api_tokens",
                        resource_scope,
                        "POST",
                        "/tokens".to_owned(),
                        rid,
                    )
                }
                (AuditScope::Account(..), _) => {
                    let rid = rng.hex32();
                    (
                        "delete",
                        "delete",
                        "subscription",
                        "subscriptions",
                        resource_scope,
                        "DELETE",
                        format!("/subscriptions/{rid}"),
                        rid,
                    )
                }
                (AuditScope::Organization(id), k) if k < 3 => (
                    "update",
                    "change_setting",
                    "organization",
                    "organizations",
                    resource_scope,
                    "PUT",
                    String::new(),
                    id.clone(),
                ),
                (AuditScope::Organization(..), _) => {
                    let rid = rng.hex32();
                    (
                        "create",
                        "add",
                        "organization_member",
                        "organizations",
                        resource_scope,
                        "POST",
                        "/members".to_owned(),
                        rid,
                    )
                }
                (AuditScope::User, k) if k < 4 => (
                    "view",
                    "login",
                    "user",
                    "user",
                    "user",
                    "GET",
                    String::new(),
                    user_id.clone(),
                ),
                (AuditScope::User, _) => (
                    "update",
                    "change_setting",
                    "user",
                    "user",
                    "user",
                    "PATCH",
                    String::new(),
                    user_id.clone(),
                ),
            };
        let raw_uri = match &scope {
            AuditScope::Account(id, _) => {
                if uri_tail.starts_with("/zones") {
                    uri_tail.clone()
                } else {
                    format!("/accounts/{id}{uri_tail}")
                }
            }
            AuditScope::Organization(id) => format!("/organizations/{id}{uri_tail}"),
            AuditScope::User => "/user".to_owned(),
        };
        let success = !rng.chance(1, 25);
        drafts.push(AuditEvent {
            seq: 0,
            id: rng.hex32(),
            v1_id: rng.uuid(),
            time,
            action_type: action_type.to_owned(),
            v1_action: v1_action.to_owned(),
            success,
            actor_id,
            actor_email,
            actor_ip: random_ip(rng),
            actor_context: context,
            actor_type: "user".to_owned(),
            token_id,
            token_name,
            scope,
            resource_id: rid,
            resource_type: rtype.to_owned(),
            resource_product: product.to_owned(),
            resource_scope: resource_scope.to_owned(),
            request: json!({}),
            response: json!({}),
            raw_method: method.to_owned(),
            raw_uri,
            raw_status: if success { 200 } else { 403 },
            cf_ray: rng.hex16(),
            user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15"
                .to_owned(),
            zone,
        });
    }
    drafts.sort_by_key(|e| e.time);
    for mut e in drafts {
        e.seq = st.audit_seq;
        st.audit_seq += 1;
        st.audit.push(e);
    }
}
