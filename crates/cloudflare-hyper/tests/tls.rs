//! Trusting a custom certificate authority: a loopback TLS server whose certificate a CA made
//! by the test signed is refused by default and accepted once that CA is added.

mod common;

use cloudflare_hyper::accounts::members;
use cloudflare_hyper::{Client, Error, RetryPolicy, RootCertificates, accounts};
use cloudflare_mock::{MockConfig, MockServer};
use cloudflare_test_support::run_test_in_child;
use cloudflare_test_support::tls::{ca_and_server_config, temp_path, tls_relay, tls_server};
use common::options_for;

#[tokio::test]
async fn a_custom_ca_is_refused_by_default_and_trusted_once_added() {
    let (ca_pem, config) = ca_and_server_config();
    let (other_ca_pem, _) = ca_and_server_config();
    let (base, handle) = tls_server(config, 3);
    let options = options_for(&base, "t").retry(RetryPolicy::never());

    // The webpki roots alone: the handshake fails, typed as "could not connect".
    let err = Client::new(options.clone())
        .unwrap()
        .send(&accounts::List::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(err.to_string().contains("UnknownIssuer"), "{err}");

    // Another CA: still refused (verification stays on).
    let other = RootCertificates::from_pem(&other_ca_pem).unwrap();
    let err = Client::builder(options.clone())
        .add_root_certificates(other)
        .build()
        .unwrap()
        .send(&accounts::List::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");

    // The server's CA, besides the built-in roots.
    let ca = RootCertificates::from_pem(&ca_pem).unwrap();
    assert_eq!(ca.len(), 1);
    let accounts = Client::builder(options)
        .add_root_certificates(ca)
        .build()
        .unwrap()
        .send(&accounts::List::default())
        .await
        .unwrap();
    assert_eq!(accounts.items[0].id, "a");

    // Only the trusting client's request ever reached the server.
    let heads = tokio::task::spawn_blocking(move || handle.join().unwrap())
        .await
        .unwrap();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(heads[0].starts_with("get /client/v4/accounts"), "{heads:?}");
}

#[tokio::test]
async fn a_ca_file_can_replace_the_built_in_roots() {
    let (ca_pem, config) = ca_and_server_config();
    let path = temp_path("hyper-ca.pem");
    std::fs::write(&path, &ca_pem).unwrap();
    let ca = RootCertificates::from_pem(std::fs::read(&path).unwrap()).unwrap();
    std::fs::remove_file(&path).unwrap();
    let (base, handle) = tls_server(config, 1);
    let client = Client::builder(options_for(&base, "t").retry(RetryPolicy::never()))
        .built_in_roots(false)
        .add_root_certificates(ca)
        .build()
        .unwrap();
    let accounts = client.send(&accounts::List::default()).await.unwrap();
    assert_eq!(accounts.len(), 1);
    let heads = tokio::task::spawn_blocking(move || handle.join().unwrap())
        .await
        .unwrap();
    assert_eq!(heads.len(), 1);
}

#[test]
fn no_trusted_root_at_all_is_a_configuration_error() {
    let err = Client::builder(options_for("https://127.0.0.1:1/client/v4", "t"))
        .built_in_roots(false)
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
    assert!(!err.is_retryable());
}

/// The operating system's certificate store (as rustls-native-certs reads it: `SSL_CERT_FILE`
/// replaces the platform's paths) is trusted with the `native-roots` feature, and not without
/// it: a child process of this test, with `SSL_CERT_FILE` naming the test CA, reaches the server
/// only when the feature is on.
#[test]
fn the_os_store_is_trusted_with_the_native_roots_feature() {
    let (ca_pem, config) = ca_and_server_config();
    let path = temp_path("hyper-os-store.pem");
    std::fs::write(&path, &ca_pem).unwrap();
    let (base, handle) = tls_server(config, 1);
    let stdout = run_test_in_child(
        "os_store_child",
        &[
            ("SSL_CERT_FILE", path.as_os_str()),
            ("CLOUDFLARE_TEST_OS_STORE_BASE", base.as_ref()),
        ],
    );
    std::fs::remove_file(&path).unwrap();
    let outcome = stdout
        .lines()
        .find_map(|line| line.split_once("os-store: ").map(|(_, outcome)| outcome))
        .unwrap_or_else(|| panic!("no outcome from the child: {stdout}"));
    let heads = handle.join().unwrap();
    if cfg!(feature = "native-roots") {
        assert_eq!(outcome, "accounts a", "{stdout}");
        assert_eq!(heads.len(), 1, "{heads:?}");
    } else {
        assert!(outcome.contains("UnknownIssuer"), "{stdout}");
        assert!(heads.is_empty(), "{heads:?}");
    }
}

/// The child of [`the_os_store_is_trusted_with_the_native_roots_feature`]; does nothing unless
/// that test started it.
#[tokio::test]
async fn os_store_child() {
    let Ok(base) = std::env::var("CLOUDFLARE_TEST_OS_STORE_BASE") else {
        return;
    };
    let client = Client::builder(options_for(&base, "t").retry(RetryPolicy::never()))
        .build()
        .unwrap();
    match client.send(&accounts::List::default()).await {
        Ok(accounts) => println!("os-store: accounts {}", accounts.items[0].id),
        Err(err) => println!("os-store: refused: {err}"),
    }
}

/// Over TLS the client and the emulator agree on HTTP/2 by ALPN, and a listing fetching four
/// pages at once multiplexes them on one connection: the emulator (behind a TLS relay) accepts
/// one connection, sees every request as HTTP/2, and sees them overlap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_listing_over_tls_shares_one_http2_connection() {
    let server = MockServer::start(MockConfig::default()).unwrap();
    let (ca_pem, config) = ca_and_server_config();
    let base = tls_relay(config, server.addr());
    server
        .faults()
        .set_latency(std::time::Duration::from_millis(30));
    let client = Client::builder(options_for(&base, &server.config().token).page_concurrency(4))
        .add_root_certificates(RootCertificates::from_pem(&ca_pem).unwrap())
        .build()
        .unwrap();
    let account = &client.send(&accounts::List::default()).await.unwrap().items[0]
        .id
        .clone();
    let mut list = members::List::new(account.as_str());
    list.per_page = Some(5);
    let members: Vec<_> = client.items(list).try_collect().await.unwrap();

    assert_eq!(members.len(), 63, "the first account's members");
    let requests = server.requests();
    assert_eq!(requests.len(), 1 + 13, "the account and 13 pages of 5");
    assert!(
        requests.iter().all(|r| r.version == http::Version::HTTP_2),
        "{:?}",
        requests.iter().map(|r| r.version).collect::<Vec<_>>()
    );
    assert!(server.max_in_flight() > 1, "pages fetched at once");
    assert_eq!(server.connections_accepted(), 1);
}
