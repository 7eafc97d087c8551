use cloudflare_core::Direction;
use cloudflare_core::accounts::{
    moves, organizations as account_organizations, profile as account_profile,
};
use cloudflare_core::models::profile::Profile;
use cloudflare_core::organizations::{
    self, ParentRef, accounts::AccountOrderBy, members::MemberStatus, members::NewMember,
    members::NewMemberStatus,
};

use crate::{Case, Ids, case};

fn profile() -> Profile {
    Profile {
        business_address: "101 Townsend St, San Francisco, CA 94107".into(),
        business_email: "billing@example.com".into(),
        business_name: "Example & Co".into(),
        business_phone: "+1 555 0100".into(),
        external_metadata: "{\"crm\":\"42\"}".into(),
    }
}

pub(crate) fn full(ids: &Ids) -> Vec<Box<dyn Case>> {
    vec![
        case(moves::Batch::new(
            [&ids.account, &ids.other_account],
            &ids.organization,
        )),
        case(moves::Create::new(&ids.account, &ids.organization)),
        case(account_organizations::List::new(&ids.account)),
        case(account_profile::Get::new(&ids.account)),
        case(account_profile::Update::new(&ids.account, profile())),
        case(organizations::Get::new(&ids.organization)),
        case(organizations::Create {
            parent: Some(ParentRef::new(&ids.parent_organization)),
            profile: Some(profile()),
            ..organizations::Create::new("Example Org")
        }),
        case(organizations::Update {
            parent: Some(ParentRef::new(&ids.parent_organization)),
            profile: Some(profile()),
            ..organizations::Update::new(&ids.organization, "Renamed Org")
        }),
        case(organizations::Delete::new(&ids.organization)),
        case(organizations::accounts::List {
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
            page_token: Some(ids.organization_accounts_page_token.clone()),
            page_size: Some(50),
            ..organizations::accounts::List::new(&ids.organization)
        }),
        case(organizations::members::List {
            status: Some(vec![MemberStatus::Active, MemberStatus::Pending]),
            user_email: Some("user@example.com".into()),
            user_email_contains: Some("user".into()),
            user_email_starts_with: Some("us".into()),
            user_email_ends_with: Some("example.com".into()),
            page_token: Some(ids.organization_members_page_token.clone()),
            page_size: Some(100),
            ..organizations::members::List::new(&ids.organization)
        }),
        case(organizations::members::Get::new(
            &ids.organization,
            &ids.organization_member,
        )),
        case(organizations::members::Create {
            member: NewMember {
                status: Some(NewMemberStatus::Active),
                ..NewMember::new(&ids.new_member_email)
            },
            ..organizations::members::Create::new(&ids.organization, &ids.new_member_email)
        }),
        case(organizations::members::Delete::new(
            &ids.organization,
            &ids.organization_member,
        )),
        case(organizations::profile::Get::new(&ids.organization)),
        case(organizations::profile::Update::new(
            &ids.organization,
            profile(),
        )),
    ]
}
