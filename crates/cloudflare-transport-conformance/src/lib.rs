//! # cloudflare-transport-conformance
//!
//! The transport-conformance suite: one list of cases that every transport driving the core's
//! [`Call`](cloudflare_core::Call) and [`Paginator`](cloudflare_core::Paginator) machines must pass, ours and yours.
//!
//! Implement [`Transport`] for your HTTP stack and run [`run`] in a test: every case starts its
//! own emulator (or a raw loopback server for what the emulator cannot do: slow-drip bodies,
//! responses without a `Date` header) on 127.0.0.1, drives your client, and checks what the
//! client returned and what the server received.
//!
//! ```no_run
//! use cloudflare_transport_conformance::{self as conformance, Transport};
//!
//! fn prove<T: Transport>(my_transport: &T) {
//!     let report = conformance::run(my_transport);
//!     assert!(report.failures().is_empty(), "{report}");
//! }
//! ```

use std::fmt;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cloudflare_core::error::{ErrorKind, TimeoutPhase};
use cloudflare_core::{
    CallOptions, ClientOptions, Config, Credentials, Error, ListOperation, ListingError, Operation,
    Response, RetryPolicy, accounts, user,
};

use cloudflare_mock::{MockConfig, MockServer, ScriptedResponse};

/// A transport under test: how to build its client and make it send and list.
pub trait Transport {
    /// The client type.
    type Client;

    /// The transport's name, for the report.
    fn name(&self) -> &str;

    /// A client with exactly these options.
    fn client(&self, options: ClientOptions) -> Result<Self::Client, Error>;

    /// Sends one operation with per-call options (blocking until it is done).
    fn send_with_options<O>(
        &self,
        client: &Self::Client,
        op: &O,
        options: &CallOptions,
    ) -> Result<Response<O::Output>, Error>
    where
        O: Operation + Clone + Send + Sync + 'static,
        O::Output: Send + 'static;

    /// Sends one operation with the client's settings.
    fn send<O>(&self, client: &Self::Client, op: &O) -> Result<Response<O::Output>, Error>
    where
        O: Operation + Clone + Send + Sync + 'static,
        O::Output: Send + 'static,
    {
        self.send_with_options(client, op, &CallOptions::new())
    }

    /// Lists every item of `op`, calling `after_page` once after each page is handed out (a
    /// busy caller), and stopping at the first error.
    fn list<O>(
        &self,
        client: &Self::Client,
        op: O,
        after_page: &mut dyn FnMut(),
    ) -> Listed<O::Item>
    where
        O: ListOperation + Send + 'static,
        O::Item: Send + 'static;
}

/// What a listing returned.
#[derive(Debug)]
pub struct Listed<T> {
    /// Every item handed out, in order.
    pub items: Vec<T>,
    /// The error that ended the listing, if one did.
    pub error: Option<Error>,
}

impl<T> Listed<T> {
    /// Collects `pages` (stopping at the first error), calling `after_page` after each page.
    pub fn from_pages(
        pages: impl IntoIterator<Item = Result<Response<cloudflare_core::Page<T>>, Error>>,
        after_page: &mut dyn FnMut(),
    ) -> Self {
        let mut items = Vec::new();
        for page in pages {
            match page {
                Ok(page) => items.extend(page.result.items),
                Err(error) => {
                    return Listed {
                        items,
                        error: Some(error),
                    };
                }
            }
            after_page();
        }
        Listed { items, error: None }
    }
}

/// One case of the suite.
pub struct Case<T: Transport> {
    /// What it checks.
    pub name: &'static str,
    /// Runs it: `Err` says what went wrong.
    pub run: fn(&T) -> Result<(), String>,
}

/// The outcome of [`run`].
#[derive(Debug)]
pub struct Report {
    /// The transport's name.
    pub transport: String,
    /// Each case's name and outcome.
    pub results: Vec<(&'static str, Result<(), String>)>,
}

impl Report {
    /// The failed cases.
    pub fn failures(&self) -> Vec<&(&'static str, Result<(), String>)> {
        self.results.iter().filter(|(_, r)| r.is_err()).collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, result) in &self.results {
            match result {
                Ok(()) => writeln!(f, "{}: ok   {name}", self.transport)?,
                Err(why) => writeln!(f, "{}: FAIL {name}: {why}", self.transport)?,
            }
        }
        let failed = self.failures().len();
        write!(f, "{} passed, {failed} failed", self.results.len() - failed)
    }
}

/// Runs every case against `transport`.
pub fn run<T: Transport>(transport: &T) -> Report {
    let results = cases::<T>()
        .into_iter()
        .map(|case| (case.name, (case.run)(transport)))
        .collect();
    Report {
        transport: transport.name().to_owned(),
        results,
    }
}

