//! The generated default world. Everything here is a pure function of the
//! seed and the configured credentials: no clock is read (all generated
//! timestamps are offsets from [`base_time`]), and the only randomness is
//! the hand-written [`Prng`].
//!
//! What the world holds (for seed-independent shapes):
//! - one user (email from the config) with 2FA enabled;
//! - 12 accounts the user is an accepted member of; the first (index 0,
//!   "... Production", enterprise) has 63 members (user included), so member
//!   listings need 4 pages at `per_page=20`; the others have 2 to 6;
//! - 3 more accounts where the user only has a pending membership, each with
//!   an invitation (2 `pending`, 1 `expired`); accepting one makes the
//!   account visible;
//! - 14 roles per account, a catalogue of 48 permission groups (including
//!   every id used in the schema's examples);
//! - 5 user tokens: the configured token ("mock-api-token", active), an active
//!   one expiring in 2099, an expired one, a disabled one and one with
//!   `not_before` and an IP condition; 7 account tokens on account 0 and 2
//!   on accounts 1 to 3;
//! - 1 or 2 subscriptions per account, 2 user subscriptions;
//! - 3 legacy user organizations (2 `member`, 1 `invited`);
//! - 3 organizations (a root, a child of it, another root) holding all
//!   accounts, with 26, 4 and 3 members and a business profile each;
//! - a billing profile and 45 monthly billing history entries;
//! - 200 audit events (account 0, other accounts, organizations, user-level)
//!   dated in the 90 days before the base date.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use crate::audit::{AuditEvent, AuditScope};
use crate::config::MockConfig;

mod accounts;
mod audit;
mod billing;
mod organizations;
mod tokens;

use crate::prng::{Prng, stable_hex_id};
use crate::state::{
    Account, BillingItem, Invite, Member, MemberPolicy, OrgMember, Organization, Owner,
    PermissionGroup, Profile, RatePlan, Role, State, Subscription, Token, TokenPolicy, User,
    UserOrg,
};
pub(crate) use billing::price_for;

/// The fixed base date of the generated world: 2024-06-01T00:00:00Z.
pub(crate) fn base_time() -> OffsetDateTime {
    time::macros::datetime!(2024-06-01 00:00:00 UTC)
}

const FIRST_NAMES: &[&str] = &[
    "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory",
    "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Yuki", "Zara",
    "Omar", "Priya", "Chen", "Lars", "Ines", "Kofi", "Mei", "Tariq", "Sofia",
];
const LAST_NAMES: &[&str] = &[
    "Anderson", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
    "Kumar", "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva",
    "Tanaka", "Usman", "Varga", "Weber", "Xu", "Young", "Zhang",
];
const COMPANIES: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Oscorp",
    "Aperture",
    "Pied Piper",
    "Gringotts",
    "Monarch",
    "Nakatomi",
    "Wernham",
    "Dunder",
];
const SUFFIXES: &[&str] = &[
    "Corp",
    "Labs",
    "Industries",
    "Media",
    "Cloud",
    "Networks",
    "Studios",
    "Retail",
    "Systems",
    "Analytics",
    "Payments",
    "Logistics",
];
const ZONES: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "shop.example",
    "api.example.dev",
];

