//! The HTTP server: a hyper 1 server speaking HTTP/1.1 and HTTP/2 with prior knowledge (h2c),
//! told apart by the connection preface, on its own thread with its own single-threaded tokio
//! runtime, request recording (a ring of exchanges), fault injection, expectations, the admin
//! endpoints and the bridge to the emulated API.

use std::collections::VecDeque;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, ready};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::admin;
use crate::config::MockConfig;
use crate::errors::{ApiError, CODE_AUTH, CODE_TOO_LARGE, CODE_UNAVAILABLE, ErrorFlavor};
use crate::expect::{Expect, Expectations, VerifyError};
use crate::faults::{FaultKind, Faults, RouteFault, ScriptedResponse, UnknownRoute};
use crate::prng::mix64;
use crate::routes::{self, ROUTES, RequestMeta};
use crate::state::State;
use crate::world::World;

/// Largest request body accepted (1 MiB); larger bodies get a 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Past this many bytes an oversized body is no longer drained before the
/// 413 is sent (the connection is closed instead).
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// One exchange as the server saw it: the request as received and the response it got.
///
/// The fields hold everything, secrets included, so that a test can check what it needs; the
/// `Debug` rendering and [`RecordedRequest::to_json_redacted`] (what the binary's
/// `GET /__admin/requests` serves) hide the credential headers (`authorization`, `x-auth-key`,
/// `x-auth-user-service-key`) and the token values in the responses of token creation and
/// roll.
#[derive(Clone)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: Method,
    /// Request path, raw (still percent-encoded), e.g. `/client/v4/accounts`.
    pub path: String,
    /// Raw query string without the `?` (empty when there is none).
    pub query: String,
    /// All request headers.
    pub headers: HeaderMap,
    /// The body bytes (empty for bodies above 1 MiB, which get a 413).
    pub body: Vec<u8>,
    /// The HTTP version the request came in (`HTTP/1.1`, or `HTTP/2` with prior knowledge).
    pub version: http::Version,
    /// When the request head arrived.
    pub received_at: Instant,
    /// The route table template the request matched (`/accounts/{account_id}`), if any.
    pub template: Option<&'static str>,
    /// The injected fault that shaped the answer, if any (`rate_limit`, `unavailable`,
    /// `truncate`, `drop`, `stall`, `script`).
    pub fault: Option<&'static str>,
    /// The response; `None` while it is being prepared and when the connection was dropped
    /// without one.
    pub response: Option<RecordedResponse>,
}

/// The response part of a [`RecordedRequest`].
#[derive(Clone)]
pub struct RecordedResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (without `content-length`, which hyper adds).
    pub headers: HeaderMap,
    /// The whole body, also when a `truncate` fault cut it on the wire.
    pub body: Bytes,
}

impl RecordedResponse {
    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The value of a header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Request headers whose values are credentials.
const SECRET_HEADERS: [&str; 3] = ["authorization", "x-auth-key", "x-auth-user-service-key"];
const REDACTED: &str = "<redacted>";

fn redacted_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let value = if SECRET_HEADERS.contains(&k.as_str()) {
                REDACTED.to_owned()
            } else {
                String::from_utf8_lossy(v.as_bytes()).into_owned()
            };
            (k.as_str().to_owned(), value)
        })
        .collect()
}

/// The response body with token secrets hidden: `result.value` of token creation, the
/// `result` string of a roll.
fn redacted_body(template: Option<&str>, body: &[u8]) -> String {
    let is_token_route = template.is_some_and(|t| t.contains("/tokens"));
    if is_token_route {
        if let Ok(mut v) = serde_json::from_slice::<Value>(body) {
            if let Some(result) = v.get_mut("result") {
                if result.is_string() {
                    *result = Value::String(REDACTED.to_owned());
                } else if let Some(value) = result.get_mut("value") {
                    *value = Value::String(REDACTED.to_owned());
                }
            }
            return v.to_string();
        }
    }
    String::from_utf8_lossy(body).into_owned()
}

impl RecordedRequest {
    /// The response status, if a response was sent.
    pub fn status(&self) -> Option<u16> {
        self.response.as_ref().map(|r| r.status)
    }

