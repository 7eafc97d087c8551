//! Odd, malformed and random requests never crash, hang or 5xx the server.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{Api, assert_error, parse_response, request, send_raw, start};

const AUTH: (&str, &str) = ("Authorization", "Bearer mock-api-token");

fn alive(api: &Api) {
    let r = api.call("GET", "/user", None);
    assert_eq!(r.status, 200, "server must still answer");
}

#[test]
fn odd_paths_and_queries() {
    let api = start();
    let cases = [
        "/client/v4/accounts/%2F%2F",
        "/client/v4/accounts/abc%2Fdef/members",
        "/client/v4/accounts/%E2%82%AC",
        "/client/v4/accounts/%",
        "/client/v4/accounts/%zz",
        "/client/v4/accounts/%00",
        "/client/v4/accounts/%FF%FE",
        "/client/v4/%75ser",
        "/client/v4/../../etc/passwd",
        "//client/v4/user",
        "/client/v4//user",
        "/client/v4/user/",
        "/client/v4/user?%ff=1",
        "/client/v4/user?a=%ff",
        "/client/v4/user?a=%&b=%%",
        "/client/v4/accounts?page=99999999999999999999999",
        "/client/v4/accounts?page=-1",
        "/client/v4/accounts?per_page=1e3",
        "/client/v4/accounts?page=1&page=2&page=",
        "/client/v4/accounts?direction=sideways",
        "/client/v4/user/audit_logs?since=not-a-date",
        "/client/v4/user/audit_logs?per_page=1001",
        "/client/v4/user/tokens?include_expired=maybe",
        "/client/v4/user/billing/history?type=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "/client/v4/organizations/%2e%2e/members",
        "/client/v4/accounts/0123456789abcdef0123456789abcdef/logs/audit?since=2024-01-01&before=2024-13-45",
    ];
    for path in cases {
        let r = request(api.addr(), "GET", path, &[AUTH], None)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            (200..500).contains(&r.status),
            "{path}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        if r.status >= 400 {
            let v = r.json();
            assert_eq!(v["success"], serde_json::json!(false), "{path}");
        }
    }
    // Non-ASCII raw bytes in the path and a very long path.
    let raw =
        b"GET /client/v4/accounts/\xc3\xa9\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let out = send_raw(api.addr(), raw).expect("io");
    if !out.is_empty() {
        let r = parse_response(&out).expect("parse");
        assert!(r.status < 500);
    }
    let long = format!("/client/v4/accounts/{}", "a".repeat(8000));
    let r = request(api.addr(), "GET", &long, &[AUTH], None).expect("io");
    assert_error(&r, 400, 7003);
    let many: String = (0..2000).map(|i| format!("k{i}=v{i}&")).collect();
    let r = request(
        api.addr(),
        "GET",
        &format!("/client/v4/user?{many}"),
        &[AUTH],
        None,
    )
    .expect("io");
    assert_eq!(r.status, 200);
    alive(&api);
}

#[test]
fn odd_methods_and_headers() {
    let api = start();
    for method in ["FOO", "OPTIONS", "HEAD", "TRACE", "CONNECT"] {
        let raw = format!(
            "{method} /client/v4/user HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mock-api-token\r\nConnection: close\r\n\r\n"
        );
        let out = send_raw(api.addr(), raw.as_bytes()).expect("io");
        if let Ok(r) = parse_response(&out) {
            assert!(r.status < 500, "{method}: {}", r.status);
        }
    }
    // Non-UTF-8 header value in Authorization.
    let raw = b"GET /client/v4/user HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\nConnection: close\r\n\r\n";
    let r = parse_response(&send_raw(api.addr(), raw).expect("io")).expect("parse");
    assert_error(&r, 400, 6003);
    // Empty bearer, lowercase scheme, odd spacing.
    for v in [
        "Bearer ",
        "bearer mock-api-token",
        "Bearer  mock-api-token",
        "Bearer a b",
        "Token x",
    ] {
        let r = request(
            api.addr(),
            "GET",
            "/client/v4/user",
            &[("Authorization", v)],
            None,
        )
        .expect("io");
        assert!(
            r.status == 200 || r.status == 400 || r.status == 401,
            "{v:?}: {}",
            r.status
        );
    }
    // Garbage instead of HTTP.
    for garbage in [
        &b"GARBAGE\r\n\r\n"[..],
        b"\x00\x01\x02\x03\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
    ] {
        let _ = send_raw(api.addr(), garbage);
    }
    // A client that connects and goes away, and one that sends half a head.
    drop(TcpStream::connect(api.addr()).expect("connect"));
    {
        let mut s = TcpStream::connect(api.addr()).expect("connect");
        let _ = s.write_all(b"GET /client/v4/user HTTP/1.1\r\nHost:");
    }
    alive(&api);
}

