//! The in-memory world: plain data types, their JSON renderings (shaped
//! after the schema's response objects) and small lookup helpers.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::audit::AuditEvent;
use crate::prng::Prng;

pub(crate) use crate::timestamps::{fmt_time, now, parse_date_or_time, parse_time};

/// Who owns a token or a subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The user.
    User,
    /// An account (by id).
    Account(String),
}

/// The (single) user the credentials belong to.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) id: String,
    pub(crate) email: String,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) telephone: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) zipcode: Option<String>,
    pub(crate) two_factor_enabled: bool,
    pub(crate) betas: Vec<String>,
    pub(crate) has_pro_zones: bool,
    pub(crate) has_business_zones: bool,
    pub(crate) has_enterprise_zones: bool,
}

/// Business profile (accounts and organizations).
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    pub(crate) business_name: String,
    pub(crate) business_email: String,
    pub(crate) business_phone: String,
    pub(crate) business_address: String,
    pub(crate) external_metadata: String,
}

impl Profile {
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "business_name": self.business_name,
            "business_email": self.business_email,
            "business_phone": self.business_phone,
            "business_address": self.business_address,
            "external_metadata": self.external_metadata,
        })
    }
}

/// The permission areas of a legacy role, in schema order.
pub(crate) const PERMISSION_AREAS: [&str; 12] = [
    "analytics",
    "billing",
    "cache_purge",
    "dns",
    "dns_records",
    "lb",
    "logs",
    "organization",
    "ssl",
    "waf",
    "zone_settings",
    "zones",
];

/// A (deprecated) account role.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    /// `(read, write)` per entry of [`PERMISSION_AREAS`].
    pub(crate) grants: [(bool, bool); 12],
}

impl Role {
    pub(crate) fn to_json(&self) -> Value {
        let mut perms = Map::new();
        for (area, (read, write)) in PERMISSION_AREAS.iter().zip(self.grants.iter()) {
            perms.insert((*area).to_owned(), json!({"read": read, "write": write}));
        }
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "permissions": perms,
        })
    }
}

/// An account.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) name: String,
    /// `standard` or `enterprise`.
    pub(crate) kind: String,
    pub(crate) created_on: OffsetDateTime,
    pub(crate) abuse_contact_email: Option<String>,
    pub(crate) enforce_twofactor: bool,
    pub(crate) api_access_enabled: bool,
    /// The organization the account belongs to.
    pub(crate) org_id: String,
    pub(crate) profile: Profile,
    pub(crate) roles: Vec<Role>,
    /// Id of the account-wide resource group used in member policies.
    pub(crate) resource_group_id: String,
}

impl Account {
    /// `iam_account`.
    pub(crate) fn to_json(&self, st: &State) -> Value {
        let mut settings = json!({"enforce_twofactor": self.enforce_twofactor});
        if let Some(e) = &self.abuse_contact_email {
            settings["abuse_contact_email"] = json!(e);
        }
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "type": self.kind,
            "created_on": fmt_time(self.created_on),
            "settings": settings,
        });
        if let Some(org) = st.orgs.iter().find(|o| o.id == self.org_id) {
            v["managed_by"] = json!({"parent_org_id": org.id, "parent_org_name": org.name});
        }
        v
    }

    /// `organizations-api_Account`.
    pub(crate) fn to_org_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "type": self.kind,
            "created_on": fmt_time(self.created_on),
            "settings": {
                "abuse_contact_email": self.abuse_contact_email,
                "access_approval_expiry": null,
                "api_access_enabled": self.api_access_enabled,
                "default_nameservers": null,
                "enforce_twofactor": self.enforce_twofactor,
                "use_account_custom_ns_by_default": null,
            },
        })
    }
}

/// A policy attached to an account member.
#[derive(Debug, Clone)]
pub(crate) struct MemberPolicy {
    pub(crate) id: String,
    /// `allow` or `deny`.
    pub(crate) access: String,
    pub(crate) permission_group_ids: Vec<String>,
    pub(crate) resource_group_ids: Vec<String>,
}

