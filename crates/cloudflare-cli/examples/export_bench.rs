//! The audit-log export's rate and memory against the emulator: for each size given, seeds an
//! emulator (in this process) with that many audit events in one account, adds a latency to
//! every response, and runs the built `cfacct audit-logs export` under `/usr/bin/time -v`,
//! printing entries/s, pages/s and the export process's peak RSS.
//!
//! ```text
//! nice -n 10 cargo build --release -p cloudflare-accounts-cli --bins --examples
//! target/release/examples/export_bench 10000 100000        # sizes; latency 20 ms, 1000 per page
//! LATENCY_MS=20 LIMIT=1000 target/release/examples/export_bench 100000
//! ```
//!
//! The emulator keeps the newest 10,000 events of what happens at run time, but a seeded world
//! is not trimmed, so a world can hold 100,000 events or more. `cfacct` is looked for next to
//! this example (`target/release/cfacct`), or at `$CFACCT`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use cloudflare_mock::world::{self, Account, AuditEvent, World};
use cloudflare_mock::{MockConfig, MockServer};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// An RFC 3339 time `i` seconds after 2024-06-01T00:00:00Z.
fn time_of(i: u64) -> String {
    let (day, rest) = (1 + i / 86_400, i % 86_400);
    format!(
        "2024-06-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let latency = Duration::from_millis(env_number("LATENCY_MS", 20));
    let limit = env_number("LIMIT", 1000);
    let cfacct = match std::env::var_os("CFACCT") {
        Some(path) => PathBuf::from(path),
        None => std::env::current_exe()?
            .parent()
            .and_then(|examples| examples.parent())
            .ok_or("no target directory")?
            .join("cfacct"),
    };
    let dir = std::env::temp_dir().join("cfacct-export-bench");
    std::fs::create_dir_all(&dir)?;
    println!(
        "latency {} ms per response, {limit} entries per page, cfacct at {}",
        latency.as_millis(),
        cfacct.display()
    );
    for size in sizes {
        let account = world::id("bench");
        let mut seeded = World::empty().account(Account::new(&account, "Bench"));
        for i in 0..size {
            let action = ["create", "update", "delete", "view"][(i % 4) as usize];
            seeded =
                seeded.audit_event(AuditEvent::new(&account, action, "account").at(&time_of(i)));
        }
        let config = MockConfig {
            record_capacity: 0,
            ..MockConfig::default()
        };
        let server = MockServer::builder().config(config).world(seeded).start()?;
        server.faults().set_latency(latency);
        let out = dir.join(format!("export-{size}.jsonl"));
        let started = Instant::now();
        let run = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(&cfacct)
            .args(["--base-url", &server.base_url()])
            .args(["audit-logs", "export", "--account", &account])
            .args(["--since", "2024-01-01", "--before", "2025-01-01"])
            .args(["--limit", &limit.to_string(), "--no-progress"])
            .arg("--out")
            .arg(&out)
            .env("CLOUDFLARE_API_TOKEN", &server.config().token)
            .output()?;
        let wall = started.elapsed();
        let stderr = String::from_utf8_lossy(&run.stderr);
        if !run.status.success() {
            return Err(format!("export of {size} failed: {stderr}").into());
        }
        let summary = stderr
            .lines()
            .find(|l| l.starts_with("exported"))
            .unwrap_or("(no summary)");
        let rss_kb = stderr
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .unwrap_or("?");
        let lines = std::fs::read_to_string(&out)?.lines().count();
        println!("{size} events: {summary}");
        println!(
            "  lines in output {lines}, peak RSS of cfacct {rss_kb} kB, wall {:.2} s",
            wall.as_secs_f64()
        );
        let _ = std::fs::remove_file(&out);
        let _ = std::fs::remove_file(out.with_extension("jsonl.checkpoint"));
    }
    Ok(())
}
