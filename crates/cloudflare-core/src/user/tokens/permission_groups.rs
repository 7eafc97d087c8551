//! `user.tokens.permission_groups`: permission groups usable in token policies.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::tokens::permission_groups};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let groups = permission_groups::List::new().scope(permission_groups::PermissionGroupScope::Account);
//! assert_eq!(groups.to_request(&config)?.uri().query(), Some("scope=com.cloudflare.api.account"));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

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
