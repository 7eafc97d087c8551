//! The blocking client against real HTTP servers on 127.0.0.1: the emulator (`cloudflare-mock`)
//! with injected faults, and a raw one-shot server for byte-exact responses. Every test checks
//! what the server received, not wall-clock thresholds.

mod common;

use std::net::TcpListener;
use std::time::Duration;

use cloudflare_mock::ScriptedResponse;
use cloudflare_ureq::error::TimeoutPhase;
use cloudflare_ureq::pagination::StopReason;
use cloudflare_ureq::{Client, Config, Credentials, Error, RetryPolicy, accounts};
use common::*;
use serde_json::json;

// ---- success ------------------------------------------------------------------------------

#[test]
fn success_sends_one_auth_scheme_and_reads_meta() {
    let server = server();
    let client = client(&server);
    let logs = capture();

    let id = first_account_id(&client);
    let response = client.send_with_meta(&accounts::Get::new(&id)).unwrap();
    assert_eq!(response.result.id, id);
    assert_eq!(response.meta.status, 200);
    assert!(
        response.meta.cf_ray().is_some(),
        "the emulator sends cf-ray"
    );

    let gets = received(&server, &format!("/accounts/{id}"));
    assert_eq!(gets.len(), 1);
    let request = &gets[0];
    assert_eq!(request.method, "GET");
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(request.header("authorization"), Some(bearer.as_str()));
    assert!(request.header("x-auth-key").is_none());
    assert!(request.header("x-auth-email").is_none());
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("user-agent"),
        Some(format!("cloudflare-rs-sdk/{} (ureq 3)", env!("CARGO_PKG_VERSION")).as_str())
    );
    assert!(request.body.is_empty());
    // The credentials travel marked sensitive, so HTTP libraries and loggers hide them.
    assert!(client.options().config.headers()["authorization"].is_sensitive());
    logs.assert_no_secrets();
}

#[test]
fn api_key_credentials_send_exactly_that_scheme() {
    let server = server();
    let config = Config::new(Credentials::api_key(EMAIL, KEY))
        .unwrap()
        .with_base_url(&server.base_url())
        .unwrap();
    let client = Client::new(cloudflare_ureq::ClientOptions::new(config)).unwrap();
    let logs = capture();
    let accounts = client.send(&accounts::List::default()).unwrap();
    assert!(!accounts.is_empty());
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("x-auth-email"), Some(EMAIL));
    assert_eq!(requests[0].header("x-auth-key"), Some(KEY));
    assert!(requests[0].header("authorization").is_none());
    logs.assert_no_secrets();
}

#[test]
fn clones_share_one_client_across_threads() {
    let server = server();
    let client = client(&server);
    let id = first_account_id(&client);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            let id = id.clone();
            std::thread::spawn(move || client.send(&accounts::Get::new(id)).map(|a| a.id))
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap().unwrap(), id);
    }
    assert_eq!(received(&server, &format!("/accounts/{id}")).len(), 4);
}

// ---- API errors ---------------------------------------------------------------------------

#[test]
fn api_error_envelope_is_typed_with_codes_and_ray() {
    let server = server();
    let client = client(&server);
    let logs = capture();
    server.faults().script_next(
        ScriptedResponse::cloudflare_error(403, 10000, "Authentication error")
            .with_header("cf-ray", "8c1f2a3b4d5e6f70-SJC"),
    );
    let err = client.send(&accounts::List::default()).unwrap_err();
    let api = err.as_api().expect("a typed API error");
    assert_eq!(api.status, 403);
    assert!(api.has_code(10000));
    assert_eq!(api.errors[0].message, "Authentication error");
    assert_eq!(err.cf_ray(), Some("8c1f2a3b4d5e6f70-SJC"));
    assert_eq!(server.requests().len(), 1, "a 403 is not retried");
    logs.assert_no_secrets();
}

