//! Testing your own code with the emulator: the example the README's "Testing your code with the
//! emulator" section describes. The code under test (`account_names`) lists accounts with the
//! blocking client; the test seeds a world, makes the first `GET /accounts` answer 429, and checks
//! that the code retried and what the server answered, call by call.

use std::time::Duration;

use cloudflare_mock::MockServer;
use cloudflare_mock::world::{self, Account, Member, Policy, Token, World};
use cloudflare_ureq::{Client, ClientOptions, Config, Credentials, Error, RetryPolicy, accounts};

/// The code under test: the names of every account the token can see, sorted.
fn account_names(client: &Client) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    for account in client.items(accounts::List::default()) {
        names.push(account?.name);
    }
    names.sort();
    Ok(names)
}

fn client_for(server: &MockServer, token: &str) -> Client {
    let config = Config::new(Credentials::api_token(token))
        .and_then(|c| c.with_base_url(&server.base_url()))
        .expect("config");
    let options = ClientOptions::new(config)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(20),
            ..RetryPolicy::default()
        });
    Client::new(options).expect("client")
}

#[test]
fn lists_accounts_and_retries_after_a_rate_limit() {
    // A world with these three accounts and this member.
    let (acme, globex, initech) = (world::id("acme"), world::id("globex"), world::id("initech"));
    let server = MockServer::builder()
        .world(
            World::empty()
                .account(Account::new(&acme, "Acme"))
                .account(Account::new(&globex, "Globex"))
                .account(Account::new(&initech, "Initech"))
                .member(Member::new(&acme, "ops@acme.example").role("Administrator")),
        )
        .start()
        .expect("the emulator starts");

    // The first call of GET /accounts answers 429 with Retry-After: 1; expect two calls in all.
    server
        .on("GET", "/accounts")
        .expect("a route of the table")
        .nth(1)
        .rate_limit(1);
    server.expect("GET", "/accounts").expect("route").times(2);

    let client = client_for(&server, &server.config().token);
    let names = account_names(&client).expect("listed after one retry");
    assert_eq!(names, vec!["Acme", "Globex", "Initech"]);

    // What the server answered, in order: the 429, then the page.
    let statuses: Vec<Option<u16>> = server
        .requests()
        .iter()
        .filter(|r| r.template == Some("/accounts"))
        .map(|r| r.status())
        .collect();
    assert_eq!(statuses, vec![Some(429), Some(200)]);
    let first = &server.requests()[0];
    assert_eq!(
        first
            .response
            .as_ref()
            .and_then(|r| r.header("retry-after")),
        Some("1")
    );
    server.verify().expect("GET /accounts called exactly twice");
}

#[test]
fn a_least_privilege_token_sees_only_its_account() {
    let (acme, globex) = (world::id("acme"), world::id("globex"));
    let server = MockServer::builder()
        .world(
            World::empty()
                .account(Account::new(&acme, "Acme"))
                .account(Account::new(&globex, "Globex"))
                .token(
                    Token::new("acme reader", "acme-reader-secret")
                        .policy(Policy::allow(&["Account Settings Read"]).on_account(&acme)),
                ),
        )
        .start()
        .expect("the emulator starts");
    let client = client_for(&server, "acme-reader-secret");
    assert_eq!(account_names(&client).expect("listed"), vec!["Acme"]);
    let refused = client
        .send(&accounts::Get::new(globex))
        .expect_err("another account is refused");
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(403));
}
