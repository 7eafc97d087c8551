//! Async Cloudflare API v4 client on hyper 1 + tokio (work in progress).

pub use cloudflare_core::*;
