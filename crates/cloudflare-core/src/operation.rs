//! The operation contract: constant facts apart from request data, one definition per operation.

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Request};
use serde::Serialize;

use crate::auth::AuthScheme;
use crate::config::Config;
use crate::encoding::{Query, render_path};
use crate::error::{Error, RequestError};
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

    /// Parses a response to this operation: usually [`parse`](crate::response::parse) (the
    /// envelope's `result` as `Output`), or [`parse_page`](crate::pagination::parse_page) for a
    /// listing.
    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Response<Self::Output>, Error>;
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

/// Declares a resource module's operations: for each, its constant facts, its path (each
/// `{param}` reads the struct's field of that name, so a parameter without a field does not
/// compile), its query and body, how it lists; and the module's `OPERATIONS` for the catalogue.
/// The request types themselves stay plain structs beside it.
///
/// ```text
/// operations! {
///     List = GET /accounts/{account_id}/members {
///         name: "accounts.members.list",
///         operation_id: "account-members-list-members",
///         auth: AUTH_KEY,
///         idempotent: true,
///         query: fields,                 // the struct's serialized fields, as the query
///         lists: Member,
///         pages: number(page),           // or `cursor(field)`, or `single`
///     }
///     Create = POST /accounts/{account_id}/members {
///         ...,
///         body: fields,                  // or `field(name)`, or `empty_object`
///         output: Member,
///     }
///     Update = PUT /accounts/{account_id = owner.account_id}/profile { ... } // a nested field
/// }
/// ```
macro_rules! operations {
    ($(
        $ty:ty = $method:ident $(/ $seg:tt)+ {
            name: $name:literal,
            operation_id: $operation_id:literal,
            auth: $auth:ident,
            $(deprecated: $deprecated:literal,)?
            idempotent: $idempotent:literal,
            $(query: $query:ident,)?
            $(body: $body:ident $(($body_field:ident))?,)?
            $(output: $output:ty,)?
            $(lists: $item:ty, pages: $pages:ident $(($page_field:ident))?,)?
            $(parse: $parse:path,)?
        }
    )+) => {
        $(
            #[allow(deprecated)]
            impl $crate::operation::Operation for $ty {
                const INFO: $crate::operation::OperationInfo = $crate::operation::OperationInfo {
                    name: $name,
                    operation_id: $operation_id,
                    method: ::http::Method::$method,
                    path: concat!($("/", $crate::operation::operations!(@template $seg)),+),
                    pagination: $crate::operation::operations!(@pagination $($pages)?),
                    auth: $crate::operation::$auth,
                    deprecated: $crate::operation::operations!(@or_false $($deprecated)?),
                    idempotent: $idempotent,
                };
                type Output = $crate::operation::operations!(
                    @output $($output)? $(; $item)?
                );

                #[allow(unused_mut, clippy::vec_init_then_push)]
                fn path_params(&self) -> Vec<(&'static str, &str)> {
                    let mut params: Vec<(&'static str, &str)> = Vec::new();
                    $($crate::operation::operations!(@param params self $seg);)+
                    params
                }

                $(
                    fn query(
                        &self,
                        query: &mut $crate::encoding::Query,
                    ) -> Result<(), $crate::error::RequestError> {
                        $crate::operation::operations!(@query $query self query)
                    }
                )?

                $(
                    fn body(&self) -> Result<Option<Vec<u8>>, $crate::error::RequestError> {
                        $crate::operation::operations!(@body self $body $($body_field)?)
                    }
                )?

                $crate::operation::operations!(@parse $($parse)? $(; $item)?);
            }

            $(
                #[allow(deprecated)]
                impl $crate::pagination::ListOperation for $ty {
                    type Item = $item;
                    $crate::operation::operations!(@set_page $pages $($page_field)?);
                }
            )?
        )+

        #[allow(deprecated)]
        pub(crate) const OPERATIONS: &[$crate::operation::Entry] =
            &[$($crate::operation::Entry::of::<$ty>()),+];
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
    (@body $self:ident empty_object) => {
        $crate::operation::json_body(&::serde_json::Map::new())
    };

    (@parse) => {
        fn parse_response<B: AsRef<[u8]>>(
            response: &::http::Response<B>,
        ) -> Result<$crate::response::Response<Self::Output>, $crate::error::Error> {
            $crate::response::parse(response)
        }
    };
    (@parse ; $item:ty) => {
        fn parse_response<B: AsRef<[u8]>>(
            response: &::http::Response<B>,
        ) -> Result<$crate::response::Response<Self::Output>, $crate::error::Error> {
            $crate::pagination::parse_page::<Self, $item, B>(response)
        }
    };
    (@parse $parse:path) => {
        fn parse_response<B: AsRef<[u8]>>(
            response: &::http::Response<B>,
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

pub(crate) use operations;
