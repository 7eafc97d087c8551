//! The world a server starts with: the generated default, or one a test describes.
//!
//! [`World::default`] (= [`World::generated`]) is the deterministic world generated from
//! [`crate::MockConfig::seed`] (a user, 12 accounts, tokens, organizations, 200 audit
//! events...; see the `generated` module docs in the source). [`World::empty`] holds only the
//! user the credentials belong to, the permission group catalogue and the configured token
//! (`mock-api-token`, full access). Either can be extended with accounts, members, tokens with
//! policies, organizations and audit events, in code or from JSON ([`World::from_json`]):
//!
//! ```no_run
//! use cloudflare_mock::MockServer;
//! use cloudflare_mock::world::{self, Account, Member, Policy, Token, World};
//!
//! let acme = world::id("acme");
//! let globex = world::id("globex");
//! let server = MockServer::builder()
//!     .world(
//!         World::empty()
//!             .account(Account::new(&acme, "Acme"))
//!             .account(Account::new(&globex, "Globex"))
//!             .member(Member::new(&acme, "ops@acme.example").role("Administrator"))
//!             .token(
//!                 Token::new("acme reader", "acme-reader-secret")
//!                     .policy(Policy::allow(&["Account Settings Read"]).on_account(&acme)),
//!             ),
//!     )
//!     .start()?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The same world as JSON (every key but the names and ids optional; unknown keys are
//! errors):
//!
//! ```text
//! {
//!   "base": "empty",
//!   "accounts": [{"id": "<32 letters or digits>", "name": "Acme", "type": "standard"}],
//!   "members": [{"account": "<account id>", "email": "ops@acme.example",
//!                "status": "accepted", "roles": ["Administrator"]}],
//!   "tokens": [{"name": "acme reader", "value": "acme-reader-secret",
//!               "status": "active", "expires_on": "2099-01-01T00:00:00Z",
//!               "condition": {"request_ip": {"in": ["192.0.2.0/24"]}},
//!               "policies": [{"effect": "allow",
//!                             "permission_groups": ["Account Settings Read"],
//!                             "resources": {"com.cloudflare.api.account.<id>": "*"}}]}],
//!   "organizations": [{"id": "<32 letters or digits>", "name": "Acme Holdings"}],
//!   "audit_events": [{"account": "<account id>", "action": "update",
//!                     "resource_type": "account", "time": "2024-05-01T12:00:00Z"}]
//! }
//! ```
//!
//! Seeded accounts have the 14 standard roles, and the user is an accepted member of each
//! (Super Administrator). A token without an `account` is a user token. Permission groups are
//! named as in the catalogue (`GET /user/tokens/permission_groups`), or given by id. In JSON,
//! `com.cloudflare.api.user.*` stands for the user (whose id depends on the seed).

mod generated;

use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::audit;
use crate::config::MockConfig;
use crate::prng::{Prng, stable_hex_id};
use crate::state::{self, Owner, State};

pub(crate) use generated::{price_for, roles};

/// A stable 32-hex-digit object id made from a label (`id("acme")` is the same in every run),
/// for the ids of seeded objects.
pub fn id(label: &str) -> String {
    stable_hex_id(label)
}

/// What a [`World`] starts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Base {
    /// The generated default world.
    #[default]
    Generated,
    /// Only the user, the permission groups and the configured token.
    Empty,
}

/// The world a server starts with (see the [module documentation](crate::world)).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct World {
    #[serde(default)]
    base: Base,
    #[serde(default)]
    accounts: Vec<Account>,
    #[serde(default)]
    members: Vec<Member>,
    #[serde(default)]
    tokens: Vec<Token>,
    #[serde(default)]
    organizations: Vec<Organization>,
    #[serde(default)]
    audit_events: Vec<AuditEvent>,
}

/// A world that does not hold together, or JSON that does not describe one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorldError {
    /// What is wrong, naming the object.
    pub message: String,
}

impl std::fmt::Display for WorldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid emulator world: {}", self.message)
    }
}

impl std::error::Error for WorldError {}

fn bad(message: impl Into<String>) -> WorldError {
    WorldError {
        message: message.into(),
    }
}

/// An account to seed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    id: String,
    name: String,
    #[serde(default = "standard", rename = "type")]
    kind: String,
    #[serde(default)]
    organization: Option<String>,
}

