use cloudflare_core::accounts;
use cloudflare_core::models::token::{
    Condition, Effect, PermissionGroup, PermissionGroupMeta, PermissionGroupScope, Policy,
    TokenBody, TokenStatus,
};
use cloudflare_core::user;
use cloudflare_core::{Config, Direction, Operation, Timestamp};

use super::Named;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const TOKEN: &str = "ed17574386854bf78a67040be0a770b0";

/// A token body with every optional field set: a nested-resource policy and a simple one,
/// a permission group with `meta`, an IP condition and a validity window.
fn body(name: &str) -> TokenBody {
    let mut group = PermissionGroup::new("c8fed203ed3043cba015a93ad1616f1f");
    group.meta = Some(PermissionGroupMeta {
        key: Some("key".into()),
        value: Some("value".into()),
        ..PermissionGroupMeta::default()
    });
    let nested = Policy {
        permission_groups: vec![group],
        ..Policy::new(Effect::Allow).with_resource(
            format!("com.cloudflare.api.account.{ACCOUNT}"),
            [("com.cloudflare.api.account.zone.*", "*")],
        )
    };
    let simple = Policy::new(Effect::Deny)
        .with_permission_group("82e64a83756745bbbb1c9c2701bf816b")
        .with_resource(
            "com.cloudflare.api.account.zone.eb78d65290b24279ba6f44721b3ea3c4",
            "*",
        );
    TokenBody {
        condition: Some(Condition::request_ip(
            ["123.123.123.0/24", "2606:4700::/32"],
            ["123.123.123.100/24"],
        )),
        expires_on: Some(Timestamp::parse("2030-01-01T00:00:00Z")),
        not_before: Some(Timestamp::parse("2029-07-01T05:20:00Z")),
        ..TokenBody::new(name, vec![nested, simple])
    }
}

pub fn requests(config: &Config) -> Vec<Named> {
    vec![
        (
            "accounts.tokens.list",
            accounts::tokens::List {
                page: Some(2),
                per_page: Some(50),
                direction: Some(Direction::Desc),
                include_expired: Some(true),
                ..accounts::tokens::List::new(ACCOUNT)
            }
            .to_request(config),
        ),
        (
            "accounts.tokens.get",
            accounts::tokens::Get::new(ACCOUNT, TOKEN).to_request(config),
        ),
        (
            "accounts.tokens.create",
            accounts::tokens::Create {
                account_id: ACCOUNT.into(),
                body: body("readonly token"),
            }
            .to_request(config),
        ),
        (
            "accounts.tokens.update",
            accounts::tokens::Update {
                body: body("renamed token"),
                status: Some(TokenStatus::Disabled),
                ..accounts::tokens::Update::new(ACCOUNT, TOKEN, "", vec![])
            }
            .to_request(config),
        ),
        (
            "accounts.tokens.delete",
            accounts::tokens::Delete::new(ACCOUNT, TOKEN).to_request(config),
        ),
        (
            "accounts.tokens.verify",
            accounts::tokens::Verify::new(ACCOUNT).to_request(config),
        ),
        (
            "accounts.tokens.permission_groups.list",
            accounts::tokens::permission_groups::List {
                name: Some("Account Settings Write".into()),
                scope: Some(PermissionGroupScope::AccountZone),
                ..accounts::tokens::permission_groups::List::new(ACCOUNT)
            }
            .to_request(config),
        ),
        (
            "accounts.tokens.value.update",
            accounts::tokens::value::Update::new(ACCOUNT, TOKEN).to_request(config),
        ),
        (
            "user.tokens.list",
            user::tokens::List {
                page: Some(2),
                per_page: Some(5),
                direction: Some(Direction::Asc),
                include_expired: Some(false),
            }
            .to_request(config),
        ),
        (
            "user.tokens.get",
            user::tokens::Get::new(TOKEN).to_request(config),
        ),
        (
            "user.tokens.create",
            user::tokens::Create {
                body: body("readonly token"),
            }
            .to_request(config),
        ),
        (
            "user.tokens.update",
            user::tokens::Update {
                body: body("renamed token"),
                status: Some(TokenStatus::Active),
                ..user::tokens::Update::new(TOKEN, "", vec![])
            }
            .to_request(config),
        ),
        (
            "user.tokens.delete",
            user::tokens::Delete::new(TOKEN).to_request(config),
        ),
        (
            "user.tokens.verify",
            user::tokens::Verify::new().to_request(config),
        ),
        (
            "user.tokens.permission_groups.list",
            user::tokens::permission_groups::List {
                name: Some("Account Settings Write".into()),
                scope: Some(PermissionGroupScope::Account),
            }
            .to_request(config),
        ),
        (
            "user.tokens.value.update",
            user::tokens::value::Update::new(TOKEN).to_request(config),
        ),
    ]
}
