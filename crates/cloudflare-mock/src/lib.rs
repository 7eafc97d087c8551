//! # cloudflare-mock
//!
//! A stateful local emulator of the Cloudflare API v4 operations of the
//! Accounts, User and Organizations sections (64 operations), for testing
//! clients without the network. It is a real HTTP/1.1 and h2c server (hyper 1 +
//! tokio) bound to a loopback address, with its own thread and runtime. It does
//! not depend on the SDK it is used to test.
//!
//! ```no_run
//! use cloudflare_mock::world::{self, Account, World};
//! use cloudflare_mock::{MockConfig, MockServer};
//!
//! // The generated world, one line:
//! let server = MockServer::start(MockConfig::default())?;
//! let base = server.base_url(); // "http://127.0.0.1:PORT/client/v4"
//! // ... send `Authorization: Bearer mock-api-token` requests to `base` ...
//!
//! // A world of your own, a fault on one route, an expectation:
//! let acme = world::id("acme");
//! let server = MockServer::builder()
//!     .world(World::empty().account(Account::new(&acme, "Acme")))
//!     .start()?;
//! server.on("GET", "/accounts")?.nth(1).rate_limit(1);
//! server.expect("GET", "/accounts")?.times(2);
//! // ... run the code under test ...
//! let statuses = server.statuses(); // e.g. [Some(429), Some(200)]
//! server.verify()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What is emulated
//! - Every operation of the schema (see [`route_table`]), under
//!   `/client/v4`, answering with the Cloudflare envelope
//!   (`success`, `errors`, `messages`, `result`, `result_info`) shaped after
//!   the schema's response objects.
//! - A deterministic world generated from [`MockConfig::seed`]: a user, 12
//!   accounts (the first with 63 members), roles, permission groups, tokens,
//!   subscriptions, invites, organizations, billing data and 200 audit events;
//!   or a world you seed ([`world`]).
//! - Authentication with the configured credentials and with API tokens
//!   created through the API (rolled or deleted tokens stop working), and the
//!   tokens' policies, resources and IP conditions enforced (see the `policy`
//!   module docs in the source).
//! - An audit event for every successful mutation (the newest 10 000 kept).
//! - Fault injection on any route or one route ([`faults`]), expectations
//!   ([`expect`]), and the last exchanges recorded with their responses
//!   ([`MockServer::requests`], a ring of [`MockConfig::record_capacity`]).
//! - Run-time control over HTTP (`/__admin/...`) when
//!   [`MockConfig::admin_endpoints`] is on, as in the binary.
//!
//! Error codes are listed in the `errors` module docs in the source; in
//! short: 400/1004 validation, 400/6003 several auth schemes, 400/6007
//! malformed JSON, 400/7003 malformed id, 401/10000 no credentials,
//! 401/9109 invalid token, 403/9109 token lacking permission or refused
//! location, 403/10000 wrong key, 404/7000 no route, 404/7003 unknown id,
//! 405/7001 wrong method, 409/1005 conflict, 413/1013 body above 1 MiB.

mod admin;
mod audit;
mod auth;
mod config;
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
mod timestamps;
pub mod world;

pub use config::{DEFAULT_RECORD_CAPACITY, MockConfig};
pub use expect::VerifyError;
pub use faults::{Faults, RouteFault, ScriptedResponse, UnknownRoute};
pub use server::{
    MAX_BODY_BYTES, MockServer, MockServerBuilder, RecordedRequest, RecordedResponse, RequestLog,
};
pub use world::World;

/// The `(METHOD, path template)` pairs the emulator serves, relative to
/// `/client/v4`, e.g. `("GET", "/accounts/{account_id}/members")`.
pub fn route_table() -> Vec<(&'static str, &'static str)> {
    routes::ROUTES
        .iter()
        .map(|r| (r.method, r.template))
        .collect()
}