/// An account member.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) id: String,
    pub(crate) account_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) two_factor_enabled: bool,
    /// `accepted`, `pending` or `rejected`.
    pub(crate) status: String,
    pub(crate) role_ids: Vec<String>,
    pub(crate) policies: Vec<MemberPolicy>,
}

impl Member {
    /// `iam_member_with_policies`.
    pub(crate) fn to_json(&self, st: &State) -> Value {
        let account = st.accounts.iter().find(|a| a.id == self.account_id);
        let roles: Vec<Value> = account
            .map(|a| {
                self.role_ids
                    .iter()
                    .filter_map(|rid| a.roles.iter().find(|r| &r.id == rid))
                    .map(Role::to_json)
                    .collect()
            })
            .unwrap_or_default();
        let policies: Vec<Value> = self
            .policies
            .iter()
            .map(|p| {
                json!({
                    "id": p.id,
                    "access": p.access,
                    "permission_groups": p.permission_group_ids.iter()
                        .map(|id| st.permission_group_json(id))
                        .collect::<Vec<_>>(),
                    "resource_groups": p.resource_group_ids.iter()
                        .map(|id| resource_group_json(id, &self.account_id))
                        .collect::<Vec<_>>(),
                })
            })
            .collect();
        // The schema's `status` enum has only accepted/pending.
        let status = if self.status == "accepted" {
            "accepted"
        } else {
            "pending"
        };
        json!({
            "id": self.id,
            "email": self.email,
            "status": status,
            "user": {
                "id": self.user_id,
                "email": self.email,
                "first_name": self.first_name,
                "last_name": self.last_name,
                "two_factor_authentication_enabled": self.two_factor_enabled,
            },
            "roles": roles,
            "policies": policies,
        })
    }
}

/// `iam_resource_group` for an account-wide resource group id.
pub(crate) fn resource_group_json(id: &str, account_id: &str) -> Value {
    let key = format!("com.cloudflare.api.account.{account_id}");
    json!({
        "id": id,
        "name": key,
        "meta": {"key": "editable", "value": "false"},
        "scope": [{"key": key, "objects": [{"key": "*"}]}],
    })
}

/// A token permission group (global catalogue).
#[derive(Debug, Clone)]
pub(crate) struct PermissionGroup {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) category: &'static str,
    pub(crate) scopes: Vec<&'static str>,
    pub(crate) label: String,
}

impl PermissionGroup {
    /// Item of the permission-groups listing.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "scopes": self.scopes,
        })
    }
}

/// A policy attached to an API token.
#[derive(Debug, Clone)]
pub(crate) struct TokenPolicy {
    pub(crate) id: String,
    /// `allow` or `deny`.
    pub(crate) effect: String,
    pub(crate) permission_group_ids: Vec<String>,
    /// `iam_resources`: an object of strings or of objects of strings.
    pub(crate) resources: Value,
}

/// A user or account API token.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) id: String,
    pub(crate) owner: Owner,
    pub(crate) name: String,
    /// The secret; changes on roll.
    pub(crate) value: String,
    /// `active`, `disabled` or `expired` (as stored; see [`Token::effective_status`]).
    pub(crate) status: String,
    pub(crate) issued_on: OffsetDateTime,
    pub(crate) modified_on: OffsetDateTime,
    pub(crate) last_used_on: Option<OffsetDateTime>,
    pub(crate) expires_on: Option<OffsetDateTime>,
    pub(crate) not_before: Option<OffsetDateTime>,
    pub(crate) condition: Option<Value>,
    pub(crate) policies: Vec<TokenPolicy>,
}

impl Token {
    /// The status taking `expires_on` into account.
    pub(crate) fn effective_status(&self, now: OffsetDateTime) -> &str {
        match self.expires_on {
            Some(e) if e <= now && self.status == "active" => "expired",
            _ => self.status.as_str(),
        }
    }

    /// True when the token may authenticate at `now`.
    pub(crate) fn usable(&self, now: OffsetDateTime) -> bool {
        self.effective_status(now) == "active" && self.not_before.is_none_or(|nb| nb <= now)
    }

