//! Fault injection: latency, rate limiting, outages, broken connections and
//! scripted responses, for any route or for one route.
//!
//! ## Route-scoped faults
//!
//! [`Faults::route`] (or [`crate::MockServer::on`]) picks one operation by method and path
//! template, as the route table spells it (relative to `/client/v4`, see
//! [`crate::route_table`]); an unknown pair is an error ([`UnknownRoute`]), not a rule that
//! silently never matches. Calls are counted per route from the server's start (or its last
//! [`crate::MockServer::reset`]), 1-based; a rule applies to the next call by default, or from
//! the [`RouteFault::nth`] call on, for [`RouteFault::times`] calls (1 by default) or
//! [`RouteFault::always`]:
//!
//! ```no_run
//! # let server = cloudflare_mock::MockServer::start(Default::default())?;
//! // The 2nd call to POST /accounts/{account_id}/tokens answers 429 with Retry-After: 2.
//! server
//!     .on("POST", "/accounts/{account_id}/tokens")?
//!     .nth(2)
//!     .rate_limit(2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Route rules are looked at first, oldest first; the first whose calls include this one
//! serves it. A request that no route rule serves takes the head of the "any route" queue.
//! Each server has its own rules, counters and queue: tests running in parallel in one process
//! with a server each do not see each other's faults.
//!
//! ## The "any route" queue
//!
//! All one-shot faults (`rate_limit_next`, `unavailable_next`,
//! `truncate_next`, `drop_next`, `stall_next`, `script_next`) go into a
//! single FIFO queue. Each incoming request (any route, before
//! authentication) takes the fault at the head of the queue, if any; a
//! fault queued with `n = 3` serves the next three requests before the next
//! queued fault starts. So with `rate_limit_next(1, 2)` followed by
//! `unavailable_next(1)`, the first request gets a 429 and the second a 503.
//! Calls with `n = 0` queue nothing.
//!
//! The latency set with [`Faults::set_latency`] is persistent and is added
//! before every response (also before fault responses, except for dropped
//! connections, which are closed at once).

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use crate::routes::{ROUTES, find_route};

/// An exact HTTP response to serve instead of the emulated one
/// (see [`Faults::script_next`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptedResponse {
    /// HTTP status code. An invalid code (outside 100..=999) is served as 500.
    pub status: u16,
    /// Headers, in order. `content-length` is always computed by the server;
    /// a `cf-ray` header is added only when none is given here.
    pub headers: Vec<(String, String)>,
    /// The body bytes, sent as they are.
    pub body: Vec<u8>,
}

impl ScriptedResponse {
    /// A response with the given status, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        ScriptedResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON response (`content-type: application/json`) with `value` as
    /// its body.
    pub fn json(status: u16, value: serde_json::Value) -> Self {
        ScriptedResponse {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: value.to_string().into_bytes(),
        }
    }

    /// A response with raw body bytes and the given content type.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        ScriptedResponse {
            status,
            headers: vec![("content-type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    /// A Cloudflare error envelope (`success: false`) with one error.
    pub fn cloudflare_error(status: u16, code: u32, message: &str) -> Self {
        Self::json(
            status,
            serde_json::json!({
                "success": false,
                "errors": [{"code": code, "message": message}],
                "messages": [],
                "result": null
            }),
        )
    }

    /// Adds a header (builder style).
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// One kind of queued fault.
#[derive(Debug, Clone)]
pub(crate) enum FaultKind {
    /// 429 envelope with a `Retry-After` header of this many seconds.
    RateLimit(u64),
    /// 503 envelope.
    Unavailable,
    /// Real response, cut half way through the body.
    Truncate,
    /// Connection closed without any response.
    Drop,
    /// Wait this long, then answer normally.
    Stall(Duration),
    /// Serve this exact response.
    Script(ScriptedResponse),
}

impl FaultKind {
    /// The name logs and recorded exchanges use.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            FaultKind::RateLimit(_) => "rate_limit",
            FaultKind::Unavailable => "unavailable",
            FaultKind::Truncate => "truncate",
            FaultKind::Drop => "drop",
            FaultKind::Stall(_) => "stall",
            FaultKind::Script(_) => "script",
        }
    }
}

/// A fault for some calls of one route.
#[derive(Debug, Clone)]
struct RouteRule {
    route: usize,
    /// First call served (1-based).
    first: u64,
    /// Last call served (inclusive); `u64::MAX` for always.
    last: u64,
    kind: FaultKind,
}

#[derive(Debug, Default)]
struct FaultState {
    latency: Duration,
    queue: VecDeque<(FaultKind, usize)>,
    rules: Vec<RouteRule>,
    /// Calls per route (index into the route table) since start or reset.
    calls: Vec<u64>,
    accounts_ignore_page: bool,
}

/// A method and template that are not in the route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRoute {
    /// The method asked for.
    pub method: String,
    /// The template asked for.
    pub template: String,
}

