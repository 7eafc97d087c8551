//! What every request needs besides the operation itself: base URL, credentials, headers.

use std::net::IpAddr;

use http::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use http::uri::{Scheme, Uri};

use crate::auth::Credentials;
use crate::error::{Error, RequestError};

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// Environment variable holding the base URL (an emulator, a proxy); empty counts as unset.
pub const ENV_BASE_URL: &str = "CLOUDFLARE_BASE_URL";

/// Environment variable that, set to `1` or `true`, allows a plain `http://` base URL to a
/// host that is not loopback (see [`BaseUrl::parse_insecure`]). Every request then carries the
/// credentials in clear text; meant for an emulator in another container, never for the API.
pub const ENV_ALLOW_INSECURE_HTTP: &str = "CLOUDFLARE_ALLOW_INSECURE_HTTP";

/// The user agent the core sends unless told otherwise.
pub const DEFAULT_USER_AGENT: &str = concat!("cloudflare-rs-sdk/", env!("CARGO_PKG_VERSION"));

/// A validated base URL: `https`, or `http` to a loopback host (or, with the explicit opt-in of
/// [`BaseUrl::parse_insecure`], to any host). Never with `user:password@`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// Without a trailing slash, so `{base}{path}` is always right.
    prefix: String,
    /// Plain http to a host that is not loopback, allowed by the caller.
    insecure: bool,
}

impl BaseUrl {
    /// Parses and checks a base URL. It is used exactly as given, with or without a trailing slash.
    ///
    /// Plain `http://` is accepted only for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`),
    /// because every request carries credentials. A URL with `user:password@` is refused (the
    /// credentials come from [`Credentials`]), and errors never repeat such a password.
    ///
    /// ```
    /// use cloudflare_core::{BaseUrl, RequestError};
    ///
    /// assert!(BaseUrl::parse("http://127.0.0.1:8787/client/v4").is_ok());
    /// assert!(matches!(
    ///     BaseUrl::parse("http://mock:8787/client/v4"),
    ///     Err(RequestError::InsecureBaseUrl { .. })
    /// ));
    /// let err = BaseUrl::parse("https://me:hunter2@proxy.example/").unwrap_err();
    /// assert!(!err.to_string().contains("hunter2"));
    /// ```
    pub fn parse(url: &str) -> Result<Self, RequestError> {
        Self::parse_with(url, false)
    }

    /// Like [`BaseUrl::parse`], but also accepts plain `http://` to any host, such as an
    /// emulator in another container (`http://cloudflare-mock:8787/client/v4`).
    ///
    /// **Insecure**: every request then carries the credentials in clear text over the network.
    /// A warning is logged (`tracing`, WARN) each time such a URL is accepted. Never use it
    /// with real credentials.
    pub fn parse_insecure(url: &str) -> Result<Self, RequestError> {
        let parsed = Self::parse_with(url, true)?;
        if parsed.insecure {
            tracing::warn!(
                base_url = parsed.as_str(),
                "plain http to a host that is not loopback was allowed: every request sends the credentials in clear text"
            );
        }
        Ok(parsed)
    }

    fn parse_with(url: &str, allow_insecure: bool) -> Result<Self, RequestError> {
        let invalid = |reason: &str| RequestError::InvalidBaseUrl {
            url: redact_userinfo(url),
            reason: reason.to_owned(),
        };
        if has_userinfo(url) {
            return Err(invalid(
                "the URL must not contain `user:password@`; credentials come from the Credentials",
            ));
        }
        let uri: Uri = url.parse().map_err(|_| invalid("not a valid URL"))?;
        let host = uri.host().ok_or_else(|| invalid("the URL has no host"))?;
        if uri.query().is_some() || url.contains('#') {
            return Err(invalid("the URL must not contain a query or a fragment"));
        }
        let mut insecure = false;
        match uri.scheme() {
            Some(s) if *s == Scheme::HTTPS => {}
            Some(s) if *s == Scheme::HTTP => {
                if !is_loopback(host) {
                    if !allow_insecure {
                        return Err(RequestError::InsecureBaseUrl {
                            url: url.to_owned(),
                        });
                    }
                    insecure = true;
                }
            }
            _ => {
                return Err(invalid(
                    "the scheme must be https (or http to a loopback host)",
                ));
            }
        }
        Ok(BaseUrl {
            prefix: url.trim_end_matches('/').to_owned(),
            insecure,
        })
    }

    /// The base URL without its trailing slash.
    pub fn as_str(&self) -> &str {
        &self.prefix
    }

    /// Whether this is plain `http://` to a host that is not loopback, allowed through
    /// [`BaseUrl::parse_insecure`]: credentials travel in clear text.
    pub fn is_insecure(&self) -> bool {
        self.insecure
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl {
            prefix: DEFAULT_BASE_URL.to_owned(),
            insecure: false,
        }
    }
}