    /// `iam_token_base`.
    pub(crate) fn to_json(&self, st: &State, now: OffsetDateTime) -> Value {
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "status": self.effective_status(now),
            "issued_on": fmt_time(self.issued_on),
            "modified_on": fmt_time(self.modified_on),
            "policies": self.policies.iter().map(|p| json!({
                "id": p.id,
                "effect": p.effect,
                "permission_groups": p.permission_group_ids.iter()
                    .map(|id| st.permission_group_json(id))
                    .collect::<Vec<_>>(),
                "resources": p.resources,
            })).collect::<Vec<_>>(),
        });
        if let Some(t) = self.last_used_on {
            v["last_used_on"] = json!(fmt_time(t));
        }
        if let Some(t) = self.expires_on {
            v["expires_on"] = json!(fmt_time(t));
        }
        if let Some(t) = self.not_before {
            v["not_before"] = json!(fmt_time(t));
        }
        if let Some(c) = &self.condition {
            v["condition"] = c.clone();
        }
        v
    }
}

/// A subscription's rate plan.
#[derive(Debug, Clone)]
pub(crate) struct RatePlan {
    pub(crate) id: String,
    pub(crate) public_name: String,
    pub(crate) currency: String,
    pub(crate) scope: String,
    pub(crate) externally_managed: bool,
    pub(crate) is_contract: bool,
    pub(crate) sets: Vec<String>,
}

/// Known rate plans: `(id, public name, monthly price in USD)`.
pub(crate) const RATE_PLANS: [(&str, &str, f64); 10] = [
    ("free", "Free Plan", 0.0),
    ("lite", "Lite Plan", 5.0),
    ("pro", "Pro Plan", 25.0),
    ("pro_plus", "Pro Plus Plan", 50.0),
    ("business", "Business Plan", 250.0),
    ("enterprise", "Enterprise Plan", 5000.0),
    ("partners_free", "Partners Free Plan", 0.0),
    ("partners_pro", "Partners Pro Plan", 20.0),
    ("partners_business", "Partners Business Plan", 200.0),
    ("partners_enterprise", "Partners Enterprise Plan", 4000.0),
];

impl RatePlan {
    /// The catalogue plan with this id (`None` if unknown).
    pub(crate) fn known(id: &str) -> Option<(RatePlan, f64)> {
        RATE_PLANS
            .iter()
            .find(|(pid, _, _)| *pid == id)
            .map(|(pid, name, price)| {
                (
                    RatePlan {
                        id: (*pid).to_owned(),
                        public_name: (*name).to_owned(),
                        currency: "USD".to_owned(),
                        scope: "zone".to_owned(),
                        externally_managed: false,
                        is_contract: pid.contains("enterprise"),
                        sets: Vec::new(),
                    },
                    *price,
                )
            })
    }

    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "public_name": self.public_name,
            "currency": self.currency,
            "scope": self.scope,
            "externally_managed": self.externally_managed,
            "is_contract": self.is_contract,
            "sets": self.sets,
        })
    }
}

/// An account or user subscription.
#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub(crate) id: String,
    pub(crate) owner: Owner,
    /// `weekly`, `monthly`, `quarterly` or `yearly`.
    pub(crate) frequency: String,
    pub(crate) rate_plan: RatePlan,
    pub(crate) price: f64,
    pub(crate) currency: String,
    /// One of the seven `bill-subs-api_state` values.
    pub(crate) state: String,
    pub(crate) period_start: OffsetDateTime,
    pub(crate) period_end: OffsetDateTime,
}

impl Subscription {
    /// `bill-subs-api_subscription`.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "currency": self.currency,
            "current_period_start": fmt_time(self.period_start),
            "current_period_end": fmt_time(self.period_end),
            "frequency": self.frequency,
            "price": self.price,
            "rate_plan": self.rate_plan.to_json(),
            "state": self.state,
        })
    }
}

/// An invitation of the user to an account.
#[derive(Debug, Clone)]
pub(crate) struct Invite {
    pub(crate) id: String,
    /// The pending membership this invite is about.
    pub(crate) member_id: String,
    pub(crate) account_id: String,
    pub(crate) invited_by: String,
    pub(crate) invited_on: OffsetDateTime,
    pub(crate) expires_on: OffsetDateTime,
    /// `pending`, `accepted`, `rejected` or `expired`.
    pub(crate) status: String,
    pub(crate) roles: Vec<String>,
}

