//! The sans-IO core of a Cloudflare API v4 client for the Accounts, User and Organizations
//! sections.
//!
//! Every API operation is a plain value implementing [`Operation`]: it turns into an
//! [`http::Request`] with [`Operation::to_request`] and parses any [`http::Response`] with
//! [`Operation::parse_response`]. Nothing here opens a socket, reads a clock or sleeps, yet every
//! decision a client makes is here: a [`Call`] is told the time and says "send this attempt, it
//! must end by T", "wait until T" or "done"; it owns retries, timeouts, the deadline, the 429 gate
//! and the request budget. A [`Paginator`] hands out page requests (several at once), takes their
//! results in any order and hands pages out in order. The `cloudflare-ureq` (blocking) and
//! `cloudflare-hyper` (async) crates only do the IO, and any other HTTP stack can drive the same
//! machines (see `examples/bring_your_own_transport.rs`).
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts};
//!
//! let config = Config::new(Credentials::api_token("my-token"))?;
//! let request = accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353").to_request(&config)?;
//! assert_eq!(
//!     request.uri(),
//!     "https://api.cloudflare.com/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353"
//! );
//! # let response = http::Response::new(br#"{"success":true,"errors":[],"messages":[],
//! #   "result":{"id":"023e105f4ecef8ad9ca31a8372d0c353","name":"Demo","type":"standard"}}"#.to_vec());
//! let account = accounts::Get::parse_response(&response)?.result;
//! assert_eq!(account.name, "Demo");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

pub mod accounts;
pub mod auth;
pub mod call;
pub mod catalogue;
pub mod client;
pub mod config;
pub mod encoding;
pub mod error;
pub mod families;
mod headers;
pub mod models;
pub mod operation;
pub mod organizations;
pub mod owner;
pub mod pagination;
pub mod proxy;
pub mod query;
pub mod response;
pub mod retry;
pub mod tls;
pub mod types;
pub mod user;

pub use auth::{AuthScheme, Credentials, CredentialsError, Secret};
pub use call::{Attempt, Call, Failure, Pacer, Step, call_span};
pub use catalogue::catalogue;
pub use client::{CallOptions, ClientOptions, DEFAULT_PAGE_CONCURRENCY, RequestBudget};
pub use config::{BaseUrl, Config, DEFAULT_BASE_URL};
pub use error::{
    ApiError, ApiErrorItem, DecodeError, Error, ErrorKind, ListingError, RequestError,
    TimeoutPhase, UnexpectedResponse, codes,
};
pub use operation::{Operation, OperationInfo, Pagination};
pub use pagination::{ListOperation, NextPage, Page, PageFetch, PageRequest, Paginator};
pub use query::Query;
pub use response::{RateLimit, Response, ResponseMeta, ResultInfo};
pub use retry::{Decision, Outcome, RetryPolicy};
pub use types::{Date, Direction, Patch, Timestamp};

pub use http;
/// The `time` crate, for [`Timestamp`] and [`Date`] values: no direct dependency needed.
pub use time;
