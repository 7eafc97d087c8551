//! Turning hyper's failures into the core's [`Error`] and retry [`Outcome`], without leaking
//! hyper's types into the public error (they stay reachable only as a boxed `source`).

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::time::Duration;

use cloudflare_core::Error;
use cloudflare_core::error::TimeoutPhase;
use cloudflare_core::retry::Outcome;

type BoxError = Box<dyn StdError + Send + Sync>;

/// Why one attempt produced no complete response.
#[derive(Debug)]
pub(crate) enum AttemptFailure {
    /// The connection could not be made: the request was never sent.
    Connect(BoxError),
    /// The attempt (or the call's deadline) ran out of time.
    Timeout(TimeoutPhase, Duration),
    /// The exchange failed after the request may have been written.
    Transport(BoxError),
    /// The body is larger than the cap.
    TooLarge(u64),
}

impl AttemptFailure {
    /// What the retry policy should know about this failure.
    pub(crate) fn outcome(&self) -> Outcome<'static> {
        match self {
            AttemptFailure::Connect(_) => Outcome::NotSent,
            _ => Outcome::MaybeSent,
        }
    }

    /// Whether another attempt could possibly help.
    pub(crate) fn is_final(&self) -> bool {
        matches!(
            self,
            AttemptFailure::TooLarge(_) | AttemptFailure::Timeout(TimeoutPhase::Deadline, _)
        )
    }

    /// The public error. A connect failure caused by the connect timeout is a
    /// [`Error::Timeout`] with [`TimeoutPhase::Connect`].
    pub(crate) fn into_error(self, connect_timeout: Duration) -> Error {
        match self {
            AttemptFailure::Connect(source) => {
                if has_timed_out(&*source) {
                    Error::Timeout {
                        phase: TimeoutPhase::Connect,
                        elapsed: connect_timeout,
                    }
                } else {
                    Error::Connect {
                        source: Chain::boxed(source),
                    }
                }
            }
            AttemptFailure::Timeout(phase, elapsed) => Error::Timeout { phase, elapsed },
            AttemptFailure::Transport(source) => Error::Transport {
                source: Chain::boxed(source),
            },
            AttemptFailure::TooLarge(limit) => Error::BodyTooLarge { limit },
        }
    }

    /// A short description for logs (no URLs, no headers).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            AttemptFailure::Connect(_) => "connect",
            AttemptFailure::Timeout(..) => "timeout",
            AttemptFailure::Transport(_) => "transport",
            AttemptFailure::TooLarge(_) => "body too large",
        }
    }
}

/// Whether an `io::ErrorKind::TimedOut` appears anywhere in the chain.
fn has_timed_out(error: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// A transport error whose message is its whole chain ("client error (Connect): tcp connect
/// error: Connection refused (os error 111)"), since hyper-util's own message names only the
/// kind. The original error stays available through [`StdError::source`].
struct Chain {
    message: String,
    inner: BoxError,
}

impl Chain {
    fn boxed(inner: BoxError) -> BoxError {
        let mut message = inner.to_string();
        let mut current = inner.source();
        while let Some(e) = current {
            let text = e.to_string();
            if !message.ends_with(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            current = e.source();
        }
        Box::new(Chain { message, inner })
    }
}

impl fmt::Debug for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for Chain {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(io::Error);
    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("client error (Connect)")
        }
    }
    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn connect_failures_name_their_cause() {
        let refused = AttemptFailure::Connect(Box::new(Outer(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "Connection refused",
        ))));
        assert!(matches!(refused.outcome(), Outcome::NotSent));
        let err = refused.into_error(Duration::from_secs(1));
        assert!(matches!(err, Error::Connect { .. }));
        assert!(
            err.to_string()
                .contains("client error (Connect): Connection refused"),
            "{err}"
        );
        let timed_out = AttemptFailure::Connect(Box::new(Outer(io::Error::new(
            io::ErrorKind::TimedOut,
            "connect timeout",
        ))));
        assert!(matches!(
            timed_out.into_error(Duration::from_secs(3)),
            Error::Timeout {
                phase: TimeoutPhase::Connect,
                elapsed
            } if elapsed == Duration::from_secs(3)
        ));
    }

    #[test]
    fn other_failures_may_have_been_sent() {
        let t = AttemptFailure::Timeout(TimeoutPhase::Attempt, Duration::from_millis(5));
        assert!(matches!(t.outcome(), Outcome::MaybeSent));
        assert!(!t.is_final());
        assert!(AttemptFailure::TooLarge(3).is_final());
        assert!(AttemptFailure::Timeout(TimeoutPhase::Deadline, Duration::ZERO).is_final());
        assert!(matches!(
            AttemptFailure::TooLarge(3).into_error(Duration::ZERO),
            Error::BodyTooLarge { limit: 3 }
        ));
    }
}
