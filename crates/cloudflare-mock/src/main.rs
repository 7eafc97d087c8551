//! `cloudflare-mock`: runs the emulator until killed.
//!
//! Prints the base URL (`http://127.0.0.1:PORT/client/v4`) as the first
//! line on stdout, then one line per request: method, path (with query),
//! status (or `dropped`), cf-ray and injected fault. Serves the admin endpoints
//! (`/__admin/...`, see `--help`) unless `--no-admin`.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use cloudflare_mock::{MockConfig, MockServer, RequestLog, World};

const HELP: &str = r#"cloudflare-mock: a local emulator of the Cloudflare API v4 (Accounts, User, Organizations)

USAGE:
    cloudflare-mock [OPTIONS]

OPTIONS:
    --listen <ADDR>              address to listen on [default: 127.0.0.1:0]; an address
                                 that is not loopback (0.0.0.0:8787, for a client in another
                                 container) is allowed with a warning: the emulator speaks
                                 plain http and accepts well-known credentials
    --seed <N>                   seed of the generated world [default: 1]
    --world <FILE>               seed the world from this JSON file (see the cloudflare_mock::world
                                 docs: {"base": "empty", "accounts": [...], "tokens": [...]})
    --token <TOKEN>              accepted API token [default: mock-api-token]
    --email <EMAIL>              accepted X-Auth-Email [default: user@example.com]
    --key <KEY>                  accepted X-Auth-Key [default: mock-global-api-key]
    --user-service-key <KEY>     accepted X-Auth-User-Service-Key [default: v1.0-mock-user-service-key]
    --latency-ms <MS>            latency added before every response [default: 0]
    --accounts-ignore-page       reproduce the GET /accounts bug (page ignored, total_pages 1)
    --record-capacity <N>        exchanges kept for GET /__admin/requests [default: 4096]
    --no-admin                   do not serve the /__admin/ endpoints
    -h, --help                   print this help

The first line on stdout is the base URL; then one line per request.

ADMIN ENDPOINTS (on the same address, outside /client/v4; not recorded or faulted):
    POST   /__admin/faults        add a fault: {"method": "POST", "template":
                                  "/accounts/{account_id}/tokens", "nth": 2, "times": 1,
                                  "fault": {"type": "rate_limit", "retry_after": 2}}; without
                                  method and template: the next request(s) of any route. Types:
                                  rate_limit, unavailable, truncate, drop, stall {"ms"},
                                  respond {"status", "headers", "body" or "json"}
    DELETE /__admin/faults        remove every fault
    POST   /__admin/expectations  {"method", "template", "times"|"at_least"|"at_most": n}
    GET    /__admin/verify        200 {"ok": true} or 409 with the mismatches
    GET    /__admin/requests      the recorded exchanges (credentials and token values redacted)
    DELETE /__admin/requests      forget them
    POST   /__admin/reset         rebuild the world; clear faults, expectations, exchanges
"#;

struct Options {
    config: MockConfig,
    latency_ms: u64,
    ignore_page: bool,
    world: Option<String>,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut opts = Options {
        config: MockConfig::default(),
        latency_ms: 0,
        ignore_page: false,
        world: None,
    };
    opts.config.admin_endpoints = true;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--listen" => {
                let v = value("--listen")?;
                opts.config.listen = v
                    .parse::<SocketAddr>()
                    .map_err(|e| format!("--listen {v:?}: {e}"))?;
                opts.config.allow_remote = !opts.config.listen.ip().is_loopback();
            }
            "--seed" => {
                let v = value("--seed")?;
                opts.config.seed = v.parse().map_err(|e| format!("--seed {v:?}: {e}"))?;
            }
            "--token" => opts.config.token = value("--token")?,
            "--email" => opts.config.email = value("--email")?,
            "--key" => opts.config.key = value("--key")?,
            "--user-service-key" => opts.config.user_service_key = value("--user-service-key")?,
            "--latency-ms" => {
                let v = value("--latency-ms")?;
                opts.latency_ms = v.parse().map_err(|e| format!("--latency-ms {v:?}: {e}"))?;
            }
            "--accounts-ignore-page" => opts.ignore_page = true,
            "--world" => opts.world = Some(value("--world")?),
            "--record-capacity" => {
                let v = value("--record-capacity")?;
                opts.config.record_capacity = v
                    .parse()
                    .map_err(|e| format!("--record-capacity {v:?}: {e}"))?;
            }
            "--no-admin" => opts.config.admin_endpoints = false,
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    Ok(Some(opts))
}

fn log_line(l: &RequestLog) {
    let target = if l.query.is_empty() {
        l.path.clone()
    } else {
        format!("{}?{}", l.path, l.query)
    };
    let status = l
        .status
        .map_or_else(|| "dropped".to_owned(), |s| s.to_string());
    let fault = l.fault.map(|f| format!(" fault={f}")).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} {} {} cf-ray={} {}ms{}",
        l.method,
        target,
        status,
        l.cf_ray,
        l.elapsed.as_millis(),
        fault
    );
    let _ = out.flush();
}

fn main() -> ExitCode {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(Some(o)) => o,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("cloudflare-mock: {e}");
            return ExitCode::from(2);
        }
    };
    if opts.config.allow_remote {
        eprintln!(
            "cloudflare-mock: WARNING: listening on {}, beyond loopback. The emulator speaks plain http and accepts its well-known credentials from anyone who can reach it; clients must opt in to plain http (CLOUDFLARE_ALLOW_INSECURE_HTTP=1). Never expose it to a network you do not control.",
            opts.config.listen
        );
    }
    let world = match &opts.world {
        None => World::default(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| World::from_json(&text).map_err(|e| e.to_string()))
        {
            Ok(w) => w,
            Err(e) => {
                eprintln!("cloudflare-mock: --world {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let server = match MockServer::builder()
        .config(opts.config)
        .world(world)
        .logger(log_line)
        .start()
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cloudflare-mock: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    server
        .faults()
        .set_latency(Duration::from_millis(opts.latency_ms));
    server.faults().set_accounts_ignore_page(opts.ignore_page);
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", server.base_url());
        let _ = out.flush();
    }
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Options>, String> {
        parse_args(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn flags() {
        let o = parse(&[
            "--listen",
            "127.0.0.1:9999",
            "--seed=7",
            "--latency-ms",
            "5",
            "--accounts-ignore-page",
        ])
        .ok()
        .flatten();
        let Some(o) = o else {
            panic!("flags did not parse");
        };
        assert_eq!(o.config.listen.port(), 9999);
        assert_eq!(o.config.seed, 7);
        assert_eq!(o.latency_ms, 5);
        assert!(o.ignore_page);
        assert!(!o.config.allow_remote);
        assert!(o.config.admin_endpoints);
        let o = parse(&["--world", "w.json", "--record-capacity=10", "--no-admin"])
            .ok()
            .flatten();
        assert!(
            o.as_ref()
                .is_some_and(|o| o.world.as_deref() == Some("w.json")
                    && o.config.record_capacity == 10
                    && !o.config.admin_endpoints)
        );
        assert!(parse(&["--record-capacity", "many"]).is_err());
        let remote = parse(&["--listen", "0.0.0.0:8787"]).ok().flatten();
        assert!(remote.is_some_and(|o| o.config.allow_remote));
        assert!(matches!(parse(&["--help"]), Ok(None)));
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--seed"]).is_err());
        assert!(parse(&["--seed", "x"]).is_err());
    }
}
