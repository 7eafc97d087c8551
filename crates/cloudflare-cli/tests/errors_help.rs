//! Bad input gives a clear message and its exit code; help, completions, the emulator flag.

mod common;

use cloudflare_mock::{MockConfig, MockServer};
use common::{accounts, cfacct, cfacct_alone};

fn emulator() -> (MockServer, String) {
    let server = MockServer::start(MockConfig::default()).expect("emulator");
    let account = accounts(&server)[0].id.clone();
    (server, account)
}

fn audit_list<'a>(account: &'a str, since: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "audit-logs",
        "list",
        "--account",
        account,
        "--since",
        since,
        "--before",
        "2030-01-01",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn an_unknown_account_is_not_found_with_the_cf_ray_and_what_to_do() {
    let (server, _) = emulator();
    let run = cfacct(
        &server,
        &[
            "members",
            "list",
            "--account",
            "0123456789abcdef0123456789abcdef",
        ],
    );
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("listing the members of account 0123456789abcdef0123456789abcdef")
    );
    assert!(run.stderr.contains("404"), "{}", run.stderr);
    assert!(run.stderr.contains("cf-ray: "), "{}", run.stderr);
    assert!(run.stderr.contains("next: check the ID"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let malformed = cfacct(&server, &audit_list("not-an-id", "2020-01-01", &[]));
    assert_eq!(malformed.code, 4, "{}", malformed.stderr);
}

#[test]
fn a_bad_date_is_a_usage_error_naming_the_flag() {
    let (server, account) = emulator();
    let run = cfacct(&server, &audit_list(&account, "2024-13-01", &[]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--since"), "{}", run.stderr);
    assert!(
        run.stderr.contains("is not a date YYYY-MM-DD"),
        "{}",
        run.stderr
    );
    let reversed = cfacct(&server, &audit_list(&account, "2031-01-01", &[]));
    assert_eq!(reversed.code, 2);
    assert!(
        reversed.stderr.contains("is after --before"),
        "{}",
        reversed.stderr
    );
    let duration = cfacct(&server, &["tokens", "list", "--expiring-within", "30x"]);
    assert_eq!(duration.code, 2);
    assert!(
        duration.stderr.contains("unknown unit"),
        "{}",
        duration.stderr
    );
}

#[test]
fn bad_filters_are_usage_errors_listing_what_is_accepted() {
    let (server, account) = emulator();
    let value = cfacct(
        &server,
        &audit_list(&account, "2020-01-01", &["--filter", "action_type=destroy"]),
    );
    assert_eq!(value.code, 2);
    assert!(
        value
            .stderr
            .contains("not a valid action_type; use one of create, delete, view, update"),
        "{}",
        value.stderr
    );
    let key = cfacct(
        &server,
        &audit_list(&account, "2020-01-01", &["--exclude", "colour=blue"]),
    );
    assert_eq!(key.code, 2);
    assert!(
        key.stderr.contains("unknown filter \"colour\""),
        "{}",
        key.stderr
    );
    assert!(
        key.stderr.contains("actor_email"),
        "the keys are listed: {}",
        key.stderr
    );
    let shape = cfacct(
        &server,
        &audit_list(&account, "2020-01-01", &["--filter", "actor_email"]),
    );
    assert_eq!(shape.code, 2);
    assert!(shape.stderr.contains("write KEY=VALUE"), "{}", shape.stderr);
    let status = cfacct(
        &server,
        &audit_list(&account, "2020-01-01", &["--filter", "raw_status_code=abc"]),
    );
    assert_eq!(status.code, 2);
    assert!(
        status.stderr.contains("not an HTTP status code"),
        "{}",
        status.stderr
    );
    // A valid filter goes through, and the API applies it.
    let ok = cfacct(
        &server,
        &audit_list(
            &account,
            "2020-01-01",
            &["--filter", "action_type=delete", "-o", "json"],
        ),
    )
    .json();
    assert!(
        ok.as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"]["type"] == "delete")
    );
    // A page size out of the API's range is refused before anything is sent.
    let limit = cfacct(
        &server,
        &audit_list(&account, "2020-01-01", &["--limit", "5000"]),
    );
    assert_eq!(limit.code, 2, "{}", limit.stderr);
    assert!(limit.stderr.contains("--limit"), "{}", limit.stderr);
}

#[test]
fn missing_or_refused_credentials_are_auth_errors() {
    let none = cfacct_alone(&["accounts", "list"]);
    assert_eq!(none.code, 3);
    assert!(
        none.stderr
            .contains("no credentials: set CLOUDFLARE_API_TOKEN"),
        "{}",
        none.stderr
    );
    let (server, _) = emulator();
    let refused = common::bare()
        .env("CLOUDFLARE_API_TOKEN", "not-the-token")
        .args(["--base-url", &server.base_url(), "user", "get"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("next: check the credentials"), "{stderr}");
    assert!(
        !stderr.contains("not-the-token"),
        "the token is never printed: {stderr}"
    );
}

#[test]
fn help_documents_exit_codes_and_examples_and_completions_are_generated() {
    let help = cfacct_alone(&["--help"]).ok();
    for text in [
        "Exit codes:",
        "3    authentication",
        "130  interrupted",
        "CLOUDFLARE_API_TOKEN",
        "--emulator members list --all-accounts",
    ] {
        assert!(help.contains(text), "{text} missing from --help");
    }
    for command in [
        "accounts",
        "members",
        "roles",
        "tokens",
        "user",
        "invites",
        "organizations",
        "audit-logs",
        "subscriptions",
        "billing",
    ] {
        let sub = cfacct_alone(&[command, "--help"]).ok();
        assert!(sub.contains("Example"), "{command} --help has no example");
    }
    let export = cfacct_alone(&["audit-logs", "export", "--help"]).ok();
    assert!(
        export.contains("no total") && export.contains("actor_token_name"),
        "{export}"
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = cfacct_alone(&["completions", shell]).ok();
        assert!(
            script.contains("cfacct") && script.contains("audit-logs"),
            "{shell}"
        );
    }
}

#[test]
fn the_emulator_flag_runs_without_credentials_or_a_server() {
    let json = cfacct_alone(&[
        "--emulator",
        "--emulator-latency",
        "5ms",
        "accounts",
        "list",
        "-o",
        "json",
    ])
    .json();
    assert_eq!(json.as_array().unwrap().len(), 12);
    let org = json[0]["managed_by"]["parent_org_id"]
        .as_str()
        .expect("a managed account");
    let members =
        cfacct_alone(&["--emulator", "organizations", "members", org, "-o", "json"]).json();
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["user"]["email"] == "user@example.com")
    );
    let csv = cfacct_alone(&["--emulator", "user", "get", "-o", "csv"]).ok();
    assert!(csv.starts_with("id,email,"), "{csv}");
    for args in [
        &["--emulator", "organizations", "list"][..],
        &["--emulator", "subscriptions", "list"],
        &["--emulator", "billing", "history"],
        &["--emulator", "billing", "profile"],
        &["--emulator", "invites", "list"],
        &["--emulator", "tokens", "permission-groups"],
    ] {
        let run = cfacct_alone(&[args, &["-o", "json"]].concat());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        serde_json::from_str::<serde_json::Value>(&run.stdout).expect("JSON");
    }
}