impl fmt::Display for UnknownRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no route {} {} in the emulator's route table (templates are relative to /client/v4 and spelled as in the schema, e.g. /accounts/{{account_id}}/members; see cloudflare_mock::route_table())",
            self.method, self.template
        )
    }
}

impl std::error::Error for UnknownRoute {}

/// Looks a route up, or says which is unknown.
pub(crate) fn route_index(method: &str, template: &str) -> Result<usize, UnknownRoute> {
    find_route(method, template).ok_or_else(|| UnknownRoute {
        method: method.to_owned(),
        template: template.to_owned(),
    })
}

/// A fault being aimed at one route (see the [module documentation](crate::faults)); one of
/// its fault methods installs it.
#[derive(Debug)]
#[must_use = "a RouteFault does nothing until one of its fault methods (rate_limit, respond, ...) is called"]
pub struct RouteFault<'a> {
    faults: &'a Faults,
    route: usize,
    nth: Option<u64>,
    times: u64,
}

impl RouteFault<'_> {
    /// From the `n`-th call of the route on (1-based, counted since the server started or was
    /// reset), instead of from the next call. A call that already happened is not served
    /// again: `nth` is meant to be set before the calls are made.
    pub fn nth(mut self, n: u64) -> Self {
        self.nth = Some(n.max(1));
        self
    }

    /// For `n` consecutive calls (default 1; 0 installs nothing).
    pub fn times(mut self, n: u64) -> Self {
        self.times = n;
        self
    }

    /// For every call from the first one on.
    pub fn always(mut self) -> Self {
        self.times = u64::MAX;
        self
    }

    fn install(self, kind: FaultKind) {
        let RouteFault {
            faults,
            route,
            nth,
            times,
        } = self;
        if times == 0 {
            return;
        }
        faults.with(|s| {
            let done = s.calls.get(route).copied().unwrap_or(0);
            let first = nth.unwrap_or(done + 1);
            let last = first.saturating_add(times - 1);
            s.rules.push(RouteRule {
                route,
                first,
                last,
                kind,
            });
        });
    }

    /// A 429 Cloudflare error envelope with `Retry-After: retry_after_secs`.
    pub fn rate_limit(self, retry_after_secs: u64) {
        self.install(FaultKind::RateLimit(retry_after_secs));
    }

    /// A 503 Cloudflare error envelope.
    pub fn unavailable(self) {
        self.install(FaultKind::Unavailable);
    }

    /// The real response, cut half way through the body (the request is carried out).
    pub fn truncate(self) {
        self.install(FaultKind::Truncate);
    }

    /// The connection closed without a response (the request is not carried out).
    pub fn drop_connection(self) {
        self.install(FaultKind::Drop);
    }

    /// Waits `d`, then answers normally (with [`RouteFault::always`]: a per-route latency).
    pub fn stall(self, d: Duration) {
        self.install(FaultKind::Stall(d));
    }

    /// This exact response instead of the emulated one (the request is not carried out).
    pub fn respond(self, r: ScriptedResponse) {
        self.install(FaultKind::Script(r));
    }
}

/// Fault injection controls of a running [`crate::MockServer`].
///
/// See the [module documentation](crate::faults) for the queueing rules.
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<FaultState>,
}