#[test]
fn emulator_404_for_an_unknown_account_is_typed() {
    let server = server();
    let client = client(&server);
    let err = client
        .send(&accounts::Get::new("0123456789abcdef0123456789abcdef"))
        .unwrap_err();
    let api = err.as_api().expect("a typed API error");
    assert_eq!(api.status, 404);
    assert!(!api.errors.is_empty());
    assert!(api.cf_ray.is_some());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn success_false_on_a_2xx_is_an_api_error() {
    let server = server();
    let client = client(&server);
    server.faults().script_next(ScriptedResponse::json(
        200,
        json!({"success": false, "errors": [{"code": 1003, "message": "Invalid or missing account"}], "messages": [], "result": null}),
    ));
    let err = client.send(&accounts::List::default()).unwrap_err();
    let api = err.as_api().expect("a typed API error");
    assert_eq!(api.status, 200);
    assert!(api.has_code(1003));
    assert_eq!(server.requests().len(), 1, "a 2xx is never retried");
}

#[test]
fn html_error_page_is_an_unexpected_response_with_status() {
    let server = server();
    let client = Client::new(options(&server).retry(RetryPolicy::never())).unwrap();
    server.faults().script_next(ScriptedResponse::bytes(
        502,
        "text/html",
        "<html><body>502 Bad Gateway</body></html>",
    ));
    let err = client.send(&accounts::List::default()).unwrap_err();
    match &err {
        Error::UnexpectedResponse(u) => {
            assert_eq!(u.status, 502);
            assert_eq!(u.content_type.as_deref(), Some("text/html"));
            assert!(String::from_utf8_lossy(u.body()).contains("Bad Gateway"));
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn html_502_then_success_is_retried_for_get() {
    let server = server();
    let client = client(&server);
    server.faults().script_next(ScriptedResponse::bytes(
        502,
        "text/html",
        "<html>oops</html>",
    ));
    let accounts = client.send(&accounts::List::default()).unwrap();
    assert!(!accounts.is_empty());
    assert_eq!(server.requests().len(), 2);
}

// ---- retries on responses -----------------------------------------------------------------

#[test]
fn rate_limited_then_success_waits_for_retry_after() {
    let server = server();
    let client = client(&server);
    let logs = capture();
    server.faults().rate_limit_next(1, 1);
    let accounts = client.send(&accounts::List::default()).unwrap();
    assert!(!accounts.is_empty());

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    // Server-side evidence that the client honoured `Retry-After: 1` rather than its 10 ms backoff.
    let gap = requests[1].received_at - requests[0].received_at;
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
    // The same request went out twice, credentials included.
    assert_eq!(requests[0].path, requests[1].path);
    assert_eq!(requests[0].query, requests[1].query);
    assert_eq!(
        requests[0].header("authorization"),
        requests[1].header("authorization")
    );
    assert_eq!(logs.attempts(), 2);
    logs.assert_no_secrets();
}

#[test]
fn rate_limit_longer_than_allowed_returns_the_typed_429() {
    let server = server();
    let client = client(&server);
    server.faults().rate_limit_next(1, 300);
    let err = client.send(&accounts::List::default()).unwrap_err();
    let api = err.as_api().expect("the 429 envelope");
    assert_eq!(api.status, 429);
    assert_eq!(api.retry_after, Some(Duration::from_secs(300)));
    assert_eq!(server.requests().len(), 1, "no point waiting 5 minutes");
}

#[test]
fn rate_limited_post_is_retried() {
    let server = server();
    let client = client(&server);
    server.faults().rate_limit_next(1, 0);
    let created = client.send(&accounts::Create::new("Retry Co")).unwrap();
    assert_eq!(created.name, "Retry Co");
    let posts: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 2, "a 429 was not processed: safe to resend");
    assert_eq!(posts[0].body, posts[1].body);
}

#[test]
fn unavailable_is_retried_on_get_until_success() {
    let server = server();
    let client = client(&server);
    server.faults().unavailable_next(2);
    let accounts = client.send(&accounts::List::default()).unwrap();
    assert!(!accounts.is_empty());
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn unavailable_past_the_retries_returns_the_typed_503() {
    let server = server();
    let client = client(&server);
    let logs = capture();
    server.faults().unavailable_next(5);
    let err = client.send(&accounts::List::default()).unwrap_err();
    assert_eq!(err.as_api().expect("the 503 envelope").status, 503);
    assert_eq!(server.requests().len(), 3, "1 attempt + 2 retries");
    assert_eq!(logs.attempts(), 3);
    logs.assert_no_secrets();
}

#[test]
fn server_error_on_post_is_not_retried() {
    let server = server();
    let client = client(&server);
    server
        .faults()
        .script_next(ScriptedResponse::cloudflare_error(
            500,
            1000,
            "Internal error",
        ));
    let err = client.send(&accounts::Create::new("Once Co")).unwrap_err();
    assert_eq!(err.as_api().expect("the 500 envelope").status, 500);
    assert_eq!(
        server.requests().len(),
        1,
        "a POST that may have run is never resent"
    );
}

// ---- connection failures ------------------------------------------------------------------

fn refused_base_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/client/v4")
}

#[test]
fn connection_refused_is_a_connect_error_retried_per_policy() {
    let client = Client::new(options_for(&refused_base_url())).unwrap();
    let logs = capture();
    let err = client.send(&accounts::List::default()).unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    // Nothing listens, so the only evidence of the retries is the client's own trace.
    assert_eq!(logs.attempts(), 3);
    logs.assert_no_secrets();
}

#[test]
fn connection_refused_post_is_retried_too() {
    let client = Client::new(options_for(&refused_base_url())).unwrap();
    let logs = capture();
    let err = client.send(&accounts::Create::new("x")).unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(logs.attempts(), 3, "never sent, so safe to resend");
}

#[test]
fn dropped_connection_is_retried_for_get() {
    let server = server();
    let client = client(&server);
    server.faults().drop_next(1);
    let accounts = client.send(&accounts::List::default()).unwrap();
    assert!(!accounts.is_empty());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn dropped_connection_on_post_is_a_transport_error_not_retried() {
    let server = server();
    let client = client(&server);
    server.faults().drop_next(1);
    let err = client.send(&accounts::Create::new("Maybe Co")).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

// ---- timeouts -----------------------------------------------------------------------------

#[test]
fn stall_past_the_attempt_timeout_is_a_timeout_retried_for_get() {
    let server = server();
    let client = Client::new(options(&server).timeout(Duration::from_millis(200))).unwrap();
    let logs = capture();
    server.faults().stall_next(3, Duration::from_secs(2));
    let err = client.send(&accounts::List::default()).unwrap_err();
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
    assert_eq!(server.requests().len(), 3);
    logs.assert_no_secrets();
}

#[test]
fn stall_once_then_success() {
    let server = server();
    let client = Client::new(options(&server).timeout(Duration::from_millis(200))).unwrap();
    server.faults().stall_next(1, Duration::from_secs(2));
    assert!(!client.send(&accounts::List::default()).unwrap().is_empty());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn stall_on_post_times_out_once() {
    let server = server();
    let client = Client::new(options(&server).timeout(Duration::from_millis(200))).unwrap();
    server.faults().stall_next(1, Duration::from_secs(2));
    let err = client.send(&accounts::Create::new("Slow Co")).unwrap_err();
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

#[test]
fn overall_deadline_cuts_an_attempt_short() {
    let server = server();
    let client = Client::new(
        options(&server)
            .timeout(Duration::from_secs(10))
            .deadline(Duration::from_millis(250)),
    )
    .unwrap();
    server.faults().stall_next(1, Duration::from_secs(2));
    let err = client.send(&accounts::List::default()).unwrap_err();
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
    assert_eq!(server.requests().len(), 1, "no time left for a retry");
}

#[test]
fn deadline_shorter_than_retry_after_returns_the_429() {
    let server = server();
    let client = Client::new(options(&server).deadline(Duration::from_millis(500))).unwrap();
    server.faults().rate_limit_next(1, 1);
    let err = client.send(&accounts::List::default()).unwrap_err();
    assert_eq!(err.as_api().expect("the 429 envelope").status, 429);
    assert_eq!(server.requests().len(), 1);
}

// ---- broken bodies ------------------------------------------------------------------------

#[test]
fn truncated_body_is_retried_for_get() {
    let server = server();
    let client = client(&server);
    server.faults().truncate_next(1);
    assert!(!client.send(&accounts::List::default()).unwrap().is_empty());
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn truncated_body_every_time_is_a_transport_error() {
    let server = server();
    let client = client(&server);
    let logs = capture();
    server.faults().truncate_next(3);
    let err = client.send(&accounts::List::default()).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3);
    logs.assert_no_secrets();
}

#[test]
fn truncated_body_on_post_is_not_retried() {
    let server = server();
    let client = client(&server);
    server.faults().truncate_next(1);
    let err = client.send(&accounts::Create::new("Half Co")).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn no_content_204_is_unit() {
    let server = server();
    let client = client(&server);
    server.faults().script_next(ScriptedResponse::new(204));
    client.send(&TouchThing { id: "t1".into() }).unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].path, "/client/v4/things/t1");
    assert_eq!(requests[0].body, br#"{"touched":true}"#);
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
}

// ---- body cap -----------------------------------------------------------------------------

const CAP: u64 = 1000;

fn capped(base_url: &str) -> Client {
    Client::new(options_for(base_url).max_body_size(CAP)).unwrap()
}

#[test]
fn body_exactly_at_the_cap_is_accepted() {
    let server = server();
    let client = capped(&server.base_url());
    server.faults().script_next(ScriptedResponse::bytes(
        200,
        "application/json",
        account_body_of_len(CAP as usize),
    ));
    let account = client.send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"));
    assert!(account.is_ok(), "{account:?}");
}

#[test]
fn body_over_the_cap_is_refused_by_content_length() {
    let server = server();
    let client = capped(&server.base_url());
    server.faults().script_next(ScriptedResponse::bytes(
        200,
        "application/json",
        account_body_of_len(CAP as usize + 1),
    ));
    let err = client
        .send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"))
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: CAP }), "{err:?}");
    assert_eq!(server.requests().len(), 1, "not retried");
}

#[test]
fn chunked_body_exactly_at_the_cap_is_accepted() {
    let (base, handle) = serve_once(chunked_response(&account_body_of_len(CAP as usize)));
    let client = capped(&base);
    let account = client.send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"));
    assert!(account.is_ok(), "{account:?}");
    assert!(handle.join().unwrap()[0].starts_with("GET /client/v4/accounts/"));
}

#[test]
fn chunked_body_over_the_cap_is_refused_while_reading() {
    let (base, handle) = serve_once(chunked_response(&account_body_of_len(CAP as usize + 1)));
    let client = capped(&base);
    let err = client
        .send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"))
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: CAP }), "{err:?}");
    // One request on the only connection the server accepts: no retry was attempted.
    assert_eq!(handle.join().unwrap().len(), 1);
}

#[test]
fn gzip_body_is_capped_after_decoding() {
    // A few dozen compressed bytes that inflate past the cap.
    let body = account_body_of_len(CAP as usize + 1);
    let response = gzip_response(&body);
    assert!(response.len() < CAP as usize);
    let (base, handle) = serve_once(response);
    let err = capped(&base)
        .send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"))
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge { limit: CAP }), "{err:?}");
    assert_eq!(handle.join().unwrap().len(), 1);
}

