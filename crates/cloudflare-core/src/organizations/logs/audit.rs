//! `organizations.logs.audit`: organization audit logs (version 2, cursor-paginated).
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, organizations::logs::audit};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! use cloudflare_core::models::audit_log::OrganizationAuditLogFilters;
//! let now = std::time::SystemTime::now();
//! let day = std::time::Duration::from_secs(86_400);
//! let list = audit::List::new("a7b35cbbef7a4e5db20d2d3fcb1e4a42", now - 7 * day, now + day)
//!     .filters(OrganizationAuditLogFilters::default().actor_email("admin@example.com"));
//! assert!(list.to_request(&config)?.uri().query().unwrap().contains("actor_email=admin%40example.com"));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::Serialize;

use crate::models::audit_log::{Exclude, OrganizationAuditLog, OrganizationAuditLogFilters};
use crate::types::{Date, Direction};

/// `GET /organizations/{organization_id}/logs/audit`: the audit logs of an organization
/// (version 2), between `since` and `before`, narrowed by [`List::filters`] and
/// [`List::exclude`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    /// The organization whose logs to list (path).
    #[serde(skip)]
    pub organization_id: String,
    /// Logs newer than this date (interpreted in UTC). Required.
    pub since: Date,
    /// Logs older than this date (interpreted in UTC). Required.
    pub before: Date,
    /// Only entries matching these filters (each list is a union; lists combine as "and").
    #[serde(flatten)]
    pub filters: OrganizationAuditLogFilters,
    /// Leave out entries matching these filters (sent as `<name>.not`).
    #[serde(flatten)]
    pub exclude: Exclude<OrganizationAuditLogFilters>,
    /// Sorting order (the API's default: descending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Maximum number of entries per page (1 to 1000, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Opaque cursor of the page to fetch, from the previous page's `result_info`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl List {
    /// The audit logs of organization `organization_id` from `since` to `before`, unfiltered.
    pub fn new(
        organization_id: impl Into<String>,
        since: impl Into<Date>,
        before: impl Into<Date>,
    ) -> Self {
        List {
            organization_id: organization_id.into(),
            since: since.into(),
            before: before.into(),
            filters: OrganizationAuditLogFilters::default(),
            exclude: Exclude::default(),
            direction: None,
            limit: None,
            cursor: None,
        }
    }

    /// Only entries matching `filters` (each list is a union; lists combine as "and").
    pub fn filters(mut self, filters: OrganizationAuditLogFilters) -> Self {
        self.filters = filters;
        self
    }

    /// Leaves out entries matching `filters`.
    pub fn exclude(mut self, filters: OrganizationAuditLogFilters) -> Self {
        self.exclude = Exclude(filters);
        self
    }

    /// Orders the entries in `direction` (the API's default: descending).
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = Some(direction);
        self
    }

    /// Asks for up to `limit` entries per page (1 to 1000).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
}

crate::operation::operations! {
    List = GET /organizations/{organization_id}/logs/audit {
        name: "organizations.logs.audit.list",
        operation_id: "audit-logs-v2-get-organization-audit-logs",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        query: fields,
        lists: OrganizationAuditLog,
        pages: cursor(cursor),
    }
}
