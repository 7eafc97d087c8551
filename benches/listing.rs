//! A 200-page listing with 20 ms of injected latency per request on the local emulator, for
//! both clients: one page at a time (concurrency 1), 4 pages in flight, and the default settings
//! (`ClientOptions::new`, which fetch `DEFAULT_PAGE_CONCURRENCY` = 8 pages at once). Same pages,
//! same run; the figures are the ratios of each client's timings to its one-page-at-a-time one.

use std::time::Duration;

use cloudflare_core::{ClientOptions, Config, Credentials, accounts};
use cloudflare_mock::{MockConfig, MockServer};
use criterion::{Criterion, criterion_group, criterion_main};

/// Accounts listed 5 per page: 200 pages.
const PAGES: usize = 200;
const PER_PAGE: u32 = 5;

fn listing(c: &mut Criterion) {
    let server = MockServer::start(MockConfig::default()).expect("emulator");
    let config = Config::new(Credentials::api_key(
        &server.config().email,
        &server.config().key,
    ))
    .expect("config")
    .with_base_url(&server.base_url())
    .expect("base url");
    let options = ClientOptions::new(config);

    // Grow the seeded world to exactly PAGES pages of accounts.
    let blocking = cloudflare_ureq::Client::new(options.clone()).expect("client");
    let existing = blocking.items(accounts::List::default()).count();
    for i in existing..PAGES * PER_PAGE as usize {
        blocking
            .send(&accounts::Create::new(format!("bench account {i}")))
            .expect("create");
    }
    server.faults().set_latency(Duration::from_millis(20));
    let op = accounts::List {
        per_page: Some(PER_PAGE),
        ..Default::default()
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("listing/200 pages at 20 ms");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(45));
    let settings = [
        ("one page at a time", options.clone().page_concurrency(1)),
        ("4 pages in flight", options.clone().page_concurrency(4)),
        ("default settings (8 in flight)", options.clone()),
    ];
    for (name, options) in &settings {
        let client = runtime
            .block_on(async { cloudflare_hyper::Client::new(options.clone()) })
            .expect("client");
        group.bench_function(format!("cloudflare-hyper, {name}"), |b| {
            b.iter(|| {
                let items = runtime
                    .block_on(client.items(op.clone()).try_collect())
                    .expect("listing");
                assert_eq!(items.len(), PAGES * PER_PAGE as usize);
            })
        });
        let client = cloudflare_ureq::Client::new(options.clone()).expect("client");
        group.bench_function(format!("cloudflare-ureq, {name}"), |b| {
            b.iter(|| {
                let items = client
                    .items(op.clone())
                    .collect::<Result<Vec<_>, _>>()
                    .expect("listing");
                assert_eq!(items.len(), PAGES * PER_PAGE as usize);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, listing);
criterion_main!(benches);
