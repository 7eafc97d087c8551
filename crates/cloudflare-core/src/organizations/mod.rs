//! `organizations`: organizations, their profile, members, accounts and audit logs.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, organizations};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let create = organizations::Create::new("Acme");
//! assert_eq!(create.to_request(&config)?.method(), "POST");
//! let read = organizations::Get::new("a7b35cbbef7a4e5db20d2d3fcb1e4a42");
//! assert_eq!(read.to_request(&config)?.uri().path(), "/client/v4/organizations/a7b35cbbef7a4e5db20d2d3fcb1e4a42");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::models::profile::Profile;

pub mod accounts;
pub mod logs;
pub mod members;
pub mod profile;

pub use crate::models::organization::{Organization, OrganizationFlags, OrganizationMeta, Parent};

/// The parent of an organization in a create or update request: only its ID is sent
/// (the parent's `name` is read-only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentRef {
    /// Identifier of the parent organization.
    pub id: String,
}

impl ParentRef {
    /// The organization `id`.
    pub fn new(id: impl Into<String>) -> Self {
        ParentRef { id: id.into() }
    }
}

/// The `result` of deleting an organization (`organizations-api_DeleteOrganizationResponse`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedOrganization {
    /// Identifier of the deleted organization.
    #[serde(default)]
    pub id: String,
}

/// `POST /organizations`: create a new organization for a user (beta). The read-only fields of
/// the schema's body (`id`, `create_time`, `meta`) are never sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Create {
    /// Organization name.
    pub name: String,
    /// The parent organization, to create a sub-organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ParentRef>,
    /// The organization's business profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

impl Create {
    /// An organization named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Create {
            name: name.into(),
            parent: None,
            profile: None,
        }
    }
}

/// `GET /organizations/{organization_id}`: the details of an organization (beta).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// The ID of the organization to retrieve.
    pub organization_id: String,
}

impl Get {
    /// Details of the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        Get {
            organization_id: organization_id.into(),
        }
    }
}

/// `PUT /organizations/{organization_id}`: modify an organization (beta). The API currently
/// only accepts updates to `name`. Read-only fields (`id`, `create_time`, `meta`) are never sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// The ID of the organization to modify (path).
    #[serde(skip)]
    pub organization_id: String,
    /// Organization name.
    pub name: String,
    /// The parent organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ParentRef>,
    /// The organization's business profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

impl Update {
    /// Renames the organization `organization_id` to `name`.
    pub fn new(organization_id: impl Into<String>, name: impl Into<String>) -> Self {
        Update {
            organization_id: organization_id.into(),
            name: name.into(),
            parent: None,
            profile: None,
        }
    }
}

/// `DELETE /organizations/{organization_id}`: delete an organization (beta). It must be empty:
/// no sub-organizations, accounts, members or users. Restricted to enterprise organizations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// The ID of the organization to delete.
    pub organization_id: String,
}

impl Delete {
    /// Deletes the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        Delete {
            organization_id: organization_id.into(),
        }
    }
}

crate::operation::operations! {
    Get = GET /organizations/{organization_id} {
        name: "organizations.get",
        operation_id: "Organizations_retrieve",
        auth: AUTH_KEY,
        idempotent: true,
        output: Organization,
    }
    Create = POST /organizations {
        name: "organizations.create",
        operation_id: "Organizations_createUserOrganization",
        auth: AUTH_KEY,
        idempotent: false,
        body: fields,
        output: Organization,
    }
    Update = PUT /organizations/{organization_id} {
        name: "organizations.update",
        operation_id: "Organizations_modify",
        auth: AUTH_KEY,
        idempotent: true,
        body: fields,
        output: Organization,
    }
    Delete = DELETE /organizations/{organization_id} {
        name: "organizations.delete",
        operation_id: "Organizations_delete",
        auth: AUTH_KEY,
        idempotent: true,
        output: DeletedOrganization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;

    #[test]
    fn read_only_fields_are_never_sent() {
        let op = Update {
            parent: Some(ParentRef::new("p")),
            ..Update::new("org", "Renamed")
        };
        let body: serde_json::Value = serde_json::from_slice(&op.body().unwrap().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "Renamed", "parent": {"id": "p"}})
        );
    }

    #[test]
    fn extra_metadata_is_kept() {
        let org: Organization = serde_json::from_str(
            r#"{"id":"o","name":"n","create_time":"2024-01-01T00:00:00Z",
                "meta":{"managed_by":"x","future":{"a":1}}}"#,
        )
        .unwrap();
        assert_eq!(org.meta.managed_by.as_deref(), Some("x"));
        assert_eq!(org.meta.other["future"]["a"], 1);
        assert!(org.create_time.unwrap().get().is_some());
    }
}