fn standard() -> String {
    "standard".to_owned()
}

impl Account {
    /// An account with this id (32 ASCII letters or digits: see [`id`]) and name, of type
    /// `standard`.
    pub fn new(id: &str, name: &str) -> Self {
        Account {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: standard(),
            organization: None,
        }
    }

    /// Of type `enterprise`.
    #[must_use]
    pub fn enterprise(mut self) -> Self {
        self.kind = "enterprise".to_owned();
        self
    }

    /// Managed by this organization (seeded or generated).
    #[must_use]
    pub fn organization(mut self, org_id: &str) -> Self {
        self.organization = Some(org_id.to_owned());
        self
    }
}

/// An account member to seed (someone other than the user).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    account: String,
    email: String,
    #[serde(default = "accepted")]
    status: String,
    #[serde(default)]
    roles: Vec<String>,
}

fn accepted() -> String {
    "accepted".to_owned()
}

impl Member {
    /// An accepted member of `account_id` with this email and no role.
    pub fn new(account_id: &str, email: &str) -> Self {
        Member {
            account: account_id.to_owned(),
            email: email.to_owned(),
            status: accepted(),
            roles: Vec::new(),
        }
    }

    /// A pending membership (invited, not yet accepted).
    #[must_use]
    pub fn pending(mut self) -> Self {
        self.status = "pending".to_owned();
        self
    }

    /// Adds a role by name (`Administrator`, `Billing`, ...; the 14 standard roles).
    #[must_use]
    pub fn role(mut self, name: &str) -> Self {
        self.roles.push(name.to_owned());
        self
    }
}

/// A token policy to seed (see `policy` in the crate docs for how it is enforced).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    effect: String,
    permission_groups: Vec<String>,
    #[serde(default = "empty_object")]
    resources: Value,
}

fn empty_object() -> Value {
    json!({})
}

impl Policy {
    fn new(effect: &str, groups: &[&str]) -> Self {
        Policy {
            effect: effect.to_owned(),
            permission_groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            resources: empty_object(),
        }
    }

    /// Allows these permission groups (names or ids) on the resources added next.
    pub fn allow(groups: &[&str]) -> Self {
        Self::new("allow", groups)
    }

    /// Denies these permission groups on the resources added next (deny wins over allow).
    pub fn deny(groups: &[&str]) -> Self {
        Self::new("deny", groups)
    }

    fn add(mut self, key: String, value: Value) -> Self {
        if let Value::Object(m) = &mut self.resources {
            m.insert(key, value);
        }
        self
    }

    /// On one account (`com.cloudflare.api.account.<id>: "*"`).
    #[must_use]
    pub fn on_account(self, account_id: &str) -> Self {
        self.add(
            format!("com.cloudflare.api.account.{account_id}"),
            json!("*"),
        )
    }

    /// On every account (`com.cloudflare.api.account.*: "*"`).
    #[must_use]
    pub fn on_all_accounts(self) -> Self {
        self.add("com.cloudflare.api.account.*".to_owned(), json!("*"))
    }

    /// On the user (`com.cloudflare.api.user.<user id>: "*"`).
    #[must_use]
    pub fn on_user(self) -> Self {
        self.add("com.cloudflare.api.user.*".to_owned(), json!("*"))
    }

    /// On the zones of one account (`{account key: {"com.cloudflare.api.account.zone.*":
    /// "*"}}`): covers no account-level operation.
    #[must_use]
    pub fn on_zones_of(self, account_id: &str) -> Self {
        self.add(
            format!("com.cloudflare.api.account.{account_id}"),
            json!({"com.cloudflare.api.account.zone.*": "*"}),
        )
    }

    /// Replaces the resources with this `iam_resources` object, as the API spells it.
    #[must_use]
    pub fn resources(mut self, resources: Value) -> Self {
        self.resources = resources;
        self
    }
}

/// An API token to seed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Token {
    name: String,
    value: String,
    #[serde(default)]
    account: Option<String>,
    #[serde(default = "active")]
    status: String,
    #[serde(default)]
    expires_on: Option<String>,
    #[serde(default)]
    not_before: Option<String>,
    #[serde(default)]
    condition: Option<Value>,
    #[serde(default)]
    policies: Vec<Policy>,
}

fn active() -> String {
    "active".to_owned()
}

