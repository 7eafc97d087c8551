//! The clients a command uses: from the SDK's environment variables, `--base-url`, or the
//! bundled emulator (`--emulator`).

use std::time::Duration;

use cloudflare_hyper::auth::{ENV_API_KEY, ENV_API_TOKEN, ENV_EMAIL};
use cloudflare_hyper::config::{ENV_ALLOW_INSECURE_HTTP, ENV_BASE_URL};
use cloudflare_hyper::{AuthScheme, Client, ClientOptions, Config, Credentials, Operation};
use cloudflare_mock::{MockConfig, MockServer};

use crate::error::{CliError, Result};
use crate::output::Format;

/// How to reach the API.
#[derive(Clone, Debug, Default)]
pub struct Connection {
    /// `--base-url`: overrides `CLOUDFLARE_BASE_URL`.
    pub base_url: Option<String>,
    /// `--emulator`: start the bundled emulator and use its credentials.
    pub emulator: bool,
    /// `--emulator-latency`: latency the emulator adds before every response.
    pub emulator_latency: Option<Duration>,
    /// `--timeout`: the longest one attempt may take.
    pub timeout: Duration,
}

/// What every command gets: the clients (one per credential scheme available) and the output
/// format.
pub struct Ctx {
    token: Option<Client>,
    key: Option<Client>,
    /// The output format.
    pub format: Format,
    /// Kept alive for the whole run when `--emulator` started it.
    _emulator: Option<MockServer>,
}

impl Ctx {
    /// Sets up the clients as `connection` says.
    pub fn new(connection: &Connection, format: Format) -> Result<Ctx> {
        if connection.emulator {
            return Self::emulator(connection, format);
        }
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let token = env(ENV_API_TOKEN).map(Credentials::api_token);
        let key = match (env(ENV_EMAIL), env(ENV_API_KEY)) {
            (Some(email), Some(key)) => Some(Credentials::api_key(email, key)),
            _ => None,
        };
        if token.is_none() && key.is_none() {
            return Err(CliError::Config(format!(
                "no credentials: set {ENV_API_TOKEN}, or {ENV_API_KEY} and {ENV_EMAIL}"
            )));
        }
        let base_url = connection.base_url.clone().or_else(|| env(ENV_BASE_URL));
        let insecure = env(ENV_ALLOW_INSECURE_HTTP).is_some_and(|v| {
            matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes")
        });
        let build = |credentials: Option<Credentials>| {
            credentials
                .map(|c| client(c, base_url.as_deref(), insecure, connection.timeout))
                .transpose()
        };
        Ok(Ctx {
            token: build(token)?,
            key: build(key)?,
            format,
            _emulator: None,
        })
    }

    fn emulator(connection: &Connection, format: Format) -> Result<Ctx> {
        let server = MockServer::start(MockConfig::default())
            .map_err(|e| CliError::io("starting the emulator", e))?;
        if let Some(latency) = connection.emulator_latency {
            server.faults().set_latency(latency);
        }
        let base_url = server.base_url();
        let config = server.config();
        let token = Credentials::api_token(config.token.clone());
        let key = Credentials::api_key(config.email.clone(), config.key.clone());
        Ok(Ctx {
            token: Some(client(token, Some(&base_url), false, connection.timeout)?),
            key: Some(client(key, Some(&base_url), false, connection.timeout)?),
            format,
            _emulator: Some(server),
        })
    }

    /// The client for operation `O`: one whose credentials `O::INFO.auth` lists (a token
    /// first), else whichever there is (the API then says whether it accepts it).
    pub fn client<O: Operation>(&self) -> &Client {
        let accepts = |scheme| O::INFO.auth.contains(&scheme);
        let by_scheme = [
            (AuthScheme::ApiToken, &self.token),
            (AuthScheme::ApiKey, &self.key),
        ];
        by_scheme
            .iter()
            .find_map(|(scheme, client)| client.as_ref().filter(|_| accepts(*scheme)))
            .or(self.token.as_ref())
            .or(self.key.as_ref())
            .expect("Ctx::new makes at least one client")
    }
}

/// A client with `credentials` on `base_url` (default: the API); `insecure` allows plain http
/// to a host that is not loopback, as `CLOUDFLARE_ALLOW_INSECURE_HTTP` does for the SDK.
fn client(
    credentials: Credentials,
    base_url: Option<&str>,
    insecure: bool,
    timeout: Duration,
) -> Result<Client> {
    let bad = |e: cloudflare_hyper::Error| CliError::usage(format!("client configuration: {e}"));
    let mut config = Config::new(credentials).map_err(|e| bad(e.into()))?;
    if let Some(url) = base_url {
        let url = url.trim();
        let with = if insecure {
            config.with_insecure_base_url(url)
        } else {
            config.with_base_url(url)
        };
        config = with.map_err(|e| CliError::usage(format!("base URL {url:?}: {e}")))?;
    }
    Client::new(ClientOptions::new(config).timeout(timeout)).map_err(bad)
}
