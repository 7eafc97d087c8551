//! Behaviour of the emulated API over real HTTP.

mod common;

use std::collections::HashSet;

use cloudflare_mock::{MockConfig, MockServer};
use common::{Api, assert_error, request, start};
use serde_json::{Value, json};

#[test]
fn base_url_format_and_headers() {
    let api = start();
    let base = api.server.base_url();
    let port = api.addr().port();
    assert_eq!(base, format!("http://127.0.0.1:{port}/client/v4"));
    assert!(!base.ends_with('/'));
    let r = api.call("GET", "/user", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let ray = r.header("cf-ray").map(str::to_owned).unwrap_or_default();
    assert!(ray.ends_with("-SJC"), "{ray}");
    let r2 = api.call("GET", "/user", None);
    assert_ne!(
        r2.header("cf-ray"),
        Some(ray.as_str()),
        "cf-ray must be unique"
    );
    let v = r.json();
    assert_eq!(v["result"]["email"], json!("user@example.com"));
    assert_eq!(v["errors"], json!([]));
    assert_eq!(v["messages"], json!([]));
}

#[test]
fn refuses_non_loopback() {
    let cfg = MockConfig {
        listen: "0.0.0.0:0".parse().expect("addr"),
        ..MockConfig::default()
    };
    let err = MockServer::start(cfg.clone()).expect_err("must refuse");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    // With the explicit opt-in it listens on every interface, reachable through loopback too.
    let server = MockServer::start(MockConfig {
        allow_remote: true,
        ..cfg
    })
    .expect("starts with allow_remote");
    assert!(server.addr().ip().is_unspecified());
    let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], server.addr().port()));
    let r = request(loopback, "GET", "/client/v4/user", &[], None).expect("answered");
    assert_eq!(r.status, 401, "{}", String::from_utf8_lossy(&r.body));
}

/// (what, headers, expected status, expected error code)
type AuthCase<'a> = (&'a str, &'a [(&'a str, &'a str)], u16, i64);

#[test]
fn auth_errors() {
    let api = start();
    let addr = api.addr();
    let t = Api::target("/user");
    let email = ("X-Auth-Email", "user@example.com");
    let token = ("Authorization", "Bearer mock-api-token");
    let cases: &[AuthCase<'_>] = &[
        ("no credentials", &[], 401, 10000),
        (
            "wrong token",
            &[("Authorization", "Bearer nope")],
            401,
            9109,
        ),
        ("wrong key", &[email, ("X-Auth-Key", "wrong")], 403, 10000),
        (
            "wrong service key",
            &[("X-Auth-User-Service-Key", "nope")],
            403,
            10000,
        ),
        (
            "token and key",
            &[token, email, ("X-Auth-Key", "mock-global-api-key")],
            400,
            6003,
        ),
        (
            "token and service key",
            &[
                token,
                ("X-Auth-User-Service-Key", "v1.0-mock-user-service-key"),
            ],
            400,
            6003,
        ),
        ("email without key", &[email], 400, 6003),
        (
            "malformed Authorization",
            &[("Authorization", "Basic abc")],
            400,
            6003,
        ),
    ];
    for (what, headers, status, code) in cases {
        let r = request(addr, "GET", &t, headers, None).expect("io");
        assert_eq!(r.status, *status, "{what}");
        assert_error(&r, *status, *code);
    }
    // Each scheme works alone.
    assert_eq!(api.call_key("GET", "/user", None).status, 200);
    let r = request(
        addr,
        "GET",
        &t,
        &[("X-Auth-User-Service-Key", "v1.0-mock-user-service-key")],
        None,
    )
    .expect("io");
    assert_eq!(r.status, 200);
    // Token-only operations refuse the global key.
    let r = api.call_key("GET", "/user/tokens", None);
    assert_error(&r, 401, 10000);
    assert_eq!(api.call("GET", "/user/tokens", None).status, 200);
}

