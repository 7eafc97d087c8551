//! The client: connection pool, TLS, timeouts, retries and body limits around one request.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use cloudflare_core::error::TimeoutPhase;
use cloudflare_core::retry::{Attempts, random_jitter};
use cloudflare_core::{
    ClientOptions, Config, Credentials, Decision, Error, ListOperation, Operation, Outcome,
    Response,
};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use tokio::time::Instant;
use tracing::{Instrument, field};

use crate::failure::AttemptFailure;
use crate::listing::{Items, Pages};
use crate::throttle::{Gate, Permit, RequestBudget, Throttle};

/// The user agent sent when the configuration still has the core's default.
pub const USER_AGENT: &str = concat!(
    "cloudflare-rs-sdk/",
    env!("CARGO_PKG_VERSION"),
    " (hyper 1)"
);

/// How long an unused pooled connection is kept by default.
const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

type Http = PooledClient<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// An async Cloudflare API client on hyper 1 and tokio.
///
/// Cheap to clone (one [`Arc`] inside): clones share the connection pool, the options and the
/// request budget, if any. Every future it returns is `Send`, and `'static` when the operation
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
    throttle: Option<Arc<Throttle>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let options = &self.inner.options;
        f.debug_struct("Client")
            .field("base_url", &options.config.base_url().as_str())
            .field("auth", &options.config.credentials().scheme())
            .field("rate_limited", &self.inner.throttle.is_some())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] with settings beyond [`ClientOptions`]: connection pool tuning and a
/// client-side request budget.
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
    budget: Option<RequestBudget>,
}

impl ClientBuilder {
    /// A builder with these options and default pool settings.
    pub fn new(options: ClientOptions) -> Self {
        ClientBuilder {
            options,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            pool_max_idle_per_host: usize::MAX,
            budget: None,
        }
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

    /// Limits the request rate on the client side. See [`RequestBudget`].
    pub fn rate_limit(mut self, budget: RequestBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Builds the client: TLS with rustls and the `ring` provider, certificate verification
    /// against the webpki roots, HTTP/1.1 and HTTP/2 (by ALPN).
    ///
    /// Needs no runtime to build, but must be used inside a tokio runtime with the time driver.
    pub fn build(self) -> Result<Client, Error> {
        let mut options = self.options;
        if options.config.has_default_user_agent() {
            options.config = options.config.with_user_agent(USER_AGENT)?;
        }

        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(options.connect_timeout));
        // The ring provider is passed explicitly: rustls never has to pick a process default.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let https = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .map_err(|e| Error::Transport {
                source: Box::new(e),
            })?
            // Plain http is only ever used for loopback hosts: the core's `BaseUrl` refuses others.
            .https_or_http()
            .enable_all_versions()
            .wrap_connector(tcp);

        let http = PooledClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .build(https);

        Ok(Client {
            inner: Arc::new(Inner {
                options,
                http,
                throttle: self.budget.map(|b| Arc::new(Throttle::new(b))),
            }),
        })
    }
}

impl Client {
    /// A client with these options and default pool settings.
    pub fn new(options: ClientOptions) -> Result<Client, Error> {
        ClientBuilder::new(options).build()
    }

