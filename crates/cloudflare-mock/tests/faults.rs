//! Fault injection, request recording and server lifecycle.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use cloudflare_mock::{MockConfig, MockServer, ScriptedResponse};
use common::{Api, assert_error, parse_response, request, start};
use serde_json::json;

/// Sends one request and returns whatever bytes arrive before EOF or an
/// error (a cut connection may end either way).
fn read_all_lossy(api: &Api, path: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(api.addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let req = format!(
        "GET {} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mock-api-token\r\nConnection: close\r\n\r\n",
        Api::target(path)
    );
    s.write_all(req.as_bytes()).expect("write");
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

#[test]
fn rate_limit_then_recovers() {
    let api = start();
    api.server.faults().rate_limit_next(2, 7);
    for _ in 0..2 {
        // Faults apply before authentication.
        let r = request(api.addr(), "GET", &Api::target("/user"), &[], None).expect("io");
        assert_error(&r, 429, 10000);
        assert_eq!(r.header("retry-after"), Some("7"));
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
    assert_eq!(api.call("GET", "/user", None).status, 200);
}

#[test]
fn unavailable() {
    let api = start();
    api.server.faults().unavailable_next(1);
    let r = api.call("GET", "/user", None);
    assert_error(&r, 503, 10001);
    assert_eq!(api.call("GET", "/user", None).status, 200);
}

#[test]
fn truncate_cuts_the_body() {
    let api = start();
    let full = api.call("GET", "/accounts", None);
    assert_eq!(full.status, 200);
    api.server.faults().truncate_next(1);
    let raw = read_all_lossy(&api, "/accounts");
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let err = parse_response(&raw).expect_err("body must be cut");
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof, "{err}");
    let announced = format!("content-length: {}", full.body.len());
    assert!(text.to_ascii_lowercase().contains(&announced), "{text}");
    assert_eq!(api.call("GET", "/accounts", None).status, 200);
}

#[test]
fn drop_closes_without_response() {
    let api = start();
    api.server.faults().drop_next(2);
    assert!(read_all_lossy(&api, "/user").is_empty());
    assert!(read_all_lossy(&api, "/user").is_empty());
    assert_eq!(api.call("GET", "/user", None).status, 200);
    assert_eq!(
        api.server.requests().len(),
        3,
        "dropped requests are recorded"
    );
}

#[test]
fn stall_and_latency() {
    // Generous margins: the machine may be busy running other tests.
    let api = start();
    api.server
        .faults()
        .stall_next(1, Duration::from_millis(600));
    let t = Instant::now();
    assert_eq!(api.call("GET", "/user", None).status, 200);
    assert!(t.elapsed() >= Duration::from_millis(600));
    let t = Instant::now();
    assert_eq!(api.call("GET", "/user", None).status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(600),
        "the stall is one-shot"
    );
    api.server.faults().set_latency(Duration::from_millis(600));
    for _ in 0..2 {
        let t = Instant::now();
        assert_eq!(api.call("GET", "/user", None).status, 200);
        assert!(t.elapsed() >= Duration::from_millis(600));
    }
    api.server.faults().clear();
    let t = Instant::now();
    assert_eq!(api.call("GET", "/user", None).status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(600),
        "clear() removes the latency"
    );
}

#[test]
fn scripted_responses_fifo() {
    let api = start();
    let f = api.server.faults();
    f.script_next(ScriptedResponse::json(200, json!({"success": false, "errors": [{"code": 1234, "message": "odd"}], "messages": [], "result": null})));
    f.script_next(
        ScriptedResponse::bytes(418, "text/plain", b"teapot".to_vec())
            .with_header("x-extra", "1")
            .with_header("cf-ray", "fixed-ray"),
    );
    let r = api.call("GET", "/user", None);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["errors"][0]["code"], json!(1234));
    assert!(r.header("cf-ray").is_some());
    let r = api.call("GET", "/user", None);
    assert_eq!(r.status, 418);
    assert_eq!(r.body, b"teapot");
    assert_eq!(r.header("x-extra"), Some("1"));
    assert_eq!(r.header("cf-ray"), Some("fixed-ray"));
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(api.call("GET", "/user", None).status, 200);
}

#[test]
fn mixed_faults_in_queue_order() {
    let api = start();
    let f = api.server.faults();
    f.rate_limit_next(1, 1);
    f.unavailable_next(1);
    f.script_next(ScriptedResponse::cloudflare_error(409, 1005, "scripted"));
    f.rate_limit_next(0, 1);
    assert_eq!(f.pending(), 3);
    assert_eq!(api.call("GET", "/user", None).status, 429);
    assert_eq!(api.call("GET", "/user", None).status, 503);
    assert_error(&api.call("GET", "/user", None), 409, 1005);
    assert_eq!(api.call("GET", "/user", None).status, 200);
    assert_eq!(f.pending(), 0);
}

#[test]
fn accounts_ignore_page_switch() {
    let api = start();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["result"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|a| a["id"].as_str().map(str::to_owned))
            .collect()
    };
    let p1 = api.get_ok("/accounts?page=1&per_page=5");
    let p2 = api.get_ok("/accounts?page=2&per_page=5");
    assert_ne!(ids(&p1), ids(&p2));
    assert!(p1["result_info"]["total_pages"].as_u64().unwrap_or(0) >= 3);
    api.server.faults().set_accounts_ignore_page(true);
    for page in [2, 3, 50] {
        let v = api.get_ok(&format!("/accounts?page={page}&per_page=5"));
        assert_eq!(ids(&v), ids(&p1), "page {page} must repeat page 1");
        assert_eq!(v["result_info"]["total_pages"], json!(1));
        assert_eq!(v["result_info"]["count"], json!(5));
    }
    api.server.faults().set_accounts_ignore_page(false);
    assert_eq!(ids(&api.get_ok("/accounts?page=2&per_page=5")), ids(&p2));
}