#[test]
fn member_listing_pages() {
    let api = start();
    let acc = api.big_account();
    let first = api.get_ok(&format!("/accounts/{acc}/members?per_page=20"));
    let info = &first["result_info"];
    let total = info["total_count"].as_u64().unwrap_or(0);
    assert!(total >= 60, "{info}");
    assert_eq!(info["page"], json!(1));
    assert_eq!(info["per_page"], json!(20));
    assert_eq!(info["count"], json!(20));
    let pages = info["total_pages"].as_u64().unwrap_or(0);
    assert_eq!(pages, total.div_ceil(20));
    let mut seen = HashSet::new();
    for page in 1..=pages {
        let v = api.get_ok(&format!("/accounts/{acc}/members?page={page}&per_page=20"));
        let items = v["result"].as_array().cloned().unwrap_or_default();
        let expect = if page < pages {
            20
        } else {
            total - 20 * (pages - 1)
        };
        assert_eq!(items.len() as u64, expect, "page {page}");
        assert_eq!(v["result_info"]["count"].as_u64(), Some(expect));
        assert_eq!(v["result_info"]["page"].as_u64(), Some(page));
        for m in items {
            let id = m["id"].as_str().unwrap_or_default().to_owned();
            assert_eq!(id.len(), 32);
            assert!(m["user"]["email"].is_string());
            assert!(matches!(m["status"].as_str(), Some("accepted" | "pending")));
            assert!(seen.insert(id), "member repeated across pages");
        }
    }
    assert_eq!(seen.len() as u64, total);
    // Past the end: empty page, same totals.
    let v = api.get_ok(&format!(
        "/accounts/{acc}/members?page={}&per_page=20",
        pages + 1
    ));
    assert_eq!(v["result"], json!([]));
    assert_eq!(v["result_info"]["total_count"].as_u64(), Some(total));
    // Bounds.
    for bad in [
        "per_page=4",
        "per_page=51",
        "page=0",
        "page=abc",
        "per_page=2.5",
    ] {
        let r = api.call("GET", &format!("/accounts/{acc}/members?{bad}"), None);
        assert_error(&r, 400, 1004);
    }
    // Filters and ordering.
    let v = api.get_ok(&format!(
        "/accounts/{acc}/members?status=pending&per_page=50"
    ));
    let pending = v["result"].as_array().cloned().unwrap_or_default();
    assert!(!pending.is_empty());
    assert!(pending.iter().all(|m| m["status"] == json!("pending")));
    let v = api.get_ok(&format!(
        "/accounts/{acc}/members?order=user.email&direction=asc&per_page=50"
    ));
    let emails: Vec<String> = v["result"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m["email"].as_str().map(str::to_lowercase))
        .collect();
    let mut sorted = emails.clone();
    sorted.sort();
    assert_eq!(emails, sorted);
    let r = api.call(
        "GET",
        &format!("/accounts/{acc}/members?status=bogus"),
        None,
    );
    assert_error(&r, 400, 1004);
}

fn some_permission_group(api: &Api) -> String {
    permission_group(api, "Zone Read")
}

