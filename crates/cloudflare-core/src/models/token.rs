//! API tokens, their policies and permission groups, shared by `user.tokens` and `accounts.tokens`.
//!
//! ```
//! use cloudflare_core::models::token::{Effect, Policy, TokenBody};
//!
//! // Read access to every zone of one account.
//! let policy = Policy::new(Effect::Allow)
//!     .with_permission_group("c8fed203ed3043cba015a93ad1616f1f")
//!     .with_resource(
//!         "com.cloudflare.api.account.023e105f4ecef8ad9ca31a8372d0c353",
//!         [("com.cloudflare.api.account.zone.*", "*")],
//!     );
//! let body = TokenBody::new("readonly token").policy(policy);
//! assert_eq!(body.policies.len(), 1);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::Secret;
use crate::types::Timestamp;

crate::string_enum! {
    /// Status of the token (`iam_token_status`).
    pub enum TokenStatus {
        /// The token can be used.
        Active = "active",
        /// The token was disabled and cannot be used.
        Disabled = "disabled",
        /// The token is past its `expires_on`.
        Expired = "expired",
    }
}

crate::string_enum! {
    /// Allow or deny operations against the resources (`iam_effect`).
    pub enum Effect {
        /// The policy grants its permission groups on its resources.
        Allow = "allow",
        /// The policy withholds its permission groups on its resources.
        Deny = "deny",
    }
}

crate::string_enum! {
    /// A resource kind to which a permission group is scoped.
    pub enum PermissionGroupScope {
        /// Account-level resources.
        Account = "com.cloudflare.api.account",
        /// Zones of an account.
        AccountZone = "com.cloudflare.api.account.zone",
        /// The user.
        User = "com.cloudflare.api.user",
        /// R2 buckets.
        R2Bucket = "com.cloudflare.edge.r2.bucket",
    }
}

crate::string_enum! {
    /// Product category that a permission group belongs to.
    pub enum PermissionGroupCategory {
        /// Developer platform (Workers, KV, ...).
        DeveloperPlatform = "developer_platform",
        /// AI and machine learning.
        AiAndMachineLearning = "ai_and_machine_learning",
        /// DNS and zones.
        DnsAndZones = "dns_and_zones",
        /// Application security.
        AppSecurity = "app_security",
        /// Rules and configuration.
        RulesAndConfiguration = "rules_and_configuration",
        /// Cloudflare One and Zero Trust.
        CloudflareOneAndZeroTrust = "cloudflare_one_and_zero_trust",
        /// Analytics and logs.
        AnalyticsAndLogs = "analytics_and_logs",
        /// Network services.
        NetworkServices = "network_services",
        /// Media.
        Media = "media",
        /// Email and messaging.
        EmailAndMessaging = "email_and_messaging",
        /// Cache and performance.
        CacheAndPerformance = "cache_and_performance",
        /// Account and billing.
        AccountAndBilling = "account_and_billing",
        /// Anything else.
        Other = "other",
    }
}

/// Conditions a request must meet to be accepted with the token (`iam_condition`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// Client IP restrictions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_ip: Option<RequestIp>,
}

impl Condition {
    /// Accepts requests only from these CIDRs (IPv4 or IPv6). See also
    /// [`TokenBody::allow_ips`] and [`TokenBody::deny_ips`].
    pub fn allow_ips<S: Into<String>>(cidrs: impl IntoIterator<Item = S>) -> Self {
        Condition::request_ip(cidrs, Vec::<String>::new())
    }

    /// Refuses requests from these CIDRs (IPv4 or IPv6).
    pub fn deny_ips<S: Into<String>>(cidrs: impl IntoIterator<Item = S>) -> Self {
        Condition::request_ip(Vec::<String>::new(), cidrs)
    }

    /// Accepts requests only from `allowed` CIDRs (IPv4 or IPv6), none from `not_in`. For one
    /// of the two alone, [`Condition::allow_ips`] / [`Condition::deny_ips`].
    pub fn request_ip(
        allowed: impl IntoIterator<Item = impl Into<String>>,
        not_in: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        let list = |cidrs: Vec<String>| (!cidrs.is_empty()).then_some(cidrs);
        Condition {
            request_ip: Some(RequestIp {
                allowed: list(allowed.into_iter().map(Into::into).collect()),
                not_in: list(not_in.into_iter().map(Into::into).collect()),
            }),
        }
    }
}

/// Client IP restrictions (`iam_request_ip`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestIp {
    /// List of IPv4/IPv6 CIDR addresses the token may be used from (JSON `in`).
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// List of IPv4/IPv6 CIDR addresses the token may not be used from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in: Option<Vec<String>>,
}

