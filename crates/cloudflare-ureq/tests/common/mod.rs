//! Shared helpers: an emulator with distinctive credentials, fast retry policies, a tracing
//! capture per test, a one-shot raw HTTP server and test-only operations.

#![allow(dead_code)]

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, Once};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cloudflare_mock::{MockConfig, MockServer, RecordedRequest};
use cloudflare_ureq::Error as CoreError;
use cloudflare_ureq::operation::AUTH_TOKEN_OR_KEY;
use cloudflare_ureq::pagination::{Page, parse_page};
use cloudflare_ureq::query::Query;
use cloudflare_ureq::response::{Response, parse};
use cloudflare_ureq::{
    Client, ClientOptions, Config, Credentials, ListOperation, Operation, OperationInfo,
    PageRequest, Pagination, RequestError, RetryPolicy,
};
use serde::Deserialize;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt;

/// Distinctive secrets, so "never in the logs" is a meaningful check.
pub const TOKEN: &str = "tok-SEKRIT-3a8f1c77e2b4";
pub const EMAIL: &str = "owner@example.com";
pub const KEY: &str = "key-SEKRIT-91d0c4aa55";

pub fn server() -> MockServer {
    MockServer::start(MockConfig {
        token: TOKEN.to_owned(),
        email: EMAIL.to_owned(),
        key: KEY.to_owned(),
        ..MockConfig::default()
    })
    .expect("the emulator starts")
}

/// Two retries with millisecond backoffs, so retry tests stay fast.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
    }
}

pub fn options_for(base_url: &str) -> ClientOptions {
    let config = Config::new(Credentials::api_token(TOKEN))
        .unwrap()
        .with_base_url(base_url)
        .unwrap();
    ClientOptions::new(config)
        .retry(fast_retry())
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5))
}

pub fn options(server: &MockServer) -> ClientOptions {
    options_for(&server.base_url())
}

pub fn client(server: &MockServer) -> Client {
    Client::new(options(server)).unwrap()
}

/// The requests the server received for paths ending in `suffix` (the API base included).
pub fn received(server: &MockServer, suffix: &str) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with(suffix))
        .collect()
}

/// The id of the first account of the seeded world.
pub fn first_account_id(client: &Client) -> String {
    let accounts = client
        .send(&cloudflare_ureq::accounts::List {
            per_page: Some(50),
            ..Default::default()
        })
        .unwrap();
    accounts.items[0].id.clone()
}

// ---- tracing capture ----------------------------------------------------------------------

#[derive(Clone, Default)]
pub struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

/// Everything logged on this thread (our spans and events, and ureq's `log` records) while alive.
pub struct Logs {
    buffer: Buffer,
    _guard: tracing::subscriber::DefaultGuard,
}

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.0.lock().unwrap()).into_owned()
    }

    /// The capture worked and no secret leaked.
    pub fn assert_no_secrets(&self) {
        let text = self.text();
        assert!(
            text.contains("cloudflare.attempt"),
            "nothing captured:\n{text}"
        );
        for secret in [TOKEN, KEY] {
            assert!(!text.contains(secret), "a secret was logged:\n{text}");
        }
    }

    /// How many attempts the client logged (`attempt=N` on the attempt span's creation).
    pub fn attempts(&self) -> usize {
        self.text()
            .lines()
            .filter(|l| l.contains("cloudflare.attempt{") && l.trim_end().ends_with("new"))
            .count()
    }
}

pub fn capture() -> Logs {
    static LOG_BRIDGE: Once = Once::new();
    LOG_BRIDGE.call_once(|| {
        // ureq logs through the `log` crate: route it into tracing so it is checked too.
        let _ = tracing_log::LogTracer::init();
    });
    let buffer = Buffer::default();
    // Everything at TRACE, except `ureq_proto`, whose TRACE level hex-dumps the raw wire bytes
    // (headers, so credentials, included): the crate docs tell users to keep it at DEBUG or
    // below, and so does this capture.
    let filter = Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_target("ureq_proto", LevelFilter::DEBUG);
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(buffer.clone())
                .with_ansi(false)
                .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE),
        )
        .with(filter);
    Logs {
        buffer,
        _guard: tracing::subscriber::set_default(subscriber),
    }
}

