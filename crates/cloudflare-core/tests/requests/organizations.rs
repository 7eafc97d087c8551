use cloudflare_core::accounts::{
    moves, organizations as account_organizations, profile as account_profile,
};
use cloudflare_core::models::profile::Profile;
use cloudflare_core::organizations::{
    self, ParentRef, accounts::AccountOrderBy, members::MemberStatus, members::NewMember,
    members::NewMemberStatus,
};
use cloudflare_core::{Config, Direction, Operation};

use super::Named;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const OTHER_ACCOUNT: &str = "0c1dd14d0ad5b4f7a2e7f3f0a3f1e9b2";
const ORGANIZATION: &str = "a7b9c3d2e8f4g1h5i6j0k9l2m3n7o4p8";
const PARENT: &str = "b8c0d4e3f9a5b2c6d7e1f0a3b4c8d5e9";
const MEMBER: &str = "c9d1e5f4a0b6c3d7e8f2a1b4c5d9e6f0";

fn profile() -> Profile {
    Profile {
        business_address: "101 Townsend St, San Francisco, CA 94107".into(),
        business_email: "billing@example.com".into(),
        business_name: "Example & Co".into(),
        business_phone: "+1 555 0100".into(),
        external_metadata: "{\"crm\":\"42\"}".into(),
    }
}

pub fn requests(config: &Config) -> Vec<Named> {
    vec![
        (
            "accounts.move.batch",
            moves::Batch::new([ACCOUNT, OTHER_ACCOUNT], ORGANIZATION).to_request(config),
        ),
        (
            "accounts.move.create",
            moves::Create::new(ACCOUNT, ORGANIZATION).to_request(config),
        ),
        (
            "accounts.organizations.list",
            account_organizations::List::new(ACCOUNT).to_request(config),
        ),
        (
            "accounts.profile.get",
            account_profile::Get::new(ACCOUNT).to_request(config),
        ),
        (
            "accounts.profile.update",
            account_profile::Update::new(ACCOUNT, profile()).to_request(config),
        ),
        (
            "organizations.get",
            organizations::Get::new(ORGANIZATION).to_request(config),
        ),
        (
            "organizations.create",
            organizations::Create {
                parent: Some(ParentRef::new(PARENT)),
                profile: Some(profile()),
                ..organizations::Create::new("Example Org")
            }
            .to_request(config),
        ),
        (
            "organizations.update",
            organizations::Update {
                parent: Some(ParentRef::new(PARENT)),
                profile: Some(profile()),
                ..organizations::Update::new(ORGANIZATION, "Renamed Org")
            }
            .to_request(config),
        ),
        (
            "organizations.delete",
            organizations::Delete::new(ORGANIZATION).to_request(config),
        ),
        (
            "organizations.accounts.list",
            organizations::accounts::List {
                account_pubname: Some("Demo".into()),
                account_pubname_starts_with: Some("De".into()),
                account_pubname_ends_with: Some("mo".into()),
                account_pubname_contains: Some("em".into()),
                name: Some("Demo Account & co".into()),
                name_starts_with: Some("Demo".into()),
                name_ends_with: Some("co".into()),
                name_contains: Some("Account".into()),
                order_by: Some(AccountOrderBy::AccountName),
                direction: Some(Direction::Desc),
                page_token: Some("next/page+token=".into()),
                page_size: Some(50),
                ..organizations::accounts::List::new(ORGANIZATION)
            }
            .to_request(config),
        ),
        (
            "organizations.members.list",
            organizations::members::List {
                status: Some(vec![MemberStatus::Active, MemberStatus::Pending]),
                user_email: Some("user@example.com".into()),
                user_email_contains: Some("user".into()),
                user_email_starts_with: Some("us".into()),
                user_email_ends_with: Some("example.com".into()),
                page_token: Some("next/page+token=".into()),
                page_size: Some(100),
                ..organizations::members::List::new(ORGANIZATION)
            }
            .to_request(config),
        ),
        (
            "organizations.members.get",
            organizations::members::Get::new(ORGANIZATION, MEMBER).to_request(config),
        ),
        (
            "organizations.members.create",
            organizations::members::Create {
                member: NewMember {
                    status: Some(NewMemberStatus::Active),
                    ..NewMember::new("user@example.com")
                },
                ..organizations::members::Create::new(ORGANIZATION, "user@example.com")
            }
            .to_request(config),
        ),
        (
            "organizations.members.delete",
            organizations::members::Delete::new(ORGANIZATION, MEMBER).to_request(config),
        ),
        (
            "organizations.profile.get",
            organizations::profile::Get::new(ORGANIZATION).to_request(config),
        ),
        (
            "organizations.profile.update",
            organizations::profile::Update::new(ORGANIZATION, profile()).to_request(config),
        ),
    ]
}
