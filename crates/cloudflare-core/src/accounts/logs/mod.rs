//! `accounts.logs`: account logs.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts::logs::audit};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let now = cloudflare_core::time::OffsetDateTime::now_utc();
//! let list = audit::List::new("023e105f4ecef8ad9ca31a8372d0c353", now - cloudflare_core::time::Duration::days(1), now);
//! assert!(list.to_request(&config)?.uri().path().ends_with("/logs/audit"));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

pub mod audit;
