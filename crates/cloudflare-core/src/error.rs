//! One error type for the whole SDK: what went wrong, and what to do about it.

use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::auth::CredentialsError;
use crate::retry::{Outcome, RetryPolicy};

/// How many bytes of a response body an error's `Debug` shows.
const SNIPPET: usize = 200;

/// The Cloudflare error codes the SDK itself reasons about (in [`Error::kind`] and in its hints).
/// Compare them with [`ApiErrorItem::code`] or [`ApiError::has_code`].
pub mod codes {
    /// `6003` "Invalid request headers": several authentication schemes at once, or a malformed
    /// authentication header (the `error_chain` says which, e.g. 6111 or 6103).
    pub const INVALID_REQUEST_HEADERS: i64 = 6003;
    /// `7000` "No route for that URI".
    pub const NO_ROUTE: i64 = 7000;
    /// `7003` "Could not route to ..., perhaps your object identifier is invalid?": an ID in the
    /// path that is malformed (400) or unknown to these credentials (404).
    pub const COULD_NOT_ROUTE: i64 = 7003;
    /// `9109` "Invalid access token" (unknown, rolled, expired or disabled API token), or
    /// "Unauthorized to access requested resource".
    pub const INVALID_ACCESS_TOKEN: i64 = 9109;
    /// `10000` "Authentication error" (wrong or missing credentials, or a scheme the operation
    /// does not accept). Also seen on 429s, where the status wins.
    pub const AUTHENTICATION_ERROR: i64 = 10000;

    /// Codes that mean the credentials are the problem.
    pub(crate) const AUTH: &[i64] = &[
        INVALID_REQUEST_HEADERS,
        INVALID_ACCESS_TOKEN,
        AUTHENTICATION_ERROR,
    ];
    /// Codes that mean the addressed object (or route) does not exist.
    pub(crate) const NOT_FOUND: &[i64] = &[NO_ROUTE, COULD_NOT_ROUTE];
}

