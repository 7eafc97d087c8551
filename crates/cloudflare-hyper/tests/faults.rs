//! The fault matrix: every test runs the client against a real HTTP server on 127.0.0.1 (the
//! `cloudflare-mock` emulator, or a raw socket server for what the emulator cannot do) and checks
//! what the server received, not just what the client returned.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use cloudflare_hyper::error::TimeoutPhase;
use cloudflare_hyper::{Client, Error, RetryPolicy, USER_AGENT, accounts};
use cloudflare_mock::ScriptedResponse;
use common::{Logs, Ping, capture, options, options_for, server};
use serde_json::json;

fn assert_no_secret(logs: &Logs, secret: &str) {
    let text = logs.text();
    assert!(!text.is_empty(), "no tracing output captured");
    assert!(!text.contains(secret), "secret in logs:\n{text}");
}

async fn first_account_id(client: &Client) -> String {
    let accounts = client.send(&accounts::List::default()).await.unwrap();
    accounts.items[0].id.clone()
}

#[tokio::test]
async fn success_sends_one_authenticated_request_and_logs_no_secret() {
    let (logs, _guard) = capture();
    let server = server();
    let token = server.config().token.clone();
    let client = Client::new(options(&server)).unwrap();
    let id = first_account_id(&client).await;
    server.clear_requests();

    let response = client
        .send_with_meta(&accounts::Get::new(&id))
        .await
        .unwrap();
    assert_eq!(response.result.id, id);
    assert_eq!(response.meta.status, 200);
    assert!(response.meta.cf_ray().is_some());

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, http::Method::GET);
    assert_eq!(request.path, format!("/client/v4/accounts/{id}"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert_eq!(request.header("user-agent"), Some(USER_AGENT));
    assert!(request.header("x-auth-key").is_none());
    // The client marks the credential header sensitive before it reaches hyper.
    assert!(client.options().config.headers()[http::header::AUTHORIZATION].is_sensitive());

    let text = logs.text();
    assert!(text.contains("cloudflare.call"), "{text}");
    assert!(text.contains("accounts.get"), "{text}");
    assert!(text.contains("attempt=1"), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("cf_ray="), "{text}");
    assert_no_secret(&logs, &token);
}

#[tokio::test]
async fn api_error_envelope_is_typed_with_codes_and_ray() {
    let (logs, _guard) = capture();
    let server = server();
    let client = Client::new(options(&server)).unwrap();

    // The emulator's own answer for an unknown account.
    let err = client
        .send(&accounts::Get::new("00000000000000000000000000000000"))
        .await
        .unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 404);
    assert!(!api.errors.is_empty());
    assert!(err.cf_ray().is_some());
    assert_eq!(server.requests().len(), 1, "a 404 is not retried");

    // An exact envelope.
    server.clear_requests();
    server.faults().script_next(
        ScriptedResponse::cloudflare_error(403, 9109, "Invalid access token")
            .with_header("cf-ray", "8f00aa11bb22cc33-SJC"),
    );
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 403);
    assert!(api.has_code(9109));
    assert_eq!(api.errors[0].message, "Invalid access token");
    assert_eq!(err.cf_ray(), Some("8f00aa11bb22cc33-SJC"));
    assert_eq!(server.requests().len(), 1);
    assert_no_secret(&logs, &server.config().token);
}