#[test]
fn records_requests_and_concurrency() {
    let api = start();
    let body = json!({"first_name": "Rec"});
    api.call("PATCH", "/user", Some(&body));
    request(
        api.addr(),
        "GET",
        "/client/v4/accounts?name=a%20b&page=1",
        &[],
        None,
    )
    .expect("io");
    let reqs = api.server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].method, http::Method::PATCH);
    assert_eq!(reqs[0].path, "/client/v4/user");
    assert_eq!(reqs[0].query, "");
    assert_eq!(
        reqs[0].header("authorization"),
        Some("Bearer mock-api-token")
    );
    assert_eq!(reqs[0].body, body.to_string().into_bytes());
    assert_eq!(reqs[1].query, "name=a%20b&page=1");
    assert!(reqs[1].received_at >= reqs[0].received_at);
    api.server.clear_requests();
    assert!(api.server.requests().is_empty());

    api.server.faults().set_latency(Duration::from_millis(300));
    let addr = api.addr();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                request(
                    addr,
                    "GET",
                    "/client/v4/user",
                    &[("Authorization", "Bearer mock-api-token")],
                    None,
                )
                .map(|r| r.status)
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().ok().and_then(Result::ok), Some(200));
    }
    assert!(
        api.server.max_in_flight() >= 2,
        "max_in_flight {}",
        api.server.max_in_flight()
    );
    assert_eq!(api.server.requests().len(), 4);
}

#[test]
fn keep_alive_connection_serves_several_requests() {
    let api = start();
    let mut s = TcpStream::connect(api.addr()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let one =
        "GET /client/v4/user HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mock-api-token\r\n\r\n";
    let last = "GET /client/v4/user HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mock-api-token\r\nConnection: close\r\n\r\n";
    s.write_all(format!("{one}{one}{last}").as_bytes())
        .expect("write");
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("read");
    let text = String::from_utf8_lossy(&out);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 3, "{text}");
}

#[test]
fn shutdown_stops_listening() {
    let server = MockServer::start(MockConfig::default()).expect("start");
    let addr = server.addr();
    assert!(TcpStream::connect(addr).is_ok());
    let t = Instant::now();
    server.shutdown();
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(TcpStream::connect(addr).is_err());
    // Drop also stops, even with a stalled request in flight.
    let server = MockServer::start(MockConfig::default()).expect("start");
    server.faults().stall_next(1, Duration::from_secs(60));
    let addr = server.addr();
    let h = std::thread::spawn(move || {
        request(
            addr,
            "GET",
            "/client/v4/user",
            &[("Authorization", "Bearer mock-api-token")],
            None,
        )
    });
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    drop(server);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(
        h.join().ok().is_some_and(|r| r.is_err()),
        "stalled request is cut"
    );
}

#[test]
fn binary_prints_base_url_first() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cloudflare-mock"))
        .args(["--listen", "127.0.0.1:0", "--seed", "5"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn binary");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let result = (|| {
        let rest = first.strip_prefix("http://127.0.0.1:")?;
        let port: u16 = rest.strip_suffix("/client/v4")?.parse().ok()?;
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let r = request(
            addr,
            "GET",
            "/client/v4/user",
            &[("Authorization", "Bearer mock-api-token")],
            None,
        )
        .ok()?;
        let log = lines.next().and_then(Result::ok)?;
        Some((r.status, log))
    })();
    let _ = child.kill();
    let _ = child.wait();
    let (status, log) = result.unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    assert_eq!(status, 200);
    assert!(log.starts_with("GET /client/v4/user 200"), "{log}");
}

#[test]
fn usable_from_async_code_and_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<MockServer>();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let server = MockServer::start(MockConfig::default()).expect("start inside a runtime");
        let addr = server.addr();
        let status = tokio::task::spawn_blocking(move || {
            request(
                addr,
                "GET",
                "/client/v4/user",
                &[("Authorization", "Bearer mock-api-token")],
                None,
            )
            .map(|r| r.status)
            .ok()
        })
        .await
        .ok()
        .flatten();
        assert_eq!(status, Some(200));
        drop(server);
    });
}
