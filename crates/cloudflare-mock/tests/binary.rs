//! The binary: `--world FILE` and the admin endpoints, over HTTP, as a test written in another
//! language would use them.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use common::{assert_error, request};
use serde_json::{Value, json};

struct Running {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(args: &[&str]) -> Result<Running, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudflare-mock"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let first = match lines.next() {
        Some(Ok(l)) => l,
        _ => {
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
    };
    // Keep reading the request log so the pipe never fills.
    std::thread::spawn(move || for _ in lines {});
    let addr = first
        .trim_start_matches("http://")
        .trim_end_matches("/client/v4")
        .parse()
        .map_err(|e| format!("{first:?}: {e}"))?;
    Ok(Running { child, addr })
}

fn admin(r: &Running, method: &str, what: &str, body: Option<&Value>) -> common::RawResponse {
    let bytes = body.map(|b| b.to_string().into_bytes());
    request(
        r.addr,
        method,
        &format!("/__admin/{what}"),
        &[],
        bytes.as_deref(),
    )
    .unwrap_or_else(|e| panic!("{method} /__admin/{what}: {e}"))
}

fn api(r: &Running, token: &str, method: &str, path: &str) -> common::RawResponse {
    let auth = format!("Bearer {token}");
    request(
        r.addr,
        method,
        &format!("/client/v4{path}"),
        &[("Authorization", auth.as_str())],
        None,
    )
    .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

fn world_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "cloudflare-mock-{}-{name}.json",
        std::process::id()
    ));
    std::fs::write(&path, text).expect("temp file");
    path
}

#[test]
fn world_file_and_admin_endpoints() {
    let acme = cloudflare_mock::world::id("acme");
    let path = world_file(
        "ok",
        &json!({
            "base": "empty",
            "accounts": [{"id": acme, "name": "Acme"}],
            "tokens": [{"name": "reader", "value": "tok-reader",
                        "policies": [{"effect": "allow",
                                      "permission_groups": ["Account Settings Read"],
                                      "resources": {format!("com.cloudflare.api.account.{acme}"): "*"}}]}]
        })
        .to_string(),
    );
    let r = run(&["--world", path.to_str().unwrap_or_default()]).expect("the binary starts");
    let listed = api(&r, "tok-reader", "GET", "/accounts").json();
    assert_eq!(listed["result"][0]["name"], json!("Acme"));
    assert_eq!(listed["result"].as_array().map(Vec::len), Some(1));

    // A route-scoped fault added at run time.
    let fault = json!({"method": "GET", "template": "/accounts/{account_id}", "nth": 1,
                       "fault": {"type": "rate_limit", "retry_after": 3}});
    assert_eq!(admin(&r, "POST", "faults", Some(&fault)).status, 201);
    let expectation = json!({"method": "GET", "template": "/accounts/{account_id}", "times": 2});
    assert_eq!(
        admin(&r, "POST", "expectations", Some(&expectation)).status,
        201
    );
    let first = api(&r, "tok-reader", "GET", &format!("/accounts/{acme}"));
    assert_error(&first, 429, 10000);
    assert_eq!(first.header("retry-after"), Some("3"));
    assert_eq!(admin(&r, "GET", "verify", None).status, 409);
    assert_eq!(
        api(&r, "tok-reader", "GET", &format!("/accounts/{acme}")).status,
        200
    );
    assert_eq!(admin(&r, "GET", "verify", None).json(), json!({"ok": true}));
    let scripted = json!({"fault": {"type": "respond", "status": 418, "json": {"teapot": true}}});
    assert_eq!(admin(&r, "POST", "faults", Some(&scripted)).status, 201);
    let t = api(&r, "tok-reader", "GET", "/user/tokens/verify");
    assert_eq!((t.status, t.json()), (418, json!({"teapot": true})));

    // The recorded exchanges, with statuses, without secrets.
    let rec = admin(&r, "GET", "requests", None);
    assert_eq!(rec.status, 200);
    let list = rec.json()["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let statuses: Vec<Value> = list
        .iter()
        .map(|x| x["response"]["status"].clone())
        .collect();
    assert_eq!(
        statuses,
        vec![json!(200), json!(429), json!(200), json!(418)]
    );
    assert_eq!(list[1]["template"], json!("/accounts/{account_id}"));
    assert_eq!(list[1]["fault"], json!("rate_limit"));
    assert!(!rec.json().to_string().contains("tok-reader"));

    // Bad admin input is a 400 with a message, not a crash.
    for bad in [
        json!({"method": "GET", "template": "/nope", "fault": {"type": "drop"}}),
        json!({"fault": {"type": "explode"}}),
        json!({"method": "GET"}),
        json!([1, 2]),
    ] {
        let resp = admin(&r, "POST", "faults", Some(&bad));
        assert_eq!(resp.status, 400, "{bad}");
        assert!(resp.json()["error"].is_string());
    }
    let raw = request(r.addr, "POST", "/__admin/faults", &[], Some(b"{not json")).expect("reply");
    assert_eq!(raw.status, 400);
    assert_eq!(admin(&r, "GET", "nothing", None).status, 404);
    assert_eq!(admin(&r, "GET", "reset", None).status, 405);

    // Reset: state rebuilt, record empty.
    assert_eq!(admin(&r, "POST", "reset", None).status, 204);
    let rec = admin(&r, "GET", "requests", None).json();
    assert_eq!(rec["requests"], json!([]));
    assert_eq!(
        api(&r, "tok-reader", "GET", &format!("/accounts/{acme}")).status,
        200
    );
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_bad_world_file_is_a_clear_error() {
    let cases = [
        ("syntax", "{\"accounts\": [", "EOF"),
        (
            "unknown-key",
            "{\"acounts\": []}",
            "unknown field `acounts`",
        ),
        (
            "bad-id",
            "{\"accounts\": [{\"id\": \"acc-1\", \"name\": \"A\"}]}",
            "32 ASCII letters or digits",
        ),
        (
            "dangling",
            "{\"members\": [{\"account\": \"0123456789abcdef0123456789abcdef\", \"email\": \"a@b.c\"}]}",
            "unknown account",
        ),
    ];
    for (name, text, expected) in cases {
        let path = world_file(name, text);
        let err = run(&["--world", path.to_str().unwrap_or_default()])
            .err()
            .unwrap_or_else(|| panic!("{name}: started"));
        assert!(err.contains(expected), "{name}: {err}");
        let _ = std::fs::remove_file(path);
    }
    let err = run(&["--world", "/nonexistent/world.json"])
        .err()
        .unwrap_or_default();
    assert!(err.contains("--world /nonexistent/world.json"), "{err}");
}

#[test]
fn no_admin_means_no_admin() {
    let r = run(&["--no-admin"]).expect("starts");
    assert_eq!(admin(&r, "GET", "requests", None).status, 404);
}