/// Every case, in order.
pub fn cases<T: Transport>() -> Vec<Case<T>> {
    vec![
        Case {
            name: "fetch-ahead pages survive a busy caller",
            run: fetch_ahead_survives_a_busy_caller,
        },
        Case {
            name: "a 2xx with x-should-retry is not re-sent",
            run: a_2xx_is_never_resent,
        },
        Case {
            name: "the deadline bounds the call",
            run: the_deadline_bounds_the_call,
        },
        Case {
            name: "the attempt timeout bounds a slow-drip body",
            run: the_attempt_timeout_bounds_a_slow_drip_body,
        },
        Case {
            name: "the connect timeout bounds the TLS handshake",
            run: the_connect_timeout_bounds_the_tls_handshake,
        },
        Case {
            name: "the page cap is an error",
            run: the_page_cap_is_an_error,
        },
        Case {
            name: "a retried DELETE that finds nothing says so",
            run: a_retried_delete_says_an_earlier_attempt_may_have_done_it,
        },
        Case {
            name: "a token roll is never re-sent",
            run: a_token_roll_is_never_resent,
        },
        Case {
            name: "Retry-After as a date without Date is not an immediate retry",
            run: a_retry_after_date_without_date_header_waits,
        },
        Case {
            name: "a page that says it is another page is an error",
            run: an_unexpected_page_is_an_error,
        },
        Case {
            name: "Retry-After in seconds and retry-after-ms are honoured",
            run: retry_after_seconds_and_ms,
        },
        Case {
            name: "a reset connection is retried for GET, not for POST",
            run: a_reset_is_retried_for_get_not_post,
        },
        Case {
            name: "204 and empty bodies",
            run: empty_bodies,
        },
        Case {
            name: "oversized bodies, announced and chunked",
            run: oversized_bodies,
        },
        Case {
            name: "a 429 in the middle of a concurrent listing",
            run: a_429_in_a_concurrent_listing,
        },
        Case {
            name: "an absent result to a struct or a listing is a decode error naming the operation",
            run: an_absent_result_is_a_decode_error,
        },
        Case {
            name: "no secret of a broken token create or roll answer shows in its error",
            run: broken_token_answers_never_show_the_secret,
        },
        Case {
            name: "errors by kind: not found, auth, conflict, invalid, server",
            run: api_errors_by_kind,
        },
        Case {
            name: "a retry is logged at WARN with its reason and wait, in the core's spans",
            run: retries_are_logged_alike,
        },
        Case {
            name: "per-call options: headers, retries, timeout and deadline for one call only",
            run: per_call_options_apply_to_one_call,
        },
    ]
}

fn per_call_options_apply_to_one_call<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let config = Config::new(key(&server))
        .and_then(|c| c.with_base_url(&server.base_url()))
        .and_then(|c| c.with_header("x-app", "client-wide"))
        .map_err(|e| e.to_string())?;
    let mut options = options(&server)?;
    options.config = config;
    let client = make_client(t, options.timeout(Duration::from_secs(10)))?;

    // Headers: added, and replacing the client's of the same name, for this call only.
    let tagged = CallOptions::new()
        .header("x-request-id", "r-42")
        .and_then(|o| o.header("x-app", "this-call"))
        .map_err(|e| e.to_string())?;
    t.send_with_options(&client, &user::Get, &tagged)
        .map_err(|e| format!("tagged call: {e}"))?;
    t.send(&client, &user::Get)
        .map_err(|e| format!("plain call: {e}"))?;
    let requests = server.requests();
    check(requests.len() == 2, || {
        format!("{} requests", requests.len())
    })?;
    let (tagged, plain) = (&requests[0], &requests[1]);
    check(
        tagged.header("x-request-id") == Some("r-42")
            && tagged.header("x-app") == Some("this-call")
            && tagged.headers.get_all("x-app").iter().count() == 1,
        || {
            format!(
                "the tagged call's x-request-id {:?}, x-app {:?}",
                tagged.header("x-request-id"),
                tagged.headers.get_all("x-app").iter().collect::<Vec<_>>()
            )
        },
    )?;
    check(
        plain.header("x-request-id").is_none() && plain.header("x-app") == Some("client-wide"),
        || {
            format!(
                "the next call's x-request-id {:?}, x-app {:?}",
                plain.header("x-request-id"),
                plain.header("x-app")
            )
        },
    )?;

    // Retries: none for this call, the client's for the next.
    server.clear_requests();
    server.faults().unavailable_next(1);
    let once = t.send_with_options(&client, &user::Get, &CallOptions::new().max_retries(0));
    check(
        matches!(&once, Err(e) if e.kind() == ErrorKind::Server),
        || format!("no retries: {once:?}"),
    )?;
    check(server.requests().len() == 1, || {
        format!("{} attempts with max_retries(0)", server.requests().len())
    })?;
    server.faults().unavailable_next(1);
    t.send(&client, &user::Get)
        .map_err(|e| format!("the client's retries: {e}"))?;
    check(server.requests().len() == 3, || {
        format!("{} attempts in all", server.requests().len())
    })?;

    // Timeout and deadline: this call's, not the client's 10 s.
    for (what, options, phase) in [
        (
            "attempt timeout",
            CallOptions::new()
                .timeout(Duration::from_millis(300))
                .max_retries(0),
            TimeoutPhase::Attempt,
        ),
        (
            "deadline",
            CallOptions::new().deadline(Duration::from_millis(400)),
            TimeoutPhase::Deadline,
        ),
    ] {
        server.faults().stall_next(3, Duration::from_secs(3));
        let started = Instant::now();
        let result = t.send_with_options(&client, &user::Get, &options);
        let elapsed = started.elapsed();
        check(
            matches!(&result, Err(Error::Timeout { phase: p, .. }) if *p == phase),
            || format!("{what}: {result:?}"),
        )?;
        check(elapsed < Duration::from_secs(2), || {
            format!("{what}: the call took {elapsed:?}")
        })?;
        server.faults().clear();
    }
    Ok(())
}

fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

fn emulator() -> Result<MockServer, String> {
    MockServer::start(MockConfig::default()).map_err(|e| format!("the emulator did not start: {e}"))
}

/// Options for `base_url` with API-key credentials (the emulator accepts them everywhere),
/// fast retries and short timeouts.
fn options_for(base_url: &str, credentials: Credentials) -> Result<ClientOptions, String> {
    let config = Config::new(credentials)
        .and_then(|c| c.with_base_url(base_url))
        .map_err(|e| e.to_string())?;
    Ok(ClientOptions::new(config)
        .retry(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
            max_retry_after: Duration::from_secs(5),
        })
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5)))
}

fn key(server: &MockServer) -> Credentials {
    Credentials::api_key(server.config().email.clone(), server.config().key.clone())
}

fn options(server: &MockServer) -> Result<ClientOptions, String> {
    options_for(&server.base_url(), key(server))
}

fn make_client<T: Transport>(t: &T, options: ClientOptions) -> Result<T::Client, String> {
    t.client(options)
        .map_err(|e| format!("the client did not build: {e}"))
}

/// Requests the server received with this method whose path ends in `suffix`.
fn count(server: &MockServer, method: &str, suffix: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| r.method == method && r.path.ends_with(suffix))
        .count()
}

fn list(per_page: u32) -> accounts::List {
    accounts::List {
        per_page: Some(per_page),
        ..Default::default()
    }
}

/// The emulator's user sees `total` accounts (12 are seeded; the rest are created).
fn grow<T: Transport>(t: &T, server: &MockServer, total: usize) -> Result<(), String> {
    let client = make_client(t, options(server)?)?;
    for i in 12..total {
        t.send(&client, &accounts::Create::new(format!("extra {i}")))
            .map_err(|e| format!("create: {e}"))?;
    }
    server.clear_requests();
    Ok(())
}

fn fetch_ahead_survives_a_busy_caller<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    grow(t, &server, 40)?;
    let latency = Duration::from_millis(300);
    server.faults().set_latency(latency);
    let options = options(&server)?
        .timeout(Duration::from_millis(800))
        .retry(RetryPolicy::never())
        .page_concurrency(4);
    let client = make_client(t, options)?;
    // How long the caller waited for each page after its busy spell: the pages after the first
    // were fetched while it was busy, so none of them waits for the network again.
    let mut waits = Vec::new();
    let mut busy_until: Option<Instant> = None;
    let listed = t.list(&client, list(5), &mut || {
        if let Some(at) = busy_until {
            waits.push(at.elapsed());
        }
        std::thread::sleep(Duration::from_millis(900));
        busy_until = Some(Instant::now());
    });
    check(listed.error.is_none(), || {
        format!("failed: {:?}", listed.error)
    })?;
    check(listed.items.len() == 40, || {
        format!("{} of 40 accounts", listed.items.len())
    })?;
    let sent = count(&server, "GET", "/accounts");
    check(sent == 8, || format!("{sent} requests for 8 pages"))?;
    check(waits.iter().all(|w| *w < latency / 2), || {
        format!("a page fetched ahead was waited for again: waits {waits:?}")
    })
}

fn a_2xx_is_never_resent<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?)?;
    let body = serde_json::json!({"success": true, "errors": [], "messages": [],
        "result": {"id": "0123456789abcdef0123456789abcdef", "name": "x", "type": "standard"}});
    server
        .faults()
        .script_next(ScriptedResponse::json(200, body).with_header("x-should-retry", "true"));
    let created = t.send(&client, &accounts::Create::new("once"));
    check(created.is_ok(), || format!("{created:?}"))?;
    let sent = count(&server, "POST", "/accounts");
    check(sent == 1, || format!("one create became {sent} requests"))
}

fn the_deadline_bounds_the_call<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    server.faults().stall_next(3, Duration::from_secs(3));
    let options = options(&server)?
        .timeout(Duration::from_secs(1))
        .deadline(Duration::from_millis(1500));
    times_out(
        t,
        options,
        TimeoutPhase::Deadline,
        Duration::from_millis(2000),
    )?;
    let sent = count(&server, "GET", "/user");
    check(sent == 2, || {
        format!("{sent} attempts; expected 2 in 1.5 s")
    })?;

    // The deadline is longer than the attempt timeout, and each phase of the answer is shorter
    // than both: the head after 0.9 s, the body 0.9 s later.
    let body = r#"{"success":true,"errors":[],"messages":[],"result":{"id":"u"}}"#;
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let slow = RawServer::start(
        Duration::from_millis(900),
        head,
        vec![body.as_bytes().to_vec()],
        Duration::from_millis(900),
    )?;
    let options = options_for(&slow.url, Credentials::api_token("t"))?
        .timeout(Duration::from_millis(1200))
        .deadline(Duration::from_millis(1500));
    times_out(
        t,
        options,
        TimeoutPhase::Deadline,
        Duration::from_millis(2000),
    )
}

