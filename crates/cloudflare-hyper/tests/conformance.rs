//! The transport-conformance suite (`cloudflare_transport_conformance`) against the async client,
//! on a multi-threaded runtime (a busy caller blocks its own thread, not the fetch tasks).

use cloudflare_hyper::{
    CallOptions, Client, ClientOptions, Error, ListOperation, Operation, Response,
};
use cloudflare_transport_conformance::{self as conformance, Listed, Transport};

struct Hyper {
    runtime: tokio::runtime::Runtime,
}

impl Transport for Hyper {
    type Client = Client;

    fn name(&self) -> &str {
        "hyper"
    }

    fn client(&self, options: ClientOptions) -> Result<Client, Error> {
        Client::new(options)
    }

    fn send_with_options<O>(
        &self,
        client: &Client,
        op: &O,
        options: &CallOptions,
    ) -> Result<Response<O::Output>, Error>
    where
        O: Operation + Clone + Send + Sync + 'static,
        O::Output: Send + 'static,
    {
        self.runtime.block_on(client.send_with_options(op, options))
    }

    fn list<O>(&self, client: &Client, op: O, after_page: &mut dyn FnMut()) -> Listed<O::Item>
    where
        O: ListOperation + Send + 'static,
        O::Item: Send + 'static,
    {
        let _entered = self.runtime.enter();
        let mut pages = client.pages(op);
        // Between pages the caller is busy: the runtime's workers go on fetching.
        let pages = std::iter::from_fn(|| self.runtime.block_on(pages.next()));
        Listed::from_pages(pages, after_page)
    }
}

#[test]
fn the_async_client_passes_the_transport_conformance_suite() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let report = conformance::run(&Hyper { runtime });
    println!("{report}");
    assert!(report.failures().is_empty(), "{report}");
}
