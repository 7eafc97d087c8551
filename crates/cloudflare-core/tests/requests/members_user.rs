use cloudflare_core::accounts::members::{
    self, CreateAccess, InvitationStatus, MemberOrder, MemberStatus, PolicyAccess, PolicyRequest,
    RoleRef, UpdateAccess,
};
use cloudflare_core::accounts::roles::{self, Grants, Permissions};
use cloudflare_core::user::invites::{self, InviteAnswer};
use cloudflare_core::user::organizations::{
    self, MatchMode, OrganizationOrder, OrganizationStatus,
};
use cloudflare_core::{Config, Direction, Operation, Patch, user};

use super::Named;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const MEMBER: &str = "4536bcfad5faccb111b47003c79917fa";
const ROLE: &str = "3536bcfad5faccb999b47003c79917fb";
const INVITE: &str = "4f5f0c14a2a41d5063dd301b2f829f04";
const ORGANIZATION: &str = "01a7362d577a6c3019a474fd6f485823";

pub fn requests(config: &Config) -> Vec<Named> {
    vec![
        (
            "accounts.members.list",
            members::List {
                order: Some(MemberOrder::UserEmail),
                status: Some(MemberStatus::Accepted),
                page: Some(2),
                per_page: Some(50),
                direction: Some(Direction::Desc),
                ..members::List::new(ACCOUNT)
            }
            .to_request(config),
        ),
        (
            "accounts.members.get",
            members::Get::new(ACCOUNT, MEMBER).to_request(config),
        ),
        (
            "accounts.members.create",
            members::Create {
                status: Some(InvitationStatus::Accepted),
                ..members::Create::new(
                    ACCOUNT,
                    "user@example.com",
                    CreateAccess::Policies(vec![PolicyRequest::new(
                        PolicyAccess::Allow,
                        [
                            "c8fed203ed3043cba015a93ad1616f1f",
                            "82e64a83756745bbbb1c9c2701bf816b",
                        ],
                        ["6d7f2f5f5b1d4a0e9081fdc98d432fd1"],
                    )]),
                )
            }
            .to_request(config),
        ),
        (
            "accounts.members.update",
            members::Update::new(
                ACCOUNT,
                MEMBER,
                UpdateAccess::Roles(vec![RoleRef {
                    permissions: Some(Permissions {
                        zones: Some(Grants {
                            read: Some(true),
                            write: Some(false),
                        }),
                        ..Permissions::default()
                    }),
                    ..RoleRef::new(ROLE)
                }]),
            )
            .to_request(config),
        ),
        (
            "accounts.members.delete",
            members::Delete::new(ACCOUNT, MEMBER).to_request(config),
        ),
        (
            "accounts.roles.list",
            roles::List {
                page: Some(3),
                per_page: Some(5),
                ..roles::List::new(ACCOUNT)
            }
            .to_request(config),
        ),
        (
            "accounts.roles.get",
            roles::Get::new(ACCOUNT, ROLE).to_request(config),
        ),
        ("user.get", user::Get::new().to_request(config)),
        (
            "user.edit",
            user::Edit {
                country: Patch::Set("US".into()),
                first_name: Patch::Set("John".into()),
                last_name: Patch::Set("Appleseed".into()),
                telephone: Patch::Clear,
                zipcode: Patch::Set("12345".into()),
            }
            .to_request(config),
        ),
        ("user.invites.list", invites::List::new().to_request(config)),
        (
            "user.invites.get",
            invites::Get::new(INVITE).to_request(config),
        ),
        (
            "user.invites.edit",
            invites::Edit::new(INVITE, InviteAnswer::Accepted).to_request(config),
        ),
        (
            "user.organizations.list",
            organizations::List {
                name: Some("Cloudflare, Inc.".into()),
                page: Some(2),
                per_page: Some(25),
                order: Some(OrganizationOrder::Status),
                direction: Some(Direction::Asc),
                match_mode: Some(MatchMode::Any),
                status: Some(OrganizationStatus::Member),
            }
            .to_request(config),
        ),
        (
            "user.organizations.get",
            organizations::Get::new(ORGANIZATION).to_request(config),
        ),
        (
            "user.organizations.delete",
            organizations::Delete::new(ORGANIZATION).to_request(config),
        ),
    ]
}