impl Token {
    /// An active user token: `value` is the secret sent as `Authorization: Bearer <value>`.
    /// Without a policy it can only verify itself.
    pub fn new(name: &str, value: &str) -> Self {
        Token {
            name: name.to_owned(),
            value: value.to_owned(),
            account: None,
            status: active(),
            expires_on: None,
            not_before: None,
            condition: None,
            policies: Vec::new(),
        }
    }

    /// Owned by this account (an account token) instead of the user.
    #[must_use]
    pub fn account(mut self, account_id: &str) -> Self {
        self.account = Some(account_id.to_owned());
        self
    }

    /// Adds a policy.
    #[must_use]
    pub fn policy(mut self, p: Policy) -> Self {
        self.policies.push(p);
        self
    }

    /// Disabled: refused with 401.
    #[must_use]
    pub fn disabled(mut self) -> Self {
        self.status = "disabled".to_owned();
        self
    }

    /// Expires at this RFC 3339 time (refused with 401 from then on).
    #[must_use]
    pub fn expires_on(mut self, rfc3339: &str) -> Self {
        self.expires_on = Some(rfc3339.to_owned());
        self
    }

    /// Not valid before this RFC 3339 time.
    #[must_use]
    pub fn not_before(mut self, rfc3339: &str) -> Self {
        self.not_before = Some(rfc3339.to_owned());
        self
    }

    /// Usable only from these CIDRs (`condition.request_ip.in`).
    #[must_use]
    pub fn ip_in(mut self, cidrs: &[&str]) -> Self {
        self.ip_list("in", cidrs);
        self
    }

    /// Not usable from these CIDRs (`condition.request_ip.not_in`).
    #[must_use]
    pub fn ip_not_in(mut self, cidrs: &[&str]) -> Self {
        self.ip_list("not_in", cidrs);
        self
    }

    fn ip_list(&mut self, key: &str, cidrs: &[&str]) {
        let c = self
            .condition
            .get_or_insert_with(|| json!({"request_ip": {}}));
        if let Some(ip) = c.get_mut("request_ip").and_then(Value::as_object_mut) {
            ip.insert(key.to_owned(), json!(cidrs));
        }
    }
}

/// An organization to seed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    id: String,
    name: String,
    #[serde(default)]
    parent: Option<String>,
}

impl Organization {
    /// An organization with this id (32 letters or digits) and name; the user is an active
    /// member.
    pub fn new(id: &str, name: &str) -> Self {
        Organization {
            id: id.to_owned(),
            name: name.to_owned(),
            parent: None,
        }
    }

    /// A child of this organization.
    #[must_use]
    pub fn parent(mut self, org_id: &str) -> Self {
        self.parent = Some(org_id.to_owned());
        self
    }
}

/// An audit event to seed in an account's log, made by the user.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEvent {
    account: String,
    action: String,
    resource_type: String,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    time: Option<String>,
}

impl AuditEvent {
    /// An event in `account_id`'s log: `action` is `create`, `update`, `delete` or `view`,
    /// `resource_type` e.g. `account` or `member`. Dated at the world's base date
    /// (2024-06-01) unless [`AuditEvent::at`].
    pub fn new(account_id: &str, action: &str, resource_type: &str) -> Self {
        AuditEvent {
            account: account_id.to_owned(),
            action: action.to_owned(),
            resource_type: resource_type.to_owned(),
            resource_id: None,
            time: None,
        }
    }

    /// At this RFC 3339 time.
    #[must_use]
    pub fn at(mut self, rfc3339: &str) -> Self {
        self.time = Some(rfc3339.to_owned());
        self
    }

    /// About this resource id (default: the account's id).
    #[must_use]
    pub fn resource_id(mut self, id: &str) -> Self {
        self.resource_id = Some(id.to_owned());
        self
    }
}

impl World {
    /// The generated default world (same as [`World::default`]).
    pub fn generated() -> World {
        World::default()
    }

    /// Only the user, the permission group catalogue and the configured token (full access).
    pub fn empty() -> World {
        World {
            base: Base::Empty,
            ..World::default()
        }
    }

