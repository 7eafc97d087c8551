//! The async client: drives the core's [`Call`] machine with hyper, sleeping where it says.

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use cloudflare_core::{
    Call, CallOptions, ClientOptions, Config, Error, Operation, Pacer, RequestBudget, Response,
    Step, call_span,
};
use hyper_rustls::HttpsConnectorBuilder;
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tracing::Instrument;

use crate::tls_setup;
use crate::transport::{self, Http};
use cloudflare_core::proxy::Proxy;
use cloudflare_core::tls::RootCertificates;

/// The user agent sent when the configuration still has the core's default.
pub const USER_AGENT: &str = concat!(
    "cloudflare-rs-sdk/",
    env!("CARGO_PKG_VERSION"),
    " (hyper 1)"
);

/// How long an unused pooled connection is kept by default.
const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// An async Cloudflare API client on hyper 1 and tokio.
///
/// Cheap to clone (one [`Arc`] inside): clones share the connection pool, the options, the
/// rate-limit gate and the request budget, if any. Every future it returns is `Send`, and `'static` when the operation
/// is; dropping one cancels the call without leaving a task behind.
///
/// ```no_run
/// use cloudflare_hyper::{Client, accounts};
///
/// # async fn run() -> Result<(), cloudflare_hyper::Error> {
/// let client = Client::from_env()?;
/// let account = client.send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353")).await?;
/// println!("{}", account.name);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    options: ClientOptions,
    http: Http,
    pacer: Pacer,
    /// Also in the connector; here for the forward proxy's per-request credentials.
    proxy: Arc<Proxy>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let options = &self.inner.options;
        f.debug_struct("Client")
            .field("base_url", &options.config.base_url().as_str())
            .field("auth", &options.config.credentials().scheme())
            .field("rate_limit", &options.rate_limit)
            .field("proxy", &self.inner.proxy)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] with settings beyond [`ClientOptions`]: connection pool tuning, a
/// client-side request budget, TLS trust (extra certificate authorities, see
/// [`RootCertificates`]) and the HTTP proxy (see [`Proxy`]).
///
/// ```
/// use std::time::Duration;
/// use cloudflare_hyper::{Client, ClientOptions, Config, Credentials, RequestBudget};
///
/// let options = ClientOptions::new(Config::new(Credentials::api_token("token"))?);
/// let client = Client::builder(options)
///     .pool_idle_timeout(Duration::from_secs(30))
///     .rate_limit(RequestBudget::CLOUDFLARE_DEFAULT)
///     .build()?;
/// # drop(client);
/// # Ok::<(), cloudflare_hyper::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    options: ClientOptions,
    pool_idle_timeout: Duration,
    pool_max_idle_per_host: usize,
    root_certificates: RootCertificates,
    built_in_roots: bool,
    /// `None`: [`Proxy::from_env`] when built.
    proxy: Option<Proxy>,
    connector: Option<transport::Connector>,
}

impl ClientBuilder {
    /// A builder with these options and default pool settings.
    pub fn new(options: ClientOptions) -> Self {
        ClientBuilder {
            options,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: usize::MAX,
            root_certificates: RootCertificates::default(),
            built_in_roots: true,
            proxy: None,
            connector: None,
        }
    }