/// Legacy role templates: (name, description, read areas, write areas) as
/// bit masks over [`crate::state::PERMISSION_AREAS`].
const ROLE_TEMPLATES: &[(&str, &str, u16, u16)] = &[
    (
        "Super Administrator - All Privileges",
        "Can edit any Cloudflare setting, make purchases, update billing, and manage memberships.",
        0xfff,
        0xfff,
    ),
    (
        "Administrator",
        "Can access the full account, except for membership management and billing.",
        0xfff,
        0xf7d,
    ),
    (
        "Administrator Read Only",
        "Can access the full account in read-only mode.",
        0xfff,
        0,
    ),
    ("Analytics", "Can read Analytics.", 0x801, 0),
    ("Audit Logs Viewer", "Can view Audit Logs.", 0x040, 0),
    (
        "Billing",
        "Can edit the account's billing profile and subscriptions.",
        0x002,
        0x002,
    ),
    ("Cache Purge", "Can purge the edge cache.", 0x804, 0x004),
    ("DNS", "Can edit DNS records.", 0x818, 0x018),
    (
        "Firewall",
        "Can edit WAF, IP Firewall, and Zone Lockdown settings.",
        0xa00,
        0x200,
    ),
    (
        "Load Balancer",
        "Can edit Load Balancers, Pools, Origins, and Health Checks.",
        0x820,
        0x020,
    ),
    (
        "Log Share",
        "Can edit Log Share configuration.",
        0x840,
        0x040,
    ),
    (
        "SSL/TLS, Caching, Performance, Page Rules, and Customization",
        "Can edit most Cloudflare settings except for DNS and Firewall.",
        0xd04,
        0x504,
    ),
    (
        "Domain Administrator",
        "Can manage all settings of the assigned zones.",
        0xf7d,
        0xf7d,
    ),
    (
        "Domain Administrator Read Only",
        "Can view all settings of the assigned zones.",
        0xf7d,
        0,
    ),
];

const ACC: &str = "com.cloudflare.api.account";
const ZONE: &str = "com.cloudflare.api.account.zone";
const USR: &str = "com.cloudflare.api.user";
const R2: &str = "com.cloudflare.edge.r2.bucket";

