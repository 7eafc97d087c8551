//! What every request needs besides the operation itself: base URL, credentials, headers.

use std::net::IpAddr;

use http::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use http::uri::{Scheme, Uri};

use crate::auth::Credentials;
use crate::error::RequestError;

/// The production API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// The user agent the core sends unless told otherwise.
pub const DEFAULT_USER_AGENT: &str = concat!("cloudflare-rs-sdk/", env!("CARGO_PKG_VERSION"));

/// A validated base URL: `https`, or `http` to a loopback host only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    /// Without a trailing slash, so `{base}{path}` is always right.
    prefix: String,
}

impl BaseUrl {
    /// Parses and checks a base URL. It is used exactly as given, with or without a trailing slash.
    ///
    /// Plain `http://` is accepted only for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`),
    /// because every request carries credentials.
    pub fn parse(url: &str) -> Result<Self, RequestError> {
        let invalid = |reason: &str| RequestError::InvalidBaseUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let uri: Uri = url.parse().map_err(|_| invalid("not a valid URL"))?;
        let host = uri.host().ok_or_else(|| invalid("the URL has no host"))?;
        if uri.query().is_some() || url.contains('#') {
            return Err(invalid("the URL must not contain a query or a fragment"));
        }
        match uri.scheme() {
            Some(s) if *s == Scheme::HTTPS => {}
            Some(s) if *s == Scheme::HTTP => {
                if !is_loopback(host) {
                    return Err(RequestError::InsecureBaseUrl {
                        url: url.to_owned(),
                    });
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
        })
    }

    /// The base URL without its trailing slash.
    pub fn as_str(&self) -> &str {
        &self.prefix
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl {
            prefix: DEFAULT_BASE_URL.to_owned(),
        }
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

    /// Uses another base URL (an emulator, a proxy). See [`BaseUrl::parse`].
    pub fn with_base_url(mut self, url: &str) -> Result<Self, RequestError> {
        self.base_url = BaseUrl::parse(url)?;
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
        let invalid = || RequestError::InvalidHeader { name: name.into() };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        if name == http::header::AUTHORIZATION || name.as_str().starts_with("x-auth-") {
            return Err(RequestError::InvalidHeader {
                name: format!("{name} (authentication headers come from the credentials)"),
            });
        }
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
    fn refuses_auth_headers_as_extras() {
        let config = Config::new(Credentials::api_token("t")).unwrap();
        assert!(config.clone().with_header("Authorization", "x").is_err());
        assert!(config.clone().with_header("X-Auth-Key", "x").is_err());
        assert!(config.with_header("x-trace", "1").is_ok());
    }
}