#[test]
fn gzip_body_exactly_at_the_cap_is_decoded_and_accepted() {
    let (base, handle) = serve_once(gzip_response(&account_body_of_len(CAP as usize)));
    let account = capped(&base)
        .send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"))
        .unwrap();
    assert_eq!(account.id, "023e105f4ecef8ad9ca31a8372d0c353");
    assert!(handle.join().unwrap()[0].contains("accept-encoding: gzip"));
}

#[test]
fn sequential_calls_reuse_one_connection() {
    // The server accepts a single connection and then stops listening: a second connection
    // would be refused, so three successes mean one kept-alive connection served them all.
    let body = account_body_of_len(200);
    let (base, handle) = serve_one_connection(vec![json_response(&body); 3]);
    let client = Client::new(options_for(&base).retry(RetryPolicy::never())).unwrap();
    let other = client.clone();
    for c in [&client, &other, &client] {
        c.send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"))
            .unwrap();
    }
    assert_eq!(handle.join().unwrap().len(), 3);
}

#[test]
fn bodies_above_ureqs_own_10_mib_default_are_read_when_allowed() {
    let server = server();
    let len = 11 * 1024 * 1024;
    let client = Client::new(options(&server).max_body_size(len as u64)).unwrap();
    server.faults().script_next(ScriptedResponse::bytes(
        200,
        "application/json",
        account_body_of_len(len),
    ));
    let account = client
        .send(&accounts::Get::new("023e105f4ecef8ad9ca31a8372d0c353"))
        .unwrap();
    assert!(account.name.len() > 10 * 1024 * 1024);
}

