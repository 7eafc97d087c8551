//! Deterministic companions to the timed benchmarks, for `valgrind --tool=callgrind`, which
//! counts instructions and repeats exactly on a busy machine:
//!
//! - parsing: `instructions parse <side> <fixture> <rounds>` parses one fixture `rounds` times;
//!   sides `sdk` (the SDK's typed page: envelope, `result_info`, metadata), `same-type`
//!   (`serde_json` into the SDK's own `Account` / `AccountAuditLog` types) and `plain`
//!   (`serde_json` into `cloudflare_benches::plain`'s types, timestamps as strings; accounts
//!   only); fixtures `accounts1`, `accounts50`, `accounts1000`, `audit100`.
//! - clients: `instructions client <side> <requests>` sends `requests` requests of one side of
//!   `cloudflare_benches::sides` (`ureq-sdk`, `ureq-raw`, `hyper-sdk`, `hyper-raw`) to a cached-
//!   bytes server running in a child process (not traced, so only the client is counted).
//!
//! The per-item figure is the difference of two runs divided by their difference in rounds,
//! which cancels the setup (`bash benches/instructions.sh` does it all and prints the table).
//! Without arguments (as `cargo bench` runs it) it does nothing.

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use cloudflare_benches::sides::{Side, Sides};
use cloudflare_benches::{accounts_page, audit_log_page, plain, response_bytes, serve_cached};
use cloudflare_core::Operation;
use cloudflare_core::accounts::{self, Account};
use cloudflare_core::models::audit_log::AccountAuditLog;
use serde::Deserialize;

#[derive(Deserialize)]
struct SameType<T> {
    result: Vec<T>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["parse", side, fixture, rounds] => parse(side, fixture, rounds.parse().expect("rounds")),
        ["client", side, requests] => client(
            Side::parse(side).expect("side: ureq-sdk, ureq-raw, hyper-sdk or hyper-raw"),
            requests.parse().expect("requests"),
        ),
        ["serve"] => {
            let addr = serve_cached(response_bytes(&accounts_page(50)));
            println!("{addr}");
            loop {
                std::thread::park();
            }
        }
        _ => {} // `cargo bench` runs every bench target with `--bench`: nothing to do.
    }
}

fn parse(side: &str, fixture: &str, rounds: usize) {
    let body = match fixture {
        "accounts1" => accounts_page(1),
        "accounts50" => accounts_page(50),
        "accounts1000" => accounts_page(1000),
        "audit100" => audit_log_page(100),
        other => panic!("unknown fixture {other}"),
    };
    let response = http::Response::from_parts(
        http::Response::new(()).into_parts().0,
        bytes::Bytes::from(body.clone()),
    );
    let mut response = response;
    for (name, value) in [
        ("content-type", "application/json"),
        ("cf-ray", "8a1b2c3d4e5f6a7b-SJC"),
        ("ratelimit", "\"default\";r=1199;t=300"),
        ("ratelimit-policy", "\"default\";q=1200;w=300"),
    ] {
        response
            .headers_mut()
            .insert(name, http::HeaderValue::from_static(value));
    }
    let audit = fixture == "audit100";
    for _ in 0..rounds {
        match (side, audit) {
            ("sdk", false) => {
                black_box(accounts::List::parse_response(black_box(&response)).expect("parses"));
            }
            ("sdk", true) => {
                black_box(
                    accounts::logs::audit::List::parse_response(black_box(&response))
                        .expect("parses"),
                );
            }
            ("same-type", false) => {
                black_box(
                    serde_json::from_slice::<SameType<Account>>(black_box(&body))
                        .expect("ok")
                        .result,
                );
            }
            ("same-type", true) => {
                black_box(
                    serde_json::from_slice::<SameType<AccountAuditLog>>(black_box(&body))
                        .expect("ok")
                        .result,
                );
            }
            ("plain", false) => {
                black_box(
                    serde_json::from_slice::<plain::Envelope<Vec<plain::Account>>>(black_box(
                        &body,
                    ))
                    .expect("ok"),
                );
            }
            (other, _) => panic!("unknown side {other} for {fixture}"),
        }
    }
}

fn client(side: Side, requests: usize) {
    let exe = std::env::current_exe().expect("own path");
    let mut server = Command::new(exe)
        .arg("serve")
        .stdout(Stdio::piped())
        .spawn()
        .expect("server process");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("server address");
    let sides = Sides::new(line.trim().parse().expect("address"));
    for _ in 0..requests {
        black_box(sides.run(side));
    }
    let _ = server.kill();
    let _ = server.wait();
}
