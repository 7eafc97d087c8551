//! An agent the caller built (`ClientBuilder::agent`) is used as it is: its proxy carries the
//! requests, while the core still reads every status and redirect itself (even though a
//! default ureq agent turns 4xx into errors) and the builder refuses TLS or proxy settings
//! that would be silently ignored.

mod common;

use cloudflare_test_support::proxy::TestProxy;
use cloudflare_ureq::{Client, Error, ErrorKind, Proxy, RootCertificates, accounts};
use common::{options, server};

/// An agent with ureq's defaults (statuses as errors, redirects followed) and a proxy.
fn agent_through(proxy: &TestProxy) -> ureq::Agent {
    let proxy = ureq::Proxy::new(&proxy.url("")).unwrap();
    ureq::Agent::config_builder()
        .proxy(Some(proxy))
        .build()
        .into()
}

#[test]
fn the_callers_agent_carries_the_requests_and_statuses_stay_the_cores() {
    let server = server();
    let proxy = TestProxy::start(false);
    let client = Client::builder(options(&server))
        .agent(agent_through(&proxy))
        .build()
        .unwrap();

    let accounts = client.send(&accounts::List::default()).unwrap();
    assert!(!accounts.is_empty());
    let seen = proxy.seen();
    assert!(!seen.is_empty(), "the agent's proxy was not used");
    let port = server.addr().port();
    assert_eq!(
        seen[0].request_line,
        format!("CONNECT 127.0.0.1:{port} HTTP/1.1")
    );

    // A 404 is the API's typed answer, not ureq's `StatusCode` error.
    let err = client
        .send(&accounts::Get::new("0123456789abcdef0123456789abcdef"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err:?}");
    assert_eq!(err.status(), Some(http::StatusCode::NOT_FOUND));
}

#[test]
fn tls_or_proxy_settings_beside_an_agent_are_refused() {
    let server = server();
    let proxy = TestProxy::start(false);
    let (ca_pem, _) = cloudflare_test_support::tls::ca_and_server_config();
    let builders = [
        Client::builder(options(&server)).proxy(Proxy::none()),
        Client::builder(options(&server)).built_in_roots(false),
        Client::builder(options(&server))
            .add_root_certificates(RootCertificates::from_pem(&ca_pem).unwrap()),
    ];
    for builder in builders {
        let err = builder.agent(agent_through(&proxy)).build().unwrap_err();
        assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
        assert!(err.to_string().contains("ClientBuilder::agent"), "{err}");
    }
}
