//! Auto-pagination, concurrent page fetching, the request budget and cancellation, against the
//! `cloudflare-mock` emulator on 127.0.0.1. Every assertion uses what the server received.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use cloudflare_hyper::{Client, Error, RequestBudget, accounts};
use cloudflare_mock::{MockServer, ScriptedResponse};
use common::{CursorList, NumberedList, capture, options, page_of, server, settle_tasks};
use futures_core::Stream;
use serde_json::json;

/// A listing of accounts, `per_page` at a time.
fn list(per_page: u32) -> accounts::List {
    accounts::List {
        per_page: Some(per_page),
        ..Default::default()
    }
}

/// Adds accounts until the emulator has `total` (it starts with 12), so listings have more pages.
async fn grow_accounts(client: &Client, total: usize) {
    let now = client.send(&list(50)).await.unwrap().len();
    for i in now..total {
        client
            .send(&accounts::Create::new(format!("extra account {i}")))
            .await
            .unwrap();
    }
}

/// Every account, from one big page.
async fn all_ids(client: &Client) -> Vec<String> {
    let all = client.send(&list(50)).await.unwrap();
    assert!(all.len() < 50, "fits in one page");
    all.into_iter().map(|a| a.id).collect()
}

fn ids(items: Vec<accounts::Account>) -> Vec<String> {
    items.into_iter().map(|a| a.id).collect()
}

fn with_concurrency(server: &MockServer, n: usize) -> Client {
    Client::new(options(server).page_concurrency(n)).unwrap()
}

/// The pages the server was asked for, in order of arrival (GET /accounts only).
fn pages_asked(server: &MockServer) -> Vec<u32> {
    server
        .requests()
        .iter()
        .filter(|r| r.path == "/client/v4/accounts" && r.method == http::Method::GET)
        .map(|r| page_of(&r.query).unwrap_or(1))
        .collect()
}

#[tokio::test]
async fn sequential_listing_yields_every_page_in_order() {
    let server = server();
    let client = with_concurrency(&server, 1);
    let expected = all_ids(&client).await;
    assert_eq!(expected.len(), 12);
    server.clear_requests();

    let pages = client.pages(list(5)).try_collect().await.unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.result.items.len()).collect();
    assert_eq!(sizes, [5, 5, 2]);
    let info = pages[0].meta.result_info.as_ref().unwrap();
    assert_eq!(info.total_pages, Some(3));
    assert_eq!(info.total_count, Some(12));
    let got: Vec<String> = pages
        .into_iter()
        .flat_map(|p| ids(p.result.items))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(pages_asked(&server), [1, 2, 3]);
    assert_eq!(server.max_in_flight(), 1);
}

#[tokio::test]
async fn concurrent_listing_returns_every_item_once_in_order() {
    let (logs, _guard) = capture();
    let server = server();
    let client = with_concurrency(&server, 4);
    grow_accounts(&client, 33).await;
    let expected = all_ids(&client).await;
    assert_eq!(expected.len(), 33);
    server.clear_requests();

    let got = ids(client.items(list(5)).try_collect().await.unwrap());
    assert_eq!(got, expected);
    assert_eq!(got.iter().collect::<HashSet<_>>().len(), 33);

    // Each of the 7 pages was asked for exactly once.
    let mut asked = pages_asked(&server);
    asked.sort_unstable();
    assert_eq!(asked, [1, 2, 3, 4, 5, 6, 7]);

    // The same listing fetched one page at a time gives the same items.
    let sequential = with_concurrency(&server, 1);
    assert_eq!(
        ids(sequential.items(list(5)).try_collect().await.unwrap()),
        expected
    );
    assert!(logs.text().contains("cloudflare.list"));
    assert!(!logs.text().contains(&server.config().token));
}

