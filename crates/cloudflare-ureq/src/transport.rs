//! The ureq side of the client: the agent, one attempt under its deadline, and sorting ureq's
//! failures into the core's [`Failure`]s. No retry, timeout or pagination decision is made here:
//! the core's [`cloudflare_core::Call`] makes them all. Nothing here knows any operation.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use cloudflare_core::error::TimeoutPhase;
use cloudflare_core::{ClientOptions, Error, Failure, RequestError};
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use http::{Method, Request, Response, Uri};
use ureq::Agent;

use cloudflare_core::proxy::Proxy;
use cloudflare_core::tls::RootCertificates;

use crate::tls_setup;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// How this transport names itself in the default `User-Agent`.
pub(crate) const TRANSPORT_NAME: &str = "ureq 3";

/// Builds the one agent a client uses: no status-as-error, no redirects, rustls with the
/// features' provider and the trusted roots (the built-in ones and any added ones), the connect timeout (TCP and TLS), and
/// the resolver below, and the proxy for the base URL (never ureq's own reading of the
/// environment: [`Proxy`] has read it already, the same way as the async client).
pub(crate) fn build_agent(
    options: &ClientOptions,
    user_agent: &str,
    extra_roots: &RootCertificates,
    built_in_roots: bool,
    proxy: &Proxy,
) -> Result<Agent, Error> {
    let proxy = ureq_proxy(options, proxy)?;
    let root_certs: Vec<_> = tls_setup::trusted_roots(extra_roots, built_in_roots)?
        .into_iter()
        .map(|der| ureq::tls::Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .root_certs(ureq::tls::RootCerts::from(root_certs))
        .disable_verification(false)
        // Passed explicitly: never a process-level default another crate may have installed.
        .unversioned_rustls_crypto_provider(tls_setup::provider())
        .build();
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(options.connect_timeout))
        // Keep a connection per page a listing has in flight (ureq keeps 3 per host by
        // default), so concurrent listings reuse connections instead of opening new ones.
        .max_idle_connections_per_host(options.page_concurrency.max(3))
        .max_idle_connections(options.page_concurrency.max(10))
        .tls_config(tls)
        .proxy(proxy)
        // Also what an HTTP proxy sees on CONNECT; requests carry their own header.
        .user_agent(user_agent)
        .build();
    Ok(Agent::with_parts(
        config,
        DefaultConnector::default(),
        CachingResolver::default(),
    ))
}

/// The ureq proxy for the client's base URL, if its requests go through one.
fn ureq_proxy(options: &ClientOptions, proxy: &Proxy) -> Result<Option<ureq::Proxy>, Error> {
    let base: Uri = options
        .config
        .base_url()
        .as_str()
        .parse()
        .map_err(|e: http::uri::InvalidUri| Error::Configuration { source: e.into() })?;
    let Some(url) = proxy.for_uri(&base) else {
        return Ok(None);
    };
    let mut builder = ureq::Proxy::builder(ureq::ProxyProtocol::Http)
        .host(url.host())
        .port(url.port());
    if let Some((user, password)) = url.credentials() {
        builder = builder.username(user).password(password);
    }
    // ureq's error says nothing of the URL; ours names it with the credentials redacted.
    let built = builder.build().map_err(|e| Error::Configuration {
        source: format!("proxy {url:?} refused by ureq: {e}").into(),
    })?;
    Ok(Some(built))
}

/// How long resolved addresses are reused.
const DNS_TTL: Duration = Duration::from_secs(30);

/// Name resolution bounded by the attempt's deadline, without ureq's cost.
///
/// ureq resolves the host on every request, pooled connection or not, and with any timeout set
/// its default resolver spawns a thread per lookup (0.1-0.3 ms per request). This one answers
/// IP literals at once, reuses a name's addresses for 30 s, and only on a miss spawns the lookup
/// thread, waiting for it no longer than the attempt has left.
#[derive(Default)]
struct CachingResolver {
    cache: Mutex<HashMap<String, (Instant, Vec<SocketAddr>)>>,
}

