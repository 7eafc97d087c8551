//! Credentials: exactly one authentication scheme per client.

use std::fmt;

use http::HeaderValue;
use http::header::{AUTHORIZATION, HeaderMap, HeaderName};

/// Environment variable holding an API token.
pub const ENV_API_TOKEN: &str = "CLOUDFLARE_API_TOKEN";
/// Environment variable holding a Global API key (used with [`ENV_EMAIL`]).
pub const ENV_API_KEY: &str = "CLOUDFLARE_API_KEY";
/// Environment variable holding the account email that goes with [`ENV_API_KEY`].
pub const ENV_EMAIL: &str = "CLOUDFLARE_EMAIL";
/// Environment variable holding a user service key (Origin CA key).
pub const ENV_USER_SERVICE_KEY: &str = "CLOUDFLARE_API_USER_SERVICE_KEY";

const X_AUTH_EMAIL: HeaderName = HeaderName::from_static("x-auth-email");
const X_AUTH_KEY: HeaderName = HeaderName::from_static("x-auth-key");
const X_AUTH_USER_SERVICE_KEY: HeaderName = HeaderName::from_static("x-auth-user-service-key");

/// A secret string (token or key). Its `Debug` and `Display` never show the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself. Call this only to hand the value to something that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Serializes the secret value itself (so a created token can be stored or handed on);
/// only `Debug` and `Display` redact it.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Reads a secret from a JSON string (a token `value`, the result of rolling a token).
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <String as serde::Deserialize>::deserialize(d).map(Secret)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// The authentication schemes the API knows, as named in the OpenAPI schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>` (`api_token` in the schema).
    ApiToken,
    /// `X-Auth-Email` + `X-Auth-Key` (`api_email` + `api_key` in the schema).
    ApiKey,
    /// `X-Auth-User-Service-Key` (`user_service_key` in the schema).
    UserServiceKey,
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthScheme::ApiToken => "API token",
            AuthScheme::ApiKey => "API key + email",
            AuthScheme::UserServiceKey => "user service key",
        })
    }
}

/// How a client authenticates: exactly one scheme, never several
/// (the API answers 400, code 6003, to requests carrying more than one).
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// An API token, sent as `Authorization: Bearer <token>`.
    ApiToken(Secret),
    /// A Global API key and the email of its user.
    ApiKey {
        /// The account email (`X-Auth-Email`).
        email: String,
        /// The Global API key (`X-Auth-Key`).
        key: Secret,
    },
    /// A user service key (`X-Auth-User-Service-Key`).
    UserServiceKey(Secret),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ApiToken(_) => f.write_str("Credentials::ApiToken(<redacted>)"),
            Credentials::ApiKey { email, .. } => f
                .debug_struct("Credentials::ApiKey")
                .field("email", email)
                .field("key", &"<redacted>")
                .finish(),
            Credentials::UserServiceKey(_) => {
                f.write_str("Credentials::UserServiceKey(<redacted>)")
            }
        }
    }
}

/// Why credentials could not be loaded from the environment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// No scheme is configured.
    #[error(
        "no Cloudflare credentials found: set CLOUDFLARE_API_TOKEN (recommended), or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL, or CLOUDFLARE_API_USER_SERVICE_KEY"
    )]
    Missing,
    /// More than one scheme is configured; the API refuses requests carrying several.
    #[error(
        "several Cloudflare credential schemes are set ({0}); the API refuses requests that carry more than one, so unset all but one"
    )]
    Several(String),
    /// Only one half of the API key + email pair is set.
    #[error("{present} is set but {missing} is not: the Global API key needs both")]
    Incomplete {
        /// The variable that is set.
        present: &'static str,
        /// The variable that is missing.
        missing: &'static str,
    },
    /// A value cannot be sent in an HTTP header (control characters, newlines).
    #[error("the {0} contains characters that cannot be sent in an HTTP header")]
    InvalidHeaderValue(&'static str),
}

impl Credentials {
    /// An API token (recommended).
    pub fn api_token(token: impl Into<String>) -> Self {
        Credentials::ApiToken(Secret(token.into()))
    }

    /// A Global API key with its user's email.
    pub fn api_key(email: impl Into<String>, key: impl Into<String>) -> Self {
        Credentials::ApiKey {
            email: email.into(),
            key: Secret(key.into()),
        }
    }