/// What kind of failure an [`Error`] is, for matching without looking at statuses and codes.
///
/// ```
/// use cloudflare_core::error::ErrorKind;
/// # fn handle(err: cloudflare_core::Error) {
/// match err.kind() {
///     ErrorKind::NotFound => println!("no such object"),
///     ErrorKind::Auth => println!("check the credentials and their permissions"),
///     ErrorKind::RateLimited { retry_after } => println!("rate limited, wait {retry_after:?}"),
///     _ if err.is_retryable() => println!("transient: try again later"),
///     _ => println!("{err}"),
/// }
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The object or route does not exist (404, 410, or codes 7000/7003 such as a malformed ID).
    NotFound,
    /// The credentials were refused or lack a permission (401, 403, or codes 6003, 9109, 10000).
    Auth,
    /// Rate limited (429), with the wait the API asked for, if it said.
    RateLimited {
        /// The wait asked for (`Retry-After` / `retry-after-ms`).
        retry_after: Option<Duration>,
    },
    /// The request conflicts with the current state (409), e.g. the object already exists.
    Conflict,
    /// The request is wrong: refused by the API as invalid (another 4xx, or `success: false` on
    /// a 2xx), or it could not even be built (nothing was sent).
    InvalidRequest,
    /// The API (or something in front of it) failed: a 5xx.
    Server,
    /// No answer in time: the connect timeout, the attempt timeout, the call's deadline, or the
    /// server's own 408.
    Timeout,
    /// The connection could not be made, or broke during the exchange.
    Connection,
    /// A 2xx whose body is not what the operation returns (wrong shape, truncated, absent).
    Decode,
    /// The response body is over the client's size cap.
    TooLarge,
    /// A listing stopped at the client's page cap; what was handed out is not the whole list.
    TruncatedListing,
    /// A listing changed while it was read (the API answered another page than asked).
    ListingChanged,
    /// An answer that fits none of the above (a redirect, an informational status).
    Unexpected,
    /// The client could not be set up as configured (say, a custom CA that is not a valid
    /// certificate); nothing was sent.
    Configuration,
}

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
    /// The client could not be set up as configured: a transport's own setting (such as a
    /// custom CA certificate) is invalid or unreadable. Returned when building a client; nothing
    /// was sent.
    #[error("the client could not be set up: {source}")]
    Configuration {
        /// What was wrong.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
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
    /// What kind of failure this is. See [`ErrorKind`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidRequest(_) => ErrorKind::InvalidRequest,
            Error::Api(e) => answer_kind(e.status, e.retry_after, |code| e.has_code(code)),
            Error::UnexpectedResponse(e) if e.status.is_success() => ErrorKind::Decode,
            Error::UnexpectedResponse(e) => answer_kind(e.status, e.retry_after, |_| false),
            Error::Decode(_) => ErrorKind::Decode,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Connect { .. } | Error::Transport { .. } => ErrorKind::Connection,
            Error::BodyTooLarge { .. } => ErrorKind::TooLarge,
            Error::Listing(ListingError::Truncated { .. }) => ErrorKind::TruncatedListing,
            Error::Listing(ListingError::UnexpectedPage { .. }) => ErrorKind::ListingChanged,
            Error::Configuration { .. } => ErrorKind::Configuration,
        }
    }

    /// Whether the object or route does not exist ([`ErrorKind::NotFound`]).
    pub fn is_not_found(&self) -> bool {
        self.kind() == ErrorKind::NotFound
    }

    /// Whether the credentials were refused or lack a permission ([`ErrorKind::Auth`]).
    pub fn is_auth(&self) -> bool {
        self.kind() == ErrorKind::Auth
    }

    /// Whether the API rate-limited the call ([`ErrorKind::RateLimited`]); see
    /// [`Error::retry_after`] for the wait it asked for.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.kind(), ErrorKind::RateLimited { .. })
    }

    /// Whether no answer came in time ([`ErrorKind::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }

    /// The wait the API asked for (`Retry-After`, `retry-after-ms`), if it answered with one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            Error::UnexpectedResponse(e) => e.retry_after,
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed, for an operation that may be sent
    /// twice (an idempotent one): exactly what [`RetryPolicy`] retries (before counting retries
    /// or capping `Retry-After`). For the operation at hand, use
    /// [`Error::is_retryable_for`] with its [`OperationInfo::idempotent`](crate::OperationInfo).
    ///
    /// A client has already retried such failures as its policy allows; this says whether
    /// trying again later is worth it. A call's own deadline is spent ([`TimeoutPhase::Deadline`]
    /// is not retryable), and a 2xx is never retried.
    pub fn is_retryable(&self) -> bool {
        self.is_retryable_for(true)
    }

    /// [`Error::is_retryable`] for an operation that is idempotent or not: a failure after which
    /// a non-idempotent operation (a create, a token roll) may have been processed is not
    /// retryable for it. Agrees with [`RetryPolicy::is_retryable`].
    pub fn is_retryable_for(&self, idempotent: bool) -> bool {
        let outcome = match self {
            Error::Api(e) => Outcome::Answer {
                status: e.status,
                should_retry: e.should_retry,
            },
            Error::UnexpectedResponse(e) => Outcome::Answer {
                status: e.status,
                should_retry: e.should_retry,
            },
            Error::Connect { .. } => Outcome::NotSent,
            Error::Timeout {
                phase: TimeoutPhase::Connect,
                ..
            } => Outcome::NotSent,
            Error::Timeout {
                phase: TimeoutPhase::Attempt,
                ..
            }
            | Error::Transport { .. } => Outcome::MaybeSent,
            Error::Timeout {
                phase: TimeoutPhase::Deadline,
                ..
            }
            | Error::InvalidRequest(_)
            | Error::Decode(_)
            | Error::BodyTooLarge { .. }
            | Error::Listing(_)
            | Error::Configuration { .. } => return false,
        };
        RetryPolicy::is_retryable(idempotent, outcome)
    }

    /// The raw response body, if the API answered. **Possibly sensitive**: for an operation
    /// whose responses carry a secret (creating or rolling a token), it may hold the new
    /// secret. Never log it; the error's `Display` and `Debug` do not show it.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(e) => Some(e.body()),
            Error::Decode(e) => Some(e.body()),
            Error::UnexpectedResponse(e) => Some(e.body()),
            _ => None,
        }
    }

    /// Records which operation the response answered, and whether its responses carry secrets
    /// (then `Display` and `Debug` show even less of them). The parser does this; a custom
    /// [`Operation::parse_response`](crate::Operation::parse_response) gets it from
    /// [`Call::parse`](crate::Call::parse).
    pub fn for_operation(mut self, operation: &'static str, sensitive: bool) -> Self {
        match &mut self {
            Error::Api(e) => e.sensitive |= sensitive,
            Error::Decode(e) => {
                e.sensitive |= sensitive;
                e.operation.get_or_insert(operation);
            }
            Error::UnexpectedResponse(e) => e.sensitive |= sensitive,
            _ => {}
        }
        self
    }

    /// Replaces the raw body the error keeps (for parsers that parsed a rewritten copy).
    pub(crate) fn with_body(mut self, body: &[u8]) -> Self {
        match &mut self {
            Error::Api(e) => e.body = body.to_vec(),
            Error::Decode(e) => e.body = body.to_vec(),
            Error::UnexpectedResponse(e) => e.body = body.to_vec(),
            _ => {}
        }
        self
    }

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