impl fmt::Debug for CachingResolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingResolver").finish_non_exhaustive()
    }
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let authority = uri.authority().ok_or(ureq::Error::HostNotFound)?;
        let port = authority
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("http") {
                80
            } else {
                443
            });
        let host = authority.host();
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        let mut out = self.empty();
        if let Ok(ip) = literal.parse::<IpAddr>() {
            out.push(SocketAddr::new(ip, port));
            return Ok(out);
        }
        let key = format!("{host}:{port}");
        let now = Instant::now();
        let cached = {
            let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            cache
                .get(&key)
                .filter(|(at, _)| now.duration_since(*at) < DNS_TTL)
                .map(|(_, addrs)| addrs.clone())
        };
        let addrs = match cached {
            Some(addrs) => addrs,
            None => {
                let (tx, rx) = mpsc::channel();
                let name = key.clone();
                std::thread::Builder::new()
                    .name("cloudflare-dns".into())
                    .spawn(move || {
                        let _ = tx.send(name.to_socket_addrs().map(Iterator::collect::<Vec<_>>));
                    })
                    .map_err(ureq::Error::Io)?;
                let wait = if timeout.after.is_not_happening() {
                    Duration::from_secs(3600)
                } else {
                    *timeout.after
                };
                let addrs = match rx.recv_timeout(wait) {
                    Ok(result) => result.map_err(ureq::Error::Io)?,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        return Err(ureq::Error::Timeout(timeout.reason));
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(ureq::Error::HostNotFound);
                    }
                };
                let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
                cache.retain(|_, (at, _)| now.duration_since(*at) < DNS_TTL);
                cache.insert(key, (now, addrs.clone()));
                addrs
            }
        };
        for addr in config.ip_family().keep_wanted(addrs.into_iter()).take(16) {
            out.push(addr);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
    }
}

/// Why an attempt produced no response.
#[derive(Debug)]
pub(crate) enum AttemptError {
    /// It reached the end the call allowed it ([`cloudflare_core::Call::on_timeout`]).
    TimedOut,
    /// It failed otherwise.
    Failed(Failure),
}

/// Sends `request` once and reads the whole response (capped at `max_body_size`), all of it
/// (name resolution included) over by `ends_by`.
pub(crate) fn attempt(
    agent: &Agent,
    request: &Request<Vec<u8>>,
    ends_by: Instant,
    max_body_size: u64,
) -> Result<Response<Vec<u8>>, AttemptError> {
    let timeout = ends_by.saturating_duration_since(Instant::now());
    if timeout.is_zero() {
        return Err(AttemptError::TimedOut);
    }
    let sent = if bodiless(request) {
        run(agent, build(request, ()), timeout)
    } else {
        run(agent, build(request, request.body().as_slice()), timeout)
    };
    let response = sent.map_err(|e| classify(e, Stage::Exchange))?;
    let (parts, mut body) = response.into_parts();

    let limit = max_body_size;
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
        return Err(too_large(limit));
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
        return Err(classify(ureq::Error::from(e), Stage::Body));
    }
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    let mut out = Response::new(bytes);
    *out.status_mut() = parts.status;
    *out.version_mut() = parts.version;
    *out.headers_mut() = parts.headers;
    Ok(out)
}

fn too_large(limit: u64) -> AttemptError {
    AttemptError::Failed(Failure::Final(Error::BodyTooLarge { limit }))
}

/// The attempt's copy of the request, with the body type ureq wants.
fn build<B>(request: &Request<Vec<u8>>, body: B) -> Request<B> {
    let mut out = Request::new(body);
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.headers_mut() = request.headers().clone();
    out
}

/// Methods that carry no body when the operation gives none (no `Content-Length: 0`).
fn bodiless(request: &Request<Vec<u8>>) -> bool {
    request.body().is_empty()
        && matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::DELETE | Method::OPTIONS
        )
}

