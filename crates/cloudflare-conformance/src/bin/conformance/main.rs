//! The conformance runner: both clients and the emulator against the OpenAPI schema, through
//! Prism. Started by `crates/cloudflare-conformance/run.sh`, which installs and starts Prism:
//!
//! ```text
//! conformance --static URL --dynamic URL --proxy URL --emulator-port PORT [--rounds N] [--workers N]
//! ```
//!
//! - `--static URL`: a `prism mock` (answers from the schema's examples). Every sample of both
//!   sets, through both clients, with every scheme the operation accepts: no violation allowed
//!   but the documented one, every answer must parse.
//! - `--dynamic URL`: a `prism mock -d` (schema-random answers). Every operation `--rounds`
//!   times (default 50), alternating clients and sample sets: every answer must parse.
//! - `--proxy URL` and `--emulator-port PORT`: a `prism proxy --errors` forwarding to
//!   `http://127.0.0.1:PORT/client/v4`, where this program starts the emulator. Every
//!   operation's full sample on the emulator's world: no violation either way.
//!
//! Each phase runs only if its arguments are given. Prints every finding and one summary line;
//! exits 1 if anything failed, 2 on bad arguments.

mod check;
mod clients;
mod emulator;
mod mock;
mod report;

use std::process::ExitCode;
use std::time::Instant;

use clients::{Clients, Secrets};
use cloudflare_mock::MockConfig;
use report::{Context, Report};

/// The parsed command line.
#[derive(Debug, Default)]
struct Args {
    static_url: Option<String>,
    dynamic_url: Option<String>,
    proxy_url: Option<String>,
    emulator_port: Option<u16>,
    rounds: usize,
    workers: usize,
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut parsed = Args {
            rounds: 50,
            workers: 4,
            ..Args::default()
        };
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            let number = |v: String| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
            match flag.as_str() {
                "--static" => parsed.static_url = Some(value()?),
                "--dynamic" => parsed.dynamic_url = Some(value()?),
                "--proxy" => parsed.proxy_url = Some(value()?),
                "--emulator-port" => {
                    parsed.emulator_port =
                        Some(value()?.parse().map_err(|e| format!("{flag}: {e}"))?)
                }
                "--rounds" => parsed.rounds = number(value()?)?,
                "--workers" => parsed.workers = number(value()?)?,
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        if parsed.proxy_url.is_some() != parsed.emulator_port.is_some() {
            return Err("--proxy and --emulator-port go together".into());
        }
        Ok(parsed)
    }
}

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("conformance: {e}");
            return ExitCode::from(2);
        }
    };
    let report = Report::default();
    // Prism checks which scheme is used, not the values: the emulator's credentials fit all.
    let defaults = MockConfig::default();
    let secrets = Secrets {
        email: defaults.email,
        key: defaults.key,
        token: defaults.token,
    };
    let setup_failure = |phase: &'static str, message: String| {
        report.failure(
            &Context {
                phase,
                operation: "(setup)",
                sample: "-",
                client: "-",
                scheme: "-",
            },
            message,
        );
    };

    if let Some(url) = &args.static_url {
        let started = Instant::now();
        match Clients::new(url, &secrets) {
            Ok(clients) => {
                if let Err(e) = mock::self_test(&clients) {
                    setup_failure("self-test", e);
                }
                mock::run_static(&clients, &report);
            }
            Err(e) => setup_failure("static", e.to_string()),
        }
        println!(
            "static: requests and example answers checked in {:.1?}",
            started.elapsed()
        );
    }
    if let Some(url) = &args.dynamic_url {
        let started = Instant::now();
        match Clients::new(url, &secrets) {
            Ok(clients) => mock::run_dynamic(&clients, &report, args.rounds, args.workers),
            Err(e) => setup_failure("dynamic", e.to_string()),
        }
        println!(
            "dynamic: {} rounds of every operation in {:.1?}",
            args.rounds,
            started.elapsed()
        );
    }
    if let (Some(url), Some(port)) = (&args.proxy_url, args.emulator_port) {
        let started = Instant::now();
        if let Err(e) = emulator::run(url, port, &report) {
            setup_failure("emulator", e);
        }
        println!(
            "emulator: every operation through the proxy in {:.1?}",
            started.elapsed()
        );
    }

    // Every phase that ran sent every operation.
    for (phase, ran) in [
        ("static", args.static_url.is_some()),
        ("dynamic", args.dynamic_url.is_some()),
        ("emulator", args.proxy_url.is_some()),
    ] {
        let sent = report.sent(phase);
        let missing: Vec<&str> = cloudflare_core::catalogue()
            .iter()
            .map(|info| info.name)
            .filter(|name| !sent.contains(name))
            .collect();
        if ran && !missing.is_empty() {
            setup_failure(
                phase,
                format!("operations never sent: {}", missing.join(", ")),
            );
        }
    }

    report.print(cloudflare_core::catalogue().len());
    if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
