//! The hyper side of the client: one attempt (send, then read the body under the size cap,
//! decoding gzip) and
//! sorting hyper's failures into the core's [`Failure`]s, without leaking hyper's types into the
//! public error (they stay reachable only as a boxed `source`). The attempt's deadline is the
//! caller's (`tokio::time::timeout_at`); no retry, timeout or pagination decision is made here.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use cloudflare_core::error::TimeoutPhase;
use cloudflare_core::{Error, Failure};
use flate2::write::GzDecoder;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use cloudflare_core::proxy::Proxy;

type BoxError = Box<dyn StdError + Send + Sync>;

/// The pooled hyper client.
pub(crate) type Http = PooledClient<ConnectTimeout<Connector>, Full<Bytes>>;

/// What a connection must be for hyper: readable, writable, and able to say what it is
/// ([`Connected`]: HTTP/2 negotiated, proxied).
pub(crate) trait Io: hyper::rt::Read + hyper::rt::Write + Connection + Send + Unpin {}

impl<T: hyper::rt::Read + hyper::rt::Write + Connection + Send + Unpin> Io for T {}

/// Any connector (the client's own, TLS over [`Proxied`], or one the caller built), its
/// connections boxed: one allocation per connection, none per request.
#[derive(Clone)]
pub(crate) struct Connector(Arc<dyn Fn(http::Uri) -> Connecting<BoxedIo> + Send + Sync>);

impl Connector {
    pub(crate) fn new<C>(connector: C) -> Self
    where
        C: tower_service::Service<http::Uri> + Clone + Send + Sync + 'static,
        C::Response: Io + 'static,
        C::Error: Into<BoxError>,
        C::Future: Send + 'static,
    {
        Connector(Arc::new(move |uri| {
            let mut connector = connector.clone();
            Box::pin(async move {
                std::future::poll_fn(|cx| connector.poll_ready(cx))
                    .await
                    .map_err(Into::into)?;
                let io = connector.call(uri).await.map_err(Into::into)?;
                Ok(BoxedIo(Box::new(io)))
            })
        }))
    }
}

impl fmt::Debug for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Connector")
    }
}

impl tower_service::Service<http::Uri> for Connector {
    type Response = BoxedIo;
    type Error = BoxError;
    type Future = Connecting<BoxedIo>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        (self.0)(uri)
    }
}

/// A connection of any [`Connector`].
pub(crate) struct BoxedIo(Box<dyn Io>);

impl Connection for BoxedIo {
    fn connected(&self) -> Connected {
        self.0.connected()
    }
}

impl hyper::rt::Read for BoxedIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.get_mut().0).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for BoxedIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.get_mut().0).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.get_mut().0).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.get_mut().0).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.get_mut().0).poll_write_vectored(cx, bufs)
    }
}

/// The TCP connector under TLS, going through the [`Proxy`] where it says: to an `https://`
/// destination through a `CONNECT` tunnel (hyper-util's [`Tunnel`], credentials on the
/// `CONNECT`), over which hyper-rustls then shakes hands with the destination itself; to an
/// `http://` one by connecting to the proxy and marking the connection as proxied, so hyper
/// sends absolute-form request URIs (the credentials then go on each request, see
/// [`attempt`]); elsewhere directly.
#[derive(Clone, Debug)]
pub(crate) struct Proxied {
    tcp: HttpConnector,
    proxy: Arc<Proxy>,
}

impl Proxied {
    pub(crate) fn new(tcp: HttpConnector, proxy: Arc<Proxy>) -> Self {
        Proxied { tcp, proxy }
    }
}

impl tower_service::Service<http::Uri> for Proxied {
    type Response = ProxyStream;
    type Error = BoxError;
    type Future = Connecting<ProxyStream>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        tower_service::Service::<http::Uri>::poll_ready(&mut self.tcp, cx).map_err(Into::into)
    }

    fn call(&mut self, dst: http::Uri) -> Self::Future {
        let route = self.proxy.for_uri(&dst).cloned();
        let mut tcp = self.tcp.clone();
        Box::pin(async move {
            let (io, forward) = match route {
                None => (tcp.call(dst).await?, false),
                Some(proxy) if dst.scheme_str() == Some("https") => {
                    let mut tunnel = Tunnel::new(proxy.uri()?, tcp);
                    if let Some(authorization) = proxy.authorization() {
                        tunnel = tunnel.with_auth(authorization);
                    }
                    (tunnel.call(dst).await?, false)
                }
                Some(proxy) => (tcp.call(proxy.uri()?).await?, true),
            };
            Ok(ProxyStream { io, forward })
        })
    }
}

/// A TCP connection, to the destination, to it through a tunnel, or to a forward proxy
/// (`forward`, which hyper is told through [`Connected::proxy`]).
#[derive(Debug)]
pub(crate) struct ProxyStream {
    io: TokioIo<TcpStream>,
    forward: bool,
}

impl Connection for ProxyStream {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.forward)
    }
}

