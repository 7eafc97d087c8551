//! One call as a state machine: attempts, the attempt timeout, the overall deadline, retry
//! waits, the shared rate-limit gate and the optional request budget. It is told the time and
//! says what to do next; it never reads a clock, sleeps or touches a socket.
//!
//! A transport drives it in a loop (this is all `cloudflare-ureq` and `cloudflare-hyper` do):
//!
//! ```
//! use std::time::{Instant, SystemTime};
//! use cloudflare_core::call::{Call, Step};
//! use cloudflare_core::{ClientOptions, Config, Credentials, user};
//!
//! let options = ClientOptions::new(Config::new(Credentials::api_token("token"))?);
//! let mut call = Call::new(&user::Get, &options, Instant::now())?;
//! let response = loop {
//!     match call.poll(Instant::now()) {
//!         Step::Send(attempt) => {
//!             // Send `call.request()` with any HTTP client; the attempt must end by
//!             // `attempt.ends_by` (else report `call.on_timeout(now)`).
//!             # let _ = (call.request(), attempt.ends_by);
//!             # let response = http::Response::new(br#"{"success":true,"errors":[],"messages":[],"result":{"id":"u"}}"#.to_vec());
//!             call.on_response(response, Instant::now(), SystemTime::now());
//!         }
//!         Step::Wait(until) => std::thread::sleep(until.saturating_duration_since(Instant::now())),
//!         Step::Done(result) => break result?,
//!     }
//! };
//! let me = call.parse::<user::Get, _>(&response)?.result;
//! assert_eq!(me.id, "u");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use http::{Request, StatusCode};

use crate::client::{CallOptions, ClientOptions, RequestBudget};
use crate::error::{Error, RequestError, TimeoutPhase};
use crate::operation::{Operation, OperationInfo};
use crate::response::Response;
use crate::retry::{Decision, Outcome, RetryPolicy, random_jitter, retry_after_at};

/// What the transport should do next.
#[derive(Debug)]
pub enum Step<B> {
    /// Send [`Call::request`] now, as attempt number `attempt.number`, and report how it ended
    /// with [`Call::on_response`], [`Call::on_failure`] or [`Call::on_timeout`].
    Send(Attempt),
    /// Nothing to do before this instant (a retry wait, the rate-limit gate, the request budget,
    /// or the end of the attempt in flight); then poll again.
    Wait(Instant),
    /// The call is over: the final response, whatever its status (parse it with
    /// [`Call::parse`] so the API's error comes back typed), or why there is none.
    Done(Result<http::Response<B>, Error>),
}

/// One attempt the transport must make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The attempt's number, from 1.
    pub number: u32,
    /// The attempt must be over by then, from name resolution to the last body byte: the
    /// attempt timeout or the call's deadline, whichever comes first. A transport that is still
    /// waiting then abandons the attempt and reports [`Call::on_timeout`].
    pub ends_by: Instant,
}

impl Attempt {
    /// The `tracing` span of this attempt: `cloudflare.attempt` at DEBUG, field `attempt`.
    /// A transport runs the attempt and reports its end ([`Call::on_response`] and the others)
    /// inside it, so every client logs alike.
    pub fn span(&self) -> tracing::Span {
        tracing::debug_span!("cloudflare.attempt", attempt = self.number)
    }
}

/// The `tracing` span of a call of `info`: `cloudflare.call` at DEBUG, fields `operation`,
/// `method` and `path` (the template, so no ID is recorded). A transport runs the whole call
/// inside it. Within it, [`Call`] logs at DEBUG each attempt's end (`response` with `status` and
/// `cf_ray`, `attempt failed`, `attempt timed out`) and at WARN each retry (`retrying`, with
/// `reason` and `wait_ms`). No header value, body or secret is recorded.
pub fn call_span(info: &OperationInfo) -> tracing::Span {
    tracing::debug_span!(
        "cloudflare.call",
        operation = info.name,
        method = %info.method,
        path = info.path,
    )
}

