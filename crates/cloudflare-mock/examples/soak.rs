//! Load generator for the emulator's memory soak: N mixed requests (`GET /user`, a member
//! listing, `PATCH /user`, one third each) over keep-alive connections from a few threads,
//! printing the server's resident memory (`VmRSS` of `/proc/PID/status`) at checkpoints.
//!
//! ```text
//! cargo build --release -p cloudflare-mock --bin cloudflare-mock --example soak
//! target/release/cloudflare-mock --listen 127.0.0.1:8787 > /dev/null &
//! target/release/examples/soak 127.0.0.1:8787 $! 1000000
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

const THREADS: u64 = 4;
const TOKEN: &str = "mock-api-token";

fn rss_kib(pid: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.trim_start_matches("VmRSS:").trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

/// One request on a keep-alive connection; returns the status and the body.
fn exchange(
    conn: &mut BufReader<TcpStream>,
    method: &str,
    target: &str,
    body: &str,
) -> std::io::Result<(u16, Vec<u8>)> {
    let req = format!(
        "{method} {target} HTTP/1.1\r\nHost: soak\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    conn.get_mut().write_all(req.as_bytes())?;
    let mut line = String::new();
    conn.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut len = 0usize;
    loop {
        line.clear();
        if conn.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut buf = vec![0; len];
    conn.read_exact(&mut buf)?;
    Ok((status, buf))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, pid, total] = args.as_slice() else {
        return Err("usage: soak ADDR SERVER_PID TOTAL_REQUESTS".into());
    };
    let total: u64 = total.parse()?;
    let mut first = BufReader::new(TcpStream::connect(addr.as_str())?);
    let (_, body) = exchange(&mut first, "GET", "/client/v4/accounts?per_page=5", "")?;
    let v: serde_json::Value = serde_json::from_slice(&body)?;
    let account = v["result"][0]["id"]
        .as_str()
        .ok_or("no account")?
        .to_owned();
    println!("start: VmRSS {}", rss_kib(pid));
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (addr, account, done, errors) =
                (addr.clone(), account.clone(), done.clone(), errors.clone());
            std::thread::spawn(move || -> std::io::Result<()> {
                let mut conn = BufReader::new(TcpStream::connect(addr.as_str())?);
                let mut i = t;
                loop {
                    let n = done.fetch_add(1, Ordering::SeqCst);
                    if n >= total {
                        return Ok(());
                    }
                    let (status, _) = match i % 3 {
                        0 => exchange(&mut conn, "GET", "/client/v4/user", "")?,
                        1 => exchange(
                            &mut conn,
                            "GET",
                            &format!(
                                "/client/v4/accounts/{account}/members?per_page=20&page={}",
                                1 + i % 4
                            ),
                            "",
                        )?,
                        _ => exchange(
                            &mut conn,
                            "PATCH",
                            "/client/v4/user",
                            &format!("{{\"first_name\": \"Soak{}\"}}", i % 1000),
                        )?,
                    };
                    if status != 200 {
                        errors.fetch_add(1, Ordering::SeqCst);
                    }
                    i += THREADS;
                }
            })
        })
        .collect();
    let mut next_report = 10_000u64;
    loop {
        let n = done.load(Ordering::SeqCst).min(total);
        if n >= next_report || n >= total {
            println!(
                "after {n:>8} requests: VmRSS {} ({:.0} req/s, {} non-200)",
                rss_kib(pid),
                n as f64 / started.elapsed().as_secs_f64(),
                errors.load(Ordering::SeqCst)
            );
            next_report = if next_report < 100_000 {
                100_000
            } else {
                next_report + 100_000
            };
        }
        if n >= total {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    for w in workers {
        w.join().map_err(|_| "worker panicked")??;
    }
    println!("end: VmRSS {}", rss_kib(pid));
    Ok(())
}
