//! Which HTTP proxy, if any, carries the client's requests: read from the environment (curl's
//! variables) or set in code, with the proxy's credentials kept out of every `Debug` and error
//! message. A decision, so it is made here; the connection through the proxy is the
//! transport's business.

use std::fmt;

use crate::error::Error;
use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use http::{HeaderValue, Uri};
use percent_encoding::percent_decode_str;

/// The HTTP proxy setting of a client (both clients take this type): which proxy
/// carries requests to `https://` and to `http://` URLs, and which hosts bypass it. Given to
/// `ClientBuilder::proxy`; without one a client uses [`Proxy::from_env`].
///
/// A proxy URL is `http://[user:password@]host[:port]` (the scheme may be left out; the port
/// defaults to 80). Its credentials, percent-decoded, are sent to the proxy as
/// `Proxy-Authorization: Basic ...` and never shown: `Debug` and every error print them as
/// `***`. `https://` (TLS to the proxy) and SOCKS proxies are refused with
/// [`Error::Configuration`].
///
/// ```
/// use cloudflare_core::proxy::Proxy;
///
/// let proxy = Proxy::new("http://me:secret@proxy.internal:3128")?
///     .no_proxy("localhost, .internal");
/// assert!(!format!("{proxy:?}").contains("secret"));
/// // Give it to a client with `ClientBuilder::proxy`; `Proxy::none()` is always direct.
/// assert!(Proxy::none().is_none());
/// # Ok::<(), cloudflare_core::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Proxy {
    https: Option<ProxyUrl>,
    http: Option<ProxyUrl>,
    no_proxy: NoProxy,
}

impl Proxy {
    /// No proxy: every connection is direct, whatever the environment says.
    pub fn none() -> Proxy {
        Proxy::default()
    }

    /// Every request (to `https://` and `http://` URLs alike) through the proxy at `url`.
    pub fn new(url: &str) -> Result<Proxy, Error> {
        let url = ProxyUrl::parse(url)?;
        Ok(Proxy {
            https: Some(url.clone()),
            http: Some(url),
            no_proxy: NoProxy::default(),
        })
    }

    /// The proxy the environment names, as curl reads it: `HTTPS_PROXY` for `https://` URLs
    /// and `HTTP_PROXY` for `http://` ones, each falling back to `ALL_PROXY`; `NO_PROXY` lists
    /// the hosts that bypass it. Each name is looked up in upper case, then in lower case; an
    /// empty value counts as unset. In a CGI program (`REQUEST_METHOD` set) the upper-case
    /// `HTTP_PROXY` is ignored, since a request's `Proxy:` header can set it there.
    ///
    /// Fails with [`Error::Configuration`] if a proxy URL is invalid (it is not ignored: a
    /// silently bypassed corporate proxy is harder to diagnose).
    pub fn from_env() -> Result<Proxy, Error> {
        Proxy::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`Proxy::from_env`] with the variables read through `lookup` (for tests, or a program's
    /// own configuration source).
    ///
    /// ```
    /// use cloudflare_core::proxy::Proxy;
    ///
    /// let proxy = Proxy::from_lookup(|name| match name {
    ///     "https_proxy" => Some("http://proxy.internal:3128".to_owned()),
    ///     "NO_PROXY" => Some("localhost".to_owned()),
    ///     _ => None,
    /// })?;
    /// assert!(format!("{proxy:?}").contains("proxy.internal:3128"));
    /// # Ok::<(), cloudflare_core::Error>(())
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Proxy, Error> {
        let cgi = lookup("REQUEST_METHOD").is_some();
        let get = |upper: &str, lower: &str| {
            let first = if cgi && upper == "HTTP_PROXY" {
                None
            } else {
                lookup(upper)
            };
            first
                .filter(|v| !v.trim().is_empty())
                .or_else(|| lookup(lower).filter(|v| !v.trim().is_empty()))
        };
        let parse = |value: Option<String>| value.as_deref().map(ProxyUrl::parse).transpose();
        let all = parse(get("ALL_PROXY", "all_proxy"))?;
        let https = parse(get("HTTPS_PROXY", "https_proxy"))?.or_else(|| all.clone());
        let http = parse(get("HTTP_PROXY", "http_proxy"))?.or(all);
        let no_proxy = NoProxy::parse(&get("NO_PROXY", "no_proxy").unwrap_or_default());
        Ok(Proxy {
            https,
            http,
            no_proxy,
        })
    }

    /// Adds hosts that bypass the proxy: a comma-separated list as in `NO_PROXY`. Each entry is
    /// a host name, which also covers its subdomains (`example.com` and `.example.com` both
    /// match `api.example.com`), an IP address, or `*` for every host. Ports and address ranges
    /// are not understood.
    pub fn no_proxy(mut self, list: &str) -> Proxy {
        self.no_proxy.0.extend(NoProxy::parse(list).0);
        self
    }

    /// Whether no request would go through a proxy.
    pub fn is_none(&self) -> bool {
        self.https.is_none() && self.http.is_none()
    }

    /// The proxy for a request to `uri`, if it goes through one.
    /// The proxy for a request to `uri`, or `None` to connect directly.
    pub fn for_uri(&self, uri: &Uri) -> Option<&ProxyUrl> {
        let host = uri.host()?;
        if self.no_proxy.matches(host) {
            return None;
        }
        match uri.scheme_str() {
            Some("https") => self.https.as_ref(),
            Some("http") => self.http.as_ref(),
            _ => None,
        }
    }
}

/// One proxy: where it is and the credentials it wants, which `Debug` never shows.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl {
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
}

