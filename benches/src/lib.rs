//! Shared fixtures for the benchmarks (`benches/*.rs`): realistic response bodies.

use serde_json::json;

/// A `GET /accounts` response body with `n` accounts.
pub fn accounts_page(n: usize) -> Vec<u8> {
    let result: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "id": format!("{i:032x}"),
                "name": format!("Account number {i}"),
                "type": if i % 7 == 0 { "enterprise" } else { "standard" },
                "created_on": "2014-03-01T12:21:02.000Z",
                "managed_by": {"parent_org_id": "4536bcfad5faccb111b47003c79917fa", "parent_org_name": "Demo Parent Organization"},
                "settings": {"abuse_contact_email": "abuse@example.com", "enforce_twofactor": i % 2 == 0},
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "success": true,
        "errors": [],
        "messages": [],
        "result": result,
        "result_info": {"page": 1, "per_page": n, "count": n, "total_count": n * 3, "total_pages": 3},
    }))
    .expect("fixture serializes")
}

/// A `GET /accounts/{account_id}/logs/audit` (v2) response body with `n` entries, shaped like
/// the schema's example.
pub fn audit_log_page(n: usize) -> Vec<u8> {
    let result: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "account": {"id": "4bb334f7c94c4a29a045f03944f072e5", "name": "Example Account"},
                "action": {"description": "Add Member", "result": "success", "time": "2024-04-26T17:31:07Z", "type": "create"},
                "actor": {"context": "dash", "email": format!("user{i}@example.com"), "id": "f6b5de0326bb5182b8a4840ee01ec774", "ip_address": "198.41.129.166", "token_id": "", "token_name": "", "type": "user"},
                "id": format!("{i:032x}"),
                "raw": {"cf_ray_id": "8e9b1c60ef9e1c9a", "method": "POST", "status_code": 200, "uri": "/accounts/4bb334f7c94c4a29a045f03944f072e5/members", "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15"},
                "resource": {"id": format!("{i:032x}"), "product": "members", "request": {"email": "new@example.com"}, "response": {}, "scope": {}, "type": "member"},
                "zone": {"id": "", "name": "example.com"},
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "success": true,
        "errors": [],
        "messages": [],
        "result": result,
        "result_info": {"count": n.to_string(), "cursor": "ASqdKd7dKgxh-aZ8bm0mZos1BtW4BdEqifCzNkEeGRzi"},
    }))
    .expect("fixture serializes")
}
