//! The route table matches the schema exactly, every schema operation is
//! routed, and every operation succeeds on a valid request.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::{Api, RawResponse, start};
use serde_json::{Value, json};

fn spec() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../spec/cloudflare-accounts-user-organizations.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("spec is JSON")
}

/// `(METHOD, path, token_only)` for every operation of the schema.
fn schema_ops() -> Vec<(String, String, bool)> {
    let spec = spec();
    let mut out = Vec::new();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in paths {
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let token_only = op["security"]
                .as_array()
                .is_some_and(|s| s.len() == 1 && s[0].get("api_token").is_some());
            out.push((method.to_uppercase(), path.clone(), token_only));
        }
    }
    out
}

#[test]
fn route_table_equals_schema() {
    let schema: BTreeSet<(String, String)> =
        schema_ops().into_iter().map(|(m, p, _)| (m, p)).collect();
    assert_eq!(schema.len(), 64);
    let ours: BTreeSet<(String, String)> = cloudflare_mock::route_table()
        .into_iter()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    let missing: Vec<_> = schema.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&schema).collect();
    assert!(missing.is_empty(), "routes missing: {missing:?}");
    assert!(extra.is_empty(), "routes not in the schema: {extra:?}");
}

#[test]
fn every_schema_operation_is_routed_with_its_auth() {
    let api = start();
    let unknown = "0123456789abcdef0123456789abcdef";
    for (method, path, token_only) in schema_ops() {
        let concrete: String = path
            .split('/')
            .map(|s| if s.starts_with('{') { unknown } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let body = (method != "GET" && method != "DELETE").then(|| json!({}));
        let r = api.call(&method, &concrete, body.as_ref());
        assert_ne!(r.status, 405, "{method} {path}");
        assert!(
            !(r.status == 404 && r.error_code() == 7000),
            "{method} {path} is not routed"
        );
        assert!(r.status < 500, "{method} {path}: {}", r.status);
        // Token-only operations refuse the global key; the others take it.
        let k = api.call_key(&method, &concrete, body.as_ref());
        if token_only {
            assert_eq!(k.status, 401, "{method} {path} must be token-only");
        } else {
            assert_ne!(k.status, 401, "{method} {path} must accept the key");
            assert_ne!(k.status, 403, "{method} {path} must accept the key");
        }
    }
}

struct Run {
    api: Api,
    seen: BTreeSet<(String, String)>,
}

impl Run {
    /// Calls an operation (identified by its template) and checks success.
    fn op(&mut self, method: &str, template: &str, path: &str, body: Option<Value>) -> Value {
        let r: RawResponse = if template.contains("/tokens") {
            self.api.call(method, path, body.as_ref())
        } else {
            self.api.call_key(method, path, body.as_ref())
        };
        assert!(
            r.status == 200 || r.status == 204,
            "{method} {path}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        assert!(r.header("cf-ray").is_some());
        self.seen.insert((method.to_owned(), template.to_owned()));
        if r.status == 204 {
            assert!(r.body.is_empty(), "{method} {path}: 204 with a body");
            return Value::Null;
        }
        assert_eq!(r.header("content-type"), Some("application/json"));
        let v = r.json();
        assert_eq!(v["success"], json!(true), "{method} {path}");
        assert_eq!(v["errors"], json!([]), "{method} {path}");
        assert!(v["messages"].is_array(), "{method} {path}");
        v
    }
}

fn s(v: &Value) -> String {
    v.as_str().map(str::to_owned).unwrap_or_default()
}

#[test]
fn every_operation_succeeds() {
    let mut run = Run {
        api: start(),
        seen: BTreeSet::new(),
    };
    let profile = json!({"business_name": "B", "business_email": "b@x.example", "business_phone": "1",
                         "business_address": "A", "external_metadata": "{}"});

    // Accounts.
    let v = run.op("GET", "/accounts", "/accounts?per_page=50", None);
    let acc = s(&v["result"][0]["id"]);
    let v = run.op(
        "POST",
        "/accounts",
        "/accounts",
        Some(json!({"name": "All Ops"})),
    );
    let new_acc = s(&v["result"]["id"]);
    run.op(
        "GET",
        "/accounts/{account_id}",
        &format!("/accounts/{acc}"),
        None,
    );
    run.op(
        "PUT",
        "/accounts/{account_id}",
        &format!("/accounts/{new_acc}"),
        Some(json!({"id": new_acc, "name": "All Ops 2", "type": "standard"})),
    );
    let v = run.op(
        "GET",
        "/accounts/{account_id}/organizations",
        &format!("/accounts/{acc}/organizations"),
        None,
    );
    let org = s(&v["result"][0]["id"]);
    run.op(
        "POST",
        "/accounts/{account_id}/move",
        &format!("/accounts/{new_acc}/move"),
        Some(json!({"destination_organization_id": org})),
    );
    run.op(
        "POST",
        "/accounts/move",
        "/accounts/move",
        Some(json!({"account_ids": [new_acc], "destination_organization_id": org})),
    );
    run.op(
        "GET",
        "/accounts/{account_id}/profile",
        &format!("/accounts/{acc}/profile"),
        None,
    );
    run.op(
        "PUT",
        "/accounts/{account_id}/profile",
        &format!("/accounts/{acc}/profile"),
        Some(profile.clone()),
    );
    run.op(
        "GET",
        "/accounts/{account_id}/logs/audit",
        &format!("/accounts/{acc}/logs/audit?since=2024-01-01&before=2100-01-01"),
        None,
    );

    // Roles and members.
    let v = run.op(
        "GET",
        "/accounts/{account_id}/roles",
        &format!("/accounts/{acc}/roles"),
        None,
    );
    let role = s(&v["result"][1]["id"]);
    run.op(
        "GET",
        "/accounts/{account_id}/roles/{role_id}",
        &format!("/accounts/{acc}/roles/{role}"),
        None,
    );
    run.op(
        "GET",
        "/accounts/{account_id}/members",
        &format!("/accounts/{acc}/members"),
        None,
    );
    let v = run.op(
        "POST",
        "/accounts/{account_id}/members",
        &format!("/accounts/{acc}/members"),
        Some(json!({"email": "all.ops@example.com", "roles": [role]})),
    );
    let mid = s(&v["result"]["id"]);
    run.op(
        "GET",
        "/accounts/{account_id}/members/{member_id}",
        &format!("/accounts/{acc}/members/{mid}"),
        None,
    );
    run.op(
        "PUT",
        "/accounts/{account_id}/members/{member_id}",
        &format!("/accounts/{acc}/members/{mid}"),
        Some(json!({"roles": [{"id": role}]})),
    );
    run.op(
        "DELETE",
        "/accounts/{account_id}/members/{member_id}",
        &format!("/accounts/{acc}/members/{mid}"),
        None,
    );

    // Account subscriptions.
    run.op(
        "GET",
        "/accounts/{account_id}/subscriptions",
        &format!("/accounts/{acc}/subscriptions"),
        None,
    );
    let v = run.op(
        "POST",
        "/accounts/{account_id}/subscriptions",
        &format!("/accounts/{acc}/subscriptions"),
        Some(json!({"rate_plan": {"id": "pro"}, "frequency": "monthly"})),
    );
    let sub = s(&v["result"]["id"]);
    let sub_t = "/accounts/{account_id}/subscriptions/{subscription_identifier}";
    run.op(
        "PUT",
        sub_t,
        &format!("/accounts/{acc}/subscriptions/{sub}"),
        Some(json!({"frequency": "yearly"})),
    );
    run.op(
        "DELETE",
        sub_t,
        &format!("/accounts/{acc}/subscriptions/{sub}"),
        None,
    );

    // Account tokens.
    let v = run.op(
        "GET",
        "/accounts/{account_id}/tokens/permission_groups",
        &format!("/accounts/{acc}/tokens/permission_groups"),
        None,
    );
    let pg = s(&v["result"][0]["id"]);
    let policies = json!([{"effect": "allow", "permission_groups": [{"id": pg}], "resources": {"com.cloudflare.api.account.*": "*"}}]);
    run.op(
        "GET",
        "/accounts/{account_id}/tokens",
        &format!("/accounts/{acc}/tokens"),
        None,
    );
    let v = run.op(
        "POST",
        "/accounts/{account_id}/tokens",
        &format!("/accounts/{acc}/tokens"),
        Some(json!({"name": "t", "policies": policies})),
    );
    let tid = s(&v["result"]["id"]);
    run.op(
        "GET",
        "/accounts/{account_id}/tokens/verify",
        &format!("/accounts/{acc}/tokens/verify"),
        None,
    );
    run.op(
        "GET",
        "/accounts/{account_id}/tokens/{token_id}",
        &format!("/accounts/{acc}/tokens/{tid}"),
        None,
    );
    run.op(
        "PUT",
        "/accounts/{account_id}/tokens/{token_id}",
        &format!("/accounts/{acc}/tokens/{tid}"),
        Some(json!({"name": "t2", "policies": policies})),
    );
    run.op(
        "PUT",
        "/accounts/{account_id}/tokens/{token_id}/value",
        &format!("/accounts/{acc}/tokens/{tid}/value"),
        Some(json!({})),
    );
    run.op(
        "DELETE",
        "/accounts/{account_id}/tokens/{token_id}",
        &format!("/accounts/{acc}/tokens/{tid}"),
        None,
    );

    // Organizations.
    let v = run.op(
        "POST",
        "/organizations",
        "/organizations",
        Some(json!({"name": "Ops Org", "profile": profile})),
    );
    let new_org = s(&v["result"]["id"]);
    run.op(
        "GET",
        "/organizations/{organization_id}",
        &format!("/organizations/{org}"),
        None,
    );
    run.op(
        "PUT",
        "/organizations/{organization_id}",
        &format!("/organizations/{new_org}"),
        Some(json!({"name": "Ops Org 2"})),
    );
    run.op(
        "GET",
        "/organizations/{organization_id}/accounts",
        &format!("/organizations/{org}/accounts"),
        None,
    );
    run.op(
        "GET",
        "/organizations/{organization_id}/logs/audit",
        &format!("/organizations/{org}/logs/audit?since=2024-01-01&before=2100-01-01"),
        None,
    );
    run.op(
        "GET",
        "/organizations/{organization_id}/members",
        &format!("/organizations/{org}/members"),
        None,
    );
    let v = run.op(
        "POST",
        "/organizations/{organization_id}/members",
        &format!("/organizations/{new_org}/members"),
        Some(json!({"member": {"user": {"email": "x@example.com"}}})),
    );
    let om = s(&v["result"]["id"]);
    let om_t = "/organizations/{organization_id}/members/{member_id}";
    run.op(
        "GET",
        om_t,
        &format!("/organizations/{new_org}/members/{om}"),
        None,
    );
    run.op(
        "DELETE",
        om_t,
        &format!("/organizations/{new_org}/members/{om}"),
        None,
    );
    run.op(
        "GET",
        "/organizations/{organization_id}/profile",
        &format!("/organizations/{new_org}/profile"),
        None,
    );
    run.op(
        "PUT",
        "/organizations/{organization_id}/profile",
        &format!("/organizations/{new_org}/profile"),
        Some(profile),
    );
    run.op(
        "DELETE",
        "/organizations/{organization_id}",
        &format!("/organizations/{new_org}"),
        None,
    );

    // User.
    run.op("GET", "/user", "/user", None);
    run.op("PATCH", "/user", "/user", Some(json!({"country": "DE"})));
    run.op(
        "GET",
        "/user/audit_logs",
        "/user/audit_logs?per_page=5",
        None,
    );
    run.op(
        "GET",
        "/user/billing/history",
        "/user/billing/history",
        None,
    );
    run.op(
        "GET",
        "/user/billing/profile",
        "/user/billing/profile",
        None,
    );
    let v = run.op("GET", "/user/invites", "/user/invites", None);
    let inv = v["result"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["status"] == json!("pending")))
        .map(|i| s(&i["id"]))
        .unwrap_or_default();
    run.op(
        "GET",
        "/user/invites/{invite_id}",
        &format!("/user/invites/{inv}"),
        None,
    );
    run.op(
        "PATCH",
        "/user/invites/{invite_id}",
        &format!("/user/invites/{inv}"),
        Some(json!({"status": "rejected"})),
    );
    let v = run.op("GET", "/user/organizations", "/user/organizations", None);
    let uo = s(&v["result"][0]["id"]);
    run.op(
        "GET",
        "/user/organizations/{organization_id}",
        &format!("/user/organizations/{uo}"),
        None,
    );
    let v = run.op(
        "DELETE",
        "/user/organizations/{organization_id}",
        &format!("/user/organizations/{uo}"),
        None,
    );
    assert_eq!(v["id"], json!(uo));
    let v = run.op("GET", "/user/subscriptions", "/user/subscriptions", None);
    let us = s(&v["result"][0]["id"]);
    run.op(
        "PUT",
        "/user/subscriptions/{identifier}",
        &format!("/user/subscriptions/{us}"),
        Some(json!({"rate_plan": {"id": "business"}})),
    );
    let v = run.op(
        "DELETE",
        "/user/subscriptions/{identifier}",
        &format!("/user/subscriptions/{us}"),
        None,
    );
    assert_eq!(v["subscription_id"], json!(us));

    // User tokens.
    run.op("GET", "/user/tokens", "/user/tokens", None);
    run.op(
        "GET",
        "/user/tokens/permission_groups",
        "/user/tokens/permission_groups",
        None,
    );
    run.op("GET", "/user/tokens/verify", "/user/tokens/verify", None);
    let v = run.op(
        "POST",
        "/user/tokens",
        "/user/tokens",
        Some(json!({"name": "u", "policies": policies})),
    );
    let ut = s(&v["result"]["id"]);
    run.op(
        "GET",
        "/user/tokens/{token_id}",
        &format!("/user/tokens/{ut}"),
        None,
    );
    run.op(
        "PUT",
        "/user/tokens/{token_id}",
        &format!("/user/tokens/{ut}"),
        Some(json!({"name": "u2", "policies": policies})),
    );
    run.op(
        "PUT",
        "/user/tokens/{token_id}/value",
        &format!("/user/tokens/{ut}/value"),
        Some(json!({})),
    );
    run.op(
        "DELETE",
        "/user/tokens/{token_id}",
        &format!("/user/tokens/{ut}"),
        None,
    );

    // Last: delete the created account.
    run.op(
        "DELETE",
        "/accounts/{account_id}",
        &format!("/accounts/{new_acc}"),
        None,
    );

    let all: BTreeSet<(String, String)> =
        schema_ops().into_iter().map(|(m, p, _)| (m, p)).collect();
    let missed: Vec<_> = all.difference(&run.seen).collect();
    assert!(missed.is_empty(), "operations not exercised: {missed:?}");
}
