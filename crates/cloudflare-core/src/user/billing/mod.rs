//! `user.billing`: billing history and profile (deprecated by the API).
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::billing};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! #[allow(deprecated)]
//! let profile = billing::profile::Get;
//! assert_eq!(profile.to_request(&config)?.uri().path(), "/client/v4/user/billing/profile");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

pub mod history;
pub mod profile;
