//! The retry policy as a pure decision: given what happened, retry after how long, or stop.
//! The caller sleeps; the core never reads a clock.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

pub use crate::headers::{http_date, retry_after, retry_after_at, should_retry};

/// What happened to one attempt.
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'a> {
    /// The server answered.
    Response {
        /// Its status.
        status: StatusCode,
        /// Its headers.
        headers: &'a HeaderMap,
    },
    /// The server answered, its headers already read: the status and the `x-should-retry`
    /// header (`Some(true)`/`Some(false)` when it said so). What an [`crate::Error`] keeps.
    Answer {
        /// The status.
        status: StatusCode,
        /// The `x-should-retry` header, see [`should_retry`].
        should_retry: Option<bool>,
    },
    /// The request never reached the server (connection refused, DNS failure, connect timeout).
    NotSent,
    /// The request may have reached the server (reset, read timeout, truncated response).
    MaybeSent,
}

/// The answer of [`RetryPolicy::decide`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send the same request again after this wait.
    RetryAfter(Duration),
    /// Do not retry; report the outcome.
    Stop,
}

/// When and how long to retry. The defaults match the official SDKs (2 retries, 0.5 s doubling
/// up to 8 s, up to 25% jitter) except that an operation that is not idempotent (a create, a
/// token roll) is never re-sent once it may have been processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// Wait before the first retry.
    pub initial_backoff: Duration,
    /// Upper bound of the computed backoff.
    pub max_backoff: Duration,
    /// Longest wait the server may ask for (`Retry-After`); asking for more stops retrying,
    /// so the caller sees the 429 rather than hanging.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Decides what to do after attempt number `retries_done + 1` of a call ended with `outcome`.
    ///
    /// `idempotent` is the operation's [`OperationInfo::idempotent`](crate::OperationInfo): only
    /// then may an attempt that may have been processed be sent again. A 2xx is never retried, and
    /// `x-should-retry` can only turn an error status into a retry (or stop one). `jitter` is a
    /// number in `[0, 1)` supplied by the caller (random in production, fixed in tests); it
    /// shortens the computed backoff by up to 25%. `now` is the wall-clock time, against which a
    /// `Retry-After` date is measured when the response has no `Date` header.
    pub fn decide(
        &self,
        idempotent: bool,
        outcome: Outcome<'_>,
        retries_done: u32,
        jitter: f64,
        now: SystemTime,
    ) -> Decision {
        if retries_done >= self.max_retries || !Self::is_retryable(idempotent, outcome) {
            return Decision::Stop;
        }
        let backoff = self.backoff(retries_done, jitter);
        let Outcome::Response { headers, .. } = outcome else {
            return Decision::RetryAfter(backoff);
        };
        match retry_after_at(headers, Some(now)) {
            Some(wait) if wait > self.max_retry_after => Decision::Stop,
            Some(wait) => Decision::RetryAfter(wait),
            None => Decision::RetryAfter(backoff),
        }
    }

    /// Whether `outcome` is worth another attempt at all, before counting retries or capping
    /// the wait: the classifier [`RetryPolicy::decide`] uses, and [`crate::Error::is_retryable_for`]
    /// too, so the two always agree.
    ///
    /// - Not sent (no connection): always.
    /// - Maybe processed (reset, truncated, attempt timeout): only an idempotent operation.
    /// - An answer: never a 1xx, 2xx or 3xx; else `x-should-retry` decides when present; else 408
    ///   and 429 (refused before processing) for every operation, 409 and 5xx for an idempotent
    ///   one.
    pub fn is_retryable(idempotent: bool, outcome: Outcome<'_>) -> bool {
        let (status, told) = match outcome {
            Outcome::NotSent => return true,
            Outcome::MaybeSent => return idempotent,
            Outcome::Response { status, headers } => (status, should_retry(headers)),
            Outcome::Answer {
                status,
                should_retry,
            } => (status, should_retry),
        };
        if !(status.is_client_error() || status.is_server_error()) {
            return false;
        }
        match told {
            Some(told) => told,
            None => match status.as_u16() {
                // Rate limited or timed out before processing: safe for every operation.
                429 | 408 => true,
                409 => idempotent,
                s if s >= 500 => idempotent,
                _ => false,
            },
        }
    }

    /// The backoff before retry number `retries_done + 1`: `initial · 2ⁿ`, capped, minus up to 25% jitter.
    pub fn backoff(&self, retries_done: u32, jitter: f64) -> Duration {
        let factor = 2u32.saturating_pow(retries_done.min(30));
        let raw = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        // Subtract the jitter share instead of multiplying, so extreme durations cannot overflow
        // and the result never exceeds the capped backoff.
        let cut =
            Duration::try_from_secs_f64(raw.as_secs_f64() * 0.25 * jitter).unwrap_or_default();
        raw.saturating_sub(cut)
    }
}

