//! `user.tokens.permission_groups`: permission groups usable in token policies.

use serde::Serialize;

use crate::encoding::Query;
use crate::error::RequestError;
use crate::operation::{AUTH_TOKEN, Entry, Operation, OperationInfo, Pagination};
use crate::pagination::{ListOperation, PageRequest};
use http::Method;

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

impl Operation for List {
    const INFO: OperationInfo = OperationInfo {
        name: "user.tokens.permission_groups.list",
        operation_id: "permission-groups-list-permission-groups",
        method: Method::GET,
        path: "/user/tokens/permission_groups",
        pagination: Pagination::SinglePage,
        auth: AUTH_TOKEN,
        deprecated: false,
        idempotent: true,
    };
    type Output = Vec<AvailablePermissionGroup>;

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        query.extend(self)
    }
}

impl ListOperation for List {
    type Item = AvailablePermissionGroup;

    /// A single-page listing: there is no other page to point at.
    fn set_page(&mut self, _page: PageRequest<'_>) {}
}

pub(crate) const OPERATIONS: &[Entry] = &[Entry::of::<List>()];
