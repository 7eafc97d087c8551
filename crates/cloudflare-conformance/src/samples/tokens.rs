use cloudflare_core::accounts;
use cloudflare_core::models::token::{
    Effect, PermissionGroup, PermissionGroupMeta, PermissionGroupScope, Policy, TokenBody,
    TokenStatus,
};
use cloudflare_core::user;
use cloudflare_core::{Direction, Timestamp};

use crate::{Case, Ids, case};

/// A token body with every optional field set: a nested-resource policy and a simple one,
/// a permission group with `meta`, an IP condition and a validity window.
fn body(account: &str, name: &str) -> TokenBody {
    let mut group = PermissionGroup::new("c8fed203ed3043cba015a93ad1616f1f");
    group.meta = Some(PermissionGroupMeta {
        key: Some("key".into()),
        value: Some("value".into()),
        ..PermissionGroupMeta::default()
    });
    let nested = Policy {
        permission_groups: vec![group],
        ..Policy::new(Effect::Allow).with_resource(
            format!("com.cloudflare.api.account.{account}"),
            [("com.cloudflare.api.account.zone.*", "*")],
        )
    };
    let simple = Policy::new(Effect::Deny)
        .with_permission_group("82e64a83756745bbbb1c9c2701bf816b")
        .with_resource(
            "com.cloudflare.api.account.zone.eb78d65290b24279ba6f44721b3ea3c4",
            "*",
        );
    TokenBody::new(name)
        .policy(nested)
        .policy(simple)
        .allow_ips(["123.123.123.0/24", "2606:4700::/32"])
        .deny_ips(["123.123.123.100/24"])
        .expires_on(Timestamp::parse("2030-01-01T00:00:00Z"))
        .not_before(Timestamp::parse("2029-07-01T05:20:00Z"))
}

pub(crate) fn full(ids: &Ids) -> Vec<Box<dyn Case>> {
    vec![
        case(accounts::tokens::List {
            page: Some(2),
            per_page: Some(50),
            direction: Some(Direction::Desc),
            include_expired: Some(true),
            ..accounts::tokens::List::new(&ids.account)
        }),
        case(accounts::tokens::Get::new(&ids.account, &ids.account_token)),
        case(accounts::tokens::Create::new(
            &ids.account,
            body(&ids.account, "readonly token"),
        )),
        case(
            accounts::tokens::Update::new(
                &ids.account,
                &ids.account_token,
                body(&ids.account, "renamed token"),
            )
            .status(TokenStatus::Disabled),
        ),
        case(accounts::tokens::Delete::new(
            &ids.account,
            &ids.account_token,
        )),
        case(accounts::tokens::Verify::new(&ids.account)),
        case(accounts::tokens::permission_groups::List {
            name: Some("Account Settings Write".into()),
            scope: Some(PermissionGroupScope::AccountZone),
            ..accounts::tokens::permission_groups::List::new(&ids.account)
        }),
        case(accounts::tokens::value::Update::new(
            &ids.account,
            &ids.account_token,
        )),
        case(user::tokens::List {
            page: Some(2),
            ..user::tokens::List::new()
                .per_page(5)
                .direction(Direction::Asc)
                .include_expired(false)
        }),
        case(user::tokens::Get::new(&ids.user_token)),
        case(user::tokens::Create::new(body(
            &ids.account,
            "readonly token",
        ))),
        case(
            user::tokens::Update::new(&ids.user_token, body(&ids.account, "renamed token"))
                .status(TokenStatus::Active),
        ),
        case(user::tokens::Delete::new(&ids.user_token)),
        case(user::tokens::Verify::new()),
        case(
            user::tokens::permission_groups::List::new()
                .name("Account Settings Write")
                .scope(PermissionGroupScope::Account),
        ),
        case(user::tokens::value::Update::new(&ids.user_token)),
    ]
}
