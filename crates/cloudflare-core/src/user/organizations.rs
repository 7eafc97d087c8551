//! `user.organizations`: organizations the user belongs to (deprecated by the API in favour of
//! the `/accounts` equivalents).
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::organizations};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! #[allow(deprecated)]
//! let leave = organizations::Delete::new("023e105f4ecef8ad9ca31a8372d0c353");
//! assert_eq!(leave.to_request(&config)?.method(), "DELETE");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

// Defines deprecated operations: its own uses of them are not warnings.
#![allow(deprecated)]

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::types::Direction;

crate::string_enum! {
    /// Whether the user is a member of the organization or has an invitation pending.
    pub enum OrganizationStatus {
        /// The user is a member.
        Member = "member",
        /// The user has an invitation pending.
        Invited = "invited",
    }
}

crate::string_enum! {
    /// Field to order organizations by.
    pub enum OrganizationOrder {
        /// The organization's identifier.
        Id = "id",
        /// The organization's name.
        Name = "name",
        /// The user's status in the organization.
        Status = "status",
    }
}

crate::string_enum! {
    /// Whether to match all search requirements or at least one (any).
    pub enum MatchMode {
        /// At least one requirement.
        Any = "any",
        /// Every requirement (the default).
        All = "all",
    }
}

/// An organization the user is associated with (`iam_organization`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// Identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Organization name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Access permissions for this User.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// List of roles that a user has within an organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Whether the user is a member of the organization or has an invitation pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrganizationStatus>,
}

/// The answer to leaving an organization.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOrganization {
    /// Identifier of the organization left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `GET /user/organizations`: organizations the user is associated with (deprecated).
#[deprecated(note = "deprecated in the API schema: see the `organizations` resource")]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// Organization name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Page number of paginated results (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Number of organizations per page (5 to 50, default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Field to order organizations by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<OrganizationOrder>,
    /// Direction to order organizations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Whether to match all search requirements or at least one (any); the API's default is
    /// all.
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_mode: Option<MatchMode>,
    /// Whether the user is a member of the organization or has an invitation pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<OrganizationStatus>,
}

impl List {
    /// Every organization of the user, with the API's defaults.
    pub fn new() -> Self {
        Self::default()
    }
}

/// `GET /user/organizations/{organization_id}`: one organization the user is associated with
/// (deprecated). The schema leaves the result untyped.
#[deprecated(note = "deprecated in the API schema: see the `organizations` resource")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Organization identifier.
    pub organization_id: String,
}

impl Get {
    /// The organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        Get {
            organization_id: organization_id.into(),
        }
    }
}

/// `DELETE /user/organizations/{organization_id}`: leave an organization (deprecated).
///
/// The schema declares this response without the usual envelope (`{"id": ...}` at the top
/// level, no `result`); both that and the enveloped form (`"result": {"id": ...}`) are read.
#[deprecated(note = "deprecated in the API schema: see the `organizations` resource")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Organization identifier.
    pub organization_id: String,
}

impl Delete {
    /// Leaves the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        Delete {
            organization_id: organization_id.into(),
        }
    }
}

crate::operation::operations! {
    List = GET /user/organizations {
        name: "user.organizations.list",
        operation_id: "user'-s-organizations-list-organizations",
        auth: AUTH_KEY,
        deprecated: true,
        idempotent: true,
        query: fields,
        lists: Organization,
        pages: number(page),
    }
    Get = GET /user/organizations/{organization_id} {
        name: "user.organizations.get",
        operation_id: "user'-s-organizations-organization-details",
        auth: AUTH_KEY,
        deprecated: true,
        idempotent: true,
        output: serde_json::Map<String, Value>,
    }
    Delete = DELETE /user/organizations/{organization_id} {
        name: "user.organizations.delete",
        operation_id: "user'-s-organizations-leave-organization",
        auth: AUTH_KEY,
        deprecated: true,
        idempotent: true,
        output: LeftOrganization,
        parse: crate::response::parse_bare_or_enveloped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::operation::Operation;

    fn resp(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn leave_reads_a_bare_id_or_an_envelope() {
        let id = "023e105f4ecef8ad9ca31a8372d0c353";
        let bare = Delete::parse_response(&resp(200, &format!(r#"{{"id":"{id}"}}"#))).unwrap();
        assert_eq!(bare.result.id.as_deref(), Some(id));
        let wrapped = Delete::parse_response(&resp(
            200,
            &format!(
                r#"{{"success":true,"errors":[],"messages":[{{"code":1,"message":"bye"}}],"result":{{"id":"{id}"}}}}"#
            ),
        ))
        .unwrap();
        assert_eq!(wrapped.result.id.as_deref(), Some(id));
        assert_eq!(wrapped.meta.messages[0].message, "bye");
        // An absent result is not an answer (the envelope is not read as the bare result).
        for (status, body) in [
            (
                200,
                r#"{"success":true,"errors":[],"messages":[],"result":null}"#,
            ),
            (204, ""),
        ] {
            let err = Delete::parse_response(&resp(status, body)).unwrap_err();
            assert!(matches!(err, Error::Decode(_)), "{err:?}");
        }
    }

    #[test]
    fn leave_errors_stay_errors() {
        let err = Delete::parse_response(&resp(
            200,
            r#"{"success":false,"errors":[{"code":1003,"message":"nope"}],"messages":[],"result":null}"#,
        ))
        .unwrap_err();
        assert_eq!(err.as_api().unwrap().errors[0].code, 1003);
        let err = Delete::parse_response(&resp(
            404,
            r#"{"success":false,"errors":[{"code":7003,"message":"no"}],"messages":[]}"#,
        ))
        .unwrap_err();
        assert_eq!(err.as_api().unwrap().status, 404);
        match Delete::parse_response(&resp(200, r#"{"id":5}"#)).unwrap_err() {
            Error::Decode(d) => assert_eq!(d.path, "result.id"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn get_result_is_untyped() {
        let r = Get::parse_response(&resp(
            200,
            r#"{"success":true,"errors":[],"messages":[],"result":{"id":"x","n":1}}"#,
        ))
        .unwrap();
        assert_eq!(r.result["n"], 1);
    }
}