#[tokio::test]
async fn success_false_on_a_2xx_is_an_api_error() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    server.faults().script_next(ScriptedResponse::json(
        200,
        json!({"success": false, "errors": [{"code": 1000, "message": "not really"}],
               "messages": [], "result": null}),
    ));
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 200);
    assert!(api.has_code(1000));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn rate_limited_then_retried_after_the_wait() {
    let (logs, _guard) = capture();
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    let id = first_account_id(&client).await;
    server.clear_requests();

    server.faults().rate_limit_next(1, 1);
    let account = client.send(&accounts::Get::new(&id)).await.unwrap();
    assert_eq!(account.id, id);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    // Retry-After: 1 was honoured (a lower bound the client must respect, not a timing guess).
    assert!(requests[1].received_at - requests[0].received_at >= Duration::from_secs(1));
    let text = logs.text();
    assert!(text.contains("status=429"), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("attempt=2"), "{text}");

    // Still limited after every retry: the typed 429 comes back with its Retry-After.
    server.clear_requests();
    server.faults().rate_limit_next(3, 0);
    let err = client.send(&accounts::Get::new(&id)).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 429);
    assert_eq!(api.retry_after, Some(Duration::ZERO));
    assert_eq!(server.requests().len(), 3);
    assert_no_secret(&logs, &server.config().token);
}

#[tokio::test]
async fn unavailable_is_retried_on_get() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    let id = first_account_id(&client).await;
    server.clear_requests();

    server.faults().unavailable_next(1);
    assert_eq!(client.send(&accounts::Get::new(&id)).await.unwrap().id, id);
    assert_eq!(server.requests().len(), 2);

    server.clear_requests();
    server.faults().unavailable_next(3);
    let err = client.send(&accounts::Get::new(&id)).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.requests().len(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn server_error_on_post_is_not_retried() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    server
        .faults()
        .script_next(ScriptedResponse::cloudflare_error(500, 10001, "internal"));
    let err = client
        .send(&accounts::Create::new("never twice"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "a POST that may have been processed is not re-sent"
    );
    assert_eq!(requests[0].method, http::Method::POST);
    assert!(requests[0].body_text().contains("never twice"));
}

#[tokio::test]
async fn connection_refused_is_a_connect_error_retried_per_policy() {
    let (logs, _guard) = capture();
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}/client/v4");
    let client = Client::new(options_for(&base, "refused-secret-token")).unwrap();

    // Nothing was sent, so even a POST is retried.
    let get = client.send(&accounts::List::default()).await.map(drop);
    let post = client.send(&accounts::Create::new("x")).await.map(drop);
    for result in [get, post] {
        let err = result.unwrap_err();
        assert!(matches!(err, Error::Connect { .. }), "{err:?}");
        assert!(err.to_string().contains("could not connect"), "{err}");
        // The message carries the cause, not only hyper-util's "client error (Connect)".
        assert!(err.to_string().to_lowercase().contains("refused"), "{err}");
    }
    let text = logs.text();
    // 2 calls x (1 attempt + 2 retries), every one a connect failure.
    assert_eq!(text.matches("attempt failed").count(), 6, "{text}");
    assert!(text.matches("error=").count() >= 6, "{text}");
    assert_no_secret(&logs, "refused-secret-token");

    // Without retries, one attempt.
    let no_retry =
        Client::new(options_for(&base, "refused-secret-token").retry(RetryPolicy::never()))
            .unwrap();
    assert!(matches!(
        no_retry.send(&accounts::List::default()).await,
        Err(Error::Connect { .. })
    ));
}

