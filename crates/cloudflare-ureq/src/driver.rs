//! The blocking client: drives the core's [`Call`] machine with ureq, sleeping where it says.

use std::fmt;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Instant, SystemTime};

use cloudflare_core::{
    Call, CallOptions, ClientOptions, Config, Error, Operation, Pacer, Response, Step, call_span,
};

use crate::transport::{self, AttemptError};
use cloudflare_core::proxy::Proxy;
use cloudflare_core::tls::RootCertificates;

/// Set when a listing is dropped: its fetch threads end at their next wait.
#[derive(Debug, Default)]
pub(crate) struct Cancel {
    cancelled: Mutex<bool>,
    changed: Condvar,
}

impl Cancel {
    /// Sleeps until `until` or cancellation; true if cancelled.
    pub(crate) fn wait_until(&self, until: Instant) -> bool {
        let mut cancelled = self
            .cancelled
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            let left = until.saturating_duration_since(Instant::now());
            if *cancelled || left.is_zero() {
                return *cancelled;
            }
            cancelled = self
                .changed
                .wait_timeout(cancelled, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    pub(crate) fn cancel(&self) {
        *self
            .cancelled
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.changed.notify_all();
    }
}

/// A blocking Cloudflare API client.
///
/// Cheap to clone (an [`Arc`] inside): clones share one connection pool, the rate-limit gate
/// and the request budget. `Send + Sync`, so one client can serve many threads.
///
/// ```no_run
/// use cloudflare_ureq::{Client, ClientOptions, Config, Credentials, accounts};
///
/// let client = Client::new(ClientOptions::new(Config::new(Credentials::api_token("token"))?))?;
/// let created = client.send(&accounts::Create::new("Demo"))?;
/// println!("created {}", created.id);
/// # Ok::<(), cloudflare_ureq::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    agent: ureq::Agent,
    /// What the agent was given, for `Debug` (credentials redacted); `None` for an agent the
    /// caller built.
    proxy: Option<Proxy>,
    options: ClientOptions,
    pacer: Pacer,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &transport::TRANSPORT_NAME)
            .field("options", &self.inner.options)
            .field("proxy", &self.inner.proxy)
            .finish()
    }
}

/// Builds a [`Client`] with settings beyond [`ClientOptions`]: TLS trust (extra certificate
/// authorities, see [`RootCertificates`]) and the HTTP proxy (see [`Proxy`]), or an
/// [`ureq::Agent`] of the caller's own ([`ClientBuilder::agent`]).
///
/// ```
/// use cloudflare_ureq::{Client, ClientOptions, Config, Credentials};
///
/// let options = ClientOptions::new(Config::new(Credentials::api_token("token"))?);
/// let client = Client::builder(options).built_in_roots(true).build()?;
/// # drop(client);
/// # Ok::<(), cloudflare_ureq::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    options: ClientOptions,
    root_certificates: RootCertificates,
    built_in_roots: bool,
    /// `None`: [`Proxy::from_env`] when built.
    proxy: Option<Proxy>,
    agent: Option<ureq::Agent>,
}

impl ClientBuilder {
    /// A builder with these options.
    pub fn new(options: ClientOptions) -> Self {
        ClientBuilder {
            options,
            root_certificates: RootCertificates::default(),
            built_in_roots: true,
            proxy: None,
            agent: None,
        }
    }

    /// Sends every request with this agent, as it is, instead of one the builder makes: its
    /// TLS, proxy, connection pool, resolver, connect timeout and middleware are the caller's.
    /// Cloning the client shares it.
    ///
    /// What still applies: everything the core decides (retries, attempt timeouts, the
    /// deadline, the rate-limit gate and budget, pagination), the body cap
    /// ([`ClientOptions::max_body_size`]), the request headers (credentials, `User-Agent`), and
    /// per request, whatever the agent says: statuses are never errors and redirects are not
    /// followed (the core reads them). What does not: [`ClientOptions::connect_timeout`], the
    /// pool sizes, and this builder's TLS and proxy settings, which [`ClientBuilder::build`]
    /// refuses alongside an agent rather than ignore.
    ///
    /// ```
    /// use cloudflare_ureq::{Client, ClientOptions, Config, Credentials};
    ///
    /// let agent: ureq::Agent = ureq::Agent::config_builder()
    ///     .timeout_connect(Some(std::time::Duration::from_secs(3)))
    ///     .build()
    ///     .into();
    /// let options = ClientOptions::new(Config::new(Credentials::api_token("token"))?);
    /// let client = Client::builder(options).agent(agent).build()?;
    /// # drop(client);
    /// # Ok::<(), cloudflare_ureq::Error>(())
    /// ```
    pub fn agent(mut self, agent: ureq::Agent) -> Self {
        self.agent = Some(agent);
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
    /// sees only the host and port; to a plain `http://` one (loopback, or with the insecure
    /// opt-in) it tunnels as well (ureq always uses `CONNECT`). The proxy's credentials are sent
    /// as `Proxy-Authorization` on the `CONNECT` only.
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = Some(proxy);
        self
    }