impl hyper::rt::Read for ProxyStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for ProxyStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
}

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
///
/// The request asks for gzip (`accept-encoding: gzip`, unless the caller set its own
/// `accept-encoding`); a gzip body is decoded as it arrives, and the cap applies both to the
/// bytes on the wire and to the decoded bytes, so a small compressed body cannot inflate past it.
///
/// A plain `http://` request that goes to a forward proxy carries the proxy's credentials as
/// `Proxy-Authorization` (marked sensitive); through a tunnel they were on the `CONNECT`.
pub(crate) async fn attempt(
    http: &Http,
    request: &http::Request<Vec<u8>>,
    max_body_size: u64,
    connect_timeout: Duration,
    proxy: &Proxy,
) -> Result<http::Response<Bytes>, Failure> {
    let mut outgoing = to_hyper(request);
    let authorization = match request.uri().scheme_str() {
        Some("http") => proxy
            .for_uri(request.uri())
            .and_then(|proxy| proxy.authorization()),
        _ => None,
    };
    if let Some(authorization) = authorization {
        outgoing
            .headers_mut()
            .insert(http::header::PROXY_AUTHORIZATION, authorization);
    }
    let response = http.request(outgoing).await.map_err(|e| {
        if e.is_connect() {
            Failure::NotSent(connect_error(Box::new(e), connect_timeout))
        } else {
            Failure::MaybeSent(Error::Transport {
                source: Chain::boxed(Box::new(e)),
            })
        }
    })?;
    let (mut parts, body) = response.into_parts();
    if content_length(&parts.headers).is_some_and(|len| len > max_body_size) {
        return Err(too_large(max_body_size));
    }
    let gzip = is_gzip(&parts.headers);
    let limit = usize::try_from(max_body_size).unwrap_or(usize::MAX);
    let mut body = Limited::new(body, limit);
    let mut sink = if gzip {
        Sink::Gzip(Box::new(GzDecoder::new(Capped::new(limit))))
    } else {
        Sink::Identity(Vec::new())
    };
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            if e.is::<LengthLimitError>() {
                too_large(max_body_size)
            } else {
                Failure::MaybeSent(Error::Transport {
                    source: Chain::boxed(e),
                })
            }
        })?;
        if let Ok(data) = frame.into_data() {
            sink.write(data, max_body_size)?;
        }
    }
    let bytes = sink.finish(max_body_size)?;
    if gzip {
        // The body is no longer the encoded one these headers describe.
        parts.headers.remove(http::header::CONTENT_ENCODING);
        parts.headers.remove(http::header::CONTENT_LENGTH);
    }
    Ok(http::Response::from_parts(parts, bytes))
}

fn too_large(limit: u64) -> Failure {
    Failure::Final(Error::BodyTooLarge { limit })
}

/// Whether the response body is gzip-encoded (`gzip` or its old alias `x-gzip`).
fn is_gzip(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.trim();
            v.eq_ignore_ascii_case("gzip") || v.eq_ignore_ascii_case("x-gzip")
        })
}

/// Where the body's bytes go: kept as the frames they came in (the [`Limited`] body caps
/// them), or decoded from gzip into a capped buffer.
enum Sink {
    Identity(Vec<Bytes>),
    Gzip(Box<GzDecoder<Capped>>),
}

impl Sink {
    fn write(&mut self, data: Bytes, limit: u64) -> Result<(), Failure> {
        match self {
            Sink::Identity(frames) => {
                frames.push(data);
                Ok(())
            }
            Sink::Gzip(decoder) => decoder.write_all(&data).map_err(|e| body_error(e, limit)),
        }
    }

    /// The whole body: the one frame as it is (no copy), or the frames joined.
    fn finish(self, limit: u64) -> Result<Bytes, Failure> {
        match self {
            Sink::Identity(mut frames) if frames.len() <= 1 => Ok(frames.pop().unwrap_or_default()),
            Sink::Identity(frames) => Ok(Bytes::from(frames.concat())),
            Sink::Gzip(decoder) => decoder
                .finish()
                .map(|capped| Bytes::from(capped.bytes))
                .map_err(|e| body_error(e, limit)),
        }
    }
}

/// A decoding or capping failure: past the cap it is [`Error::BodyTooLarge`]; a damaged or
/// truncated gzip stream is a transport error (the bytes received are not the whole answer).
fn body_error(error: io::Error, limit: u64) -> Failure {
    if error.get_ref().is_some_and(|inner| inner.is::<OverCap>()) {
        too_large(limit)
    } else {
        Failure::MaybeSent(Error::Transport {
            source: Box::new(io::Error::new(
                error.kind(),
                format!("the gzip-encoded response body could not be decoded: {error}"),
            )),
        })
    }
}

/// A buffer that refuses to grow past `limit` bytes.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
}

impl Capped {
    fn new(limit: usize) -> Self {
        Capped {
            bytes: Vec::new(),
            limit,
        }
    }
}

/// The marker error of a [`Capped`] buffer that would pass its limit.
#[derive(Debug)]
struct OverCap;

impl fmt::Display for OverCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the response body is larger than the size cap")
    }
}

impl StdError for OverCap {}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.len() > self.limit - self.bytes.len() {
            return Err(io::Error::other(OverCap));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
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

/// The hyper request for one attempt. Headers are cloned with their "sensitive" marks, plus
/// `accept-encoding: gzip` when the request names no encoding of its own.
pub(crate) fn to_hyper(request: &http::Request<Vec<u8>>) -> hyper::Request<Full<Bytes>> {
    let mut out = hyper::Request::new(Full::new(Bytes::copy_from_slice(request.body())));
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.headers_mut() = request.headers().clone();
    if !out.headers().contains_key(http::header::ACCEPT_ENCODING) {
        out.headers_mut().insert(
            http::header::ACCEPT_ENCODING,
            http::HeaderValue::from_static("gzip"),
        );
    }
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
