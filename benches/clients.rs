//! Requests per second of each client against its raw transport doing the same typed work
//! (see `cloudflare_benches::sides`), on a loopback server of cached bytes (not the emulator,
//! whose own work per request would dominate), in interleaved rounds of one run: each round
//! times a batch of requests of every side, in an order that rotates from round to round, so
//! drift on a busy machine hits all sides alike.
//!
//! ```sh
//! cargo bench -p cloudflare-benches --bench clients            # 40 rounds of 100 requests
//! ROUNDS=100 BATCH=200 cargo bench -p cloudflare-benches --bench clients
//! ```
//!
//! Prints each side's median time per request and, per client, the ratio of requests/s (ours
//! over raw) as the median of the per-round ratios, with its spread (the middle half).

use std::time::Instant;

use cloudflare_benches::sides::{Side, Sides};
use cloudflare_benches::{accounts_page, response_bytes, serve_cached};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn quartiles(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (values[values.len() / 4], values[values.len() * 3 / 4])
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and wants no run.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rounds = env_or("ROUNDS", 40);
    let batch = env_or("BATCH", 100);
    let addr = serve_cached(response_bytes(&accounts_page(50)));
    let sides = Sides::new(addr);
    // Warm-up: connections, allocator, caches.
    for _ in 0..batch {
        for side in Side::ALL {
            sides.run(side);
        }
    }
    let mut per_request = vec![Vec::with_capacity(rounds); Side::ALL.len()];
    for round in 0..rounds {
        for k in 0..Side::ALL.len() {
            let index = (round + k) % Side::ALL.len();
            let side = Side::ALL[index];
            let started = Instant::now();
            for _ in 0..batch {
                sides.run(side);
            }
            per_request[index].push(started.elapsed().as_secs_f64() * 1e6 / batch as f64);
        }
    }
    println!(
        "{rounds} rounds x {batch} requests per side, GET /accounts?per_page=50, cached bytes on loopback"
    );
    for (index, side) in Side::ALL.iter().enumerate() {
        let mut times = per_request[index].clone();
        println!(
            "{:>10}: {:8.2} µs/request (median)",
            side.name(),
            median(&mut times)
        );
    }
    for (ours, raw) in [(0, 1), (2, 3)] {
        // requests/s ratio = raw time / our time, per round.
        let mut ratios: Vec<f64> = per_request[raw]
            .iter()
            .zip(&per_request[ours])
            .map(|(raw, ours)| raw / ours)
            .collect();
        let m = median(&mut ratios);
        let (q1, q3) = quartiles(&mut ratios);
        println!(
            "{} = {m:.3}x {} in requests/s (middle half {q1:.3}..{q3:.3})",
            Side::ALL[ours].name(),
            Side::ALL[raw].name()
        );
    }
}