/// Checks a header a caller adds to requests: valid HTTP, and not an authentication header
/// (those come from the credentials only, so a request never carries two schemes).
pub(crate) fn extra_header(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), RequestError> {
    let invalid = || RequestError::InvalidHeader { name: name.into() };
    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
    if name == http::header::AUTHORIZATION || name.as_str().starts_with("x-auth-") {
        return Err(RequestError::InvalidHeader {
            name: format!("{name} (authentication headers come from the credentials)"),
        });
    }
    Ok((name, value))
}

/// The authority part of a URL-ish string: after `scheme://`, up to the path, query or fragment.
fn authority_range(url: &str) -> Option<std::ops::Range<usize>> {
    let start = url.find("://")? + 3;
    let len = url[start..]
        .find(['/', '?', '#'])
        .unwrap_or(url.len() - start);
    Some(start..start + len)
}

fn has_userinfo(url: &str) -> bool {
    authority_range(url).is_some_and(|r| url[r].contains('@'))
}

/// `url` with any `user:password@` replaced by `***@`, for error messages.
fn redact_userinfo(url: &str) -> String {
    match authority_range(url) {
        Some(r) if url[r.clone()].contains('@') => {
            let at = r.start + url[r.clone()].rfind('@').unwrap_or(0);
            format!("{}***{}", &url[..r.start], &url[at..])
        }
        _ => url.to_owned(),
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Everything the core needs to turn an operation into a request.
#[derive(Clone, Debug)]
pub struct Config {
    base_url: BaseUrl,
    credentials: Credentials,
    /// Precomputed: user agent, accept, auth and any extra headers.
    headers: HeaderMap,
}

impl Config {
    /// A configuration for the production API with these credentials.
    pub fn new(credentials: Credentials) -> Result<Self, RequestError> {
        let mut config = Config {
            base_url: BaseUrl::default(),
            credentials,
            headers: HeaderMap::new(),
        };
        config.headers.insert(
            http::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        config
            .headers
            .insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        config.credentials.apply(&mut config.headers)?;
        Ok(config)
    }

    /// A configuration from the environment: the credentials as
    /// [`Credentials::from_env`] reads them, the base URL from `CLOUDFLARE_BASE_URL` (default
    /// [`DEFAULT_BASE_URL`]; empty counts as unset), and plain http to a host that is not
    /// loopback only if `CLOUDFLARE_ALLOW_INSECURE_HTTP` is `1` or `true`.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`], reading variables through `lookup`.
    ///
    /// ```
    /// use cloudflare_core::Config;
    ///
    /// let env = |name: &str| match name {
    ///     "CLOUDFLARE_API_TOKEN" => Some("token".to_owned()),
    ///     "CLOUDFLARE_EMAIL" => Some("me@example.com".to_owned()), // ignored: not a whole scheme
    ///     "CLOUDFLARE_BASE_URL" => Some("http://127.0.0.1:8787/client/v4".to_owned()),
    ///     _ => None,
    /// };
    /// let config = Config::from_lookup(env)?;
    /// assert_eq!(config.base_url().as_str(), "http://127.0.0.1:8787/client/v4");
    /// # Ok::<(), cloudflare_core::Error>(())
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let credentials = Credentials::from_lookup(&lookup)?;
        let mut config = Config::new(credentials)?;
        if let Some(url) = lookup(ENV_BASE_URL).filter(|v| !v.trim().is_empty()) {
            let allow = lookup(ENV_ALLOW_INSECURE_HTTP).is_some_and(|v| {
                matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes")
            });
            config = if allow {
                config.with_insecure_base_url(url.trim())?
            } else {
                config.with_base_url(url.trim())?
            };
        }
        Ok(config)
    }

    /// Uses another base URL (an emulator, a proxy). See [`BaseUrl::parse`].
    pub fn with_base_url(mut self, url: &str) -> Result<Self, RequestError> {
        self.base_url = BaseUrl::parse(url)?;
        Ok(self)
    }

    /// Uses another base URL, allowing plain `http://` to any host. **Insecure**: see
    /// [`BaseUrl::parse_insecure`] (the credentials travel in clear text; a warning is logged).
    pub fn with_insecure_base_url(mut self, url: &str) -> Result<Self, RequestError> {
        self.base_url = BaseUrl::parse_insecure(url)?;
        Ok(self)
    }

    /// Sets the `User-Agent` header.
    pub fn with_user_agent(mut self, user_agent: &str) -> Result<Self, RequestError> {
        let value = HeaderValue::from_str(user_agent).map_err(|_| RequestError::InvalidHeader {
            name: "user-agent".into(),
        })?;
        self.headers.insert(USER_AGENT, value);
        Ok(self)
    }

    /// Adds a header sent with every request. Authentication headers cannot be set this way.
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, RequestError> {
        let (name, value) = extra_header(name, value)?;
        self.headers.append(name, value);
        Ok(self)
    }

    /// Whether the `User-Agent` is still the core's default (adapters then name themselves in it).
    pub fn has_default_user_agent(&self) -> bool {
        self.headers
            .get(USER_AGENT)
            .is_some_and(|v| v == DEFAULT_USER_AGENT)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// The credentials every request carries.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The headers every request carries (authentication included, marked sensitive).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert_eq!(BaseUrl::default().as_str(), DEFAULT_BASE_URL);
        let slash = BaseUrl::parse("https://proxy.example/cf/v4/").unwrap();
        let plain = BaseUrl::parse("https://proxy.example/cf/v4").unwrap();
        assert_eq!(slash, plain);
        assert_eq!(plain.as_str(), "https://proxy.example/cf/v4");
        for ok in [
            "http://127.0.0.1:8080/client/v4",
            "http://localhost:1/x",
            "http://[::1]:9/client/v4",
            "http://127.1.2.3",
        ] {
            assert!(BaseUrl::parse(ok).is_ok(), "{ok}");
        }
        assert!(matches!(
            BaseUrl::parse("http://api.cloudflare.com/client/v4"),
            Err(RequestError::InsecureBaseUrl { .. })
        ));
        assert!(matches!(
            BaseUrl::parse("http://10.0.0.1/"),
            Err(RequestError::InsecureBaseUrl { .. })
        ));
        for bad in ["ftp://x/", "not a url", "/relative", "https://x/?q=1"] {
            assert!(
                matches!(
                    BaseUrl::parse(bad),
                    Err(RequestError::InvalidBaseUrl { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn userinfo_is_refused_and_never_repeated() {
        for url in [
            "https://me:hunter2@proxy.example/client/v4",
            "http://me:hunter2@127.0.0.1:8787/",
            "https://hunter2@proxy.example",
            "https://me:hun ter2@bad host/",
        ] {
            let err = BaseUrl::parse(url).unwrap_err();
            assert!(matches!(err, RequestError::InvalidBaseUrl { .. }), "{url}");
            assert!(!err.to_string().contains("hunter2"), "{err}");
            assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");
            assert!(BaseUrl::parse_insecure(url).is_err(), "{url}");
        }
        // An `@` in the path is not userinfo.
        assert!(BaseUrl::parse("https://proxy.example/a@b").is_ok());
        assert_eq!(
            redact_userinfo("https://a:b@h/x@y"),
            "https://***@h/x@y".to_owned()
        );
    }

    #[test]
    fn plain_http_elsewhere_needs_the_explicit_opt_in() {
        let url = "http://cloudflare-mock:8787/client/v4";
        assert!(matches!(
            BaseUrl::parse(url),
            Err(RequestError::InsecureBaseUrl { .. })
        ));
        let insecure = BaseUrl::parse_insecure(url).unwrap();
        assert!(insecure.is_insecure());
        assert_eq!(insecure.as_str(), url);
        assert!(
            !BaseUrl::parse_insecure("http://127.0.0.1:1/")
                .unwrap()
                .is_insecure()
        );
        assert!(
            !BaseUrl::parse_insecure("https://x.example/")
                .unwrap()
                .is_insecure()
        );
    }

    fn lookup(pairs: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        let pairs = pairs.to_vec();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn from_env_reads_the_base_url() {
        let token = ("CLOUDFLARE_API_TOKEN", "t");
        let config = Config::from_lookup(lookup(&[token])).unwrap();
        assert_eq!(config.base_url().as_str(), DEFAULT_BASE_URL);
        for empty in ["", "  "] {
            let config = Config::from_lookup(lookup(&[token, (ENV_BASE_URL, empty)])).unwrap();
            assert_eq!(config.base_url().as_str(), DEFAULT_BASE_URL);
        }
        let config = Config::from_lookup(lookup(&[
            token,
            (ENV_BASE_URL, "http://127.0.0.1:8787/client/v4/"),
        ]))
        .unwrap();
        assert_eq!(
            config.base_url().as_str(),
            "http://127.0.0.1:8787/client/v4"
        );
        let remote = (ENV_BASE_URL, "http://cloudflare-mock:8787/client/v4");
        assert!(matches!(
            Config::from_lookup(lookup(&[token, remote])),
            Err(Error::InvalidRequest(RequestError::InsecureBaseUrl { .. }))
        ));
        for no in ["0", "false", ""] {
            assert!(
                Config::from_lookup(lookup(&[token, remote, (ENV_ALLOW_INSECURE_HTTP, no)]))
                    .is_err()
            );
        }
        let config =
            Config::from_lookup(lookup(&[token, remote, (ENV_ALLOW_INSECURE_HTTP, "1")])).unwrap();
        assert!(config.base_url().is_insecure());
        let err = Config::from_lookup(lookup(&[
            token,
            (ENV_BASE_URL, "https://u:hunter2@h.example/"),
        ]))
        .unwrap_err();
        assert!(!format!("{err} {err:?}").contains("hunter2"));
    }

    #[test]
    fn refuses_auth_headers_as_extras() {
        let config = Config::new(Credentials::api_token("t")).unwrap();
        assert!(config.clone().with_header("Authorization", "x").is_err());
        assert!(config.clone().with_header("X-Auth-Key", "x").is_err());
        assert!(config.with_header("x-trace", "1").is_ok());
    }
}