/// A raw HTTP/1.1 server on 127.0.0.1 answering each connection with `reply` (head, then body
/// chunks with a pause between them), counting the requests it read.
struct RawServer {
    url: String,
    requests: Arc<AtomicUsize>,
}

impl RawServer {
    fn start(
        head_delay: Duration,
        head: String,
        chunks: Vec<Vec<u8>>,
        pause: Duration,
    ) -> Result<RawServer, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        std::thread::spawn(move || {
            // Bounded: at most 8 connections, each served for at most ~10 s.
            for stream in listener.incoming().take(8) {
                let Ok(mut stream) = stream else { return };
                let head = head.clone();
                let chunks = chunks.clone();
                let counter = Arc::clone(&counter);
                std::thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                    let mut seen = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => seen.extend_from_slice(&buf[..n]),
                        }
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    std::thread::sleep(head_delay);
                    if stream.write_all(head.as_bytes()).is_err() {
                        return;
                    }
                    for chunk in chunks {
                        std::thread::sleep(pause);
                        if stream.write_all(&chunk).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Ok(RawServer {
            url: format!("http://{addr}/client/v4"),
            requests,
        })
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Sends `GET /user` with `options` and checks it ends with a timeout of `phase` within `within`.
fn times_out<T: Transport>(
    t: &T,
    options: ClientOptions,
    phase: TimeoutPhase,
    within: Duration,
) -> Result<(), String> {
    let client = make_client(t, options)?;
    let started = Instant::now();
    let result = t.send(&client, &user::Get);
    let took = started.elapsed();
    check(
        matches!(&result, Err(Error::Timeout { phase: p, .. }) if *p == phase),
        || format!("expected a {phase} timeout, got {result:?} after {took:?}"),
    )?;
    check(
        matches!(&result, Err(e) if e.kind() == ErrorKind::Timeout && e.is_timeout()),
        || format!("not of kind Timeout: {result:?}"),
    )?;
    check(took < within, || {
        format!("returned after {took:?}, allowed {within:?}")
    })
}

fn the_attempt_timeout_bounds_a_slow_drip_body<T: Transport>(t: &T) -> Result<(), String> {
    let body = br#"{"success":true,"errors":[],"messages":[],"result":{"id":"u"}}"#.to_vec();
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    // The head after 0.7 s, then one byte every 100 ms: every phase and every read is shorter
    // than the 1 s attempt timeout; the whole attempt is not.
    let chunks = body.iter().map(|b| vec![*b]).collect();
    let server = RawServer::start(
        Duration::from_millis(700),
        head,
        chunks,
        Duration::from_millis(100),
    )?;
    let options = options_for(&server.url, Credentials::api_token("t"))?
        .timeout(Duration::from_secs(1))
        .retry(RetryPolicy::never());
    times_out(
        t,
        options,
        TimeoutPhase::Attempt,
        Duration::from_millis(1500),
    )?;
    check(server.requests() == 1, || {
        format!("{} requests", server.requests())
    })
}

fn the_connect_timeout_bounds_the_tls_handshake<T: Transport>(t: &T) -> Result<(), String> {
    // Accepts TCP connections and never answers the TLS ClientHello.
    let server = RawServer::start(Duration::ZERO, String::new(), Vec::new(), Duration::ZERO)?;
    let url = server.url.replacen("http://", "https://", 1);
    let options = options_for(&url, Credentials::api_token("t"))?
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::never());
    times_out(t, options, TimeoutPhase::Connect, Duration::from_secs(2))
}

fn the_page_cap_is_an_error<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?.max_pages(2))?;
    let listed = t.list(&client, list(5), &mut || {});
    check(
        matches!(
            listed.error,
            Some(Error::Listing(ListingError::Truncated { max_pages: 2 }))
        ),
        || format!("ended with {:?}", listed.error),
    )?;
    let kind = listed.error.as_ref().map(Error::kind);
    check(kind == Some(ErrorKind::TruncatedListing), || {
        format!("kind {kind:?}")
    })?;
    check(listed.items.len() == 10, || {
        format!("{} items before the error", listed.items.len())
    })?;
    let sent = count(&server, "GET", "/accounts");
    check(sent == 2, || format!("{sent} requests"))
}

fn a_retried_delete_says_an_earlier_attempt_may_have_done_it<T: Transport>(
    t: &T,
) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?)?;
    let created = t
        .send(&client, &accounts::Create::new("to delete"))
        .map_err(|e| format!("create: {e}"))?
        .result;
    // Processed, then the response is cut: the retry finds nothing.
    server.faults().truncate_next(1);
    let result = t.send(&client, &accounts::Delete::new(&created.id));
    let sent = count(&server, "DELETE", &created.id);
    check(sent == 2, || format!("{sent} DELETE requests"))?;
    match result {
        Err(err @ Error::Api(_)) if err.status().is_some_and(|s| s == 404) => {
            check(err.is_not_found() && !err.is_retryable(), || {
                format!("kind {:?}, retryable {}", err.kind(), err.is_retryable())
            })?;
            check(
                err.as_api().is_some_and(|e| e.after_ambiguous_attempt),
                || "the 404 does not say an earlier attempt may have deleted it".to_owned(),
            )
        }
        other => Err(format!("{other:?}")),
    }
}