    /// Makes connections with this connector, as it is, instead of the builder's own (rustls
    /// over TCP, through the proxy): its TLS, proxy and name resolution are the caller's, e.g.
    /// a [`hyper_rustls::HttpsConnector`] with a TLS configuration of one's own. It is any
    /// [`tower_service::Service`] from a [`http::Uri`] to a connection, the shape
    /// [`hyper_util::client::legacy`] connectors have.
    ///
    /// What still applies: everything the core decides (retries, attempt timeouts, the
    /// deadline, the rate-limit gate and budget, pagination), [`ClientOptions::connect_timeout`]
    /// (around the connector's whole connect), the connection pool and its settings, gzip, the
    /// body cap, the request headers, and HTTP/2 when the connection says it negotiated it
    /// ([`hyper_util::client::legacy::connect::Connected::negotiated_h2`]). What does not: this
    /// builder's TLS and proxy settings, which [`ClientBuilder::build`] refuses alongside a
    /// connector rather than ignore.
    ///
    /// ```
    /// use cloudflare_hyper::{Client, ClientOptions, Config, Credentials};
    /// use hyper_util::client::legacy::connect::HttpConnector;
    ///
    /// let mut tcp = HttpConnector::new();
    /// tcp.enforce_http(false);
    /// let https = hyper_rustls::HttpsConnectorBuilder::new()
    ///     .with_tls_config(my_tls_config())
    ///     .https_only()
    ///     .enable_http1()
    ///     .wrap_connector(tcp);
    /// let options = ClientOptions::new(Config::new(Credentials::api_token("token"))?);
    /// let client = Client::builder(options).connector(https).build()?;
    /// # drop(client);
    /// # fn my_tls_config() -> rustls::ClientConfig {
    /// #     let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    /// #     let roots = rustls::RootCertStore::empty(); // the roots of one's choice
    /// #     rustls::ClientConfig::builder_with_provider(provider)
    /// #         .with_safe_default_protocol_versions().unwrap()
    /// #         .with_root_certificates(roots)
    /// #         .with_no_client_auth()
    /// # }
    /// # Ok::<(), cloudflare_hyper::Error>(())
    /// ```
    pub fn connector<C>(mut self, connector: C) -> Self
    where
        C: tower_service::Service<http::Uri> + Clone + Send + Sync + 'static,
        C::Response: hyper::rt::Read
            + hyper::rt::Write
            + hyper_util::client::legacy::connect::Connection
            + Send
            + Unpin
            + 'static,
        C::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        C::Future: Send + 'static,
    {
        self.connector = Some(transport::Connector::new(connector));
        self
    }

    /// Closes pooled connections unused for this long (default 90 s).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Keeps at most this many idle connections per host (default unlimited; 0 disables reuse).
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.pool_max_idle_per_host = max;
        self
    }

    /// Limits the request rate on the client side (the same as [`ClientOptions::rate_limit`]).
    /// See [`RequestBudget`].
    pub fn rate_limit(mut self, budget: RequestBudget) -> Self {
        self.options.rate_limit = Some(budget);
        self
    }

    /// Also trusts these certificate authorities (for a TLS-inspecting proxy or a private
    /// endpoint); may be called more than once. See [`RootCertificates`].
    pub fn add_root_certificates(mut self, certificates: RootCertificates) -> Self {
        self.root_certificates = self.root_certificates.merged(certificates);
        self
    }

    /// Whether the built-in roots are trusted (default `true`): webpki's bundled Mozilla roots
    /// (feature `webpki-roots`, on by default) and the operating system's store (feature
    /// `native-roots`). With `false`,
    /// only the certificates given to [`ClientBuilder::add_root_certificates`] are, and
    /// [`ClientBuilder::build`] fails if there are none.
    pub fn built_in_roots(mut self, trusted: bool) -> Self {
        self.built_in_roots = trusted;
        self
    }

    /// Sends requests through this proxy (or directly, with [`Proxy::none`]) instead of the one
    /// the environment names ([`Proxy::from_env`], the default). To an `https://` base URL the
    /// client opens a `CONNECT` tunnel through the proxy and speaks TLS inside it, so the proxy
    /// sees only the host and port, and the credentials go on the `CONNECT`; to a plain
    /// `http://` one (loopback, or with the insecure opt-in) the proxy forwards each request,
    /// sent with its absolute URL and the credentials as `Proxy-Authorization`.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Builds the client: TLS with rustls and the features' provider, certificate verification
    /// against the built-in roots and any added certificate authorities, HTTP/1.1 and HTTP/2 (by
    /// ALPN), the connect timeout around the TCP connect and the TLS handshake together.
    ///
    /// Fails with [`Error::Configuration`] if no root would be trusted, or if no proxy was set
    /// and the environment's proxy URL is invalid.
    ///
    /// Needs no runtime to build, but must be used inside a tokio runtime with the time driver.
    pub fn build(self) -> Result<Client, Error> {
        let mut options = self.options;
        if options.config.has_default_user_agent() {
            options.config = options.config.with_user_agent(USER_AGENT)?;
        }
        if let Some(connector) = self.connector {
            let tls_or_proxy_set =
                !self.root_certificates.is_empty() || !self.built_in_roots || self.proxy.is_some();
            if tls_or_proxy_set {
                return Err(Error::Configuration {
                    source: "ClientBuilder::connector brings its own TLS and proxy: set them on the connector, not with add_root_certificates, built_in_roots or proxy".into(),
                });
            }
            let connector = transport::ConnectTimeout::new(connector, options.connect_timeout);
            let http = pool(
                self.pool_idle_timeout,
                self.pool_max_idle_per_host,
                connector,
            );
            return Ok(Client::from_parts(options, http, Arc::new(Proxy::none())));
        }
        let proxy = Arc::new(match self.proxy {
            Some(proxy) => proxy,
            None => Proxy::from_env()?,
        });

        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        // The connect timeout is applied around TCP and TLS together (`ConnectTimeout`).
        let tls = tls_config(&self.root_certificates, self.built_in_roots)?;
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            // Plain http is used for loopback hosts, or elsewhere only after the explicit, logged
            // opt-in of the core's `BaseUrl::parse_insecure`; the core refuses it otherwise.
            .https_or_http()
            .enable_all_versions()
            .wrap_connector(transport::Proxied::new(tcp, proxy.clone()));
        let connector = transport::ConnectTimeout::new(
            transport::Connector::new(https),
            options.connect_timeout,
        );
        let http = pool(
            self.pool_idle_timeout,
            self.pool_max_idle_per_host,
            connector,
        );
        Ok(Client::from_parts(options, http, proxy))
    }
}

