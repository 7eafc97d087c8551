//! The ureq side of the client: building the agent, running one attempt, and sorting ureq's
//! failures into the core's [`Error`] plus what the retry policy needs to know (was the request
//! possibly sent?). Nothing here knows any operation.

use std::io::{self, Read};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudflare_core::error::TimeoutPhase;
use cloudflare_core::{ClientOptions, Error, RequestError};
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use http::{HeaderMap, Method, Request, Response, Uri};
use ureq::Agent;

/// How this transport names itself in the default `User-Agent`.
pub(crate) const TRANSPORT_NAME: &str = "ureq 3";

/// Builds the one agent a client uses: no status-as-error, no redirects, rustls with `ring`
/// and webpki roots, the connect timeout and (as a default) the per-attempt timeout.
pub(crate) fn build_agent(options: &ClientOptions, user_agent: &str) -> Agent {
    // Pass the provider explicitly: never depend on a process-level default that another
    // crate in the same program may have installed (or made ambiguous).
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .root_certs(ureq::tls::RootCerts::WebPki)
        .disable_verification(false)
        .unversioned_rustls_crypto_provider(provider)
        .build();
    Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(options.connect_timeout))
        // The per-attempt timeout bounds each phase of an exchange. ureq's `timeout_global`
        // would bound the whole attempt but costs ~0.1-0.3 ms per request (measured with
        // `cargo bench -p cloudflare-benches --bench clients`), so it is set only on attempts
        // that an overall deadline cuts short (see `run`).
        .timeout_send_request(Some(options.attempt_timeout))
        .timeout_send_body(Some(options.attempt_timeout))
        .timeout_recv_response(Some(options.attempt_timeout))
        .timeout_recv_body(Some(options.attempt_timeout))
        .tls_config(tls)
        // Also what an HTTP proxy sees on CONNECT; requests carry their own header.
        .user_agent(user_agent)
        .build()
        .new_agent()
}

/// A request kept in parts so it can be sent again on a retry.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Prepared {
    pub(crate) fn new(request: Request<Vec<u8>>) -> Self {
        let (parts, body) = request.into_parts();
        Prepared {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        }
    }

    fn build<B>(&self, body: B) -> Request<B> {
        let mut request = Request::new(body);
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }

    /// Methods that carry no body when the operation gives none (no `Content-Length: 0`).
    fn bodiless(&self) -> bool {
        self.body.is_empty()
            && matches!(
                self.method,
                Method::GET | Method::HEAD | Method::DELETE | Method::OPTIONS
            )
    }
}

/// Whether a failed attempt may have reached the server, for [`cloudflare_core::Outcome`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sent {
    /// The request never left (refused, DNS, connect timeout, TLS handshake).
    Not,
    /// It may have been processed (reset, read timeout, truncated body).
    Maybe,
}

/// A failed attempt: the error to report, and whether the retry policy may be asked about it
/// (`None`: report at once, retrying cannot help).
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) sent: Option<Sent>,
    pub(crate) error: Error,
}

impl Failure {
    fn fatal(error: Error) -> Self {
        Failure { sent: None, error }
    }
}

/// The limits of one attempt.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttemptLimits {
    /// Time allowed for the attempt (already clamped to the overall deadline).
    pub(crate) timeout: Duration,
    /// Whether `timeout` is what remained of the overall deadline.
    pub(crate) deadline_bound: bool,
    /// When the whole call started (for deadline errors).
    pub(crate) call_started: Instant,
    /// Largest body accepted.
    pub(crate) max_body_size: u64,
}

