//! An async client for the Cloudflare API v4 (Accounts, User, Organizations) on hyper 1,
//! hyper-util's pooled client, rustls (`ring`, webpki roots, verification on) and tokio.
//!
//! Every operation, request and response type comes from [`cloudflare_core`], re-exported here,
//! so a program needs this one dependency. This crate only moves bytes: it owns the connection
//! pool, TLS, timeouts, the retry sleeps, the body size cap, the optional request budget and the
//! concurrent fetching of listing pages; what to send and how to read the answer is the core's.
//!
//! ```no_run
//! use std::time::Duration;
//! use cloudflare_hyper::{Client, ClientOptions, Config, Credentials, accounts};
//!
//! # async fn run() -> Result<(), cloudflare_hyper::Error> {
//! let config = Config::new(Credentials::from_env()?)?;
//! let client = Client::new(ClientOptions::new(config).timeout(Duration::from_secs(30)))?;
//!
//! // One call.
//! let account = client.send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353")).await?;
//! println!("{} ({})", account.name, account.id);
//!
//! // A listing, every page fetched as needed (several at once when the count is known).
//! let mut all = client.items(accounts::List::default());
//! while let Some(account) = all.next().await {
//!     println!("{}", account?.name);
//! }
//! # Ok(()) }
//! ```
//!
//! Timeouts: `connect_timeout` bounds the TCP connect (hyper-util's `HttpConnector`);
//! `attempt_timeout` bounds one attempt from sending to the end of the body (TLS handshake
//! included); `deadline` bounds a whole call with its retries and waits. Failures map to the
//! core's [`Error`]: connection failures to [`Error::Connect`] (retried for every method, since
//! nothing was sent), failures after sending to [`Error::Transport`] or [`Error::Timeout`]
//! (retried only for idempotent methods), responses to what the core parses.

pub use cloudflare_core::*;

mod failure;
mod listing;
mod throttle;
mod transport;

pub use listing::{Items, Pages};
pub use throttle::RequestBudget;
pub use transport::{Client, ClientBuilder, USER_AGENT};