    /// Builds the client: TLS with rustls and the features' provider (passed explicitly, so no
    /// process-level provider is needed), certificate verification against the built-in roots
    /// and any added certificate authorities. If the configured `User-Agent` is still the core's
    /// default, it becomes `cloudflare-rs-sdk/<version> (ureq 3)`.
    ///
    /// Fails with [`Error::Configuration`] if no root would be trusted, or if no proxy was set
    /// and the environment's proxy URL is invalid.
    pub fn build(self) -> Result<Client, Error> {
        let options = self.options;
        if let Some(agent) = self.agent {
            let tls_or_proxy_set =
                !self.root_certificates.is_empty() || !self.built_in_roots || self.proxy.is_some();
            if tls_or_proxy_set {
                return Err(Error::Configuration {
                    source: "ClientBuilder::agent brings its own TLS and proxy: set them on the agent, not with add_root_certificates, built_in_roots or proxy".into(),
                });
            }
            return Ok(Client::with_agent(
                agent,
                None,
                with_default_user_agent(options)?,
            ));
        }
        let proxy = match self.proxy {
            Some(proxy) => proxy,
            None => Proxy::from_env()?,
        };
        let options = with_default_user_agent(options)?;
        let user_agent = options
            .config
            .headers()
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let agent = transport::build_agent(
            &options,
            &user_agent,
            &self.root_certificates,
            self.built_in_roots,
            &proxy,
        )?;
        Ok(Client::with_agent(agent, Some(proxy), options))
    }
}

/// Names this crate in the `User-Agent` if the configured one is still the core's default.
fn with_default_user_agent(mut options: ClientOptions) -> Result<ClientOptions, Error> {
    if options.config.has_default_user_agent() {
        let user_agent = format!(
            "cloudflare-rs-sdk/{} ({})",
            env!("CARGO_PKG_VERSION"),
            transport::TRANSPORT_NAME
        );
        options.config = options.config.with_user_agent(&user_agent)?;
    }
    Ok(options)
}

impl Client {
    fn with_agent(agent: ureq::Agent, proxy: Option<Proxy>, options: ClientOptions) -> Client {
        let pacer = Pacer::with_budget(options.rate_limit);
        Client {
            inner: Arc::new(Inner {
                agent,
                proxy,
                options,
                pacer,
            }),
        }
    }

    /// A client with these options. If the configured `User-Agent` is still the core's default,
    /// it becomes `cloudflare-rs-sdk/<version> (ureq 3)`.
    pub fn new(options: ClientOptions) -> Result<Client, Error> {
        ClientBuilder::new(options).build()
    }

    /// A builder for settings beyond [`ClientOptions`] (TLS trust, the proxy).
    pub fn builder(options: ClientOptions) -> ClientBuilder {
        ClientBuilder::new(options)
    }

    /// A client configured from the environment ([`Config::from_env`]) with default options:
    /// credentials from `CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_API_KEY` + `CLOUDFLARE_EMAIL`, or
    /// `CLOUDFLARE_API_USER_SERVICE_KEY` (exactly one complete scheme); the base URL from
    /// `CLOUDFLARE_BASE_URL` if set and not empty (plain http to a host that is not loopback
    /// only with `CLOUDFLARE_ALLOW_INSECURE_HTTP=1`).
    pub fn from_env() -> Result<Client, Error> {
        Client::new(ClientOptions::new(Config::from_env()?))
    }