/// The pooled client over `connector`, with tokio's timers.
fn pool(
    idle_timeout: Duration,
    max_idle_per_host: usize,
    connector: transport::ConnectTimeout<transport::Connector>,
) -> Http {
    PooledClient::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        .pool_idle_timeout(idle_timeout)
        .pool_max_idle_per_host(max_idle_per_host)
        .build(connector)
}

/// The rustls configuration: the features' provider passed explicitly (rustls never has to pick
/// a process default, so no "no process-level CryptoProvider" panic whatever else is linked in),
/// the safe default protocol versions, and the roots to trust.
fn tls_config(
    extra: &RootCertificates,
    built_in_roots: bool,
) -> Result<rustls::ClientConfig, Error> {
    let mut roots = rustls::RootCertStore::empty();
    // Added ones were checked by `RootCertificates`; a built-in one rustls can't use is skipped.
    let (_, unusable) =
        roots.add_parsable_certificates(tls_setup::trusted_roots(extra, built_in_roots)?);
    if unusable > 0 {
        tracing::debug!(
            unusable,
            "cloudflare: built-in root certificates rustls cannot use"
        );
    }
    Ok(
        rustls::ClientConfig::builder_with_provider(tls_setup::provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Configuration {
                source: Box::new(e),
            })?
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

impl Client {
    fn from_parts(options: ClientOptions, http: Http, proxy: Arc<Proxy>) -> Client {
        let pacer = Pacer::with_budget(options.rate_limit);
        Client {
            inner: Arc::new(Inner {
                options,
                http,
                pacer,
                proxy,
            }),
        }
    }

    /// A client with these options and default pool settings.
    pub fn new(options: ClientOptions) -> Result<Client, Error> {
        ClientBuilder::new(options).build()
    }

    /// A client configured from the environment ([`Config::from_env`]) with default options:
    /// credentials from `CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_API_KEY` + `CLOUDFLARE_EMAIL`, or
    /// `CLOUDFLARE_API_USER_SERVICE_KEY` (exactly one complete scheme); the base URL from
    /// `CLOUDFLARE_BASE_URL` if set and not empty (plain http to a host that is not loopback
    /// only with `CLOUDFLARE_ALLOW_INSECURE_HTTP=1`).
    pub fn from_env() -> Result<Client, Error> {
        Client::new(ClientOptions::new(Config::from_env()?))
    }

    /// A builder for settings beyond [`ClientOptions`].
    pub fn builder(options: ClientOptions) -> ClientBuilder {
        ClientBuilder::new(options)
    }

    /// This client with a client-side request budget, shared by every clone made from the
    /// returned client (clones made before keep their own setting). See [`RequestBudget`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use cloudflare_hyper::{Client, ClientOptions, Config, Credentials, RequestBudget};
    ///
    /// let options = ClientOptions::new(Config::new(Credentials::api_token("token"))?);
    /// let client = Client::new(options)?
    ///     .with_rate_limit(RequestBudget::new(1200, Duration::from_secs(300)));
    /// # drop(client);
    /// # Ok::<(), cloudflare_hyper::Error>(())
    /// ```
    pub fn with_rate_limit(self, budget: RequestBudget) -> Client {
        let mut options = self.inner.options.clone();
        options.rate_limit = Some(budget);
        Client {
            inner: Arc::new(Inner {
                pacer: Pacer::with_budget(Some(budget)),
                options,
                http: self.inner.http.clone(),
                proxy: self.inner.proxy.clone(),
            }),
        }
    }

    /// The options in force (with the user agent this client sends).
    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// Sends `op` and returns its typed result.
    ///
    /// Retries as the options' [`cloudflare_core::RetryPolicy`] says; a response the policy does
    /// not retry is parsed, so an API refusal comes back as [`Error::Api`] with its codes.
    pub fn send<O: Operation>(
        &self,
        op: &O,
    ) -> impl Future<Output = Result<O::Output, Error>> + Send + use<O> {
        let call = self.send_with_meta(op);
        async move { call.await.map(|response| response.result) }
    }

    /// Sends `op` and returns its typed result with the response metadata (status, headers,
    /// `cf-ray`, `result_info`, rate limits).
    pub fn send_with_meta<O: Operation>(
        &self,
        op: &O,
    ) -> impl Future<Output = Result<Response<O::Output>, Error>> + Send + use<O> {
        self.send_with_options(op, &CallOptions::default())
    }

    /// Sends `op` with per-call overrides of this client's options (attempt timeout, deadline,
    /// retries, extra headers) and returns its typed result with the response metadata.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use cloudflare_hyper::{CallOptions, Client, user};
    ///
    /// # async fn run() -> Result<(), cloudflare_hyper::Error> {
    /// let client = Client::from_env()?;
    /// let quick = CallOptions::new()
    ///     .timeout(Duration::from_secs(2))
    ///     .max_retries(0)
    ///     .header("x-request-id", "health-check")?;
    /// let me = client.send_with_options(&user::Get, &quick).await?;
    /// println!("{} (cf-ray {:?})", me.result.id, me.meta.cf_ray());
    /// # Ok(()) }
    /// ```
    pub fn send_with_options<O: Operation>(
        &self,
        op: &O,
        options: &CallOptions,
    ) -> impl Future<Output = Result<Response<O::Output>, Error>> + Send + use<O> {
        let client = self.clone();
        let call = Call::new(op, &self.inner.options, Instant::now())
            .map(|call| call.with_options(options));
        async move {
            let (response, call) = client.run(client.call(call?)).await?;
            call.parse::<O, _>(&response)
        }
        .instrument(call_span(&O::INFO))
    }

    /// A call sharing this client's rate-limit gate and budget.
    pub(crate) fn call(&self, call: Call<Bytes>) -> Call<Bytes> {
        call.with_pacer(self.inner.pacer.clone())
    }

    /// Runs `call` to its end: the final response (any status) and the call, for parsing.
    pub(crate) async fn run(
        &self,
        mut call: Call<Bytes>,
    ) -> Result<(http::Response<Bytes>, Call<Bytes>), Error> {
        let options = &self.inner.options;
        loop {
            match call.poll(Instant::now()) {
                Step::Send(attempt) => {
                    // The attempt and its report run in the core's attempt span; the call
                    // machine logs how it ended and any retry, alike in every client.
                    let span = attempt.span();
                    let sent = transport::attempt(
                        &self.inner.http,
                        call.request(),
                        options.max_body_size,
                        options.connect_timeout,
                        &self.inner.proxy,
                    );
                    let ends_by = tokio::time::Instant::from_std(attempt.ends_by);
                    let ended = until(ends_by, sent).instrument(span.clone()).await;
                    let _entered = span.enter();
                    match ended {
                        Ok(Ok(response)) => {
                            call.on_response(response, Instant::now(), SystemTime::now())
                        }
                        Ok(Err(failure)) => call.on_failure(failure, Instant::now()),
                        Err(_) => call.on_timeout(Instant::now()),
                    }
                }
                Step::Wait(until) => {
                    tokio::time::sleep_until(tokio::time::Instant::from_std(until)).await;
                }
                Step::Done(result) => return result.map(|response| (response, call)),
            }
        }
    }
}

/// `future`, or `Err(())` once `deadline` passes: `tokio::time::timeout_at`, except that the
/// timer is registered before `future` is first polled. With the timer registered after the
/// request was handed to the connection task (as `timeout_at` does it), the runtime's driver was
/// woken about once more per request, which cost 4-6% of the requests/s on loopback
/// (`benches/clients.rs`); after the first poll the future is polled first, as in `timeout_at`.
async fn until<F: Future>(deadline: tokio::time::Instant, future: F) -> Result<F::Output, ()> {
    let mut sleep = pin!(tokio::time::sleep_until(deadline));
    let mut future = pin!(future);
    let mut first = true;
    poll_fn(|cx| {
        if std::mem::take(&mut first) && sleep.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(()));
        }
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        sleep.as_mut().poll(cx).map(|()| Err(()))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudflare_core::Credentials;
    use cloudflare_core::accounts;

    fn options() -> ClientOptions {
        ClientOptions::new(Config::new(Credentials::api_token("sekrit-token")).unwrap())
    }

    #[tokio::test]
    async fn until_ends_a_future_at_its_deadline_and_only_then() {
        let now = tokio::time::Instant::now();
        let soon = now + Duration::from_millis(50);
        assert_eq!(until(soon, async { 7 }).await, Ok(7));
        assert_eq!(until(soon, std::future::pending::<()>()).await, Err(()));
        assert!(tokio::time::Instant::now() >= soon);
        // Past its deadline, a future is not even started.
        let started = std::sync::atomic::AtomicBool::new(false);
        let late = until(now, async {
            started.store(true, std::sync::atomic::Ordering::SeqCst)
        });
        assert_eq!(late.await, Err(()));
        assert!(!started.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[test]
    fn names_itself_in_the_user_agent_unless_told_otherwise() {
        let client = Client::new(options()).unwrap();
        let ua = client.options().config.headers()[http::header::USER_AGENT]
            .to_str()
            .unwrap();
        assert_eq!(ua, USER_AGENT);
        assert!(ua.starts_with("cloudflare-rs-sdk/") && ua.contains("hyper 1"));

        let mut custom = options();
        custom.config = custom.config.with_user_agent("my-app/1.0").unwrap();
        let client = Client::new(custom).unwrap();
        assert_eq!(
            client.options().config.headers()[http::header::USER_AGENT],
            "my-app/1.0"
        );
    }

    #[test]
    fn hyper_requests_keep_auth_headers_sensitive() {
        let client = Client::new(options()).unwrap();
        let request = accounts::Get::new("abc")
            .to_request(&client.options().config)
            .unwrap();
        let hyper_request = transport::to_hyper(&request);
        let auth = &hyper_request.headers()[http::header::AUTHORIZATION];
        assert!(auth.is_sensitive());
        assert_eq!(hyper_request.method(), http::Method::GET);
        assert_eq!(hyper_request.uri(), request.uri());
        // Debug output of the client names no secret.
        let debug = format!("{client:?}");
        assert!(!debug.contains("sekrit"), "{debug}");
    }

    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    fn assert_send_static<T: Send + 'static>(_: &T) {}

    #[test]
    fn client_and_futures_are_send() {
        assert_send_sync::<Client>();
        let client = Client::new(options()).unwrap();
        let op = accounts::Get::new("abc");
        let fut = client.send(&op);
        drop(op);
        assert_send_static(&fut);
        assert_send_static(&client.send_with_meta(&accounts::List::default()));
        assert_send_static(&client.pages(accounts::List::default()));
        assert_send_static(&client.items(accounts::List::default()));
    }
}
