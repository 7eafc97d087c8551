//! Core benchmarks, each paired with its baseline in the same run:
//! - building a request vs building the same `http::Request` by hand;
//! - parsing an envelope (50 and 1000 accounts, and a 100-entry audit-log page) vs
//!   `serde_json::from_slice` into the same item types.

use std::hint::black_box;

use cloudflare_benches::{accounts_page, audit_log_page};
use cloudflare_core::accounts::{self, Account};
use cloudflare_core::models::audit_log::AccountAuditLog;
use cloudflare_core::{Config, Credentials, Direction, Operation};
use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;

fn build(c: &mut Criterion) {
    let config = Config::new(Credentials::api_token("bench-token")).expect("config");
    let op = accounts::List {
        name: Some("Demo Account".into()),
        page: Some(2),
        per_page: Some(50),
        direction: Some(Direction::Desc),
    };
    let mut group = c.benchmark_group("build_request/accounts.list");
    group.bench_function("sdk", |b| {
        b.iter(|| {
            black_box(&op)
                .to_request(black_box(&config))
                .expect("request")
        })
    });
    group.bench_function("by_hand", |b| {
        b.iter(|| {
            let op = black_box(&op);
            let mut auth = http::HeaderValue::from_static("Bearer bench-token");
            auth.set_sensitive(true);
            let uri = format!(
                "https://api.cloudflare.com/client/v4/accounts?direction={}&name={}&page={}&per_page={}",
                op.direction.as_ref().map(|d| d.as_str()).unwrap_or(""),
                op.name.as_deref().unwrap_or("").replace(' ', "%20"),
                op.page.unwrap_or(1),
                op.per_page.unwrap_or(20),
            );
            http::Request::builder()
                .method(http::Method::GET)
                .uri(uri)
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::USER_AGENT, "cloudflare-rs-sdk/0.1.0")
                .header(http::header::AUTHORIZATION, auth)
                .body(Vec::<u8>::new())
                .expect("request")
        })
    });
    group.finish();
}

/// The baseline: the same item type, straight from `serde_json`, no envelope checks.
#[derive(Deserialize)]
struct Plain<T> {
    result: Vec<T>,
}

fn parse(c: &mut Criterion) {
    for n in [50usize, 1000] {
        let body = accounts_page(n);
        let response = http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .header("cf-ray", "8a1b2c3d4e5f-SJC")
            .body(body.clone())
            .expect("response");
        let mut group = c.benchmark_group(format!("parse/accounts.list/{n}"));
        group.throughput(criterion::Throughput::Bytes(body.len() as u64));
        group.bench_function("sdk", |b| {
            b.iter(|| accounts::List::parse_response(black_box(&response)).expect("parses"))
        });
        group.bench_function("serde_json", |b| {
            b.iter(|| {
                serde_json::from_slice::<Plain<Account>>(black_box(&body))
                    .expect("parses")
                    .result
            })
        });
        group.finish();
    }
}

fn parse_audit_log(c: &mut Criterion) {
    let body = audit_log_page(100);
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .header("cf-ray", "8a1b2c3d4e5f-SJC")
        .body(body.clone())
        .expect("response");
    let mut group = c.benchmark_group("parse/accounts.logs.audit.list/100");
    group.throughput(criterion::Throughput::Bytes(body.len() as u64));
    group.bench_function("sdk", |b| {
        b.iter(|| {
            accounts::logs::audit::List::parse_response(black_box(&response)).expect("parses")
        })
    });
    group.bench_function("serde_json", |b| {
        b.iter(|| {
            serde_json::from_slice::<Plain<AccountAuditLog>>(black_box(&body))
                .expect("parses")
                .result
        })
    });
    group.finish();
}

criterion_group!(benches, build, parse, parse_audit_log);
criterion_main!(benches);
