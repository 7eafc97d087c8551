//! Every operation with only its required parameters: path IDs, required query parameters and
//! the required body fields.

// Exercises every operation, the deprecated ones included.
#![allow(deprecated)]

use cloudflare_core::accounts::members::Access;
use cloudflare_core::accounts::{self, AccountType};
use cloudflare_core::models::profile::Profile;
use cloudflare_core::models::token::{Effect, Policy, TokenBody};
use cloudflare_core::user::invites::InviteAnswer;
use cloudflare_core::{organizations, user};

use super::date;
use crate::{Case, Ids, case};

/// Every profile field is required.
fn profile() -> Profile {
    Profile {
        business_address: "1 Main St".into(),
        business_email: "owner@example.com".into(),
        business_name: "Example".into(),
        business_phone: "+1 555 0199".into(),
        external_metadata: String::new(),
    }
}

/// One policy: one permission group on every zone of the account.
fn policies(ids: &Ids) -> Vec<Policy> {
    vec![
        Policy::new(Effect::Allow)
            .with_permission_group("c8fed203ed3043cba015a93ad1616f1f")
            .with_resource(format!("com.cloudflare.api.account.{}", ids.account), "*"),
    ]
}

pub(crate) fn all(ids: &Ids) -> Vec<Box<dyn Case>> {
    let account = ids.account.as_str();
    vec![
        // Accounts.
        case(accounts::List::default()),
        case(accounts::Get::new(account)),
        case(accounts::Create::new("Minimal Account")),
        case(accounts::Update::new(
            account,
            "Minimal Account",
            AccountType::Standard,
        )),
        case(accounts::Delete::new(account)),
        case(accounts::moves::Batch::new([account], &ids.organization)),
        case(accounts::moves::Create::new(account, &ids.organization)),
        case(accounts::organizations::List::new(account)),
        case(accounts::profile::Get::new(account)),
        case(accounts::profile::Update::new(account, profile())),
        // Audit logs, subscriptions, billing.
        case(accounts::logs::audit::List::new(
            account,
            date(2024, 5, 1),
            date(2024, 6, 1),
        )),
        case(organizations::logs::audit::List::new(
            &ids.audit_organization,
            date(2024, 5, 1),
            date(2024, 6, 1),
        )),
        case(user::audit_logs::List::default()),
        case(accounts::subscriptions::Get::new(account)),
        case(accounts::subscriptions::Create::new(account)),
        case(accounts::subscriptions::Update::new(
            account,
            &ids.account_subscription,
        )),
        case(accounts::subscriptions::Delete::new(
            account,
            &ids.account_subscription,
        )),
        case(user::subscriptions::Get),
        case(user::subscriptions::Update::new(&ids.user_subscription)),
        case(user::subscriptions::Delete::new(&ids.user_subscription)),
        case(user::billing::history::List::default()),
        case(user::billing::profile::Get),
        // Account members and roles, the user, invites, user organizations.
        case(accounts::members::List::new(account)),
        case(accounts::members::Get::new(account, &ids.account_member)),
        case(accounts::members::Create::new(
            account,
            &ids.new_member_email,
            Access::roles([&ids.role]),
        )),
        case(accounts::members::Update::new(
            account,
            &ids.account_member,
            Access::roles([&ids.role]),
        )),
        case(accounts::members::Delete::new(account, &ids.account_member)),
        case(accounts::roles::List::new(account)),
        case(accounts::roles::Get::new(account, &ids.role)),
        case(user::Get::new()),
        case(user::Edit::new()),
        case(user::invites::List::new()),
        case(user::invites::Get::new(&ids.invite)),
        case(user::invites::Edit::new(
            &ids.invite,
            InviteAnswer::Rejected,
        )),
        case(user::organizations::List::new()),
        case(user::organizations::Get::new(&ids.user_organization)),
        case(user::organizations::Delete::new(&ids.user_organization)),
        // Organizations.
        case(organizations::Get::new(&ids.organization)),
        case(organizations::Create::new("Minimal Org")),
        case(organizations::Update::new(&ids.organization, "Minimal Org")),
        case(organizations::Delete::new(&ids.organization)),
        case(organizations::accounts::List::new(&ids.organization)),
        case(organizations::members::List::new(&ids.organization)),
        case(organizations::members::Get::new(
            &ids.organization,
            &ids.organization_member,
        )),
        case(organizations::members::Create::new(
            &ids.organization,
            &ids.new_member_email,
        )),
        case(organizations::members::Delete::new(
            &ids.organization,
            &ids.organization_member,
        )),
        case(organizations::profile::Get::new(&ids.organization)),
        case(organizations::profile::Update::new(
            &ids.organization,
            profile(),
        )),
        // API tokens.
        case(accounts::tokens::List::new(account)),
        case(accounts::tokens::Get::new(account, &ids.account_token)),
        case(accounts::tokens::Create::new(
            account,
            TokenBody::new("minimal token").policies(policies(ids)),
        )),
        case(accounts::tokens::Update::new(
            account,
            &ids.account_token,
            TokenBody::new("minimal token").policies(policies(ids)),
        )),
        case(accounts::tokens::Delete::new(account, &ids.account_token)),
        case(accounts::tokens::Verify::new(account)),
        case(accounts::tokens::permission_groups::List::new(account)),
        case(accounts::tokens::value::Update::new(
            account,
            &ids.account_token,
        )),
        case(user::tokens::List::new()),
        case(user::tokens::Get::new(&ids.user_token)),
        case(user::tokens::Create::new(
            TokenBody::new("minimal token").policies(policies(ids)),
        )),
        case(user::tokens::Update::new(
            &ids.user_token,
            TokenBody::new("minimal token").policies(policies(ids)),
        )),
        case(user::tokens::Delete::new(&ids.user_token)),
        case(user::tokens::Verify::new()),
        case(user::tokens::permission_groups::List::default()),
        case(user::tokens::value::Update::new(&ids.user_token)),
    ]
}
