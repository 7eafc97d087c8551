//! `organizations.members`: members of an organization.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, organizations::members};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let add = members::Create::new("a7b35cbbef7a4e5db20d2d3fcb1e4a42", "new.member@example.com");
//! assert_eq!(add.to_request(&config)?.body(), br#"{"member":{"user":{"email":"new.member@example.com"}}}"#);
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

crate::string_enum! {
    /// The status of an organization membership.
    pub enum MemberStatus {
        /// The membership is active.
        Active = "active",
        /// The membership awaits the user's answer.
        Pending = "pending",
        /// The user rejected the membership.
        Rejected = "rejected",
        /// The membership was canceled.
        Canceled = "canceled",
    }
}

crate::string_enum! {
    /// The status a new organization membership is created with.
    pub enum NewMemberStatus {
        /// An active membership.
        Active = "active",
        /// A canceled membership.
        Canceled = "canceled",
    }
}

/// A membership of an organization (`organizations-api_Member`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Organization Member ID.
    #[serde(default)]
    pub id: String,
    /// The membership status.
    #[serde(default)]
    pub status: MemberStatus,
    /// The member user.
    #[serde(default)]
    pub user: MemberUser,
    /// Free-form metadata of the membership.
    #[serde(default)]
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// When the membership was created (required by the schema; `None` only if the API left
    /// it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<Timestamp>,
    /// When the membership was last updated (required by the schema; `None` only if the API
    /// left it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<Timestamp>,
}

/// The user of an organization membership (`organizations-api_MemberSubjectUser`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberUser {
    /// User identifier.
    #[serde(default)]
    pub id: String,
    /// The user's email address.
    #[serde(default)]
    pub email: String,
    /// The user's name.
    #[serde(default)]
    pub name: String,
    /// Whether the user has Two-Factor Authentication enabled.
    #[serde(default)]
    pub two_factor_authentication_enabled: bool,
}

/// `GET /organizations/{organization_id}/members`: the memberships of an organization (beta).
/// Cursor-paginated with `page_token` / `page_size`; filters must stay the same across pages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// Organization identifier (path).
    #[serde(skip)]
    pub organization_id: String,
    /// Only memberships with one of these statuses (sent as repeated `status` keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Vec<MemberStatus>>,
    /// Only memberships of this email address (`user.email`).
    #[serde(rename = "user.email", skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// Only memberships whose email contains this substring (`user.email.contains`).
    #[serde(
        rename = "user.email.contains",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_email_contains: Option<String>,
    /// Only memberships whose email starts with this substring (`user.email.startsWith`).
    #[serde(
        rename = "user.email.startsWith",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_email_starts_with: Option<String>,
    /// Only memberships whose email ends with this substring (`user.email.endsWith`).
    #[serde(
        rename = "user.email.endsWith",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_email_ends_with: Option<String>,
    /// The opaque token of the page to fetch, from the previous page's `next_page_token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    /// Items per page (0 to 1000, default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl List {
    /// The memberships of the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        List {
            organization_id: organization_id.into(),
            ..List::default()
        }
    }
}

/// `GET /organizations/{organization_id}/members/{member_id}`: one membership of an
/// organization (beta).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Organization identifier.
    pub organization_id: String,
    /// Organization Member ID.
    pub member_id: String,
}

impl Get {
    /// The membership `member_id` of the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>, member_id: impl Into<String>) -> Self {
        Get {
            organization_id: organization_id.into(),
            member_id: member_id.into(),
        }
    }
}

/// The user of a new membership, named by email address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMemberUser {
    /// The user's email address.
    pub email: String,
}

/// A membership to create (`organizations-api_CreateSingleMember`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMember {
    /// The user to add.
    pub user: NewMemberUser,
    /// The status to create the membership with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<NewMemberStatus>,
}

impl NewMember {
    /// A membership for the user with the address `email`.
    pub fn new(email: impl Into<String>) -> Self {
        NewMember {
            user: NewMemberUser {
                email: email.into(),
            },
            status: None,
        }
    }
}

/// `POST /organizations/{organization_id}/members`: create a membership that grants access to
/// an organization (beta). The body is `{"member": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Create {
    /// Organization identifier (path).
    #[serde(skip)]
    pub organization_id: String,
    /// The membership to create.
    pub member: NewMember,
}

impl Create {
    /// Adds the user with the address `email` to the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>, email: impl Into<String>) -> Self {
        Create {
            organization_id: organization_id.into(),
            member: NewMember::new(email),
        }
    }
}

/// `DELETE /organizations/{organization_id}/members/{member_id}`: delete a membership of an
/// organization (beta). The API answers 204 with no body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Organization identifier.
    pub organization_id: String,
    /// Organization Member ID.
    pub member_id: String,
}

impl Delete {
    /// Deletes the membership `member_id` of the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>, member_id: impl Into<String>) -> Self {
        Delete {
            organization_id: organization_id.into(),
            member_id: member_id.into(),
        }
    }
}

crate::operation::operations! {
    List = GET /organizations/{organization_id}/members {
        name: "organizations.members.list",
        operation_id: "Members_list",
        auth: AUTH_KEY,
        idempotent: true,
        query: fields,
        lists: Member,
        pages: cursor(page_token),
    }
    Get = GET /organizations/{organization_id}/members/{member_id} {
        name: "organizations.members.get",
        operation_id: "Members_retrieve",
        auth: AUTH_KEY,
        idempotent: true,
        output: Member,
    }
    Create = POST /organizations/{organization_id}/members {
        name: "organizations.members.create",
        operation_id: "Members_create",
        auth: AUTH_KEY,
        idempotent: false,
        body: fields,
        output: Member,
    }
    Delete = DELETE /organizations/{organization_id}/members/{member_id} {
        name: "organizations.members.delete",
        operation_id: "Members_delete",
        auth: AUTH_KEY,
        idempotent: true,
        output: (),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;
    use crate::query::Query;

    #[test]
    fn the_create_body_nests_the_member() {
        let op = Create {
            member: NewMember {
                status: Some(NewMemberStatus::Active),
                ..NewMember::new("a@example.com")
            },
            ..Create::new("org", "ignored@example.com")
        };
        let body: serde_json::Value = serde_json::from_slice(&op.body().unwrap().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"member": {"user": {"email": "a@example.com"}, "status": "active"}})
        );
        let minimal: serde_json::Value =
            serde_json::from_slice(&Create::new("org", "b@example.com").body().unwrap().unwrap())
                .unwrap();
        assert_eq!(
            minimal,
            serde_json::json!({"member": {"user": {"email": "b@example.com"}}})
        );
    }

    #[test]
    fn delete_reads_an_empty_204() {
        let response = http::Response::builder()
            .status(204)
            .body(&b""[..])
            .unwrap();
        let parsed = Delete::parse_response(&response).unwrap();
        assert_eq!(parsed.meta.status, 204);
    }

    #[test]
    fn statuses_are_repeated_keys() {
        let op = List {
            status: Some(vec![MemberStatus::Active, MemberStatus::Pending]),
            user_email: Some("a b@example.com".into()),
            ..List::new("org")
        };
        let mut query = Query::new();
        op.query(&mut query).unwrap();
        assert_eq!(
            query.as_str(),
            "status=active&status=pending&user.email=a%20b%40example.com"
        );
    }
}