impl Invite {
    /// `iam_user_invite`.
    pub(crate) fn to_json(&self, st: &State) -> Value {
        let account = st.accounts.iter().find(|a| a.id == self.account_id);
        json!({
            "id": self.id,
            "invited_member_id": self.member_id,
            "invited_member_email": st.user.email,
            "organization_id": self.account_id,
            "organization_name": account.map(|a| a.name.clone()).unwrap_or_default(),
            "organization_is_enforcing_twofactor": account.is_some_and(|a| a.enforce_twofactor),
            "invited_by": self.invited_by,
            "invited_on": fmt_time(self.invited_on),
            "expires_on": fmt_time(self.expires_on),
            "roles": self.roles,
            "status": self.status,
        })
    }
}

/// A legacy "user organization" (`/user/organizations`).
#[derive(Debug, Clone)]
pub(crate) struct UserOrg {
    pub(crate) id: String,
    pub(crate) name: String,
    /// `member` or `invited`.
    pub(crate) status: String,
    pub(crate) roles: Vec<String>,
    pub(crate) permissions: Vec<String>,
}

impl UserOrg {
    /// `iam_organization`.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "roles": self.roles,
            "permissions": self.permissions,
        })
    }
}

/// An organization (`/organizations`).
#[derive(Debug, Clone)]
pub(crate) struct Organization {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) create_time: OffsetDateTime,
    pub(crate) parent_id: Option<String>,
    pub(crate) profile: Option<Profile>,
    /// `account_creation, account_deletion, account_migration,
    /// account_mobility, sub_org_creation`.
    pub(crate) flags: [String; 5],
    pub(crate) hierarchy_tags: Vec<String>,
    pub(crate) managed_by: String,
}

impl Organization {
    /// `organizations-api_Organization`.
    pub(crate) fn to_json(&self, st: &State) -> Value {
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "create_time": fmt_time(self.create_time),
            "meta": {
                "flags": {
                    "account_creation": self.flags[0],
                    "account_deletion": self.flags[1],
                    "account_migration": self.flags[2],
                    "account_mobility": self.flags[3],
                    "sub_org_creation": self.flags[4],
                },
                "hierarchy_tags": self.hierarchy_tags,
                "managed_by": self.managed_by,
            },
        });
        if let Some(pid) = &self.parent_id {
            let name = st
                .orgs
                .iter()
                .find(|o| &o.id == pid)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            v["parent"] = json!({"id": pid, "name": name});
        }
        if let Some(p) = &self.profile {
            v["profile"] = p.to_json();
        }
        v
    }
}

/// An organization member.
#[derive(Debug, Clone)]
pub(crate) struct OrgMember {
    pub(crate) id: String,
    pub(crate) org_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) name: String,
    pub(crate) two_factor_enabled: bool,
    /// `active`, `pending`, `rejected` or `canceled`.
    pub(crate) status: String,
    pub(crate) create_time: OffsetDateTime,
    pub(crate) update_time: OffsetDateTime,
}

impl OrgMember {
    /// `organizations-api_Member`.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "status": self.status,
            "user": {
                "id": self.user_id,
                "email": self.email,
                "name": self.name,
                "two_factor_authentication_enabled": self.two_factor_enabled,
            },
            "meta": {},
            "create_time": fmt_time(self.create_time),
            "update_time": fmt_time(self.update_time),
        })
    }
}

/// A billing history entry.
#[derive(Debug, Clone)]
pub(crate) struct BillingItem {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) action: String,
    pub(crate) description: String,
    pub(crate) occurred_at: OffsetDateTime,
    pub(crate) amount: f64,
    pub(crate) currency: String,
    pub(crate) zone_name: String,
}

impl BillingItem {
    /// `bill-subs-api_billing-history`.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "type": self.kind,
            "action": self.action,
            "description": self.description,
            "occurred_at": fmt_time(self.occurred_at),
            "amount": self.amount,
            "currency": self.currency,
            "zone": {"name": self.zone_name},
        })
    }
}