    /// A user service key.
    pub fn user_service_key(key: impl Into<String>) -> Self {
        Credentials::UserServiceKey(Secret(key.into()))
    }

    /// Loads credentials from `CLOUDFLARE_API_TOKEN`, `CLOUDFLARE_API_KEY` + `CLOUDFLARE_EMAIL`
    /// or `CLOUDFLARE_API_USER_SERVICE_KEY` (empty values count as unset).
    ///
    /// Exactly one complete scheme must be set. A stray half of another scheme is ignored (a
    /// token with a leftover `CLOUDFLARE_EMAIL` is the token); two complete schemes are refused,
    /// since the API refuses requests carrying several; a lone half is
    /// [`CredentialsError::Incomplete`].
    pub fn from_env() -> Result<Self, CredentialsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup` (handy for tests and config files).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CredentialsError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let token = get(ENV_API_TOKEN);
        let key = get(ENV_API_KEY);
        let email = get(ENV_EMAIL);
        let service = get(ENV_USER_SERVICE_KEY);

        let pair = key.is_some() && email.is_some();
        let mut found = Vec::new();
        if token.is_some() {
            found.push(ENV_API_TOKEN);
        }
        if pair {
            found.push("CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL");
        }
        if service.is_some() {
            found.push(ENV_USER_SERVICE_KEY);
        }
        if found.len() > 1 {
            return Err(CredentialsError::Several(found.join(", ")));
        }
        let credentials = match (token, key, email, service) {
            (Some(token), ..) => Credentials::api_token(token),
            (_, Some(key), Some(email), _) => Credentials::api_key(email, key),
            (_, _, _, Some(service)) => Credentials::user_service_key(service),
            (_, Some(_), None, _) => {
                return Err(CredentialsError::Incomplete {
                    present: ENV_API_KEY,
                    missing: ENV_EMAIL,
                });
            }
            (_, None, Some(_), _) => {
                return Err(CredentialsError::Incomplete {
                    present: ENV_EMAIL,
                    missing: ENV_API_KEY,
                });
            }
            _ => return Err(CredentialsError::Missing),
        };
        credentials.validate()?;
        Ok(credentials)
    }

    /// The scheme these credentials use.
    pub fn scheme(&self) -> AuthScheme {
        match self {
            Credentials::ApiToken(_) => AuthScheme::ApiToken,
            Credentials::ApiKey { .. } => AuthScheme::ApiKey,
            Credentials::UserServiceKey(_) => AuthScheme::UserServiceKey,
        }
    }

    /// Checks that every value can travel in an HTTP header.
    pub fn validate(&self) -> Result<(), CredentialsError> {
        self.headers().map(|_| ())
    }

    /// The authentication headers, each marked sensitive (so HTTP libraries and loggers hide them).
    pub fn headers(&self) -> Result<Vec<(HeaderName, HeaderValue)>, CredentialsError> {
        fn sensitive(value: &str, what: &'static str) -> Result<HeaderValue, CredentialsError> {
            let mut value = HeaderValue::from_str(value.trim())
                .map_err(|_| CredentialsError::InvalidHeaderValue(what))?;
            value.set_sensitive(true);
            Ok(value)
        }
        Ok(match self {
            Credentials::ApiToken(token) => vec![(
                AUTHORIZATION,
                sensitive(&format!("Bearer {}", token.expose().trim()), "API token")?,
            )],
            Credentials::ApiKey { email, key } => vec![
                (X_AUTH_EMAIL, sensitive(email, "email")?),
                (X_AUTH_KEY, sensitive(key.expose(), "API key")?),
            ],
            Credentials::UserServiceKey(key) => vec![(
                X_AUTH_USER_SERVICE_KEY,
                sensitive(key.expose(), "user service key")?,
            )],
        })
    }

    /// Writes the authentication headers into `headers`, removing any other scheme's headers first.
    pub fn apply(&self, headers: &mut HeaderMap) -> Result<(), CredentialsError> {
        for name in [
            AUTHORIZATION,
            X_AUTH_EMAIL,
            X_AUTH_KEY,
            X_AUTH_USER_SERVICE_KEY,
        ] {
            headers.remove(name);
        }
        for (name, value) in self.headers()? {
            headers.insert(name, value);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Credentials::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn loads_each_scheme_from_env() {
        assert_eq!(
            env(&[(ENV_API_TOKEN, "tok")]).unwrap(),
            Credentials::api_token("tok")
        );
        assert_eq!(
            env(&[(ENV_API_KEY, "k"), (ENV_EMAIL, "a@b.c")]).unwrap(),
            Credentials::api_key("a@b.c", "k")
        );
        assert_eq!(
            env(&[(ENV_USER_SERVICE_KEY, "v1.0-x")]).unwrap(),
            Credentials::user_service_key("v1.0-x")
        );
    }

    /// Regression: a token with a leftover `CLOUDFLARE_EMAIL` (a common shell setup) was refused
    /// as "several schemes".
    #[test]
    fn a_stray_half_of_another_scheme_is_ignored() {
        for stray in [(ENV_EMAIL, "me@example.com"), (ENV_API_KEY, "k")] {
            assert_eq!(
                env(&[(ENV_API_TOKEN, "tok"), stray]).unwrap(),
                Credentials::api_token("tok")
            );
            assert_eq!(
                env(&[(ENV_USER_SERVICE_KEY, "s"), stray]).unwrap(),
                Credentials::user_service_key("s")
            );
        }
    }

    #[test]
    fn refuses_none_several_or_half() {
        assert_eq!(env(&[]), Err(CredentialsError::Missing));
        assert_eq!(
            env(&[(ENV_API_TOKEN, "  ")]),
            Err(CredentialsError::Missing)
        );
        assert!(matches!(
            env(&[(ENV_API_TOKEN, "t"), (ENV_USER_SERVICE_KEY, "s")]),
            Err(CredentialsError::Several(_))
        ));
        assert!(matches!(
            env(&[(ENV_API_TOKEN, "t"), (ENV_API_KEY, "k"), (ENV_EMAIL, "e")]),
            Err(CredentialsError::Several(_))
        ));
        assert!(matches!(
            env(&[
                (ENV_API_KEY, "k"),
                (ENV_EMAIL, "e"),
                (ENV_USER_SERVICE_KEY, "s")
            ]),
            Err(CredentialsError::Several(_))
        ));
        assert!(matches!(
            env(&[(ENV_EMAIL, "e")]),
            Err(CredentialsError::Incomplete { .. })
        ));
        assert!(matches!(
            env(&[(ENV_API_KEY, "k")]),
            Err(CredentialsError::Incomplete { .. })
        ));
        assert!(matches!(
            env(&[(ENV_API_TOKEN, "bad\nvalue")]),
            Err(CredentialsError::InvalidHeaderValue(_))
        ));
    }

    #[test]
    fn secrets_never_in_debug_or_errors() {
        let all = [
            Credentials::api_token("TOPSECRET"),
            Credentials::api_key("me@example.com", "TOPSECRET"),
            Credentials::user_service_key("TOPSECRET"),
        ];
        for c in all {
            assert!(!format!("{c:?}").contains("TOPSECRET"));
            for (_, v) in c.headers().unwrap() {
                assert!(v.is_sensitive());
                assert!(!format!("{v:?}").contains("TOPSECRET"));
            }
        }
        let err = env(&[
            (ENV_API_TOKEN, "TOPSECRET"),
            (ENV_API_KEY, "TOPSECRET"),
            (ENV_EMAIL, "TOPSECRET"),
        ])
        .unwrap_err();
        assert!(!err.to_string().contains("TOPSECRET"));
    }

    #[test]
    fn secrets_round_trip_through_serde_but_not_debug() {
        let secret: Secret = serde_json::from_str("\"TOPSECRET\"").unwrap();
        assert_eq!(secret.expose(), "TOPSECRET");
        assert!(!format!("{secret:?} {secret}").contains("TOPSECRET"));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"TOPSECRET\"");
    }

    #[test]
    fn apply_replaces_other_schemes() {
        let mut headers = HeaderMap::new();
        Credentials::api_key("e@x.io", "k")
            .apply(&mut headers)
            .unwrap();
        Credentials::api_token("t").apply(&mut headers).unwrap();
        assert_eq!(headers.len(), 1);
        assert_eq!(headers[AUTHORIZATION], "Bearer t");
    }
}
