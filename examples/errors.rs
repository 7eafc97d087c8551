//! Handling errors by kind, and printing the `cf-ray` Cloudflare support asks for.
//!
//! Runs against the local emulator (`cloudflare-mock`), started here, which is told to fail in
//! the ways a program meets in production: an unknown ID, refused credentials, a rate limit, an
//! outage, an empty answer from something that is not the API.
//!
//! ```text
//! cargo run -p cloudflare-examples --example errors
//! ```

use std::time::Duration;

use cloudflare_mock::{MockConfig, MockServer, ScriptedResponse};
use cloudflare_ureq::error::ErrorKind;
use cloudflare_ureq::{
    CallOptions, Client, ClientOptions, Config, Credentials, Error, RetryPolicy, accounts, user,
};

/// What a program would do with each kind of failure.
fn explain(what: &str, err: &Error) {
    let advice = match err.kind() {
        ErrorKind::NotFound => "no such object: check the ID".to_owned(),
        ErrorKind::Auth => "refused: check the token and its permissions".to_owned(),
        ErrorKind::RateLimited { retry_after } => {
            format!("rate limited: wait {retry_after:?} before the next call")
        }
        ErrorKind::Conflict => "conflicts with the current state: read it again".to_owned(),
        ErrorKind::InvalidRequest => "the request is wrong: fix it, do not retry".to_owned(),
        ErrorKind::Server if err.is_retryable() => "the API failed: try again later".to_owned(),
        ErrorKind::Timeout | ErrorKind::Connection => "the network: try again later".to_owned(),
        ErrorKind::Decode => "an answer that is not the API's: check the base URL".to_owned(),
        _ => "unexpected".to_owned(),
    };
    // `Display` is safe to log: it never quotes the body. The cf-ray identifies the request.
    println!("{what}\n  kind:    {:?}\n  advice:  {advice}", err.kind());
    println!("  error:   {err}");
    println!("  cf-ray:  {}\n", err.cf_ray().unwrap_or("-"));
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start(MockConfig::default())?;
    let options = |credentials: Credentials| -> Result<ClientOptions, Error> {
        let config = Config::new(credentials)?.with_base_url(&server.base_url())?;
        Ok(ClientOptions::new(config)
            .timeout(Duration::from_secs(10))
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(50),
                ..RetryPolicy::default()
            }))
    };
    let client = Client::new(options(Credentials::api_token(
        server.config().token.clone(),
    ))?)?;

    let missing = client.send(&accounts::Get::new("0123456789abcdef0123456789abcdef"));
    if let Err(err) = &missing {
        explain("GET an account that does not exist", err);
    }

    let stranger = Client::new(options(Credentials::api_token("not-a-valid-token"))?)?;
    if let Err(err) = stranger.send(&user::tokens::Verify::new()) {
        explain("verify a token the API does not know", &err);
    }

    // The client retries a 429 after its Retry-After; this call asks for no retries, to show it.
    server.faults().rate_limit_next(1, 30);
    let once = CallOptions::new().max_retries(0);
    if let Err(err) = client.send_with_options(&user::Get, &once) {
        explain("a call that ran into the rate limit", &err);
    }

    // Three 503s: the first attempt and both retries fail.
    server.faults().unavailable_next(3);
    if let Err(err) = client.send(&user::Get) {
        explain("an outage outlasting the retries", &err);
    }

    // An empty 200 to a listing is not "no accounts".
    server
        .faults()
        .script_next(ScriptedResponse::bytes(200, "text/plain", Vec::new()));
    if let Err(err) = client.send(&accounts::List::default()) {
        explain("an empty answer to a listing", &err);
    }

    // And when it works, the cf-ray is in the metadata.
    let me = client.send_with_meta(&user::Get)?;
    println!(
        "GET /user: {} (cf-ray {})",
        me.result.id,
        me.meta.cf_ray().unwrap_or("-")
    );
    Ok(())
}
