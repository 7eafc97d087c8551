//! Organizations, shared by `organizations` and `accounts.organizations`.

use serde::{Deserialize, Serialize};

use crate::models::profile::Profile;
use crate::types::Timestamp;

/// An organization in the Cloudflare data model (`organizations-api_Organization`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// Organization identifier.
    #[serde(default)]
    pub id: String,
    /// Organization name.
    #[serde(default)]
    pub name: String,
    /// When the organization was created (required by the schema; `None` only if the API
    /// left it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<Timestamp>,
    /// Read-only metadata: feature flags, hierarchy, manager.
    #[serde(default)]
    pub meta: OrganizationMeta,
    /// The parent organization, for a sub-organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Parent>,
    /// The organization's business profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

/// Read-only metadata of an organization.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganizationMeta {
    /// Enable features for Organizations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<OrganizationFlags>,
    /// Ordered chain of organization tags from the root organization down to (and including)
    /// this organization itself. Root organizations return a single-element array containing
    /// their own tag; sub-organizations return `[rootTag, ...intermediateTags, parentTag,
    /// selfTag]`. Useful for constructing authorization scopes that need to cover every
    /// ancestor in the hierarchy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hierarchy_tags: Option<Vec<String>>,
    /// Who manages the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    /// Any other metadata the API sent (the schema allows additional properties).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// Enable features for Organizations (`organizations-api_OrganizationFlags`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationFlags {
    /// Account creation in the organization.
    #[serde(default)]
    pub account_creation: String,
    /// Account deletion in the organization.
    #[serde(default)]
    pub account_deletion: String,
    /// Account migration into or out of the organization.
    #[serde(default)]
    pub account_migration: String,
    /// Account mobility between organizations.
    #[serde(default)]
    pub account_mobility: String,
    /// Creation of sub-organizations.
    #[serde(default)]
    pub sub_org_creation: String,
}

/// The parent of an organization, as the API reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parent {
    /// Identifier of the parent organization.
    #[serde(default)]
    pub id: String,
    /// Name of the parent organization (read-only).
    #[serde(default)]
    pub name: String,
}
