//! Route-scoped faults, expectations, recorded exchanges (with responses, redacted where they
//! are shown), the record ring and reset.

mod common;

use std::time::{Duration, Instant};

use cloudflare_mock::{MockConfig, MockServer, ScriptedResponse};
use common::{Api, assert_error};
use serde_json::json;

#[test]
fn the_nth_call_of_one_route_gets_the_fault_and_other_routes_do_not() {
    let api = common::start();
    let acc = api.account_ids()[0].clone();
    api.server
        .on("GET", "/accounts/{account_id}/members")
        .expect("a known route")
        .nth(2)
        .rate_limit(7);
    let members = format!("/accounts/{acc}/members");
    assert_eq!(api.call("GET", &members, None).status, 200);
    // Another route in between is neither faulted nor counted.
    assert_eq!(api.call("GET", "/user", None).status, 200);
    let r = api.call("GET", &members, None);
    assert_error(&r, 429, 10000);
    assert_eq!(r.header("retry-after"), Some("7"));
    assert_eq!(api.call("GET", &members, None).status, 200);
    assert_eq!(
        api.server.calls("GET", "/accounts/{account_id}/members"),
        Ok(3)
    );
    assert_eq!(api.server.faults().pending_route_rules(), 0);
}

#[test]
fn times_always_and_the_any_route_queue() {
    let api = common::start();
    api.server
        .on("GET", "/user")
        .expect("route")
        .times(2)
        .respond(ScriptedResponse::cloudflare_error(418, 1, "teapot"));
    api.server.faults().unavailable_next(1);
    assert_eq!(api.call("GET", "/user", None).status, 418);
    // The queue's 503 goes to the first request no route rule serves.
    assert_eq!(api.call("GET", "/user/tokens", None).status, 503);
    assert_eq!(api.call("GET", "/user", None).status, 418);
    assert_eq!(api.call("GET", "/user", None).status, 200);
    api.server
        .on("GET", "/user/invites")
        .expect("route")
        .always()
        .stall(Duration::from_millis(60));
    for _ in 0..2 {
        let t = Instant::now();
        assert_eq!(api.call("GET", "/user/invites", None).status, 200);
        assert!(t.elapsed() >= Duration::from_millis(60));
    }
    api.server.faults().clear();
    assert_eq!(api.server.faults().pending_route_rules(), 0);
}

#[test]
fn dropped_and_truncated_on_one_route() {
    let api = common::start();
    api.server
        .on("GET", "/user")
        .expect("route")
        .drop_connection();
    assert!(
        common::request(
            api.addr(),
            "GET",
            "/client/v4/user",
            &[("Authorization", "Bearer mock-api-token")],
            None
        )
        .is_err()
    );
    api.server.on("GET", "/user").expect("route").truncate();
    let err = common::request(
        api.addr(),
        "GET",
        "/client/v4/user",
        &[("Authorization", "Bearer mock-api-token")],
        None,
    )
    .expect_err("cut body");
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof);
    let recorded = api.server.requests();
    assert_eq!(recorded[0].fault, Some("drop"));
    assert!(recorded[0].response.is_none());
    assert_eq!(recorded[1].fault, Some("truncate"));
    // The record holds the whole body the wire did not carry.
    let body = recorded[1].response.as_ref().and_then(|r| r.json());
    assert_eq!(body.map(|b| b["success"].clone()), Some(json!(true)));
}

#[test]
fn unknown_routes_are_errors_not_silent_rules() {
    let server = MockServer::start(MockConfig::default()).expect("starts");
    let e = server
        .on("GET", "/accounts/{id}")
        .expect_err("unknown template");
    assert!(e.to_string().contains("GET /accounts/{id}"), "{e}");
    assert!(server.on("PATCH", "/accounts").is_err());
    assert!(server.expect("GET", "/client/v4/user").is_err());
    assert!(
        server.on("get", "/user").is_ok(),
        "methods are case-insensitive"
    );
}

#[test]
fn servers_in_one_process_do_not_share_faults() {
    let threads: Vec<_> = (0..4)
        .map(|i| {
            std::thread::spawn(move || {
                let api = common::start();
                api.server
                    .on("GET", "/user")
                    .expect("route")
                    .nth(2)
                    .unavailable();
                let statuses: Vec<u16> = (0..3)
                    .map(|_| api.call("GET", "/user", None).status)
                    .collect();
                (i, statuses)
            })
        })
        .collect();
    for t in threads {
        let (i, statuses) = t.join().expect("thread");
        assert_eq!(statuses, vec![200, 503, 200], "server {i}");
    }
}

