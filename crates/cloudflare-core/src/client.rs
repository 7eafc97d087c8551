//! Transport settings shared by the blocking and async clients, so both are configured alike.

use std::time::Duration;

use http::HeaderMap;

use crate::config::{Config, extra_header};
use crate::error::RequestError;
use crate::pagination::DEFAULT_MAX_PAGES;
use crate::retry::RetryPolicy;

/// The default cap on a response body: 32 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 32 * 1024 * 1024;

/// Everything a client needs besides its HTTP library: the request [`Config`] plus timeouts,
/// retries, size caps and pagination limits. Plain data; the adapters enforce it.
///
/// ```
/// use std::time::Duration;
/// use cloudflare_core::{ClientOptions, Config, Credentials};
///
/// let options = ClientOptions::new(Config::new(Credentials::api_token("token"))?)
///     .timeout(Duration::from_secs(30))
///     .max_body_size(8 << 20);
/// assert_eq!(options.attempt_timeout, Duration::from_secs(30));
/// # Ok::<(), cloudflare_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Base URL, credentials and default headers.
    pub config: Config,
    /// Longest wait for a connection: TCP connect and TLS handshake. Default 10 s. It also
    /// counts toward the attempt timeout, which bounds the whole attempt.
    pub connect_timeout: Duration,
    /// Longest wait for one attempt, from name resolution to the last byte of the body.
    /// Default 60 s.
    pub attempt_timeout: Duration,
    /// Longest wait for a whole call, every attempt and every wait included (retry backoffs,
    /// `Retry-After`, the request budget). Default none.
    pub deadline: Option<Duration>,
    /// When to retry.
    pub retry: RetryPolicy,
    /// Largest response body accepted, in bytes; larger is [`crate::Error::BodyTooLarge`].
    pub max_body_size: u64,
    /// Most pages one auto-paginated listing fetches.
    pub max_pages: u32,
    /// Pages of a page-number listing in flight at once, once the first page has told how many
    /// there are. Default [`DEFAULT_PAGE_CONCURRENCY`].
    pub page_concurrency: usize,
    /// A client-side request budget shared by every call of the client. Default none.
    pub rate_limit: Option<RequestBudget>,
}

/// The default page concurrency: 8.
///
/// The API's limit is a budget of 1,200 requests per 5 minutes per user or token, not a cap on
/// requests in flight, and a listing costs one request per page however they are scheduled:
/// concurrency changes how fast the budget is spent, not how much of it. With 8 pages in flight
/// a listing runs about 7x faster than page by page (the bench `listing` measures it), and even
/// at a 50 ms round trip it sends at most ~160 requests per second, so a listing of up to
/// 1,200 pages stays inside one budget window; a 429 is waited out by every call of the client.
pub const DEFAULT_PAGE_CONCURRENCY: usize = 8;

impl ClientOptions {
    /// Defaults for this configuration.
    pub fn new(config: Config) -> Self {
        ClientOptions {
            config,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(60),
            deadline: None,
            retry: RetryPolicy::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            max_pages: DEFAULT_MAX_PAGES,
            page_concurrency: DEFAULT_PAGE_CONCURRENCY,
            rate_limit: None,
        }
    }

    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Sets an overall deadline per call.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the largest response body accepted.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Sets the most pages one listing fetches.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Sets how many pages of a listing are in flight at once (at least 1).
    pub fn page_concurrency(mut self, pages: usize) -> Self {
        self.page_concurrency = pages.max(1);
        self
    }

    /// Limits the request rate on the client side. See [`RequestBudget`].
    pub fn rate_limit(mut self, budget: RequestBudget) -> Self {
        self.rate_limit = Some(budget);
        self
    }
}

/// A client-side request budget: at most `requests` requests in any window of length `per`.
///
/// Off by default; turn it on with [`ClientOptions::rate_limit`]. A bulk job then slows down to
/// the budget instead of running into the API's limit (1,200 requests per 5 minutes, after which
/// every call is refused with 429 for 5 minutes).
///
/// Counted conservatively: a request holds one of the `requests` slots from the moment it is sent
/// until `per` after it ended (or, if the transport never says, `per` after the end its attempt
/// was allowed). So no window of length `per` sees more than `requests` requests arrive at the
/// server, whatever the network delays; retries count like any other request.
///
/// ```
/// use std::time::Duration;
/// use cloudflare_core::RequestBudget;
///
/// let budget = RequestBudget::new(1200, Duration::from_secs(300));
/// assert_eq!(budget, RequestBudget::CLOUDFLARE_DEFAULT);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestBudget {
    /// Requests allowed per window (at least 1 is used).
    pub requests: u32,
    /// The window length.
    pub per: Duration,
}

impl RequestBudget {
    /// The API's documented global limit: 1,200 requests per 5 minutes per user or token.
    pub const CLOUDFLARE_DEFAULT: RequestBudget = RequestBudget {
        requests: 1200,
        per: Duration::from_secs(300),
    };

    /// At most `requests` requests per `per`.
    pub const fn new(requests: u32, per: Duration) -> Self {
        RequestBudget { requests, per }
    }
}

/// Overrides of [`ClientOptions`] for one call: its attempt timeout, its deadline, its retries
/// and extra headers, without building a second client. Unset fields keep the client's setting.
/// Apply them with [`Call::with_options`](crate::Call::with_options) (the clients'
/// `send_with_options` do).
///
/// ```
/// use std::time::Duration;
/// use cloudflare_core::CallOptions;
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .deadline(Duration::from_secs(20))
///     .max_retries(0)
///     .header("x-request-id", "a1b2")?;
/// assert_eq!(options.headers()["x-request-id"], "a1b2");
/// # Ok::<(), cloudflare_core::RequestError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// The attempt timeout ([`ClientOptions::attempt_timeout`]) for this call.
    pub timeout: Option<Duration>,
    /// The deadline of this call, from its start ([`ClientOptions::deadline`]).
    pub deadline: Option<Duration>,
    /// The retry policy for this call ([`ClientOptions::retry`]).
    pub retry: Option<RetryPolicy>,
    /// The number of retries for this call, applied over whichever policy is in force.
    pub max_retries: Option<u32>,
    headers: HeaderMap,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Sets the attempt timeout of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets the deadline of this call (every attempt and wait included), from its start.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets the retry policy of this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sets how many retries this call may make (0: none).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Adds a header to this call's request; it replaces a client header of the same name
    /// (several calls of `header` with one name send every value). Authentication headers
    /// cannot be set this way.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, RequestError> {
        let (name, value) = extra_header(name, value)?;
        self.headers.append(name, value);
        Ok(self)
    }

    /// The extra headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The retry policy for this call, given the client's.
    pub(crate) fn policy(&self, client: &RetryPolicy) -> RetryPolicy {
        let mut policy = self.retry.clone().unwrap_or_else(|| client.clone());
        if let Some(retries) = self.max_retries {
            policy.max_retries = retries;
        }
        policy
    }
}
