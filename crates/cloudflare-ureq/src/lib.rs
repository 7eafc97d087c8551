//! Blocking Cloudflare API v4 client on ureq 3 (work in progress).

pub use cloudflare_core::*;