fn permission_group(api: &Api, name: &str) -> String {
    let v = api.get_ok(&format!(
        "/user/tokens/permission_groups?name={}",
        name.replace(' ', "%20")
    ));
    v["result"]
        .as_array()
        .and_then(|a| a.iter().find(|g| g["name"] == json!(name)))
        .and_then(|g| g["id"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{name} exists"))
}

/// A policy granting what the lifecycle tests do with their token besides its first policy:
/// reading the user and managing tokens (policies are enforced).
fn user_policy(api: &Api, tokens_group: &str, resources: serde_json::Value) -> serde_json::Value {
    json!({
        "effect": "allow",
        "permission_groups": [
            {"id": permission_group(api, "User Details Read")},
            {"id": permission_group(api, tokens_group)},
        ],
        "resources": resources,
    })
}

#[test]
fn token_lifecycle() {
    let api = start();
    let pg = some_permission_group(&api);
    let body = json!({
        "name": "lifecycle",
        "policies": [{
            "effect": "allow",
            "permission_groups": [{"id": pg}],
            "resources": {"com.cloudflare.api.account.*": "*"}
        }, user_policy(&api, "API Tokens Write", json!({"com.cloudflare.api.user.*": "*"}))],
        "not_before": "2020-01-01T00:00:00Z",
        "expires_on": "2099-01-01T00:00:00Z",
        "condition": {"request_ip": {"in": ["127.0.0.0/8"]}}
    });
    let r = api.call("POST", "/user/tokens", Some(&body));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    let id = v["result"]["id"].as_str().unwrap_or_default().to_owned();
    let value = v["result"]["value"].as_str().unwrap_or_default().to_owned();
    assert_eq!(id.len(), 32);
    assert!((40..=80).contains(&value.len()), "{value}");
    assert_eq!(v["result"]["status"], json!("active"));
    assert_eq!(
        v["result"]["policies"][0]["permission_groups"][0]["name"],
        json!("Zone Read")
    );

    // The new value authenticates; verify reports on it.
    let r = api.call_as(&value, "GET", "/user/tokens/verify", None);
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["result"]["id"], json!(id));
    assert_eq!(v["result"]["status"], json!("active"));
    assert_eq!(v["result"]["expires_on"], json!("2099-01-01T00:00:00Z"));
    assert_eq!(v["result"]["not_before"], json!("2020-01-01T00:00:00Z"));
    assert_eq!(api.call_as(&value, "GET", "/user", None).status, 200);

    // Roll: old fails, new works.
    let r = api.call_as(
        &value,
        "PUT",
        &format!("/user/tokens/{id}/value"),
        Some(&json!({})),
    );
    assert_eq!(r.status, 200);
    let rolled = r.json()["result"].as_str().unwrap_or_default().to_owned();
    assert!((40..=80).contains(&rolled.len()));
    assert_ne!(rolled, value);
    assert_error(
        &api.call_as(&value, "GET", "/user/tokens/verify", None),
        401,
        9109,
    );
    let r = api.call_as(&rolled, "GET", "/user/tokens/verify", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["id"], json!(id));

    // Update (disable) and re-enable.
    let mut upd = body.clone();
    upd["status"] = json!("disabled");
    upd["name"] = json!("lifecycle-renamed");
    let r = api.call("PUT", &format!("/user/tokens/{id}"), Some(&upd));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["result"]["name"], json!("lifecycle-renamed"));
    assert_error(&api.call_as(&rolled, "GET", "/user", None), 401, 9109);
    upd["status"] = json!("active");
    assert_eq!(
        api.call("PUT", &format!("/user/tokens/{id}"), Some(&upd))
            .status,
        200
    );
    assert_eq!(api.call_as(&rolled, "GET", "/user", None).status, 200);

    // Listed; details.
    let v = api.get_ok("/user/tokens?per_page=50");
    assert!(
        v["result"]
            .as_array()
            .is_some_and(|a| a.iter().any(|t| t["id"] == json!(id)))
    );
    assert!(
        v["result"]
            .as_array()
            .is_some_and(|a| a.iter().all(|t| t.get("value").is_none()))
    );
    assert_eq!(
        api.get_ok(&format!("/user/tokens/{id}"))["result"]["id"],
        json!(id)
    );

    // Delete: stops working, then 404.
    let r = api.call("DELETE", &format!("/user/tokens/{id}"), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["id"], json!(id));
    assert_error(
        &api.call_as(&rolled, "GET", "/user/tokens/verify", None),
        401,
        9109,
    );
    assert_error(
        &api.call("GET", &format!("/user/tokens/{id}"), None),
        404,
        7003,
    );

    // Validation.
    assert_error(
        &api.call("POST", "/user/tokens", Some(&json!({"policies": []}))),
        400,
        1004,
    );
    let r = api.call("POST", "/user/tokens", Some(&json!({"name": "x"})));
    assert_error(&r, 400, 1004);
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("policies")
    );
    let bad_effect = json!({"name": "x", "policies": [{"effect": "maybe", "permission_groups": [{"id": pg}], "resources": {}}]});
    assert_error(
        &api.call("POST", "/user/tokens", Some(&bad_effect)),
        400,
        1004,
    );
}

