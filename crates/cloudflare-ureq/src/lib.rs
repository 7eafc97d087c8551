//! Blocking Cloudflare API v4 client (Accounts, User, Organizations) on [ureq] 3.
//!
//! This crate only does the IO: every operation, the request building, the response parsing and
//! every decision (retries, waits, timeouts, the deadline, page scheduling) come from
//! [`cloudflare_core`]'s [`Call`] and [`Paginator`] machines; it sends, reads under the size cap,
//! sleeps, and runs page fetches on threads. The core is re-exported here so a program needs this
//! one dependency.
//!
//! - One [`ureq::Agent`] per [`Client`] (cloning a client shares it and its connection pool).
//! - TLS through rustls with the `ring` provider, certificate verification on, Mozilla's
//!   (webpki) root certificates by default (see the features below); more certificate
//!   authorities (a corporate proxy's CA) with [`ClientBuilder::add_root_certificates`] and
//!   [`RootCertificates`].
//! - Timeouts, the same in every transport: connect, TLS handshake included
//!   ([`ClientOptions::connect_timeout`]); the whole attempt from name resolution to the last
//!   body byte ([`ClientOptions::attempt_timeout`]); the whole call with every wait
//!   ([`ClientOptions::deadline`]).
//! - Retries follow [`RetryPolicy`] and each operation's [`OperationInfo::idempotent`].
//! - Listings fetch up to [`ClientOptions::page_concurrency`] pages at once, on threads.
//! - Host names are resolved on a thread bounded by the attempt's deadline, and their addresses
//!   reused for 30 s (ureq resolves on every request otherwise).
//! - Response bodies are capped at [`ClientOptions::max_body_size`] bytes.
//! - Redirects are not followed: a 3xx comes back as an error carrying its status
//!   (usually [`Error::UnexpectedResponse`]).
//! - Proxies: from the environment by default (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//!   `NO_PROXY`, upper or lower case, read as curl does: see [`Proxy::from_env`]), or set in
//!   code with [`ClientBuilder::proxy`] ([`Proxy::new`], [`Proxy::none`]); proxy credentials
//!   are sent as `Proxy-Authorization` and redacted from every `Debug` and error.
//!
//! ```no_run
//! use cloudflare_ureq::{Client, accounts};
//!
//! // Credentials from CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL, ...),
//! // the base URL from CLOUDFLARE_BASE_URL if set.
//! let client = Client::from_env()?;
//! for account in client.items(accounts::List::default()) {
//!     let account = account?;
//!     println!("{} {}", account.id, account.name);
//! }
//! let account = client.send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"))?;
//! println!("{account:?}");
//! # Ok::<(), cloudflare_ureq::Error>(())
//! ```
//!
//! ## Logging
//!
//! The spans and events are the core's, the same in every client
//! ([`cloudflare_core::call_span`]): each call is a `tracing` span `cloudflare.call` (fields
//! `operation`, `method`, `path` template) and each attempt a child span `cloudflare.attempt`
//! (`attempt`), both at DEBUG; inside them each attempt's end is an event at DEBUG (`response`
//! with `status` and `cf_ray`, `attempt failed`, `attempt timed out`) and each retry an event at
//! **WARN** (`retrying`, with `reason` and `wait_ms`). No header value, body or secret is
//! recorded. ureq itself logs through the `log` crate with sensitive headers redacted, **except**
//! that its `ureq_proto` dependency hex-dumps the raw bytes on the wire at TRACE level,
//! credentials included: keep the `ureq_proto` target at DEBUG or below outside of local
//! debugging.
//!
//! Against a local emulator or a proxy, set the base URL in the [`Config`]:
//!
//! ```no_run
//! use std::time::Duration;
//! use cloudflare_ureq::{Client, ClientOptions, Config, Credentials};
//!
//! let config = Config::new(Credentials::api_token("token"))?
//!     .with_base_url("http://127.0.0.1:8787/client/v4")?;
//! let client = Client::new(
//!     ClientOptions::new(config)
//!         .timeout(Duration::from_secs(20))
//!         .deadline(Duration::from_secs(60)),
//! )?;
//! # let _ = client;
//! # Ok::<(), cloudflare_ureq::Error>(())
//! ```
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

mod driver;
mod paging;
mod tls_setup;
mod transport;

pub use cloudflare_core::proxy::Proxy;
pub use cloudflare_core::tls::RootCertificates;
pub use driver::{Client, ClientBuilder};
pub use paging::{Items, Pages};

pub use cloudflare_core::*;
