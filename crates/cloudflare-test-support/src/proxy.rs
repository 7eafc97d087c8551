//! A real HTTP proxy on 127.0.0.1 for the proxy tests: it answers `CONNECT host:port` with 200
//! and pipes the bytes both ways, and forwards an absolute-form request (`GET http://...`) to its
//! host. Every connection's first request line and `Proxy-Authorization` header are recorded.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy saw at the start of one connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The request line, e.g. `CONNECT 127.0.0.1:4433 HTTP/1.1`.
    pub request_line: String,
    /// The `Proxy-Authorization` header's value, if any.
    pub authorization: Option<String>,
}

/// A running proxy (its threads end with the test process).
pub struct TestProxy {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl TestProxy {
    /// A proxy that tunnels and forwards; with `refuse`, it answers every request with
    /// `407 Proxy Authentication Required` instead.
    pub fn start(refuse: bool) -> TestProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { break };
                let record = record.clone();
                std::thread::spawn(move || {
                    let _ = serve(client, &record, refuse);
                });
            }
        });
        TestProxy { port, seen }
    }

    /// `http://user:password@127.0.0.1:<port>` (no credentials if `userinfo` is empty).
    pub fn url(&self, userinfo: &str) -> String {
        if userinfo.is_empty() {
            format!("http://127.0.0.1:{}", self.port)
        } else {
            format!("http://{userinfo}@127.0.0.1:{}", self.port)
        }
    }

    /// Every connection's first request, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(mut client: TcpStream, record: &Mutex<Vec<Seen>>, refuse: bool) -> io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte)? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let authorization = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("proxy-authorization"))
        .map(|(_, value)| value.trim().to_owned());
    record.lock().unwrap().push(Seen {
        request_line: request_line.clone(),
        authorization,
    });
    if refuse {
        client.write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\n")?;
        client.write_all(b"content-length: 0\r\nconnection: close\r\n\r\n")?;
        return Ok(());
    }
    let mut parts = request_line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let upstream = if method == "CONNECT" {
        let upstream = TcpStream::connect(target)?;
        client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")?;
        upstream
    } else {
        // Absolute form: `GET http://host:port/path HTTP/1.1`, sent on as it came (the emulator
        // reads the path of an absolute-form URI), minus the proxy's own header.
        let rest = target.strip_prefix("http://").unwrap_or(target);
        let authority = rest.split('/').next().unwrap_or(rest);
        let mut upstream = TcpStream::connect(authority)?;
        let forwarded: String = text
            .split_inclusive("\r\n")
            .filter(|line| {
                !line
                    .to_ascii_lowercase()
                    .starts_with("proxy-authorization:")
            })
            .collect();
        upstream.write_all(forwarded.as_bytes())?;
        upstream
    };
    client.set_read_timeout(None)?;
    let (mut from_client, mut to_upstream) = (client.try_clone()?, upstream.try_clone()?);
    let uplink = std::thread::spawn(move || {
        let _ = io::copy(&mut from_client, &mut to_upstream);
        let _ = to_upstream.shutdown(Shutdown::Write);
    });
    let (mut from_upstream, mut to_client) = (upstream, client);
    let _ = io::copy(&mut from_upstream, &mut to_client);
    let _ = to_client.shutdown(Shutdown::Write);
    let _ = uplink.join();
    Ok(())
}
