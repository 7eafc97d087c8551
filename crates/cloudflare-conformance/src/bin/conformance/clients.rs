//! Both clients, each with both authentication schemes, against one base URL.

use std::time::Duration;

use cloudflare_conformance::Case;
use cloudflare_core::{
    AuthScheme, ClientOptions, Config, Credentials, Error, ResponseMeta, RetryPolicy,
};
use tokio::runtime::Runtime;

/// Which client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `cloudflare-ureq`.
    Blocking,
    /// `cloudflare-hyper`.
    Async,
}

impl Kind {
    /// Both, blocking first.
    pub const BOTH: [Kind; 2] = [Kind::Blocking, Kind::Async];

    /// The crate's transport, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Blocking => "ureq",
            Kind::Async => "hyper",
        }
    }
}

/// The credentials every target accepts: the emulator's defaults (Prism checks only which
/// scheme is used, not the values).
#[derive(Clone, Debug)]
pub struct Secrets {
    /// `X-Auth-Email`.
    pub email: String,
    /// `X-Auth-Key`.
    pub key: String,
    /// The bearer token.
    pub token: String,
}

impl Secrets {
    fn credentials(&self, scheme: AuthScheme) -> Credentials {
        match scheme {
            AuthScheme::ApiToken => Credentials::api_token(&self.token),
            _ => Credentials::api_key(&self.email, &self.key),
        }
    }
}

/// The authentication schemes `case` accepts that we can send (token and key + email).
pub fn schemes(case: &dyn Case) -> Vec<AuthScheme> {
    case.info()
        .auth
        .iter()
        .copied()
        .filter(|s| matches!(s, AuthScheme::ApiKey | AuthScheme::ApiToken))
        .collect()
}

/// The scheme to use when one is enough: API key + email where listed, else the token.
pub fn preferred_scheme(case: &dyn Case) -> AuthScheme {
    let schemes = schemes(case);
    if schemes.contains(&AuthScheme::ApiKey) {
        AuthScheme::ApiKey
    } else {
        AuthScheme::ApiToken
    }
}

/// A scheme's short name, for messages.
pub fn scheme_name(scheme: AuthScheme) -> &'static str {
    match scheme {
        AuthScheme::ApiToken => "token",
        AuthScheme::ApiKey => "API key",
        AuthScheme::UserServiceKey => "service key",
    }
}

/// Four clients (two transports, two schemes) for one base URL, and the runtime of the async ones.
pub struct Clients {
    runtime: Runtime,
    key_config: Config,
    token_config: Config,
    blocking_key: cloudflare_ureq::Client,
    blocking_token: cloudflare_ureq::Client,
    async_key: cloudflare_hyper::Client,
    async_token: cloudflare_hyper::Client,
}

impl Clients {
    /// Clients for `base_url`: no retries (a failure shows as it is, and no mutation is sent
    /// twice), 30 s per attempt.
    pub fn new(base_url: &str, secrets: &Secrets) -> Result<Clients, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::Transport {
                source: Box::new(e),
            })?;
        let config = |scheme| -> Result<Config, Error> {
            Ok(Config::new(secrets.credentials(scheme))?.with_base_url(base_url)?)
        };
        let options = |config: &Config| {
            ClientOptions::new(config.clone())
                .retry(RetryPolicy::never())
                .timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(5))
        };
        let key_config = config(AuthScheme::ApiKey)?;
        let token_config = config(AuthScheme::ApiToken)?;
        let (async_key, async_token) = {
            let _guard = runtime.enter();
            (
                cloudflare_hyper::Client::new(options(&key_config))?,
                cloudflare_hyper::Client::new(options(&token_config))?,
            )
        };
        Ok(Clients {
            blocking_key: cloudflare_ureq::Client::new(options(&key_config))?,
            blocking_token: cloudflare_ureq::Client::new(options(&token_config))?,
            async_key,
            async_token,
            key_config,
            token_config,
            runtime,
        })
    }

    /// The request configuration of `scheme` (what the clients send, minus their User-Agent).
    pub fn config(&self, scheme: AuthScheme) -> &Config {
        match scheme {
            AuthScheme::ApiToken => &self.token_config,
            _ => &self.key_config,
        }
    }

    /// Sends `case` through the `kind` client authenticated with `scheme`.
    pub fn send(
        &self,
        case: &dyn Case,
        kind: Kind,
        scheme: AuthScheme,
    ) -> Result<ResponseMeta, Error> {
        let token = scheme == AuthScheme::ApiToken;
        match kind {
            Kind::Blocking if token => case.send_blocking(&self.blocking_token),
            Kind::Blocking => case.send_blocking(&self.blocking_key),
            Kind::Async => {
                let client = if token {
                    &self.async_token
                } else {
                    &self.async_key
                };
                self.runtime.block_on(case.send_async(client))
            }
        }
    }

    /// The blocking client of `scheme`, for typed calls.
    pub fn blocking(&self, scheme: AuthScheme) -> &cloudflare_ureq::Client {
        match scheme {
            AuthScheme::ApiToken => &self.blocking_token,
            _ => &self.blocking_key,
        }
    }
}
