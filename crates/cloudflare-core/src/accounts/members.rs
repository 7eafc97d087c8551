//! `accounts.members`: members of an account, with their roles or policies.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts::members::{self, Access}};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! // Invite someone with a role, then give them policies instead.
//! let invite = members::Create::new("023e105f4ecef8ad9ca31a8372d0c353", "new.member@example.com", Access::roles(["3536bcfad5faccb999b47003c79917fb"]));
//! assert_eq!(invite.to_request(&config)?.body(), br#"{"email":"new.member@example.com","roles":["3536bcfad5faccb999b47003c79917fb"]}"#);
//! let change = members::Update::new("023e105f4ecef8ad9ca31a8372d0c353", "4536bcfad5faccb111b47003c79917fa", Access::roles(["05784afa30c1afe1440e79d9351c7430"]));
//! assert_eq!(change.to_request(&config)?.body(), br#"{"roles":[{"id":"05784afa30c1afe1440e79d9351c7430"}]}"#);
//! let pending = members::List { status: Some(members::MemberStatus::Pending), ..members::List::new("023e105f4ecef8ad9ca31a8372d0c353") };
//! assert_eq!(pending.to_request(&config)?.uri().query(), Some("status=pending"));
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::models::DeletedId;
use crate::models::role::{Permissions, Role};
use crate::types::Direction;

crate::string_enum! {
    /// A member's status in the account.
    pub enum MemberStatus {
        /// The user accepted the invitation.
        Accepted = "accepted",
        /// The invitation is pending.
        Pending = "pending",
        /// The user rejected the invitation (a listing filter).
        Rejected = "rejected",
    }
}

crate::string_enum! {
    /// Status of a new member's invitation. If not provided during creation, defaults to
    /// `pending`.
    pub enum InvitationStatus {
        /// Add the member directly, without an invitation to accept.
        Accepted = "accepted",
        /// Invite the member (the default).
        Pending = "pending",
    }
}

crate::string_enum! {
    /// Field to order members by.
    pub enum MemberOrder {
        /// The user's first name.
        UserFirstName = "user.first_name",
        /// The user's last name.
        UserLastName = "user.last_name",
        /// The user's email address.
        UserEmail = "user.email",
        /// The member's status.
        Status = "status",
    }
}

crate::string_enum! {
    /// Allow or deny operations against the resources.
    pub enum PolicyAccess {
        /// Allow.
        Allow = "allow",
        /// Deny.
        Deny = "deny",
    }
}

/// A member of an account (`iam_member_with_policies`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Membership identifier tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The contact email address of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Access policy for the membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<MemberPolicy>>,
    /// Roles assigned to this Member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Role>>,
    /// A member's status in the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    /// Details of the user associated to the membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<MemberUser>,
}

/// Details of the user associated to a membership.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberUser {
    /// The contact email address of the user.
    #[serde(default)]
    pub email: String,
    /// Identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// User's first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// User's last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Indicates whether two-factor authentication is enabled for the user account. Does not
    /// apply to API authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_authentication_enabled: Option<bool>,
}

/// An access policy of a membership (`iam_list_member_policy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberPolicy {
    /// Policy identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Allow or deny operations against the resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<PolicyAccess>,
    /// A set of permission groups that are specified to the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_groups: Option<Vec<PermissionGroup>>,
    /// A list of resource groups that the policy applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_groups: Option<Vec<ResourceGroup>>,
}

/// A named group of permissions that map to a group of operations against resources
/// (`iam_permission_group`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PermissionGroup {
    /// Identifier of the permission group.
    #[serde(default)]
    pub id: String,
    /// Attributes associated to the permission group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<GroupMeta>,
    /// Name of the permission group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A group of scoped resources (`iam_resource_group`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceGroup {
    /// Identifier of the resource group.
    #[serde(default)]
    pub id: String,
    /// The scope associated to the resource group.
    #[serde(default)]
    pub scope: Vec<Scope>,
    /// Attributes associated to the resource group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<GroupMeta>,
    /// Name of the resource group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Attributes associated to a permission group or a resource group.
