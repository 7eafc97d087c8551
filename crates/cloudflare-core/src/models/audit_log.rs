//! Audit-log entries (version 2, accounts and organizations) and their query filters.
//!
//! Both version-2 listings take the same family of array filters, each also in a `.not` form
//! that leaves matching entries out. One filter struct per listing holds the positive form
//! ([`AccountAuditLogFilters`], [`OrganizationAuditLogFilters`], generated from one shared field
//! list); [`Exclude`] sends the same struct with `.not` appended to every key.

use std::ops::{Deref, DerefMut};

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::types::{Date, Timestamp};

crate::string_enum! {
    /// Whether an audited action succeeded (`action_result` filter).
    pub enum ActionResult {
        /// The action succeeded.
        Success = "success",
        /// The action failed.
        Failure = "failure",
    }
}

crate::string_enum! {
    /// The kind of an audited action (`action_type` filter).
    pub enum ActionType {
        /// Something was created.
        Create = "create",
        /// Something was deleted.
        Delete = "delete",
        /// Something was viewed.
        View = "view",
        /// Something was updated.
        Update = "update",
    }
}

crate::string_enum! {
    /// How the actor authenticated (`actor.context`).
    pub enum ActorContext {
        /// A global API key.
        ApiKey = "api_key",
        /// An API token.
        ApiToken = "api_token",
        /// The dashboard.
        Dash = "dash",
        /// An OAuth grant.
        Oauth = "oauth",
        /// An Origin CA key.
        OriginCaKey = "origin_ca_key",
    }
}

crate::string_enum! {
    /// The type of actor in account audit logs.
    pub enum ActorType {
        /// The account itself.
        Account = "account",
        /// A Cloudflare administrator.
        CloudflareAdmin = "cloudflare_admin",
        /// An automated system.
        System = "system",
        /// A user.
        User = "user",
    }
}

crate::string_enum! {
    /// The type of actor in organization audit logs.
    pub enum OrganizationActorType {
        /// A Cloudflare administrator.
        CloudflareAdmin = "cloudflare_admin",
        /// An automated system.
        System = "system",
        /// A user.
        User = "user",
    }
}

crate::string_enum! {
    /// What an account audit-log resource is associated with (`resource_scope` filter).
    pub enum ResourceScope {
        /// An account.
        Accounts = "accounts",
        /// A user.
        User = "user",
        /// A zone.
        Zones = "zones",
        /// A membership.
        Memberships = "memberships",
    }
}

crate::string_enum! {
    /// What an organization audit-log resource is associated with (`resource_scope` filter).
    pub enum OrganizationResourceScope {
        /// An organization.
        Organizations = "organizations",
    }
}

