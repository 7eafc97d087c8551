//! `user.invites`: invitations to join accounts.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::invites};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let accept = invites::Edit::accept("4f5f0c14a2a41d5063dd301b2f829f04");
//! assert_eq!(accept.to_request(&config)?.body(), br#"{"status":"accepted"}"#);
//! let all = invites::List::new();
//! assert_eq!(all.to_request(&config)?.uri().path(), "/client/v4/user/invites");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

crate::string_enum! {
    /// Current status of an invitation.
    pub enum InviteStatus {
        /// Waiting for an answer.
        Pending = "pending",
        /// Accepted.
        Accepted = "accepted",
        /// Rejected.
        Rejected = "rejected",
        /// No longer active.
        Expired = "expired",
    }
}

crate::string_enum! {
    /// Status of your response to an invitation (rejected or accepted).
    pub enum InviteAnswer {
        /// Accept the invitation.
        Accepted = "accepted",
        /// Reject the invitation.
        Rejected = "rejected",
    }
}

/// An invitation of the user to join an account (`iam_user_invite`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// Invite identifier tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// ID of the user to add to the organization (required by the schema, but may be `null`).
    #[serde(default)]
    pub invited_member_id: Option<String>,
    /// ID of the organization the user will be added to.
    #[serde(default)]
    pub organization_id: String,
    /// When the invite is no longer active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Timestamp>,
    /// The email address of the user who created the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_by: Option<String>,
    /// Email address of the user to add to the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_member_email: Option<String>,
    /// When the invite was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_on: Option<Timestamp>,
    /// Whether the organization requires two-factor authentication of its members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_is_enforcing_twofactor: Option<bool>,
    /// Organization name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// List of role names the membership has for this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Current status of the invitation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InviteStatus>,
}

/// `GET /user/invites`: all invitations associated with the user. One page, no paging
/// parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct List;

impl List {
    /// Every invitation of the user.
    pub fn new() -> Self {
        List
    }
}

/// `GET /user/invites/{invite_id}`: the details of an invitation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Invite identifier.
    pub invite_id: String,
}

impl Get {
    /// The invitation `invite_id`.
    pub fn new(invite_id: impl Into<String>) -> Self {
        Get {
            invite_id: invite_id.into(),
        }
    }
}

/// `PATCH /user/invites/{invite_id}`: respond to an invitation.
#[doc(alias = "accept")]
#[doc(alias = "reject")]
#[doc(alias = "respond")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Invite identifier.
    #[serde(skip)]
    pub invite_id: String,
    /// Status of your response to the invitation (rejected or accepted).
    pub status: InviteAnswer,
}

impl Edit {
    /// Accepts the invitation `invite_id`.
    pub fn accept(invite_id: impl Into<String>) -> Self {
        Edit::new(invite_id, InviteAnswer::Accepted)
    }

    /// Rejects the invitation `invite_id`.
    pub fn reject(invite_id: impl Into<String>) -> Self {
        Edit::new(invite_id, InviteAnswer::Rejected)
    }

    /// Answers the invitation `invite_id` with `status`.
    pub fn new(invite_id: impl Into<String>, status: InviteAnswer) -> Self {
        Edit {
            invite_id: invite_id.into(),
            status,
        }
    }
}

crate::operation::operations! {
    List = GET /user/invites {
        name: "user.invites.list",
        operation_id: "user'-s-invites-list-invitations",
        auth: AUTH_KEY,
        idempotent: true,
        lists: Invite,
        pages: single,
    }
    Get = GET /user/invites/{invite_id} {
        name: "user.invites.get",
        operation_id: "user'-s-invites-invitation-details",
        auth: AUTH_KEY,
        idempotent: true,
        output: Invite,
    }
    Edit = PATCH /user/invites/{invite_id} {
        name: "user.invites.edit",
        operation_id: "user'-s-invites-respond-to-invitation",
        auth: AUTH_KEY,
        idempotent: false,
        body: fields,
        output: Invite,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invited_member_id_may_be_null() {
        let invite: Invite = serde_json::from_str(
            r#"{"invited_member_id":null,"organization_id":"o","status":"expired"}"#,
        )
        .unwrap();
        assert_eq!(invite.invited_member_id, None);
        assert_eq!(invite.status, Some(InviteStatus::Expired));
        // Required-but-nullable: written back as `null`, not left out.
        assert_eq!(
            serde_json::to_value(&invite).unwrap()["invited_member_id"],
            serde_json::Value::Null
        );
    }
}