/// How an attempt failed without a complete response, as the transport knows it.
#[derive(Debug)]
pub enum Failure {
    /// The request never left: no connection (refused, DNS failure, connect timeout, TLS
    /// handshake refused). Retrying is safe for every operation.
    NotSent(Error),
    /// The request may have reached the server (reset, truncated response): only idempotent
    /// operations are sent again.
    MaybeSent(Error),
    /// Retrying cannot help (the body is over the size cap, the request is invalid).
    Final(Error),
}

/// The call's state machine. Build one per call with [`Call::new`] (or [`Call::from_request`]).
pub struct Call<B = Vec<u8>> {
    request: Request<Vec<u8>>,
    idempotent: bool,
    policy: RetryPolicy,
    attempt_timeout: Duration,
    started: Instant,
    deadline: Option<Instant>,
    retries_done: u32,
    pacer: Option<Pacer>,
    jitter: fn() -> f64,
    after_ambiguous_attempt: bool,
    /// The wall-clock time of the last response, to measure a `Retry-After` date in the error.
    answered_at: Option<SystemTime>,
    state: State<B>,
}

enum State<B> {
    Ready,
    Waiting(Instant),
    InFlight {
        ends_by: Instant,
        cut_by_deadline: bool,
        sent_at: Instant,
        slot: Option<usize>,
    },
    Finished(Option<Result<http::Response<B>, Error>>),
}

impl<B> fmt::Debug for Call<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Ready => "ready",
            State::Waiting(_) => "waiting",
            State::InFlight { .. } => "in flight",
            State::Finished(_) => "finished",
        };
        f.debug_struct("Call")
            .field("method", self.request.method())
            .field("path", &self.request.uri().path())
            .field("idempotent", &self.idempotent)
            .field("attempt", &(self.retries_done + 1))
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

impl<B> Call<B> {
    /// A call of `op` under `options`, starting at `now` (the deadline counts from here).
    pub fn new<O: Operation>(op: &O, options: &ClientOptions, now: Instant) -> Result<Self, Error> {
        let request = op.to_request(&options.config)?;
        Ok(Call::from_request(
            request,
            O::INFO.idempotent,
            options,
            now,
        ))
    }

    /// A call of an already built request. `idempotent` says whether it may be sent again after
    /// an attempt that may have been processed (see [`crate::OperationInfo::idempotent`]).
    pub fn from_request(
        request: Request<Vec<u8>>,
        idempotent: bool,
        options: &ClientOptions,
        now: Instant,
    ) -> Self {
        Call {
            request,
            idempotent,
            policy: options.retry.clone(),
            attempt_timeout: options.attempt_timeout,
            started: now,
            deadline: options.deadline.and_then(|d| now.checked_add(d)),
            retries_done: 0,
            pacer: None,
            jitter: random_jitter,
            after_ambiguous_attempt: false,
            answered_at: None,
            state: State::Ready,
        }
    }

    /// Applies per-call overrides (attempt timeout, deadline, retries, extra headers) to this
    /// call; see [`CallOptions`]. Call it before the first [`Call::poll`]; the deadline counts
    /// from the instant the call was built.
    pub fn with_options(mut self, options: &CallOptions) -> Self {
        if let Some(timeout) = options.timeout {
            self.attempt_timeout = timeout;
        }
        if let Some(deadline) = options.deadline {
            self.deadline = self.started.checked_add(deadline);
        }
        self.policy = options.policy(&self.policy);
        let headers = self.request.headers_mut();
        let mut replaced = Vec::new();
        for (name, value) in options.headers() {
            if !replaced.contains(name) {
                headers.remove(name);
                replaced.push(name.clone());
            }
            headers.append(name.clone(), value.clone());
        }
        self
    }

    /// Shares a [`Pacer`]: its rate-limit gate and request budget hold this call's attempts, and
    /// a 429 to this call holds every call sharing it.
    pub fn with_pacer(mut self, pacer: Pacer) -> Self {
        self.pacer = Some(pacer);
        self
    }