#[tokio::test]
async fn stalled_server_times_out_per_attempt() {
    let server = server();
    let client = Client::new(options(&server).timeout(Duration::from_millis(200))).unwrap();
    let id = first_account_id(&client).await;
    server.clear_requests();

    // One stall, then an answer: the GET is retried.
    server.faults().stall_next(1, Duration::from_secs(2));
    assert_eq!(client.send(&accounts::Get::new(&id)).await.unwrap().id, id);
    assert_eq!(server.requests().len(), 2);

    // Stalls on every attempt: a typed timeout after 3 attempts.
    server.clear_requests();
    server.faults().stall_next(3, Duration::from_secs(2));
    let err = client.send(&accounts::Get::new(&id)).await.unwrap_err();
    match err {
        Error::Timeout { phase, elapsed } => {
            assert_eq!(phase, TimeoutPhase::Attempt);
            assert!(elapsed >= Duration::from_millis(200));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3);

    // A POST that timed out may have been processed: not re-sent.
    server.clear_requests();
    server.faults().clear();
    server.faults().stall_next(1, Duration::from_secs(2));
    let err = client
        .send(&accounts::Create::new("slow"))
        .await
        .unwrap_err();
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
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_overall_deadline_bounds_the_call() {
    let server = server();
    let client = Client::new(
        options(&server)
            .timeout(Duration::from_secs(5))
            .deadline(Duration::from_millis(300)),
    )
    .unwrap();
    server.faults().stall_next(1, Duration::from_secs(3));
    let err = client.send(&accounts::List::default()).await.unwrap_err();
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
    assert_eq!(server.requests().len(), 1);

    // A Retry-After longer than what is left of the deadline is not waited for: the 429 is
    // returned at once.
    server.clear_requests();
    server.faults().clear();
    server.faults().rate_limit_next(1, 2);
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn truncated_body_is_a_transport_error_retried_for_get_only() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    let id = first_account_id(&client).await;
    server.clear_requests();

    server.faults().truncate_next(1);
    assert_eq!(client.send(&accounts::Get::new(&id)).await.unwrap().id, id);
    assert_eq!(server.requests().len(), 2);

    server.clear_requests();
    server.faults().truncate_next(3);
    let err = client.send(&accounts::Get::new(&id)).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3);

    server.clear_requests();
    server.faults().truncate_next(1);
    let err = client
        .send(&accounts::Create::new("cut short"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn dropped_connection_is_retried_for_get() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    server.faults().drop_next(1);
    assert!(
        !client
            .send(&accounts::List::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn html_error_page_is_an_unexpected_response() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for _ in 0..3 {
        server
            .faults()
            .script_next(ScriptedResponse::bytes(502, "text/html", html));
    }
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    match &err {
        Error::UnexpectedResponse(u) => {
            assert_eq!(u.status, 502);
            assert_eq!(u.content_type.as_deref(), Some("text/html"));
            assert_eq!(u.body(), html.as_bytes());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3, "a 502 on a GET is retried");
}

#[tokio::test]
async fn no_content_is_an_empty_success() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    server.faults().script_next(ScriptedResponse::new(204));
    let response = client.send_with_meta(&Ping).await.unwrap();
    assert_eq!(response.meta.status, 204);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, http::Method::PUT);
    assert_eq!(requests[0].path, "/client/v4/test/ping");
}

/// An exact JSON envelope of `len` bytes (padded with spaces).
fn envelope_of_len(len: usize) -> Vec<u8> {
    let mut body =
        br#"{"success":true,"errors":[],"messages":[],"result":[{"id":"a","name":"A"}]}"#.to_vec();
    assert!(body.len() <= len);
    body.resize(len, b' ');
    body
}

#[tokio::test]
async fn body_cap_is_checked_on_content_length() {
    let server = server();
    let body = envelope_of_len(300);
    let at_cap = Client::new(options(&server).max_body_size(300)).unwrap();
    let below = Client::new(options(&server).max_body_size(299)).unwrap();

    server.faults().script_next(ScriptedResponse::bytes(
        200,
        "application/json",
        body.clone(),
    ));
    let accounts = at_cap.send(&accounts::List::default()).await.unwrap();
    assert_eq!(accounts.items[0].id, "a");

    server
        .faults()
        .script_next(ScriptedResponse::bytes(200, "application/json", body));
    let err = below.send(&accounts::List::default()).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 299 }), "{err:?}");
    assert_eq!(server.requests().len(), 2, "too large is not retried");
}

/// A one-connection-per-request server answering with a chunked body (no Content-Length), so
/// only the streaming cap can catch an oversized body. Returns the base URL.
fn chunked_server(body: Vec<u8>, connections: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for _ in 0..connections {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match stream.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            let mut response = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
            for chunk in body.chunks(64) {
                response.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                response.extend_from_slice(chunk);
                response.extend_from_slice(b"\r\n");
            }
            response.extend_from_slice(b"0\r\n\r\n");
            let _ = stream.write_all(&response);
        }
    });
    format!("http://127.0.0.1:{port}/client/v4")
}