fn a_token_roll_is_never_resent<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let token = Credentials::api_token(server.config().token.clone());
    let client = make_client(t, options_for(&server.base_url(), token)?)?;
    let tokens = t
        .send(&client, &user::tokens::List::default())
        .map_err(|e| format!("list tokens: {e}"))?
        .result;
    let Some(first) = tokens.items.first() else {
        return Err("the emulator has no user token".to_owned());
    };
    let Some(id) = first.id.clone() else {
        return Err("a user token without an id".to_owned());
    };
    server.faults().truncate_next(1);
    let result = t.send(&client, &user::tokens::value::Update::new(&id));
    check(result.is_err(), || {
        "a cut response read as a success".to_owned()
    })?;
    if let Err(e) = &result {
        // A broken connection: worth retrying in general, never for a roll.
        check(
            e.kind() == ErrorKind::Connection
                && !e.is_retryable_for(user::tokens::value::Update::INFO.idempotent),
            || format!("kind {:?} for {e:?}", e.kind()),
        )?;
    }
    let sent = count(&server, "PUT", "/value");
    check(sent == 1, || format!("the roll was sent {sent} times"))
}

fn a_retry_after_date_without_date_header_waits<T: Transport>(t: &T) -> Result<(), String> {
    let body = r#"{"success":false,"errors":[{"code":10000,"message":"rate limited"}],"messages":[],"result":null}"#;
    let head = format!(
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nretry-after: Thu, 01 Jan 2099 00:00:00 GMT\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let server = RawServer::start(Duration::ZERO, head, Vec::new(), Duration::ZERO)?;
    let client = make_client(t, options_for(&server.url, Credentials::api_token("t"))?)?;
    let result = t.send(&client, &user::Get);
    check(
        matches!(&result, Err(Error::Api(e)) if e.status == 429),
        || format!("{result:?}"),
    )?;
    check(
        matches!(&result, Err(e) if e.is_rate_limited()
            && matches!(e.kind(), ErrorKind::RateLimited { retry_after: Some(w) } if w > Duration::from_secs(3600))),
        || {
            format!(
                "not rate limited with the wait: {:?}",
                result.as_ref().err().map(Error::kind)
            )
        },
    )?;
    check(server.requests() == 1, || {
        format!(
            "{} requests: a wait until 2099 was retried at once",
            server.requests()
        )
    })
}

fn listing_body(page: u64, per_page: u64, total_pages: u64) -> serde_json::Value {
    let result: Vec<_> = (0..per_page)
        .map(|i| serde_json::json!({"id": format!("{page:016}{i:016}"), "name": format!("a{i}"), "type": "standard"}))
        .collect();
    serde_json::json!({"success": true, "errors": [], "messages": [], "result": result,
        "result_info": {"page": page, "per_page": per_page, "total_pages": total_pages}})
}

fn an_unexpected_page_is_an_error<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?.page_concurrency(1))?;
    server
        .faults()
        .script_next(ScriptedResponse::json(200, listing_body(3, 5, 6)));
    let listed = t.list(&client, list(5), &mut || {});
    check(
        matches!(
            listed.error,
            Some(Error::Listing(ListingError::UnexpectedPage {
                asked: 1,
                answered: 3
            }))
        ),
        || {
            format!(
                "{} items, ended with {:?}",
                listed.items.len(),
                listed.error
            )
        },
    )?;
    let kind = listed.error.as_ref().map(Error::kind);
    check(kind == Some(ErrorKind::ListingChanged), || {
        format!("kind {kind:?}")
    })?;
    let sent = count(&server, "GET", "/accounts");
    check(sent == 1, || format!("{sent} requests"))
}

fn retry_after_seconds_and_ms<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?)?;
    server.faults().script_next(
        ScriptedResponse::cloudflare_error(429, 10000, "slow down")
            .with_header("retry-after-ms", "50"),
    );
    let first = t.send(&client, &user::Get);
    check(first.is_ok(), || format!("retry-after-ms: {first:?}"))?;
    check(count(&server, "GET", "/user") == 2, || {
        "retry-after-ms: not 2 requests".to_owned()
    })?;
    server.clear_requests();
    server.faults().rate_limit_next(1, 1);
    let second = t.send(&client, &user::Get);
    check(second.is_ok(), || format!("retry-after: {second:?}"))?;
    let requests = server.requests();
    check(requests.len() == 2, || {
        format!("retry-after: {} requests", requests.len())
    })?;
    let gap = requests[1].received_at - requests[0].received_at;
    check(gap >= Duration::from_secs(1), || {
        format!("retried after {gap:?}, asked 1 s")
    })
}