    /// Replaces the jitter source (a function returning a number in `[0, 1)`; the default is
    /// [`random_jitter`]). For deterministic tests.
    pub fn with_jitter(mut self, jitter: fn() -> f64) -> Self {
        self.jitter = jitter;
        self
    }

    /// The request every attempt sends.
    pub fn request(&self) -> &Request<Vec<u8>> {
        &self.request
    }

    /// Attempts started so far.
    pub fn attempts(&self) -> u32 {
        match self.state {
            State::InFlight { .. } => self.retries_done + 1,
            _ => self.retries_done,
        }
    }

    /// Whether an earlier attempt may have been processed although the call went on (its
    /// response was lost, or it was a server error).
    pub fn after_ambiguous_attempt(&self) -> bool {
        self.after_ambiguous_attempt
    }

    /// What to do now.
    pub fn poll(&mut self, now: Instant) -> Step<B> {
        loop {
            match &mut self.state {
                State::Finished(result) => {
                    return Step::Done(
                        result
                            .take()
                            .unwrap_or(Err(Error::InvalidRequest(RequestError::CallFinished))),
                    );
                }
                State::Waiting(until) if now < *until => return Step::Wait(*until),
                State::Waiting(_) => self.state = State::Ready,
                State::InFlight { ends_by, .. } if now < *ends_by => return Step::Wait(*ends_by),
                State::InFlight { .. } => self.on_timeout(now),
                State::Ready => return self.start(now),
            }
        }
    }

    fn start(&mut self, now: Instant) -> Step<B> {
        if self.deadline.is_some_and(|d| now >= d) {
            return self.finish(Err(self.deadline_error(now)));
        }
        let mut ends_by = now + self.attempt_timeout;
        let cut_by_deadline = self.deadline.is_some_and(|d| d < ends_by);
        if let Some(deadline) = self.deadline {
            ends_by = ends_by.min(deadline);
        }
        let slot = match &self.pacer {
            None => None,
            Some(pacer) => match pacer.admit(now, ends_by) {
                Ok(slot) => slot,
                Err(until) if self.deadline.is_some_and(|d| until >= d) => {
                    return self.finish(Err(self.deadline_error(now)));
                }
                Err(until) => return Step::Wait(until),
            },
        };
        self.state = State::InFlight {
            ends_by,
            cut_by_deadline,
            sent_at: now,
            slot,
        };
        Step::Send(Attempt {
            number: self.retries_done + 1,
            ends_by,
        })
    }

    /// The attempt in flight got a complete response (any status) at `now`; `wall` is the
    /// wall-clock time, for a `Retry-After` date.
    pub fn on_response(&mut self, response: http::Response<B>, now: Instant, wall: SystemTime) {
        if !self.end_attempt(now) {
            return;
        }
        self.answered_at = Some(wall);
        let status = response.status();
        let cf_ray = response
            .headers()
            .get("cf-ray")
            .and_then(|v| v.to_str().ok());
        tracing::debug!(status = status.as_u16(), cf_ray, "response");
        if status.is_success() {
            self.state = State::Finished(Some(Ok(response)));
            return;
        }
        let outcome = Outcome::Response {
            status,
            headers: response.headers(),
        };
        let decision = self.policy.decide(
            self.idempotent,
            outcome,
            self.retries_done,
            (self.jitter)(),
            wall,
        );
        match decision {
            Decision::RetryAfter(wait) if self.fits(now, wait) => {
                if let (StatusCode::TOO_MANY_REQUESTS, Some(pacer)) = (status, &self.pacer) {
                    pacer.hold_until(now + wait);
                }
                if status.is_server_error() {
                    self.after_ambiguous_attempt = true;
                }
                self.retry(now, wait, format_args!("status {}", status.as_u16()));
            }
            _ => self.state = State::Finished(Some(Ok(response))),
        }
    }