/// Permission group catalogue: (name, category, scopes, fixed id if the
/// schema's examples use one).
const PERMISSION_GROUPS: &[(&str, &str, &[&str], Option<&str>)] = &[
    (
        "Zone Read",
        "dns_and_zones",
        &[ZONE],
        Some("c8fed203ed3043cba015a93ad1616f1f"),
    ),
    ("Zone Write", "dns_and_zones", &[ZONE], None),
    ("DNS Read", "dns_and_zones", &[ZONE], None),
    ("DNS Write", "dns_and_zones", &[ZONE], None),
    ("Zone Settings Read", "dns_and_zones", &[ZONE], None),
    ("Zone Settings Write", "dns_and_zones", &[ZONE], None),
    ("Cache Purge", "cache_and_performance", &[ZONE], None),
    (
        "Cache Settings Write",
        "cache_and_performance",
        &[ZONE],
        None,
    ),
    ("SSL and Certificates Read", "app_security", &[ZONE], None),
    ("SSL and Certificates Write", "app_security", &[ZONE], None),
    ("Firewall Services Read", "app_security", &[ZONE], None),
    ("Firewall Services Write", "app_security", &[ZONE], None),
    ("Page Rules Read", "rules_and_configuration", &[ZONE], None),
    ("Page Rules Write", "rules_and_configuration", &[ZONE], None),
    ("Analytics Read", "analytics_and_logs", &[ZONE], None),
    ("Logs Read", "analytics_and_logs", &[ZONE, ACC], None),
    ("Logs Write", "analytics_and_logs", &[ZONE, ACC], None),
    ("Account Analytics Read", "analytics_and_logs", &[ACC], None),
    ("Account Settings Read", "account_and_billing", &[ACC], None),
    (
        "Account Settings Write",
        "account_and_billing",
        &[ACC],
        None,
    ),
    (
        "Billing Read",
        "account_and_billing",
        &[ACC],
        Some("7cf72faf220841aabcfdfab81c43c4f6"),
    ),
    ("Billing Write", "account_and_billing", &[ACC], None),
    (
        "Account API Tokens Read",
        "account_and_billing",
        &[ACC],
        None,
    ),
    (
        "Account API Tokens Write",
        "account_and_billing",
        &[ACC],
        None,
    ),
    (
        "Load Balancing: Monitors and Pools Read",
        "network_services",
        &[ACC],
        Some("9d24387c6e8544e2bc4024a03991339f"),
    ),
    (
        "Load Balancing: Monitors and Pools Write",
        "network_services",
        &[ACC],
        Some("d2a1802cc9a34e30852f8b33869b2f3c"),
    ),
    (
        "Magic Network Monitoring",
        "network_services",
        &[ACC],
        Some("82e64a83756745bbbb1c9c2701bf816b"),
    ),
    (
        "Workers KV Storage Read",
        "developer_platform",
        &[ACC],
        Some("8b47d2786a534c08a1f94ee8f9f599ef"),
    ),
    (
        "Workers KV Storage Write",
        "developer_platform",
        &[ACC],
        Some("f7f0eda5697f475c90846e879bab8666"),
    ),
    (
        "Workers Scripts Read",
        "developer_platform",
        &[ACC],
        Some("1a71c399035b4950a1bd1466bbe4f420"),
    ),
    (
        "Workers Scripts Write",
        "developer_platform",
        &[ACC],
        Some("e086da7e2179491d91ee5f35b3ca210a"),
    ),
    ("Workers Routes Write", "developer_platform", &[ZONE], None),
    ("Pages Write", "developer_platform", &[ACC], None),
    (
        "Workers R2 Storage Read",
        "developer_platform",
        &[ACC],
        None,
    ),
    (
        "Workers R2 Storage Bucket Item Read",
        "developer_platform",
        &[R2],
        None,
    ),
    (
        "Workers R2 Storage Bucket Item Write",
        "developer_platform",
        &[R2],
        None,
    ),
    ("Workers AI Read", "ai_and_machine_learning", &[ACC], None),
    ("Workers AI Write", "ai_and_machine_learning", &[ACC], None),
    (
        "Access: Apps and Policies Read",
        "cloudflare_one_and_zero_trust",
        &[ACC],
        None,
    ),
    (
        "Access: Apps and Policies Write",
        "cloudflare_one_and_zero_trust",
        &[ACC],
        None,
    ),
    ("Stream Read", "media", &[ACC], None),
    ("Images Write", "media", &[ACC], None),
    (
        "Email Routing Addresses Read",
        "email_and_messaging",
        &[ACC],
        None,
    ),
    ("API Tokens Read", "account_and_billing", &[USR], None),
    ("API Tokens Write", "account_and_billing", &[USR], None),
    ("Memberships Read", "account_and_billing", &[USR], None),
    ("Memberships Write", "account_and_billing", &[USR], None),
    ("User Details Read", "other", &[USR], None),
    ("User Details Write", "other", &[USR], None),
];

fn permission_groups() -> Vec<PermissionGroup> {
    PERMISSION_GROUPS
        .iter()
        .map(|(name, category, scopes, fixed)| PermissionGroup {
            id: fixed.map_or_else(|| stable_hex_id(name), str::to_owned),
            name: (*name).to_owned(),
            category,
            scopes: scopes.to_vec(),
            label: name
                .to_ascii_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect::<String>()
                .split('_')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("_"),
        })
        .collect()
}

pub(crate) fn roles(rng: &mut Prng) -> Vec<Role> {
    ROLE_TEMPLATES
        .iter()
        .map(|(name, description, read, write)| {
            let mut grants = [(false, false); 12];
            for (i, g) in grants.iter_mut().enumerate() {
                let bit = 1u16 << (11 - i);
                *g = (read & bit != 0, write & bit != 0);
            }
            Role {
                id: rng.hex32(),
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                grants,
            }
        })
        .collect()
}

