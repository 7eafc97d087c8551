//! The blocking client (`cloudflare-ureq`): list accounts page by page, then read one.
//!
//! Without `CLOUDFLARE_API_TOKEN` it runs against the local emulator (`cloudflare-mock`), started
//! right here; with it, against the real API, read-only.
//!
//! ```text
//! cargo run -p cloudflare-examples --example blocking
//! CLOUDFLARE_API_TOKEN=... cargo run -p cloudflare-examples --example blocking
//! ```

use std::time::Duration;

use cloudflare_mock::{MockConfig, MockServer};
use cloudflare_ureq::{Client, ClientOptions, Config, Credentials, accounts};

fn main() -> Result<(), Box<dyn std::error::Error>> {
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
                .deadline(Duration::from_secs(30));
            (Client::new(options)?, Some(server))
        }
    };

    // Every account, fetched 5 per page; the iterator asks for the next page when needed.
    let listing = accounts::List {
        per_page: Some(5),
        ..Default::default()
    };
    let mut first = None;
    let mut count = 0;
    for account in client.items(listing) {
        let account = account?;
        println!(
            "{}  {:<11} {}",
            account.id,
            account.account_type.as_str(),
            account.name
        );
        first.get_or_insert(account.id);
        count += 1;
    }
    println!("{count} accounts");

    // One account with the response metadata.
    if let Some(id) = first {
        let response = client.send_with_meta(&accounts::Get::new(id))?;
        let account = response.result;
        println!(
            "account {:?} ({}), created {:?}, cf-ray {}",
            account.name,
            account.account_type,
            account.created_on,
            response.meta.cf_ray().unwrap_or("-"),
        );
    }
    Ok(())
}