impl Faults {
    fn with<R>(&self, f: impl FnOnce(&mut FaultState) -> R) -> R {
        let mut guard = match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    fn push(&self, kind: FaultKind, n: usize) {
        if n > 0 {
            self.with(|s| s.queue.push_back((kind, n)));
        }
    }

    /// Aims a fault at one route: `method` and `template` as the route table spells them
    /// (`"POST"`, `"/accounts/{account_id}/tokens"`). See the
    /// [module documentation](crate::faults).
    pub fn route(&self, method: &str, template: &str) -> Result<RouteFault<'_>, UnknownRoute> {
        let route = route_index(method, template)?;
        Ok(RouteFault {
            faults: self,
            route,
            nth: None,
            times: 1,
        })
    }

    /// Adds `d` before every response from now on (`Duration::ZERO` turns it
    /// off).
    pub fn set_latency(&self, d: Duration) {
        self.with(|s| s.latency = d);
    }

    /// The next `n` requests get a 429 Cloudflare error envelope with a
    /// `Retry-After: retry_after_secs` header.
    pub fn rate_limit_next(&self, n: usize, retry_after_secs: u64) {
        self.push(FaultKind::RateLimit(retry_after_secs), n);
    }

    /// The next `n` requests get a 503 Cloudflare error envelope.
    pub fn unavailable_next(&self, n: usize) {
        self.push(FaultKind::Unavailable, n);
    }

    /// The next `n` requests get their real response, but the connection is
    /// cut half way through the body while `Content-Length` announces the
    /// full size. (The request is still carried out: state changes happen.)
    pub fn truncate_next(&self, n: usize) {
        self.push(FaultKind::Truncate, n);
    }

    /// The next `n` requests see their connection closed without any
    /// response (the request is not carried out).
    pub fn drop_next(&self, n: usize) {
        self.push(FaultKind::Drop, n);
    }

    /// The next `n` requests wait `d` before being answered normally.
    pub fn stall_next(&self, n: usize, d: Duration) {
        self.push(FaultKind::Stall(d), n);
    }

    /// Queues one exact response, served instead of the emulated one (the
    /// request is not carried out). Several scripted responses are served
    /// in the order they were queued.
    pub fn script_next(&self, r: ScriptedResponse) {
        self.push(FaultKind::Script(r), 1);
    }

    /// Reproduces the reported `GET /accounts` bug: when on, the listing
    /// ignores `page` and always returns the first page (non-empty) with
    /// `total_pages: 1`.
    pub fn set_accounts_ignore_page(&self, on: bool) {
        self.with(|s| s.accounts_ignore_page = on);
    }

    /// Removes every queued fault and route rule, the latency and the accounts-ignore-page
    /// switch (the per-route call counts stay: see [`crate::MockServer::reset`]).
    pub fn clear(&self) {
        self.with(|s| {
            let calls = std::mem::take(&mut s.calls);
            *s = FaultState {
                calls,
                ..FaultState::default()
            };
        });
    }

    /// Number of requests that queued "any route" faults will still affect.
    pub fn pending(&self) -> usize {
        self.with(|s| s.queue.iter().map(|(_, n)| *n).sum())
    }

    /// Number of route rules that may still serve a call.
    pub fn pending_route_rules(&self) -> usize {
        self.with(|s| s.rules.len())
    }

    /// How many calls the route (by index) has had since start or reset.
    pub(crate) fn calls(&self, route: usize) -> u64 {
        self.with(|s| s.calls.get(route).copied().unwrap_or(0))
    }

    /// Clears everything, call counts included.
    pub(crate) fn reset(&self) {
        self.with(|s| *s = FaultState::default());
    }