/// A named group of permissions that map to a group of operations against resources
/// (`iam_permission_group`), as it appears in a policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PermissionGroup {
    /// Identifier of the permission group.
    #[serde(default)]
    pub id: String,
    /// Attributes associated to the permission group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<PermissionGroupMeta>,
    /// Name of the permission group (read-only: set by the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl PermissionGroup {
    /// A reference to the permission group `id` (see `permission_groups::List` for the IDs).
    pub fn new(id: impl Into<String>) -> Self {
        PermissionGroup {
            id: id.into(),
            meta: None,
            name: None,
        }
    }
}

/// Attributes associated to a permission group.
///
/// The schema declares `key` and `value`, while its own examples show other attributes
/// (`label`, `scopes`); those are kept in [`PermissionGroupMeta::other`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PermissionGroupMeta {
    /// Attribute key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Attribute value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Any other attribute the API sent, as sent.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// What a policy grants on one resource: a permission string (usually `"*"`) or, for an
/// account, a nested map of its own resources (`iam_resources`).
///
/// The schema allows either `{"com.cloudflare.api.account.zone.*": "*"}` or
/// `{"com.cloudflare.api.account.<id>": {"com.cloudflare.api.account.zone.*": "*"}}`;
/// both read per entry, so a mix of the two reads too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Resource {
    /// Simple permission string like `"*"`.
    Permission(String),
    /// Nested permission object: resource name to permission string.
    Nested(BTreeMap<String, String>),
    /// Any other shape, kept as sent (never produced by the documented API).
    Other(Value),
}

impl Resource {
    /// The permission string, for a simple entry.
    pub fn as_permission(&self) -> Option<&str> {
        match self {
            Resource::Permission(p) => Some(p),
            _ => None,
        }
    }

    /// The nested map, for a nested entry.
    pub fn as_nested(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            Resource::Nested(map) => Some(map),
            _ => None,
        }
    }
}

impl From<&str> for Resource {
    fn from(value: &str) -> Self {
        Resource::Permission(value.to_owned())
    }
}

impl From<String> for Resource {
    fn from(value: String) -> Self {
        Resource::Permission(value)
    }
}

impl From<BTreeMap<String, String>> for Resource {
    fn from(value: BTreeMap<String, String>) -> Self {
        Resource::Nested(value)
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for Resource {
    fn from(entries: [(K, V); N]) -> Self {
        Resource::Nested(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// An access policy of a token (`iam_policy_with_permission_groups_and_resources`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Policy identifier. Set by the API; empty (and then not sent) for a new policy.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Allow or deny operations against the resources.
    #[serde(default)]
    pub effect: Effect,
    /// A set of permission groups that are specified to the policy.
    #[serde(default)]
    pub permission_groups: Vec<PermissionGroup>,
    /// A list of resource names that the policy applies to.
    #[serde(default)]
    pub resources: BTreeMap<String, Resource>,
}

impl Policy {
    /// A new policy with no permission groups and no resources yet.
    pub fn new(effect: Effect) -> Self {
        Policy {
            effect,
            ..Policy::default()
        }
    }

    /// Adds the permission group `id`.
    pub fn with_permission_group(mut self, id: impl Into<String>) -> Self {
        self.permission_groups.push(PermissionGroup::new(id));
        self
    }

    /// Adds (or replaces) the resource `name` with a permission string (`"*"`) or a nested map.
    pub fn with_resource(mut self, name: impl Into<String>, value: impl Into<Resource>) -> Self {
        self.resources.insert(name.into(), value.into());
        self
    }
}

/// An API token (`iam_token_base`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Token identifier tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Token name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Status of the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TokenStatus>,
    /// Conditions a request must meet to be accepted with the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The expiration time on or after which the JWT MUST NOT be accepted for processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Timestamp>,
    /// The time on which the token was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<Timestamp>,
    /// Last time the token was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_on: Option<Timestamp>,
    /// Last time the token was modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_on: Option<Timestamp>,
    /// The time before which the token MUST NOT be accepted for processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<Timestamp>,
    /// List of access policies assigned to the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<Policy>>,
}

/// A newly created token with its secret (`iam_token_with_value`): the only time the API
/// shows the value. `Debug` never prints it; read it with [`Secret::expose`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenWithValue {
    /// The token.
    #[serde(flatten)]
    pub token: Token,
    /// The token value (the secret to authenticate with).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Secret>,
}

/// The result of verifying a token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedToken {
    /// Token identifier tag.
    #[serde(default)]
    pub id: String,
    /// Status of the token.
    #[serde(default)]
    pub status: TokenStatus,
    /// The expiration time on or after which the JWT MUST NOT be accepted for processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Timestamp>,
    /// The time before which the token MUST NOT be accepted for processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<Timestamp>,
}

/// A permission group that can be used in token policies, as the permission-group listings
/// return it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailablePermissionGroup {
    /// Public ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Permission Group Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Product category that this permission group belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<PermissionGroupCategory>,
    /// Resources to which the Permission Group is scoped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<PermissionGroupScope>>,
}