fn run<S: ureq::AsSendBody>(
    agent: &Agent,
    request: Request<S>,
    timeout: Duration,
) -> Result<Response<ureq::Body>, ureq::Error> {
    // The whole attempt, resolution to last body byte, within what the call allows. Statuses
    // and redirects are the core's to read, also with an agent the caller built.
    let request = agent
        .configure_request(request)
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
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

/// Sorts a ureq error into what the call needs: timed out, or how it failed.
/// Whether rustls refused the server's certificate. ureq's TLS stream shakes hands on the first
/// write, so the refusal surfaces as an IO error of the exchange; but certificates are verified
/// before any request byte is encrypted, so the request was never sent (as in the async client,
/// where the handshake is part of connecting).
fn is_certificate_refused(error: &io::Error) -> bool {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .is_some_and(|e| matches!(e, rustls::Error::InvalidCertificate(_)))
}

fn classify(error: ureq::Error, stage: Stage) -> AttemptError {
    let not_sent = |error: Error| AttemptError::Failed(Failure::NotSent(error));
    let maybe_sent = |error: ureq::Error| {
        AttemptError::Failed(Failure::MaybeSent(Error::Transport {
            source: Box::new(error),
        }))
    };
    let connect = |error: ureq::Error| {
        not_sent(Error::Connect {
            source: Box::new(error),
        })
    };
    let fatal = |error: Error| AttemptError::Failed(Failure::Final(error));

    match error {
        ureq::Error::Timeout(ureq::Timeout::Global | ureq::Timeout::PerCall) => {
            AttemptError::TimedOut
        }
        ureq::Error::Timeout(ureq::Timeout::Resolve | ureq::Timeout::Connect)
            if stage == Stage::Exchange =>
        {
            not_sent(Error::Timeout {
                phase: TimeoutPhase::Connect,
                elapsed: Duration::ZERO,
            })
        }
        ureq::Error::Timeout(_) => AttemptError::TimedOut,
        ureq::Error::Io(ref e) if is_timeout(e) => AttemptError::TimedOut,
        ureq::Error::BodyExceedsLimit(limit) => fatal(Error::BodyTooLarge {
            limit: limit.saturating_sub(1),
        }),
        ureq::Error::Io(ref e)
            if stage == Stage::Exchange && (is_connect_failure(e) || is_certificate_refused(e)) =>
        {
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
        ureq::Error::InvalidProxyUrl => fatal(Error::Connect {
            source: Box::new(error),
        }),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) | ureq::Error::RequireHttpsOnly(_) => fatal(
            Error::InvalidRequest(RequestError::InvalidUri(error.to_string())),
        ),
        // The server's answer is malformed in a way a retry will not fix.
        ureq::Error::LargeResponseHeader(..) => fatal(Error::Transport {
            source: Box::new(error),
        }),
        // Resets, truncation, protocol errors, decompression failures and anything new.
        _ => maybe_sent(error),
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

    fn failure(e: AttemptError) -> Failure {
        match e {
            AttemptError::Failed(f) => f,
            AttemptError::TimedOut => panic!("timed out"),
        }
    }

    #[test]
    fn sorts_errors_by_whether_the_request_left() {
        let refused = ureq::Error::Io(io::ErrorKind::ConnectionRefused.into());
        assert!(matches!(
            failure(classify(refused, Stage::Exchange)),
            Failure::NotSent(Error::Connect { .. })
        ));
        assert!(matches!(
            failure(classify(ureq::Error::HostNotFound, Stage::Exchange)),
            Failure::NotSent(_)
        ));
        assert!(matches!(
            failure(classify(
                ureq::Error::Timeout(ureq::Timeout::Connect),
                Stage::Exchange
            )),
            Failure::NotSent(Error::Timeout {
                phase: TimeoutPhase::Connect,
                ..
            })
        ));
        let eof = ureq::Error::Io(io::ErrorKind::UnexpectedEof.into());
        assert!(matches!(
            failure(classify(eof, Stage::Body)),
            Failure::MaybeSent(Error::Transport { .. })
        ));
        assert!(matches!(
            classify(ureq::Error::Timeout(ureq::Timeout::Global), Stage::Body),
            AttemptError::TimedOut
        ));
        assert!(matches!(
            classify(ureq::Error::Timeout(ureq::Timeout::RecvBody), Stage::Body),
            AttemptError::TimedOut
        ));
        assert!(matches!(
            failure(classify(ureq::Error::BodyExceedsLimit(11), Stage::Body)),
            Failure::Final(Error::BodyTooLarge { limit: 10 })
        ));
        assert!(matches!(
            failure(classify(ureq::Error::InvalidProxyUrl, Stage::Exchange)),
            Failure::Final(_)
        ));
    }

    #[test]
    fn bodiless_only_for_empty_reads() {
        assert!(bodiless(&Request::new(Vec::new())));
        let mut post = Request::new(Vec::new());
        *post.method_mut() = Method::POST;
        assert!(!bodiless(&post));
    }

    #[test]
    fn ip_literals_resolve_without_a_lookup() {
        let resolver = CachingResolver::default();
        let config = ureq::config::Config::default();
        for (uri, want) in [
            ("http://127.0.0.1:8080/x", "127.0.0.1:8080"),
            ("https://[::1]/x", "[::1]:443"),
        ] {
            let uri: Uri = uri.parse().unwrap();
            let timeout = NextTimeout {
                after: ureq::unversioned::transport::time::Duration::from_secs(1),
                reason: ureq::Timeout::Resolve,
                per_read: None,
                per_write: None,
            };
            let addrs = resolver.resolve(&uri, &config, timeout).unwrap();
            assert_eq!(addrs[0], want.parse::<SocketAddr>().unwrap());
        }
        assert!(resolver.cache.lock().unwrap().is_empty());
    }
}
