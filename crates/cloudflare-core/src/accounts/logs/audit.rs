//! `accounts.logs.audit`: account audit logs (version 2, cursor-paginated).

use serde::Serialize;

use crate::models::audit_log::{AccountAuditLog, AccountAuditLogFilters, Exclude};
use crate::types::{Date, Direction};

/// `GET /accounts/{account_id}/logs/audit`: the audit logs of an account (version 2), between
/// `since` and `before`, narrowed by [`List::filters`] and [`List::exclude`].
///
/// ```
/// use cloudflare_core::accounts::logs::audit;
/// use cloudflare_core::models::audit_log::{AccountAuditLogFilters, ActionType};
/// use cloudflare_core::time::{Duration, OffsetDateTime};
///
/// // The last 7 days' creations, except the bot's. Dates: `time::Date`, `OffsetDateTime`,
/// // `SystemTime` or [`cloudflare_core::Date`]; `before` is exclusive, so tomorrow takes in
/// // today.
/// let now = OffsetDateTime::now_utc();
/// let (since, before) = (now - Duration::days(7), now + Duration::days(1));
/// let list = audit::List::new("a67e14daa5f8dceeb91fe5449ba496ef", since, before)
///     .filters(AccountAuditLogFilters::default().action_type(ActionType::Create))
///     .exclude(AccountAuditLogFilters::default().actor_email("bot@example.com"))
///     .limit(500);
/// assert_eq!(list.filters.action_type, [ActionType::Create]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    /// The account whose logs to list (path).
    #[serde(skip)]
    pub account_id: String,
    /// Logs newer than this date (interpreted in UTC). Required.
    pub since: Date,
    /// Logs older than this date (interpreted in UTC). Required.
    pub before: Date,
    /// Only entries matching these filters (each list is a union; lists combine as "and").
    #[serde(flatten)]
    pub filters: AccountAuditLogFilters,
    /// Leave out entries matching these filters (sent as `<name>.not`).
    #[serde(flatten)]
    pub exclude: Exclude<AccountAuditLogFilters>,
    /// Predefined product categories, each expanding into a curated set of `resource_product`
    /// values and unioned with any `resource_product` filter; matched case-insensitively,
    /// unknown categories make the API answer 400. (No `.not` form.)
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_category: Vec<String>,
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
    /// The audit logs of account `account_id` from `since` to `before`, unfiltered.
    pub fn new(
        account_id: impl Into<String>,
        since: impl Into<Date>,
        before: impl Into<Date>,
    ) -> Self {
        List {
            account_id: account_id.into(),
            since: since.into(),
            before: before.into(),
            filters: AccountAuditLogFilters::default(),
            exclude: Exclude::default(),
            product_category: Vec::new(),
            direction: None,
            limit: None,
            cursor: None,
        }
    }

    /// Only entries matching `filters` (each list is a union; lists combine as "and").
    pub fn filters(mut self, filters: AccountAuditLogFilters) -> Self {
        self.filters = filters;
        self
    }

    /// Leaves out entries matching `filters`.
    pub fn exclude(mut self, filters: AccountAuditLogFilters) -> Self {
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
    List = GET /accounts/{account_id}/logs/audit {
        name: "accounts.logs.audit.list",
        operation_id: "audit-logs-v2-get-account-audit-logs",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        query: fields,
        lists: AccountAuditLog,
        pages: cursor(cursor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::audit_log::{ActorContext, ActorType};
    use crate::operation::Operation;
    use crate::pagination::ListOperation;
    use crate::pagination::PageRequest;

    #[test]
    fn the_schema_example_parses_fully() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../spec/examples/audit-logs-v2-get-account-audit-logs.json"
        );
        let example: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let body = serde_json::to_vec(&example["body"]).unwrap();
        let parsed = List::parse_response(&http::Response::new(body)).unwrap();
        let entry = &parsed.result.items[0];
        let actor = entry.actor.as_ref().unwrap();
        assert_eq!(actor.context, Some(ActorContext::Dash));
        assert_eq!(actor.actor_type, Some(ActorType::User));
        assert_eq!(actor.ip_address.as_deref(), Some("198.41.129.166"));
        assert_eq!(entry.raw.as_ref().unwrap().status_code, Some(200));
        let action = entry.action.as_ref().unwrap();
        assert_eq!(action.action_type.as_deref(), Some("create"));
        assert!(action.time.as_ref().unwrap().get().is_some());
        assert_eq!(
            entry.account.as_ref().unwrap().name.as_deref(),
            Some("Example Account")
        );
        assert_eq!(
            entry.zone.as_ref().unwrap().name.as_deref(),
            Some("example.com")
        );
        assert_eq!(
            entry.resource.as_ref().unwrap().product.as_deref(),
            Some("members")
        );
        assert!(parsed.meta.result_info.unwrap().next_cursor().is_some());
    }

    #[test]
    fn the_cursor_moves_with_the_pages() {
        let day = Date::from_ymd(2024, 1, 1).unwrap();
        let mut list = List::new("a", day, day);
        list.set_page(PageRequest::Number(3));
        assert_eq!(list.cursor, None);
        list.set_page(PageRequest::Cursor("next".into()));
        assert_eq!(list.cursor.as_deref(), Some("next"));
    }
}
