//! Driving the core's machines with an HTTP stack this SDK does not ship: here, plain
//! `std::net::TcpStream` speaking HTTP/1.1 to the bundled emulator. Retries, timeouts, the
//! deadline, the 429 gate and page scheduling all come from the core's `Call` and `Paginator`;
//! the transport below only writes a request and reads a response before a deadline.
//!
//! ```sh
//! cargo run --example bring_your_own_transport
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use cloudflare_core::{
    Call, ClientOptions, Config, Credentials, Error, Failure, NextPage, Operation, Paginator, Step,
    accounts, user,
};
use cloudflare_mock::{MockConfig, MockServer};

/// One attempt: connect, write, read until the server closes, all before `ends_by`.
fn attempt(
    request: &http::Request<Vec<u8>>,
    ends_by: Instant,
) -> Result<http::Response<Vec<u8>>, Failure> {
    let maybe = |e: std::io::Error| {
        Failure::MaybeSent(Error::Transport {
            source: Box::new(e),
        })
    };
    let uri = request.uri();
    let addr = format!(
        "{}:{}",
        uri.host().unwrap_or("127.0.0.1"),
        uri.port_u16().unwrap_or(80)
    );
    let mut stream = TcpStream::connect(addr).map_err(|e| {
        Failure::NotSent(Error::Connect {
            source: Box::new(e),
        })
    })?;
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-length: {}\r\n",
        request.method(),
        uri.path_and_query().map_or("/", |p| p.as_str()),
        uri.authority().map_or("", |a| a.as_str()),
        request.body().len()
    );
    for (name, value) in request.headers() {
        head.push_str(&format!(
            "{name}: {}\r\n",
            value.to_str().unwrap_or_default()
        ));
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(request.body()))
        .map_err(maybe)?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let left = ends_by
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).map_err(maybe)?;
        match stream.read(&mut buf).map_err(maybe)? {
            0 => break,
            n => raw.extend_from_slice(&buf[..n]),
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| maybe(std::io::ErrorKind::UnexpectedEof.into()))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut response = http::Response::builder().status(status);
    for (name, value) in lines.filter_map(|l| l.split_once(':')) {
        response = response.header(name.trim(), value.trim());
    }
    response.body(raw[split + 4..].to_vec()).map_err(|e| {
        Failure::Final(Error::Transport {
            source: Box::new(e),
        })
    })
}

/// Runs a call to its end: the loop every transport writes once.
fn run(mut call: Call) -> Result<http::Response<Vec<u8>>, Error> {
    loop {
        match call.poll(Instant::now()) {
            Step::Send(a) => match attempt(call.request(), a.ends_by) {
                Ok(response) => call.on_response(response, Instant::now(), SystemTime::now()),
                Err(_) if Instant::now() >= a.ends_by => call.on_timeout(Instant::now()),
                Err(failure) => call.on_failure(failure, Instant::now()),
            },
            Step::Wait(until) => {
                std::thread::sleep(until.saturating_duration_since(Instant::now()))
            }
            Step::Done(result) => return result,
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start(MockConfig::default())?;
    let mock = server.config();
    let config = Config::new(Credentials::api_key(&mock.email, &mock.key))?
        .with_base_url(&server.base_url())?;
    let options = ClientOptions::new(config.clone());

    // One call.
    let call = Call::new(&user::Get, &options, Instant::now())?;
    let response = run(call)?;
    println!(
        "user: {:?}",
        user::Get::parse_response(&response)?.result.email
    );

    // A listing, up to 4 pages in flight on threads, handed out in order.
    let mut pages = Paginator::new(accounts::List {
        per_page: Some(5),
        ..Default::default()
    })
    .with_concurrency(4);
    let (done, results) = mpsc::channel();
    loop {
        while let Some(fetch) = pages.next_fetch(&config) {
            let (done, options) = (done.clone(), options.clone());
            std::thread::spawn(move || {
                let call = Call::from_request(
                    fetch.request,
                    accounts::List::INFO.idempotent,
                    &options,
                    Instant::now(),
                );
                let _ = done.send((fetch.key, run(call)));
            });
        }
        match pages.next_page() {
            NextPage::Ready(page) => page?
                .result
                .items
                .iter()
                .for_each(|a| println!("account {}", a.name)),
            NextPage::Pending => {
                let (key, result) = results.recv()?;
                pages.on_fetched(key, result);
            }
            NextPage::End => break,
        }
    }
    Ok(())
}
