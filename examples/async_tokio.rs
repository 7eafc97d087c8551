//! The async client (`cloudflare-hyper`) on tokio: list accounts as a stream (pages fetched
//! several at once), then read one account while another call runs (`tokio::join!`).
//!
//! Without `CLOUDFLARE_API_TOKEN` it runs against the local emulator (`cloudflare-mock`), started
//! right here; with it, against the real API, read-only.
//!
//! ```text
//! cargo run -p cloudflare-examples --example async_tokio
//! CLOUDFLARE_API_TOKEN=... cargo run -p cloudflare-examples --example async_tokio
//! ```

use std::time::Duration;

use cloudflare_hyper::{Client, ClientOptions, Config, Credentials, RequestBudget, accounts};
use cloudflare_mock::{MockConfig, MockServer};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the emulator (if any) alive until the end of `main`.
    let (client, _emulator) = match std::env::var("CLOUDFLARE_API_TOKEN") {
        Ok(token) if !token.trim().is_empty() => {
            println!("using the Cloudflare API (read-only calls)");
            (Client::from_env()?, None)
        }
        _ => {
            let server = MockServer::start(MockConfig::default())?;
            println!(
                "CLOUDFLARE_API_TOKEN is not set: using the local emulator at {}",
                server.base_url()
            );
            let config = Config::new(Credentials::api_token(server.config().token.clone()))?
                .with_base_url(&server.base_url())?;
            let options = ClientOptions::new(config)
                .timeout(Duration::from_secs(10))
                .deadline(Duration::from_secs(30))
                .page_concurrency(4);
            (Client::new(options)?, Some(server))
        }
    };
    // Stay well inside the API's limit of 1200 requests per 5 minutes, whatever happens below.
    let client = client.with_rate_limit(RequestBudget::CLOUDFLARE_DEFAULT);

    // Every account, 5 per page. `items` is a `futures_core::Stream`; `next()` reads it without
    // any stream utility crate. Once page 1 tells how many pages there are, the others are
    // fetched up to 4 at once, and still come out in order.
    let listing = accounts::List {
        per_page: Some(5),
        ..Default::default()
    };
    let mut stream = client.items(listing.clone());
    let mut first_id = None;
    let mut count = 0;
    while let Some(account) = stream.next().await {
        let account = account?;
        count += 1;
        println!("  {:<34} {}", account.id, account.name);
        first_id.get_or_insert(account.id);
    }
    println!("{count} accounts");

    let Some(id) = first_id else {
        println!("no account to read");
        return Ok(());
    };

    // Two calls at once on the same client (and its connection pool).
    let get = accounts::Get::new(id);
    let (account, first_page) = tokio::join!(client.send(&get), client.send_with_meta(&listing));
    let account = account?;
    let first_page = first_page?;
    println!(
        "account {:?} ({:?}); meanwhile page 1 of the listing came back with {} items, cf-ray {}",
        account.name,
        account.account_type,
        first_page.result.len(),
        first_page.meta.cf_ray().unwrap_or("-"),
    );
    Ok(())
}