/// Sends `request` once and reads the whole response (capped).
pub(crate) fn attempt(
    agent: &Agent,
    request: &Prepared,
    limits: AttemptLimits,
) -> Result<Response<Vec<u8>>, Failure> {
    let started = Instant::now();
    let sent = if request.bodiless() {
        run(agent, request.build(()), limits)
    } else {
        run(agent, request.build(request.body.as_slice()), limits)
    };
    let response = sent.map_err(|e| classify(e, Stage::Exchange, started, limits))?;
    let (parts, mut body) = response.into_parts();

    let limit = limits.max_body_size;
    let identity = parts
        .headers
        .get(CONTENT_ENCODING)
        .is_none_or(|v| v.as_bytes().eq_ignore_ascii_case(b"identity"));
    let announced = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if identity && announced.is_some_and(|len| len > limit) {
        return Err(Failure::fatal(Error::BodyTooLarge { limit }));
    }
    // Two caps: ureq's limit counts the bytes on the wire (before gzip decoding), `take` counts
    // the decoded bytes, so a small compressed body cannot inflate past the cap. Both allow one
    // byte more than the cap (ureq's limit refuses a body of exactly its size), then the length
    // is checked here. ureq's own 10 MiB default applies only to `Body::read_to_vec`.
    let allowance = limit.saturating_add(1);
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0).min(limit).min(1 << 20) as usize);
    let read = body
        .with_config()
        .limit(allowance)
        .reader()
        .take(allowance)
        .read_to_end(&mut bytes);
    if let Err(e) = read {
        // ureq's errors travel inside `io::Error`; this unwraps them again.
        return Err(classify(ureq::Error::from(e), Stage::Body, started, limits));
    }
    if bytes.len() as u64 > limit {
        return Err(Failure::fatal(Error::BodyTooLarge { limit }));
    }

    let mut out = Response::new(bytes);
    *out.status_mut() = parts.status;
    *out.version_mut() = parts.version;
    *out.headers_mut() = parts.headers;
    Ok(out)
}

fn run<S: ureq::AsSendBody>(
    agent: &Agent,
    request: Request<S>,
    limits: AttemptLimits,
) -> Result<Response<ureq::Body>, ureq::Error> {
    if !limits.deadline_bound {
        return agent.run(request);
    }
    // Only what is left before the overall deadline: bound the whole attempt.
    let request = agent
        .configure_request(request)
        .timeout_global(Some(limits.timeout))
        .build();
    agent.run(request)
}

/// Where an error happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Connecting, sending, or waiting for the response head.
    Exchange,
    /// Reading the response body: the request was certainly sent.
    Body,
}

