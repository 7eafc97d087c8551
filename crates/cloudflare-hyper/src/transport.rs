//! The hyper side of the client: one attempt (send, then read the body under the size cap) and
//! sorting hyper's failures into the core's [`Failure`]s, without leaking hyper's types into the
//! public error (they stay reachable only as a boxed `source`). The attempt's deadline is the
//! caller's (`tokio::time::timeout_at`); no retry, timeout or pagination decision is made here.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use cloudflare_core::error::TimeoutPhase;
use cloudflare_core::{Error, Failure};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;

type BoxError = Box<dyn StdError + Send + Sync>;

/// The pooled hyper client.
pub(crate) type Http = PooledClient<ConnectTimeout<HttpsConnector<HttpConnector>>, Full<Bytes>>;

/// A connector whose connections must be made (TCP connect and TLS handshake) within a timeout;
/// past it the connect fails with an `io::ErrorKind::TimedOut`, which becomes
/// [`Error::Timeout`] with [`TimeoutPhase::Connect`].
#[derive(Clone, Debug)]
pub(crate) struct ConnectTimeout<C> {
    inner: C,
    timeout: Duration,
}

impl<C> ConnectTimeout<C> {
    pub(crate) fn new(inner: C, timeout: Duration) -> Self {
        ConnectTimeout { inner, timeout }
    }
}

type Connecting<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;

impl<C> tower_service::Service<http::Uri> for ConnectTimeout<C>
where
    C: tower_service::Service<http::Uri>,
    C::Future: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = Connecting<C::Response>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connecting = self.inner.call(uri);
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, connecting).await {
                Ok(result) => result.map_err(Into::into),
                Err(_) => Err(Box::new(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "no connection (TCP and TLS) within the connect timeout of {timeout:?}"
                    ),
                )) as BoxError),
            }
        })
    }
}

/// Sends `request` once and reads the whole body within `max_body_size`.
pub(crate) async fn attempt(
    http: &Http,
    request: &http::Request<Vec<u8>>,
    max_body_size: u64,
    connect_timeout: Duration,
) -> Result<http::Response<Bytes>, Failure> {
    let response = http.request(to_hyper(request)).await.map_err(|e| {
        if e.is_connect() {
            Failure::NotSent(connect_error(Box::new(e), connect_timeout))
        } else {
            Failure::MaybeSent(Error::Transport {
                source: Chain::boxed(Box::new(e)),
            })
        }
    })?;
    let (parts, body) = response.into_parts();
    let too_large = || {
        Failure::Final(Error::BodyTooLarge {
            limit: max_body_size,
        })
    };
    if content_length(&parts.headers).is_some_and(|len| len > max_body_size) {
        return Err(too_large());
    }
    let limit = usize::try_from(max_body_size).unwrap_or(usize::MAX);
    let body = Limited::new(body, limit).collect().await.map_err(|e| {
        if e.is::<LengthLimitError>() {
            too_large()
        } else {
            Failure::MaybeSent(Error::Transport {
                source: Chain::boxed(e),
            })
        }
    })?;
    Ok(http::Response::from_parts(parts, body.to_bytes()))
}

/// A connect failure; one caused by the connect timeout is a [`Error::Timeout`] with
/// [`TimeoutPhase::Connect`].
fn connect_error(source: BoxError, connect_timeout: Duration) -> Error {
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

/// The hyper request for one attempt. Headers are cloned with their "sensitive" marks.
pub(crate) fn to_hyper(request: &http::Request<Vec<u8>>) -> hyper::Request<Full<Bytes>> {
    let mut out = hyper::Request::new(Full::new(Bytes::copy_from_slice(request.body())));
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.headers_mut() = request.headers().clone();
    out
}

fn content_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
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
        let refused = Outer(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "Connection refused",
        ));
        let err = connect_error(Box::new(refused), Duration::from_secs(1));
        assert!(matches!(err, Error::Connect { .. }));
        assert!(
            err.to_string()
                .contains("client error (Connect): Connection refused"),
            "{err}"
        );
        let timed_out = Outer(io::Error::new(io::ErrorKind::TimedOut, "connect timeout"));
        assert!(matches!(
            connect_error(Box::new(timed_out), Duration::from_secs(3)),
            Error::Timeout {
                phase: TimeoutPhase::Connect,
                elapsed
            } if elapsed == Duration::from_secs(3)
        ));
    }

    #[test]
    fn content_length_is_read_leniently() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(content_length(&headers), None);
        headers.insert(http::header::CONTENT_LENGTH, " 42 ".parse().unwrap());
        assert_eq!(content_length(&headers), Some(42));
        headers.insert(http::header::CONTENT_LENGTH, "x".parse().unwrap());
        assert_eq!(content_length(&headers), None);
    }
}