/// Generates a filter struct: the filters both version-2 audit logs share, with the listing's
/// own actor-type and resource-scope enums, plus the listing's extra fields; and the
/// `Serialize` of its [`Exclude`] (the same keys with `.not`, in field order).
macro_rules! audit_log_filters {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            actor_type: $actor:ty,
            resource_scope: $scope:ty,
            $( $(#[$xmeta:meta])* pub $xfield:ident: Vec<$xelem:ty>, )*
        }
    ) => {
        audit_log_filters! {
            @emit
            $(#[$meta])*
            $name {
                /// Whether the action succeeded (`action_result`).
                action_result: Vec<ActionResult>,
                /// The action type (`action_type`).
                action_type: Vec<ActionType>,
                /// The actor context (`actor_context`).
                actor_context: Vec<ActorContext>,
                /// The actor's email address (`actor_email`).
                actor_email: Vec<String>,
                /// The actor ID (`actor_id`): a user ID, or for account logs also an account ID.
                actor_id: Vec<String>,
                /// The IP address where the action was initiated (`actor_ip_address`).
                actor_ip_address: Vec<String>,
                /// The API token ID when the actor context is an api_token or oauth
                /// (`actor_token_id`).
                actor_token_id: Vec<String>,
                /// The API token name when the actor context is an api_token or oauth
                /// (`actor_token_name`).
                actor_token_name: Vec<String>,
                /// The actor type (`actor_type`).
                actor_type: Vec<$actor>,
                /// Audit-log entry IDs (`id`).
                id: Vec<String>,
                /// The response's CF Ray ID (`raw_cf_ray_id`).
                raw_cf_ray_id: Vec<String>,
                /// The HTTP method of the API call (`raw_method`).
                raw_method: Vec<String>,
                /// The response status code that was returned (`raw_status_code`).
                raw_status_code: Vec<u16>,
                /// The request URI (`raw_uri`).
                raw_uri: Vec<String>,
                /// The resource ID (`resource_id`).
                resource_id: Vec<String>,
                /// The Cloudflare product associated with the changed resource
                /// (`resource_product`).
                resource_product: Vec<String>,
                /// The type of resource changed by the action (`resource_type`).
                resource_type: Vec<String>,
                /// The resource scope (`resource_scope`).
                resource_scope: Vec<$scope>,
                $( $(#[$xmeta])* $xfield: Vec<$xelem>, )*
            }
        }
    };
    (
        @emit
        $(#[$meta:meta])*
        $name:ident { $( $(#[$fmeta:meta])* $field:ident: Vec<$elem:ty>, )* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "Vec::is_empty")]
                pub $field: Vec<$elem>,
            )*
        }

        /// Chained setters: each adds one value to its list (`.actor_email("a@example.com")`).
        impl $name {
            $(
                #[doc = concat!("Adds a value to `", stringify!($field), "`.")]
                pub fn $field(mut self, value: impl Into<$elem>) -> Self {
                    self.$field.push(value.into());
                    self
                }
            )*
        }

        impl Serialize for Exclude<$name> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let filters = &self.0;
                let mut map = s.serialize_map(None)?;
                $(
                    if !filters.$field.is_empty() {
                        map.serialize_entry(
                            concat!(stringify!($field), ".not"),
                            &filters.$field,
                        )?;
                    }
                )*
                map.end()
            }
        }
    };
}

audit_log_filters! {
    /// Array filters of the account audit logs (each value list is sent as repeated keys;
    /// empty lists are not sent). Wrap in [`Exclude`] for the `.not` forms.
    pub struct AccountAuditLogFilters {
        actor_type: ActorType,
        resource_scope: ResourceScope,
        /// The account name (`account_name`).
        pub account_name: Vec<String>,
        /// Audit-log entry IDs (`audit_log_id`). Deprecated by the API: use `id`.
        pub audit_log_id: Vec<String>,
        /// The zone ID (`zone_id`).
        pub zone_id: Vec<String>,
        /// The zone name associated with the change (`zone_name`).
        pub zone_name: Vec<String>,
    }
}

audit_log_filters! {
    /// Array filters of the organization audit logs (each value list is sent as repeated keys;
    /// empty lists are not sent). Wrap in [`Exclude`] for the `.not` forms.
    pub struct OrganizationAuditLogFilters {
        actor_type: OrganizationActorType,
        resource_scope: OrganizationResourceScope,
    }
}

/// Filters sent with `.not` appended to every key (`actor_email.not=…`): they leave out the
/// entries that match. Derefs to the filters, so `list.exclude.actor_email.push(…)` works.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exclude<T>(pub T);

impl<T> Deref for Exclude<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Exclude<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// A `since` / `before` bound that is either a calendar date or an RFC 3339 instant
/// (the user audit logs take both).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum DateOrTimestamp {
    /// A full date, `2019-04-30`.
    Date(Date),
    /// An instant, `2019-04-30T01:12:20Z`.
    Timestamp(Timestamp),
}

impl From<Date> for DateOrTimestamp {
    fn from(date: Date) -> Self {
        DateOrTimestamp::Date(date)
    }
}

impl From<Timestamp> for DateOrTimestamp {
    fn from(timestamp: Timestamp) -> Self {
        DateOrTimestamp::Timestamp(timestamp)
    }
}

impl From<time::OffsetDateTime> for DateOrTimestamp {
    fn from(instant: time::OffsetDateTime) -> Self {
        DateOrTimestamp::Timestamp(instant.into())
    }
}

/// Information about the action performed (`aaa_audit-log-action`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogAction {
    /// A short description of the action performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The result of the action, indicating success or failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// A timestamp indicating when the action was logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    /// A short string that describes the action that was performed.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub action_type: Option<String>,
}

/// Details about the actor who performed the action. `T` is the listing's actor-type enum:
/// [`ActorType`] for accounts, [`OrganizationActorType`] for organizations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogActor<T> {
    /// How the actor authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ActorContext>,
    /// The email of the actor who performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The ID of the actor who performed the action. If a user performed the action, this will
    /// be their User ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The IP address of the request that performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The API token ID when the actor context is an api_token or oauth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
    /// The API token name when the actor context is an api_token or oauth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_name: Option<String>,
    /// The type of actor.
    #[serde(
        default = "Option::default",
        rename = "type",
        skip_serializing_if = "Option::is_none"
    )]
    pub actor_type: Option<T>,
}