    /// The attempt in flight failed at `now` without a complete response.
    pub fn on_failure(&mut self, failure: Failure, now: Instant) {
        if !self.end_attempt(now) {
            return;
        }
        let (outcome, error) = match failure {
            Failure::NotSent(e) => (Outcome::NotSent, e),
            Failure::MaybeSent(e) => (Outcome::MaybeSent, e),
            Failure::Final(e) => {
                tracing::debug!(error = %e, "attempt failed");
                self.state = State::Finished(Some(Err(e)));
                return;
            }
        };
        match &error {
            Error::Timeout { .. } => tracing::debug!("attempt timed out"),
            e => tracing::debug!(error = %e, "attempt failed"),
        }
        let decision = self.policy.decide(
            self.idempotent,
            outcome,
            self.retries_done,
            (self.jitter)(),
            SystemTime::UNIX_EPOCH,
        );
        match decision {
            Decision::RetryAfter(wait) if self.fits(now, wait) => {
                if matches!(outcome, Outcome::MaybeSent) {
                    self.after_ambiguous_attempt = true;
                }
                self.retry(now, wait, format_args!("{error}"));
            }
            _ => self.state = State::Finished(Some(Err(error))),
        }
    }

    /// The attempt in flight reached its [`Attempt::ends_by`] at `now` and was abandoned.
    pub fn on_timeout(&mut self, now: Instant) {
        let State::InFlight {
            cut_by_deadline,
            sent_at,
            ..
        } = self.state
        else {
            return;
        };
        if cut_by_deadline {
            tracing::debug!("attempt cut by the call's deadline");
            self.end_attempt(now);
            self.state = State::Finished(Some(Err(self.deadline_error(now))));
            return;
        }
        let error = Error::Timeout {
            phase: TimeoutPhase::Attempt,
            elapsed: now.saturating_duration_since(sent_at),
        };
        self.on_failure(Failure::MaybeSent(error), now);
    }

    /// Parses the final response as `O`'s, marking a 404 that follows an ambiguous attempt
    /// (see [`crate::ApiError::after_ambiguous_attempt`]) and naming the operation in the
    /// error (see [`Error::for_operation`]), even where `O` parses in a way of its own.
    pub fn parse<O: Operation, R: AsRef<[u8]>>(
        &self,
        response: &http::Response<R>,
    ) -> Result<Response<O::Output>, Error> {
        O::parse_response(response).map_err(|mut e| {
            // A `Retry-After` date without a `Date` header is measured against the wall clock
            // the transport gave with the response.
            let wait = || retry_after_at(response.headers(), self.answered_at);
            match &mut e {
                Error::Api(api) => {
                    api.after_ambiguous_attempt = self.after_ambiguous_attempt;
                    api.retry_after = api.retry_after.or_else(wait);
                }
                Error::UnexpectedResponse(u) => u.retry_after = u.retry_after.or_else(wait),
                _ => {}
            }
            e.for_operation(O::INFO.name, O::SENSITIVE_RESPONSE)
        })
    }

    /// Ends the attempt in flight; false if none was.
    fn end_attempt(&mut self, now: Instant) -> bool {
        let State::InFlight { slot, .. } = self.state else {
            return false;
        };
        if let (Some(pacer), Some(slot)) = (&self.pacer, slot) {
            pacer.release(slot, now);
        }
        self.state = State::Ready;
        true
    }

    /// Whether a wait of `wait` from `now` leaves time for another attempt before the deadline.
    fn fits(&self, now: Instant, wait: Duration) -> bool {
        self.deadline.is_none_or(|d| now + wait < d)
    }

    fn retry(&mut self, now: Instant, wait: Duration, reason: fmt::Arguments<'_>) {
        tracing::warn!(
            attempt = self.retries_done + 1,
            reason = %reason,
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            "retrying"
        );
        self.retries_done += 1;
        self.state = State::Waiting(now + wait);
    }

    fn finish(&mut self, result: Result<http::Response<B>, Error>) -> Step<B> {
        self.state = State::Finished(None);
        Step::Done(result)
    }

