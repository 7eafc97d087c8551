//! Requests per second against the local emulator, each client paired with its raw HTTP library
//! doing the same request in the same run:
//! - our blocking client (`cloudflare-ureq`) vs a raw `ureq::Agent`;
//! - our async client (`cloudflare-hyper`) vs a raw `hyper_util` legacy client.
//!
//! The raw baselines send the same method, URI and headers and read the whole body; ours also
//! parse the typed result. Criterion reports time per request; requests/s is its inverse.

use std::hint::black_box;

use bytes::Bytes;
use cloudflare_core::{ClientOptions, Config, Credentials, Operation, accounts};
use cloudflare_mock::{MockConfig, MockServer};
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::TokioExecutor;

struct Setup {
    _server: MockServer,
    options: ClientOptions,
    request: http::Request<Vec<u8>>,
    op: accounts::Get,
}

fn setup() -> Setup {
    let server = MockServer::start(MockConfig::default()).expect("emulator");
    let config = Config::new(Credentials::api_key(
        &server.config().email,
        &server.config().key,
    ))
    .expect("config")
    .with_base_url(&server.base_url())
    .expect("base url");
    let options = ClientOptions::new(config);
    let client = cloudflare_ureq::Client::new(options.clone()).expect("client");
    let first = client
        .items(accounts::List::default())
        .next()
        .expect("an account")
        .expect("listing works");
    let op = accounts::Get::new(first.id);
    let request = op.to_request(&options.config).expect("request");
    Setup {
        _server: server,
        options,
        request,
        op,
    }
}

fn blocking(c: &mut Criterion) {
    let s = setup();
    let ours = cloudflare_ureq::Client::new(s.options.clone()).expect("client");
    let raw: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut group = c.benchmark_group("requests/blocking/accounts.get");
    group.bench_function("cloudflare-ureq", |b| {
        b.iter(|| ours.send(black_box(&s.op)).expect("ok"))
    });
    group.bench_function("raw ureq", |b| {
        b.iter(|| {
            let mut response = raw.run(s.request.clone()).expect("ok");
            let body = response.body_mut().read_to_vec().expect("body");
            assert_eq!(response.status(), 200);
            black_box(body)
        })
    });
    group.finish();
}

fn asynchronous(c: &mut Criterion) {
    let s = setup();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let ours = runtime
        .block_on(async { cloudflare_hyper::Client::new(s.options.clone()) })
        .expect("client");
    let raw = runtime
        .block_on(async { HyperClient::builder(TokioExecutor::new()).build_http::<Full<Bytes>>() });
    let mut group = c.benchmark_group("requests/async/accounts.get");
    group.bench_function("cloudflare-hyper", |b| {
        b.iter(|| runtime.block_on(ours.send(black_box(&s.op))).expect("ok"))
    });
    group.bench_function("raw hyper-util", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let (parts, body) = s.request.clone().into_parts();
                let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
                let response = raw.request(request).await.expect("ok");
                assert_eq!(response.status(), 200);
                black_box(
                    response
                        .into_body()
                        .collect()
                        .await
                        .expect("body")
                        .to_bytes(),
                )
            })
        })
    });
    group.finish();
}

criterion_group!(benches, blocking, asynchronous);
criterion_main!(benches);
