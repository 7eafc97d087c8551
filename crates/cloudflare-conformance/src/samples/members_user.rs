// Exercises every operation, the deprecated ones included.
#![allow(deprecated)]

use cloudflare_core::accounts::members::{
    self, Access, InvitationStatus, MemberOrder, MemberStatus, PolicyAccess, PolicyRequest, RoleRef,
};
use cloudflare_core::accounts::roles::{self, Grants, Permissions};
use cloudflare_core::user::invites::{self, InviteAnswer};
use cloudflare_core::user::organizations::{
    self, MatchMode, OrganizationOrder, OrganizationStatus,
};
use cloudflare_core::{Direction, Patch, user};

use crate::{Case, Ids, case};

pub(crate) fn full(ids: &Ids) -> Vec<Box<dyn Case>> {
    vec![
        case(members::List {
            order: Some(MemberOrder::UserEmail),
            status: Some(MemberStatus::Accepted),
            page: Some(2),
            per_page: Some(50),
            direction: Some(Direction::Desc),
            ..members::List::new(&ids.account)
        }),
        case(members::Get::new(&ids.account, &ids.account_member)),
        case(
            members::Create::new(
                &ids.account,
                &ids.new_member_email,
                Access::policies([PolicyRequest::new(
                    PolicyAccess::Allow,
                    [
                        "c8fed203ed3043cba015a93ad1616f1f",
                        "82e64a83756745bbbb1c9c2701bf816b",
                    ],
                    ["6d7f2f5f5b1d4a0e9081fdc98d432fd1"],
                )]),
            )
            .status(InvitationStatus::Accepted),
        ),
        case(members::Update::new(
            &ids.account,
            &ids.account_member,
            Access::Roles(vec![RoleRef {
                permissions: Some(Permissions {
                    zones: Some(Grants {
                        read: Some(true),
                        write: Some(false),
                    }),
                    ..Permissions::default()
                }),
                ..RoleRef::new(&ids.role)
            }]),
        )),
        case(members::Delete::new(&ids.account, &ids.account_member)),
        case(roles::List {
            page: Some(3),
            per_page: Some(5),
            ..roles::List::new(&ids.account)
        }),
        case(roles::Get::new(&ids.account, &ids.role)),
        case(user::Get::new()),
        case(user::Edit {
            country: Patch::Set("US".into()),
            first_name: Patch::Set("John".into()),
            last_name: Patch::Set("Appleseed".into()),
            telephone: Patch::Clear,
            zipcode: Patch::Set("12345".into()),
        }),
        case(invites::List::new()),
        case(invites::Get::new(&ids.invite)),
        case(invites::Edit::new(&ids.invite, InviteAnswer::Accepted)),
        case(organizations::List {
            name: Some("Cloudflare, Inc.".into()),
            page: Some(2),
            per_page: Some(25),
            order: Some(OrganizationOrder::Status),
            direction: Some(Direction::Asc),
            match_mode: Some(MatchMode::Any),
            status: Some(OrganizationStatus::Member),
        }),
        case(organizations::Get::new(&ids.user_organization)),
        case(organizations::Delete::new(&ids.user_organization)),
    ]
}