#[test]
fn expectations_are_verified() {
    let api = common::start();
    api.server.expect("GET", "/user").expect("route").times(2);
    api.server
        .expect("DELETE", "/accounts/{account_id}")
        .expect("route")
        .never();
    api.server
        .expect("GET", "/accounts")
        .expect("route")
        .at_least(1);
    api.call("GET", "/user", None);
    let err = api
        .server
        .verify()
        .expect_err("one call of two, none of /accounts");
    assert_eq!(err.mismatches.len(), 2, "{err}");
    assert!(
        err.to_string()
            .contains("GET /user: expected exactly 2 call(s), got 1"),
        "{err}"
    );
    api.call("GET", "/user", None);
    api.call("GET", "/accounts", None);
    assert_eq!(api.server.verify(), Ok(()));
    api.call("GET", "/user", None);
    assert!(api.server.verify().is_err());
    // Reset forgets the expectations (so the drop below does not panic).
    api.server.reset();
    assert_eq!(api.server.verify(), Ok(()));
}

#[test]
fn an_unmet_expectation_panics_on_drop() {
    let result = std::panic::catch_unwind(|| {
        let server = MockServer::start(MockConfig::default()).expect("starts");
        server.expect("GET", "/user").expect("route").times(1);
        drop(server);
    });
    let message = result
        .err()
        .and_then(|p| p.downcast_ref::<String>().cloned());
    assert!(
        message.as_deref().is_some_and(|m| m.contains("GET /user")),
        "{message:?}"
    );
}

#[test]
fn exchanges_record_the_response_and_redact_secrets_where_shown() {
    let api = common::start();
    let v = api.get_ok("/user/tokens/permission_groups?name=Zone%20Read");
    let pg = v["result"][0]["id"].clone();
    api.server.clear_requests();
    let r = api.call(
        "POST",
        "/user/tokens",
        Some(&json!({"name": "t", "policies": [{"effect": "allow", "permission_groups": [{"id": pg}], "resources": {"com.cloudflare.api.account.*": "*"}}]})),
    );
    assert_eq!(r.status, 200);
    let secret = r.json()["result"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!secret.is_empty());
    let recorded = api.server.requests();
    assert_eq!(recorded.len(), 1);
    let ex = &recorded[0];
    assert_eq!(ex.template, Some("/user/tokens"));
    assert_eq!(ex.status(), Some(200));
    let resp = ex.response.as_ref().expect("a response");
    assert!(resp.header("cf-ray").is_some());
    // The fields hold the real values, for tests...
    assert_eq!(
        resp.json().map(|b| b["result"]["value"].clone()),
        Some(json!(secret))
    );
    assert_eq!(ex.header("authorization"), Some("Bearer mock-api-token"));
    // ...and what is shown hides them.
    let debug = format!("{ex:?}");
    assert!(
        !debug.contains("mock-api-token") && !debug.contains(&secret),
        "{debug}"
    );
    let shown = ex.to_json_redacted().to_string();
    assert!(
        !shown.contains("mock-api-token") && !shown.contains(&secret),
        "{shown}"
    );
    assert!(shown.contains("<redacted>"));
    // A roll's new value is hidden too.
    let id = r.json()["result"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let rolled = api.call("PUT", &format!("/user/tokens/{id}/value"), Some(&json!({})));
    let new_value = rolled.json()["result"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let last = api.server.requests().pop().expect("recorded");
    assert!(!last.to_json_redacted().to_string().contains(&new_value));
    assert_eq!(api.server.statuses(), vec![Some(200), Some(200)]);
}

#[test]
fn the_record_is_a_ring() {
    let api = Api::from_server(
        MockServer::builder()
            .record_capacity(3)
            .start()
            .expect("starts"),
    );
    for i in 0..5 {
        api.call("GET", &format!("/user?n={i}"), None);
    }
    let queries: Vec<String> = api.server.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(queries, vec!["n=2", "n=3", "n=4"]);
    let none = Api::from_server(
        MockServer::builder()
            .record_capacity(0)
            .start()
            .expect("starts"),
    );
    none.call("GET", "/user", None);
    assert!(none.server.requests().is_empty());
}

#[test]
fn reset_rebuilds_the_world_and_forgets_everything() {
    let api = common::start();
    let r = api.call("PATCH", "/user", Some(&json!({"first_name": "Changed"})));
    assert_eq!(r.status, 200);
    api.server
        .on("GET", "/user")
        .expect("route")
        .nth(10)
        .unavailable();
    api.server.faults().drop_next(1);
    api.server.reset();
    assert!(api.server.requests().is_empty());
    assert_eq!(api.server.calls("GET", "/user"), Ok(0));
    assert_eq!(api.server.faults().pending(), 0);
    assert_eq!(api.server.faults().pending_route_rules(), 0);
    assert_ne!(
        api.get_ok("/user")["result"]["first_name"],
        json!("Changed")
    );
}