impl ProxyUrl {
    fn parse(url: &str) -> Result<ProxyUrl, Error> {
        let url = url.trim();
        let (scheme, rest) = match url.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => ("http".to_owned(), url),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        // Only what is left of the credentials is ever printed.
        let shown = format!(
            "{scheme}://{}{hostport}",
            if userinfo.is_some() { "***@" } else { "" }
        );
        let invalid = |why: &str| Error::Configuration {
            source: format!("invalid proxy URL `{shown}`: {why}").into(),
        };
        if scheme != "http" {
            return Err(invalid(
                "only http:// proxies are supported (no TLS to the proxy, no SOCKS)",
            ));
        }
        let parsed: http::uri::Authority =
            hostport.parse().map_err(|_| invalid("not a host[:port]"))?;
        if parsed.host().is_empty() {
            return Err(invalid("no host"));
        }
        let credentials = match userinfo {
            None => None,
            Some(userinfo) => {
                let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
                let decode = |part: &str| {
                    percent_decode_str(part)
                        .decode_utf8()
                        .map(|s| s.into_owned())
                        .map_err(|_| invalid("the credentials are not UTF-8 once decoded"))
                };
                Some((decode(user)?, decode(password)?))
            }
        };
        Ok(ProxyUrl {
            host: parsed.host().to_owned(),
            port: parsed.port_u16().unwrap_or(80),
            credentials,
        })
    }

    /// The host, IPv6 addresses in brackets.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port (80 unless the URL gave one).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://host:port`, what a transport dials.
    pub fn uri(&self) -> Result<Uri, Error> {
        Uri::builder()
            .scheme("http")
            .authority(format!("{}:{}", self.host, self.port))
            .path_and_query("/")
            .build()
            .map_err(|e| Error::Configuration {
                source: format!("proxy address {}:{}: {e}", self.host, self.port).into(),
            })
    }

    /// The decoded user and password, if the URL has credentials. Secret: never log them.
    pub fn credentials(&self) -> Option<(&str, &str)> {
        self.credentials
            .as_ref()
            .map(|(user, password)| (user.as_str(), password.as_str()))
    }

    /// The `Proxy-Authorization` value (`Basic` of the decoded user and password), marked
    /// sensitive, if the URL has credentials.
    pub fn authorization(&self) -> Option<HeaderValue> {
        let (user, password) = self.credentials.as_ref()?;
        let encoded = BASE64_STANDARD.encode(format!("{user}:{password}"));
        let mut value = HeaderValue::try_from(format!("Basic {encoded}")).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = if self.credentials.is_some() {
            "***@"
        } else {
            ""
        };
        write!(f, "\"http://{auth}{}:{}\"", self.host, self.port)
    }
}

/// The hosts that bypass the proxy, lower case, without a leading `.` or `*.`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct NoProxy(Vec<String>);