impl AvailablePermissionGroup {
    /// A reference to this group for a [`Policy`] (`None` if the API sent no ID).
    pub fn to_permission_group(&self) -> Option<PermissionGroup> {
        self.id.as_deref().map(PermissionGroup::new)
    }
}

/// The body of creating a token (`iam_create_payload`), and of replacing one together with
/// the update's `status` (`iam_token_body`). Read-only fields (`id`, `issued_on`,
/// `modified_on`, `last_used_on`) are not part of it, so they are never sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenBody {
    /// Token name (at most 120 characters).
    pub name: String,
    /// List of access policies assigned to the token.
    pub policies: Vec<Policy>,
    /// Conditions a request must meet to be accepted with the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The expiration time on or after which the JWT MUST NOT be accepted for processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Timestamp>,
    /// The time before which the token MUST NOT be accepted for processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<Timestamp>,
}

impl TokenBody {
    /// A token named `name`, with no policies yet, no condition and no validity window.
    pub fn new(name: impl Into<String>) -> Self {
        TokenBody {
            name: name.into(),
            policies: Vec::new(),
            condition: None,
            expires_on: None,
            not_before: None,
        }
    }

    /// Adds an access policy.
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policies.push(policy);
        self
    }

    /// Replaces the access policies.
    pub fn policies(mut self, policies: impl IntoIterator<Item = Policy>) -> Self {
        self.policies = policies.into_iter().collect();
        self
    }

    /// Sets the conditions a request must meet to be accepted with the token.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.condition = Some(condition);
        self
    }

    /// Accepts requests made with the token only from these CIDRs (IPv4 or IPv6).
    pub fn allow_ips<S: Into<String>>(mut self, cidrs: impl IntoIterator<Item = S>) -> Self {
        self.request_ip().allowed = Some(cidrs.into_iter().map(Into::into).collect());
        self
    }

    /// Refuses requests made with the token from these CIDRs (IPv4 or IPv6).
    pub fn deny_ips<S: Into<String>>(mut self, cidrs: impl IntoIterator<Item = S>) -> Self {
        self.request_ip().not_in = Some(cidrs.into_iter().map(Into::into).collect());
        self
    }

    /// The time on or after which the token is no longer accepted: a
    /// [`time::OffsetDateTime`], a [`std::time::SystemTime`] or a
    /// [`Timestamp`].
    pub fn expires_on(mut self, at: impl Into<Timestamp>) -> Self {
        self.expires_on = Some(at.into());
        self
    }

    /// The time before which the token is not accepted yet (same types as
    /// [`TokenBody::expires_on`]).
    pub fn not_before(mut self, at: impl Into<Timestamp>) -> Self {
        self.not_before = Some(at.into());
        self
    }

    fn request_ip(&mut self) -> &mut RequestIp {
        self.condition
            .get_or_insert_with(Condition::default)
            .request_ip
            .get_or_insert_with(RequestIp::default)
    }
}

