//! One error type for the whole SDK: what went wrong, and what to do about it.

use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::auth::CredentialsError;

/// How many bytes of a response body error messages quote.
const SNIPPET: usize = 200;

/// Anything that can go wrong calling the API, from building the request to parsing the answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built (bad ID, bad base URL, bad header). Nothing was sent.
    #[error(transparent)]
    InvalidRequest(#[from] RequestError),
    /// The API answered with an error envelope (or `success: false` on a 2xx).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The API answered JSON that does not match the expected shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The API (or something in front of it) answered something that is not a JSON envelope,
    /// such as an HTML error page.
    #[error(transparent)]
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// No response within the allowed time.
    #[error("timed out {phase} after {elapsed:?}; raise the timeout or retry later")]
    Timeout {
        /// What was being waited for.
        phase: TimeoutPhase,
        /// How long it waited.
        elapsed: Duration,
    },
    /// The connection could not be made; the request was never sent.
    #[error("could not connect to the API: {source}; check the network, proxy and base URL")]
    Connect {
        /// The transport's error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The connection failed after the request may have been sent (reset, truncated body, TLS).
    #[error("the connection failed during the exchange: {source}")]
    Transport {
        /// The transport's error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The response body is larger than the client's limit.
    #[error(
        "the response body exceeds the limit of {limit} bytes; raise the client's max body size if this is expected"
    )]
    BodyTooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
    /// A listing could not be read completely: what was handed out before this error is not the
    /// whole list.
    #[error(transparent)]
    Listing(#[from] ListingError),
}

/// Why a listing is incomplete.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ListingError {
    /// The listing has more pages than the client's page cap allows.
    #[error(
        "the listing has more than {max_pages} pages (the client's max_pages); raise max_pages or narrow the listing with filters"
    )]
    Truncated {
        /// The page cap in force.
        max_pages: u32,
    },
    /// The API answered another page than the one asked for, and not one already handed out.
    #[error(
        "asked for page {asked} of the listing, the API answered page {answered}; the listing changed while it was read, list again"
    )]
    UnexpectedPage {
        /// The page number asked for.
        asked: u32,
        /// The page number in the response's `result_info.page`.
        answered: u64,
    },
}

impl Error {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::UnexpectedResponse(e) => Some(e.status),
            _ => None,
        }
    }

    /// The `cf-ray` ID of the response, which Cloudflare support asks for.
    pub fn cf_ray(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.cf_ray.as_deref(),
            Error::Decode(e) => e.cf_ray.as_deref(),
            Error::UnexpectedResponse(e) => e.cf_ray.as_deref(),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::InvalidRequest(RequestError::Credentials(e))
    }
}

/// What a timeout was waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Opening the connection.
    Connect,
    /// One attempt (sending the request and reading the whole response).
    Attempt,
    /// The whole call, retries included.
    Deadline,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connect => "connecting",
            TimeoutPhase::Attempt => "waiting for the response",
            TimeoutPhase::Deadline => "before the overall deadline",
        })
    }
}

/// Why a request could not be built. Nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// A path parameter is empty, `.` or `..`, which would change which resource is addressed.
    #[error("path parameter `{name}` is {reason}; pass the resource's ID")]
    InvalidPathParam {
        /// The parameter's name in the path template.
        name: &'static str,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The base URL cannot be used.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The base URL is plain `http://` to a non-loopback host.
    #[error(
        "refusing to send credentials over plain http to {url:?}; use https (plain http is allowed only to loopback hosts)"
    )]
    InsecureBaseUrl {
        /// The URL as given.
        url: String,
    },
    /// A header name or value is not valid HTTP.
    #[error("invalid header {name}")]
    InvalidHeader {
        /// The header's name.
        name: String,
    },
    /// The credentials cannot be used.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// A parameter could not be serialized (query or body).
    #[error("could not serialize the request: {0}")]
    Serialize(String),
    /// The built URI is not valid (should not happen for a valid base URL).
    #[error("the request URI is invalid: {0}")]
    InvalidUri(String),
    /// A [`Call`](crate::call::Call) was asked for its result a second time.
    #[error("this call already returned its result; build a new call to send again")]
    CallFinished,
}

/// One entry of the envelope's `errors` array.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorItem {
    /// Cloudflare's error code (can exceed 65535).
    #[serde(default)]
    pub code: i64,
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
    /// Link to documentation about this error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Which part of the request caused it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ErrorSource>,
    /// Underlying errors, when the API reports a chain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_chain: Vec<ApiErrorItem>,
}

/// Where in the request an error points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorSource {
    /// A JSON pointer into the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// An entry of the envelope's `messages` array.
pub type ApiMessage = ApiErrorItem;