fn a_reset_is_retried_for_get_not_post<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?)?;
    server.faults().drop_next(1);
    let got = t.send(&client, &user::Get);
    check(got.is_ok(), || format!("GET: {got:?}"))?;
    let sent = count(&server, "GET", "/user");
    check(sent == 2, || format!("GET: {sent} requests"))?;
    server.faults().drop_next(1);
    let created = t.send(&client, &accounts::Create::new("maybe"));
    check(matches!(created, Err(Error::Transport { .. })), || {
        format!("POST: {created:?}")
    })?;
    check(
        matches!(&created, Err(e) if e.kind() == ErrorKind::Connection
            && e.is_retryable() && !e.is_retryable_for(false)),
        || format!("POST: kind {:?}", created.as_ref().err().map(Error::kind)),
    )?;
    let sent = count(&server, "POST", "/accounts");
    check(sent == 1, || format!("POST: {sent} requests"))
}

fn empty_bodies<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?)?;
    server.faults().script_next(ScriptedResponse::new(204));
    let deleted = t.send(
        &client,
        &accounts::Delete::new("0123456789abcdef0123456789abcdef"),
    );
    check(matches!(&deleted, Ok(r) if r.result.is_none()), || {
        format!("204 to a delete: {deleted:?}")
    })?;
    // An empty 502 (a proxy in front of the API) is a server error: retried for a read.
    server.faults().script_next(ScriptedResponse::new(502));
    let got = t.send(&client, &user::Get);
    check(got.is_ok(), || format!("after an empty 502: {got:?}"))?;
    let sent = count(&server, "GET", "/user");
    check(sent == 2, || format!("{sent} requests after an empty 502"))
}

fn oversized_bodies<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?.max_body_size(1024))?;
    let big = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"id":"{}"}}}}"#,
        "x".repeat(4096)
    );
    server.faults().script_next(ScriptedResponse::bytes(
        200,
        "application/json",
        big.clone(),
    ));
    let got = t.send(&client, &user::Get);
    check(
        matches!(got, Err(Error::BodyTooLarge { limit: 1024 })),
        || format!("announced: {got:?}"),
    )?;
    check(
        matches!(&got, Err(e) if e.kind() == ErrorKind::TooLarge && !e.is_retryable()),
        || "announced: not of kind TooLarge".to_owned(),
    )?;
    check(count(&server, "GET", "/user") == 1, || {
        "announced: retried".to_owned()
    })?;

    // Chunked: no length announced, the cap applies while reading.
    let mut chunked = Vec::new();
    for part in big.as_bytes().chunks(512) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    let raw = RawServer::start(
        Duration::ZERO,
        head.to_owned(),
        vec![chunked],
        Duration::ZERO,
    )?;
    let options = options_for(&raw.url, Credentials::api_token("t"))?.max_body_size(1024);
    let raw_client = make_client(t, options)?;
    let got = t.send(&raw_client, &user::Get);
    check(
        matches!(got, Err(Error::BodyTooLarge { limit: 1024 })),
        || format!("chunked: {got:?}"),
    )?;
    check(raw.requests() == 1, || {
        format!("chunked: {} requests", raw.requests())
    })
}

fn a_429_in_a_concurrent_listing<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    grow(t, &server, 40)?;
    let client = make_client(t, options(&server)?.page_concurrency(4))?;
    let expected: Vec<String> = t
        .send(&client, &list(50))
        .map_err(|e| e.to_string())?
        .result
        .into_iter()
        .map(|a| a.id)
        .collect();
    server.clear_requests();
    let mut first = true;
    let started = Instant::now();
    let listed = t.list(&client, list(5), &mut || {
        if std::mem::take(&mut first) {
            server.faults().rate_limit_next(1, 1);
        }
    });
    check(listed.error.is_none(), || {
        format!("failed: {:?}", listed.error)
    })?;
    let got: Vec<String> = listed.items.into_iter().map(|a| a.id).collect();
    check(got == expected, || {
        format!(
            "{} items, not the {} expected in order",
            got.len(),
            expected.len()
        )
    })?;
    let sent = count(&server, "GET", "/accounts");
    let pages = expected.len().div_ceil(5);
    check(sent == pages + 1, || {
        format!("{sent} requests for {pages} pages and one 429")
    })?;
    check(started.elapsed() >= Duration::from_secs(1), || {
        "the Retry-After was not waited".to_owned()
    })
}