impl NoProxy {
    fn parse(list: &str) -> NoProxy {
        NoProxy(
            list.split(',')
                .map(|entry| {
                    let entry = entry.trim().to_ascii_lowercase();
                    let entry = entry
                        .strip_prefix("*.")
                        .or_else(|| entry.strip_prefix('.'))
                        .unwrap_or(&entry);
                    entry
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_owned()
                })
                .filter(|entry| !entry.is_empty())
                .collect(),
        )
    }

    fn matches(&self, host: &str) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        self.0.iter().any(|entry| {
            entry == "*"
                || host == *entry
                || host
                    .strip_suffix(entry.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn target(proxy: &Proxy, uri: &str) -> Option<String> {
        proxy
            .for_uri(&uri.parse().unwrap())
            .map(|p| format!("{}:{}", p.host(), p.port()))
    }

    #[test]
    fn each_scheme_has_its_variable_and_all_proxy_is_the_fallback() {
        let proxy = Proxy::from_lookup(env(&[
            ("https_proxy", "http://s.example:1"),
            ("ALL_PROXY", "a.example:2"),
        ]))
        .unwrap();
        assert_eq!(
            target(&proxy, "https://api.cloudflare.com/x").as_deref(),
            Some("s.example:1")
        );
        assert_eq!(
            target(&proxy, "http://127.0.0.1:8787/x").as_deref(),
            Some("a.example:2")
        );
        let upper_first = Proxy::from_lookup(env(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:1"),
        ]))
        .unwrap();
        assert_eq!(
            target(&upper_first, "https://h/").as_deref(),
            Some("upper:1")
        );
        assert!(Proxy::from_lookup(env(&[])).unwrap().is_none());
        assert!(
            Proxy::from_lookup(env(&[("HTTPS_PROXY", " ")]))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn cgi_programs_ignore_the_upper_case_http_proxy() {
        let proxy = Proxy::from_lookup(env(&[
            ("REQUEST_METHOD", "GET"),
            ("HTTP_PROXY", "http://injected:1"),
        ]))
        .unwrap();
        assert_eq!(target(&proxy, "http://h/"), None);
    }

    #[test]
    fn no_proxy_matches_hosts_their_subdomains_and_ips() {
        let proxy = Proxy::new("http://p:3128")
            .unwrap()
            .no_proxy("Example.com, .internal ,127.0.0.1,[::1]");
        for bypassed in [
            "https://example.com/",
            "https://api.example.com/",
            "https://a.b.internal/",
            "http://127.0.0.1:8787/",
            "http://[::1]:80/",
        ] {
            assert_eq!(target(&proxy, bypassed), None, "{bypassed}");
        }
        for proxied in [
            "https://notexample.com/",
            "https://example.com.evil/",
            "http://127.0.0.2/",
        ] {
            assert!(target(&proxy, proxied).is_some(), "{proxied}");
        }
        let all = Proxy::new("http://p:3128").unwrap().no_proxy("*");
        assert_eq!(target(&all, "https://anything/"), None);
    }

    #[test]
    fn credentials_are_decoded_and_never_shown() {
        let proxy = Proxy::new("http://us%40er:p%3Ass@proxy:3128").unwrap();
        let url = proxy.for_uri(&"https://h/".parse().unwrap()).unwrap();
        assert_eq!(url.credentials(), Some(("us@er", "p:ss")));
        let auth = url.authorization().unwrap();
        assert!(auth.is_sensitive());
        // base64("us@er:p:ss")
        assert_eq!(auth, "Basic dXNAZXI6cDpzcw==");
        assert!(!format!("{auth:?}").contains("dXN"), "{auth:?}");
        let shown = format!("{proxy:?}");
        assert!(shown.contains("http://***@proxy:3128"), "{shown}");
        assert!(
            !shown.contains("p:ss") && !shown.contains("p%3Ass"),
            "{shown}"
        );

        for bad in [
            "https://me:hunter2@proxy:3128",
            "socks5://me:hunter2@proxy:1080",
            "http://me:hunter2@pro xy:3128",
            "http://me:hunter2@:3128",
        ] {
            let err = Proxy::new(bad).unwrap_err();
            assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
            for text in [err.to_string(), format!("{err:?}")] {
                assert!(!text.contains("hunter2"), "{text}");
                assert!(text.contains("***@"), "{text}");
            }
        }
        let err = Proxy::from_lookup(env(&[("HTTPS_PROXY", "ftp://me:hunter2@p")])).unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
