//! The generated user and account API tokens.

use super::*;

/// 5 user tokens (the configured one first) and account tokens on accounts 0 to 3.
pub(super) fn tokens(
    rng: &mut Prng,
    base: OffsetDateTime,
    config: &MockConfig,
    user: &User,
    accounts: &[Account],
    pgs: &[PermissionGroup],
) -> Vec<Token> {
    let pg_id = |name: &str| -> String { pg_id_in(pgs, name) };
    // Tokens.
    let mut tokens = Vec::new();
    let all_accounts = json!({"com.cloudflare.api.account.*": "*"});
    let user_res = json!({ format!("com.cloudflare.api.user.{}", user.id): "*" });
    // (name, status, expires_on, not_before, has an IP condition)
    type Spec = (
        &'static str,
        &'static str,
        Option<OffsetDateTime>,
        Option<OffsetDateTime>,
        bool,
    );
    let user_token_specs: [Spec; 5] = [
        ("mock-api-token", "active", None, None, false),
        (
            "CI deploy token",
            "active",
            Some(time::macros::datetime!(2099-01-01 00:00:00 UTC)),
            None,
            false,
        ),
        (
            "Old analytics token",
            "active",
            Some(base - Duration::days(10)),
            None,
            false,
        ),
        ("Disabled DNS token", "disabled", None, None, false),
        (
            "Office-only read token",
            "active",
            None,
            Some(base - Duration::days(20)),
            true,
        ),
    ];
    for (i, (name, status, expires, not_before, cond)) in user_token_specs.iter().enumerate() {
        let id = rng.hex32();
        let value = if i == 0 {
            config.token.clone()
        } else {
            rng.token_value()
        };
        let (groups, resources) = match i {
            0 => {
                let full = full_access_policy(pgs, user, String::new());
                (full.permission_group_ids, full.resources)
            }
            1 => (vec![pg_id("Workers Scripts Write")], all_accounts.clone()),
            2 => (vec![pg_id("Analytics Read")], all_accounts.clone()),
            3 => (vec![pg_id("DNS Write")], all_accounts.clone()),
            _ => (vec![pg_id("User Details Read")], user_res.clone()),
        };
        tokens.push(Token {
            id,
            owner: Owner::User,
            name: (*name).to_owned(),
            value,
            status: (*status).to_owned(),
            issued_on: base - Duration::days(200 - 30 * i as i64),
            modified_on: base - Duration::days(100 - 10 * i as i64),
            last_used_on: (i != 3).then(|| base - Duration::days(i as i64 + 1)),
            expires_on: *expires,
            not_before: *not_before,
            condition: cond.then(|| {
                json!({"request_ip": {"in": ["198.51.100.0/24", "2001:db8::/32"], "not_in": ["198.51.100.7/32"]}})
            }),
            policies: vec![TokenPolicy {
                id: rng.hex32(),
                effect: "allow".to_owned(),
                permission_group_ids: groups,
                resources,
            }],
        });
    }
    let acct_token_names = [
        "Terraform",
        "Log push",
        "Pages deploy",
        "Monitoring",
        "Backup",
        "Billing export",
        "Workers CI",
    ];
    for (ai, acc) in accounts.iter().enumerate().take(4) {
        let n = if ai == 0 { 7 } else { 2 };
        for (k, name) in acct_token_names.iter().enumerate().take(n) {
            tokens.push(Token {
                id: rng.hex32(),
                owner: Owner::Account(acc.id.clone()),
                name: (*name).to_owned(),
                value: rng.token_value(),
                status: if k == 5 { "disabled" } else { "active" }.to_owned(),
                issued_on: base - Duration::days(150 - 7 * k as i64),
                modified_on: base - Duration::days(60 - 3 * k as i64),
                last_used_on: Some(base - Duration::days(k as i64)),
                expires_on: None,
                not_before: None,
                condition: None,
                policies: vec![TokenPolicy {
                    id: rng.hex32(),
                    effect: "allow".to_owned(),
                    permission_group_ids: vec![pg_id(rng.pick::<&str>(MEMBER_PGS))],
                    resources: json!({ format!("com.cloudflare.api.account.{}", acc.id): "*" }),
                }],
            });
        }
    }

    tokens
}