    /// Reads a world from JSON (see the [module documentation](crate::world) for the shape).
    /// Errors name the line, column and key; the references between objects are checked when
    /// the server starts.
    pub fn from_json(text: &str) -> Result<World, WorldError> {
        let v: Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if !v.is_object() {
            return Err(bad("the world must be a JSON object"));
        }
        World::deserialize(v).map_err(|e| bad(e.to_string()))
    }

    /// Adds an account.
    #[must_use]
    pub fn account(mut self, a: Account) -> Self {
        self.accounts.push(a);
        self
    }

    /// Adds an account member.
    #[must_use]
    pub fn member(mut self, m: Member) -> Self {
        self.members.push(m);
        self
    }

    /// Adds an API token.
    #[must_use]
    pub fn token(mut self, t: Token) -> Self {
        self.tokens.push(t);
        self
    }

    /// Adds an organization.
    #[must_use]
    pub fn organization(mut self, o: Organization) -> Self {
        self.organizations.push(o);
        self
    }

    /// Adds an audit event.
    #[must_use]
    pub fn audit_event(mut self, e: AuditEvent) -> Self {
        self.audit_events.push(e);
        self
    }

    /// Builds the state for `config`, checking every reference.
    pub(crate) fn build(&self, config: &MockConfig) -> Result<State, WorldError> {
        let mut st = match self.base {
            Base::Generated => generated::build(config),
            Base::Empty => generated::empty(config),
        };
        let mut rng = Prng::new(config.seed ^ 0x5EED_F1C7_0000_0001);
        let base = generated::base_time();
        self.add_organizations(&mut st, &mut rng, base)?;
        self.add_accounts(&mut st, &mut rng, base)?;
        self.add_members(&mut st, &mut rng)?;
        self.add_tokens(&mut st, &mut rng, base)?;
        self.add_audit_events(&mut st, &mut rng, base)?;
        Ok(st)
    }

    fn add_organizations(
        &self,
        st: &mut State,
        rng: &mut Prng,
        base: OffsetDateTime,
    ) -> Result<(), WorldError> {
        for o in &self.organizations {
            check_id("organization", &o.id)?;
            if st.orgs.iter().any(|x| x.id == o.id) {
                return Err(bad(format!("organization {} appears twice", o.id)));
            }
            st.orgs.push(state::Organization {
                id: o.id.clone(),
                name: o.name.clone(),
                create_time: base,
                parent_id: o.parent.clone(),
                profile: None,
                flags: std::array::from_fn(|_| "enabled".to_owned()),
                hierarchy_tags: Vec::new(),
                managed_by: String::new(),
            });
            st.org_members.push(state::OrgMember {
                id: rng.hex32(),
                org_id: o.id.clone(),
                user_id: st.user.id.clone(),
                email: st.user.email.clone(),
                name: st.user.email.clone(),
                two_factor_enabled: true,
                status: "active".to_owned(),
                create_time: base,
                update_time: base,
            });
        }
        for o in &self.organizations {
            if let Some(p) = &o.parent {
                if !st.orgs.iter().any(|x| &x.id == p) {
                    return Err(bad(format!(
                        "organization {}: unknown parent organization {p}",
                        o.id
                    )));
                }
            }
        }
        Ok(())
    }

    fn add_accounts(
        &self,
        st: &mut State,
        rng: &mut Prng,
        base: OffsetDateTime,
    ) -> Result<(), WorldError> {
        for a in &self.accounts {
            check_id("account", &a.id)?;
            if st.accounts.iter().any(|x| x.id == a.id) {
                return Err(bad(format!("account {} appears twice", a.id)));
            }
            if !["standard", "enterprise"].contains(&a.kind.as_str()) {
                return Err(bad(format!(
                    "account {}: type must be standard or enterprise, not {:?}",
                    a.id, a.kind
                )));
            }
            let org_id = match &a.organization {
                Some(o) if st.orgs.iter().any(|x| &x.id == o) => o.clone(),
                Some(o) => {
                    return Err(bad(format!("account {}: unknown organization {o}", a.id)));
                }
                None => String::new(),
            };
            let account_roles = roles(rng);
            let owner_role = account_roles.first().map(|r| r.id.clone());
            st.accounts.push(state::Account {
                id: a.id.clone(),
                name: a.name.clone(),
                kind: a.kind.clone(),
                created_on: base,
                abuse_contact_email: None,
                enforce_twofactor: false,
                api_access_enabled: true,
                org_id,
                profile: state::Profile {
                    business_name: a.name.clone(),
                    ..state::Profile::default()
                },
                roles: account_roles,
                resource_group_id: rng.hex32(),
            });
            st.members.push(state::Member {
                id: rng.hex32(),
                account_id: a.id.clone(),
                user_id: st.user.id.clone(),
                email: st.user.email.clone(),
                first_name: st.user.first_name.clone(),
                last_name: st.user.last_name.clone(),
                two_factor_enabled: st.user.two_factor_enabled,
                status: "accepted".to_owned(),
                role_ids: owner_role.into_iter().collect(),
                policies: Vec::new(),
            });
        }
        Ok(())
    }