    /// The options in force (with the final `User-Agent`).
    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// Sends `op` and returns its typed result.
    ///
    /// Retries as [`ClientOptions::retry`] says; an API error comes back typed
    /// ([`Error::Api`], with codes, status and `cf-ray`).
    pub fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        self.send_with_meta(op).map(|response| response.result)
    }

    /// Sends `op` and returns its typed result with the response's metadata (status, headers,
    /// `cf-ray`, `result_info`, rate limits).
    pub fn send_with_meta<O: Operation>(&self, op: &O) -> Result<Response<O::Output>, Error> {
        self.send_with_options(op, &CallOptions::default())
    }

    /// Sends `op` with per-call overrides of this client's options (attempt timeout, deadline,
    /// retries, extra headers) and returns its typed result with the response's metadata.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use cloudflare_ureq::{CallOptions, Client, user};
    ///
    /// let client = Client::from_env()?;
    /// let quick = CallOptions::new()
    ///     .timeout(Duration::from_secs(2))
    ///     .max_retries(0)
    ///     .header("x-request-id", "health-check")?;
    /// let me = client.send_with_options(&user::Get, &quick)?;
    /// println!("{} (cf-ray {:?})", me.result.id, me.meta.cf_ray());
    /// # Ok::<(), cloudflare_ureq::Error>(())
    /// ```
    pub fn send_with_options<O: Operation>(
        &self,
        op: &O,
        options: &CallOptions,
    ) -> Result<Response<O::Output>, Error> {
        let _entered = call_span(&O::INFO).entered();
        let call = Call::new(op, &self.inner.options, Instant::now())?.with_options(options);
        let (response, call) = self.run(self.call(call), None)?;
        call.parse::<O, _>(&response)
    }

    /// A call sharing this client's rate-limit gate and budget.
    pub(crate) fn call(&self, call: Call) -> Call {
        call.with_pacer(self.inner.pacer.clone())
    }

    /// Runs `call` to its end: the final response (any status) and the call, for parsing.
    /// `cancel`, when given and set, ends the call at its next step.
    pub(crate) fn run(
        &self,
        mut call: Call,
        cancel: Option<&Cancel>,
    ) -> Result<(http::Response<Vec<u8>>, Call), Error> {
        let max_body_size = self.inner.options.max_body_size;
        loop {
            match call.poll(Instant::now()) {
                Step::Send(attempt) => {
                    // The attempt and its report run in the core's attempt span; the call
                    // machine logs how it ended and any retry, alike in every client.
                    let _span = attempt.span().entered();
                    let result = transport::attempt(
                        &self.inner.agent,
                        call.request(),
                        attempt.ends_by,
                        max_body_size,
                    );
                    match result {
                        Ok(response) => {
                            call.on_response(response, Instant::now(), SystemTime::now())
                        }
                        Err(AttemptError::TimedOut) => call.on_timeout(Instant::now()),
                        Err(AttemptError::Failed(failure)) => {
                            call.on_failure(failure, Instant::now())
                        }
                    }
                }
                Step::Wait(until) => {
                    if let Some(cancel) = cancel {
                        if cancel.wait_until(until) {
                            // Only a page fetch of a dropped or finished listing gets here; its
                            // result is discarded, but say what happened all the same.
                            let dropped = std::io::Error::other("the listing was dropped");
                            return Err(Error::Transport {
                                source: Box::new(dropped),
                            });
                        }
                    } else {
                        std::thread::sleep(until.saturating_duration_since(Instant::now()));
                    }
                }
                Step::Done(result) => return result.map(|response| (response, call)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudflare_core::Credentials;

    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_shareable_and_names_its_transport() {
        assert_send_sync_clone::<Client>();
        let config = Config::new(Credentials::api_token("TOPSECRET")).unwrap();
        let client = Client::new(ClientOptions::new(config)).unwrap();
        let ua = client.options().config.headers()[http::header::USER_AGENT]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            ua,
            format!("cloudflare-rs-sdk/{} (ureq 3)", env!("CARGO_PKG_VERSION"))
        );
        assert!(!format!("{client:?}").contains("TOPSECRET"));

        let custom = Config::new(Credentials::api_token("t"))
            .unwrap()
            .with_user_agent("my-app/1.0")
            .unwrap();
        let client = Client::new(ClientOptions::new(custom)).unwrap();
        assert_eq!(
            client.options().config.headers()[http::header::USER_AGENT],
            "my-app/1.0"
        );
    }
}