fn an_absent_result_is_a_decode_error<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?)?;
    let empty_200 = ScriptedResponse::bytes(200, "application/json", Vec::new());
    let success_only = ScriptedResponse::json(200, serde_json::json!({"success": true}));
    for (what, answer) in [
        ("204", ScriptedResponse::new(204)),
        ("empty 200", empty_200),
        ("{success:true}", success_only),
    ] {
        server.faults().script_next(answer.clone());
        let listed = t.send(&client, &list(5));
        check(
            matches!(&listed, Err(Error::Decode(d)) if d.operation == Some("accounts.list")),
            || format!("{what} to a listing: {listed:?}"),
        )?;
        check(
            matches!(&listed, Err(e) if e.kind() == ErrorKind::Decode
                && e.to_string().contains("accounts.list") && !e.is_retryable()),
            || format!("{what} to a listing: {:?}", listed.as_ref().err()),
        )?;
        server.faults().script_next(answer);
        let me = t.send(&client, &user::Get);
        check(
            matches!(&me, Err(Error::Decode(d)) if d.operation == Some("user.get")),
            || format!("{what} to GET /user: {me:?}"),
        )?;
    }
    Ok(())
}

const SECRET: &str = "TOPSECRET-conformance-d0e1f2";

/// Every rendering of `err` a program might log, its `source` chain included.
fn renderings(err: &Error) -> Vec<String> {
    use std::error::Error as _;
    let mut out = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = err.source();
    while let Some(e) = source {
        out.push(e.to_string());
        out.push(format!("{e:?}"));
        source = e.source();
    }
    out
}

fn broken_token_answers_never_show_the_secret<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let token = Credentials::api_token(server.config().token.clone());
    let client = make_client(
        t,
        options_for(&server.base_url(), token)?.retry(RetryPolicy::never()),
    )?;
    let whole = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"id":"ed17574386854bf78a67040be0a770b0","name":"n","status":"active","value":"{SECRET}"}}}}"#
    );
    let answers = [
        (
            "truncated",
            ScriptedResponse::bytes(
                200,
                "application/json",
                whole[..whole.len() - 10].to_owned(),
            ),
            ErrorKind::Decode,
        ),
        (
            "reshaped",
            ScriptedResponse::json(
                200,
                serde_json::json!({"success": true, "result": {"id": SECRET, "value": [SECRET]}}),
            ),
            ErrorKind::Decode,
        ),
        (
            "a 502 page echoing the body",
            ScriptedResponse::bytes(502, "text/html", format!("<pre>{whole}</pre>")),
            ErrorKind::Server,
        ),
        (
            "a 500 envelope echoing the body",
            ScriptedResponse::json(
                500,
                serde_json::json!({"success": false, "result": null,
                    "errors": [{"code": 1000, "message": whole}], "messages": [SECRET]}),
            ),
            ErrorKind::Server,
        ),
    ];
    for (what, answer, kind) in answers {
        server.faults().script_next(answer.clone());
        let created = t.send(
            &client,
            &user::tokens::Create::new(user::tokens::TokenBody::new("t")),
        );
        server.faults().script_next(answer);
        let rolled = t.send(
            &client,
            &user::tokens::value::Update::new("ed17574386854bf78a67040be0a770b0"),
        );
        for (op, result) in [
            ("create", created.map(|_| ())),
            ("roll", rolled.map(|_| ())),
        ] {
            let Err(err) = result else {
                return Err(format!("{what} {op}: read as a success"));
            };
            for text in renderings(&err) {
                check(!text.contains("TOPSECRET"), || {
                    format!("{what} {op}: the secret shows in {text}")
                })?;
            }
            check(err.kind() == kind, || {
                format!("{what} {op}: kind {:?}, not {kind:?}", err.kind())
            })?;
            check(
                err.body()
                    .is_some_and(|b| String::from_utf8_lossy(b).contains("TOPSECRET")),
                || format!("{what} {op}: the raw body is not kept"),
            )?;
        }
    }
    Ok(())
}

fn api_errors_by_kind<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?.retry(RetryPolicy::never()))?;
    let missing = t.send(
        &client,
        &accounts::Get::new("0123456789abcdef0123456789abcdef"),
    );
    check(
        matches!(&missing, Err(e) if e.is_not_found() && e.cf_ray().is_some()),
        || format!("unknown account: {missing:?}"),
    )?;
    let malformed = t.send(&client, &accounts::Get::new("not-an-id"));
    check(matches!(&malformed, Err(e) if e.is_not_found()), || {
        format!("malformed id (7003): {malformed:?}")
    })?;
    let wrong_key = Credentials::api_key(server.config().email.clone(), "wrong-key");
    let stranger = make_client(t, options_for(&server.base_url(), wrong_key)?)?;
    let refused = t.send(&stranger, &user::Get);
    check(
        matches!(&refused, Err(e) if e.is_auth() && !e.is_retryable()),
        || format!("wrong key: {refused:?}"),
    )?;
    let bad_token = make_client(
        t,
        options_for(&server.base_url(), Credentials::api_token("no-such-token"))?,
    )?;
    let refused = t.send(&bad_token, &user::tokens::Verify::new());
    check(matches!(&refused, Err(e) if e.is_auth()), || {
        format!("unknown token (9109): {refused:?}")
    })?;
    server
        .faults()
        .script_next(ScriptedResponse::cloudflare_error(
            409,
            1005,
            "already a member",
        ));
    let conflict = t.send(&client, &accounts::Create::new("dup"));
    check(
        matches!(&conflict, Err(e) if e.kind() == ErrorKind::Conflict && !e.is_retryable_for(false)),
        || format!("409: {conflict:?}"),
    )?;
    let invalid = t.send(&client, &accounts::Create::new(""));
    check(
        matches!(&invalid, Err(e) if e.kind() == ErrorKind::InvalidRequest && !e.is_retryable()),
        || format!("empty name: {invalid:?}"),
    )?;
    server.faults().unavailable_next(1);
    let down = t.send(&client, &user::Get);
    check(
        matches!(&down, Err(e) if e.kind() == ErrorKind::Server && e.is_retryable()),
        || format!("503: {down:?}"),
    )?;
    let nowhere = make_client(
        t,
        options_for("http://127.0.0.1:1/client/v4", Credentials::api_token("t"))?
            .retry(RetryPolicy::never()),
    )?;
    let refused = t.send(&nowhere, &user::Get);
    check(
        matches!(&refused, Err(e) if e.kind() == ErrorKind::Connection && e.is_retryable_for(false)),
        || format!("connection refused: {refused:?}"),
    )
}

