//! Four everyday jobs, each as the code a user writes (async client), run against the bundled
//! emulator: every member of every account; a scoped token with an IP condition, rolled and
//! verified; the last 7 days of audit logs of 5 accounts at once; inviting a member, then
//! changing their role.
//!
//! ```text
//! cargo run -p cloudflare-examples --example tasks
//! ```
//!
//! Each job is one function between `// job:` and `// end job` (the line counts in the README
//! are of those lines). Members need an API key + email; tokens need an API token: the
//! emulator accepts both.

use cloudflare_hyper::accounts::tokens::value;
use cloudflare_hyper::accounts::{self, logs::audit, members, roles, tokens};
use cloudflare_hyper::models::audit_log::AccountAuditLog;
use cloudflare_hyper::time::{Duration, OffsetDateTime};
use cloudflare_hyper::{Client, ClientOptions, Config, Credentials, Error};
use cloudflare_mock::{MockConfig, MockServer};

// job: all members of all accounts
async fn all_members(client: &Client) -> Result<Vec<(String, members::Member)>, Error> {
    let mut all = Vec::new();
    let accounts = client
        .items(accounts::List::default())
        .try_collect()
        .await?;
    for account in accounts {
        let members = client
            .items(members::List::new(&account.id))
            .try_collect()
            .await?;
        all.extend(members.into_iter().map(|m| (account.name.clone(), m)));
    }
    Ok(all)
}
// end job

// job: a scoped token with an IP condition, rolled and verified
async fn scoped_token(client: &Client, base_url: &str, account_id: &str) -> Result<(), Error> {
    let policy = tokens::Policy::new(tokens::Effect::Allow)
        .with_permission_group("c8fed203ed3043cba015a93ad1616f1f")
        .with_resource(format!("com.cloudflare.api.account.{account_id}"), "*");
    let body = tokens::TokenBody::new("ci-deploy")
        .policy(policy)
        .allow_ips(["127.0.0.1/32", "192.0.2.0/24"])
        .expires_on(OffsetDateTime::now_utc() + Duration::days(30));
    let created = client.send(&tokens::Create::new(account_id, body)).await?;
    let token_id = created.token.id.unwrap_or_default();
    let secret = client
        .send(&value::Update::new(account_id, &token_id))
        .await?;
    let config = Config::new(Credentials::api_token(secret.expose()))?.with_base_url(base_url)?;
    let rolled = Client::new(ClientOptions::new(config))?;
    let verified = rolled.send(&tokens::Verify::new(account_id)).await?;
    println!(
        "token {token_id} rolled; the new secret verifies: {}",
        verified.status
    );
    Ok(())
}
// end job

// job: the last 7 days of audit logs of 5 accounts, concurrently
async fn recent_audit_logs(client: &Client) -> Result<Vec<AccountAuditLog>, Error> {
    let now = OffsetDateTime::now_utc();
    let accounts = client
        .items(accounts::List::default())
        .try_collect()
        .await?;
    let mut fetches = tokio::task::JoinSet::new();
    for account in accounts.into_iter().take(5) {
        // Dates; `before` is exclusive, so tomorrow takes in today.
        let list = audit::List::new(account.id, now - Duration::days(7), now + Duration::days(1));
        fetches.spawn(client.items(list).try_collect());
    }
    let mut logs = Vec::new();
    while let Some(fetched) = fetches.join_next().await {
        logs.extend(fetched.expect("the fetch task ran")?);
    }
    Ok(logs)
}
// end job

// job: invite a member, then change their role
async fn invite_then_change_role(client: &Client, account_id: &str) -> Result<(), Error> {
    #[allow(deprecated)] // role IDs come from the roles listing, deprecated in the schema
    let roles = client
        .items(roles::List::new(account_id))
        .try_collect()
        .await?;
    let (first, second) = (&roles[0].id, &roles[1].id);
    let access = members::Access::roles([first]);
    let invite = members::Create::new(account_id, "new.hire@example.com", access);
    let member_id = client.send(&invite).await?.id.unwrap_or_default();
    let access = members::Access::roles([second]);
    let updated = client
        .send(&members::Update::new(account_id, &member_id, access))
        .await?;
    let names: Vec<_> = updated.roles.iter().flatten().map(|r| &r.name).collect();
    println!("member {member_id} now has the roles {names:?}");
    Ok(())
}
// end job

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start(MockConfig::default())?;
    let base_url = server.base_url();
    let mock = server.config();
    let client_with = |credentials| -> Result<Client, Error> {
        Client::new(ClientOptions::new(
            Config::new(credentials)?.with_base_url(&base_url)?,
        ))
    };
    let keys = client_with(Credentials::api_key(&mock.email, &mock.key))?;
    let token = client_with(Credentials::api_token(&mock.token))?;

    let members = all_members(&keys).await?;
    println!("{} members across all accounts", members.len());
    let account = keys
        .items(accounts::List::default())
        .try_collect()
        .await?
        .remove(0);
    scoped_token(&token, &base_url, &account.id).await?;
    invite_then_change_role(&keys, &account.id).await?;
    let logs = recent_audit_logs(&token).await?;
    println!("{} audit-log entries of the last 7 days", logs.len());
    Ok(())
}
