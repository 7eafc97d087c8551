//! Token policies, resources and conditions are enforced: least-privilege tokens get 403 where
//! they lack the permission, the resource or the address.

mod common;

use cloudflare_mock::MockServer;
use cloudflare_mock::world::{self, Account, Policy, Token, World};
use common::{Api, assert_error};
use serde_json::json;

fn acme() -> String {
    world::id("acme")
}

fn globex() -> String {
    world::id("globex")
}

/// Two accounts and a set of tokens, each with one trait under test.
fn seeded() -> Api {
    let (a, g) = (acme(), globex());
    let w = World::empty()
        .account(Account::new(&a, "Acme"))
        .account(Account::new(&g, "Globex"))
        .token(
            Token::new("acme reader", "tok-acme-reader")
                .policy(Policy::allow(&["Account Settings Read"]).on_account(&a)),
        )
        .token(
            Token::new("all but globex", "tok-all-but-globex")
                .policy(Policy::allow(&["Account Settings Write"]).on_all_accounts())
                .policy(Policy::deny(&["Account Settings Write"]).on_account(&g)),
        )
        .token(
            Token::new("zones of acme", "tok-zones")
                .policy(Policy::allow(&["Account Settings Read"]).on_zones_of(&a)),
        )
        .token(
            Token::new("office only", "tok-office")
                .ip_in(&["192.0.2.0/24"])
                .policy(Policy::allow(&["Account Settings Read"]).on_all_accounts()),
        )
        .token(
            Token::new("loopback", "tok-loopback")
                .ip_in(&["127.0.0.0/8"])
                .policy(Policy::allow(&["User Details Read"]).on_user()),
        )
        .token(
            Token::new("not from loopback", "tok-not-loopback")
                .ip_not_in(&["127.0.0.1/32"])
                .policy(Policy::allow(&["User Details Read"]).on_user()),
        )
        .token(
            Token::new("expired", "tok-expired")
                .expires_on("2020-01-01T00:00:00Z")
                .policy(Policy::allow(&["User Details Read"]).on_user()),
        )
        .token(
            Token::new("future", "tok-future")
                .not_before("2099-01-01T00:00:00Z")
                .policy(Policy::allow(&["User Details Read"]).on_user()),
        )
        .token(Token::new("bare", "tok-bare"));
    Api::from_server(
        MockServer::builder()
            .world(w)
            .start()
            .expect("the seeded world starts"),
    )
}

#[test]
fn a_token_scoped_to_one_account_gets_403_on_another() {
    let api = seeded();
    let (a, g) = (acme(), globex());
    let r = api.call_as("tok-acme-reader", "GET", &format!("/accounts/{a}"), None);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["result"]["name"], json!("Acme"));
    let r = api.call_as("tok-acme-reader", "GET", &format!("/accounts/{g}"), None);
    assert_error(&r, 403, 9109);
    assert_eq!(
        r.json()["errors"][0]["message"],
        json!("Unauthorized to access requested resource")
    );
    // Its account listing holds only the account it may read.
    let r = api.call_as("tok-acme-reader", "GET", "/accounts", None);
    assert_eq!(r.status, 200);
    let ids: Vec<String> = r.json()["result"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(ids, vec![a.clone()]);
    // Read is not write, and not the user, and not the members of another account.
    let r = api.call_as(
        "tok-acme-reader",
        "PUT",
        &format!("/accounts/{a}"),
        Some(&json!({"name": "Acme 2", "settings": {}})),
    );
    assert_error(&r, 403, 9109);
    assert_error(
        &api.call_as("tok-acme-reader", "GET", "/user", None),
        403,
        9109,
    );
    assert_error(
        &api.call_as(
            "tok-acme-reader",
            "GET",
            &format!("/accounts/{g}/members"),
            None,
        ),
        403,
        9109,
    );
    assert_eq!(
        api.call_as(
            "tok-acme-reader",
            "GET",
            &format!("/accounts/{a}/members"),
            None
        )
        .status,
        200
    );
    // The configured token and the global key still see both.
    assert_eq!(api.call("GET", &format!("/accounts/{g}"), None).status, 200);
    assert_eq!(
        api.call_key("GET", &format!("/accounts/{g}"), None).status,
        200
    );
}

#[test]
fn deny_wins_over_a_wildcard_allow() {
    let api = seeded();
    let (a, g) = (acme(), globex());
    let t = "tok-all-but-globex";
    assert_eq!(
        api.call_as(t, "GET", &format!("/accounts/{a}"), None)
            .status,
        200
    );
    assert_error(
        &api.call_as(t, "GET", &format!("/accounts/{g}"), None),
        403,
        9109,
    );
    let listed = api.call_as(t, "GET", "/accounts", None).json()["result"]
        .as_array()
        .map(Vec::len);
    assert_eq!(listed, Some(1));
}

#[test]
fn zone_scoped_resources_cover_no_account_operation() {
    let api = seeded();
    let a = acme();
    assert_error(
        &api.call_as("tok-zones", "GET", &format!("/accounts/{a}"), None),
        403,
        9109,
    );
}

#[test]
fn ip_conditions_are_checked_against_the_client_address() {
    let api = seeded();
    let a = acme();
    // Restricted to 192.0.2.0/24: the loopback client is refused, everywhere.
    let r = api.call_as("tok-office", "GET", &format!("/accounts/{a}"), None);
    assert_error(&r, 403, 9109);
    assert_eq!(
        r.json()["errors"][0]["message"],
        json!("Cannot use the access token from location: 127.0.0.1")
    );
    assert_error(
        &api.call_as("tok-office", "GET", "/user/tokens/verify", None),
        403,
        9109,
    );
    // Restricted to loopback: fine.
    assert_eq!(
        api.call_as("tok-loopback", "GET", "/user", None).status,
        200
    );
    // not_in the loopback address: refused.
    assert_error(
        &api.call_as("tok-not-loopback", "GET", "/user", None),
        403,
        9109,
    );
}

#[test]
fn expired_and_not_yet_valid_tokens_are_refused() {
    let api = seeded();
    assert_error(&api.call_as("tok-expired", "GET", "/user", None), 401, 9109);
    assert_error(&api.call_as("tok-future", "GET", "/user", None), 401, 9109);
    assert_eq!(
        api.call_as("tok-loopback", "GET", "/user", None).status,
        200
    );
}

#[test]
fn a_token_without_policies_can_only_verify_itself() {
    let api = seeded();
    let r = api.call_as("tok-bare", "GET", "/user/tokens/verify", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"]["status"], json!("active"));
    assert_error(&api.call_as("tok-bare", "GET", "/user", None), 403, 9109);
    assert_error(
        &api.call_as("tok-bare", "GET", "/user/tokens", None),
        403,
        9109,
    );
    let r = api.call_as("tok-bare", "GET", "/accounts", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["result"], json!([]));
}

#[test]
fn the_generated_world_enforces_too() {
    // The seeded "Office-only read token" of the default world has an IP condition
    // (198.51.100.0/24): listed, and refused from loopback if its value is used.
    let api = common::start();
    let tokens = api.get_ok("/user/tokens?per_page=50");
    let office = tokens["result"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|t| t["name"] == json!("Office-only read token"))
        })
        .cloned();
    assert!(
        office.is_some_and(|t| t["condition"]["request_ip"]["in"][0] == json!("198.51.100.0/24"))
    );
    // The configured token keeps full access everywhere.
    for id in api.account_ids() {
        assert_eq!(
            api.call("GET", &format!("/accounts/{id}/members"), None)
                .status,
            200
        );
    }
    assert_eq!(api.account_ids().len(), 12);
}