#[tokio::test]
async fn concurrency_shows_as_overlap_at_the_server() {
    let server = server();
    let setup = with_concurrency(&server, 1);
    grow_accounts(&setup, 30).await;
    let expected = all_ids(&setup).await;
    server.faults().set_latency(Duration::from_millis(50));

    server.clear_requests();
    let got = ids(with_concurrency(&server, 4)
        .items(list(5))
        .try_collect()
        .await
        .unwrap());
    assert_eq!(got, expected);
    assert!(
        server.max_in_flight() > 1,
        "pages fetched at once: {}",
        server.max_in_flight()
    );
    assert!(server.max_in_flight() <= 4);

    server.clear_requests();
    let got = ids(with_concurrency(&server, 1)
        .items(list(5))
        .try_collect()
        .await
        .unwrap());
    assert_eq!(got, expected);
    assert_eq!(server.max_in_flight(), 1);
    assert_eq!(pages_asked(&server), [1, 2, 3, 4, 5, 6]);
}

#[tokio::test]
async fn listing_that_ignores_the_page_number_stops() {
    let server = server();
    let client = with_concurrency(&server, 4);
    server.faults().set_accounts_ignore_page(true);
    let items = client.items(list(5)).try_collect().await.unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(pages_asked(&server), [1]);

    // The same page forever, with no `result_info` to tell: stopped by the repeat, whose items
    // are not yielded twice.
    server.clear_requests();
    let page = json!({"success": true, "errors": [], "messages": [],
                      "result": [{"n": 1}, {"n": 2}]});
    for _ in 0..10 {
        server
            .faults()
            .script_next(ScriptedResponse::json(200, page.clone()));
    }
    let items = client
        .items(NumberedList::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, [json!({"n": 1}), json!({"n": 2})]);
    assert_eq!(server.requests().len(), 2);
}

/// Scripts page 1 of a 5-page numbered listing, then four answers for whichever pages come next.
fn script_first_page_then(server: &MockServer, rest: serde_json::Value) {
    server.faults().script_next(ScriptedResponse::json(
        200,
        json!({"success": true, "errors": [], "messages": [],
               "result": [{"n": 1}, {"n": 2}],
               "result_info": {"page": 1, "per_page": 2, "count": 2, "total_count": 10, "total_pages": 5}}),
    ));
    for _ in 0..4 {
        server
            .faults()
            .script_next(ScriptedResponse::json(200, rest.clone()));
    }
}

#[tokio::test]
async fn concurrent_listing_stops_on_an_empty_or_repeated_page() {
    let server = server();
    let client = with_concurrency(&server, 4);

    // Pages 2.. are empty: the listing ends after page 1's items.
    script_first_page_then(
        &server,
        json!({"success": true, "errors": [], "messages": [], "result": []}),
    );
    let pages = client
        .pages(NumberedList::default())
        .try_collect()
        .await
        .unwrap();
    let items: Vec<_> = pages.into_iter().flat_map(|p| p.result.items).collect();
    assert_eq!(items, [json!({"n": 1}), json!({"n": 2})]);
    let asked: Vec<u32> = server
        .requests()
        .iter()
        .map(|r| page_of(&r.query).unwrap_or(1))
        .collect();
    assert_eq!(asked[0], 1);
    assert!(
        asked.len() <= 5 && asked[1..].iter().all(|p| (2..=5).contains(p)),
        "{asked:?}"
    );

    // Pages 2.. answer page 1 again (the API ignored `page`): no item is yielded twice.
    server.clear_requests();
    server.faults().clear();
    script_first_page_then(
        &server,
        json!({"success": true, "errors": [], "messages": [],
               "result": [{"n": 1}, {"n": 2}],
               "result_info": {"page": 1, "per_page": 2, "count": 2, "total_count": 10, "total_pages": 5}}),
    );
    let items = client
        .items(NumberedList::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, [json!({"n": 1}), json!({"n": 2})]);
}

