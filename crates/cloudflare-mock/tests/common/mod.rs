//! A tiny raw HTTP/1.1 client over `std::net::TcpStream` (one request per
//! connection, `Connection: close`) and helpers shared by the tests.

#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use cloudflare_mock::{MockConfig, MockServer};
use serde_json::Value;

/// A parsed response.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "response body is not JSON ({e}): status {} body {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The first error code of an error envelope.
    pub fn error_code(&self) -> i64 {
        self.json()["errors"][0]["code"].as_i64().unwrap_or(-1)
    }
}

/// Sends raw bytes and reads until the server closes the connection.
pub fn send_raw(addr: SocketAddr, bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    s.write_all(bytes)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    Ok(out)
}

/// Parses a full HTTP/1.1 response. Errors if the body is shorter than the
/// announced `Content-Length`.
pub fn parse_response(raw: &[u8]) -> io::Result<RawResponse> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "no response head"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let body = raw[split + 4..].to_vec();
    if let Some(len) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        if body.len() < len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("body cut: {} of {len} bytes", body.len()),
            ));
        }
    }
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// One request with `Connection: close`.
pub fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> io::Result<RawResponse> {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        req.push_str(&format!("Content-Length: {}\r\n", b.len()));
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req.push_str("Content-Type: application/json\r\n");
        }
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    if let Some(b) = body {
        bytes.extend_from_slice(b);
    }
    parse_response(&send_raw(addr, &bytes)?)
}

/// A started server with the default config plus convenience calls.
pub struct Api {
    pub server: MockServer,
    pub token: String,
}

pub fn start() -> Api {
    start_with(MockConfig::default())
}

pub fn start_with(config: MockConfig) -> Api {
    let token = config.token.clone();
    let server = MockServer::start(config).expect("server starts");
    Api { server, token }
}

impl Api {
    /// Wraps a server started some other way (a builder, a seeded world).
    pub fn from_server(server: MockServer) -> Api {
        let token = server.config().token.clone();
        Api { server, token }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// `/client/v4` + `path`.
    pub fn target(path: &str) -> String {
        format!("/client/v4{path}")
    }

    /// Request with the configured bearer token.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> RawResponse {
        self.call_as(&self.token.clone(), method, path, body)
    }

    /// Request with a given bearer token.
    pub fn call_as(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> RawResponse {
        let auth = format!("Bearer {token}");
        let bytes = body.map(|b| b.to_string().into_bytes());
        request(
            self.addr(),
            method,
            &Self::target(path),
            &[("Authorization", auth.as_str())],
            bytes.as_deref(),
        )
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// Request with email + global key.
    pub fn call_key(&self, method: &str, path: &str, body: Option<&Value>) -> RawResponse {
        let cfg = self.server.config().clone();
        let bytes = body.map(|b| b.to_string().into_bytes());
        request(
            self.addr(),
            method,
            &Self::target(path),
            &[
                ("X-Auth-Email", cfg.email.as_str()),
                ("X-Auth-Key", cfg.key.as_str()),
            ],
            bytes.as_deref(),
        )
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// GET that must succeed; returns the JSON body.
    pub fn get_ok(&self, path: &str) -> Value {
        let r = self.call("GET", path, None);
        assert_eq!(
            r.status,
            200,
            "GET {path}: {}",
            String::from_utf8_lossy(&r.body)
        );
        let v = r.json();
        assert_eq!(v["success"], Value::Bool(true), "GET {path}");
        v
    }

    /// The ids of the accounts the user can access, in listing order.
    pub fn account_ids(&self) -> Vec<String> {
        let v = self.get_ok("/accounts?per_page=50");
        v["result"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The account with the most members (the seeded "... Production").
    pub fn big_account(&self) -> String {
        self.account_ids()
            .into_iter()
            .find(|id| {
                let v = self.get_ok(&format!("/accounts/{id}/members?per_page=5"));
                v["result_info"]["total_count"].as_u64().unwrap_or(0) >= 60
            })
            .expect("an account with >= 60 members")
    }

    pub fn org_ids(&self) -> Vec<String> {
        let mut out = Vec::new();
        for id in self.account_ids() {
            let v = self.get_ok(&format!("/accounts/{id}/organizations"));
            for o in v["result"].as_array().cloned().unwrap_or_default() {
                if let Some(oid) = o["id"].as_str() {
                    if !out.iter().any(|x| x == oid) {
                        out.push(oid.to_owned());
                    }
                }
            }
        }
        out
    }
}

/// Asserts a JSON error envelope with this status and code.
pub fn assert_error(r: &RawResponse, status: u16, code: i64) {
    assert_eq!(
        r.status,
        status,
        "unexpected status; body {}",
        String::from_utf8_lossy(&r.body)
    );
    let v = r.json();
    assert_eq!(v["success"], Value::Bool(false), "{v}");
    assert_eq!(v["errors"][0]["code"].as_i64(), Some(code), "{v}");
    assert!(v["errors"][0]["message"].is_string(), "{v}");
    assert!(r.header("cf-ray").is_some());
}