/// A jitter value in `[0, 1)` from the standard library's per-process random hash keys
/// (no clock, no IO, no extra dependency). Good enough to spread retries; not cryptographic.
pub fn random_jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    fn decide(idempotent: bool, status: u16, h: &HeaderMap, n: u32) -> Decision {
        RetryPolicy::default().decide(
            idempotent,
            Outcome::Response {
                status: StatusCode::from_u16(status).unwrap(),
                headers: h,
            },
            n,
            0.0,
            SystemTime::UNIX_EPOCH,
        )
    }

    #[test]
    fn non_idempotent_operations_are_not_resent_after_possible_processing() {
        let none = HeaderMap::new();
        let policy = RetryPolicy::default();
        let epoch = SystemTime::UNIX_EPOCH;
        assert_eq!(decide(false, 500, &none, 0), Decision::Stop);
        assert_eq!(decide(false, 503, &none, 0), Decision::Stop);
        assert_eq!(
            policy.decide(false, Outcome::MaybeSent, 0, 0.0, epoch),
            Decision::Stop
        );
        assert!(matches!(
            policy.decide(false, Outcome::NotSent, 0, 0.0, epoch),
            Decision::RetryAfter(_)
        ));
        assert!(matches!(
            decide(false, 429, &none, 0),
            Decision::RetryAfter(_)
        ));
        assert!(matches!(
            decide(true, 503, &none, 0),
            Decision::RetryAfter(_)
        ));
        assert!(matches!(
            decide(true, 500, &none, 1),
            Decision::RetryAfter(_)
        ));
        assert_eq!(decide(true, 503, &none, 2), Decision::Stop);
        assert_eq!(decide(true, 404, &none, 0), Decision::Stop);
    }

    #[test]
    fn x_should_retry_never_resends_a_success() {
        let told = headers(&[("x-should-retry", "true")]);
        for status in [200, 201, 204, 304] {
            assert_eq!(decide(false, status, &told, 0), Decision::Stop, "{status}");
            assert_eq!(decide(true, status, &told, 0), Decision::Stop, "{status}");
        }
        assert!(matches!(
            decide(false, 400, &told, 0),
            Decision::RetryAfter(_)
        ));
    }

    #[test]
    fn server_hints_win() {
        assert_eq!(
            decide(true, 429, &headers(&[("retry-after", "7")]), 0),
            Decision::RetryAfter(Duration::from_secs(7))
        );
        assert_eq!(
            decide(true, 429, &headers(&[("retry-after-ms", "250")]), 0),
            Decision::RetryAfter(Duration::from_millis(250))
        );
        assert_eq!(
            decide(
                true,
                429,
                &headers(&[
                    ("retry-after", "Sun, 06 Nov 1994 08:49:47 GMT"),
                    ("date", "Sun, 06 Nov 1994 08:49:37 GMT")
                ]),
                0
            ),
            Decision::RetryAfter(Duration::from_secs(10))
        );
        // Beyond the cap: give up rather than hang.
        assert_eq!(
            decide(true, 429, &headers(&[("retry-after", "300")]), 0),
            Decision::Stop
        );
        assert_eq!(
            decide(true, 503, &headers(&[("x-should-retry", "false")]), 0),
            Decision::Stop
        );
    }

    #[test]
    fn a_retry_after_date_without_a_date_header_is_measured_against_the_given_clock() {
        let far = headers(&[("retry-after", "Thu, 01 Jan 2099 00:00:00 GMT")]);
        // Measured against the epoch, 2099 is far beyond the 60 s cap: stop, don't hammer.
        assert_eq!(decide(true, 429, &far, 0), Decision::Stop);
        let now = httpdate::parse_http_date("Thu, 01 Jan 2099 00:00:00 GMT").unwrap()
            - Duration::from_secs(3);
        assert_eq!(
            RetryPolicy::default().decide(
                true,
                Outcome::Response {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    headers: &far
                },
                0,
                0.0,
                now
            ),
            Decision::RetryAfter(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after_at(&far, Some(now)),
            Some(Duration::from_secs(3))
        );
        let j = random_jitter();
        assert!((0.0..1.0).contains(&j));
    }

    #[test]
    fn backoff_doubles_caps_and_jitters() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(p.backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(p.backoff(10, 0.0), Duration::from_secs(8));
        assert_eq!(p.backoff(100, 0.0), Duration::from_secs(8));
        assert_eq!(p.backoff(0, 1.0), Duration::from_millis(375));
        assert_eq!(p.backoff(0, f64::NAN), Duration::from_millis(500));
        let huge = RetryPolicy {
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        };
        assert!(huge.backoff(3, 0.999) <= Duration::MAX);
    }
}