#[tokio::test]
async fn concurrent_listing_stops_at_the_first_error() {
    let server = server();
    let client = with_concurrency(&server, 4);
    grow_accounts(&client, 30).await;
    let expected = all_ids(&client).await;

    let mut items = client.items(list(5));
    let mut got = Vec::new();
    for _ in 0..5 {
        got.push(items.next().await.unwrap().unwrap().id);
    }
    // The next request to arrive (one of the pages fetched ahead) is refused.
    server
        .faults()
        .script_next(ScriptedResponse::cloudflare_error(
            403,
            10000,
            "Authentication error",
        ));
    let mut error = None;
    while let Some(item) = items.next().await {
        match item {
            Ok(account) => got.push(account.id),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let error = error.expect("the listing reports the error");
    assert_eq!(error.status(), Some(http::StatusCode::FORBIDDEN));
    assert!(
        items.next().await.is_none(),
        "the listing ends after an error"
    );
    // What came before the error is a prefix of the listing, in order, without repeats.
    assert!(got.len() < expected.len());
    assert_eq!(got[..], expected[..got.len()]);
}

#[tokio::test]
async fn cursor_listing_follows_cursors_one_page_at_a_time() {
    let server = server();
    let client = with_concurrency(&server, 4);
    let page = |items: serde_json::Value, cursor: Option<&str>| {
        let info = match cursor {
            Some(c) => json!({"cursor": c, "count": 2}),
            None => json!({"count": 1}),
        };
        ScriptedResponse::json(
            200,
            json!({"success": true, "errors": [], "messages": [], "result": items, "result_info": info}),
        )
    };
    server
        .faults()
        .script_next(page(json!(["a", "b"]), Some("c1")));
    server
        .faults()
        .script_next(page(json!(["c", "d"]), Some("c2")));
    server.faults().script_next(page(json!(["e"]), None));
    let items = client
        .items(CursorList::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        items,
        [json!("a"), json!("b"), json!("c"), json!("d"), json!("e")]
    );
    let queries: Vec<String> = server.requests().iter().map(|r| r.query.clone()).collect();
    assert_eq!(queries, ["", "cursor=c1", "cursor=c2"]);
    assert_eq!(server.max_in_flight(), 1);

    // A cursor sent twice ends the listing.
    server.clear_requests();
    server
        .faults()
        .script_next(page(json!(["a"]), Some("same")));
    server
        .faults()
        .script_next(page(json!(["b"]), Some("same")));
    server.faults().script_next(page(json!(["never"]), None));
    let items = client
        .items(CursorList::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items, [json!("a"), json!("b")]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn page_cap_limits_a_concurrent_listing() {
    let server = server();
    let client = Client::new(options(&server).page_concurrency(4).max_pages(2)).unwrap();
    let expected = all_ids(&client).await;
    server.clear_requests();
    // The pages the cap allows, then an error: a truncated listing is never `Ok`.
    let mut items = client.items(list(5));
    let mut got = Vec::new();
    let err = loop {
        match items.next().await {
            Some(Ok(item)) => got.push(item),
            Some(Err(e)) => break e,
            None => panic!("a listing longer than the cap ended without an error"),
        }
    };
    assert!(
        matches!(
            err,
            Error::Listing(cloudflare_hyper::ListingError::Truncated { max_pages: 2 })
        ),
        "{err:?}"
    );
    assert!(items.next().await.is_none());
    assert_eq!(ids(got), expected[..10]);
    assert_eq!(
        pages_asked(&server),
        [1, 2],
        "no page beyond the cap is fetched"
    );
}

#[tokio::test]
async fn a_429_slows_the_whole_listing_down() {
    let server = server();
    let client = with_concurrency(&server, 4);
    grow_accounts(&client, 30).await;
    let expected = all_ids(&client).await;
    server.clear_requests();

    let mut pages = client.pages(list(5));
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.result.items.len(), 5);
    // Of the four pages now fetched at once, the second to arrive is rate limited and the other
    // three are answered later, so the client knows about the 429 before any page lands. (The
    // first to arrive is page 2, on the pooled connection: when it lands, page 6 is fetched,
    // and must wait too although it was never refused itself.)
    server.faults().stall_next(1, Duration::from_millis(400));
    server.faults().rate_limit_next(1, 1);
    server.faults().stall_next(2, Duration::from_millis(400));
    let mut got = ids(first.result.items);
    while let Some(page) = pages.next().await {
        got.extend(ids(page.unwrap().result.items));
    }
    assert_eq!(got, expected);

    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1 + 4 + 1 + 1,
        "page 1, four at once, the retry, page 6"
    );
    let limited_at = requests[2].received_at;
    // Every request sent after the 429 (the retry and page 6, which did not get a 429 itself)
    // waited for its Retry-After.
    for r in &requests[5..] {
        assert!(
            r.received_at - limited_at >= Duration::from_secs(1),
            "page {:?} sent {:?} after the 429",
            page_of(&r.query),
            r.received_at - limited_at
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_budget_is_respected_across_clones_and_tasks() {
    let server = server();
    let budget = RequestBudget::new(5, Duration::from_millis(500));
    let client = Client::new(options(&server))
        .unwrap()
        .with_rate_limit(budget);
    let mut tasks = Vec::new();
    for i in 0..12 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            if i % 3 == 0 {
                client.items(list(50)).try_collect().await.map(|a| a.len())
            } else {
                client.send(&list(50)).await.map(|a| a.len())
            }
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), 12);
    }
    let mut received: Vec<_> = server.requests().iter().map(|r| r.received_at).collect();
    received.sort_unstable();
    assert_eq!(received.len(), 12);
    for window in received.windows(6) {
        assert!(
            window[5] - window[0] >= budget.per,
            "6 requests within {:?}",
            window[5] - window[0]
        );
    }
}

async fn next_from<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn dropping_a_send_cancels_it_and_leaves_no_task() {
    let baseline = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    let server = server();
    let client = Client::builder(options(&server).page_concurrency(4))
        .pool_idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    assert_eq!(client.send(&list(5)).await.unwrap().len(), 5);

    server.faults().stall_next(1, Duration::from_secs(3));
    let call = client.send(&list(5));
    let cut = tokio::time::timeout(Duration::from_millis(100), call).await;
    assert!(cut.is_err(), "the call was still under way");
    assert_eq!(
        server.requests().len(),
        2,
        "the request had reached the server"
    );
    let busy = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    assert!(busy > baseline, "a connection task was under way: {busy}");

    // Only the pool's idle sweeper (which lives as long as the client) may remain.
    assert!(settle_tasks(baseline + 1).await <= baseline + 1);
    // The client still works.
    assert_eq!(client.send(&list(5)).await.unwrap().len(), 5);
    drop(client);
    assert_eq!(settle_tasks(baseline).await, baseline);
}

#[tokio::test]
async fn dropping_a_listing_cancels_its_fetches_and_leaves_no_task() {
    let baseline = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    let server = server();
    let client = Client::builder(options(&server).page_concurrency(4))
        .pool_idle_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    grow_accounts(&client, 30).await;
    server.clear_requests();
    server.faults().set_latency(Duration::from_millis(300));

    let mut pages = client.pages(list(5));
    let first = next_from(&mut pages).await.unwrap().unwrap();
    assert_eq!(first.result.items.len(), 5);
    // Start the fetches ahead, then give up while they are under way.
    let cut = tokio::time::timeout(Duration::from_millis(100), next_from(&mut pages)).await;
    assert!(cut.is_err());
    assert!(
        server.requests().len() > 2,
        "pages were being fetched ahead"
    );
    let busy = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    assert!(busy > baseline + 2, "connection tasks under way: {busy}");
    drop(pages);

    assert!(settle_tasks(baseline + 1).await <= baseline + 1);
    server.faults().set_latency(Duration::ZERO);
    let all = client.items(list(50)).try_collect().await.unwrap();
    assert_eq!(all.len(), 30);
    drop(client);
    assert_eq!(settle_tasks(baseline).await, baseline);
}

#[tokio::test]
async fn invalid_requests_fail_without_sending() {
    let server = server();
    let client = Client::new(options(&server)).unwrap();
    let err = client.send(&accounts::Get::new("..")).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(server.requests().is_empty());
}
