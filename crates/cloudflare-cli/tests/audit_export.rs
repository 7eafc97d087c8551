//! Audit-log export: JSONL and CSV equal to the API's listing, interrupted (deterministically,
//! or by a failing server) and resumed with no duplicates and no gaps.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use cloudflare_hyper::Date;
use cloudflare_hyper::accounts::logs::audit;
use cloudflare_mock::{MockConfig, MockServer};
use common::{accounts, cfacct, list_all, scratch};
use serde_json::Value;

const SINCE: &str = "2020-01-01";
const BEFORE: &str = "2030-01-01";

fn emulator() -> (MockServer, String) {
    let server = MockServer::start(MockConfig::default()).expect("emulator");
    let account = accounts(&server)[0].id.clone();
    (server, account)
}

/// The entry ids the API lists for the range, in its order, read with the SDK.
fn api_ids(server: &MockServer, account: &str) -> Vec<String> {
    let day = |y| Date::from_ymd(y, 1, 1).unwrap();
    let op = audit::List::new(account, day(2020), day(2030));
    list_all(server, op)
        .into_iter()
        .map(|e| e.id.unwrap())
        .collect()
}

fn jsonl_ids(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            v["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn export(server: &MockServer, account: &str, out: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "audit-logs",
        "export",
        "--account",
        account,
        "--since",
        SINCE,
        "--before",
        BEFORE,
        "--limit",
        "10",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    cfacct(server, &args)
}

fn checkpoint(out: &Path) -> Value {
    let path = format!("{}.checkpoint", out.display());
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_jsonl_export_holds_exactly_what_the_api_lists() {
    let (server, account) = emulator();
    let expected = api_ids(&server, &account);
    assert!(
        expected.len() > 30,
        "several pages of 10: {}",
        expected.len()
    );
    let out = scratch("export-jsonl").join("logs.jsonl");
    let run = export(&server, &account, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(jsonl_ids(&out), expected);
    assert!(
        run.stderr
            .contains(&format!("exported {} entries", expected.len())),
        "{}",
        run.stderr
    );
    let saved = checkpoint(&out);
    assert_eq!(saved["done"], true);
    assert_eq!(saved["entries"], expected.len() as u64);
    assert_eq!(saved["bytes"], std::fs::metadata(&out).unwrap().len());
    // Each line is the API's entry as it is.
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["account"]["id"], account.as_str());
    assert!(first["actor"]["email"].is_string() && first["raw"]["status_code"].is_number());
}

#[test]
fn a_filtered_csv_export_has_a_header_and_the_filtered_rows() {
    let (server, account) = emulator();
    let day = |y| Date::from_ymd(y, 1, 1).unwrap();
    let filters = cloudflare_hyper::models::audit_log::AccountAuditLogFilters::default()
        .action_type(cloudflare_hyper::models::audit_log::ActionType::Update);
    let op = audit::List::new(&account, day(2020), day(2030)).filters(filters);
    let expected: Vec<String> = list_all(&server, op)
        .into_iter()
        .map(|e| e.id.unwrap())
        .collect();
    assert!(!expected.is_empty());
    let out = scratch("export-csv").join("logs.csv");
    let run = export(
        &server,
        &account,
        &out,
        &["--format", "csv", "--filter", "action_type=update"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let action = headers.iter().position(|h| h == "action_type").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<String> = rows.iter().map(|r| r[0].to_owned()).collect();
    assert_eq!(ids, expected);
    assert!(rows.iter().all(|r| &r[action] == "update"));
}

/// Interrupts after 2 pages, spoils the output's tail as a crash mid-write would, resumes, and
/// compares with an uninterrupted export.
#[test]
fn an_interrupted_export_resumes_with_no_duplicates_and_no_gaps() {
    let (server, account) = emulator();
    let dir = scratch("export-resume");
    let whole = dir.join("whole.jsonl");
    export(&server, &account, &whole, &[]).ok();
    let whole_ids = jsonl_ids(&whole);

    let out = dir.join("resumed.jsonl");
    let stopped = export(&server, &account, &out, &["--stop-after-pages", "2"]);
    assert_eq!(stopped.code, 130, "{}", stopped.stderr);
    assert!(stopped.stderr.contains("--resume"), "{}", stopped.stderr);
    let saved = checkpoint(&out);
    assert_eq!(
        (saved["entries"].as_u64(), saved["pages"].as_u64()),
        (Some(20), Some(2))
    );
    assert_eq!(saved["done"], false);
    assert!(saved["cursor"].is_string());
    assert_eq!(jsonl_ids(&out), whole_ids[..20]);

    // Half a line past the checkpoint: resume must cut it off.
    let mut tail = std::fs::OpenOptions::new().append(true).open(&out).unwrap();
    std::io::Write::write_all(&mut tail, b"{\"id\":\"half-writ").unwrap();
    drop(tail);

    let resumed = export(&server, &account, &out, &["--resume"]);
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    let ids = jsonl_ids(&out);
    assert_eq!(ids, whole_ids);
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        ids.len(),
        "no duplicates"
    );
    assert_eq!(checkpoint(&out)["done"], true);

    // Resuming a complete export does nothing; resuming with another query is refused.
    let again = export(&server, &account, &out, &["--resume"]);
    assert_eq!(again.code, 0);
    assert!(
        again.stderr.contains("already complete"),
        "{}",
        again.stderr
    );
    let other = export(
        &server,
        &account,
        &out,
        &["--resume", "--filter", "action_type=view"],
    );
    assert_eq!(other.code, 2);
    assert!(
        other.stderr.contains("is for another export"),
        "{}",
        other.stderr
    );
}

/// The server drops every connection from the 4th page on: the export fails part way (the
/// client's retries spent), with the next step in the message; once the server is well, the
/// resumed export equals the listing.
#[test]
fn an_export_broken_by_the_server_resumes_where_it_stopped() {
    let (server, account) = emulator();
    let expected = api_ids(&server, &account);
    server.reset();
    let calls_before = server
        .calls("GET", "/accounts/{account_id}/logs/audit")
        .unwrap();
    server
        .on("GET", "/accounts/{account_id}/logs/audit")
        .unwrap()
        .nth(calls_before + 4)
        .times(50)
        .drop_connection();
    let out = scratch("export-fault").join("logs.jsonl");
    let failed = export(&server, &account, &out, &[]);
    assert_eq!(failed.code, 8, "a connection failure: {}", failed.stderr);
    assert!(
        failed.stderr.contains("30 entries are in"),
        "{}",
        failed.stderr
    );
    assert!(failed.stderr.contains("--resume"), "{}", failed.stderr);
    assert_eq!(checkpoint(&out)["entries"], 30);

    server.faults().clear();
    let resumed = export(&server, &account, &out, &["--resume"]);
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    assert_eq!(jsonl_ids(&out), expected);
}

/// A 429 on the 3rd page: the SDK client waits out the `Retry-After` and the export completes
/// with every entry once.
#[test]
fn a_rate_limited_page_is_waited_out_by_the_client() {
    let (server, account) = emulator();
    let expected = api_ids(&server, &account);
    let route = "/accounts/{account_id}/logs/audit";
    let calls = server.calls("GET", route).unwrap();
    server
        .on("GET", route)
        .unwrap()
        .nth(calls + 3)
        .rate_limit(1);
    let out = scratch("export-429").join("logs.jsonl");
    let started = std::time::Instant::now();
    let run = export(&server, &account, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "waited the Retry-After"
    );
    assert!(server.statuses().contains(&Some(429)), "the 429 was served");
    assert_eq!(jsonl_ids(&out), expected);
}

/// A real Ctrl-C (SIGINT) while the export runs: exit 130, and the resumed export is whole.
#[cfg(unix)]
#[test]
fn an_export_interrupted_by_sigint_resumes_whole() {
    let (server, account) = emulator();
    let expected = api_ids(&server, &account);
    server
        .faults()
        .set_latency(std::time::Duration::from_millis(100));
    let out = scratch("export-sigint").join("logs.jsonl");
    let config = server.config();
    let child = common::bare()
        .env("CLOUDFLARE_API_TOKEN", &config.token)
        .args([
            "--base-url",
            &server.base_url(),
            "audit-logs",
            "export",
            "--account",
            &account,
        ])
        .args([
            "--since", SINCE, "--before", BEFORE, "--limit", "10", "--out",
        ])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let checkpoint_path = format!("{}.checkpoint", out.display());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let written = std::fs::read_to_string(&checkpoint_path)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|c| c["entries"].as_u64())
            .unwrap_or(0);
        if written >= 10 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no progress");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted after"), "{stderr}");
    let saved = checkpoint(&out);
    assert_eq!(saved["done"], false);
    assert!(saved["entries"].as_u64().unwrap() < expected.len() as u64);

    server.faults().set_latency(std::time::Duration::ZERO);
    let resumed = export(&server, &account, &out, &["--resume"]);
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    assert_eq!(jsonl_ids(&out), expected);
}
