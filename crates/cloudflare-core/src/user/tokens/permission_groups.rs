//! `user.tokens.permission_groups`: permission groups usable in token policies.

use crate::families::tokens::PermissionGroups;
use crate::owner;

pub use crate::models::token::{
    AvailablePermissionGroup, PermissionGroupCategory, PermissionGroupScope,
};

/// `GET /user/tokens/permission_groups`: find all available permission groups for API tokens.
/// One page.
pub type List = PermissionGroups<owner::User>;

impl List {
    /// The permission groups available to the user's tokens.
    pub fn new() -> Self {
        PermissionGroups::default()
    }
}

crate::operation::operations! {
    List = GET /user/tokens/permission_groups {
        name: "user.tokens.permission_groups.list",
        operation_id: "permission-groups-list-permission-groups",
        auth: AUTH_TOKEN,
        idempotent: true,
        query: fields,
        lists: AvailablePermissionGroup,
        pages: single,
    }
}
