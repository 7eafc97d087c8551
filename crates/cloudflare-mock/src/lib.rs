//! # cloudflare-mock
//!
//! A stateful local emulator of the Cloudflare API v4 operations of the
//! Accounts, User and Organizations sections (64 operations), for testing
//! clients without the network. It is a real HTTP/1.1 server (hyper 1 +
//! tokio) bound to a loopback address, with its own thread and runtime.
//!
//! ```no_run
//! use cloudflare_mock::{MockConfig, MockServer};
//!
//! let server = MockServer::start(MockConfig::default())?;
//! let base = server.base_url(); // "http://127.0.0.1:PORT/client/v4"
//! // ... send `Authorization: Bearer mock-api-token` requests to `base` ...
//! server.faults().rate_limit_next(1, 2); // the next request gets a 429
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! ## What is emulated
//! - Every operation of the schema (see [`route_table`]), under
//!   `/client/v4`, answering with the Cloudflare envelope
//!   (`success`, `errors`, `messages`, `result`, `result_info`) shaped after
//!   the schema's response objects.
//! - A deterministic world generated from [`MockConfig::seed`] (see the
//!   `world` module docs in the source): a user, 12 accounts (the first with
//!   63 members), roles, permission groups, tokens, subscriptions, invites,
//!   organizations, billing data and 200 audit events.
//! - Authentication with the configured credentials and with API tokens
//!   created through the API (rolled or deleted tokens stop working).
//! - An audit event for every successful mutation.
//! - Fault injection through [`MockServer::faults`].
//!
//! Error codes are listed in the `errors` module docs in the source; in
//! short: 400/1004 validation, 400/6003 several auth schemes, 400/6007
//! malformed JSON, 400/7003 malformed id, 401/10000 no credentials,
//! 401/9109 invalid token, 403/10000 wrong key, 404/7000 no route,
//! 404/7003 unknown id, 405/7001 wrong method, 409/1005 conflict, 413/1013
//! body above 1 MiB.

mod admin;
mod audit;
mod auth;
pub mod conformance;
mod errors;
pub mod expect;
pub mod faults;
mod policy;
mod prng;
mod query;
mod router;
mod routes;
mod server;
mod state;
pub mod world;

use std::net::{Ipv4Addr, SocketAddr};

pub use expect::VerifyError;
pub use faults::{Faults, RouteFault, ScriptedResponse, UnknownRoute};
pub use server::{
    MAX_BODY_BYTES, MockServer, MockServerBuilder, RecordedRequest, RecordedResponse, RequestLog,
};
pub use world::World;

/// Default of [`MockConfig::record_capacity`].
pub const DEFAULT_RECORD_CAPACITY: usize = 4096;

/// Configuration of a [`MockServer`]: the world seed, the accepted
/// credentials and the listen address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockConfig {
    /// Seed of the generated world (same seed, same world).
    pub seed: u64,
    /// Accepted API token (`Authorization: Bearer <token>`); it is the
    /// value of a seeded user token named `mock-api-token`.
    pub token: String,
    /// Accepted `X-Auth-Email` (also the user's email).
    pub email: String,
    /// Accepted `X-Auth-Key` (global API key).
    pub key: String,
    /// Accepted `X-Auth-User-Service-Key`.
    pub user_service_key: String,
    /// Listen address; a loopback address unless [`MockConfig::allow_remote`]. Port 0 picks a
    /// free one.
    pub listen: SocketAddr,
    /// Allows a listen address that is not loopback (`0.0.0.0:8787`, so that a client in
    /// another container can reach the emulator). The emulator speaks plain http and accepts
    /// its well-known credentials from anyone who can reach it: never expose it to a network
    /// you do not control. Default false.
    pub allow_remote: bool,
    /// How many exchanges [`MockServer::requests`] keeps: the newest, in a ring (default
    /// [`DEFAULT_RECORD_CAPACITY`]; 0 records nothing). Memory stays bounded however many
    /// requests the server serves.
    pub record_capacity: usize,
    /// Serves the run-time control endpoints under `/__admin/` (faults, expectations, recorded
    /// exchanges, reset; see the `admin` module docs in the source and `cloudflare-mock
    /// --help`). Default false; the binary turns it on.
    pub admin_endpoints: bool,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            seed: 1,
            token: "mock-api-token".to_owned(),
            email: "user@example.com".to_owned(),
            key: "mock-global-api-key".to_owned(),
            user_service_key: "v1.0-mock-user-service-key".to_owned(),
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            allow_remote: false,
            record_capacity: DEFAULT_RECORD_CAPACITY,
            admin_endpoints: false,
        }
    }
}

/// The `(METHOD, path template)` pairs the emulator serves, relative to
/// `/client/v4`, e.g. `("GET", "/accounts/{account_id}/members")`.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    routes::ROUTES
        .iter()
        .map(|r| (r.method, r.template))
        .collect()
}