    fn add_members(&self, st: &mut State, rng: &mut Prng) -> Result<(), WorldError> {
        for m in &self.members {
            let Some(account) = st.accounts.iter().find(|a| a.id == m.account) else {
                return Err(bad(format!(
                    "member {}: unknown account {}",
                    m.email, m.account
                )));
            };
            if !["accepted", "pending"].contains(&m.status.as_str()) {
                return Err(bad(format!(
                    "member {}: status must be accepted or pending, not {:?}",
                    m.email, m.status
                )));
            }
            let mut role_ids = Vec::new();
            for name in &m.roles {
                match account.roles.iter().find(|r| &r.name == name) {
                    Some(r) => role_ids.push(r.id.clone()),
                    None => {
                        return Err(bad(format!(
                            "member {}: unknown role {name:?} (roles: {})",
                            m.email,
                            account
                                .roles
                                .iter()
                                .map(|r| r.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                    }
                }
            }
            if st
                .members
                .iter()
                .any(|x| x.account_id == m.account && x.email.eq_ignore_ascii_case(&m.email))
            {
                return Err(bad(format!(
                    "member {} appears twice in account {}",
                    m.email, m.account
                )));
            }
            let first = m.email.split('@').next().unwrap_or_default().to_owned();
            st.members.push(state::Member {
                id: rng.hex32(),
                account_id: m.account.clone(),
                user_id: rng.hex32(),
                email: m.email.clone(),
                first_name: Some(first),
                last_name: None,
                two_factor_enabled: false,
                status: m.status.clone(),
                role_ids,
                policies: Vec::new(),
            });
        }
        Ok(())
    }

    fn add_tokens(
        &self,
        st: &mut State,
        rng: &mut Prng,
        base: OffsetDateTime,
    ) -> Result<(), WorldError> {
        for t in &self.tokens {
            let owner = match &t.account {
                None => Owner::User,
                Some(a) if st.accounts.iter().any(|x| &x.id == a) => Owner::Account(a.clone()),
                Some(a) => {
                    return Err(bad(format!("token {:?}: unknown account {a}", t.name)));
                }
            };
            if t.value.is_empty() || t.value.contains(char::is_whitespace) {
                return Err(bad(format!(
                    "token {:?}: the value must be non-empty, without spaces",
                    t.name
                )));
            }
            if st.tokens.iter().any(|x| x.value == t.value) {
                return Err(bad(format!(
                    "token {:?}: another token has the same value",
                    t.name
                )));
            }
            if !["active", "disabled", "expired"].contains(&t.status.as_str()) {
                return Err(bad(format!(
                    "token {:?}: status must be active, disabled or expired, not {:?}",
                    t.name, t.status
                )));
            }
            let time = |field: &str, v: &Option<String>| -> Result<_, WorldError> {
                v.as_deref()
                    .map(|s| {
                        state::parse_time(s).ok_or_else(|| {
                            bad(format!(
                                "token {:?}: {field} must be an RFC 3339 date-time, not {s:?}",
                                t.name
                            ))
                        })
                    })
                    .transpose()
            };
            let expires_on = time("expires_on", &t.expires_on)?;
            let not_before = time("not_before", &t.not_before)?;
            let mut policies = Vec::new();
            for p in &t.policies {
                if !["allow", "deny"].contains(&p.effect.as_str()) {
                    return Err(bad(format!(
                        "token {:?}: policy effect must be allow or deny, not {:?}",
                        t.name, p.effect
                    )));
                }
                let mut ids = Vec::new();
                for g in &p.permission_groups {
                    match st
                        .permission_groups
                        .iter()
                        .find(|pg| &pg.name == g || &pg.id == g)
                    {
                        Some(pg) => ids.push(pg.id.clone()),
                        None => {
                            return Err(bad(format!(
                                "token {:?}: unknown permission group {g:?} (see GET /user/tokens/permission_groups)",
                                t.name
                            )));
                        }
                    }
                }
                let Some(resources) = p.resources.as_object() else {
                    return Err(bad(format!(
                        "token {:?}: policy resources must be an object",
                        t.name
                    )));
                };
                // The user's id depends on the seed: `user.*` in a seed means this user.
                let user_key = format!("com.cloudflare.api.user.{}", st.user.id);
                let resources: serde_json::Map<String, Value> = resources
                    .iter()
                    .map(|(k, v)| {
                        let k = if k == "com.cloudflare.api.user.*" {
                            user_key.clone()
                        } else {
                            k.clone()
                        };
                        (k, v.clone())
                    })
                    .collect();
                policies.push(state::TokenPolicy {
                    id: rng.hex32(),
                    effect: p.effect.clone(),
                    permission_group_ids: ids,
                    resources: Value::Object(resources),
                });
            }
            st.tokens.push(state::Token {
                id: rng.hex32(),
                owner,
                name: t.name.clone(),
                value: t.value.clone(),
                status: t.status.clone(),
                issued_on: base,
                modified_on: base,
                last_used_on: None,
                expires_on,
                not_before,
                condition: t.condition.clone(),
                policies,
            });
        }
        Ok(())
    }

    fn add_audit_events(
        &self,
        st: &mut State,
        rng: &mut Prng,
        base: OffsetDateTime,
    ) -> Result<(), WorldError> {
        for e in &self.audit_events {
            let Some(account) = st.accounts.iter().find(|a| a.id == e.account) else {
                return Err(bad(format!("audit event: unknown account {}", e.account)));
            };
            if !["create", "update", "delete", "view"].contains(&e.action.as_str()) {
                return Err(bad(format!(
                    "audit event: action must be create, update, delete or view, not {:?}",
                    e.action
                )));
            }
            let time = match &e.time {
                None => base,
                Some(s) => state::parse_time(s).ok_or_else(|| {
                    bad(format!(
                        "audit event: time must be an RFC 3339 date-time, not {s:?}"
                    ))
                })?,
            };
            let event = audit::AuditEvent {
                seq: st.audit_seq,
                id: rng.hex32(),
                v1_id: rng.uuid(),
                time,
                action_type: e.action.clone(),
                v1_action: match e.action.as_str() {
                    "create" => "add",
                    "delete" => "delete",
                    "view" => "view",
                    _ => "change_setting",
                }
                .to_owned(),
                success: true,
                actor_id: st.user.id.clone(),
                actor_email: st.user.email.clone(),
                actor_ip: "192.0.2.1".to_owned(),
                actor_context: "api_token".to_owned(),
                actor_type: "user".to_owned(),
                token_id: None,
                token_name: None,
                scope: audit::AuditScope::Account(account.id.clone(), account.name.clone()),
                resource_id: e.resource_id.clone().unwrap_or_else(|| account.id.clone()),
                resource_type: e.resource_type.clone(),
                resource_product: e.resource_type.clone(),
                resource_scope: "accounts".to_owned(),
                request: json!({}),
                response: json!({}),
                raw_method: "PUT".to_owned(),
                raw_uri: format!("/accounts/{}", account.id),
                raw_status: 200,
                cf_ray: format!("{:016x}", rng.next_u64()),
                user_agent: "cloudflare-mock seed".to_owned(),
                zone: None,
            };
            st.audit_seq += 1;
            st.audit.push(event);
        }
        if !self.audit_events.is_empty() {
            // The log is read in sequence order; seeded events go by time among the rest.
            st.audit.sort_by_key(|e| e.time);
            for (i, e) in st.audit.iter_mut().enumerate() {
                e.seq = i as u64 + 1;
            }
            st.audit_seq = st.audit.len() as u64 + 1;
        }
        Ok(())
    }
}

fn check_id(what: &str, id: &str) -> Result<(), WorldError> {
    if id.len() == 32 && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(bad(format!(
            "{what} id {id:?} must be 32 ASCII letters or digits (cloudflare_mock::world::id(\"label\") makes one)"
        )))
    }
}
