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
