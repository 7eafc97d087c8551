//! Helpers shared by the integration tests: client options for an emulator, a tracing capture,
//! and tiny test-only operations for shapes the emulator has no route for.

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudflare_hyper::Error as CoreError;
use cloudflare_hyper::operation::AUTH_TOKEN_OR_KEY;
use cloudflare_hyper::pagination::{Page, parse_page};
use cloudflare_hyper::query::Query;
use cloudflare_hyper::response::{Response, parse};
use cloudflare_hyper::{
    ClientOptions, Config, Credentials, ListOperation, Operation, OperationInfo, PageRequest,
    Pagination, RequestError, RetryPolicy,
};
use cloudflare_mock::{MockConfig, MockServer};
use tracing_subscriber::fmt::MakeWriter;

/// A fresh emulator.
pub fn server() -> MockServer {
    MockServer::start(MockConfig::default()).expect("start the emulator")
}

/// Retries with short backoffs so tests stay fast (Retry-After still wins).
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
    }
}

/// Options for `base_url` with the emulator's token, fast retries and short timeouts.
pub fn options_for(base_url: &str, token: &str) -> ClientOptions {
    let config = Config::new(Credentials::api_token(token))
        .unwrap()
        .with_base_url(base_url)
        .unwrap();
    ClientOptions::new(config)
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5))
        .retry(fast_retry())
}

/// Options for this emulator.
pub fn options(server: &MockServer) -> ClientOptions {
    options_for(&server.base_url(), &server.config().token)
}

/// A tracing output captured into memory.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Logs {
    type Writer = Logs;
    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}

/// Captures every tracing event of this thread (use a current-thread runtime) at TRACE level.
pub fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_max_level(tracing::Level::TRACE)
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    (logs, guard)
}

/// The `page` query parameter of a recorded request.
pub fn page_of(query: &str) -> Option<u32> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("page="))
        .and_then(|v| v.parse().ok())
}

/// A test-only operation answering `()` (for 204 responses), on any path.
#[derive(Clone, Debug)]
pub struct Ping;

impl Operation for Ping {
    const INFO: OperationInfo = OperationInfo {
        name: "test.ping",
        operation_id: "test-ping",
        method: http::Method::PUT,
        path: "/test/ping",
        pagination: Pagination::None,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = ();

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, CoreError> {
        parse(response)
    }
}

/// A test-only cursor listing of JSON values (`?cursor=...`), served by scripted responses.
#[derive(Clone, Debug, Default)]
pub struct CursorList {
    pub cursor: Option<String>,
}

impl Operation for CursorList {
    const INFO: OperationInfo = OperationInfo {
        name: "test.cursor_list",
        operation_id: "test-cursor-list",
        method: http::Method::GET,
        path: "/test/items",
        pagination: Pagination::Cursor,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = Page<serde_json::Value>;

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        if let Some(cursor) = &self.cursor {
            query.push("cursor", cursor);
        }
        Ok(())
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, CoreError> {
        parse_page::<Self, serde_json::Value, B>(response)
    }
}

impl ListOperation for CursorList {
    type Item = serde_json::Value;

    fn set_page(&mut self, page: PageRequest) {
        if let PageRequest::Cursor(cursor) = page {
            self.cursor = Some(cursor);
        }
    }
}

/// A test-only page-number listing of JSON values on any path, served by scripted responses.
#[derive(Clone, Debug, Default)]
pub struct NumberedList {
    pub page: Option<u32>,
}

impl Operation for NumberedList {
    const INFO: OperationInfo = OperationInfo {
        name: "test.numbered_list",
        operation_id: "test-numbered-list",
        method: http::Method::GET,
        path: "/test/numbered",
        pagination: Pagination::PageNumber,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = Page<serde_json::Value>;

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        if let Some(page) = self.page {
            query.push("page", &page.to_string());
        }
        Ok(())
    }

    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, CoreError> {
        parse_page::<Self, serde_json::Value, B>(response)
    }
}

impl ListOperation for NumberedList {
    type Item = serde_json::Value;

    fn set_page(&mut self, page: PageRequest) {
        if let PageRequest::Number(n) = page {
            self.page = Some(n);
        }
    }

    fn first_page(&self) -> Option<u32> {
        self.page
    }
}

/// Waits (bounded) until the current runtime has at most `n` alive tasks; returns the count.
pub async fn settle_tasks(n: usize) -> usize {
    let metrics = tokio::runtime::Handle::current().metrics();
    for _ in 0..300 {
        if metrics.num_alive_tasks() <= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    metrics.num_alive_tasks()
}
