//! A connector the caller built (`ClientBuilder::connector`) makes the client's connections:
//! the pool still reuses them, the connect timeout still bounds them, and the builder refuses
//! TLS or proxy settings that would be silently ignored.

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use cloudflare_hyper::error::TimeoutPhase;
use cloudflare_hyper::{Client, Error, Proxy, RetryPolicy, accounts};
use common::{options, server};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Plain TCP that counts its connects, or never connects at all (`stall`).
#[derive(Clone)]
struct Counting {
    tcp: HttpConnector,
    connects: Arc<AtomicUsize>,
    stall: bool,
}

impl tower_service::Service<http::Uri> for Counting {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        self.connects.fetch_add(1, Ordering::SeqCst);
        let mut tcp = self.tcp.clone();
        let stall = self.stall;
        Box::pin(async move {
            if stall {
                std::future::pending::<()>().await;
            }
            Ok(tower_service::Service::call(&mut tcp, uri).await?)
        })
    }
}

fn counting(stall: bool) -> (Counting, Arc<AtomicUsize>) {
    let connects = Arc::new(AtomicUsize::new(0));
    let connector = Counting {
        tcp: HttpConnector::new(),
        connects: Arc::clone(&connects),
        stall,
    };
    (connector, connects)
}

#[tokio::test]
async fn the_callers_connector_makes_the_connections_and_the_pool_reuses_them() {
    let server = server();
    let (connector, connects) = counting(false);
    let client = Client::builder(options(&server))
        .connector(connector)
        .build()
        .unwrap();
    for _ in 0..3 {
        let accounts = client.send(&accounts::List::default()).await.unwrap();
        assert!(!accounts.is_empty());
    }
    assert_eq!(connects.load(Ordering::SeqCst), 1);
    assert_eq!(server.connections_accepted(), 1);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_connect_timeout_bounds_the_callers_connector() {
    let server = server();
    let (connector, connects) = counting(true);
    let options = options(&server)
        .connect_timeout(Duration::from_millis(100))
        .retry(RetryPolicy::never());
    let client = Client::builder(options)
        .connector(connector)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client.send(&accounts::List::default()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                phase: TimeoutPhase::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(connects.load(Ordering::SeqCst), 1);
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn tls_or_proxy_settings_beside_a_connector_are_refused() {
    let server = server();
    let builders = [
        Client::builder(options(&server)).proxy(Proxy::none()),
        Client::builder(options(&server)).built_in_roots(false),
    ];
    for builder in builders {
        let err = builder.connector(counting(false).0).build().unwrap_err();
        assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
        assert!(
            err.to_string().contains("ClientBuilder::connector"),
            "{err}"
        );
    }
}
