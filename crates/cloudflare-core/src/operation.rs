//! The operation contract: constant facts apart from request data, one definition per operation.

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Request};
use serde::Serialize;

use crate::auth::AuthScheme;
use crate::config::Config;
use crate::encoding::render_path;
use crate::error::{Error, RequestError};
use crate::query::Query;
use crate::response::Response;

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
    /// What a successful call returns: the typed `result`, or a [`Page`](crate::Page) of it
    /// for listings.
    type Output;
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

    /// Parses a response to this operation: usually
    /// [`parse_for`](crate::response::parse_for) (the envelope's `result` as `Output`, errors
    /// naming the operation), or [`parse_page`](crate::pagination::parse_page) for a listing.
    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, Error>;
}

/// The body `{}`.
pub fn empty_object_body() -> Result<Option<Vec<u8>>, RequestError> {
    Ok(Some(b"{}".to_vec()))
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
    /// The Rust item, e.g. `cloudflare_core::accounts::members::List`.
    pub(crate) item: &'static str,
    pub(crate) reserialize: fn(&http::Response<&[u8]>) -> Result<serde_json::Value, Error>,
}

impl Entry {
    pub(crate) const fn of<O: Operation>(item: &'static str) -> Entry
    where
        O::Output: Serialize,
    {
        Entry {
            info: O::INFO,
            parse: parse_discarding::<O>,
            item,
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

/// Implements [`Operation`] (and [`ListOperation`](crate::ListOperation) for a listing) for a
/// request struct from the operation's facts, written the way the API reference writes them.
///
/// Each `{param}` of the path reads the struct's field of that name (or the field after `=`),
/// so a path parameter without a field does not compile. Keys, in this order: `name`,
/// `operation_id`, `auth` (`AUTH_TOKEN`, `AUTH_KEY` or `AUTH_TOKEN_OR_KEY`), optionally
/// `deprecated: true`, `idempotent`, optionally `sensitive: true` (the response carries a
/// secret: [`Operation::SENSITIVE_RESPONSE`]), optionally `nullable_result: true`
/// ([`Operation::NULLABLE_RESULT`]), optionally `query: fields` (the struct's serialized
/// fields are the query), optionally `body: fields` / `body: field(name)` /
/// `body: empty_object`, then either `output: Type` or `lists: Item, pages: number(field)` /
/// `cursor(field)` / `single`, and optionally `parse: path::to::fn` for a custom parser.
///
/// An operation this SDK does not define, called through the normal clients:
///
/// ```
/// use cloudflare_core::{Config, Credentials, Operation};
/// use serde::{Deserialize, Serialize};
///
/// /// `GET /zones`: the zones of an account, by name.
/// #[derive(Clone, Debug, Default, Serialize)]
/// struct ListZones {
///     #[serde(skip_serializing_if = "Option::is_none")]
///     name: Option<String>,
///     #[serde(skip_serializing_if = "Option::is_none")]
///     page: Option<u32>,
/// }
///
/// #[derive(Debug, Deserialize)]
/// struct Zone {
///     id: String,
///     name: String,
/// }
///
/// cloudflare_core::operation! {
///     ListZones = GET /zones {
///         name: "zones.list",
///         operation_id: "zones-get",
///         auth: AUTH_TOKEN_OR_KEY,
///         idempotent: true,
///         query: fields,
///         lists: Zone,
///         pages: number(page),
///     }
/// }
///
/// let config = Config::new(Credentials::api_token("token"))?;
/// let op = ListZones { name: Some("example.com".into()), ..ListZones::default() };
/// let request = op.to_request(&config)?;
/// assert_eq!(request.uri(), "https://api.cloudflare.com/client/v4/zones?name=example.com");
/// # Ok::<(), cloudflare_core::Error>(())
/// ```
///
/// A path parameter that is not a field of the struct is a compile error:
///
/// ```compile_fail
/// #[derive(Clone, Debug)]
/// struct GetZone {
///     zone: String, // the path says `zone_id`
/// }
///
/// cloudflare_core::operation! {
///     GetZone = GET /zones/{zone_id} {
///         name: "zones.get",
///         operation_id: "zones-0-get",
///         auth: AUTH_TOKEN_OR_KEY,
///         idempotent: true,
///         output: serde_json::Value,
///     }
/// }
/// ```
#[macro_export]
macro_rules! operation {
    (
        $ty:ty = $method:ident $(/ $seg:tt)+ {
            name: $name:literal,
            operation_id: $operation_id:literal,
            auth: $auth:ident,
            $(deprecated: $deprecated:literal,)?
            idempotent: $idempotent:literal,
            $(sensitive: $sensitive:literal,)?
            $(nullable_result: $nullable:literal,)?
            $(query: $query:ident,)?
            $(body: $body:ident $(($body_field:ident))?,)?
            $(output: $output:ty,)?
            $(lists: $item:ty, pages: $pages:ident $(($page_field:ident))?,)?
            $(parse: $parse:path,)?
        }
    ) => {
        #[allow(deprecated)]
        impl $crate::operation::Operation for $ty {
            const INFO: $crate::operation::OperationInfo = $crate::operation::OperationInfo {
                name: $name,
                operation_id: $operation_id,
                method: $crate::http::Method::$method,
                path: concat!($("/", $crate::operation!(@template $seg)),+),
                pagination: $crate::operation!(@pagination $($pages)?),
                auth: $crate::operation::$auth,
                deprecated: $crate::operation!(@or_false $($deprecated)?),
                idempotent: $idempotent,
            };
            type Output = $crate::operation!(@output $($output)? $(; $item)?);
            $(const SENSITIVE_RESPONSE: bool = $sensitive;)?
            $(const NULLABLE_RESULT: bool = $nullable;)?

            #[allow(unused_mut, clippy::vec_init_then_push)]
            fn path_params(&self) -> Vec<(&'static str, &str)> {
                let mut params: Vec<(&'static str, &str)> = Vec::new();
                $($crate::operation!(@param params self $seg);)+
                params
            }

            $(
                fn query(
                    &self,
                    query: &mut $crate::query::Query,
                ) -> Result<(), $crate::error::RequestError> {
                    $crate::operation!(@query $query self query)
                }
            )?

            $(
                fn body(&self) -> Result<Option<Vec<u8>>, $crate::error::RequestError> {
                    $crate::operation!(@body self $body $($body_field)?)
                }
            )?

            $crate::operation!(@parse $($parse)? $(; $item)?);
        }

        $(
            #[allow(deprecated)]
            impl $crate::pagination::ListOperation for $ty {
                type Item = $item;
                $crate::operation!(@set_page $pages $($page_field)?);
            }
        )?
    };

    (@template { $param:ident $(= $($field:ident).+)? }) => { concat!("{", stringify!($param), "}") };
    (@template $segment:tt) => { stringify!($segment) };

    (@param $params:ident $self:ident { $param:ident }) => {
        $params.push((stringify!($param), ::std::convert::AsRef::<str>::as_ref(&$self.$param)))
    };
    (@param $params:ident $self:ident { $param:ident = $($field:ident).+ }) => {
        $params.push((stringify!($param), ::std::convert::AsRef::<str>::as_ref(&$self.$($field).+)))
    };
    (@param $params:ident $self:ident $segment:tt) => {};

    (@pagination) => { $crate::operation::Pagination::None };
    (@pagination number) => { $crate::operation::Pagination::PageNumber };
    (@pagination cursor) => { $crate::operation::Pagination::Cursor };
    (@pagination single) => { $crate::operation::Pagination::SinglePage };

    (@or_false) => { false };
    (@or_false $value:literal) => { $value };

    (@output $output:ty) => { $output };
    (@output ; $item:ty) => { $crate::pagination::Page<$item> };

    (@query fields $self:ident $query:ident) => { $query.extend($self) };

    (@body $self:ident fields) => { $crate::operation::json_body($self) };
    (@body $self:ident field $field:ident) => { $crate::operation::json_body(&$self.$field) };
    (@body $self:ident empty_object) => { $crate::operation::empty_object_body() };

    (@parse) => {
        fn parse_response<B: AsRef<[u8]>>(
            response: &$crate::http::Response<B>,
        ) -> Result<$crate::response::Response<Self::Output>, $crate::error::Error> {
            $crate::response::parse_for::<Self, B>(response)
        }
    };
    (@parse ; $item:ty) => {
        fn parse_response<B: AsRef<[u8]>>(
            response: &$crate::http::Response<B>,
        ) -> Result<$crate::response::Response<Self::Output>, $crate::error::Error> {
            $crate::pagination::parse_page::<Self, $item, B>(response)
        }
    };
    (@parse $parse:path) => {
        fn parse_response<B: AsRef<[u8]>>(
            response: &$crate::http::Response<B>,
        ) -> Result<$crate::response::Response<Self::Output>, $crate::error::Error> {
            $parse(response)
        }
    };

    (@set_page number $field:ident) => {
        fn set_page(&mut self, page: $crate::pagination::PageRequest) {
            if let $crate::pagination::PageRequest::Number(n) = page {
                self.$field = Some(n);
            }
        }

        fn first_page(&self) -> Option<u32> {
            self.$field
        }
    };
    (@set_page cursor $field:ident) => {
        fn set_page(&mut self, page: $crate::pagination::PageRequest) {
            if let $crate::pagination::PageRequest::Cursor(cursor) = page {
                self.$field = Some(cursor);
            }
        }
    };
    (@set_page single) => {
        /// A single-page listing: there is no other page to point at.
        fn set_page(&mut self, _page: $crate::pagination::PageRequest) {}
    };
}

/// [`operation!`] for each of a resource module's operations, and the module's `OPERATIONS`
/// for the catalogue: an operation written once is in the catalogue.
macro_rules! operations {
    ($( $ty:ident = $method:ident $(/ $seg:tt)+ { $($facts:tt)* } )+) => {
        $( $crate::operation!($ty = $method $(/ $seg)+ { $($facts)* }); )+

        #[allow(deprecated)]
        pub(crate) const OPERATIONS: &[$crate::operation::Entry] = &[$(
            $crate::operation::Entry::of::<$ty>(concat!(module_path!(), "::", stringify!($ty)))
        ),+];
    };
}

pub(crate) use operations;
