//! Per-call options against the emulator on 127.0.0.1: one call gets its own timeout, retries
//! and headers; the client's other calls keep the client's settings.

use std::time::{Duration, Instant};

use cloudflare_mock::{MockConfig, MockServer};
use cloudflare_ureq::error::{ErrorKind, TimeoutPhase};
use cloudflare_ureq::{
    CallOptions, Client, ClientOptions, Config, Credentials, Error, RetryPolicy, user,
};

fn client(server: &MockServer) -> Client {
    let config = Config::new(Credentials::api_token(server.config().token.clone()))
        .unwrap()
        .with_base_url(&server.base_url())
        .unwrap()
        .with_header("x-app", "client-wide")
        .unwrap();
    let options = ClientOptions::new(config)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
            max_retry_after: Duration::from_secs(5),
        });
    Client::new(options).unwrap()
}

#[test]
fn one_call_gets_its_own_headers_retries_and_timeout() {
    let server = MockServer::start(MockConfig::default()).unwrap();
    let client = client(&server);

    // Headers: added, and replacing the client's of the same name, for this call only.
    let tagged = CallOptions::new()
        .header("x-request-id", "r-42")
        .unwrap()
        .header("x-app", "this-call")
        .unwrap();
    let me = client.send_with_options(&user::Get, &tagged).unwrap();
    assert_eq!(me.meta.status, 200);
    client.send(&user::Get).unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("x-request-id"), Some("r-42"));
    assert_eq!(requests[0].header("x-app"), Some("this-call"));
    assert_eq!(requests[0].headers.get_all("x-app").iter().count(), 1);
    assert_eq!(requests[1].header("x-request-id"), None);
    assert_eq!(requests[1].header("x-app"), Some("client-wide"));

    // Retries: none for this call, the client's two for the next.
    server.clear_requests();
    server.faults().unavailable_next(1);
    let err = client
        .send_with_options(&user::Get, &CallOptions::new().max_retries(0))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server, "{err}");
    assert_eq!(server.requests().len(), 1);
    server.faults().unavailable_next(1);
    client.send(&user::Get).unwrap();
    assert_eq!(server.requests().len(), 3);

    // Timeout: this call's 300 ms, not the client's 10 s.
    server.faults().stall_next(1, Duration::from_secs(3));
    let started = Instant::now();
    let quick = CallOptions::new()
        .timeout(Duration::from_millis(300))
        .max_retries(0);
    let err = client.send_with_options(&user::Get, &quick).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                phase: TimeoutPhase::Attempt,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // Deadline: this call's.
    server.faults().stall_next(3, Duration::from_secs(3));
    let started = Instant::now();
    let bounded = CallOptions::new().deadline(Duration::from_millis(400));
    let err = client.send_with_options(&user::Get, &bounded).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                phase: TimeoutPhase::Deadline,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
