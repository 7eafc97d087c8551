//! Proxies: requests reach the emulator (plain http on loopback) or a loopback TLS server
//! through a real CONNECT proxy started by the test, with the proxy's credentials sent as
//! `Proxy-Authorization`; `NO_PROXY` and `Proxy::none` bypass it; the password never shows.

mod common;

use cloudflare_test_support::proxy::TestProxy;
use cloudflare_test_support::tls::{ca_and_server_config, tls_server};
use cloudflare_ureq::{Client, Error, Proxy, RetryPolicy, RootCertificates, accounts};
use common::{options, options_for, server};

/// `me:s3cr%t` in the URL is `me:s3cr%25t`; the proxy gets it decoded, in Basic form.
const USERINFO: &str = "me:s3cr%25t";
const BASIC: &str = "Basic bWU6czNjciV0";
const PASSWORD: &str = "s3cr";

fn env(vars: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    }
}

fn assert_hidden(text: &str) {
    assert!(
        !text.contains(PASSWORD),
        "the proxy password leaked: {text}"
    );
}

#[test]
fn an_explicit_proxy_tunnels_to_the_emulator_with_its_credentials() {
    let server = server();
    let proxy = TestProxy::start(false);
    let builder =
        Client::builder(options(&server)).proxy(Proxy::new(&proxy.url(USERINFO)).unwrap());
    assert_hidden(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_hidden(&format!("{client:?}"));
    assert!(
        format!("{client:?}").contains("***@127.0.0.1"),
        "{client:?}"
    );

    let logs = common::capture();
    let accounts = client.send(&accounts::List::default()).unwrap();
    assert!(!accounts.is_empty());
    // Our spans and ureq's `log` records (everything at TRACE but `ureq_proto`).
    logs.assert_no_secrets();
    assert_hidden(&logs.text());
    assert!(!logs.text().contains(&BASIC[6..]), "{}", logs.text());

    let seen = proxy.seen();
    assert!(!seen.is_empty(), "the request did not go through the proxy");
    let port = server.addr().port();
    assert_eq!(
        seen[0].request_line,
        format!("CONNECT 127.0.0.1:{port} HTTP/1.1")
    );
    assert_eq!(seen[0].authorization.as_deref(), Some(BASIC));
    assert_eq!(common::received(&server, "/accounts").len(), 1);
}

#[test]
fn https_goes_through_a_connect_tunnel_with_tls_inside() {
    let (ca_pem, config) = ca_and_server_config();
    let (base, handle) = tls_server(config, 1);
    let proxy = TestProxy::start(false);
    let client = Client::builder(options_for(&base).retry(RetryPolicy::never()))
        .add_root_certificates(RootCertificates::from_pem(&ca_pem).unwrap())
        .proxy(Proxy::new(&proxy.url("")).unwrap())
        .build()
        .unwrap();
    let accounts = client.send(&accounts::List::default()).unwrap();
    assert_eq!(accounts.items[0].id, "a");
    let port = base
        .trim_start_matches("https://127.0.0.1:")
        .split('/')
        .next()
        .unwrap();
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0].request_line,
        format!("CONNECT 127.0.0.1:{port} HTTP/1.1")
    );
    assert_eq!(seen[0].authorization, None);
    let heads = handle.join().unwrap();
    assert!(heads[0].starts_with("get /client/v4/accounts"), "{heads:?}");
}

#[test]
fn the_environment_names_the_proxy_and_no_proxy_bypasses_it() {
    let server = server();
    let proxy = TestProxy::start(false);
    // The emulator's base URL is http://, so HTTP_PROXY applies (HTTPS_PROXY would not).
    let from_env = Proxy::from_lookup(env(vec![
        ("HTTPS_PROXY", "http://127.0.0.1:9".to_owned()),
        ("http_proxy", proxy.url(USERINFO)),
    ]))
    .unwrap();
    let client = Client::builder(options(&server))
        .proxy(from_env)
        .build()
        .unwrap();
    client.send(&accounts::List::default()).unwrap();
    assert_eq!(proxy.seen().len(), 1, "{:?}", proxy.seen());
    assert_eq!(proxy.seen()[0].authorization.as_deref(), Some(BASIC));

    let bypassed = Proxy::from_lookup(env(vec![
        ("ALL_PROXY", proxy.url(USERINFO)),
        ("NO_PROXY", "localhost,127.0.0.1".to_owned()),
    ]))
    .unwrap();
    let client = Client::builder(options(&server))
        .proxy(bypassed)
        .build()
        .unwrap();
    client.send(&accounts::List::default()).unwrap();
    let explicit = Proxy::new(&proxy.url(USERINFO))
        .unwrap()
        .no_proxy("127.0.0.1");
    let client = Client::builder(options(&server))
        .proxy(explicit)
        .build()
        .unwrap();
    client.send(&accounts::List::default()).unwrap();
    let client = Client::builder(options(&server))
        .proxy(Proxy::none())
        .build()
        .unwrap();
    client.send(&accounts::List::default()).unwrap();

    assert_eq!(proxy.seen().len(), 1, "a bypass went through the proxy");
    assert_eq!(common::received(&server, "/accounts").len(), 4);
}

#[test]
fn a_refusing_proxy_is_a_connect_error_without_the_password() {
    let server = server();
    let proxy = TestProxy::start(true);
    let client = Client::builder(options(&server).retry(RetryPolicy::never()))
        .proxy(Proxy::new(&proxy.url(USERINFO)).unwrap())
        .build()
        .unwrap();
    let err = client.send(&accounts::List::default()).unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(err.to_string().contains("CONNECT proxy failed"), "{err}");
    assert_hidden(&err.to_string());
    assert_hidden(&format!("{err:?}"));
    assert_eq!(proxy.seen().len(), 1);
    assert!(common::received(&server, "/accounts").is_empty());
}

#[test]
fn an_invalid_proxy_url_is_refused_without_the_password() {
    let err = Proxy::new("socks5://me:s3cr%25t@127.0.0.1:1080").unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
    assert_hidden(&err.to_string());
    assert_hidden(&format!("{err:?}"));
}
