//! An async client for the Cloudflare API v4 (Accounts, User, Organizations) on hyper 1,
//! hyper-util's pooled client, rustls (by default `ring` and webpki roots; verification always
//! on) and tokio.
//!
//! Every operation, request and response type comes from [`cloudflare_core`], re-exported here,
//! so a program needs this one dependency. This crate only moves bytes: it owns the connection
//! pool, TLS, the sleeps, the body size cap and the tasks that fetch listing pages at once; every
//! decision (retries, waits, timeouts, the deadline, the request budget, page scheduling) is the
//! core's [`Call`] and [`Paginator`] machines', and what to send and how to read the answer too.
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
//! TLS: rustls with the `ring` provider (passed explicitly: no process-level provider is ever
//! needed) and the webpki roots by default (see the features below); more certificate authorities (a corporate proxy's CA) with
//! [`ClientBuilder::add_root_certificates`] and [`RootCertificates`].
//!
//! Proxies: from the environment by default (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`, upper or lower case, read as curl does: see [`Proxy::from_env`]), or set in code
//! with [`ClientBuilder::proxy`] ([`Proxy::new`], [`Proxy::none`]). `https://` goes through a
//! `CONNECT` tunnel with TLS to the API inside it; plain `http://` (loopback, or the insecure
//! opt-in) through the proxy as a forward proxy. Proxy credentials are sent as
//! `Proxy-Authorization` and redacted from every `Debug` and error.
//!
//! Responses: the client asks for gzip (`accept-encoding: gzip`) and decodes a gzip body as it
//! arrives; [`ClientOptions::max_body_size`] caps the decoded bytes as well as those on the wire,
//! so a small compressed body that inflates past the cap ends as [`Error::BodyTooLarge`], as in
//! the blocking client.
//!
//! Timeouts, the same in every transport: `connect_timeout` bounds the TCP connect and the TLS
//! handshake together; `attempt_timeout` bounds one whole attempt, name
//! resolution to the last body byte; `deadline` bounds a whole call with its retries and waits.
//! Failures map to the core's [`Error`]: connection failures to [`Error::Connect`] (retried for
//! every operation, since nothing was sent), failures after sending to [`Error::Transport`] or
//! [`Error::Timeout`] (retried only for idempotent operations), responses to what the core
//! parses. [`Error::kind`] sorts them for a program to act on.
//!
//! Per-call overrides (timeout, deadline, retries, headers): [`Client::send_with_options`] with
//! a [`CallOptions`]. [`Client::from_env`] reads the credentials and `CLOUDFLARE_BASE_URL`.
//!
//! Logging: the core's spans and events, the same as the blocking client's
//! ([`cloudflare_core::call_span`]): `cloudflare.call` and `cloudflare.attempt` spans at DEBUG,
//! each attempt's end at DEBUG, and each retry at **WARN** (`retrying`, with `reason` and
//! `wait_ms`). No header value, body or secret is recorded.
//!
//! ## Cargo features (TLS)
//!
//! | feature | default | what it does |
//! |---|---|---|
//! | `ring` | yes | rustls's `ring` crypto provider |
//! | `aws-lc-rs` | no | rustls's `aws-lc-rs` provider (used instead of `ring` when both are on) |
//! | `webpki-roots` | yes | trusts Mozilla's roots, bundled (`webpki-root-certs`) |
//! | `native-roots` | no | trusts the operating system's store (`rustls-native-certs`; honours `SSL_CERT_FILE` / `SSL_CERT_DIR`), read when the client is built |
//!
//! One provider is needed (a build with neither fails to compile with a message saying so). It is
//! passed to rustls explicitly, so no process-level `CryptoProvider` is needed or consulted and
//! no combination of features panics. With both root features, both sets are trusted; with
//! neither, only the certificates added with [`ClientBuilder::add_root_certificates`].
//! [`ClientBuilder::built_in_roots`]`(false)` turns the features' roots off.

pub use cloudflare_core::*;

mod driver;
mod paging;
mod tls_setup;
mod transport;

pub use cloudflare_core::proxy::Proxy;
pub use cloudflare_core::tls::RootCertificates;
pub use driver::{Client, ClientBuilder, USER_AGENT};
pub use paging::{Items, Pages};
