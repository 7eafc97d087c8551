//! Members across accounts, tokens (expiring, create, roll, secret files), invitations.

mod common;

use std::collections::BTreeSet;

use cloudflare_hyper::Credentials;
use cloudflare_hyper::accounts::{members, tokens};
use cloudflare_mock::{MockConfig, MockServer};
use common::{accounts, block_on, cfacct, client_with, list_all, scratch};
use serde_json::Value;

fn emulator() -> MockServer {
    MockServer::start(MockConfig::default()).expect("emulator")
}

/// (account id, member id, email, status) of every member, as the SDK lists them.
fn members_in(server: &MockServer) -> BTreeSet<(String, String, String, String)> {
    let mut all = BTreeSet::new();
    for account in accounts(server) {
        for m in list_all(server, members::List::new(&account.id)) {
            all.insert((
                account.id.clone(),
                m.id.unwrap_or_default(),
                m.user.map(|u| u.email).unwrap_or_default(),
                m.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            ));
        }
    }
    all
}

#[test]
fn members_across_all_accounts_as_json_are_what_the_emulator_holds() {
    let server = emulator();
    let json = cfacct(
        &server,
        &["members", "list", "--all-accounts", "-o", "json"],
    )
    .json();
    let rows = json.as_array().expect("an array");
    let listed: BTreeSet<_> = rows
        .iter()
        .map(|r| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            (
                s(&r["account"]["id"]),
                s(&r["member"]["id"]),
                s(&r["member"]["user"]["email"]),
                s(&r["member"]["status"]),
            )
        })
        .collect();
    let expected = members_in(&server);
    assert!(
        expected.len() > 12,
        "the generated world has members in 12 accounts"
    );
    assert_eq!(listed.len(), rows.len(), "no member twice");
    assert_eq!(listed, expected);
    // The API's shape: roles as objects with names and permissions, policies where set.
    let with_roles = rows
        .iter()
        .filter(|r| r["member"]["roles"][0]["permissions"].is_object())
        .count();
    assert!(with_roles > 0);
    assert!(
        rows.iter()
            .any(|r| r["member"]["policies"][0]["access"] == "allow")
    );
    assert!(rows.iter().any(|r| r["member"]["status"] == "pending"));

    // One account: the API's members as they are, in the API's order.
    let account = &rows[0]["account"]["id"].as_str().unwrap().to_owned();
    let one = cfacct(
        &server,
        &["members", "list", "--account", account, "-o", "json"],
    )
    .json();
    let ids: Vec<&str> = one
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    let sdk: Vec<String> = list_all(&server, members::List::new(account.as_str()))
        .into_iter()
        .map(|m| m.id.unwrap())
        .collect();
    assert_eq!(ids, sdk);
}