/// Sorts a ureq error into the core's error and what the retry policy needs.
fn classify(error: ureq::Error, stage: Stage, started: Instant, limits: AttemptLimits) -> Failure {
    let elapsed = started.elapsed();
    let timeout = |phase: TimeoutPhase, sent: Sent| -> Failure {
        if limits.deadline_bound && phase == TimeoutPhase::Attempt {
            // The attempt was cut short by the overall deadline: nothing is left to retry in.
            return Failure::fatal(Error::Timeout {
                phase: TimeoutPhase::Deadline,
                elapsed: limits.call_started.elapsed(),
            });
        }
        Failure {
            sent: Some(sent),
            error: Error::Timeout { phase, elapsed },
        }
    };
    let connect = |error: ureq::Error| Failure {
        sent: Some(Sent::Not),
        error: Error::Connect {
            source: Box::new(error),
        },
    };
    let transport = |error: ureq::Error| Failure {
        sent: Some(Sent::Maybe),
        error: Error::Transport {
            source: Box::new(error),
        },
    };

    match error {
        ureq::Error::Timeout(kind) => match kind {
            ureq::Timeout::Resolve | ureq::Timeout::Connect if stage == Stage::Exchange => {
                timeout(TimeoutPhase::Connect, Sent::Not)
            }
            _ => timeout(TimeoutPhase::Attempt, Sent::Maybe),
        },
        ureq::Error::BodyExceedsLimit(_) => Failure::fatal(Error::BodyTooLarge {
            limit: limits.max_body_size,
        }),
        ureq::Error::Io(ref e) if is_timeout(e) => timeout(TimeoutPhase::Attempt, Sent::Maybe),
        ureq::Error::Io(ref e) if stage == Stage::Exchange && is_connect_failure(e) => {
            connect(error)
        }
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::ConnectProxyFailed(_)
        | ureq::Error::Tls(_)
        | ureq::Error::TlsRequired
        | ureq::Error::Rustls(_)
        | ureq::Error::Pem(_)
            if stage == Stage::Exchange =>
        {
            connect(error)
        }
        // Configuration problems: retrying cannot help.
        ureq::Error::InvalidProxyUrl => Failure::fatal(Error::Connect {
            source: Box::new(error),
        }),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) | ureq::Error::RequireHttpsOnly(_) => {
            Failure::fatal(Error::InvalidRequest(RequestError::InvalidUri(
                error.to_string(),
            )))
        }
        // The server's answer is malformed in a way a retry will not fix.
        ureq::Error::LargeResponseHeader(..) => Failure::fatal(Error::Transport {
            source: Box::new(error),
        }),
        // Resets, truncation, protocol errors, decompression failures and anything new.
        _ => transport(error),
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// I/O errors that mean no connection was made, so nothing was sent.
fn is_connect_failure(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::AddrNotAvailable
            | io::ErrorKind::AddrInUse
            | io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkDown
            | io::ErrorKind::PermissionDenied
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(deadline_bound: bool) -> AttemptLimits {
        AttemptLimits {
            timeout: Duration::from_secs(1),
            deadline_bound,
            call_started: Instant::now(),
            max_body_size: 10,
        }
    }

    #[test]
    fn sorts_errors_by_whether_the_request_left() {
        let now = Instant::now();
        let refused = ureq::Error::Io(io::ErrorKind::ConnectionRefused.into());
        let f = classify(refused, Stage::Exchange, now, limits(false));
        assert_eq!(f.sent, Some(Sent::Not));
        assert!(matches!(f.error, Error::Connect { .. }));

        let f = classify(
            ureq::Error::HostNotFound,
            Stage::Exchange,
            now,
            limits(false),
        );
        assert_eq!(f.sent, Some(Sent::Not));

        let f = classify(
            ureq::Error::Timeout(ureq::Timeout::Connect),
            Stage::Exchange,
            now,
            limits(false),
        );
        assert_eq!(f.sent, Some(Sent::Not));
        assert!(matches!(
            f.error,
            Error::Timeout {
                phase: TimeoutPhase::Connect,
                ..
            }
        ));

        let eof = ureq::Error::Io(io::ErrorKind::UnexpectedEof.into());
        let f = classify(eof, Stage::Body, now, limits(false));
        assert_eq!(f.sent, Some(Sent::Maybe));
        assert!(matches!(f.error, Error::Transport { .. }));

        let f = classify(
            ureq::Error::Timeout(ureq::Timeout::Global),
            Stage::Exchange,
            now,
            limits(false),
        );
        assert_eq!(f.sent, Some(Sent::Maybe));
        assert!(matches!(
            f.error,
            Error::Timeout {
                phase: TimeoutPhase::Attempt,
                ..
            }
        ));

        let f = classify(
            ureq::Error::Timeout(ureq::Timeout::Global),
            Stage::Body,
            now,
            limits(true),
        );
        assert_eq!(f.sent, None);
        assert!(matches!(
            f.error,
            Error::Timeout {
                phase: TimeoutPhase::Deadline,
                ..
            }
        ));

        let f = classify(
            ureq::Error::BodyExceedsLimit(11),
            Stage::Body,
            now,
            limits(false),
        );
        assert_eq!(f.sent, None);
        assert!(matches!(f.error, Error::BodyTooLarge { limit: 10 }));

        let f = classify(
            ureq::Error::InvalidProxyUrl,
            Stage::Exchange,
            now,
            limits(false),
        );
        assert_eq!(f.sent, None);
    }

    #[test]
    fn bodiless_only_for_empty_reads() {
        let get = Prepared::new(Request::new(Vec::new()));
        assert!(get.bodiless());
        let mut post = Request::new(Vec::new());
        *post.method_mut() = Method::POST;
        assert!(!Prepared::new(post).bodiless());
    }
}
