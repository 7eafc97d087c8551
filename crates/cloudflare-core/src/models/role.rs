//! Roles of an account and their permissions, shared by `accounts.roles` and `accounts.members`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A role of an account (`iam_role`): a named set of permissions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// Role identifier tag.
    #[serde(default)]
    pub id: String,
    /// Role name.
    #[serde(default)]
    pub name: String,
    /// Description of role's permissions.
    #[serde(default)]
    pub description: String,
    /// What the role may read and write, by area.
    #[serde(default)]
    pub permissions: Permissions,
}

/// The permissions of a role, by area (`iam_permissions`).
///
/// The schema names twelve areas; the API sends more, which are kept in [`Permissions::other`],
/// so the whole map survives a round trip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    /// Analytics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<Grants>,
    /// Billing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<Grants>,
    /// Cache purge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_purge: Option<Grants>,
    /// DNS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<Grants>,
    /// DNS records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_records: Option<Grants>,
    /// Load balancing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lb: Option<Grants>,
    /// Logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs: Option<Grants>,
    /// The organization (account) itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Grants>,
    /// SSL/TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl: Option<Grants>,
    /// Web application firewall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waf: Option<Grants>,
    /// Zone settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_settings: Option<Grants>,
    /// Zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Grants>,
    /// Areas the schema does not name, by the API's key.
    #[serde(flatten)]
    pub other: BTreeMap<String, Grants>,
}

/// Read and write access to one area (`iam_grants`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grants {
    /// Read access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<bool>,
    /// Write access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write: Option<bool>,
}
