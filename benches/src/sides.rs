//! The four sides of the client benchmarks, each doing the same typed work per request
//! against the same cached bytes: send `GET /accounts?per_page=50` with the same headers, read
//! the whole body, and parse it, ours into the SDK's `Page<Account>`, the raw transports into
//! [`crate::plain`]'s types.

use std::hint::black_box;
use std::net::SocketAddr;

use bytes::Bytes;
use cloudflare_core::{ClientOptions, Config, Credentials, Operation, accounts};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::plain;

/// Accounts per page in the client benchmarks.
pub const PER_PAGE: usize = 50;

/// What a raw baseline parses into.
type PlainPage = plain::Envelope<Vec<plain::Account>>;

/// The clients, ready, against a server at `addr` serving [`crate::accounts_page`]`(50)`.
pub struct Sides {
    ureq_sdk: cloudflare_ureq::Client,
    ureq_raw: ureq::Agent,
    hyper_sdk: cloudflare_hyper::Client,
    hyper_raw: HyperClient<HttpConnector, Full<Bytes>>,
    /// The SDK's attempt timeout, which the raw hyper side enforces too.
    timeout: std::time::Duration,
    runtime: tokio::runtime::Runtime,
    op: accounts::List,
    /// The request our clients send, for the raw ones to send too.
    request: http::Request<Vec<u8>>,
}

impl Sides {
    /// Builds every client (one tokio worker thread for the async ones, as a small service
    /// would run) and checks each side once.
    pub fn new(addr: SocketAddr) -> Sides {
        let config = Config::new(Credentials::api_token("bench-token"))
            .expect("config")
            .with_base_url(&format!("http://{addr}/client/v4"))
            .expect("base url");
        let options = ClientOptions::new(config);
        let op = accounts::List {
            per_page: Some(PER_PAGE as u32),
            ..Default::default()
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let ureq_sdk = cloudflare_ureq::Client::new(options.clone()).expect("client");
        let hyper_sdk = runtime
            .block_on(async { cloudflare_hyper::Client::new(options.clone()) })
            .expect("client");
        let hyper_raw =
            runtime.block_on(async { HyperClient::builder(TokioExecutor::new()).build_http() });
        // The request as our clients build it (their User-Agent differs by a few bytes).
        let request = op.to_request(&options.config).expect("request");
        // The raw hyper side bounds each exchange by a `tokio` timeout as the SDK bounds each
        // attempt (what a production client does; the timer costs a wake-up of the runtime's
        // driver). The raw ureq side has no timeout: with one, ureq resolves the host on a new
        // thread per request (the SDK's resolver avoids that), which would slow the baseline
        // down 2.5x; so the SDK's socket timeouts (two `setsockopt` per request) count against it.
        let timeout = options.attempt_timeout;
        let sides = Sides {
            ureq_sdk,
            ureq_raw: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .new_agent(),
            hyper_sdk,
            hyper_raw,
            timeout,
            runtime,
            op,
            request,
        };
        for side in Side::ALL {
            assert_eq!(sides.run(side), PER_PAGE, "{side:?}");
        }
        sides
    }

    /// One request of `side`; the number of accounts parsed.
    pub fn run(&self, side: Side) -> usize {
        match side {
            Side::UreqSdk => self.ureq_sdk.send(black_box(&self.op)).expect("ok").len(),
            Side::UreqRaw => {
                let mut response = self.ureq_raw.run(self.request.clone()).expect("ok");
                assert_eq!(response.status(), 200);
                let body = response.body_mut().read_to_vec().expect("body");
                let page: PlainPage = serde_json::from_slice(&body).expect("parses");
                black_box(page).result.len()
            }
            Side::HyperSdk => self
                .runtime
                .block_on(self.hyper_sdk.send(black_box(&self.op)))
                .expect("ok")
                .len(),
            Side::HyperRaw => self.runtime.block_on(async {
                let (parts, body) = self.request.clone().into_parts();
                let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
                let exchange = async {
                    let response = self.hyper_raw.request(request).await.expect("ok");
                    assert_eq!(response.status(), 200);
                    response
                        .into_body()
                        .collect()
                        .await
                        .expect("body")
                        .to_bytes()
                };
                let body = tokio::time::timeout(self.timeout, exchange)
                    .await
                    .expect("in time");
                let page: PlainPage = serde_json::from_slice(&body).expect("parses");
                black_box(page).result.len()
            }),
        }
    }
}

/// One side of a client benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// `cloudflare_ureq::Client::send`.
    UreqSdk,
    /// A raw `ureq::Agent` (no timeout) and `serde_json` into the plain types.
    UreqRaw,
    /// `cloudflare_hyper::Client::send`.
    HyperSdk,
    /// A raw `hyper_util` legacy client (the exchange under a `tokio` timeout of the SDK's
    /// attempt timeout) and `serde_json` into the plain types.
    HyperRaw,
}

impl Side {
    /// Every side, ours before its baseline.
    pub const ALL: [Side; 4] = [Side::UreqSdk, Side::UreqRaw, Side::HyperSdk, Side::HyperRaw];

    /// The side by its command-line name (`ureq-sdk`, `ureq-raw`, `hyper-sdk`, `hyper-raw`).
    pub fn parse(name: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|side| side.name() == name)
    }

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Side::UreqSdk => "ureq-sdk",
            Side::UreqRaw => "ureq-raw",
            Side::HyperSdk => "hyper-sdk",
            Side::HyperRaw => "hyper-raw",
        }
    }
}
