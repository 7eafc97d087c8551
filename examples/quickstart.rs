//! Quickstart: a walk through the SDK with both clients.
//!
//! With no credentials in the environment it starts the bundled emulator in-process and runs every
//! step against it. With `CLOUDFLARE_API_TOKEN` set it runs only the read-only steps against the real
//! API.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use std::error::Error as StdError;

use cloudflare_mock::{MockConfig, MockServer};
use cloudflare_ureq::accounts::{self, logs::audit, members, roles};
use cloudflare_ureq::models::token::{Effect, Policy, TokenBody};
use cloudflare_ureq::user::{self, tokens};
use cloudflare_ureq::{ClientOptions, Config, Credentials, Date, Error};

type Result<T> = std::result::Result<T, Box<dyn StdError>>;

fn main() -> Result<()> {
    if std::env::var_os("CLOUDFLARE_API_TOKEN").is_some() {
        return real_api_read_only();
    }
    let server = MockServer::start(MockConfig::default())?;
    println!("emulator listening at {}", server.base_url());
    let mock = server.config();
    let with = |credentials: Credentials| -> Result<ClientOptions> {
        Ok(ClientOptions::new(
            Config::new(credentials)?.with_base_url(&server.base_url())?,
        ))
    };
    let key_client =
        cloudflare_ureq::Client::new(with(Credentials::api_key(&mock.email, &mock.key))?)?;
    let token_client = cloudflare_ureq::Client::new(with(Credentials::api_token(&mock.token))?)?;

    blocking_walkthrough(&key_client, &token_client, &with)?;
    async_walkthrough(with(Credentials::api_key(&mock.email, &mock.key))?)?;
    println!("\ndone: every step ran against the local emulator");
    Ok(())
}

fn blocking_walkthrough(
    client: &cloudflare_ureq::Client,
    token_client: &cloudflare_ureq::Client,
    with: &dyn Fn(Credentials) -> Result<ClientOptions>,
) -> Result<()> {
    println!("\n== blocking client (ureq)");
    let me = client.send(&user::Get)?;
    println!("who am I: {} ({})", me.email, me.id);

    let mut accounts = Vec::new();
    for account in client.items(accounts::List {
        per_page: Some(5),
        ..Default::default()
    }) {
        accounts.push(account?);
    }
    println!(
        "accounts (5 per page, auto-paginated): {} found, first {:?}",
        accounts.len(),
        accounts.first().map(|a| a.name.as_str()).unwrap_or("-")
    );
    let account = accounts.first().ok_or("the emulator has no accounts")?;

    // Role IDs come from the roles listing, which the schema marks deprecated.
    #[allow(deprecated)]
    let roles = roles::List::new(&account.id);
    let role = client.items(roles).next().ok_or("no roles")??;
    let added = client.send(&members::Create::new(
        &account.id,
        "new.member@example.com",
        members::Access::roles([&role.id]),
    ))?;
    let member_count = client
        .items(members::List::new(&account.id))
        .collect::<std::result::Result<Vec<_>, _>>()?
        .len();
    println!(
        "added member {} as {:?}; the account now has {member_count} members",
        added.user.as_ref().map(|u| u.email.as_str()).unwrap_or("?"),
        role.name
    );

    let group = token_client
        .send(&tokens::permission_groups::List::default())?
        .into_iter()
        .next()
        .ok_or("no permission groups")?;
    let policy = Policy::new(Effect::Allow)
        .with_permission_group(group.id.clone().unwrap_or_default())
        .with_resource(format!("com.cloudflare.api.account.{}", account.id), "*");
    let created = token_client.send(&tokens::Create::new(
        TokenBody::new("quickstart token").policy(policy),
    ))?;
    let secret = created.value.ok_or("no token value returned")?;
    let token_id = created.token.id.clone().ok_or("no token id returned")?;
    println!(
        "created token {:?} (its value prints as {secret})",
        created.token.name.as_deref().unwrap_or("?")
    );

    let new_token_client =
        cloudflare_ureq::Client::new(with(Credentials::api_token(secret.expose()))?)?;
    let verified = new_token_client.send(&tokens::Verify::new())?;
    println!("verified with the new token: status {}", verified.status);

    let rolled = token_client.send(&tokens::value::Update::new(&token_id))?;
    match new_token_client.send(&tokens::Verify::new()) {
        Err(Error::Api(e)) => println!("after rolling, the old value is refused: {e}"),
        other => println!("after rolling, unexpected: {other:?}"),
    }
    let rolled_client =
        cloudflare_ureq::Client::new(with(Credentials::api_token(rolled.expose()))?)?;
    println!(
        "the rolled value works: status {}",
        rolled_client.send(&tokens::Verify::new())?.status
    );
    token_client.send(&tokens::Delete::new(&token_id))?;
    println!("deleted the token");

    let today = time::OffsetDateTime::now_utc().date();
    let since = Date(today.previous_day().unwrap_or(today));
    let before = Date(today.next_day().unwrap_or(today));
    println!("audit log of {} (v2, cursor-paginated):", account.name);
    for entry in client
        .items(audit::List::new(&account.id, since, before))
        .take(3)
    {
        let entry = entry?;
        let action = entry.action.unwrap_or_default();
        let resource = entry.resource.unwrap_or_default();
        println!(
            "  {} {} {}",
            action.time.map(|t| t.to_string()).unwrap_or_default(),
            action.action_type.unwrap_or_default(),
            resource.resource_type.unwrap_or_default()
        );
    }
    println!("the user's audit log (v1, page-number), newest first:");
    let recent = user::audit_logs::List {
        direction: Some(cloudflare_ureq::Direction::Desc),
        per_page: Some(5),
        ..Default::default()
    };
    for entry in client.items(recent).take(5) {
        let entry = entry?;
        let action = entry.action.unwrap_or_default();
        let resource = entry.resource.unwrap_or_default();
        println!(
            "  {} {} {}",
            entry.when.map(|t| t.to_string()).unwrap_or_default(),
            action.action_type.unwrap_or_default(),
            resource.resource_type.unwrap_or_default()
        );
    }

    match client.send(&accounts::Get::new("no/such account")) {
        Err(e) => println!(
            "a typed error: status {:?}, cf-ray {:?}: {e}",
            e.status(),
            e.cf_ray()
        ),
        Ok(account) => println!("unexpected account {account:?}"),
    }
    Ok(())
}

fn async_walkthrough(options: ClientOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        println!("\n== async client (hyper + tokio)");
        let client = cloudflare_hyper::Client::new(options)?;
        let (me, first) = tokio::join!(
            client.send(&user::Get),
            client.send(&accounts::List::default())
        );
        println!("who am I: {}", me?.email);
        let first = first?;
        println!("first page: {} accounts", first.len());
        let listed = client
            .items(accounts::List {
                per_page: Some(5),
                ..Default::default()
            })
            .try_collect()
            .await?;
        println!("all accounts, pages fetched concurrently: {}", listed.len());
        Ok::<(), Box<dyn StdError>>(())
    })
}

fn real_api_read_only() -> Result<()> {
    println!("CLOUDFLARE_API_TOKEN is set: read-only steps against the real API");
    let client = cloudflare_ureq::Client::from_env()?;
    let verified = client.send(&tokens::Verify::new())?;
    println!("token status: {}", verified.status);
    let mut count = 0;
    for account in client.items(accounts::List::default()).take(20) {
        let account = account?;
        count += 1;
        println!("  account {} {}", account.id, account.name);
    }
    println!("{count} accounts listed (at most 20 shown)");
    Ok(())
}
