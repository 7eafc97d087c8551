//! Both sample sets cover every catalogue operation exactly once, and every sample builds a
//! request of its operation's method and path.

use std::collections::BTreeSet;

use cloudflare_conformance::{Case, Ids, full, full_with, minimal, minimal_with};
use cloudflare_core::{Config, Credentials, catalogue};

fn config() -> Config {
    Config::new(Credentials::api_key("user@example.com", "key")).unwrap()
}

/// Asserts that `cases` name each catalogue operation exactly once and that every request
/// builds, with the operation's method and a path below the base URL.
fn assert_covers_the_catalogue(set: &str, cases: &[Box<dyn Case>]) {
    let config = config();
    let mut covered = BTreeSet::new();
    for case in cases {
        let name = case.name();
        assert!(covered.insert(name), "{set}: {name} appears twice");
        let info = cloudflare_core::catalogue::find(name)
            .unwrap_or_else(|| panic!("{set}: {name} is not in the catalogue"));
        assert_eq!(case.info(), *info, "{set}: {name}");
        let request = case
            .request(&config)
            .unwrap_or_else(|e| panic!("{set}: {name}: {e}"));
        assert_eq!(request.method(), info.method, "{set}: {name}");
        assert!(
            request
                .uri()
                .to_string()
                .starts_with(config.base_url().as_str()),
            "{set}: {name}: {}",
            request.uri()
        );
    }
    let all: BTreeSet<&str> = catalogue().iter().map(|i| i.name).collect();
    let missing: Vec<_> = all.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "{set}: operations without a sample: {missing:?}"
    );
}

#[test]
fn full_covers_every_operation() {
    assert_covers_the_catalogue("full", &full());
}

#[test]
fn minimal_covers_every_operation() {
    assert_covers_the_catalogue("minimal", &minimal());
}

/// The minimal samples send strictly less than the full ones: no query string, and a body no
/// larger than the full sample's.
#[test]
fn minimal_samples_are_smaller() {
    let config = config();
    let full = full();
    for case in minimal() {
        let minimal = case.request(&config).unwrap();
        let full = full
            .iter()
            .find(|c| c.name() == case.name())
            .unwrap()
            .request(&config)
            .unwrap();
        let required_query = case.name().ends_with(".logs.audit.list");
        assert!(
            required_query || minimal.uri().query().is_none(),
            "{}: {}",
            case.name(),
            minimal.uri()
        );
        assert!(
            minimal.body().len() <= full.body().len(),
            "{}: minimal body larger than the full one",
            case.name()
        );
    }
}

/// Every ID in [`Ids`] reaches the requests: the samples address what they are given.
#[test]
fn the_samples_address_the_given_ids() {
    let config = config();
    let ids = Ids {
        account: "acc-x".into(),
        other_account: "acc-y".into(),
        account_member: "mem-x".into(),
        role: "role-x".into(),
        account_token: "atok-x".into(),
        account_subscription: "asub-x".into(),
        organization: "org-x".into(),
        parent_organization: "org-parent".into(),
        organization_member: "omem-x".into(),
        audit_organization: "org-audit".into(),
        invite: "inv-x".into(),
        user_organization: "uorg-x".into(),
        user_token: "utok-x".into(),
        user_subscription: "usub-x".into(),
        new_member_email: "new@example.net".into(),
        unit: "unit-x".into(),
        account_audit_cursor: "acur-x".into(),
        organization_audit_cursor: "ocur-x".into(),
        organization_accounts_page_token: "oapt-x".into(),
        organization_members_page_token: "ompt-x".into(),
    };
    let mut text = String::new();
    for case in full_with(&ids).iter().chain(minimal_with(&ids).iter()) {
        let request = case.request(&config).unwrap();
        text.push_str(&request.uri().to_string());
        text.push_str(&String::from_utf8_lossy(request.body()));
        // No example ID leaks into requests built from other IDs.
        for example in [&Ids::examples().account, &Ids::examples().organization] {
            assert!(!text.contains(example.as_str()), "{}", case.name());
        }
    }
    for needle in [
        "acc-x",
        "acc-y",
        "mem-x",
        "role-x",
        "atok-x",
        "asub-x",
        "org-x",
        "org-parent",
        "omem-x",
        "org-audit",
        "inv-x",
        "uorg-x",
        "utok-x",
        "usub-x",
        "new@example.net",
    ] {
        assert!(text.contains(needle), "{needle} is never sent");
    }
}
