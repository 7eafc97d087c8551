//! `organizations.logs`: organization logs.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, organizations::logs::audit};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let day = cloudflare_core::Date::from_ymd(2024, 10, 30).unwrap();
//! let list = audit::List::new("a7b35cbbef7a4e5db20d2d3fcb1e4a42", day, day);
//! assert!(list.to_request(&config)?.uri().path().ends_with("/logs/audit"));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

pub mod audit;
