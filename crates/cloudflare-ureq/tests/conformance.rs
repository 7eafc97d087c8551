//! The transport-conformance suite (`cloudflare_transport_conformance`) against the blocking client.

use cloudflare_transport_conformance::{self as conformance, Listed, Transport};
use cloudflare_ureq::{
    CallOptions, Client, ClientOptions, Error, ListOperation, Operation, Response,
};

struct Ureq;

impl Transport for Ureq {
    type Client = Client;

    fn name(&self) -> &str {
        "ureq"
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
        client.send_with_options(op, options)
    }

    fn list<O>(&self, client: &Client, op: O, after_page: &mut dyn FnMut()) -> Listed<O::Item>
    where
        O: ListOperation + Send + 'static,
        O::Item: Send + 'static,
    {
        Listed::from_pages(client.pages(op), after_page)
    }
}

#[test]
fn the_blocking_client_passes_the_transport_conformance_suite() {
    let report = conformance::run(&Ureq);
    println!("{report}");
    assert!(report.failures().is_empty(), "{report}");
}