///
/// The schema declares `key` and `value`; its examples (and the API) send other attributes
/// such as `label`, `scopes` or `editable`, which are kept in [`GroupMeta::other`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupMeta {
    /// Attribute key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Attribute value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Attributes the schema does not declare, as sent.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A scope: a combination of scope objects which provides additional context (`iam_scope`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// A combination of pre-defined resource name and identifier (like Account ID etc.).
    #[serde(default)]
    pub key: String,
    /// A list of scope objects for additional context.
    #[serde(default)]
    pub objects: Vec<ScopeObject>,
}

/// A scope object: any resource that can have actions applied against it (`iam_scope_object`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeObject {
    /// A combination of pre-defined resource name and identifier (like Zone ID etc.).
    #[serde(default)]
    pub key: String,
}

/// A policy to give a member (`iam_create_member_policy`). The policy `id` is assigned by the
/// API (read-only) and never sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRequest {
    /// Allow or deny operations against the resources.
    pub access: PolicyAccess,
    /// A set of permission groups that are specified to the policy.
    pub permission_groups: Vec<PermissionGroupRef>,
    /// A list of resource groups that the policy applies to.
    pub resource_groups: Vec<ResourceGroupRef>,
}

impl PolicyRequest {
    /// A policy granting (or denying, per `access`) the permission groups on the resource
    /// groups, both given by ID.
    pub fn new<P, R>(
        access: PolicyAccess,
        permission_groups: impl IntoIterator<Item = P>,
        resource_groups: impl IntoIterator<Item = R>,
    ) -> Self
    where
        P: Into<String>,
        R: Into<String>,
    {
        PolicyRequest {
            access,
            permission_groups: permission_groups
                .into_iter()
                .map(PermissionGroupRef::new)
                .collect(),
            resource_groups: resource_groups
                .into_iter()
                .map(ResourceGroupRef::new)
                .collect(),
        }
    }
}

/// A permission group, by ID (`iam_member_permission_group`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PermissionGroupRef {
    /// Identifier of the group.
    pub id: String,
}

impl PermissionGroupRef {
    /// The permission group `id`.
    pub fn new(id: impl Into<String>) -> Self {
        PermissionGroupRef { id: id.into() }
    }
}

/// A resource group, by ID (`iam_member_resource_group`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResourceGroupRef {
    /// Identifier of the group.
    pub id: String,
}

impl ResourceGroupRef {
    /// The resource group `id`.
    pub fn new(id: impl Into<String>) -> Self {
        ResourceGroupRef { id: id.into() }
    }
}

/// A role to assign when updating a member: the role object of the schema (`iam_role`) without
/// its read-only `name` and `description`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRef {
    /// Role identifier tag.
    pub id: String,
    /// The role's permissions. The schema lists them as required on the role object, but the
    /// API assigns roles by ID and the official SDKs send only `id`; sent only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
}

impl RoleRef {
    /// The role `id`.
    pub fn new(id: impl Into<String>) -> Self {
        RoleRef {
            id: id.into(),
            permissions: None,
        }
    }
}

/// The access a member gets: account roles or policies, never both (the schema's `anyOf` of
/// "... with Account Roles" and "... with Policies"), the same for a new member
/// ([`Create`]) and an update ([`Update`]).
///
/// ```
/// use cloudflare_core::accounts::members::{Access, PolicyAccess, PolicyRequest};
///
/// let admin = Access::roles(["3536bcfad5faccb999b47003c79917fb"]);
/// let scoped = Access::policies([PolicyRequest::new(
///     PolicyAccess::Allow,
///     ["c8fed203ed3043cba015a93ad1616f1f"],
///     ["6d7f2f5f5b1d4a0e9081fdc98d432fd1"],
/// )]);
/// # let _ = (admin, scoped);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Account roles, by ID. A new member's roles are sent as IDs, an update's as role
    /// objects (`{"id": ...}`), as the API wants them.
    Roles(Vec<RoleRef>),
    /// Policies.
    Policies(Vec<PolicyRequest>),
}

impl Access {
    /// The account roles with these IDs.
    pub fn roles<S: Into<String>>(ids: impl IntoIterator<Item = S>) -> Self {
        Access::Roles(ids.into_iter().map(RoleRef::new).collect())
    }