/// The kind of an answer with this status (and these error codes).
fn answer_kind(
    status: StatusCode,
    retry_after: Option<Duration>,
    has_code: impl Fn(i64) -> bool,
) -> ErrorKind {
    let any = |list: &[i64]| list.iter().any(|code| has_code(*code));
    match status.as_u16() {
        429 => ErrorKind::RateLimited { retry_after },
        401 | 403 => ErrorKind::Auth,
        _ if any(codes::AUTH) => ErrorKind::Auth,
        404 | 410 => ErrorKind::NotFound,
        _ if any(codes::NOT_FOUND) => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        408 => ErrorKind::Timeout,
        500..=599 => ErrorKind::Server,
        200..=299 | 400..=499 => ErrorKind::InvalidRequest,
        _ => ErrorKind::Unexpected,
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
        /// The URL as given, with any `user:password@` replaced by `***@`.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// The base URL is plain `http://` to a non-loopback host.
    #[error(
        "refusing to send credentials over plain http to {url:?}; use https (plain http is allowed to loopback hosts, and elsewhere only with the explicit opt-in Config::with_insecure_base_url or CLOUDFLARE_ALLOW_INSECURE_HTTP=1)"
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

/// The API said no: every error it gave, with the status and `cf-ray`.
///
/// `Display` names the status, each code and message, a hint and the `cf-ray`; it never quotes
/// the body. For an operation whose responses carry a secret, `Display` and `Debug` show the
/// messages only of a 4xx (a refused request made no secret) and never the body.
#[derive(Clone)]
pub struct ApiError {
    /// HTTP status (may be 2xx when the envelope said `success: false`).
    pub status: StatusCode,
    /// Every error from the envelope, in order.
    pub errors: Vec<ApiErrorItem>,
    /// The envelope's `messages`.
    pub messages: Vec<ApiMessage>,
    /// The `cf-ray` response header.
    pub cf_ray: Option<String>,
    /// The wait the API asked for (`Retry-After`, `retry-after-ms`), if any.
    pub retry_after: Option<Duration>,
    /// The `x-should-retry` header, when it said `true` or `false`.
    pub should_retry: Option<bool>,
    /// Whether an earlier attempt of the same call may have been processed (its response was
    /// lost or was a server error) before this answer came. A 404 to a retried `DELETE` then
    /// means "already gone, possibly by our own earlier attempt", not "never existed".
    pub after_ambiguous_attempt: bool,
    pub(crate) body: Vec<u8>,
    pub(crate) sensitive: bool,
}

impl ApiError {
    /// Whether any error has this code (see [`codes`]).
    pub fn has_code(&self, code: i64) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }

    /// The response body, unchanged. **Possibly sensitive**: see [`Error::body`].
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Whether `Display` and `Debug` withhold the messages: the operation's responses carry a
    /// secret and this answer is not a refusal (4xx), so a message might echo one.
    fn withholds_messages(&self) -> bool {
        self.sensitive && !self.status.is_client_error()
    }

    fn hint(&self) -> &'static str {
        match self.status.as_u16() {
            400 if self.has_code(codes::INVALID_REQUEST_HEADERS) => {
                " (hint: the request carried several authentication schemes, or a malformed one; use exactly one)"
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
        let withhold = self.withholds_messages();
        for (i, e) in self.errors.iter().enumerate() {
            let sep = if i == 0 { ": " } else { "; " };
            if withhold {
                write!(f, "{sep}[{}]", e.code)?;
            } else {
                write!(f, "{sep}[{}] {}", e.code, e.message)?;
            }
            for inner in &e.error_chain {
                if withhold {
                    write!(f, " (caused by [{}])", inner.code)?;
                } else {
                    write!(f, " (caused by [{}] {})", inner.code, inner.message)?;
                }
            }
        }
        if withhold && !self.errors.is_empty() {
            f.write_str(" (messages withheld: this operation's responses may carry a secret)")?;
        }
        f.write_str(self.hint())?;
        if let Some(ray) = &self.cf_ray {
            write!(f, " [cf-ray {ray}]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ApiError");
        d.field("status", &self.status);
        if self.withholds_messages() {
            let codes: Vec<i64> = self.errors.iter().map(|e| e.code).collect();
            d.field("error_codes", &codes)
                .field("messages", &format_args!("<withheld>"));
        } else {
            d.field("errors", &self.errors)
                .field("messages", &self.messages);
        }
        d.field("cf_ray", &self.cf_ray)
            .field("retry_after", &self.retry_after)
            .field("should_retry", &self.should_retry)
            .field("after_ambiguous_attempt", &self.after_ambiguous_attempt)
            .field("body", &BodyDebug::new(&self.body, self.sensitive))
            .finish()
    }
}

impl std::error::Error for ApiError {}

/// The body was JSON (or claimed to be) but not of the expected shape, or absent where the
/// operation returns something.
///
/// `Display` names the operation, the status, where in the JSON it failed and why; it never
/// quotes the body (the parser's message has any quoted value from the body elided). `Debug`
/// shows a short snippet of the body, or nothing of it for an operation whose responses carry a
/// secret. The whole body is in [`DecodeError::body`].
#[derive(Clone)]
pub struct DecodeError {
    /// HTTP status.
    pub status: StatusCode,
    /// The operation the response answered (its [`OperationInfo::name`](crate::OperationInfo),
    /// e.g. `accounts.members.list`), when known.
    pub operation: Option<&'static str>,
    /// Where in the JSON it failed, e.g. `result[3].created_on`; `.` for the root.
    pub path: String,
    /// The parser's message, with any value quoted from the body elided.
    pub message: String,
    /// The `cf-ray` response header.
    pub cf_ray: Option<String>,
    pub(crate) body: Vec<u8>,
    pub(crate) sensitive: bool,
}

impl DecodeError {
    /// The response body, unchanged. **Possibly sensitive**: see [`Error::body`].
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not decode the ")?;
        if let Some(operation) = self.operation {
            write!(f, "response to `{operation}` ({})", self.status)?;
        } else {
            write!(f, "{} response", self.status)?;
        }
        write!(
            f,
            " at `{}`: {}; a wrong base URL, an API change or a bug in the SDK (please report it with the cf-ray)",
            self.path, self.message,
        )?;
        if let Some(ray) = &self.cf_ray {
            write!(f, " [cf-ray {ray}]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("operation", &self.operation)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("cf_ray", &self.cf_ray)
            .field("body", &BodyDebug::new(&self.body, self.sensitive))
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// A response that is not a Cloudflare JSON envelope at all (an HTML error page, plain text,
/// an empty error). `Display` never quotes the body; `Debug` shows a short snippet of it, or
/// nothing of it for an operation whose responses carry a secret.
#[derive(Clone)]
pub struct UnexpectedResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// The `content-type` header, if any.
    pub content_type: Option<String>,
    /// The `cf-ray` response header.
    pub cf_ray: Option<String>,
    /// The wait asked for (`Retry-After`, `retry-after-ms`), if any.
    pub retry_after: Option<Duration>,
    /// The `x-should-retry` header, when it said `true` or `false`.
    pub should_retry: Option<bool>,
    pub(crate) body: Vec<u8>,
    pub(crate) sensitive: bool,
}

impl UnexpectedResponse {
    /// The response body, unchanged. **Possibly sensitive**: see [`Error::body`].
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server answered {} with a body that is not a Cloudflare JSON envelope ({}, {} bytes)",
            self.status,
            self.content_type.as_deref().unwrap_or("no content-type"),
            self.body.len(),
        )?;
        if self.status.is_server_error() || self.status == StatusCode::TOO_MANY_REQUESTS {
            f.write_str(" (hint: a temporary failure; retry later)")?;
        } else if self.status.is_success() || self.status.is_redirection() {
            f.write_str(" (hint: check the base URL)")?;
        }
        if let Some(ray) = &self.cf_ray {
            write!(f, " [cf-ray {ray}]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("cf_ray", &self.cf_ray)
            .field("retry_after", &self.retry_after)
            .field("should_retry", &self.should_retry)
            .field("body", &BodyDebug::new(&self.body, self.sensitive))
            .finish()
    }
}

impl std::error::Error for UnexpectedResponse {}

/// How an error's `Debug` shows a body: a bounded, lossily decoded snippet with its length, or
/// only its length when the operation's responses carry secrets.
struct BodyDebug<'a> {
    body: &'a [u8],
    redacted: bool,
}

impl<'a> BodyDebug<'a> {
    fn new(body: &'a [u8], redacted: bool) -> Self {
        BodyDebug { body, redacted }
    }
}

impl fmt::Debug for BodyDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self.body.len();
        if self.redacted {
            write!(f, "<redacted: {len} bytes that may carry a secret>")
        } else {
            write!(f, "{} ({len} bytes)", snippet(self.body))
        }
    }
}

/// The first bytes of a body, lossily decoded, control characters blanked.
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

/// A parser message with every value it quotes from the body elided: `"…"` strings (serde
/// writes them with `{:?}`), and the name in `unknown variant`/`unknown field`.
pub(crate) fn elide_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            // Skip to the closing quote, honouring backslash escapes.
            let mut escaped = false;
            for c in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    break;
                }
            }
            out.push_str("…\"");
        }
    }
    for prefix in ["unknown variant `", "unknown field `"] {
        if let Some(at) = out.find(prefix) {
            let start = at + prefix.len();
            if let Some(len) = out[start..].find('`') {
                out.replace_range(start..start + len, "…");
            }
        }
    }
    out
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
            should_retry: None,
            body: vec![],
            after_ambiguous_attempt: false,
            sensitive: false,
        };
        let text = e.to_string();
        assert!(text.contains("[6003] Invalid request headers"), "{text}");
        assert!(text.contains("caused by [6111]"), "{text}");
        assert!(text.contains("exactly one"), "{text}");
        assert!(text.contains("cf-ray 8a1b-SJC"), "{text}");
    }

    fn api(status: u16, codes: &[i64], should_retry: Option<bool>) -> Error {
        Error::Api(Box::new(ApiError {
            status: StatusCode::from_u16(status).unwrap(),
            errors: codes
                .iter()
                .map(|code| ApiErrorItem {
                    code: *code,
                    message: "m".into(),
                    documentation_url: None,
                    source: None,
                    error_chain: vec![],
                })
                .collect(),
            messages: vec![],
            cf_ray: None,
            retry_after: Some(Duration::from_secs(3)),
            should_retry,
            after_ambiguous_attempt: false,
            body: vec![],
            sensitive: false,
        }))
    }

    #[test]
    fn kinds_of_api_answers() {
        use ErrorKind::*;
        for (status, code, kind) in [
            (404, 0, NotFound),
            (410, 0, NotFound),
            (400, codes::COULD_NOT_ROUTE, NotFound),
            (404, codes::NO_ROUTE, NotFound),
            (401, codes::INVALID_ACCESS_TOKEN, Auth),
            (403, codes::AUTHENTICATION_ERROR, Auth),
            (400, codes::INVALID_REQUEST_HEADERS, Auth),
            (200, codes::AUTHENTICATION_ERROR, Auth),
            (
                429,
                codes::AUTHENTICATION_ERROR,
                RateLimited {
                    retry_after: Some(Duration::from_secs(3)),
                },
            ),
            (409, 1005, Conflict),
            (400, 1004, InvalidRequest),
            (405, 7001, InvalidRequest),
            (200, 1003, InvalidRequest),
            (408, 0, Timeout),
            (500, 0, Server),
            (503, 10001, Server),
            (302, 0, Unexpected),
        ] {
            let err = api(status, &[code], None);
            assert_eq!(err.kind(), kind, "{status} {code}");
        }
        assert!(api(404, &[], None).is_not_found());
        assert!(api(401, &[], None).is_auth());
        assert!(api(429, &[], None).is_rate_limited());
        assert_eq!(
            api(429, &[], None).retry_after(),
            Some(Duration::from_secs(3))
        );
        assert!(api(408, &[], None).is_timeout());
        let timeout = Error::Timeout {
            phase: TimeoutPhase::Deadline,
            elapsed: Duration::ZERO,
        };
        assert!(timeout.is_timeout() && !timeout.is_retryable());
        assert_eq!(
            Error::Listing(ListingError::Truncated { max_pages: 1 }).kind(),
            TruncatedListing
        );
        assert_eq!(Error::BodyTooLarge { limit: 1 }.kind(), TooLarge);
        assert_eq!(
            Error::from(CredentialsError::Missing).kind(),
            InvalidRequest
        );
    }

    #[test]
    fn is_retryable_agrees_with_the_retry_policy() {
        let policy = RetryPolicy::default();
        let epoch = std::time::SystemTime::UNIX_EPOCH;
        for status in [
            200, 204, 301, 400, 401, 403, 404, 408, 409, 413, 429, 500, 502, 503,
        ] {
            for told in [None, Some(true), Some(false)] {
                let mut headers = http::HeaderMap::new();
                if let Some(told) = told {
                    headers.insert("x-should-retry", told.to_string().parse().unwrap());
                }
                for idempotent in [true, false] {
                    let outcome = Outcome::Response {
                        status: StatusCode::from_u16(status).unwrap(),
                        headers: &headers,
                    };
                    let retried = policy.decide(idempotent, outcome, 0, 0.0, epoch)
                        != crate::retry::Decision::Stop;
                    let err = api(status, &[], told);
                    assert_eq!(
                        err.is_retryable_for(idempotent),
                        retried,
                        "{status} {told:?} idempotent={idempotent}"
                    );
                }
            }
        }
        let io = || Box::new(std::io::Error::other("x"));
        for (err, outcome) in [
            (Error::Connect { source: io() }, Outcome::NotSent),
            (Error::Transport { source: io() }, Outcome::MaybeSent),
            (
                Error::Timeout {
                    phase: TimeoutPhase::Attempt,
                    elapsed: Duration::ZERO,
                },
                Outcome::MaybeSent,
            ),
            (
                Error::Timeout {
                    phase: TimeoutPhase::Connect,
                    elapsed: Duration::ZERO,
                },
                Outcome::NotSent,
            ),
        ] {
            for idempotent in [true, false] {
                let retried = policy.decide(idempotent, outcome, 0, 0.0, epoch)
                    != crate::retry::Decision::Stop;
                assert_eq!(err.is_retryable_for(idempotent), retried, "{err}");
            }
        }
    }

    #[test]
    fn snippets_are_bounded() {
        let body = vec![b'<'; 10_000];
        let s = snippet(&body);
        assert!(s.len() < 300);
        assert_eq!(snippet(b""), "<empty>");
        let debug = format!("{:?}", BodyDebug::new(br#"{"a":1}"#, false));
        assert_eq!(debug, r#""{\"a\":1}" (7 bytes)"#);
        let debug = format!("{:?}", BodyDebug::new(b"TOPSECRET", true));
        assert!(
            !debug.contains("TOPSECRET") && debug.contains("9 bytes"),
            "{debug}"
        );
    }

    #[test]
    fn parser_messages_lose_the_values_they_quote() {
        for (message, want) in [
            (
                r#"invalid type: string "TOPSECRET", expected u32 at line 1 column 9"#,
                r#"invalid type: string "…", expected u32 at line 1 column 9"#,
            ),
            (
                r#"invalid value: string "a\"TOPSECRET\\", expected x"#,
                r#"invalid value: string "…", expected x"#,
            ),
            (
                "unknown variant `TOPSECRET`, expected `a` or `b`",
                "unknown variant `…`, expected `a` or `b`",
            ),
            (r#"unterminated "TOPSECRET"#, r#"unterminated "…""#),
            ("missing field `id`", "missing field `id`"),
        ] {
            assert_eq!(elide_quoted(message), want);
        }
    }
}
