//! Seeding a world: the builder, JSON, and the errors of a world that does not hold together.

mod common;

use cloudflare_mock::MockServer;
use cloudflare_mock::world::{self, Account, AuditEvent, Member, Organization, World};
use common::Api;
use serde_json::json;

fn start(w: World) -> Api {
    Api::from_server(MockServer::builder().world(w).start().expect("starts"))
}

#[test]
fn a_world_with_these_accounts_and_this_member() {
    let (a, b, c) = (world::id("a"), world::id("b"), world::id("c"));
    let org = world::id("org");
    let api = start(
        World::empty()
            .organization(Organization::new(&org, "Holdings"))
            .account(Account::new(&a, "Alpha").organization(&org))
            .account(Account::new(&b, "Beta").enterprise())
            .account(Account::new(&c, "Gamma"))
            .member(Member::new(&a, "ops@alpha.example").role("Administrator"))
            .member(Member::new(&a, "new@alpha.example").pending())
            .audit_event(AuditEvent::new(&a, "update", "account").at("2024-05-01T12:00:00Z")),
    );
    let mut names: Vec<String> = api
        .account_ids()
        .iter()
        .map(|id| {
            api.get_ok(&format!("/accounts/{id}"))["result"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, vec!["Alpha", "Beta", "Gamma"]);
    assert_eq!(
        api.get_ok(&format!("/accounts/{b}"))["result"]["type"],
        json!("enterprise")
    );
    assert_eq!(
        api.get_ok(&format!("/accounts/{a}"))["result"]["managed_by"]["parent_org_id"],
        json!(org)
    );
    let members = api.get_ok(&format!("/accounts/{a}/members"));
    let emails: Vec<&str> = members["result"]
        .as_array()
        .map(|m| m.iter().filter_map(|x| x["email"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(emails.len(), 3, "{emails:?}");
    assert!(emails.contains(&"ops@alpha.example") && emails.contains(&"new@alpha.example"));
    let ops = members["result"]
        .as_array()
        .and_then(|m| m.iter().find(|x| x["email"] == json!("ops@alpha.example")))
        .cloned()
        .unwrap_or_default();
    assert_eq!(ops["roles"][0]["name"], json!("Administrator"));
    let logs = api.get_ok(&format!(
        "/accounts/{a}/logs/audit?since=2024-04-01&before=2024-06-02"
    ));
    assert_eq!(logs["result"].as_array().map(Vec::len), Some(1));
    assert_eq!(logs["result"][0]["action"]["type"], json!("update"));
    // No generated account leaks in; the user and the configured token exist.
    assert_eq!(
        api.get_ok("/user")["result"]["email"],
        json!("user@example.com")
    );
    assert_eq!(api.get_ok("/user/organizations")["result"], json!([]));
}

#[test]
fn additions_to_the_generated_world() {
    let x = world::id("extra");
    let api = start(World::generated().account(Account::new(&x, "Extra")));
    assert_eq!(api.account_ids().len(), 13);
    assert_eq!(
        api.get_ok(&format!("/accounts/{x}"))["result"]["name"],
        json!("Extra")
    );
}

#[test]
fn a_world_from_json() {
    let a = world::id("json");
    let text = json!({
        "base": "empty",
        "accounts": [{"id": a, "name": "From JSON"}],
        "members": [{"account": a, "email": "x@y.example", "roles": ["Billing"]}]
    })
    .to_string();
    let api = start(World::from_json(&text).expect("parses"));
    assert_eq!(api.account_ids(), vec![a.clone()]);
    let members = api.get_ok(&format!("/accounts/{a}/members"));
    assert_eq!(members["result"].as_array().map(Vec::len), Some(2));
}

#[test]
fn worlds_that_do_not_hold_together_are_errors() {
    let a = world::id("a");
    let bad = [
        (
            World::empty().account(Account::new("acc-1", "A")),
            "32 ASCII",
        ),
        (
            World::empty()
                .account(Account::new(&a, "A"))
                .account(Account::new(&a, "B")),
            "twice",
        ),
        (
            World::empty().member(Member::new(&a, "m@x.example")),
            "unknown account",
        ),
        (
            World::empty()
                .account(Account::new(&a, "A"))
                .member(Member::new(&a, "m@x.example").role("Wizard")),
            "unknown role \"Wizard\"",
        ),
        (
            World::empty().token(
                world::Token::new("t", "v").policy(world::Policy::allow(&["Nope"]).on_user()),
            ),
            "unknown permission group",
        ),
        (
            World::empty().token(world::Token::new("t", "v").expires_on("soon")),
            "RFC 3339",
        ),
        (
            World::empty().token(world::Token::new("t", "mock-api-token")),
            "same value",
        ),
        (
            World::empty().account(Account::new(&a, "A").organization(&world::id("none"))),
            "unknown organization",
        ),
    ];
    for (w, expected) in bad {
        let err = MockServer::builder().world(w).start().expect_err("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains(expected), "{expected}: {err}");
    }
    for (text, expected) in [
        ("", "EOF"),
        ("[]", "must be a JSON object"),
        ("{\"base\": \"full\"}", "unknown variant `full`"),
        ("{\"tokens\": [{\"name\": \"t\"}]}", "missing field `value`"),
    ] {
        let err = World::from_json(text).expect_err("refused");
        assert!(err.to_string().contains(expected), "{expected}: {err}");
    }
}
