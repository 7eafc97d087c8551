//! `user.tokens.permission_groups`: permission groups usable in token policies.

use serde::Serialize;

pub use crate::models::token::{
    AvailablePermissionGroup, PermissionGroupCategory, PermissionGroupScope,
};

/// `GET /user/tokens/permission_groups`: find all available permission groups for API tokens.
/// One page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// Filter by the name of the permission group (plain text such as
    /// `Account Settings Write`: the SDK URL-encodes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Filter by the scope of the permission group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<PermissionGroupScope>,
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