    /// These policies.
    pub fn policies(policies: impl IntoIterator<Item = PolicyRequest>) -> Self {
        Access::Policies(policies.into_iter().collect())
    }
}

/// `GET /accounts/{account_id}/members`: list all members of an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct List {
    /// Account identifier.
    #[serde(skip)]
    pub account_id: String,
    /// Field to order results by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<MemberOrder>,
    /// A member's status in the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    /// Page number of paginated results (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Maximum number of results per page (5 to 50, default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Direction to order results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl List {
    /// The members of the account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        List {
            account_id: account_id.into(),
            order: None,
            status: None,
            page: None,
            per_page: None,
            direction: None,
        }
    }
}

/// `GET /accounts/{account_id}/members/{member_id}`: one member of an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Account identifier.
    pub account_id: String,
    /// Membership identifier.
    pub member_id: String,
}

impl Get {
    /// The member `member_id` of the account `account_id`.
    pub fn new(account_id: impl Into<String>, member_id: impl Into<String>) -> Self {
        Get {
            account_id: account_id.into(),
            member_id: member_id.into(),
        }
    }
}

/// `POST /accounts/{account_id}/members`: add a user to the members of an account, with
/// account roles or with policies ([`Access`]).
///
/// ```
/// use cloudflare_core::accounts::members::{self, Access, InvitationStatus};
///
/// let invite = members::Create::new(
///     "023e105f4ecef8ad9ca31a8372d0c353",
///     "new.member@example.com",
///     Access::roles(["3536bcfad5faccb999b47003c79917fb"]),
/// );
/// // Or add them directly, without an invitation to accept:
/// let direct = invite.clone().status(InvitationStatus::Accepted);
/// # let _ = direct;
/// ```
#[doc(alias = "invite")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Create {
    /// Account identifier.
    pub account_id: String,
    /// The contact email address of the user.
    pub email: String,
    /// The roles or the policies of the new member.
    pub access: Access,
    /// Status of the member invitation (default `pending`).
    pub status: Option<InvitationStatus>,
}

impl Create {
    /// Adds the user `email` to the account `account_id` with `access`.
    pub fn new(account_id: impl Into<String>, email: impl Into<String>, access: Access) -> Self {
        Create {
            account_id: account_id.into(),
            email: email.into(),
            access,
            status: None,
        }
    }

    /// Sets the invitation's status: [`InvitationStatus::Accepted`] adds the member directly.
    pub fn status(mut self, status: InvitationStatus) -> Self {
        self.status = Some(status);
        self
    }
}

/// The body: `email`, then `roles` (as role IDs) or `policies`, then `status`.
impl Serialize for Create {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("email", &self.email)?;
        match &self.access {
            Access::Roles(roles) => {
                let ids: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
                map.serialize_entry("roles", &ids)?;
            }
            Access::Policies(policies) => map.serialize_entry("policies", policies)?,
        }
        if let Some(status) = &self.status {
            map.serialize_entry("status", status)?;
        }
        map.end()
    }
}

/// `PUT /accounts/{account_id}/members/{member_id}`: replace a member's roles or policies
/// ([`Access`]).
#[doc(alias = "change role")]
#[doc(alias = "set roles")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// Account identifier.
    #[serde(skip)]
    pub account_id: String,
    /// Membership identifier.
    #[serde(skip)]
    pub member_id: String,
    /// The member's new roles or policies.
    #[serde(flatten)]
    pub access: Access,
}

impl Update {
    /// Gives the member `member_id` of the account `account_id` the access `access`.
    pub fn new(
        account_id: impl Into<String>,
        member_id: impl Into<String>,
        access: Access,
    ) -> Self {
        Update {
            account_id: account_id.into(),
            member_id: member_id.into(),
            access,
        }
    }
}

/// `DELETE /accounts/{account_id}/members/{member_id}`: remove a member from an account.
#[doc(alias = "remove")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Account identifier.
    pub account_id: String,
    /// Membership identifier.
    pub member_id: String,
}

impl Delete {
    /// Removes the member `member_id` from the account `account_id`.
    pub fn new(account_id: impl Into<String>, member_id: impl Into<String>) -> Self {
        Delete {
            account_id: account_id.into(),
            member_id: member_id.into(),
        }
    }
}