/// The writable part of an existing token, to send it back changed (an update replaces the
/// whole token). Read-only permission-group names are dropped; policy IDs are kept.
impl From<&Token> for TokenBody {
    fn from(token: &Token) -> Self {
        let policies = token
            .policies
            .iter()
            .flatten()
            .map(|policy| Policy {
                permission_groups: policy
                    .permission_groups
                    .iter()
                    .map(|group| PermissionGroup {
                        name: None,
                        ..group.clone()
                    })
                    .collect(),
                ..policy.clone()
            })
            .collect();
        TokenBody {
            name: token.name.clone().unwrap_or_default(),
            policies,
            condition: token.condition.clone(),
            expires_on: token.expires_on.clone(),
            not_before: token.not_before.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_value_never_in_debug() {
        let created: TokenWithValue = serde_json::from_value(json!({
            "id": "ed17574386854bf78a67040be0a770b0",
            "name": "readonly token",
            "status": "active",
            "value": "8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T",
        }))
        .unwrap();
        let debug = format!("{created:?} {created:#?}");
        assert!(!debug.contains("8M7wS6hCpXVc"), "{debug}");
        assert!(debug.contains("readonly token"));
        assert_eq!(
            created.value.as_ref().map(Secret::expose),
            Some("8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T")
        );
        assert_eq!(
            created.token.id.as_deref(),
            Some("ed17574386854bf78a67040be0a770b0")
        );
        assert_eq!(created.token.status, Some(TokenStatus::Active));
    }

    #[test]
    fn resources_read_in_both_shapes_and_mixed() {
        let simple: Policy = serde_json::from_value(json!({
            "id": "p1", "effect": "allow", "permission_groups": [{"id": "g1"}],
            "resources": {"com.cloudflare.api.account.zone.*": "*"},
        }))
        .unwrap();
        assert_eq!(
            simple.resources["com.cloudflare.api.account.zone.*"].as_permission(),
            Some("*")
        );
        let nested: Policy = serde_json::from_value(json!({
            "id": "p2", "effect": "deny", "permission_groups": [],
            "resources": {
                "com.cloudflare.api.account.abc": {"com.cloudflare.api.account.zone.*": "*"},
                "com.cloudflare.api.user.me": "*",
                "odd": 3,
            },
        }))
        .unwrap();
        assert_eq!(nested.effect, Effect::Deny);
        let inner = nested.resources["com.cloudflare.api.account.abc"]
            .as_nested()
            .unwrap();
        assert_eq!(inner["com.cloudflare.api.account.zone.*"], "*");
        assert_eq!(
            nested.resources["com.cloudflare.api.user.me"],
            Resource::Permission("*".into())
        );
        assert_eq!(nested.resources["odd"], Resource::Other(json!(3)));
        // And they write back as they came.
        assert_eq!(
            serde_json::to_value(&nested.resources).unwrap(),
            json!({
                "com.cloudflare.api.account.abc": {"com.cloudflare.api.account.zone.*": "*"},
                "com.cloudflare.api.user.me": "*",
                "odd": 3,
            })
        );
    }

    #[test]
    fn new_policies_send_no_id_and_builders_nest() {
        let policy = Policy::new(Effect::Allow)
            .with_permission_group("g1")
            .with_resource("com.cloudflare.api.account.abc", [("zone.*", "*")])
            .with_resource("com.cloudflare.api.user.me", "*");
        assert_eq!(
            serde_json::to_value(&policy).unwrap(),
            json!({
                "effect": "allow",
                "permission_groups": [{"id": "g1"}],
                "resources": {
                    "com.cloudflare.api.account.abc": {"zone.*": "*"},
                    "com.cloudflare.api.user.me": "*",
                },
            })
        );
    }

    #[test]
    fn permission_group_meta_keeps_undeclared_attributes() {
        let group: PermissionGroup = serde_json::from_value(json!({
            "id": "c8fed203ed3043cba015a93ad1616f1f",
            "meta": {"label": "load_balancer_admin", "key": "k"},
            "name": "Zone Read",
        }))
        .unwrap();
        let meta = group.meta.unwrap();
        assert_eq!(meta.key.as_deref(), Some("k"));
        assert_eq!(meta.other["label"], "load_balancer_admin");
    }

    #[test]
    fn body_from_a_token_drops_read_only_fields() {
        let token: Token = serde_json::from_value(json!({
            "id": "t1", "name": "ci", "status": "active",
            "issued_on": "2018-07-01T05:20:00Z", "modified_on": "2018-07-02T05:20:00Z",
            "last_used_on": "2020-01-02T12:34:00Z", "expires_on": "2020-01-01T00:00:00Z",
            "condition": {"request_ip": {"in": ["10.0.0.0/8"]}},
            "policies": [{"id": "p1", "effect": "allow",
                "permission_groups": [{"id": "g1", "name": "Zone Read"}],
                "resources": {"com.cloudflare.api.account.zone.*": "*"}}],
        }))
        .unwrap();
        let body = serde_json::to_value(TokenBody::from(&token)).unwrap();
        assert_eq!(
            body,
            json!({
                "name": "ci",
                "expires_on": "2020-01-01T00:00:00Z",
                "condition": {"request_ip": {"in": ["10.0.0.0/8"]}},
                "policies": [{"id": "p1", "effect": "allow",
                    "permission_groups": [{"id": "g1"}],
                    "resources": {"com.cloudflare.api.account.zone.*": "*"}}],
            })
        );
    }

    #[test]
    fn condition_builder_omits_empty_lists() {
        let c = Condition::request_ip(["192.0.2.0/24"], Vec::<String>::new());
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"request_ip": {"in": ["192.0.2.0/24"]}})
        );
    }
}