    fn deadline_error(&self, now: Instant) -> Error {
        Error::Timeout {
            phase: TimeoutPhase::Deadline,
            elapsed: now.saturating_duration_since(self.started),
        }
    }
}

/// What the calls of one client share: the "not before" instant a 429 sets (the API's limit is
/// per user or token, so every call of the client waits it out, not just the one refused) and
/// the optional [`RequestBudget`]. Cheap to clone; clones share the state.
#[derive(Clone, Debug, Default)]
pub struct Pacer {
    shared: Arc<Mutex<PacerState>>,
}

#[derive(Debug, Default)]
struct PacerState {
    not_before: Option<Instant>,
    budget: Option<Budget>,
}

#[derive(Debug)]
struct Budget {
    per: Duration,
    /// When each slot is free again; `None`: never used.
    free_at: Vec<Option<Instant>>,
}

impl Pacer {
    /// A pacer with the rate-limit gate only.
    pub fn new() -> Self {
        Pacer::default()
    }

    /// A pacer with the gate and, if given, a request budget.
    pub fn with_budget(budget: Option<RequestBudget>) -> Self {
        let budget = budget.map(|b| Budget {
            per: b.per,
            free_at: vec![None; b.requests.max(1) as usize],
        });
        Pacer {
            shared: Arc::new(Mutex::new(PacerState {
                not_before: None,
                budget,
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, PacerState> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Nothing may be sent before `at` (later instants win).
    pub fn hold_until(&self, at: Instant) {
        let mut state = self.lock();
        if state.not_before.is_none_or(|t| t < at) {
            state.not_before = Some(at);
        }
    }

    /// The instant before which nothing may be sent, if one is set.
    pub fn not_before(&self) -> Option<Instant> {
        self.lock().not_before
    }

    /// Lets an attempt start at `now` that will be over by `ends_by`: `Ok` with the budget slot
    /// it holds (if there is a budget), or `Err` with the instant to wait for.
    fn admit(&self, now: Instant, ends_by: Instant) -> Result<Option<usize>, Instant> {
        let mut state = self.lock();
        if let Some(at) = state.not_before.filter(|at| *at > now) {
            return Err(at);
        }
        let Some(budget) = &mut state.budget else {
            return Ok(None);
        };
        let mut earliest: Option<Instant> = None;
        for (i, free_at) in budget.free_at.iter_mut().enumerate() {
            match *free_at {
                Some(at) if at > now => earliest = Some(earliest.map_or(at, |e| e.min(at))),
                _ => {
                    *free_at = Some(ends_by + budget.per);
                    return Ok(Some(i));
                }
            }
        }
        Err(earliest.unwrap_or(now))
    }

    /// The attempt holding `slot` ended at `now`.
    fn release(&self, slot: usize, now: Instant) {
        let mut state = self.lock();
        let Some(budget) = &mut state.budget else {
            return;
        };
        let cooled = now + budget.per;
        if let Some(free_at) = budget.free_at.get_mut(slot) {
            *free_at = Some(free_at.map_or(cooled, |at| at.min(cooled)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credentials;
    use crate::config::Config;
    use crate::{accounts, user};

    fn options() -> ClientOptions {
        ClientOptions::new(Config::new(Credentials::api_token("t")).unwrap())
    }

    fn no_jitter() -> f64 {
        0.0
    }

    fn status(code: u16, headers: &[(&'static str, &str)]) -> http::Response<Vec<u8>> {
        let mut response = http::Response::new(Vec::new());
        *response.status_mut() = StatusCode::from_u16(code).unwrap();
        for (k, v) in headers {
            response.headers_mut().insert(*k, v.parse().unwrap());
        }
        response
    }

    fn expect_send(step: Step<Vec<u8>>) -> Attempt {
        match step {
            Step::Send(attempt) => attempt,
            other => panic!("expected Send, got {other:?}"),
        }
    }

    const EPOCH: SystemTime = SystemTime::UNIX_EPOCH;

    #[test]
    fn per_call_options_override_the_client_for_one_call() {
        let t0 = Instant::now();
        let client = options()
            .timeout(Duration::from_secs(60))
            .retry(RetryPolicy::default());
        let client = ClientOptions {
            config: client.config.with_header("x-app", "client").unwrap(),
            ..client
        };
        let per_call = CallOptions::new()
            .timeout(Duration::from_secs(2))
            .deadline(Duration::from_secs(3))
            .max_retries(0)
            .header("x-app", "call")
            .unwrap()
            .header("x-request-id", "r1")
            .unwrap();
        let mut call = Call::new(&user::Get, &client, t0)
            .unwrap()
            .with_options(&per_call)
            .with_jitter(no_jitter);
        let headers = call.request().headers();
        assert_eq!(headers.get_all("x-app").iter().count(), 1);
        assert_eq!(headers["x-app"], "call");
        assert_eq!(headers["x-request-id"], "r1");
        assert!(headers.contains_key(http::header::AUTHORIZATION));
        let attempt = expect_send(call.poll(t0));
        assert_eq!(attempt.ends_by, t0 + Duration::from_secs(2));
        // No retries for this call: a 503 to a GET ends it.
        call.on_response(status(503, &[]), t0, EPOCH);
        assert!(matches!(call.poll(t0), Step::Done(Ok(r)) if r.status() == 503));

        // The deadline of this call cuts its attempt.
        let per_call = CallOptions::new().deadline(Duration::from_secs(1));
        let mut call = Call::<Vec<u8>>::new(&user::Get, &client, t0)
            .unwrap()
            .with_options(&per_call);
        assert_eq!(
            expect_send(call.poll(t0)).ends_by,
            t0 + Duration::from_secs(1)
        );
        // The client's own calls are untouched.
        let mut plain = Call::<Vec<u8>>::new(&user::Get, &client, t0).unwrap();
        assert_eq!(plain.request().headers()["x-app"], "client");
        assert_eq!(
            expect_send(plain.poll(t0)).ends_by,
            t0 + Duration::from_secs(60)
        );
        // Authentication headers cannot be smuggled in per call.
        assert!(
            CallOptions::new()
                .header("authorization", "Bearer x")
                .is_err()
        );
        assert!(CallOptions::new().header("X-Auth-Key", "k").is_err());
    }

    #[test]
    fn a_success_ends_the_call_even_with_x_should_retry() {
        let t0 = Instant::now();
        let mut call = Call::new(&accounts::Create::new("a"), &options(), t0).unwrap();
        expect_send(call.poll(t0));
        call.on_response(status(200, &[("x-should-retry", "true")]), t0, EPOCH);
        assert!(matches!(call.poll(t0), Step::Done(Ok(r)) if r.status() == 200));
        assert!(matches!(
            call.poll(t0),
            Step::Done(Err(Error::InvalidRequest(RequestError::CallFinished)))
        ));
    }

    #[test]
    fn retries_wait_and_count() {
        let t0 = Instant::now();
        let mut call = Call::new(&user::Get, &options(), t0)
            .unwrap()
            .with_jitter(no_jitter);
        assert_eq!(expect_send(call.poll(t0)).number, 1);
        call.on_response(status(503, &[]), t0, EPOCH);
        let Step::Wait(until) = call.poll(t0) else {
            panic!()
        };
        assert_eq!(until, t0 + Duration::from_millis(500));
        assert_eq!(expect_send(call.poll(until)).number, 2);
        call.on_failure(
            Failure::MaybeSent(Error::Timeout {
                phase: TimeoutPhase::Attempt,
                elapsed: Duration::ZERO,
            }),
            until,
        );
        let Step::Wait(next) = call.poll(until) else {
            panic!()
        };
        assert_eq!(expect_send(call.poll(next)).number, 3);
        call.on_response(status(503, &[]), next, EPOCH);
        assert!(matches!(call.poll(next), Step::Done(Ok(r)) if r.status() == 503));
        assert!(call.after_ambiguous_attempt());
    }

    #[test]
    fn a_token_roll_is_never_resent_after_it_may_have_been_processed() {
        let t0 = Instant::now();
        let roll = crate::user::tokens::value::Update::new("tok");
        let mut call = Call::new(&roll, &options(), t0).unwrap();
        expect_send(call.poll(t0));
        call.on_failure(
            Failure::MaybeSent(Error::Timeout {
                phase: TimeoutPhase::Attempt,
                elapsed: Duration::ZERO,
            }),
            t0,
        );
        assert!(matches!(
            call.poll(t0),
            Step::Done(Err(Error::Timeout { .. }))
        ));
    }

    #[test]
    fn the_deadline_cuts_the_attempt_and_the_waits() {
        let t0 = Instant::now();
        let options = options()
            .timeout(Duration::from_secs(1))
            .deadline(Duration::from_millis(1500));
        let mut call: Call = Call::new(&user::Get, &options, t0)
            .unwrap()
            .with_jitter(no_jitter);
        let first = expect_send(call.poll(t0));
        assert_eq!(first.ends_by, t0 + Duration::from_secs(1));
        // The attempt runs out: retried after 0.5 s, which leaves exactly nothing: stop.
        assert!(matches!(
            call.poll(first.ends_by),
            Step::Done(Err(Error::Timeout {
                phase: TimeoutPhase::Attempt,
                ..
            }))
        ));

        let mut call: Call = Call::new(&user::Get, &options, t0)
            .unwrap()
            .with_jitter(no_jitter);
        expect_send(call.poll(t0));
        call.on_response(status(503, &[]), t0 + Duration::from_millis(100), EPOCH);
        let Step::Wait(until) = call.poll(t0) else {
            panic!()
        };
        let second = expect_send(call.poll(until));
        // Only what is left of the deadline.
        assert_eq!(second.ends_by, t0 + Duration::from_millis(1500));
        call.on_timeout(second.ends_by);
        assert!(matches!(
            call.poll(second.ends_by),
            Step::Done(Err(Error::Timeout {
                phase: TimeoutPhase::Deadline,
                ..
            }))
        ));
    }

    #[test]
    fn a_429_holds_every_call_sharing_the_pacer() {
        let t0 = Instant::now();
        let pacer = Pacer::new();
        let mut a: Call = Call::new(&user::Get, &options(), t0)
            .unwrap()
            .with_pacer(pacer.clone());
        let mut b: Call = Call::new(&user::Get, &options(), t0)
            .unwrap()
            .with_pacer(pacer.clone());
        expect_send(a.poll(t0));
        a.on_response(status(429, &[("retry-after", "2")]), t0, EPOCH);
        assert_eq!(pacer.not_before(), Some(t0 + Duration::from_secs(2)));
        assert!(matches!(b.poll(t0), Step::Wait(at) if at == t0 + Duration::from_secs(2)));
        expect_send(b.poll(t0 + Duration::from_secs(2)));
    }

    #[test]
    fn the_budget_holds_slots_until_per_after_the_attempt() {
        let t0 = Instant::now();
        let per = Duration::from_secs(10);
        let pacer = Pacer::with_budget(Some(RequestBudget::new(1, per)));
        let mut a: Call = Call::new(&user::Get, &options(), t0)
            .unwrap()
            .with_pacer(pacer.clone());
        let mut b: Call = Call::new(&user::Get, &options(), t0)
            .unwrap()
            .with_pacer(pacer.clone());
        let attempt = expect_send(a.poll(t0));
        // While `a` is in flight, `b` may start at the latest `per` after `a` must end.
        assert!(matches!(b.poll(t0), Step::Wait(at) if at == attempt.ends_by + per));
        let ended = t0 + Duration::from_secs(1);
        a.on_response(status(200, &[]), ended, EPOCH);
        assert!(matches!(b.poll(t0), Step::Wait(at) if at == ended + per));
        expect_send(b.poll(ended + per));
    }
}
