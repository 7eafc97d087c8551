//! `user.audit_logs`: the user's audit logs (version 1, page-number).
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::audit_logs};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let list = audit_logs::List { per_page: Some(50), ..Default::default() };
//! assert_eq!(list.to_request(&config)?.uri().query(), Some("per_page=50"));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::models::audit_log::DateOrTimestamp;
use crate::types::{Direction, Timestamp};

crate::string_enum! {
    /// The type of actor of a user audit-log entry.
    pub enum AuditLogActorType {
        /// A user.
        User = "user",
        /// A Cloudflare administrator.
        Admin = "admin",
        /// An automated Cloudflare system.
        Cloudflare = "Cloudflare",
    }
}

/// The action of a user audit-log entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogAction {
    /// Whether the action attempted was successful.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<bool>,
    /// A short string that describes the action that was performed.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub action_type: Option<String>,
}

/// The actor of a user audit-log entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogActor {
    /// The email of the user that performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The ID of the actor that performed the action. If a user performed the action, this will
    /// be their User ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The IP address of the request that performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The type of actor, whether a User, Cloudflare Admin, or an Automated System.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub actor_type: Option<AuditLogActorType>,
}

/// The owner of a user audit-log entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogOwner {
    /// Identifier of the owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// The resource a user audit-log entry is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogResource {
    /// An identifier for the resource that was affected by the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A short string that describes the resource that was affected by the action.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
}

/// A user audit-log entry, version 1 (`aaa_audit-logs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditLog {
    /// A string that uniquely identifies the audit log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The action performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuditLogAction>,
    /// Who performed the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<AuditLogActor>,
    /// The source of the event (e.g. `API`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
    /// An object which can lend more context to the action being logged. This is a flexible
    /// value and varies between different actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// The new value of the resource that was modified.
    #[serde(default, rename = "newValue", skip_serializing_if = "Option::is_none")]
    pub new_value: Option<String>,
    /// The new value as JSON (sent by the API, not declared in the schema).
    #[serde(
        default,
        rename = "newValueJson",
        skip_serializing_if = "Option::is_none"
    )]
    pub new_value_json: Option<serde_json::Value>,
    /// The value of the resource before it was modified.
    #[serde(default, rename = "oldValue", skip_serializing_if = "Option::is_none")]
    pub old_value: Option<String>,
    /// The old value as JSON (sent by the API, not declared in the schema).
    #[serde(
        default,
        rename = "oldValueJson",
        skip_serializing_if = "Option::is_none"
    )]
    pub old_value_json: Option<serde_json::Value>,
    /// The owner of the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<AuditLogOwner>,
    /// The resource that was affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<AuditLogResource>,
    /// A UTC RFC3339 timestamp that specifies when the action being logged occurred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Timestamp>,
}

/// `GET /user/audit_logs`: the user's audit logs, filtered by who made the change, on which
/// zone, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// Finds a specific log by its ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Asks for an export of logs in CSV format. The API then answers CSV, which this
    /// operation's JSON parser does not read: send it and read the body yourself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<bool>,
    /// Filters by the action type (`action.type`).
    #[serde(rename = "action.type", skip_serializing_if = "Option::is_none")]
    pub action_type: Option<String>,
    /// Filters by the IP address (or CIDR range) of the request that made the change
    /// (`actor.ip`).
    #[serde(rename = "actor.ip", skip_serializing_if = "Option::is_none")]
    pub actor_ip: Option<String>,
    /// Filters by the email address of the actor that made the change (`actor.email`).
    #[serde(rename = "actor.email", skip_serializing_if = "Option::is_none")]
    pub actor_email: Option<String>,
    /// Limits the results to logs newer than this date or instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<DateOrTimestamp>,
    /// Limits the results to logs older than this date or instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<DateOrTimestamp>,
    /// Filters by the name of the zone associated to the change (`zone.name`).
    #[serde(rename = "zone.name", skip_serializing_if = "Option::is_none")]
    pub zone_name: Option<String>,
    /// Direction of the chronological sorting (the API's default: descending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Number of results per page (1 to 1000, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Page of results to return (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Whether to hide user level audit logs (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_user_logs: Option<bool>,
}

crate::operation::operations! {
    List = GET /user/audit_logs {
        name: "user.audit_logs.list",
        operation_id: "audit-logs-get-user-audit-logs",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        nullable_result: true,
        query: fields,
        lists: AuditLog,
        pages: number(page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;

    #[test]
    fn entries_parse_with_json_values() {
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":[{"id":"d5b0",
                "action":{"result":true,"type":"change_setting"},
                "actor":{"email":"m@example.com","type":"Cloudflare"},
                "newValue":"low","newValueJson":{"level":"low"},"oldValueJson":null,
                "owner":{"id":"023e"},"when":"2017-04-26T17:31:07Z"}]}"#
                .to_vec(),
        );
        let logs = List::parse_response(&response).unwrap().result;
        assert_eq!(logs.len(), 1);
        let log = &logs.items[0];
        assert_eq!(
            log.actor.as_ref().unwrap().actor_type,
            Some(AuditLogActorType::Cloudflare)
        );
        assert_eq!(log.new_value.as_deref(), Some("low"));
        assert_eq!(
            log.new_value_json,
            Some(serde_json::json!({"level": "low"}))
        );
        assert_eq!(log.old_value_json, None);
        assert_eq!(log.action.as_ref().unwrap().result, Some(true));
    }
}
