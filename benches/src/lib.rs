//! Shared pieces of the benchmarks (`benches/*.rs`): realistic response bodies, the plain types
//! the baselines parse into, a loopback server of cached bytes, and the client sides.

pub mod sides;

use serde_json::json;

/// A `GET /accounts` response body with `n` accounts.
pub fn accounts_page(n: usize) -> Vec<u8> {
    let result: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "id": format!("{i:032x}"),
                "name": format!("Account number {i}"),
                "type": if i % 7 == 0 { "enterprise" } else { "standard" },
                "created_on": "2014-03-01T12:21:02.000Z",
                "managed_by": {"parent_org_id": "4536bcfad5faccb111b47003c79917fa", "parent_org_name": "Demo Parent Organization"},
                "settings": {"abuse_contact_email": "abuse@example.com", "enforce_twofactor": i % 2 == 0},
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "success": true,
        "errors": [],
        "messages": [],
        "result": result,
        "result_info": {"page": 1, "per_page": n, "count": n, "total_count": n * 3, "total_pages": 3},
    }))
    .expect("fixture serializes")
}

/// A `GET /accounts/{account_id}/logs/audit` (v2) response body with `n` entries, shaped like
/// the schema's example.
pub fn audit_log_page(n: usize) -> Vec<u8> {
    let result: Vec<_> = (0..n)
        .map(|i| {
            json!({
                "account": {"id": "4bb334f7c94c4a29a045f03944f072e5", "name": "Example Account"},
                "action": {"description": "Add Member", "result": "success", "time": "2024-04-26T17:31:07Z", "type": "create"},
                "actor": {"context": "dash", "email": format!("user{i}@example.com"), "id": "f6b5de0326bb5182b8a4840ee01ec774", "ip_address": "198.41.129.166", "token_id": "", "token_name": "", "type": "user"},
                "id": format!("{i:032x}"),
                "raw": {"cf_ray_id": "8e9b1c60ef9e1c9a", "method": "POST", "status_code": 200, "uri": "/accounts/4bb334f7c94c4a29a045f03944f072e5/members", "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15"},
                "resource": {"id": format!("{i:032x}"), "product": "members", "request": {"email": "new@example.com"}, "response": {}, "scope": {}, "type": "member"},
                "zone": {"id": "", "name": "example.com"},
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "success": true,
        "errors": [],
        "messages": [],
        "result": result,
        "result_info": {"count": n.to_string(), "cursor": "ASqdKd7dKgxh-aZ8bm0mZos1BtW4BdEqifCzNkEeGRzi"},
    }))
    .expect("fixture serializes")
}

/// The baselines' plain types: the same information as the SDK's typed page (every field of
/// the fixture, the envelope's `success`, `errors`, `messages` and `result_info`), with
/// timestamps and enums as plain strings, straight from `serde_json` with no leniency.
pub mod plain {
    use serde::Deserialize;

    /// The envelope.
    #[derive(Debug, Deserialize)]
    pub struct Envelope<T> {
        /// `success`.
        pub success: bool,
        /// `errors`.
        pub errors: Vec<Message>,
        /// `messages`.
        pub messages: Vec<Message>,
        /// `result`.
        pub result: T,
        /// `result_info`.
        pub result_info: Option<ResultInfo>,
    }

    /// An error or message.
    #[derive(Debug, Deserialize)]
    pub struct Message {
        /// `code`.
        pub code: i64,
        /// `message`.
        pub message: String,
    }

    /// `result_info`.
    #[derive(Debug, Deserialize)]
    pub struct ResultInfo {
        /// `page`.
        pub page: Option<u64>,
        /// `per_page`.
        pub per_page: Option<u64>,
        /// `count`.
        pub count: Option<u64>,
        /// `total_count`.
        pub total_count: Option<u64>,
        /// `total_pages`.
        pub total_pages: Option<u64>,
    }

    /// An account.
    #[derive(Debug, Deserialize)]
    pub struct Account {
        /// `id`.
        pub id: String,
        /// `name`.
        pub name: String,
        /// `type`.
        #[serde(rename = "type")]
        pub account_type: String,
        /// `created_on`, as text.
        pub created_on: Option<String>,
        /// `managed_by`.
        pub managed_by: Option<ManagedBy>,
        /// `settings`.
        pub settings: Option<Settings>,
    }

    /// `managed_by`.
    #[derive(Debug, Deserialize)]
    pub struct ManagedBy {
        /// `parent_org_id`.
        pub parent_org_id: Option<String>,
        /// `parent_org_name`.
        pub parent_org_name: Option<String>,
    }

    /// `settings`.
    #[derive(Debug, Deserialize)]
    pub struct Settings {
        /// `abuse_contact_email`.
        pub abuse_contact_email: Option<String>,
        /// `enforce_twofactor`.
        pub enforce_twofactor: Option<bool>,
    }
}

/// The head the cached server sends before the body: the headers a Cloudflare API response
/// carries (content type and length, `cf-ray`, the rate-limit headers, ...).
pub fn response_bytes(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\n\
         date: Tue, 01 Dec 2026 12:00:00 GMT\r\n\
         content-type: application/json\r\n\
         content-length: {}\r\n\
         connection: keep-alive\r\n\
         cf-ray: 8a1b2c3d4e5f6a7b-SJC\r\n\
         ratelimit: \"default\";r=1199;t=300\r\n\
         ratelimit-policy: \"default\";q=1200;w=300\r\n\
         server: cloudflare\r\n\
         vary: Accept-Encoding\r\n\
         \r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A minimal HTTP/1.1 server on 127.0.0.1 answering every request (any method and path; a
/// request must not carry a body) with the same cached bytes, keeping connections alive: the
/// server's own work per request is a read and a write, the same for every client measured
/// against it. Runs on its own threads until the process ends.
pub fn serve_cached(response: Vec<u8>) -> std::net::SocketAddr {
    use std::io::{Read, Write};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("address");
    let response = std::sync::Arc::new(response);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let response = std::sync::Arc::clone(&response);
            std::thread::spawn(move || {
                let _ = stream.set_nodelay(true);
                let mut buf = vec![0u8; 16 * 1024];
                let mut held = 0;
                loop {
                    let Ok(n) = stream.read(&mut buf[held..]) else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    held += n;
                    // Answer each complete request head; keep a partial one for the next read.
                    while let Some(end) = buf[..held].windows(4).position(|w| w == b"\r\n\r\n") {
                        if stream.write_all(&response).is_err() {
                            return;
                        }
                        buf.copy_within(end + 4..held, 0);
                        held -= end + 4;
                    }
                    if held == buf.len() {
                        return; // A head larger than the buffer: not a client of ours.
                    }
                }
            });
        }
    });
    addr
}