fn slug(s: &str) -> String {
    s.to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

fn profile(rng: &mut Prng, name: &str) -> Profile {
    Profile {
        business_name: format!("{name} Inc."),
        business_email: format!("billing@{}.example", slug(name)),
        business_phone: format!("+1 555-01{:02}", rng.below(100)),
        business_address: format!(
            "{} {} Street, San Francisco, CA 94107",
            rng.range(1, 999),
            rng.pick(LAST_NAMES)
        ),
        external_metadata: format!("{{\"crm_id\":\"C-{:05}\"}}", rng.below(100_000)),
    }
}

/// A person: (first, last, email).
fn person(rng: &mut Prng, domain: &str, n: usize) -> (String, String, String) {
    let first = (*rng.pick(FIRST_NAMES)).to_owned();
    let last = (*rng.pick(LAST_NAMES)).to_owned();
    let email = format!(
        "{}.{}{}@{domain}",
        first.to_ascii_lowercase(),
        last.to_ascii_lowercase(),
        n
    );
    (first, last, email)
}

fn random_ip(rng: &mut Prng) -> String {
    let nets = ["198.51.100", "203.0.113", "192.0.2"];
    format!("{}.{}", rng.pick(&nets), rng.range(1, 254))
}

/// Permission groups the generated members and account tokens get.
const MEMBER_PGS: &[&str] = &[
    "Zone Read",
    "DNS Write",
    "Analytics Read",
    "Billing Read",
    "Workers Scripts Write",
    "Account Settings Read",
];

/// The permission groups of the configured token: everything the emulator checks (see
/// `policy`), on every account and on the user.
const FULL_ACCESS_GROUPS: [&str; 9] = [
    "API Tokens Write",
    "Account Settings Write",
    "Zone Write",
    "Account API Tokens Write",
    "Billing Write",
    "User Details Write",
    "Memberships Write",
    "Logs Write",
    "Account Analytics Read",
];

fn pg_id_in(pgs: &[PermissionGroup], name: &str) -> String {
    pgs.iter()
        .find(|g| g.name == name)
        .map(|g| g.id.clone())
        .unwrap_or_else(|| stable_hex_id(name))
}

/// The policy of the configured token.
fn full_access_policy(pgs: &[PermissionGroup], user: &User, id: String) -> TokenPolicy {
    TokenPolicy {
        id,
        effect: "allow".to_owned(),
        permission_group_ids: FULL_ACCESS_GROUPS
            .iter()
            .map(|n| pg_id_in(pgs, n))
            .collect(),
        resources: json!({
            "com.cloudflare.api.account.*": "*",
            format!("com.cloudflare.api.user.{}", user.id): "*",
        }),
    }
}

fn user(rng: &mut Prng, config: &MockConfig) -> User {
    User {
        id: rng.hex32(),
        email: config.email.clone(),
        first_name: Some((*rng.pick(FIRST_NAMES)).to_owned()),
        last_name: Some((*rng.pick(LAST_NAMES)).to_owned()),
        telephone: Some(format!("+1 555-010-{:04}", rng.below(10_000))),
        country: Some("US".to_owned()),
        zipcode: Some("94107".to_owned()),
        two_factor_enabled: true,
        betas: vec!["zone_level_access_beta".to_owned()],
        has_pro_zones: true,
        has_business_zones: rng.chance(1, 2),
        has_enterprise_zones: true,
    }
}

/// The empty world: the user, the permission group catalogue, the configured token (full
/// access) and a billing profile; no account, organization or audit event.
pub(crate) fn empty(config: &MockConfig) -> State {
    let mut rng = Prng::new(config.seed);
    let base = base_time();
    let pgs = permission_groups();
    let user = user(&mut rng, config);
    let token = Token {
        id: rng.hex32(),
        owner: Owner::User,
        name: "mock-api-token".to_owned(),
        value: config.token.clone(),
        status: "active".to_owned(),
        issued_on: base - Duration::days(200),
        modified_on: base - Duration::days(100),
        last_used_on: None,
        expires_on: None,
        not_before: None,
        condition: None,
        policies: vec![full_access_policy(&pgs, &user, rng.hex32())],
    };
    let billing_profile = billing::billing_profile(&mut rng, &user, base);
    State {
        user,
        accounts: Vec::new(),
        members: Vec::new(),
        permission_groups: pgs,
        tokens: vec![token],
        subscriptions: Vec::new(),
        invites: Vec::new(),
        user_orgs: Vec::new(),
        orgs: Vec::new(),
        org_members: Vec::new(),
        billing_profile,
        billing_history: Vec::new(),
        audit: Vec::new(),
        audit_seq: 1,
        rng: Prng::new(config.seed ^ 0xA5A5_5A5A_DEAD_BEEF),
    }
}

/// Builds the whole generated world for a config.
/// Builds the whole generated world for a config. The sections run in a fixed order on one
/// generator, so the same seed gives the same world.
pub(crate) fn build(config: &MockConfig) -> State {
    let mut rng = Prng::new(config.seed);
    let base = base_time();
    let pgs = permission_groups();
    let pg_id = |name: &str| -> String { pg_id_in(&pgs, name) };

    let user = user(&mut rng, config);
    let (company, orgs) = organizations::organizations(&mut rng, base);
    let accounts = accounts::accounts(&mut rng, base, &company, &orgs);
    let (members, invites) = accounts::members(&mut rng, base, &user, &accounts, &pg_id);
    let tokens = tokens::tokens(&mut rng, base, config, &user, &accounts, &pgs);
    let subscriptions = billing::subscriptions(&mut rng, base, &accounts);
    let user_orgs = organizations::user_orgs(&mut rng);
    let org_members = organizations::org_members(&mut rng, &user, &orgs);
    let (billing_profile, billing_history) = billing::billing(&mut rng, &user, base);

    let mut state = State {
        user,
        accounts,
        members,
        permission_groups: pgs,
        tokens,
        subscriptions,
        invites,
        user_orgs,
        orgs,
        org_members,
        billing_profile,
        billing_history,
        audit: Vec::new(),
        audit_seq: 1,
        rng: Prng::new(config.seed ^ 0xA5A5_5A5A_DEAD_BEEF),
    };
    audit::seed_audit(&mut state, &mut rng);
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invariants_hold_for_many_seeds() {
        for seed in 0..40u64 {
            let cfg = MockConfig {
                seed,
                ..MockConfig::default()
            };
            let st = build(&cfg);
            let accessible: Vec<&Account> = st
                .accounts
                .iter()
                .filter(|a| st.user_can_access(&a.id))
                .collect();
            assert_eq!(accessible.len(), 12, "seed {seed}");
            let first = &st.accounts[0];
            assert_eq!(
                st.members
                    .iter()
                    .filter(|m| m.account_id == first.id)
                    .count(),
                63
            );
            let mut ids = std::collections::HashSet::new();
            for id in st
                .accounts
                .iter()
                .map(|a| &a.id)
                .chain(st.members.iter().map(|m| &m.id))
                .chain(st.tokens.iter().map(|t| &t.id))
                .chain(st.orgs.iter().map(|o| &o.id))
                .chain(st.org_members.iter().map(|m| &m.id))
                .chain(st.subscriptions.iter().map(|s| &s.id))
            {
                assert_eq!(id.len(), 32);
                assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
                assert!(ids.insert(id.clone()), "duplicate id for seed {seed}");
            }
            assert_eq!(st.audit.len(), 200);
            assert!(
                st.audit
                    .windows(2)
                    .all(|w| w[0].seq < w[1].seq && w[0].time <= w[1].time)
            );
            assert_eq!(
                st.tokens.first().map(|t| t.value.as_str()),
                Some("mock-api-token")
            );
            assert_eq!(st.permission_groups.len(), PERMISSION_GROUPS.len());
            let pg_ids: std::collections::HashSet<&str> =
                st.permission_groups.iter().map(|g| g.id.as_str()).collect();
            assert_eq!(pg_ids.len(), PERMISSION_GROUPS.len());
            let names: std::collections::HashSet<&str> =
                st.accounts.iter().map(|a| a.name.as_str()).collect();
            assert_eq!(names.len(), st.accounts.len());
        }
    }
}