    /// A client for the production API with credentials from the environment
    /// (`CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_API_KEY` + `CLOUDFLARE_EMAIL`, or
    /// `CLOUDFLARE_API_USER_SERVICE_KEY`) and default options.
    pub fn from_env() -> Result<Client, Error> {
        let config = Config::new(Credentials::from_env()?)?;
        Client::new(ClientOptions::new(config))
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
        Client {
            inner: Arc::new(Inner {
                options: self.inner.options.clone(),
                http: self.inner.http.clone(),
                throttle: Some(Arc::new(Throttle::new(budget))),
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
        let client = self.clone();
        let request = op.to_request(&self.inner.options.config);
        let span = tracing::info_span!(
            "cloudflare.call",
            operation = O::INFO.name,
            method = %O::INFO.method,
        );
        async move {
            let response = client.execute(request?, None).await?;
            O::parse_response(&response)
        }
        .instrument(span)
    }

    /// Every page of a listing, as a [`futures_core::Stream`].
    ///
    /// Page-number listings fetch up to `options.page_concurrency` pages at once once the first
    /// page has told how many there are, and still yield pages in order. See [`Pages`].
    pub fn pages<O>(&self, op: O) -> Pages<O>
    where
        O: ListOperation + Send + 'static,
        O::Item: Send + 'static,
    {
        Pages::new(self.clone(), op)
    }

    /// Every item of a listing, in order, as a [`futures_core::Stream`]. See [`Client::pages`].
    pub fn items<O>(&self, op: O) -> Items<O>
    where
        O: ListOperation + Send + 'static,
        O::Item: Send + 'static,
    {
        Items::new(self.pages(op))
    }

    /// Sends one request with retries and returns the final response, whatever its status
    /// (so that the caller parses the API's error), or the transport failure.
    ///
    /// `gate`, for listings, is waited for before every attempt and pushed forward by a 429.
    pub(crate) async fn execute(
        &self,
        request: http::Request<Vec<u8>>,
        gate: Option<&Gate>,
    ) -> Result<http::Response<Bytes>, Error> {
        let options = &self.inner.options;
        let started = Instant::now();
        let deadline = options.deadline.map(|d| started + d);
        let deadline_hit = || Error::Timeout {
            phase: TimeoutPhase::Deadline,
            elapsed: started.elapsed(),
        };
        let (parts, body) = request.into_parts();
        let body = Bytes::from(body);
        let mut attempts = Attempts::new(options.retry.clone(), parts.method.clone());

        loop {
            let attempt = attempts.attempt();
            let permit = match deadline {
                Some(at) => tokio::time::timeout_at(at, self.ready(gate))
                    .await
                    .map_err(|_| deadline_hit())?,
                None => self.ready(gate).await,
            };

            let remaining = deadline.map(|at| at.saturating_duration_since(Instant::now()));
            let (limit, phase) = match remaining {
                Some(r) if r < options.attempt_timeout => (r, TimeoutPhase::Deadline),
                _ => (options.attempt_timeout, TimeoutPhase::Attempt),
            };
            let span = tracing::debug_span!(
                "attempt",
                attempt,
                status = field::Empty,
                cf_ray = field::Empty,
                elapsed_ms = field::Empty,
            );
            let sent_at = Instant::now();
            let result = tokio::time::timeout(limit, self.attempt(to_hyper(&parts, &body)))
                .instrument(span.clone())
                .await
                .unwrap_or_else(|_| {
                    Err(AttemptFailure::Timeout(
                        phase,
                        match phase {
                            TimeoutPhase::Deadline => started.elapsed(),
                            _ => sent_at.elapsed(),
                        },
                    ))
                });
            drop(permit);
            let elapsed_ms = sent_at.elapsed().as_millis() as u64;
            span.record("elapsed_ms", elapsed_ms);
            let remaining = deadline.map(|at| at.saturating_duration_since(Instant::now()));

            match result {
                Ok(response) => {
                    let status = response.status();
                    let cf_ray = response
                        .headers()
                        .get("cf-ray")
                        .and_then(|v| v.to_str().ok());
                    span.record("status", status.as_u16());
                    if let Some(ray) = cf_ray {
                        span.record("cf_ray", ray);
                    }
                    tracing::debug!(parent: &span, "response received");
                    let outcome = Outcome::Response {
                        status,
                        headers: response.headers(),
                    };
                    match attempts.after(outcome, random_jitter(), remaining) {
                        Decision::Stop => return Ok(response),
                        Decision::RetryAfter(wait) => {
                            tracing::info!(
                                attempt,
                                status = status.as_u16(),
                                cf_ray,
                                wait_ms = wait.as_millis() as u64,
                                "retrying"
                            );
                            match gate {
                                // Rate limited: the whole listing waits, not just this fetch.
                                Some(gate) if status == http::StatusCode::TOO_MANY_REQUESTS => {
                                    gate.hold_until(Instant::now() + wait);
                                }
                                _ => tokio::time::sleep(wait).await,
                            }
                        }
                    }
                }
                Err(failure) => {
                    tracing::debug!(parent: &span, failure = failure.kind(), "attempt failed");
                    if failure.is_final() {
                        return Err(failure.into_error(options.connect_timeout));
                    }
                    match attempts.after(failure.outcome(), random_jitter(), remaining) {
                        Decision::Stop => return Err(failure.into_error(options.connect_timeout)),
                        Decision::RetryAfter(wait) => {
                            tracing::info!(
                                attempt,
                                failure = failure.kind(),
                                wait_ms = wait.as_millis() as u64,
                                "retrying"
                            );
                            tokio::time::sleep(wait).await;
                        }
                    }
                }
            }
        }
    }

    /// Waits until an attempt may be sent: the listing's gate, then a slot of the budget.
    async fn ready(&self, gate: Option<&Gate>) -> Option<Permit> {
        if let Some(gate) = gate {
            gate.wait().await;
        }
        match &self.inner.throttle {
            Some(throttle) => Some(throttle.acquire().await),
            None => None,
        }
    }

    /// One attempt: send, then read the whole body within the size cap.
    async fn attempt(
        &self,
        request: hyper::Request<Full<Bytes>>,
    ) -> Result<http::Response<Bytes>, AttemptFailure> {
        let response = self.inner.http.request(request).await.map_err(|e| {
            if e.is_connect() {
                AttemptFailure::Connect(Box::new(e))
            } else {
                AttemptFailure::Transport(Box::new(e))
            }
        })?;
        let max = self.inner.options.max_body_size;
        let (parts, body) = response.into_parts();
        if content_length(&parts.headers).is_some_and(|len| len > max) {
            return Err(AttemptFailure::TooLarge(max));
        }
        let limit = usize::try_from(max).unwrap_or(usize::MAX);
        let body = Limited::new(body, limit).collect().await.map_err(|e| {
            if e.is::<LengthLimitError>() {
                AttemptFailure::TooLarge(max)
            } else {
                AttemptFailure::Transport(e)
            }
        })?;
        Ok(http::Response::from_parts(parts, body.to_bytes()))
    }
}

/// The hyper request for one attempt. Headers are cloned with their "sensitive" marks.
fn to_hyper(parts: &http::request::Parts, body: &Bytes) -> hyper::Request<Full<Bytes>> {
    let mut request = hyper::Request::new(Full::new(body.clone()));
    *request.method_mut() = parts.method.clone();
    *request.uri_mut() = parts.uri.clone();
    *request.headers_mut() = parts.headers.clone();
    request
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

#[cfg(test)]
mod tests {
    use super::*;
    use cloudflare_core::accounts;

    fn options() -> ClientOptions {
        ClientOptions::new(Config::new(Credentials::api_token("sekrit-token")).unwrap())
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
        let (parts, body) = request.into_parts();
        let hyper_request = to_hyper(&parts, &Bytes::from(body));
        let auth = &hyper_request.headers()[http::header::AUTHORIZATION];
        assert!(auth.is_sensitive());
        assert_eq!(hyper_request.method(), http::Method::GET);
        assert_eq!(hyper_request.uri(), &parts.uri);
        // Debug output of the client names no secret.
        let debug = format!("{client:?}");
        assert!(!debug.contains("sekrit"), "{debug}");
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