// ---- pagination ---------------------------------------------------------------------------

fn all_accounts_in_one_page(client: &Client) -> Vec<String> {
    client
        .send(&accounts::List {
            per_page: Some(50),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect()
}

#[test]
fn multi_page_listing_yields_every_item_once_in_order() {
    let server = server();
    let client = client(&server);
    let logs = capture();
    let expected = all_accounts_in_one_page(&client);
    assert!(expected.len() > 10, "the seeded world has 12 accounts");
    server.clear_requests();

    let listed: Vec<String> = client
        .items(accounts::List {
            per_page: Some(5),
            ..Default::default()
        })
        .map(|a| a.map(|a| a.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed, expected);

    // The first page alone (it tells how many there are), then the rest concurrently: they may
    // reach the server in any order, each exactly once.
    let mut queries: Vec<String> = server.requests().into_iter().map(|r| r.query).collect();
    queries[1..].sort();
    assert_eq!(
        queries,
        ["per_page=5", "page=2&per_page=5", "page=3&per_page=5"]
    );
    logs.assert_no_secrets();
}

#[test]
fn pages_carry_result_info_and_stop_on_the_last_page() {
    let server = server();
    let client = client(&server);
    let mut pages = client.pages(accounts::List {
        per_page: Some(5),
        ..Default::default()
    });
    let sizes: Vec<usize> = pages
        .by_ref()
        .map(|p| {
            let page = p.unwrap();
            assert!(page.meta.result_info.is_some());
            page.result.items.len()
        })
        .collect();
    assert_eq!(sizes.iter().sum::<usize>(), 12);
    assert_eq!(sizes.len(), 3);
    assert_eq!(pages.paginator().stop_reason(), Some(StopReason::LastPage));
    assert_eq!(pages.paginator().total_pages(), Some(3));
    assert!(pages.next().is_none());
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn same_page_forever_stops() {
    let server = server();
    let client = client(&server);
    server.faults().set_accounts_ignore_page(true);
    let mut items = client.items(accounts::List {
        per_page: Some(5),
        ..Default::default()
    });
    let listed: Vec<String> = items
        .by_ref()
        .map(|a| a.map(|a| a.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        listed.len(),
        5,
        "one page, not the same page again and again"
    );
    let mut unique = listed.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), listed.len());
    assert!(
        server.requests().len() <= 2,
        "{} requests",
        server.requests().len()
    );
    assert!(items.paginator().stop_reason().is_some());
}

#[test]
fn page_cap_from_options_ends_the_listing_with_an_error() {
    let server = server();
    let client = Client::new(options(&server).max_pages(2)).unwrap();
    let results: Vec<_> = client
        .items(accounts::List {
            per_page: Some(5),
            ..Default::default()
        })
        .collect();
    // The pages the cap allows, then an error: a truncated listing is never `Ok`.
    assert_eq!(results.len(), 11);
    assert!(results[..10].iter().all(Result::is_ok));
    assert!(
        matches!(
            results[10],
            Err(Error::Listing(cloudflare_ureq::ListingError::Truncated {
                max_pages: 2
            }))
        ),
        "{:?}",
        results[10]
    );
    assert_eq!(server.requests().len(), 2);
}

fn things_page(ns: &[u32], info: serde_json::Value) -> ScriptedResponse {
    let result: Vec<_> = ns.iter().map(|n| json!({"n": n})).collect();
    ScriptedResponse::json(
        200,
        json!({"success": true, "errors": [], "messages": [], "result": result, "result_info": info}),
    )
}

#[test]
fn cursor_listing_follows_both_cursor_spellings() {
    let server = server();
    let client = client(&server);
    server
        .faults()
        .script_next(things_page(&[1, 2], json!({"count": 2, "cursor": "c-1"})));
    server.faults().script_next(things_page(
        &[3, 4],
        json!({"count": 2, "cursors": {"after": "c/2=="}}),
    ));
    server
        .faults()
        .script_next(things_page(&[5], json!({"count": 1})));
    let ns: Vec<u32> = client
        .items(Things::default())
        .map(|t| t.map(|t| t.n))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ns, [1, 2, 3, 4, 5]);
    let queries: Vec<String> = server.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(queries, ["", "cursor=c-1", "cursor=c%2F2%3D%3D"]);
}

#[test]
fn repeated_cursor_stops() {
    let server = server();
    let client = client(&server);
    for _ in 0..3 {
        server
            .faults()
            .script_next(things_page(&[7], json!({"cursor": "same"})));
    }
    let mut pages = client.pages(Things::default());
    assert_eq!(pages.by_ref().count(), 2);
    assert_eq!(
        pages.paginator().stop_reason(),
        Some(StopReason::RepeatedCursor)
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn listing_error_is_yielded_once_then_the_iterator_ends() {
    let server = server();
    // One page in flight at a time, so the pages are requested in order.
    let client = Client::new(options(&server).page_concurrency(1)).unwrap();
    // Page 1 from the emulator (a stall of zero answers normally), then a typed error for page 2.
    server.faults().stall_next(1, Duration::ZERO);
    server
        .faults()
        .script_next(ScriptedResponse::cloudflare_error(
            403,
            9109,
            "Unauthorized",
        ));
    let mut items = client.items(accounts::List {
        per_page: Some(5),
        ..Default::default()
    });
    for _ in 0..5 {
        items.next().unwrap().unwrap();
    }
    let err = items.next().unwrap().unwrap_err();
    assert!(err.as_api().unwrap().has_code(9109));
    assert!(items.next().is_none());
    assert!(items.next().is_none());
    assert_eq!(server.requests().len(), 2);
}