/// Raw information about the request and response (`aaa_audit-log-raw`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogRaw {
    /// The Cloudflare Ray ID for the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cf_ray_id: Option<String>,
    /// The HTTP method of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The HTTP response status code returned by the API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i64>,
    /// The URI of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// The client's user agent string sent with the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

/// Details about the affected resource.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditLogResource {
    /// The unique identifier for the affected resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Cloudflare product associated with the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The request that changed the resource (untyped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<serde_json::Value>,
    /// The response to that request (untyped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<serde_json::Value>,
    /// The scope of the resource (untyped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<serde_json::Value>,
    /// The type of the resource.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

/// Account related information of an audit-log entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogAccount {
    /// A unique identifier for the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A string that identifies the account name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Organization related information of an audit-log entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogOrganization {
    /// A unique identifier for the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Details about the zone affected by the action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogZone {
    /// A string that identifies the zone id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A string that identifies the zone name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An account audit-log entry, version 2 (`aaa_audit-logs-v2`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountAuditLog {
    /// A unique identifier for the audit log entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Account related information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AuditLogAccount>,
    /// Information about the action performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuditLogAction>,
    /// Details about the actor who performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<AuditLogActor<ActorType>>,
    /// Raw information about the request and response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<AuditLogRaw>,
    /// Details about the affected resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<AuditLogResource>,
    /// Details about the zone affected by the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<AuditLogZone>,
}

/// An organization audit-log entry, version 2 (`aaa_audit-logs-v2-org`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationAuditLog {
    /// A unique identifier for the audit log entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Information about the action performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuditLogAction>,
    /// Details about the actor who performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<AuditLogActor<OrganizationActorType>>,
    /// Organization related information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<AuditLogOrganization>,
    /// Raw information about the request and response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<AuditLogRaw>,
    /// Details about the affected resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<AuditLogResource>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;

    #[derive(Serialize)]
    struct Both {
        #[serde(flatten)]
        filters: OrganizationAuditLogFilters,
        #[serde(flatten)]
        exclude: Exclude<OrganizationAuditLogFilters>,
    }

    #[test]
    fn exclusions_get_a_not_suffix() {
        let mut both = Both {
            filters: OrganizationAuditLogFilters {
                action_type: vec![ActionType::Create, ActionType::Update],
                ..Default::default()
            },
            exclude: Exclude::default(),
        };
        both.exclude.actor_email.push("a b@example.com".into());
        both.exclude.raw_status_code.push(404);
        let mut query = Query::new();
        query.extend(&both).unwrap();
        assert_eq!(
            query.as_str(),
            "action_type=create&action_type=update&actor_email.not=a%20b%40example.com&raw_status_code.not=404"
        );
    }

    #[test]
    fn empty_filters_send_nothing() {
        let mut query = Query::new();
        query
            .extend(&Exclude(AccountAuditLogFilters::default()))
            .unwrap();
        assert!(query.is_empty());
    }

    #[test]
    fn entries_keep_unknown_actor_types() {
        let entry: OrganizationAuditLog = serde_json::from_str(
            r#"{"id":"x","actor":{"type":"robot","context":"dash"},"resource":{"scope":"zone"}}"#,
        )
        .unwrap();
        let actor = entry.actor.unwrap();
        assert_eq!(
            actor.actor_type,
            Some(OrganizationActorType::Unknown("robot".into()))
        );
        assert_eq!(actor.context, Some(ActorContext::Dash));
        assert_eq!(entry.resource.unwrap().scope, Some("zone".into()));
    }

    #[test]
    fn dates_or_timestamps() {
        let date: DateOrTimestamp = Date::from_ymd(2019, 4, 30).unwrap().into();
        let instant: DateOrTimestamp = Timestamp::parse("2019-04-30T01:12:20Z").into();
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2019-04-30\"");
        assert_eq!(
            serde_json::to_string(&instant).unwrap(),
            "\"2019-04-30T01:12:20Z\""
        );
    }
}