// ---- a one-shot raw HTTP server -----------------------------------------------------------

/// Accepts one connection on 127.0.0.1 and stops listening (later connections are refused), then
/// answers the requests arriving on that connection with `responses`, in order. Gives up by
/// itself after 5 s without a client. Returns the base URL and a handle yielding the request
/// heads it read.
pub fn serve_one_connection(responses: Vec<Vec<u8>>) -> (String, JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let handle = std::thread::spawn(move || {
        let give_up = Instant::now() + Duration::from_secs(5);
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && Instant::now() < give_up => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return Vec::new(),
            }
        };
        drop(listener);
        stream.set_nonblocking(false).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut heads = Vec::new();
        for response in responses {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match stream.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => return heads,
                }
            }
            heads.push(String::from_utf8_lossy(&head).into_owned());
            // The client may hang up early (body cap): ignore write errors.
            if stream
                .write_all(&response)
                .and_then(|_| stream.flush())
                .is_err()
            {
                return heads;
            }
        }
        heads
    });
    (format!("http://{addr}/client/v4"), handle)
}

/// Serves one raw response on one connection; see [`serve_one_connection`].
pub fn serve_once(response: Vec<u8>) -> (String, JoinHandle<Vec<String>>) {
    serve_one_connection(vec![response])
}

/// A 200 response with `Content-Length`, kept alive.
pub fn json_response(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A 200 response whose body is `body` gzip-compressed (`Content-Encoding: gzip`).
pub fn gzip_response(body: &[u8]) -> Vec<u8> {
    use flate2::Compression;
    use flate2::write::GzEncoder;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(body).unwrap();
    let compressed = encoder.finish().unwrap();
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        compressed.len()
    )
    .into_bytes();
    out.extend_from_slice(&compressed);
    out
}

/// A chunked (no `Content-Length`) 200 response with this body.
pub fn chunked_response(body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
    for chunk in body.chunks(4096) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A success envelope whose `result` is an account named with padding, exactly `len` bytes long.
pub fn account_body_of_len(len: usize) -> Vec<u8> {
    let empty = account_body("");
    assert!(len >= empty.len(), "{len} is too short for an envelope");
    let body = account_body(&"x".repeat(len - empty.len()));
    assert_eq!(body.len(), len);
    body
}

fn account_body(name: &str) -> Vec<u8> {
    format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"id":"023e105f4ecef8ad9ca31a8372d0c353","name":"{name}","type":"standard"}}}}"#
    )
    .into_bytes()
}

// ---- test-only operations -----------------------------------------------------------------

/// A cursor-paginated listing (`GET /things?cursor=...`): exercises the generic cursor
/// machinery independently of which real cursor operations exist.
#[derive(Clone, Debug, Default)]
pub struct Things {
    pub cursor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Thing {
    pub n: u32,
}

impl Operation for Things {
    const INFO: OperationInfo = OperationInfo {
        name: "test.things.list",
        operation_id: "test-things-list",
        method: http::Method::GET,
        path: "/things",
        pagination: Pagination::Cursor,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = Page<Thing>;

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        if let Some(cursor) = &self.cursor {
            query.push("cursor", cursor);
        }
        Ok(())
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, CoreError> {
        parse_page::<Self, Thing, B>(response)
    }
}

impl ListOperation for Things {
    type Item = Thing;

    fn set_page(&mut self, page: PageRequest) {
        if let PageRequest::Cursor(cursor) = page {
            self.cursor = Some(cursor);
        }
    }
}

/// `PUT /things/{id}` with a JSON body, answering 204 with no body (like the profile updates).
#[derive(Clone, Debug)]
pub struct TouchThing {
    pub id: String,
}

impl Operation for TouchThing {
    const INFO: OperationInfo = OperationInfo {
        name: "test.things.touch",
        operation_id: "test-things-touch",
        method: http::Method::PUT,
        path: "/things/{id}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = ();

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("id", &self.id)]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        Ok(Some(br#"{"touched":true}"#.to_vec()))
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, CoreError> {
        parse(response)
    }
}