#[test]
fn odd_bodies() {
    let api = start();
    let addr = api.addr();
    // Exactly 1 MiB is accepted (and is not valid JSON); 1 MiB + 1 is 413.
    let exact = vec![b' '; cloudflare_mock::MAX_BODY_BYTES - 1]
        .into_iter()
        .chain(*b"x")
        .collect::<Vec<u8>>();
    let r = request(addr, "POST", "/client/v4/accounts", &[AUTH], Some(&exact)).expect("io");
    assert_error(&r, 400, 6007);
    let big = vec![b'a'; cloudflare_mock::MAX_BODY_BYTES + 1];
    let r = request(addr, "POST", "/client/v4/accounts", &[AUTH], Some(&big)).expect("io");
    assert_error(&r, 413, 1013);
    let huge = vec![b'{'; 3 * 1024 * 1024];
    let r = request(
        addr,
        "PUT",
        "/client/v4/user/tokens/verify",
        &[AUTH],
        Some(&huge),
    )
    .expect("io");
    assert_error(&r, 413, 1013);
    // A declared length far above the limit is refused without reading.
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    s.write_all(b"POST /client/v4/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mock-api-token\r\nContent-Length: 999999999\r\n\r\n{")
        .expect("write");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let r = parse_response(&out).expect("parse");
    assert_error(&r, 413, 1013);
    // Deeply nested JSON, invalid UTF-8, wrong types everywhere.
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let r = request(
        addr,
        "POST",
        "/client/v4/user/tokens",
        &[AUTH],
        Some(nested.as_bytes()),
    )
    .expect("io");
    assert_error(&r, 400, 6007);
    let bodies: [&[u8]; 8] = [
        b"{\"name\": [1,2,3], \"policies\": {}}",
        b"{\"name\": \"x\", \"policies\": [1]}",
        b"{\"name\": \"x\", \"policies\": [{\"effect\": \"allow\", \"permission_groups\": \"no\", \"resources\": {}}]}",
        b"{\"name\": \"x\", \"policies\": [{\"effect\": \"allow\", \"permission_groups\": [{\"id\": 5}], \"resources\": {}}]}",
        b"{\"name\": \"x\", \"policies\": [], \"expires_on\": \"tomorrow\"}",
        b"{\"name\": \"x\", \"policies\": [], \"condition\": {\"request_ip\": {\"in\": [1]}}}",
        b"{\"name\": \"\xc3\x28\"}",
        b"null",
    ];
    for b in bodies {
        let r = request(addr, "POST", "/client/v4/user/tokens", &[AUTH], Some(b)).expect("io");
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(b));
    }
    alive(&api);
}

/// A deterministic random walk over templates, methods, ids and bodies.
#[test]
fn random_requests_never_fail_hard() {
    let api = start();
    let mut state: u64 = 0x1234_5678;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let accounts = api.account_ids();
    let ids: Vec<String> = vec![
        accounts[0].clone(),
        accounts[1].clone(),
        "0123456789abcdef0123456789abcdef".to_owned(),
        "x".to_owned(),
        "%2F".to_owned(),
        "%E2%82%AC".to_owned(),
        "verify".to_owned(),
        "a".repeat(33),
    ];
    let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    let bodies: [&[u8]; 7] = [
        b"{}",
        b"{\"name\": \"fuzz\"}",
        b"[]",
        b"{\"status\": \"accepted\"}",
        b"{\"policies\": [{}]}",
        b"\x00\x01",
        b"{\"email\": \"f@example.com\", \"roles\": []}",
    ];
    let auths: [&[(&str, &str)]; 3] = [
        &[AUTH],
        &[
            ("X-Auth-Email", "user@example.com"),
            ("X-Auth-Key", "mock-global-api-key"),
        ],
        &[],
    ];
    let routes = cloudflare_mock::route_table();
    for i in 0..400 {
        let (_, template) = routes[(next() % routes.len() as u64) as usize];
        let path: String = template
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    ids[(next() % ids.len() as u64) as usize].clone()
                } else {
                    s.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let method = methods[(next() % methods.len() as u64) as usize];
        let body = (next() % 2 == 0).then(|| bodies[(next() % bodies.len() as u64) as usize]);
        let auth = auths[(next() % auths.len() as u64) as usize];
        let query = match next() % 4 {
            0 => "",
            1 => "?page=2&per_page=5",
            2 => "?since=2024-01-01&before=2100-01-01&limit=3&action_type=create",
            _ => "?page_size=2&status=active&status=bogus",
        };
        let target = format!("/client/v4{path}{query}");
        let r = request(api.addr(), method, &target, auth, body)
            .unwrap_or_else(|e| panic!("#{i} {method} {target}: {e}"));
        assert!(
            r.status < 500,
            "#{i} {method} {target}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        );
        if r.status != 204 {
            let v = r.json();
            assert!(v["success"].is_boolean(), "#{i} {method} {target}");
        }
    }
    alive(&api);
}
