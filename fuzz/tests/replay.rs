//! Every fuzz target over every file of its corpus (`corpus/<target>/`) and over hand-written
//! nasty inputs, on stable: `cd fuzz && cargo test`.
//!
//! `seed_corpus_is_up_to_date` checks (and with `WRITE_SEEDS`, from `./seed.sh`, rewrites) the seed files from
//! `spec/examples/` and the catalogue. Files the fuzzer adds to a corpus are left alone.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use cloudflare_core::catalogue;
use cloudflare_fuzz::{TARGETS, status_byte};
use serde_json::{Value, json};

fn fuzz_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn target(name: &str) -> cloudflare_fuzz::Target {
    TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no target {name}"))
        .1
}

/// Runs `name` over `inputs`, reporting every input that panics (not only the first).
fn run_all(name: &str, inputs: impl IntoIterator<Item = (String, Vec<u8>)>) -> usize {
    let f = target(name);
    let mut count = 0;
    let mut failures = Vec::new();
    for (label, data) in inputs {
        count += 1;
        if catch_unwind(AssertUnwindSafe(|| f(&data))).is_err() {
            failures.push(label);
        }
    }
    assert!(
        failures.is_empty(),
        "{name} panicked on {} input(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

fn corpus(name: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(name);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let data = fs::read(&path).unwrap();
            (path.display().to_string(), data)
        })
        .collect()
}

fn replay_corpus(name: &str) {
    let n = run_all(name, corpus(name));
    assert!(n > 0, "the {name} corpus is empty: run ./seed.sh");
}

#[test]
fn envelope_corpus() {
    replay_corpus("envelope");
}

#[test]
fn operation_parsers_corpus() {
    replay_corpus("operation_parsers");
}

#[test]
fn path_and_query_corpus() {
    replay_corpus("path_and_query");
}

#[test]
fn paginators_corpus() {
    replay_corpus("paginators");
}