/// The API said no: every error it gave, with the status, `cf-ray` and the raw body.
#[derive(Clone, Debug)]
pub struct ApiError {
    /// HTTP status (may be 2xx when the envelope said `success: false`).
    pub status: StatusCode,
    /// Every error from the envelope, in order.
    pub errors: Vec<ApiErrorItem>,
    /// The envelope's `messages`.
    pub messages: Vec<ApiMessage>,
    /// The `cf-ray` response header.
    pub cf_ray: Option<String>,
    /// Seconds the API asked to wait (`Retry-After`), if any.
    pub retry_after: Option<Duration>,
    /// The response body, unchanged.
    pub body: Vec<u8>,
    /// Whether an earlier attempt of the same call may have been processed (its response was
    /// lost or was a server error) before this answer came. A 404 to a retried `DELETE` then
    /// means "already gone, possibly by our own earlier attempt", not "never existed".
    pub after_ambiguous_attempt: bool,
}

impl ApiError {
    /// Whether any error has this code.
    pub fn has_code(&self, code: i64) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }

    fn hint(&self) -> &'static str {
        match self.status.as_u16() {
            400 if self.has_code(6003) => {
                " (hint: the request carried several authentication schemes; use exactly one)"
            }
            401 | 403 => {
                " (hint: check that the credentials are valid and have the permission this operation needs)"
            }
            404 if self.after_ambiguous_attempt => {
                " (hint: an earlier attempt of this call may have been processed before its response was lost, so the resource may be gone because of it; check before creating it again)"
            }
            404 => " (hint: check the IDs in the path)",
            429 => " (hint: rate limited; the API allows 1200 requests per 5 minutes)",
            _ => "",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API returned {}", self.status)?;
        if self.errors.is_empty() {
            f.write_str(" with no error details")?;
        }
        for (i, e) in self.errors.iter().enumerate() {
            let sep = if i == 0 { ": " } else { "; " };
            write!(f, "{sep}[{}] {}", e.code, e.message)?;
            for inner in &e.error_chain {
                write!(f, " (caused by [{}] {})", inner.code, inner.message)?;
            }
        }
        f.write_str(self.hint())?;
        if let Some(ray) = &self.cf_ray {
            write!(f, " [cf-ray {ray}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// The body was JSON (or claimed to be) but not of the expected shape.
#[derive(Clone, Debug)]
pub struct DecodeError {
    /// HTTP status.
    pub status: StatusCode,
    /// Where in the JSON it failed, e.g. `result[3].created_on`; `.` for the root.
    pub path: String,
    /// The parser's message.
    pub message: String,
    /// The `cf-ray` response header.
    pub cf_ray: Option<String>,
    /// The response body, unchanged.
    pub body: Vec<u8>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response at `{}`: {}; this is a bug in the SDK or an API change, please report it with the body: {}",
            self.status,
            self.path,
            self.message,
            snippet(&self.body)
        )?;
        if let Some(ray) = &self.cf_ray {
            write!(f, " [cf-ray {ray}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// A response that is not a Cloudflare JSON envelope at all (an HTML error page, plain text, empty).
#[derive(Clone, Debug)]
pub struct UnexpectedResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// The `content-type` header, if any.
    pub content_type: Option<String>,
    /// The `cf-ray` response header.
    pub cf_ray: Option<String>,
    /// The response body, unchanged.
    pub body: Vec<u8>,
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server answered {} with a non-JSON body ({}): {}",
            self.status,
            self.content_type.as_deref().unwrap_or("no content-type"),
            snippet(&self.body)
        )?;
        if self.status.is_server_error() || self.status == StatusCode::TOO_MANY_REQUESTS {
            f.write_str(" (hint: a temporary failure; retry later)")?;
        }
        if let Some(ray) = &self.cf_ray {
            write!(f, " [cf-ray {ray}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnexpectedResponse {}

/// The first bytes of a body, lossily decoded, for error messages.
fn snippet(body: &[u8]) -> String {
    if body.is_empty() {
        return "<empty>".to_owned();
    }
    let cut = &body[..body.len().min(SNIPPET)];
    let mut s: String = String::from_utf8_lossy(cut)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.len() > SNIPPET {
        s.push('…');
    }
    format!("{s:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_display_names_codes_hint_and_ray() {
        let e = ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![ApiErrorItem {
                code: 6003,
                message: "Invalid request headers".into(),
                documentation_url: None,
                source: None,
                error_chain: vec![ApiErrorItem {
                    code: 6111,
                    message: "Invalid format for Authorization header".into(),
                    documentation_url: None,
                    source: None,
                    error_chain: vec![],
                }],
            }],
            messages: vec![],
            cf_ray: Some("8a1b-SJC".into()),
            retry_after: None,
            body: vec![],
            after_ambiguous_attempt: false,
        };
        let text = e.to_string();
        assert!(text.contains("[6003] Invalid request headers"), "{text}");
        assert!(text.contains("caused by [6111]"), "{text}");
        assert!(text.contains("exactly one"), "{text}");
        assert!(text.contains("cf-ray 8a1b-SJC"), "{text}");
    }

    #[test]
    fn snippets_are_bounded() {
        let body = vec![b'<'; 10_000];
        let s = snippet(&body);
        assert!(s.len() < 300);
        assert_eq!(snippet(b""), "<empty>");
    }
}