/// How many audit events the log keeps: the newest 10 000 (trimmed in batches, so it holds up
/// to 11 250 at a time). Older events disappear from every audit-log listing.
pub(crate) const AUDIT_CAPACITY: usize = 10_000;

/// The whole emulated world.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) user: User,
    pub(crate) accounts: Vec<Account>,
    pub(crate) members: Vec<Member>,
    pub(crate) permission_groups: Vec<PermissionGroup>,
    pub(crate) tokens: Vec<Token>,
    pub(crate) subscriptions: Vec<Subscription>,
    pub(crate) invites: Vec<Invite>,
    pub(crate) user_orgs: Vec<UserOrg>,
    pub(crate) orgs: Vec<Organization>,
    pub(crate) org_members: Vec<OrgMember>,
    pub(crate) billing_profile: Value,
    pub(crate) billing_history: Vec<BillingItem>,
    pub(crate) audit: Vec<AuditEvent>,
    /// Next audit sequence number.
    pub(crate) audit_seq: u64,
    /// Generator for ids created at run time.
    pub(crate) rng: Prng,
}

impl State {
    /// The user's accepted membership in `account_id`, if any.
    pub(crate) fn user_can_access(&self, account_id: &str) -> bool {
        self.members.iter().any(|m| {
            m.account_id == account_id && m.user_id == self.user.id && m.status == "accepted"
        })
    }

    /// Index of an account the user can access.
    pub(crate) fn accessible_account(&self, id: &str) -> Option<usize> {
        let i = self.accounts.iter().position(|a| a.id == id)?;
        self.user_can_access(id).then_some(i)
    }

    /// A permission group reference as embedded in tokens and policies.
    pub(crate) fn permission_group_json(&self, id: &str) -> Value {
        match self.permission_groups.iter().find(|g| g.id == id) {
            Some(g) => json!({
                "id": g.id,
                "name": g.name,
                "meta": {"key": "label", "value": g.label},
            }),
            None => json!({"id": id}),
        }
    }

    /// A fresh 32-hex id that no object uses yet.
    pub(crate) fn new_id(&mut self) -> String {
        loop {
            let id = self.rng.hex32();
            if !self.id_in_use(&id) {
                return id;
            }
        }
    }

    fn id_in_use(&self, id: &str) -> bool {
        self.accounts
            .iter()
            .any(|a| a.id == id || a.roles.iter().any(|r| r.id == id))
            || self.members.iter().any(|m| m.id == id)
            || self.tokens.iter().any(|t| t.id == id)
            || self.subscriptions.iter().any(|s| s.id == id)
            || self.orgs.iter().any(|o| o.id == id)
            || self.org_members.iter().any(|m| m.id == id)
    }

    /// The organization chain of an account: its organization, then the
    /// parents up to the root.
    pub(crate) fn org_chain(&self, org_id: &str) -> Vec<&Organization> {
        let mut out = Vec::new();
        let mut next = Some(org_id.to_owned());
        while let Some(id) = next {
            let Some(o) = self.orgs.iter().find(|o| o.id == id) else {
                break;
            };
            if out.iter().any(|x: &&Organization| x.id == o.id) {
                break;
            }
            out.push(o);
            next = o.parent_id.clone();
        }
        out
    }

    /// `GET /user` result.
    pub(crate) fn user_json(&self) -> Value {
        let u = &self.user;
        json!({
            "id": u.id,
            "email": u.email,
            "first_name": u.first_name,
            "last_name": u.last_name,
            "telephone": u.telephone,
            "country": u.country,
            "zipcode": u.zipcode,
            "two_factor_authentication_enabled": u.two_factor_enabled,
            "two_factor_authentication_locked": false,
            "has_pro_zones": u.has_pro_zones,
            "has_business_zones": u.has_business_zones,
            "has_enterprise_zones": u.has_enterprise_zones,
            "suspended": false,
            "betas": u.betas,
            "organizations": self.user_orgs.iter().map(UserOrg::to_json).collect::<Vec<_>>(),
        })
    }
}