    /// The exchange as JSON with the secrets hidden (see the type's docs): `method`, `path`,
    /// `query`, `version`, `template`, `fault`, `headers` (pairs), `body` (lossy text), and
    /// `response` (`status`, `headers`, `body`) or null.
    pub fn to_json_redacted(&self) -> Value {
        let response = self.response.as_ref().map_or(Value::Null, |r| {
            serde_json::json!({
                "status": r.status,
                "headers": redacted_headers(&r.headers),
                "body": redacted_body(self.template, &r.body),
            })
        });
        serde_json::json!({
            "method": self.method.as_str(),
            "path": self.path,
            "query": self.query,
            "version": format!("{:?}", self.version),
            "template": self.template,
            "fault": self.fault,
            "headers": redacted_headers(&self.headers),
            "body": String::from_utf8_lossy(&self.body),
            "response": response,
        })
    }
}

impl std::fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &redacted_headers(&self.headers))
            .field("body_len", &self.body.len())
            .field("version", &self.version)
            .field("template", &self.template)
            .field("fault", &self.fault)
            .field("response", &self.response)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for RecordedResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordedResponse")
            .field("status", &self.status)
            .field("headers", &redacted_headers(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The last [`MockConfig::record_capacity`] exchanges.
struct Recorder {
    capacity: usize,
    ring: VecDeque<RecordedRequest>,
    /// Sequence number of the next exchange.
    next: u64,
}

impl Recorder {
    fn push(&mut self, r: RecordedRequest) -> u64 {
        let seq = self.next;
        self.next += 1;
        if self.capacity == 0 {
            return seq;
        }
        if self.ring.len() >= self.capacity {
            self.ring.pop_front();
        }
        self.ring.push_back(r);
        seq
    }

    fn get_mut(&mut self, seq: u64) -> Option<&mut RecordedRequest> {
        let first = self.next - self.ring.len() as u64;
        let i = usize::try_from(seq.checked_sub(first)?).ok()?;
        self.ring.get_mut(i)
    }
}

impl RecordedRequest {
    /// The body as (lossy) UTF-8 text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of a header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// One line of the request log passed to a logger (see
/// [`MockServer::start_with_logger`]).
#[derive(Debug, Clone)]
pub struct RequestLog {
    /// HTTP method.
    pub method: String,
    /// Raw request path.
    pub path: String,
    /// Raw query string (empty when none).
    pub query: String,
    /// Response status; `None` when the connection was dropped on purpose.
    pub status: Option<u16>,
    /// The response's `cf-ray` header value.
    pub cf_ray: String,
    /// The injected fault that shaped the answer, if any (`rate_limit`,
    /// `unavailable`, `truncate`, `drop`, `stall`, `script`).
    pub fault: Option<&'static str>,
    /// Time from receipt to the response head.
    pub elapsed: Duration,
}

type Logger = Arc<dyn Fn(&RequestLog) + Send + Sync>;

/// State shared by the server thread and the [`MockServer`] handle.
struct Shared {
    config: MockConfig,
    /// What [`MockServer::reset`] rebuilds.
    world: World,
    state: Mutex<State>,
    faults: Faults,
    expectations: Expectations,
    requests: Mutex<Recorder>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    connections: AtomicU64,
    ray_counter: AtomicU64,
    logger: Option<Logger>,
}

impl admin::Control for Shared {
    fn faults(&self) -> &Faults {
        &self.faults
    }

    fn expectations(&self) -> &Expectations {
        &self.expectations
    }

    fn requests_redacted(&self) -> Vec<Value> {
        lock(&self.requests)
            .ring
            .iter()
            .map(RecordedRequest::to_json_redacted)
            .collect()
    }

    fn clear_requests(&self) {
        Shared::clear_requests(self);
    }

    fn reset(&self) {
        Shared::reset(self);
    }
}

impl Shared {
    /// The recorded exchanges, oldest first.
    fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.requests).ring.iter().cloned().collect()
    }

    /// Forgets the recorded exchanges.
    fn clear_requests(&self) {
        lock(&self.requests).ring.clear();
        self.max_in_flight
            .store(self.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// Back to the state of a fresh start: the world rebuilt, no fault, no expectation, no
    /// recorded exchange, call counts at zero.
    fn reset(&self) {
        // The world was built once at start, so it builds again.
        if let Ok(fresh) = self.world.build(&self.config) {
            *lock(&self.state) = fresh;
        }
        self.faults.reset();
        self.expectations.clear();
        self.clear_requests();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// A running emulator. Stops (and joins its thread) on
/// [`MockServer::shutdown`] or when dropped.
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts the server on its own thread with its own tokio runtime
    /// (works from sync and async code alike). Refuses non-loopback listen
    /// addresses with [`io::ErrorKind::InvalidInput`] unless
    /// [`MockConfig::allow_remote`] is set (then it logs a warning).
    pub fn start(config: MockConfig) -> io::Result<MockServer> {
        Self::start_inner(config, World::default(), None)
    }

    /// A builder: a configuration, a world to seed, a logger.
    ///
    /// ```no_run
    /// use cloudflare_mock::MockServer;
    /// use cloudflare_mock::world::{Account, World};
    ///
    /// let acme = cloudflare_mock::world::id("acme");
    /// let server = MockServer::builder()
    ///     .world(World::empty().account(Account::new(&acme, "Acme")))
    ///     .start()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// Like [`MockServer::start`], and calls `logger` once per request
    /// after the response head is ready (on the server thread: keep it
    /// quick).
    pub fn start_with_logger(
        config: MockConfig,
        logger: impl Fn(&RequestLog) + Send + Sync + 'static,
    ) -> io::Result<MockServer> {
        Self::start_inner(config, World::default(), Some(Arc::new(logger)))
    }

    fn start_inner(
        config: MockConfig,
        world: World,
        logger: Option<Logger>,
    ) -> io::Result<MockServer> {
        let state = world
            .build(&config)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        if !config.listen.ip().is_loopback() {
            if !config.allow_remote {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "cloudflare-mock listens on loopback addresses only, not {} (set allow_remote to listen beyond loopback)",
                        config.listen
                    ),
                ));
            }
            tracing::warn!(
                listen = %config.listen,
                "cloudflare-mock listens beyond loopback: plain http, well-known credentials, reachable by anyone on the network"
            );
        }
        let listener = std::net::TcpListener::bind(config.listen)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let capacity = config.record_capacity;
        let shared = Arc::new(Shared {
            config,
            world,
            state: Mutex::new(state),
            faults: Faults::default(),
            expectations: Expectations::default(),
            requests: Mutex::new(Recorder {
                capacity,
                ring: VecDeque::with_capacity(capacity.min(1024)),
                next: 0,
            }),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            connections: AtomicU64::new(0),
            ray_counter: AtomicU64::new(1),
            logger,
        });
        let (stop_tx, stop_rx) = oneshot::channel();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("cloudflare-mock-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(accept_loop(listener, thread_shared, stop_rx));
                runtime.shutdown_timeout(Duration::from_millis(200));
            })?;
        Ok(MockServer {
            shared,
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT/client/v4` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, crate::router::BASE_PATH)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The configuration, i.e. the accepted credentials. (The configured
    /// token stops working if it is rolled or deleted through the API.)
    pub fn config(&self) -> &MockConfig {
        &self.shared.config
    }

    /// Fault injection controls.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// Aims a fault at one route (shorthand for `self.faults().route(method, template)`; see
    /// [`crate::faults`]).
    pub fn on(&self, method: &str, template: &str) -> Result<RouteFault<'_>, UnknownRoute> {
        self.shared.faults.route(method, template)
    }

    /// Starts an expectation on how often a route is called (see [`crate::expect`]).
    pub fn expect(&self, method: &str, template: &str) -> Result<Expect<'_>, UnknownRoute> {
        self.shared
            .expectations
            .expect(&self.shared.faults, method, template)
    }

    /// Checks every expectation set with [`MockServer::expect`]. Dropping the server checks
    /// them too, and panics on a mismatch unless the thread is already panicking.
    pub fn verify(&self) -> Result<(), VerifyError> {
        self.shared.expectations.check(&self.shared.faults)
    }

    /// How many calls a route has had since start or [`MockServer::reset`].
    pub fn calls(&self, method: &str, template: &str) -> Result<u64, UnknownRoute> {
        crate::faults::route_index(method, template).map(|r| self.shared.faults.calls(r))
    }

    /// Back to a fresh start: the world rebuilt from what the server was started with, faults,
    /// expectations, recorded exchanges and call counts cleared.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// The last exchanges (at most [`MockConfig::record_capacity`]), in order of arrival. A
    /// request still being answered has `response: None`.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests()
    }

    /// The statuses of the recorded exchanges, in order (`None` for a dropped connection or
    /// one still being answered).
    pub fn statuses(&self) -> Vec<Option<u16>> {
        lock(&self.shared.requests)
            .ring
            .iter()
            .map(RecordedRequest::status)
            .collect()
    }

    /// The highest number of requests handled at the same time so far.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// Forgets the recorded requests (and resets [`MockServer::max_in_flight`]).
    pub fn clear_requests(&self) {
        self.shared.clear_requests();
    }

    /// How many TCP connections the server has accepted since it started (an HTTP/2 client
    /// multiplexing its requests shows as one).
    pub fn connections_accepted(&self) -> u64 {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Stops accepting, closes open connections and joins the server
    /// thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(tx) = self.stop.take() {
            // An error only means the loop has already ended.
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop_and_join();
        if !std::thread::panicking() {
            if let Err(e) = self.verify() {
                panic!("{e}");
            }
        }
    }
}

/// Builds a [`MockServer`]: see [`MockServer::builder`].
#[derive(Default)]
pub struct MockServerBuilder {
    config: MockConfig,
    world: World,
    logger: Option<Logger>,
}

impl std::fmt::Debug for MockServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServerBuilder")
            .field("config", &self.config)
            .field("world", &self.world)
            .finish_non_exhaustive()
    }
}

impl MockServerBuilder {
    /// The configuration (default: [`MockConfig::default`]).
    #[must_use]
    pub fn config(mut self, config: MockConfig) -> Self {
        self.config = config;
        self
    }

    /// The world to seed (default: the generated world, [`World::default`]).
    #[must_use]
    pub fn world(mut self, world: World) -> Self {
        self.world = world;
        self
    }

    /// How many exchanges to keep (see [`MockConfig::record_capacity`]).
    #[must_use]
    pub fn record_capacity(mut self, n: usize) -> Self {
        self.config.record_capacity = n;
        self
    }

    /// Called once per request after the response head is ready (on the server thread: keep
    /// it quick).
    #[must_use]
    pub fn logger(mut self, logger: impl Fn(&RequestLog) + Send + Sync + 'static) -> Self {
        self.logger = Some(Arc::new(logger));
        self
    }

    /// Starts the server (see [`MockServer::start`]); a world that does not hold together
    /// (an account id that is not 32 letters or digits, a member of an unknown account, ...)
    /// is an [`io::ErrorKind::InvalidInput`] error naming the problem.
    pub fn start(self) -> io::Result<MockServer> {
        MockServer::start_inner(self.config, self.world, self.logger)
    }
}

async fn accept_loop(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    mut stop: oneshot::Receiver<()>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("cloudflare-mock: cannot register listener: {e}");
            return;
        }
    };
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let shared = Arc::clone(&shared);
                    conns.spawn(serve_connection(stream, peer, shared));
                }
                Err(e) => {
                    // Usually EMFILE or a reset during accept: back off briefly.
                    tracing::warn!("cloudflare-mock: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.abort_all();
    while conns.join_next().await.is_some() {}
}

async fn serve_connection(stream: tokio::net::TcpStream, peer: SocketAddr, shared: Arc<Shared>) {
    shared.connections.fetch_add(1, Ordering::SeqCst);
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(stream);
    let service = service_fn(move |req| {
        let shared = Arc::clone(&shared);
        async move { handle(shared, peer, req).await }
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().keep_alive(true);
    if let Err(e) = builder.serve_connection(io, service).await {
        tracing::debug!("cloudflare-mock: connection from {peer} ended: {e}");
    }
}

/// Returned by the service to make hyper close the connection without a
/// response (the `drop_next` fault).
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DropConnection {}

/// Counts a request as in flight for its lifetime.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(shared)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads the body: `(bytes, too_large)`. Oversized bodies are drained (up
/// to [`DRAIN_LIMIT`]) so the client can read the 413.
async fn read_body(mut body: Incoming) -> Result<(Vec<u8>, bool), hyper::Error> {
    let mut buf = Vec::new();
    let mut total = 0usize;
    let mut too_large = false;
    while let Some(frame) = body.frame().await {
        let frame = frame?;
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total > MAX_BODY_BYTES {
                too_large = true;
                buf.clear();
                if total > DRAIN_LIMIT {
                    break;
                }
            } else {
                buf.extend_from_slice(&data);
            }
        }
    }
    Ok((buf, too_large))
}

/// The response body: complete, or cut half way (truncate fault).
pub(crate) enum MockBody {
    /// The whole body (taken on the first poll).
    Full(Option<Bytes>),
    /// First half, then (after a short pause so it is flushed) an error
    /// that makes hyper abort the connection.
    Truncated {
        first: Option<Bytes>,
        pause: Option<Pin<Box<tokio::time::Sleep>>>,
    },
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            MockBody::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            MockBody::Truncated { first, pause } => {
                if let Some(b) = first.take() {
                    return Poll::Ready(Some(Ok(Frame::data(b))));
                }
                let sleep = pause
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(50))));
                ready!(sleep.as_mut().poll(cx));
                Poll::Ready(Some(Err(io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "response truncated by fault injection",
                ))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, MockBody::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            MockBody::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            MockBody::Full(None) => SizeHint::with_exact(0),
            MockBody::Truncated { .. } => SizeHint::default(),
        }
    }
}

/// A response before it is turned into hyper's type.
struct Outgoing {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    json: bool,
}

impl Outgoing {
    pub(crate) fn json(
        status: u16,
        headers: Vec<(String, String)>,
        body: Option<Value>,
    ) -> Outgoing {
        let json = body.is_some();
        Outgoing {
            status,
            headers,
            body: body.map(|v| v.to_string().into_bytes()),
            json,
        }
    }

    fn error(e: &ApiError, flavor: ErrorFlavor) -> Outgoing {
        Outgoing::json(e.status, e.headers.clone(), Some(e.body(flavor)))
    }
}

async fn handle(
    shared: Arc<Shared>,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Response<MockBody>, DropConnection> {
    let received_at = Instant::now();
    let _in_flight = InFlight::enter(&shared);
    let (parts, body) = req.into_parts();
    let declared_len = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let (body, too_large, close) = match declared_len {
        Some(n) if n > DRAIN_LIMIT as u64 => (Vec::new(), true, true),
        _ => match read_body(body).await {
            Ok((b, big)) => (b, big, false),
            Err(_) => return Err(DropConnection),
        },
    };
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or("").to_owned();
    if shared.config.admin_endpoints && admin::is_admin_path(&path) {
        let (status, body) = admin::handle(&*shared, parts.method.as_str(), &path, &body);
        let out = Outgoing::json(status, Vec::new(), body);
        let (response, _) = build_response(out, "admin", false);
        return Ok(response);
    }
    let matched = routes::match_route(parts.method.as_str(), &path);
    let route = matched.as_ref().ok().and_then(|m| ROUTES.get(m.index));
    let template = route.map(|r| r.template);
    let fault = shared
        .faults
        .take_for(matched.as_ref().ok().map(|m| m.index));
    let fault_name = fault.as_ref().map(FaultKind::name);
    let seq = lock(&shared.requests).push(RecordedRequest {
        method: parts.method.clone(),
        path: path.clone(),
        query: query.clone(),
        headers: parts.headers.clone(),
        body: body.clone(),
        version: parts.version,
        received_at,
        template,
        fault: fault_name,
        response: None,
    });

    let n = shared.ray_counter.fetch_add(1, Ordering::SeqCst);
    let ray_hex = format!("{:016x}", mix64(shared.config.seed.rotate_left(17) ^ n));
    let cf_ray = format!("{ray_hex}-SJC");
    let log = |status: Option<u16>| {
        if let Some(logger) = &shared.logger {
            logger(&RequestLog {
                method: parts.method.to_string(),
                path: path.clone(),
                query: query.clone(),
                status,
                cf_ray: cf_ray.clone(),
                fault: fault_name,
                elapsed: received_at.elapsed(),
            });
        }
    };

    if matches!(fault, Some(FaultKind::Drop)) {
        log(None);
        return Err(DropConnection);
    }
    let latency = shared.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    // Error envelopes made here follow the matched route's error schema.
    let flavor = route.map_or(ErrorFlavor::Standard, |r| r.flavor);
    let mut truncate = false;
    let out = match fault {
        Some(FaultKind::RateLimit(secs)) => {
            let mut e = ApiError::new(
                429,
                CODE_AUTH,
                "Rate limited. Please wait and consider throttling your request speed",
            );
            e.headers.push(("retry-after".to_owned(), secs.to_string()));
            e.headers
                .push(("ratelimit".to_owned(), format!("\"default\";r=0;t={secs}")));
            e.headers.push((
                "ratelimit-policy".to_owned(),
                "\"default\";q=1200;w=300".to_owned(),
            ));
            Outgoing::error(&e, flavor)
        }
        Some(FaultKind::Unavailable) => Outgoing::error(
            &ApiError::new(503, CODE_UNAVAILABLE, "Service temporarily unavailable"),
            flavor,
        ),
        Some(FaultKind::Script(s)) => scripted(s),
        other => {
            if let Some(FaultKind::Stall(d)) = other {
                tokio::time::sleep(d).await;
            }
            truncate = matches!(other, Some(FaultKind::Truncate));
            if too_large {
                let mut e = ApiError::new(
                    413,
                    CODE_TOO_LARGE,
                    format!("Request body exceeds the {MAX_BODY_BYTES}-byte limit"),
                );
                if close {
                    e.headers
                        .push(("connection".to_owned(), "close".to_owned()));
                }
                Outgoing::error(&e, flavor)
            } else {
                let req = routes::Incoming {
                    method: parts.method.as_str(),
                    raw_path: &path,
                    raw_query: &query,
                    headers: &parts.headers,
                    body: &body,
                };
                emulate(&shared, peer, matched, &req, &ray_hex)
            }
        }
    };
    let (response, recorded) = build_response(out, &cf_ray, truncate);
    if let Some(r) = lock(&shared.requests).get_mut(seq) {
        r.response = Some(recorded);
    }
    log(Some(response.status().as_u16()));
    Ok(response)
}

fn scripted(s: ScriptedResponse) -> Outgoing {
    Outgoing {
        status: s.status,
        headers: s.headers,
        body: Some(s.body),
        json: false,
    }
}

fn emulate(
    shared: &Shared,
    peer: SocketAddr,
    matched: Result<crate::router::Matched, ApiError>,
    req: &routes::Incoming<'_>,
    ray_hex: &str,
) -> Outgoing {
    let meta = RequestMeta {
        ray_hex: ray_hex.to_owned(),
        ip: peer.ip().to_string(),
        peer: peer.ip(),
        user_agent: req
            .headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        accounts_ignore_page: shared.faults.accounts_ignore_page(),
    };
    let mut state = lock(&shared.state);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        routes::dispatch(&mut state, &shared.config, matched, req, &meta)
    }));
    match result {
        Ok(answer) => Outgoing::json(answer.status, answer.headers, answer.body),
        Err(_) => {
            tracing::error!(
                "cloudflare-mock: handler panicked on {} {}",
                req.method,
                req.raw_path
            );
            Outgoing::error(
                &ApiError::new(500, 10002, "Internal error in the emulator"),
                ErrorFlavor::Standard,
            )
        }
    }
}

fn build_response(
    out: Outgoing,
    cf_ray: &str,
    truncate: bool,
) -> (Response<MockBody>, RecordedResponse) {
    let status = StatusCode::from_u16(out.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut headers = HeaderMap::new();
    for (k, v) in &out.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            if name == http::header::CONTENT_LENGTH {
                continue;
            }
            headers.append(name, value);
        }
    }
    if !headers.contains_key("cf-ray") {
        if let Ok(v) = HeaderValue::from_str(cf_ray) {
            headers.insert("cf-ray", v);
        }
    }
    if out.json && !headers.contains_key(http::header::CONTENT_TYPE) {
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    let no_body = status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED;
    let bytes = if no_body {
        None
    } else {
        Some(Bytes::from(out.body.unwrap_or_default()))
    };
    let recorded = RecordedResponse {
        status: status.as_u16(),
        headers: headers.clone(),
        body: bytes.clone().unwrap_or_default(),
    };
    let body = match bytes {
        Some(b) if truncate => {
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(b.len()));
            let half = b.slice(..b.len() / 2);
            MockBody::Truncated {
                first: Some(half),
                pause: None,
            }
        }
        Some(b) => MockBody::Full(Some(b)),
        None => MockBody::Full(None),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    (response, recorded)
}