    /// Counts a call of `route` (if the request matched one) and takes the fault for it: a
    /// route rule first, else the head of the "any route" queue.
    pub(crate) fn take_for(&self, route: Option<usize>) -> Option<FaultKind> {
        self.with(|s| {
            if let Some(r) = route {
                if s.calls.len() < ROUTES.len() {
                    s.calls.resize(ROUTES.len(), 0);
                }
                let n = match s.calls.get_mut(r) {
                    Some(c) => {
                        *c += 1;
                        *c
                    }
                    None => 0,
                };
                // Rules whose calls are all past can never serve again.
                s.rules.retain(|rule| rule.route != r || rule.last >= n);
                if let Some(rule) = s
                    .rules
                    .iter()
                    .find(|rule| rule.route == r && (rule.first..=rule.last).contains(&n))
                {
                    let kind = rule.kind.clone();
                    s.rules.retain(|rule| rule.route != r || rule.last > n);
                    return Some(kind);
                }
            }
            Self::take_queued(s)
        })
    }

    pub(crate) fn latency(&self) -> Duration {
        self.with(|s| s.latency)
    }

    pub(crate) fn accounts_ignore_page(&self) -> bool {
        self.with(|s| s.accounts_ignore_page)
    }

    /// Takes the head of the "any route" queue, if any.
    fn take_queued(s: &mut FaultState) -> Option<FaultKind> {
        let (kind, remaining) = s.queue.front_mut()?;
        let k = kind.clone();
        *remaining -= 1;
        if *remaining == 0 {
            s.queue.pop_front();
        }
        Some(k)
    }

    /// Installs a fault described at run time (the admin endpoint).
    pub(crate) fn add(&self, route: Option<usize>, nth: Option<u64>, times: u64, kind: FaultKind) {
        match route {
            Some(route) => RouteFault {
                faults: self,
                route,
                nth,
                times,
            }
            .install(kind),
            None => self.push(kind, usize::try_from(times).unwrap_or(usize::MAX)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifo_order_and_counts() {
        let f = Faults::default();
        f.rate_limit_next(2, 3);
        f.unavailable_next(1);
        f.drop_next(0);
        assert_eq!(f.pending(), 3);
        assert!(matches!(f.take_for(None), Some(FaultKind::RateLimit(3))));
        assert!(matches!(f.take_for(None), Some(FaultKind::RateLimit(3))));
        assert!(matches!(f.take_for(None), Some(FaultKind::Unavailable)));
        assert!(f.take_for(None).is_none());
        f.set_latency(Duration::from_millis(5));
        f.set_accounts_ignore_page(true);
        f.clear();
        assert_eq!(f.latency(), Duration::ZERO);
        assert!(!f.accounts_ignore_page());
    }

    #[test]
    fn route_rules_count_calls_and_go_first() {
        let f = Faults::default();
        let tokens = route_index("POST", "/accounts/{account_id}/tokens").ok();
        let user = route_index("GET", "/user").ok();
        assert!(tokens.is_some() && user.is_some());
        assert!(f.route("GET", "/nope").is_err());
        assert!(f.route("PATCH", "/accounts").is_err());
        if let Ok(r) = f.route("POST", "/accounts/{account_id}/tokens") {
            r.nth(2).rate_limit(1);
        }
        if let Ok(r) = f.route("GET", "/user") {
            r.times(2).unavailable();
        }
        f.drop_next(1);
        // GET /user: calls 1 and 2 are 503, then the queue's drop, then nothing.
        assert!(matches!(f.take_for(user), Some(FaultKind::Unavailable)));
        assert!(matches!(f.take_for(user), Some(FaultKind::Unavailable)));
        assert!(matches!(f.take_for(user), Some(FaultKind::Drop)));
        assert!(f.take_for(user).is_none());
        // POST tokens: only the 2nd call.
        assert!(f.take_for(tokens).is_none());
        assert!(matches!(f.take_for(tokens), Some(FaultKind::RateLimit(1))));
        assert!(f.take_for(tokens).is_none());
        assert_eq!(f.pending_route_rules(), 0);
        assert_eq!(f.calls(tokens.unwrap_or(0)), 3);
        // always() keeps serving; reset forgets rules and counts.
        if let Ok(r) = f.route("GET", "/user") {
            r.always().stall(Duration::from_millis(1));
        }
        for _ in 0..5 {
            assert!(matches!(f.take_for(user), Some(FaultKind::Stall(_))));
        }
        f.reset();
        assert_eq!(f.calls(user.unwrap_or(0)), 0);
        assert!(f.take_for(user).is_none());
    }
}
