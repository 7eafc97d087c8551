//! The blocking client: sends any core operation with the core's retry policy, timeouts and
//! body cap.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudflare_core::error::TimeoutPhase;
use cloudflare_core::retry::{Attempts, random_jitter};
use cloudflare_core::{
    ClientOptions, Config, Credentials, Decision, Error, ListOperation, Operation, Outcome,
    Response,
};
use tracing::field::Empty;

use crate::paging::{Items, Pages};
use crate::transport::{self, AttemptLimits, Prepared, Sent};

/// A blocking Cloudflare API client.
///
/// Cheap to clone (an [`Arc`] inside): clones share one connection pool. `Send + Sync`, so one
/// client can serve many threads.
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
    options: ClientOptions,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("transport", &transport::TRANSPORT_NAME)
            .field("options", &self.inner.options)
            .finish()
    }
}

impl Client {
    /// A client with these options. If the configured `User-Agent` is still the core's default,
    /// it becomes `cloudflare-rs-sdk/<version> (ureq 3)`.
    pub fn new(mut options: ClientOptions) -> Result<Client, Error> {
        if options.config.has_default_user_agent() {
            let user_agent = format!(
                "cloudflare-rs-sdk/{} ({})",
                env!("CARGO_PKG_VERSION"),
                transport::TRANSPORT_NAME
            );
            options.config = options.config.with_user_agent(&user_agent)?;
        }
        let user_agent = options
            .config
            .headers()
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let agent = transport::build_agent(&options, &user_agent);
        Ok(Client {
            inner: Arc::new(Inner { agent, options }),
        })
    }

    /// A client for the production API with credentials from the environment
    /// (`CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_API_KEY` + `CLOUDFLARE_EMAIL`, or
    /// `CLOUDFLARE_API_USER_SERVICE_KEY`; exactly one) and default options.
    pub fn from_env() -> Result<Client, Error> {
        let config = Config::new(Credentials::from_env()?)?;
        Client::new(ClientOptions::new(config))
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
        let request = op.to_request(&self.inner.options.config)?;
        let response = self.execute(O::INFO.name, request)?;
        O::parse_response(&response)
    }

    /// Every page of a listing, one request per page, stopping as the core's
    /// [`Paginator`](cloudflare_core::Paginator) says (last page, repeated page or cursor,
    /// [`ClientOptions::max_pages`]). After an error the iterator yields it and ends.
    pub fn pages<O: ListOperation>(&self, op: O) -> Pages<O> {
        Pages::new(self.clone(), op)
    }

    /// Every item of a listing, fetching pages as needed. After an error the iterator yields it
    /// and ends.
    ///
    /// ```no_run
    /// # let client = cloudflare_ureq::Client::from_env()?;
    /// use cloudflare_ureq::accounts;
    ///
    /// let names = client
    ///     .items(accounts::List::default())
    ///     .map(|account| account.map(|a| a.name))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// # Ok::<(), cloudflare_ureq::Error>(())
    /// ```
    pub fn items<O: ListOperation>(&self, op: O) -> Items<O> {
        Items::new(self.pages(op))
    }

    /// Sends a request built by the core, retrying per the policy, and returns the last
    /// response (whatever its status) or the transport error.
    pub(crate) fn execute(
        &self,
        operation: &'static str,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let options = &self.inner.options;
        let request = Prepared::new(request);
        let span = tracing::debug_span!(
            "cloudflare.call",
            operation,
            method = %request.method,
            path = request.uri.path(),
        );
        let _entered = span.enter();
        let started = Instant::now();
        let remaining = || {
            options
                .deadline
                .map(|deadline| deadline.saturating_sub(started.elapsed()))
        };
        let mut attempts = Attempts::new(options.retry.clone(), request.method.clone());

        loop {
            let left = remaining();
            if left == Some(Duration::ZERO) {
                return Err(Error::Timeout {
                    phase: TimeoutPhase::Deadline,
                    elapsed: started.elapsed(),
                });
            }
            let (timeout, deadline_bound) = match left {
                Some(left) if left < options.attempt_timeout => (left, true),
                _ => (options.attempt_timeout, false),
            };
            let limits = AttemptLimits {
                timeout,
                deadline_bound,
                call_started: started,
                max_body_size: options.max_body_size,
            };

            let attempt_span = tracing::debug_span!(
                "cloudflare.attempt",
                attempt = attempts.attempt(),
                status = Empty,
                cf_ray = Empty,
                elapsed_ms = Empty,
            );
            let attempt_started = Instant::now();
            let result = attempt_span.in_scope(|| {
                let result = transport::attempt(&self.inner.agent, &request, limits);
                let elapsed_ms =
                    u64::try_from(attempt_started.elapsed().as_millis()).unwrap_or(u64::MAX);
                attempt_span.record("elapsed_ms", elapsed_ms);
                match &result {
                    Ok(response) => {
                        attempt_span.record("status", response.status().as_u16());
                        if let Some(ray) = response
                            .headers()
                            .get("cf-ray")
                            .and_then(|v| v.to_str().ok())
                        {
                            attempt_span.record("cf_ray", ray);
                        }
                        tracing::debug!(status = response.status().as_u16(), "response received");
                    }
                    Err(failure) => {
                        tracing::debug!(error = %failure.error, "attempt failed");
                    }
                }
                result
            });
            drop(attempt_span);

            let decision = match &result {
                Ok(response) if response.status().is_success() => Decision::Stop,
                Ok(response) => attempts.after(
                    Outcome::Response {
                        status: response.status(),
                        headers: response.headers(),
                    },
                    random_jitter(),
                    remaining(),
                ),
                Err(failure) => match failure.sent {
                    None => Decision::Stop,
                    Some(Sent::Not) => {
                        attempts.after(Outcome::NotSent, random_jitter(), remaining())
                    }
                    Some(Sent::Maybe) => {
                        attempts.after(Outcome::MaybeSent, random_jitter(), remaining())
                    }
                },
            };
            match decision {
                Decision::Stop => return result.map_err(|failure| failure.error),
                Decision::RetryAfter(wait) => {
                    tracing::debug!(
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        next_attempt = attempts.attempt(),
                        "retrying"
                    );
                    std::thread::sleep(wait);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