#[test]
fn members_across_all_accounts_as_a_table_show_accounts_roles_and_status() {
    let server = emulator();
    let table = cfacct(
        &server,
        &["members", "list", "--all-accounts", "-o", "table"],
    )
    .ok();
    let header = table.lines().nth(1).expect("a header line");
    for column in [
        "account",
        "member_id",
        "email",
        "status",
        "roles",
        "policies",
    ] {
        assert!(header.contains(column), "{column} missing from {header}");
    }
    let expected = members_in(&server);
    for (account_id, member_id, _, status) in expected.iter().take(20) {
        let line = table
            .lines()
            .find(|l| l.contains(member_id.as_str()))
            .unwrap_or_else(|| panic!("member {member_id} missing"));
        assert!(line.contains(account_id.as_str()) && line.contains(status.as_str()));
    }
    let pending_filter = cfacct(
        &server,
        &[
            "members",
            "list",
            "--all-accounts",
            "--status",
            "pending",
            "-o",
            "json",
        ],
    )
    .json();
    let pending = pending_filter.as_array().unwrap();
    assert_eq!(
        pending.len(),
        expected.iter().filter(|m| m.3 == "pending").count()
    );
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn verifies(server: &MockServer, account: &str, secret: &str) -> bool {
    let client = client_with(server, Credentials::api_token(secret));
    block_on(client.send(&tokens::Verify::new(account))).is_ok()
}

#[test]
fn a_token_is_created_and_rolled_with_its_secret_in_0600_files_or_printed_once() {
    let server = emulator();
    let account = accounts(&server)[0].id.clone();
    let dir = scratch("token-roll");
    let first = dir.join("first.token");
    let created = cfacct(
        &server,
        &[
            "tokens",
            "create",
            "--account",
            &account,
            "--name",
            "ci",
            "--permission-group",
            "Account Settings Read",
            "--expires-in",
            "10d",
            "--secret-file",
            first.to_str().unwrap(),
            "-o",
            "json",
        ],
    );
    assert_eq!(created.code, 0, "{}", created.stderr);
    let secret1 = std::fs::read_to_string(&first).unwrap().trim().to_owned();
    assert!(secret1.len() >= 20);
    #[cfg(unix)]
    assert_eq!(mode(&first), 0o600);
    assert!(!created.stdout.contains(&secret1) && !created.stderr.contains(&secret1));
    let token: Value = serde_json::from_str(&created.stdout).unwrap();
    let token_id = token["id"].as_str().unwrap().to_owned();
    assert_eq!(token["name"], "ci");
    assert!(token.get("value").is_none());
    assert!(verifies(&server, &account, &secret1));

    // Rolled into a file that exists with a loose mode: it ends 0600 with the new secret.
    let second = dir.join("second.token");
    std::fs::write(&second, "old content").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&second, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let path2 = second.to_str().unwrap();
    let rolled = cfacct(
        &server,
        &[
            "tokens",
            "roll",
            &token_id,
            "--account",
            &account,
            "--secret-file",
            path2,
        ],
    );
    assert_eq!(rolled.code, 0, "{}", rolled.stderr);
    let secret2 = std::fs::read_to_string(&second).unwrap().trim().to_owned();
    #[cfg(unix)]
    assert_eq!(mode(&second), 0o600);
    assert_ne!(secret2, secret1);
    assert!(
        rolled.stdout.is_empty(),
        "nothing on stdout: {}",
        rolled.stdout
    );
    assert!(
        !verifies(&server, &account, &secret1),
        "the old secret stops working"
    );
    assert!(verifies(&server, &account, &secret2));

    // Printed: exactly once, on stdout, nowhere else.
    let printed = cfacct(
        &server,
        &[
            "tokens",
            "roll",
            &token_id,
            "--account",
            &account,
            "-o",
            "table",
        ],
    );
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let secret3 = printed.stdout.trim();
    assert_eq!(printed.stdout.lines().count(), 1);
    assert_eq!(printed.stdout.matches(secret3).count(), 1);
    assert!(!printed.stderr.contains(secret3));
    assert!(verifies(&server, &account, secret3));
}

#[test]
fn tokens_expiring_within_a_duration_are_the_ones_that_expire_by_then() {
    let server = emulator();
    let account = accounts(&server)[0].id.clone();
    for (name, expires) in [("soon", "5d"), ("later", "60d")] {
        cfacct(
            &server,
            &[
                "tokens",
                "create",
                "--account",
                &account,
                "--name",
                name,
                "--permission-group",
                "Account Settings Read",
                "--expires-in",
                expires,
                "--secret-file",
                scratch(&format!("expiring-{name}"))
                    .join("t")
                    .to_str()
                    .unwrap(),
            ],
        )
        .ok();
    }
    let names = |within: &str| -> BTreeSet<String> {
        let json = cfacct(
            &server,
            &[
                "tokens",
                "list",
                "--account",
                &account,
                "--expiring-within",
                within,
                "-o",
                "json",
            ],
        )
        .json();
        json.as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names("30d"), BTreeSet::from(["soon".to_owned()]));
    assert_eq!(
        names("90d"),
        BTreeSet::from(["soon".to_owned(), "later".to_owned()])
    );
    assert!(names("1d").is_empty());
    let all = cfacct(
        &server,
        &["tokens", "list", "--account", &account, "-o", "json"],
    )
    .json();
    assert!(
        all.as_array().unwrap().len() > 2,
        "without the flag every token is listed"
    );
}

#[test]
fn one_email_is_invited_to_several_accounts_with_a_role_by_name() {
    let server = emulator();
    let all = accounts(&server);
    let (a, b) = (all[0].id.clone(), all[1].id.clone());
    let email = "newcomer@example.com";
    let json = cfacct(
        &server,
        &[
            "invites",
            "send",
            "--email",
            email,
            "--account",
            &a,
            "--account",
            &b,
            "--role",
            "Administrator Read Only",
            "-o",
            "json",
        ],
    )
    .json();
    assert_eq!(json.as_array().unwrap().len(), 2);
    for account in [&a, &b] {
        let found = list_all(&server, members::List::new(account.as_str()))
            .into_iter()
            .find(|m| m.user.as_ref().map(|u| u.email.as_str()) == Some(email))
            .unwrap_or_else(|| panic!("{email} not a member of {account}"));
        assert_eq!(found.status.unwrap().as_str(), "pending");
        let roles: Vec<String> = found.roles.unwrap().into_iter().map(|r| r.name).collect();
        assert_eq!(roles, ["Administrator Read Only"]);
    }
    // An unknown role: every account is tried, each failure shown, the exit code non-zero.
    let bad = cfacct(
        &server,
        &[
            "invites",
            "send",
            "--email",
            "x@example.com",
            "--account",
            &a,
            "--role",
            "Overlord",
        ],
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stdout.contains("has no role") && bad.stdout.contains("Overlord"),
        "{}",
        bad.stdout
    );
    assert!(
        bad.stderr.contains("1 of 1 operations failed"),
        "{}",
        bad.stderr
    );
}

#[test]
fn an_invitation_is_accepted() {
    let server = emulator();
    let pending = cfacct(&server, &["invites", "list", "-o", "json"]).json();
    let invite = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "pending")
        .expect("the generated world has a pending invitation");
    let id = invite["id"].as_str().unwrap();
    let answered = cfacct(&server, &["invites", "respond", id, "accept", "-o", "json"]).json();
    assert_eq!(answered["id"], id);
    assert_eq!(answered["status"], "accepted");
    let bad = cfacct(&server, &["invites", "respond", id, "maybe"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("invalid value 'maybe'"),
        "{}",
        bad.stderr
    );
}
