//! Transport settings shared by the blocking and async clients, so both are configured alike.

use std::time::Duration;

use crate::config::Config;
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
    /// Longest wait for a connection. Default 10 s. The blocking client counts the TLS handshake
    /// in it; the async client counts the handshake toward the per-attempt timeout.
    pub connect_timeout: Duration,
    /// Longest wait for one attempt, from sending to the end of the body. Default 60 s.
    pub attempt_timeout: Duration,
    /// Longest wait for a whole call, retries and their waits included. Default none.
    pub deadline: Option<Duration>,
    /// When to retry.
    pub retry: RetryPolicy,
    /// Largest response body accepted, in bytes; larger is [`crate::Error::BodyTooLarge`].
    pub max_body_size: u64,
    /// Most pages one auto-paginated listing fetches.
    pub max_pages: u32,
    /// Pages fetched at once by clients that fetch concurrently (page-number listings).
    pub page_concurrency: usize,
}

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
            page_concurrency: 4,
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

    /// Sets how many pages concurrent listings fetch at once (at least 1).
    pub fn page_concurrency(mut self, pages: usize) -> Self {
        self.page_concurrency = pages.max(1);
        self
    }
}
