//! A deterministic companion to the criterion parse benchmarks, for noisy machines: runs one
//! side of a pair in a loop so `valgrind --tool=callgrind` can count its instructions.
//!
//! ```sh
//! cargo bench -p cloudflare-benches --bench instructions --no-run
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/instructions-* sdk accounts50
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/instructions-* serde_json accounts50
//! ```
//!
//! Sides: `sdk`, `serde_json`, and `setup` (builds the fixture only, to subtract); fixtures: `accounts50`, `accounts1000`, `audit100`. Without
//! arguments (as `cargo bench` runs it) it does nothing.

use std::hint::black_box;

use cloudflare_benches::{accounts_page, audit_log_page};
use cloudflare_core::Operation;
use cloudflare_core::accounts::{self, Account};
use cloudflare_core::models::audit_log::AccountAuditLog;
use serde::Deserialize;

#[derive(Deserialize)]
struct Plain<T> {
    result: Vec<T>,
}

const ROUNDS: usize = 200;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(side), Some(fixture)) = (args.first(), args.get(1)) else {
        return;
    };
    let body = match fixture.as_str() {
        "accounts50" => accounts_page(50),
        "accounts1000" => accounts_page(1000),
        "audit100" => audit_log_page(100),
        other => panic!("unknown fixture {other}"),
    };
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .header("cf-ray", "8a1b2c3d4e5f-SJC")
        .body(body.clone())
        .expect("response");
    let audit = fixture == "audit100";
    if side == "setup" {
        // Fixture building only: subtract this from both sides.
        black_box(&response);
        return;
    }
    for _ in 0..ROUNDS {
        match (side.as_str(), audit) {
            ("sdk", false) => {
                black_box(accounts::List::parse_response(black_box(&response)).expect("parses"));
            }
            ("sdk", true) => {
                black_box(
                    accounts::logs::audit::List::parse_response(black_box(&response))
                        .expect("parses"),
                );
            }
            ("serde_json", false) => {
                black_box(
                    serde_json::from_slice::<Plain<Account>>(black_box(&body))
                        .expect("ok")
                        .result,
                );
            }
            ("serde_json", true) => {
                black_box(
                    serde_json::from_slice::<Plain<AccountAuditLog>>(black_box(&body))
                        .expect("ok")
                        .result,
                );
            }
            (other, _) => panic!("unknown side {other}"),
        }
    }
}
