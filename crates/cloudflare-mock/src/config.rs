//! The configuration of a server: seed, credentials, listen address, record size, admin
//! endpoints.

use std::net::{Ipv4Addr, SocketAddr};

/// Default of [`MockConfig::record_capacity`].
pub const DEFAULT_RECORD_CAPACITY: usize = 4096;

/// Configuration of a [`crate::MockServer`]: the world seed, the accepted
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
    /// How many exchanges [`crate::MockServer::requests`] keeps: the newest, in a ring (default
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