#[test]
fn account_token_lifecycle() {
    let api = start();
    let acc = api.account_ids()[0].clone();
    let pg = some_permission_group(&api);
    let body = json!({
        "name": "acct token",
        "policies": [{"effect": "allow", "permission_groups": [{"id": pg}],
                      "resources": {format!("com.cloudflare.api.account.{acc}"): "*"}},
                     user_policy(&api, "Account API Tokens Write", json!({
                         "com.cloudflare.api.user.*": "*",
                         format!("com.cloudflare.api.account.{acc}"): "*",
                     }))]
    });
    let r = api.call("POST", &format!("/accounts/{acc}/tokens"), Some(&body));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    let id = v["result"]["id"].as_str().unwrap_or_default().to_owned();
    let value = v["result"]["value"].as_str().unwrap_or_default().to_owned();
    let r = api.call_as(
        &value,
        "GET",
        &format!("/accounts/{acc}/tokens/verify"),
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["id"], json!(id));
    let r = api.call_as(
        &value,
        "PUT",
        &format!("/accounts/{acc}/tokens/{id}/value"),
        Some(&json!({})),
    );
    let rolled = r.json()["result"].as_str().unwrap_or_default().to_owned();
    assert_error(&api.call_as(&value, "GET", "/user", None), 401, 9109);
    assert_eq!(api.call_as(&rolled, "GET", "/user", None).status, 200);
    // A user token id is not an account token.
    let user_tok = api.get_ok("/user/tokens")["result"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_error(
        &api.call("GET", &format!("/accounts/{acc}/tokens/{user_tok}"), None),
        404,
        7003,
    );
    assert_eq!(
        api.call("DELETE", &format!("/accounts/{acc}/tokens/{id}"), None)
            .status,
        200
    );
    assert_error(&api.call_as(&rolled, "GET", "/user", None), 401, 9109);
}

#[test]
fn audit_log_after_mutation_with_cursor() {
    let api = start();
    let acc = api.big_account();
    // Without since/before: 400.
    assert_error(
        &api.call("GET", &format!("/accounts/{acc}/logs/audit"), None),
        400,
        1004,
    );
    assert_error(
        &api.call(
            "GET",
            &format!("/accounts/{acc}/logs/audit?since=2000-01-01"),
            None,
        ),
        400,
        1004,
    );
    assert_error(
        &api.call(
            "GET",
            &format!("/accounts/{acc}/logs/audit?since=yesterday&before=2100-01-01"),
            None,
        ),
        400,
        1004,
    );
    // A mutation.
    let r = api.call(
        "PUT",
        &format!("/accounts/{acc}/profile"),
        Some(
            &json!({"business_name": "N", "business_email": "e@x.example", "business_phone": "1",
                     "business_address": "A", "external_metadata": "{}"}),
        ),
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    let ray = r
        .header("cf-ray")
        .unwrap_or_default()
        .trim_end_matches("-SJC")
        .to_owned();
    let window = "since=2000-01-01&before=2100-01-01";
    let v = api.get_ok(&format!("/accounts/{acc}/logs/audit?{window}&limit=1"));
    let newest = &v["result"][0];
    assert_eq!(newest["action"]["type"], json!("update"));
    assert_eq!(newest["action"]["result"], json!("success"));
    assert_eq!(newest["resource"]["type"], json!("account_profile"));
    assert_eq!(newest["raw"]["method"], json!("PUT"));
    assert_eq!(newest["raw"]["status_code"], json!(204));
    assert_eq!(newest["raw"]["cf_ray_id"], json!(ray));
    assert_eq!(newest["account"]["id"], json!(acc));
    assert_eq!(newest["actor"]["context"], json!("api_token"));
    assert_eq!(newest["actor"]["email"], json!("user@example.com"));
    assert_eq!(v["result_info"]["count"], json!("1"));
    assert!(v["result_info"]["cursor"].is_string());

    // Cursor paging covers everything exactly once.
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!("/accounts/{acc}/logs/audit?{window}&limit=25");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let v = api.get_ok(&path);
        pages += 1;
        let items = v["result"].as_array().cloned().unwrap_or_default();
        assert_eq!(v["result_info"]["count"], json!(items.len().to_string()));
        let mut last_time = String::from("9999");
        for e in &items {
            assert!(seen.insert(e["id"].as_str().unwrap_or_default().to_owned()));
            let t = e["action"]["time"].as_str().unwrap_or_default().to_owned();
            assert!(t <= last_time, "desc order");
            last_time = t;
        }
        match v["result_info"]["cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
        assert!(pages < 100);
    }
    assert!(pages > 2);
    assert!(seen.len() > 100);

    // Array filters and their negation.
    let creates = api.get_ok(&format!(
        "/accounts/{acc}/logs/audit?{window}&limit=1000&action_type=create"
    ));
    let n_create = creates["result"].as_array().map_or(0, Vec::len);
    assert!(n_create > 0);
    assert!(
        creates["result"]
            .as_array()
            .is_some_and(|a| a.iter().all(|e| e["action"]["type"] == json!("create")))
    );
    let both = api.get_ok(&format!(
        "/accounts/{acc}/logs/audit?{window}&limit=1000&action_type=create&action_type=update"
    ));
    let not_create = api.get_ok(&format!(
        "/accounts/{acc}/logs/audit?{window}&limit=1000&action_type.not=create"
    ));
    let all = api.get_ok(&format!("/accounts/{acc}/logs/audit?{window}&limit=1000"));
    let len = |v: &Value| v["result"].as_array().map_or(0, Vec::len);
    assert_eq!(len(&not_create) + n_create, len(&all));
    assert!(len(&both) > n_create);
    let mine = api.get_ok(&format!(
        "/accounts/{acc}/logs/audit?{window}&limit=1000&actor_email=user%40example.com&resource_type=account_profile"
    ));
    assert_eq!(len(&mine), 1);
    let by_id = api.get_ok(&format!(
        "/accounts/{acc}/logs/audit?{window}&id={}",
        newest["id"].as_str().unwrap_or_default()
    ));
    assert_eq!(len(&by_id), 1);
    assert_error(
        &api.call(
            "GET",
            &format!("/accounts/{acc}/logs/audit?{window}&action_type=explode"),
            None,
        ),
        400,
        1004,
    );
    assert_error(
        &api.call(
            "GET",
            &format!("/accounts/{acc}/logs/audit?{window}&cursor=garbage"),
            None,
        ),
        400,
        1004,
    );
    // asc direction starts with the oldest.
    let asc = api.get_ok(&format!(
        "/accounts/{acc}/logs/audit?{window}&limit=2&direction=asc"
    ));
    let t0 = asc["result"][0]["action"]["time"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let t1 = asc["result"][1]["action"]["time"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(t0 <= t1);
    // The user audit log (v1) has it too.
    let v1 = api.get_ok("/user/audit_logs?per_page=1");
    assert_eq!(v1["result"][0]["action"]["type"], json!("change_setting"));
    assert_eq!(v1["result"][0]["owner"]["id"], json!(acc));
    let r = api.call("GET", "/user/audit_logs?per_page=0", None);
    assert_error(&r, 400, 1004);
}

#[test]
fn organization_audit_and_page_tokens() {
    let api = start();
    let orgs = api.org_ids();
    assert!(orgs.len() >= 2);
    let org = &orgs[0];
    // page_token pagination of members.
    let mut token: Option<String> = None;
    let mut seen = HashSet::new();
    let mut total = None;
    for _ in 0..50 {
        let mut path = format!("/organizations/{org}/members?page_size=7");
        if let Some(t) = &token {
            path.push_str(&format!("&page_token={t}"));
        }
        let v = api.get_ok(&path);
        total = v["result_info"]["total_size"].as_u64();
        for m in v["result"].as_array().cloned().unwrap_or_default() {
            assert!(seen.insert(m["id"].as_str().unwrap_or_default().to_owned()));
        }
        match v["result_info"]["next_page_token"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert!(seen.len() > 20);
    assert_eq!(Some(seen.len() as u64), total);
    let active = api.get_ok(&format!(
        "/organizations/{org}/members?status=active&status=pending&page_size=100"
    ));
    assert!(active["result"].as_array().is_some_and(|a| {
        a.iter()
            .all(|m| m["status"] == json!("active") || m["status"] == json!("pending"))
    }));
    assert_error(
        &api.call(
            "GET",
            &format!("/organizations/{org}/members?page_token=zz"),
            None,
        ),
        400,
        1004,
    );

    // A mutation shows in the org audit log.
    let r = api.call(
        "POST",
        &format!("/organizations/{org}/members"),
        Some(&json!({"member": {"user": {"email": "new.person@example.com"}, "status": "active"}})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let mid = r.json()["result"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let v = api.get_ok(&format!(
        "/organizations/{org}/logs/audit?since=2000-01-01&before=2100-01-01&limit=1"
    ));
    assert_eq!(v["result"][0]["organization"]["id"], json!(org));
    assert_eq!(v["result"][0]["resource"]["id"], json!(mid));
    assert_eq!(v["result"][0]["action"]["type"], json!("create"));
    let r = api.call(
        "DELETE",
        &format!("/organizations/{org}/members/{mid}"),
        None,
    );
    assert_eq!(r.status, 204);
    assert!(r.body.is_empty());
    assert_error(
        &api.call("GET", &format!("/organizations/{org}/members/{mid}"), None),
        404,
        7003,
    );
}

#[test]
fn accounts_move_between_organizations() {
    let api = start();
    let orgs = api.org_ids();
    let acc = api.account_ids()[0].clone();
    let before = api.get_ok(&format!("/accounts/{acc}/organizations"));
    let source = before["result"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let dest = orgs
        .iter()
        .find(|o| **o != source)
        .cloned()
        .unwrap_or_default();
    let r = api.call(
        "POST",
        &format!("/accounts/{acc}/move"),
        Some(&json!({"destination_organization_id": dest})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["result"]["source_organization_id"], json!(source));
    assert_eq!(v["result"]["destination_organization_id"], json!(dest));
    let after = api.get_ok(&format!("/accounts/{acc}/organizations"));
    assert_eq!(after["result"][0]["id"], json!(dest));
    let listed = api.get_ok(&format!("/organizations/{dest}/accounts?page_size=100"));
    assert!(
        listed["result"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["id"] == json!(acc)))
    );
    // Batch move back.
    let r = api.call(
        "POST",
        "/accounts/move",
        Some(&json!({"account_ids": [acc], "destination_organization_id": source})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["statuses"]["moved"], json!(true));
    let after = api.get_ok(&format!("/accounts/{acc}/organizations"));
    assert_eq!(after["result"][0]["id"], json!(source));
    // Errors.
    let r = api.call("POST", &format!("/accounts/{acc}/move"), Some(&json!({})));
    assert_error(&r, 400, 1004);
    let r = api.call(
        "POST",
        &format!("/accounts/{acc}/move"),
        Some(&json!({"destination_organization_id": "0123456789abcdef0123456789abcdef"})),
    );
    assert_eq!(r.status, 404);
    // Organization errors have no `result` key (schema: result must be an object).
    assert!(r.json().get("result").is_none());
}

#[test]
fn invites_and_account_visibility() {
    let api = start();
    let before = api.account_ids().len();
    let v = api.call_key("GET", "/user/invites", None).json();
    let invites = v["result"].as_array().cloned().unwrap_or_default();
    let pending = invites
        .iter()
        .find(|i| i["status"] == json!("pending"))
        .cloned()
        .expect("a pending invite");
    let expired = invites
        .iter()
        .find(|i| i["status"] == json!("expired"))
        .cloned()
        .expect("an expired invite");
    let acc = pending["organization_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_error(
        &api.call("GET", &format!("/accounts/{acc}"), None),
        404,
        7003,
    );
    let id = pending["id"].as_str().unwrap_or_default();
    let r = api.call_key(
        "PATCH",
        &format!("/user/invites/{id}"),
        Some(&json!({"status": "maybe"})),
    );
    assert_error(&r, 400, 1004);
    let r = api.call_key(
        "PATCH",
        &format!("/user/invites/{id}"),
        Some(&json!({"status": "accepted"})),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["status"], json!("accepted"));
    assert_eq!(api.account_ids().len(), before + 1);
    assert_eq!(
        api.call("GET", &format!("/accounts/{acc}"), None).status,
        200
    );
    let r = api.call_key(
        "PATCH",
        &format!("/user/invites/{id}"),
        Some(&json!({"status": "rejected"})),
    );
    assert_error(&r, 400, 1004);
    let eid = expired["id"].as_str().unwrap_or_default();
    let r = api.call_key(
        "PATCH",
        &format!("/user/invites/{eid}"),
        Some(&json!({"status": "accepted"})),
    );
    assert_error(&r, 400, 1004);
}

#[test]
fn account_crud() {
    let api = start();
    let r = api.call_key(
        "POST",
        "/accounts",
        Some(&json!({"name": "Brand New", "type": "standard"})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let acc = r.json()["result"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(acc.len(), 32);
    let got = api.get_ok(&format!("/accounts/{acc}"));
    assert_eq!(got["result"]["name"], json!("Brand New"));
    // The creator is a member.
    let members = api.get_ok(&format!("/accounts/{acc}/members"));
    assert_eq!(members["result_info"]["total_count"], json!(1));
    let r = api.call(
        "PUT",
        &format!("/accounts/{acc}"),
        Some(&json!({"id": acc, "name": "Renamed", "type": "enterprise", "settings": {"enforce_twofactor": true}})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.json()["result"]["settings"]["enforce_twofactor"],
        json!(true)
    );
    let r = api.call(
        "PUT",
        &format!("/accounts/{acc}"),
        Some(&json!({"id": acc, "name": "x"})),
    );
    assert_error(&r, 400, 1004);
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("type")
    );
    let r = api.call(
        "PUT",
        &format!("/accounts/{acc}"),
        Some(&json!({"id": acc, "name": "x", "type": "huge"})),
    );
    assert_error(&r, 400, 1004);
    let r = api.call("POST", "/accounts", Some(&json!({"type": "standard"})));
    assert_error(&r, 400, 1004);
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("name")
    );
    let r = api.call("DELETE", &format!("/accounts/{acc}"), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["id"], json!(acc));
    assert_error(
        &api.call("GET", &format!("/accounts/{acc}"), None),
        404,
        7003,
    );
}

#[test]
fn member_crud() {
    let api = start();
    let acc = api.account_ids()[1].clone();
    let roles = api.get_ok(&format!("/accounts/{acc}/roles?per_page=50"));
    let role = roles["result"][3]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = api.call(
        "POST",
        &format!("/accounts/{acc}/members"),
        Some(&json!({"email": "joiner@example.com", "roles": [role], "status": "accepted"})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let m = r.json()["result"].clone();
    let mid = m["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(m["roles"][0]["id"], json!(role));
    assert_eq!(m["status"], json!("accepted"));
    let dup = api.call(
        "POST",
        &format!("/accounts/{acc}/members"),
        Some(&json!({"email": "JOINER@example.com", "roles": [role]})),
    );
    assert_error(&dup, 409, 1005);
    let pg = some_permission_group(&api);
    let r = api.call(
        "PUT",
        &format!("/accounts/{acc}/members/{mid}"),
        Some(&json!({"policies": [{"access": "allow", "permission_groups": [{"id": pg}], "resource_groups": []}]})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let policies = &r.json()["result"]["policies"];
    assert_eq!(policies[0]["access"], json!("allow"));
    assert!(policies[0]["resource_groups"][0]["scope"][0]["key"].is_string());
    let r = api.call(
        "POST",
        &format!("/accounts/{acc}/members"),
        Some(&json!({"email": "a@b.example"})),
    );
    assert_error(&r, 400, 1004);
    let r = api.call(
        "POST",
        &format!("/accounts/{acc}/members"),
        Some(&json!({"email": "a@b.example", "roles": ["0123456789abcdef0123456789abcdef"]})),
    );
    assert_error(&r, 400, 1004);
    assert_eq!(
        api.call("DELETE", &format!("/accounts/{acc}/members/{mid}"), None)
            .status,
        200
    );
    assert_error(
        &api.call("GET", &format!("/accounts/{acc}/members/{mid}"), None),
        404,
        7003,
    );
}

#[test]
fn not_found_and_routing_errors() {
    let api = start();
    let acc = api.account_ids()[0].clone();
    assert_error(&api.call("GET", "/zones", None), 404, 7000);
    assert_error(&api.call("GET", "/accounts/", None), 404, 7000);
    assert_error(&api.call("GET", "/accounts//members", None), 404, 7000);
    assert_error(&api.call("GET", "/", None), 404, 7000);
    let r = request(api.addr(), "GET", "/nope", &[], None).expect("io");
    assert_error(&r, 404, 7000);
    assert_error(
        &api.call("GET", "/accounts/0123456789abcdef0123456789abcdef", None),
        404,
        7003,
    );
    assert_error(&api.call("GET", "/accounts/not-an-id", None), 400, 7003);
    assert_error(
        &api.call(
            "GET",
            &format!("/accounts/{acc}/members/0123456789abcdef0123456789abcdef"),
            None,
        ),
        404,
        7003,
    );
    assert_error(
        &api.call("GET", &format!("/accounts/{acc}/roles/short"), None),
        400,
        7003,
    );
    assert_error(
        &api.call(
            "GET",
            "/organizations/0123456789abcdef0123456789abcdef",
            None,
        ),
        404,
        7003,
    );
    assert_error(
        &api.call(
            "GET",
            "/user/invites/0123456789abcdef0123456789abcdef",
            None,
        ),
        404,
        7003,
    );
    let r = api.call("PATCH", "/accounts", None);
    assert_error(&r, 405, 7001);
    assert!(
        r.header("allow")
            .is_some_and(|a| a.contains("GET") && a.contains("POST"))
    );
    assert_error(&api.call("POST", "/user", None), 405, 7001);
    // Literal routes win over parameters.
    assert_eq!(api.call("GET", "/user/tokens/verify", None).status, 200);
    assert_error(
        &api.call("PUT", "/user/tokens/verify", Some(&json!({}))),
        400,
        7003,
    );
}

#[test]
fn malformed_bodies() {
    let api = start();
    let addr = api.addr();
    let auth = [("Authorization", "Bearer mock-api-token")];
    for body in [
        &b"{"[..],
        b"not json",
        b"{\"name\": }",
        b"",
        b"[1,2]",
        b"\"str\"",
        b"\xff\xfe",
    ] {
        let r = request(addr, "POST", &Api::target("/accounts"), &auth, Some(body)).expect("io");
        assert_error(&r, 400, 6007);
    }
    let r = request(
        addr,
        "PATCH",
        &Api::target("/user"),
        &auth,
        Some(b"{\"first_name\": 5}"),
    )
    .expect("io");
    assert_error(&r, 400, 1004);
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("first_name")
    );
    let r = request(
        addr,
        "PATCH",
        &Api::target("/user"),
        &auth,
        Some(b"{\"zipcode\": \"123456789012345678901\"}"),
    )
    .expect("io");
    assert_error(&r, 400, 1004);
    let r = request(
        addr,
        "PATCH",
        &Api::target("/user"),
        &auth,
        Some(b"{\"first_name\": \"Zed\", \"telephone\": null}"),
    )
    .expect("io");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["first_name"], json!("Zed"));
    assert_eq!(r.json()["result"]["telephone"], Value::Null);
}

#[test]
fn deterministic_world_per_seed() {
    let a = common::start_with(MockConfig {
        seed: 42,
        ..MockConfig::default()
    });
    let b = common::start_with(MockConfig {
        seed: 42,
        ..MockConfig::default()
    });
    let c = common::start_with(MockConfig {
        seed: 43,
        ..MockConfig::default()
    });
    assert_eq!(a.account_ids(), b.account_ids());
    assert_ne!(a.account_ids(), c.account_ids());
    assert_eq!(a.get_ok("/user")["result"], b.get_ok("/user")["result"]);
}

#[test]
fn subscriptions_and_billing() {
    let api = start();
    let acc = api.account_ids()[0].clone();
    let r = api.call(
        "POST",
        &format!("/accounts/{acc}/subscriptions"),
        Some(&json!({"frequency": "quarterly", "rate_plan": {"id": "pro"}})),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let sub = r.json()["result"].clone();
    let sid = sub["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(sub["rate_plan"]["id"], json!("pro"));
    assert_eq!(sub["frequency"], json!("quarterly"));
    let r = api.call(
        "PUT",
        &format!("/accounts/{acc}/subscriptions/{sid}"),
        Some(&json!({"rate_plan": {"id": "business"}})),
    );
    assert_eq!(r.json()["result"]["rate_plan"]["id"], json!("business"));
    let r = api.call(
        "PUT",
        &format!("/accounts/{acc}/subscriptions/{sid}"),
        Some(&json!({"frequency": "hourly"})),
    );
    assert_error(&r, 400, 1004);
    let list = api.get_ok(&format!("/accounts/{acc}/subscriptions"));
    assert!(
        list["result"]
            .as_array()
            .is_some_and(|a| a.iter().any(|s| s["id"] == json!(sid)))
    );
    let r = api.call(
        "DELETE",
        &format!("/accounts/{acc}/subscriptions/{sid}"),
        None,
    );
    assert_eq!(r.json()["result"]["subscription_id"], json!(sid));
    let history = api.get_ok("/user/billing/history?per_page=20&page=3");
    assert_eq!(history["result_info"]["total_count"], json!(45));
    assert_eq!(history["result_info"]["count"], json!(5));
    let profile = api.get_ok("/user/billing/profile");
    assert!(profile["result"]["id"].is_string());
}
