//! The operation contract: constant facts apart from request data, one definition per operation.

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::AuthScheme;
use crate::config::Config;
use crate::encoding::{Query, render_path};
use crate::error::{Error, RequestError};
use crate::response::{Response, parse_for};

/// How a listing is paginated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pagination {
    /// Not a listing: one object (or nothing) per call.
    None,
    /// A listing that always comes in one page.
    SinglePage,
    /// `page` / `per_page` with `result_info.page`, `total_pages`, `total_count`.
    PageNumber,
    /// An opaque cursor (`cursor` / `page_token`) from `result_info`.
    Cursor,
}

impl Pagination {
    /// A short name for tables: `-`, `single page`, `page number`, `cursor`.
    pub fn as_str(self) -> &'static str {
        match self {
            Pagination::None => "-",
            Pagination::SinglePage => "single page",
            Pagination::PageNumber => "page number",
            Pagination::Cursor => "cursor",
        }
    }
}

/// The constant facts of an operation: what it is, independent of any call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationInfo {
    /// Stable dotted name mirroring the API reference, e.g. `accounts.members.list`.
    pub name: &'static str,
    /// The schema's `operationId`.
    pub operation_id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template below the base URL, with the schema's parameter names: `/accounts/{account_id}`.
    pub path: &'static str,
    /// Pagination kind.
    pub pagination: Pagination,
    /// Authentication schemes the schema lists for this operation.
    pub auth: &'static [AuthScheme],
    /// Whether the schema marks the operation deprecated.
    pub deprecated: bool,
    /// Whether sending the request twice has the effect of sending it once, so that an attempt
    /// that may have reached the server can be re-sent. A per-operation fact, not a function of
    /// the method: rolling a token is a `PUT`, yet every roll makes a new secret.
    pub idempotent: bool,
}

/// Schemes for operations that accept only an API key + email.
pub const AUTH_KEY: &[AuthScheme] = &[AuthScheme::ApiKey];
/// Schemes for operations that accept a token or a key + email.
pub const AUTH_TOKEN_OR_KEY: &[AuthScheme] = &[AuthScheme::ApiToken, AuthScheme::ApiKey];
/// Schemes for operations that accept only an API token.
pub const AUTH_TOKEN: &[AuthScheme] = &[AuthScheme::ApiToken];

/// One API operation: its constant facts in [`Operation::INFO`], its data in `self`.
///
/// Implementations give the path parameters, and optionally query parameters and a JSON body;
/// everything else (URL, headers, authentication, parsing) is shared.
pub trait Operation {
    /// The operation's constant facts.
    const INFO: OperationInfo;
    /// The typed `result` of a successful response.
    type Output: DeserializeOwned;
    /// Whether a successful response carries a secret (creating or rolling a token returns the
    /// new token's value). Errors of such an operation never show its body, even in `Debug`.
    const SENSITIVE_RESPONSE: bool = false;
    /// Whether the schema lets a success envelope of this operation carry a `null` (or no)
    /// `result`, meaning none (some listings declare `result` nullable): then an envelope with
    /// `success: true` and a `null` or missing `result` reads as `Output` from `[]` (an empty
    /// list). An empty body, or an envelope without `success: true`, is still a decode error.
    const NULLABLE_RESULT: bool = false;

    /// Path parameters in template order, by name.
    fn path_params(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }

    /// Adds query parameters.
    fn query(&self, _query: &mut Query) -> Result<(), RequestError> {
        Ok(())
    }

    /// The JSON request body, if the operation has one.
    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        Ok(None)
    }

    /// Builds the complete request: URL, method, headers (authentication included), body.
    fn to_request(&self, config: &Config) -> Result<Request<Vec<u8>>, Error> {
        build_request(self, config)
    }

    /// Parses a response to this operation ([`parse_for`]: errors name the operation).
    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, Error> {
        parse_for::<Self, B>(response)
    }
}

/// Serializes a request body as JSON.
pub fn json_body<T: Serialize + ?Sized>(body: &T) -> Result<Option<Vec<u8>>, RequestError> {
    serde_json::to_vec(body)
        .map(Some)
        .map_err(|e| RequestError::Serialize(e.to_string()))
}

/// Builds the request for `op` under `config`. See [`Operation::to_request`].
pub fn build_request<O: Operation + ?Sized>(
    op: &O,
    config: &Config,
) -> Result<Request<Vec<u8>>, Error> {
    let info = &O::INFO;
    let mut uri = String::with_capacity(config.base_url().as_str().len() + info.path.len() + 64);
    uri.push_str(config.base_url().as_str());
    render_path(&mut uri, info.path, &op.path_params())?;
    let mut query = Query::new();
    op.query(&mut query)?;
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(query.as_str());
    }
    let body = op.body()?;
    let has_body = body.is_some();

    let mut request = Request::new(body.unwrap_or_default());
    *request.method_mut() = info.method.clone();
    *request.uri_mut() = uri
        .parse()
        .map_err(|e: http::uri::InvalidUri| RequestError::InvalidUri(e.to_string()))?;
    let headers = request.headers_mut();
    headers.clone_from(config.headers());
    if has_body {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    Ok(request)
}

/// A catalogue row: the facts plus a way to parse a response without knowing the type.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) info: OperationInfo,
    pub(crate) parse: fn(&http::Response<&[u8]>) -> Result<(), Error>,
    pub(crate) type_name: fn() -> &'static str,
    pub(crate) reserialize: fn(&http::Response<&[u8]>) -> Result<serde_json::Value, Error>,
}

impl Entry {
    pub(crate) const fn of<O: Operation>() -> Entry
    where
        O::Output: Serialize,
    {
        Entry {
            info: O::INFO,
            parse: parse_discarding::<O>,
            type_name: std::any::type_name::<O>,
            reserialize: reserialize::<O>,
        }
    }
}

fn reserialize<O: Operation>(response: &http::Response<&[u8]>) -> Result<serde_json::Value, Error>
where
    O::Output: Serialize,
{
    let parsed = O::parse_response(response)?;
    serde_json::to_value(&parsed.result)
        .map_err(|e| Error::InvalidRequest(RequestError::Serialize(e.to_string())))
}

fn parse_discarding<O: Operation>(response: &http::Response<&[u8]>) -> Result<(), Error> {
    O::parse_response(response).map(|_| ())
}