fn retries_are_logged_alike<T: Transport>(t: &T) -> Result<(), String> {
    let server = emulator()?;
    let client = make_client(t, options(&server)?)?;
    server.faults().unavailable_next(1);
    let recorder = capture::Recorder::default();
    let result =
        tracing::subscriber::with_default(recorder.clone(), || t.send(&client, &user::Get));
    check(result.is_ok(), || format!("{result:?}"))?;
    let logged = recorder.events();
    let shape: Vec<(tracing::Level, Vec<&str>, &str)> = logged
        .iter()
        .map(|e| (e.level, e.spans.clone(), e.message.as_str()))
        .collect();
    let inside = vec!["cloudflare.call", "cloudflare.attempt"];
    let expected = vec![
        (tracing::Level::DEBUG, inside.clone(), "response"),
        (tracing::Level::WARN, inside.clone(), "retrying"),
        (tracing::Level::DEBUG, inside, "response"),
    ];
    check(shape == expected, || {
        format!("logged {shape:?}, expected {expected:?}")
    })?;
    let retry = &logged[1];
    let field = |name: &str| {
        retry
            .fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    };
    check(field("reason") == Some("status 503"), || {
        format!("reason {:?}", field("reason"))
    })?;
    check(
        field("wait_ms").is_some_and(|w| w.parse::<u64>().is_ok()),
        || format!("wait_ms {:?}", field("wait_ms")),
    )?;
    check(field("attempt") == Some("1"), || {
        format!("attempt {:?}", field("attempt"))
    })
}

/// A minimal `tracing` subscriber recording this suite's spans and events (the SDK's targets
/// only), so the cases need no subscriber crate.
mod capture {
    use std::fmt;
    use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::subscriber::Interest;
    use tracing::{Event, Level, Metadata, Subscriber};

    /// One event: its level, the names of the spans it happened in (outermost first), its
    /// message and its other fields.
    #[derive(Clone, Debug)]
    pub(super) struct Logged {
        pub(super) level: Level,
        pub(super) spans: Vec<&'static str>,
        pub(super) message: String,
        pub(super) fields: Vec<(&'static str, String)>,
    }

    #[derive(Default)]
    struct Inner {
        names: Vec<&'static str>,
        stack: Vec<u64>,
        events: Vec<Logged>,
    }

    #[derive(Clone, Default)]
    pub(super) struct Recorder(Arc<Mutex<Inner>>);

    impl Recorder {
        fn lock(&self) -> MutexGuard<'_, Inner> {
            self.0.lock().unwrap_or_else(PoisonError::into_inner)
        }

        pub(super) fn events(&self) -> Vec<Logged> {
            self.lock().events.clone()
        }
    }

    struct Fields(Vec<(&'static str, String)>);

    impl Visit for Fields {
        fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
            self.0.push((field.name(), format!("{value:?}")));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.push((field.name(), value.to_owned()));
        }
    }

    impl Subscriber for Recorder {
        fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
            Interest::sometimes()
        }
        fn enabled(&self, metadata: &Metadata<'_>) -> bool {
            metadata.target().starts_with("cloudflare")
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut inner = self.lock();
            inner.names.push(span.metadata().name());
            Id::from_u64(inner.names.len() as u64)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut fields = Fields(Vec::new());
            event.record(&mut fields);
            let message = fields
                .0
                .iter()
                .position(|(k, _)| *k == "message")
                .map(|at| fields.0.remove(at).1)
                .unwrap_or_default();
            let mut inner = self.lock();
            let spans = inner
                .stack
                .iter()
                .map(|id| inner.names[(*id - 1) as usize])
                .collect();
            inner.events.push(Logged {
                level: *event.metadata().level(),
                spans,
                message,
                fields: fields.0,
            });
        }
        fn enter(&self, span: &Id) {
            self.lock().stack.push(span.into_u64());
        }
        fn exit(&self, span: &Id) {
            let mut inner = self.lock();
            if let Some(at) = inner.stack.iter().rposition(|id| *id == span.into_u64()) {
                inner.stack.remove(at);
            }
        }
    }
}