/// Inputs that have broken parsers elsewhere: deep nesting, huge numbers, invalid UTF-8,
/// duplicate keys, truncation, `success: false` on a 2xx, HTML.
fn nasty_bodies() -> Vec<Vec<u8>> {
    let mut bodies: Vec<Vec<u8>> = [
        "",
        " ",
        "null",
        "{}",
        "[]",
        "\"\"",
        "0",
        "-1",
        "1e999",
        "{\"success\":false}",
        "{\"success\":true}",
        "{\"success\":\"false\",\"result\":{}}",
        "{\"success\":true,\"result\":null}",
        "{\"success\":true,\"result\":[]}",
        "{\"success\":true,\"result\":{\"id\":1e400}}",
        "{\"success\":true,\"result\":[{}],\"result_info\":{\"page\":-1,\"total_pages\":1e300}}",
        "{\"success\":true,\"result\":[1],\"result_info\":{\"cursor\":\"\",\"cursors\":{\"after\":\"\"}}}",
        "{\"success\":true,\"success\":false}",
        "{\"success\":false,\"errors\":[],\"errors\":[]}",
        "{\"success\":false,\"errors\":[{\"code\":\"x\",\"error_chain\":[[[]]]}],\"messages\":{}}",
        "{\"success\":false,\"errors\":\"nope\"}",
        "{\"errors\":[{\"code\":18446744073709551616}]}",
        "{\"success\":true,\"result\":{\"created_on\":\"9999-99-99T99:99:99Z\",\"expires_on\":-99999999999999}}",
        "<html><body>502 Bad Gateway</body></html>",
        "{\"success\":true,\"result\":[{\"id\":\"a\"",
        // Bare (unenveloped) results of the wrong shape: errors must keep these bytes.
        "{\"id\":32}",
        "{\"messages\":[null]}",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    bodies.push(vec![0xFF, 0xFE, b'{', 0xC3, 0x28, b'}']);
    bodies.push(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes());
    bodies.push(
        format!(
            "{{\"success\":false,\"errors\":[{}{}]}}",
            "{\"error_chain\":[".repeat(200),
            "]}".repeat(200)
        )
        .into_bytes(),
    );
    bodies.push(
        format!(
            "{{\"success\":true,\"result\":{}1{}}}",
            "{\"a\":".repeat(5_000),
            "}".repeat(5_000)
        )
        .into_bytes(),
    );
    bodies
}

#[test]
fn nasty_inputs() {
    let bodies = nasty_bodies();
    let statuses = [0u8, 1, 3, 9, 15, 16, 200, 255];
    let catalogue_len = catalogue().len();

    let mut envelope = Vec::new();
    let mut parsers = Vec::new();
    let mut pages = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        for status in statuses {
            for flags in 0..4u8 {
                let mut data = vec![status, flags];
                if flags & 2 != 0 {
                    data.extend_from_slice(b"Sun, 06 Nov 1994 08:49:47 GMT\n");
                }
                data.extend_from_slice(body);
                envelope.push((
                    format!("body {i}, status byte {status}, flags {flags}"),
                    data,
                ));
            }
            for op in 0..catalogue_len {
                let mut data = vec![op as u8, status];
                data.extend_from_slice(body);
                parsers.push((format!("body {i}, status byte {status}, op {op}"), data));
            }
        }
        for flags in [0u8, 1, 0xFE, 0xFF] {
            let mut data = vec![flags, 0];
            data.extend_from_slice(body);
            data.extend_from_slice(&[0xFF, 0]);
            data.extend_from_slice(body);
            pages.push((format!("body {i}, pager flags {flags}"), data));
        }
    }
    run_all("envelope", envelope);
    run_all("operation_parsers", parsers);
    run_all("paginators", pages);

    let ids: [&[u8]; 14] = [
        b"",
        b".",
        b"..",
        b"...",
        b"/",
        b"a/../b",
        b"%2e%2e",
        b"?x=1#y",
        b" \t\r\n",
        b"\xFF\xFE",
        b"\xC3\x28",
        "é😀\u{2028}".as_bytes(),
        b"a\x01b",
        b"%",
    ];
    let queries: [&[u8]; 10] = [
        b"",
        b"{}",
        b"null",
        b"[1,2]",
        b"{\"\":1}",
        b"{\"a\":{\"\":{\"b\":null}},\"c\":[[1,[2]],{\"d\":1e300}]}",
        b"{\"x\":1.0,\"y\":-0.0,\"z\":1e-300,\"w\":18446744073709551615}",
        b"a=b&&c&=d&e==f",
        b"%zz=%&+=+",
        b"\xFF=\xFE",
    ];
    let mut inputs = Vec::new();
    for id in ids {
        for query in queries {
            let mut data = id.to_vec();
            data.push(0);
            data.extend_from_slice(query);
            inputs.push((format!("{id:?} / {query:?}"), data));
        }
    }
    run_all("path_and_query", inputs);

    // Degenerate inputs for every target.
    for (name, _) in TARGETS {
        run_all(
            name,
            [vec![], vec![0], vec![0xFF], vec![0xFF; 64], vec![0; 64]]
                .into_iter()
                .map(|d| (format!("{d:?}"), d)),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------

struct Example {
    operation_id: String,
    status: u16,
    body: Vec<u8>,
}

fn examples() -> Vec<Example> {
    let dir = fuzz_dir().join("../spec/examples");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let example: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
            Example {
                operation_id: path.file_stem().unwrap().to_string_lossy().into_owned(),
                status: example["status"].as_u64().unwrap() as u16,
                body: match &example["body"] {
                    Value::Null => Vec::new(),
                    body => serde_json::to_vec(body).unwrap(),
                },
            }
        })
        .collect()
}

/// A file name from an operation ID (`user'-s-invites` → `user_-s-invites`).
fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Writes a seed file when `WRITE_SEEDS` is set (see `seed.sh`); otherwise checks that the
/// committed seed is what the catalogue and the examples give today.
fn write(target: &str, name: &str, data: &[u8]) {
    let dir = fuzz_dir().join("corpus").join(target);
    let path = dir.join(name);
    if std::env::var_os("WRITE_SEEDS").is_some() {
        fs::create_dir_all(&dir).unwrap();
        fs::write(path, data).unwrap();
    } else {
        let committed = fs::read(&path).unwrap_or_default();
        assert!(
            committed == data,
            "seed {} is stale: run ./seed.sh",
            path.display()
        );
    }
}

fn status(code: u16) -> u8 {
    status_byte(code).unwrap_or_else(|| panic!("no byte for status {code}"))
}

fn page_body(items: usize, info: Value) -> Vec<u8> {
    let result: Vec<Value> = (0..items)
        .map(|n| json!({"id": format!("{n:032x}"), "name": "Demo", "type": "standard"}))
        .collect();
    serde_json::to_vec(&json!({
        "success": true, "errors": [], "messages": [], "result": result, "result_info": info,
    }))
    .unwrap()
}

/// Joins responses in the `paginators` format.
fn pages(flags: u8, responses: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut data = vec![flags];
    for (i, (code, body)) in responses.iter().enumerate() {
        if i > 0 {
            data.push(0xFF);
        }
        data.push(status(*code));
        data.extend_from_slice(body);
    }
    data
}

/// Checks the seed corpora against the catalogue and the examples; with `WRITE_SEEDS` set
/// (`./seed.sh`), rewrites them after the catalogue or the examples change.
#[test]
fn seed_corpus_is_up_to_date() {
    let examples = examples();
    let error = br#"{"success":false,"errors":[{"code":10000,"message":"Authentication error","error_chain":[{"code":1,"message":"inner"}]}],"messages":[],"result":null}"#;

    // envelope: the list responses and a few errors, with and without hint headers.
    for example in examples
        .iter()
        .filter(|e| e.body.starts_with(br#"{"errors""#))
    {
        let value: Value = serde_json::from_slice(&example.body).unwrap();
        if value["result"].is_array() || value.get("result_info").is_some() {
            let mut data = vec![status(example.status), 1];
            data.extend_from_slice(&example.body);
            write("envelope", &file_name(&example.operation_id), &data);
        }
    }
    for (name, code, flags, prefix, body) in [
        ("error-403", 403, 1, &b""[..], &error[..]),
        ("error-429-retry-after", 429, 3, b"30\n", &error[..]),
        ("error-200-success-false", 200, 1, b"", &error[..]),
        ("html-502", 502, 0, b"", b"<html>502 Bad Gateway</html>"),
        ("empty-204", 204, 0, b"", b""),
        (
            "ratelimit",
            200,
            3,
            b"\"default\";r=50;t=30\n",
            br#"{"success":true,"result":null}"#,
        ),
    ] {
        let mut data = vec![status(code), flags];
        data.extend_from_slice(prefix);
        data.extend_from_slice(body);
        write("envelope", name, &data);
    }

    // operation_parsers: every operation's example, addressed by its catalogue index.
    for (index, info) in catalogue().iter().enumerate() {
        let Some(example) = examples
            .iter()
            .find(|e| e.operation_id == info.operation_id)
        else {
            continue;
        };
        let mut data = vec![index as u8, status(example.status)];
        data.extend_from_slice(&example.body);
        write("operation_parsers", &file_name(info.name), &data);
    }

    // path_and_query: IDs and queries like the API's.
    let queries: [(&str, &[u8]); 8] = [
        (
            "account-and-list-query",
            br#"023e105f4ecef8ad9ca31a8372d0c353{"page":2,"per_page":20,"name":"Demo Account","direction":"desc"}"#,
        ),
        (
            "audit-filters",
            br#"a/b?c#d{"since":"2024-04-26","action":{"type":["create","delete"]},"actor":{"email":"a b@example.com"},"id.not":["x"],"limit":10}"#,
        ),
        ("dots", b"..{\"a\":null}"),
        ("percent", b"%2F%25{\"%\":\"%25\",\"&\":\"=\"}"),
        ("unicode", "é😀 \u{2028}{\"ключ\":\"значение\",\"n\":1.5}".as_bytes()),
        ("text-query", b"id-1page=1&per_page=5&name=a%20b"),
        ("numbers", b"x{\"big\":18446744073709551615,\"neg\":-1,\"f\":1e300,\"z\":0.0}"),
        ("empty", b""),
    ];
    for (name, data) in queries {
        // The ID ends where the query starts: split at the first `{` (or before `page=`).
        let split = data
            .iter()
            .position(|b| *b == b'{')
            .or_else(|| data.windows(5).position(|w| w == b"page="))
            .unwrap_or(data.len());
        let mut seed = data[..split].to_vec();
        seed.push(0);
        seed.extend_from_slice(&data[split..]);
        write("path_and_query", name, &seed);
    }

    // paginators: honest and lying page-number listings, cursor listings.
    let full = |page: u64| json!({"page": page, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3});
    write(
        "paginators",
        "pages-honest",
        &pages(
            40,
            &[
                (200, page_body(2, full(1))),
                (200, page_body(2, full(2))),
                (200, page_body(1, full(3))),
            ],
        ),
    );
    write(
        "paginators",
        "pages-ignores-page",
        &pages(
            40,
            &[(200, page_body(2, json!({"page": 1, "per_page": 2})))],
        ),
    );
    write(
        "paginators",
        "pages-lying-total",
        &pages(
            40,
            &[
                (
                    200,
                    page_body(2, json!({"page": "1", "total_pages": u64::MAX})),
                ),
                (200, page_body(2, json!({"page": 7, "total_count": -1}))),
            ],
        ),
    );
    write(
        "paginators",
        "pages-error",
        &pages(
            40,
            &[(200, page_body(1, json!(null))), (429, error.to_vec())],
        ),
    );
    if let Some(list) = examples
        .iter()
        .find(|e| e.operation_id == "accounts-list-accounts")
    {
        write(
            "paginators",
            "pages-example",
            &pages(40, &[(list.status, list.body.clone())]),
        );
    }
    let cursor_page = |cursor: Value| {
        serde_json::to_vec(&json!({"success": true, "result": [{"id": 1}], "result_info": cursor}))
            .unwrap()
    };
    write(
        "paginators",
        "cursor-honest",
        &pages(
            41,
            &[
                (200, cursor_page(json!({"cursor": "c1"}))),
                (200, cursor_page(json!({"cursors": {"after": "c2"}}))),
                (200, cursor_page(json!({"next_page_token": "c3"}))),
                (200, cursor_page(json!({"cursor": ""}))),
            ],
        ),
    );
    write(
        "paginators",
        "cursor-repeats",
        &pages(
            41,
            &[
                (200, cursor_page(json!({"cursor": "same"}))),
                (200, cursor_page(json!({"cursor": "same"}))),
            ],
        ),
    );
    for id in [
        "audit-logs-v2-get-account-audit-logs",
        "Members_list",
        "Organizations_getAccounts",
    ] {
        if let Some(example) = examples.iter().find(|e| e.operation_id == id) {
            write(
                "paginators",
                &format!("cursor-{}", file_name(id)),
                &pages(41, &[(example.status, example.body.clone())]),
            );
        }
    }
}
