//! Golden tests: the whole request of every operation, built with every optional parameter set,
//! compared with `tests/golden/<operation name>.http`. Run with `UPDATE_GOLDEN=1` to rewrite the
//! files after an intended change, then review the diff.
//!
//! The requests are the `full()` samples of the `cloudflare-conformance` crate, which its
//! runner also sends to a Prism mock server running the OpenAPI schema.

use std::collections::BTreeSet;
use std::path::PathBuf;

use cloudflare_core::{Config, Credentials, catalogue};

/// Renders a request as text: request line, headers (sorted), blank line, pretty JSON body.
fn render(request: &http::Request<Vec<u8>>) -> String {
    let mut out = format!("{} {}\n", request.method(), request.uri());
    let mut headers: Vec<String> = request
        .headers()
        .iter()
        .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or("<non-ascii>")))
        .collect();
    headers.sort();
    for h in headers {
        out.push_str(&h);
        out.push('\n');
    }
    if !request.body().is_empty() {
        let value: serde_json::Value =
            serde_json::from_slice(request.body()).expect("request bodies are JSON");
        out.push('\n');
        out.push_str(&serde_json::to_string_pretty(&value).unwrap());
        out.push('\n');
    }
    out
}

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn config() -> Config {
    Config::new(Credentials::api_token("golden-token"))
        .unwrap()
        .with_user_agent("cloudflare-golden-test")
        .unwrap()
}

#[test]
fn every_operation_matches_its_golden_request() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let config = config();
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for case in cloudflare_conformance::full() {
        let name = case.name();
        assert!(covered.insert(name), "{name} appears twice");
        let request = case
            .request(&config)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let info = cloudflare_core::catalogue::find(name)
            .unwrap_or_else(|| panic!("{name} is not in the catalogue"));
        assert_eq!(request.method(), info.method, "{name}");
        let text = render(&request);
        let path = golden_dir().join(format!("{name}.http"));
        if update {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == text => {}
            Ok(expected) => failures.push(format!(
                "{name}: request differs from {}\n--- expected\n{expected}\n--- actual\n{text}",
                path.display()
            )),
            Err(_) => failures.push(format!(
                "{name}: no golden file {} (run with UPDATE_GOLDEN=1)",
                path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let all: BTreeSet<&str> = catalogue().iter().map(|i| i.name).collect();
    let missing: Vec<_> = all.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "operations without a golden test: {missing:?}"
    );
}
