//! Fault injection: latency, rate limiting, outages, broken connections and
//! scripted responses.
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
use std::sync::Mutex;
use std::time::Duration;

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

#[derive(Debug, Default)]
struct FaultState {
    latency: Duration,
    queue: VecDeque<(FaultKind, usize)>,
    accounts_ignore_page: bool,
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

    /// Removes every queued fault, the latency and the accounts-ignore-page
    /// switch.
    pub fn clear(&self) {
        self.with(|s| *s = FaultState::default());
    }

    /// Number of requests that queued faults will still affect.
    pub fn pending(&self) -> usize {
        self.with(|s| s.queue.iter().map(|(_, n)| *n).sum())
    }

    pub(crate) fn latency(&self) -> Duration {
        self.with(|s| s.latency)
    }

    pub(crate) fn accounts_ignore_page(&self) -> bool {
        self.with(|s| s.accounts_ignore_page)
    }

    /// Takes the fault for the current request, if any.
    pub(crate) fn take(&self) -> Option<FaultKind> {
        self.with(|s| {
            let (kind, remaining) = s.queue.front_mut()?;
            let k = kind.clone();
            *remaining -= 1;
            if *remaining == 0 {
                s.queue.pop_front();
            }
            Some(k)
        })
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
        assert!(matches!(f.take(), Some(FaultKind::RateLimit(3))));
        assert!(matches!(f.take(), Some(FaultKind::RateLimit(3))));
        assert!(matches!(f.take(), Some(FaultKind::Unavailable)));
        assert!(f.take().is_none());
        f.set_latency(Duration::from_millis(5));
        f.set_accounts_ignore_page(true);
        f.clear();
        assert_eq!(f.latency(), Duration::ZERO);
        assert!(!f.accounts_ignore_page());
    }
}