#[tokio::test]
async fn body_cap_is_checked_while_streaming() {
    let body = envelope_of_len(300);
    let base = chunked_server(body, 2);
    let at_cap = Client::new(options_for(&base, "t").max_body_size(300)).unwrap();
    let accounts = at_cap.send(&accounts::List::default()).await.unwrap();
    assert_eq!(accounts.len(), 1);

    let below = Client::new(options_for(&base, "t").max_body_size(299)).unwrap();
    let err = below.send(&accounts::List::default()).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 299 }), "{err:?}");
}

fn gzip(body: &[u8]) -> Vec<u8> {
    use flate2::Compression;
    use flate2::write::GzEncoder;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(body).unwrap();
    encoder.finish().unwrap()
}

fn gzip_script(body: &[u8]) -> ScriptedResponse {
    ScriptedResponse::bytes(200, "application/json", gzip(body))
        .with_header("content-encoding", "gzip")
}

#[tokio::test]
async fn gzip_is_asked_for_and_decoded() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    server
        .faults()
        .script_next(gzip_script(&envelope_of_len(300)));
    let accounts = client.send(&accounts::List::default()).await.unwrap();
    assert_eq!(accounts.items[0].id, "a");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].headers["accept-encoding"], "gzip");
}

#[tokio::test]
async fn gzip_body_exactly_at_the_cap_is_accepted() {
    let server = server();
    let client = Client::new(options(&server).max_body_size(300)).unwrap();
    server
        .faults()
        .script_next(gzip_script(&envelope_of_len(300)));
    let accounts = client.send(&accounts::List::default()).await.unwrap();
    assert_eq!(accounts.len(), 1);
}

#[tokio::test]
async fn gzip_body_is_capped_after_decoding() {
    // A few dozen compressed bytes (well under the cap on the wire) that inflate one byte past it.
    let server = server();
    let client = Client::new(options(&server).max_body_size(300)).unwrap();
    let script = gzip_script(&envelope_of_len(301));
    assert!(script.body.len() < 300);
    server.faults().script_next(script);
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: 300 }), "{err:?}");
    assert_eq!(server.requests().len(), 1, "too large is not retried");
}

#[tokio::test]
async fn gzip_bomb_ends_as_too_large() {
    // 64 MiB of JSON padding in about 64 KiB on the wire, against a 1 MiB cap.
    let server = server();
    let client = Client::new(options(&server).max_body_size(1 << 20)).unwrap();
    let script = gzip_script(&envelope_of_len(64 << 20));
    assert!(script.body.len() < 1 << 20, "{}", script.body.len());
    server.faults().script_next(script);
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit } if limit == 1 << 20),
        "{err:?}"
    );
}

#[tokio::test]
async fn damaged_gzip_is_a_transport_error() {
    let server = server();
    let client = Client::new(options(&server).retry(RetryPolicy::never())).unwrap();
    let mut damaged = gzip(&envelope_of_len(300));
    damaged.truncate(damaged.len() - 6);
    server.faults().script_next(
        ScriptedResponse::bytes(200, "application/json", damaged)
            .with_header("content-encoding", "gzip"),
    );
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("gzip"), "{err}");
}

#[tokio::test]
async fn https_goes_through_rustls_and_a_failed_handshake_is_a_connect_error() {
    // The emulator speaks plain HTTP: a TLS client hello gets no TLS answer. The point is that
    // the rustls (ring) connector is in the path, builds without a process-level provider, and
    // its failure is typed as "could not connect" (nothing was sent, so it is retried).
    let (logs, _guard) = capture();
    let server = server();
    let base = format!("https://{}/client/v4", server.addr());
    let client = Client::new(options_for(&base, &server.config().token)).unwrap();
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(logs.text().matches("attempt failed").count(), 3);
    assert!(
        server.requests().is_empty(),
        "no HTTP request was ever completed"
    );
    assert_no_secret(&logs, &server.config().token);
}