crate::operation::operations! {
    List = GET /accounts/{account_id}/members {
        name: "accounts.members.list",
        operation_id: "account-members-list-members",
        auth: AUTH_KEY,
        idempotent: true,
        query: fields,
        lists: Member,
        pages: number(page),
    }
    Get = GET /accounts/{account_id}/members/{member_id} {
        name: "accounts.members.get",
        operation_id: "account-members-member-details",
        auth: AUTH_KEY,
        idempotent: true,
        output: Member,
    }
    Create = POST /accounts/{account_id}/members {
        name: "accounts.members.create",
        operation_id: "account-members-add-member",
        auth: AUTH_KEY,
        idempotent: false,
        body: fields,
        output: Member,
    }
    Update = PUT /accounts/{account_id}/members/{member_id} {
        name: "accounts.members.update",
        operation_id: "account-members-update-member",
        auth: AUTH_KEY,
        idempotent: true,
        body: fields,
        output: Member,
    }
    Delete = DELETE /accounts/{account_id}/members/{member_id} {
        name: "accounts.members.delete",
        operation_id: "account-members-remove-member",
        auth: AUTH_KEY,
        idempotent: true,
        output: Option<DeletedId>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;
    use serde_json::{Value, json};

    fn body<O: Operation>(op: &O) -> Value {
        serde_json::from_slice(&op.body().unwrap().unwrap()).unwrap()
    }

    #[test]
    fn create_by_roles_or_by_policies() {
        let by_roles = Create::new(
            "acc",
            "user@example.com",
            Access::roles(["3536bcfad5faccb999b47003c79917fb"]),
        );
        assert_eq!(
            body(&by_roles),
            json!({"email": "user@example.com", "roles": ["3536bcfad5faccb999b47003c79917fb"]})
        );
        let by_policies = Create {
            status: Some(InvitationStatus::Accepted),
            ..Create::new(
                "acc",
                "user@example.com",
                Access::Policies(vec![PolicyRequest::new(
                    PolicyAccess::Allow,
                    ["c8fed203ed3043cba015a93ad1616f1f"],
                    ["6d7f2f5f5b1d4a0e9081fdc98d432fd1"],
                )]),
            )
        };
        assert_eq!(
            body(&by_policies),
            json!({
                "email": "user@example.com",
                "policies": [{
                    "access": "allow",
                    "permission_groups": [{"id": "c8fed203ed3043cba015a93ad1616f1f"}],
                    "resource_groups": [{"id": "6d7f2f5f5b1d4a0e9081fdc98d432fd1"}],
                }],
                "status": "accepted",
            })
        );
    }

    #[test]
    fn update_by_roles_or_by_policies() {
        let by_roles = Update::new(
            "acc",
            "mem",
            Access::Roles(vec![RoleRef::new("3536bcfad5faccb999b47003c79917fb")]),
        );
        assert_eq!(
            body(&by_roles),
            json!({"roles": [{"id": "3536bcfad5faccb999b47003c79917fb"}]})
        );
        let by_policies = Update::new(
            "acc",
            "mem",
            Access::Policies(vec![PolicyRequest::new(
                PolicyAccess::Deny,
                ["p"],
                Vec::<String>::new(),
            )]),
        );
        assert_eq!(
            body(&by_policies),
            json!({"policies": [{"access": "deny", "permission_groups": [{"id": "p"}], "resource_groups": []}]})
        );
    }

    #[test]
    fn group_meta_keeps_undeclared_attributes() {
        let group: PermissionGroup = serde_json::from_str(
            r#"{"id":"g","meta":{"label":"fbm_user","scopes":"com.cloudflare.api.account"},"name":"N"}"#,
        )
        .unwrap();
        let meta = group.meta.unwrap();
        assert_eq!(meta.key, None);
        assert_eq!(meta.other["label"], "fbm_user");
    }

    #[test]
    fn delete_reads_null_result() {
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":null}"#.to_vec(),
        );
        assert_eq!(Delete::parse_response(&response).unwrap().result, None);
    }
}
