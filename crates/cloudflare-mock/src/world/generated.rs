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

use crate::MockConfig;
use crate::audit::{AuditEvent, AuditScope};
use crate::prng::{Prng, stable_hex_id};
use crate::state::{
    Account, BillingItem, Invite, Member, MemberPolicy, OrgMember, Organization, Owner,
    PermissionGroup, Profile, RatePlan, Role, State, Subscription, Token, TokenPolicy, User,
    UserOrg,
};

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
    let billing_profile = billing_profile(&mut rng, &user, base);
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
pub(crate) fn build(config: &MockConfig) -> State {
    let mut rng = Prng::new(config.seed);
    let base = base_time();
    let pgs = permission_groups();
    let pg_id = |name: &str| -> String { pg_id_in(&pgs, name) };

    let user = user(&mut rng, config);

    // Organizations: a root, its child, another root.
    let company = (*rng.pick(COMPANIES)).to_owned();
    let org_names = [
        format!("{company} Holdings"),
        format!("{company} Europe"),
        format!("{} Ventures", rng.pick(COMPANIES)),
    ];
    let mut orgs: Vec<Organization> = Vec::new();
    for (i, name) in org_names.iter().enumerate() {
        let id = rng.hex32();
        let parent_id = if i == 1 {
            orgs.first().map(|o| o.id.clone())
        } else {
            None
        };
        let tags = match i {
            1 => vec!["emea".to_owned(), "child".to_owned()],
            _ => vec!["root".to_owned()],
        };
        let p = profile(&mut rng, name);
        orgs.push(Organization {
            id,
            name: name.clone(),
            create_time: base - Duration::days(700 - 30 * i as i64),
            parent_id,
            profile: Some(p),
            flags: [
                "enabled".to_owned(),
                "enabled".to_owned(),
                if i == 2 { "disabled" } else { "enabled" }.to_owned(),
                "enabled".to_owned(),
                if i == 1 { "disabled" } else { "enabled" }.to_owned(),
            ],
            hierarchy_tags: tags,
            managed_by: String::new(),
        });
    }

    // Accounts: 12 accessible, then 3 where the user is only invited.
    let mut used_names = std::collections::HashSet::new();
    let mut accounts = Vec::new();
    for i in 0..15usize {
        let name = if i == 0 {
            format!("{company} Production")
        } else {
            loop {
                let n = format!("{} {}", rng.pick(COMPANIES), rng.pick(SUFFIXES));
                if used_names.insert(n.clone()) && n != format!("{company} Production") {
                    break n;
                }
            }
        };
        let org_idx = match i {
            0..=6 => 0,
            7..=9 => 1,
            _ => 2,
        };
        let id = rng.hex32();
        let p = profile(&mut rng, &name);
        let created_days = rng.range(30, 900) as i64;
        let account_roles = roles(&mut rng);
        accounts.push(Account {
            id,
            kind: if i == 0 || i == 7 {
                "enterprise"
            } else {
                "standard"
            }
            .to_owned(),
            created_on: base - Duration::days(created_days),
            abuse_contact_email: (i % 3 == 0).then(|| format!("abuse@{}.example", slug(&name))),
            enforce_twofactor: i % 4 == 0,
            api_access_enabled: true,
            org_id: orgs.get(org_idx).map(|o| o.id.clone()).unwrap_or_default(),
            profile: p,
            roles: account_roles,
            resource_group_id: rng.hex32(),
            name,
        });
    }

    // Members.
    let mut members = Vec::new();
    let mut invites = Vec::new();
    let member_pgs = [
        "Zone Read",
        "DNS Write",
        "Analytics Read",
        "Billing Read",
        "Workers Scripts Write",
        "Account Settings Read",
    ];
    for (ai, acc) in accounts.iter().enumerate() {
        let domain = format!("{}.example", slug(&acc.name));
        let role_id = |n: usize| acc.roles.get(n).map(|r| r.id.clone()).unwrap_or_default();
        let accessible = ai < 12;
        // The user's own membership.
        let own_status = if accessible { "accepted" } else { "pending" };
        let own_id = rng.hex32();
        members.push(Member {
            id: own_id.clone(),
            account_id: acc.id.clone(),
            user_id: user.id.clone(),
            email: user.email.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            two_factor_enabled: true,
            status: own_status.to_owned(),
            role_ids: vec![role_id(if accessible { 0 } else { 2 })],
            policies: vec![MemberPolicy {
                id: rng.hex32(),
                access: "allow".to_owned(),
                permission_group_ids: vec![pg_id("Account Settings Write"), pg_id("Billing Write")],
                resource_group_ids: vec![acc.resource_group_id.clone()],
            }],
        });
        if !accessible {
            let (inviter_first, inviter_last, _) = person(&mut rng, &domain, 0);
            invites.push(Invite {
                id: rng.hex32(),
                member_id: own_id,
                account_id: acc.id.clone(),
                invited_by: format!(
                    "{}.{}@{domain}",
                    inviter_first.to_ascii_lowercase(),
                    inviter_last.to_ascii_lowercase()
                ),
                invited_on: base - Duration::days(3 + ai as i64),
                expires_on: if ai == 14 {
                    base - Duration::days(1)
                } else {
                    time::macros::datetime!(2099-01-01 00:00:00 UTC)
                },
                status: if ai == 14 { "expired" } else { "pending" }.to_owned(),
                roles: vec![acc.roles.get(2).map(|r| r.name.clone()).unwrap_or_default()],
            });
        }
        let others = if ai == 0 {
            62
        } else {
            rng.range(1, 5) as usize
        };
        for n in 0..others {
            let (first, last, email) = person(&mut rng, &domain, n);
            let status = if n % 9 == 4 { "pending" } else { "accepted" };
            let mut role_ids = vec![role_id(1 + rng.below(13) as usize)];
            if rng.chance(1, 4) {
                let extra = role_id(1 + rng.below(13) as usize);
                if !role_ids.contains(&extra) {
                    role_ids.push(extra);
                }
            }
            let policies = if rng.chance(1, 2) {
                let a = pg_id(rng.pick::<&str>(&member_pgs));
                let b = pg_id(rng.pick::<&str>(&member_pgs));
                let mut ids = vec![a];
                if !ids.contains(&b) {
                    ids.push(b);
                }
                vec![MemberPolicy {
                    id: rng.hex32(),
                    access: if rng.chance(1, 8) { "deny" } else { "allow" }.to_owned(),
                    permission_group_ids: ids,
                    resource_group_ids: vec![acc.resource_group_id.clone()],
                }]
            } else {
                Vec::new()
            };
            members.push(Member {
                id: rng.hex32(),
                account_id: acc.id.clone(),
                user_id: rng.hex32(),
                email,
                first_name: Some(first),
                last_name: Some(last),
                two_factor_enabled: rng.chance(2, 3),
                status: status.to_owned(),
                role_ids,
                policies,
            });
        }
    }

    // Tokens.
    let mut tokens = Vec::new();
    let all_accounts = json!({"com.cloudflare.api.account.*": "*"});
    let user_res = json!({ format!("com.cloudflare.api.user.{}", user.id): "*" });
    // (name, status, expires_on, not_before, has an IP condition)
    type Spec = (
        &'static str,
        &'static str,
        Option<OffsetDateTime>,
        Option<OffsetDateTime>,
        bool,
    );
    let user_token_specs: [Spec; 5] = [
        ("mock-api-token", "active", None, None, false),
        (
            "CI deploy token",
            "active",
            Some(time::macros::datetime!(2099-01-01 00:00:00 UTC)),
            None,
            false,
        ),
        (
            "Old analytics token",
            "active",
            Some(base - Duration::days(10)),
            None,
            false,
        ),
        ("Disabled DNS token", "disabled", None, None, false),
        (
            "Office-only read token",
            "active",
            None,
            Some(base - Duration::days(20)),
            true,
        ),
    ];
    for (i, (name, status, expires, not_before, cond)) in user_token_specs.iter().enumerate() {
        let id = rng.hex32();
        let value = if i == 0 {
            config.token.clone()
        } else {
            rng.token_value()
        };
        let (groups, resources) = match i {
            0 => {
                let full = full_access_policy(&pgs, &user, String::new());
                (full.permission_group_ids, full.resources)
            }
            1 => (vec![pg_id("Workers Scripts Write")], all_accounts.clone()),
            2 => (vec![pg_id("Analytics Read")], all_accounts.clone()),
            3 => (vec![pg_id("DNS Write")], all_accounts.clone()),
            _ => (vec![pg_id("User Details Read")], user_res.clone()),
        };
        tokens.push(Token {
            id,
            owner: Owner::User,
            name: (*name).to_owned(),
            value,
            status: (*status).to_owned(),
            issued_on: base - Duration::days(200 - 30 * i as i64),
            modified_on: base - Duration::days(100 - 10 * i as i64),
            last_used_on: (i != 3).then(|| base - Duration::days(i as i64 + 1)),
            expires_on: *expires,
            not_before: *not_before,
            condition: cond.then(|| {
                json!({"request_ip": {"in": ["198.51.100.0/24", "2001:db8::/32"], "not_in": ["198.51.100.7/32"]}})
            }),
            policies: vec![TokenPolicy {
                id: rng.hex32(),
                effect: "allow".to_owned(),
                permission_group_ids: groups,
                resources,
            }],
        });
    }
    let acct_token_names = [
        "Terraform",
        "Log push",
        "Pages deploy",
        "Monitoring",
        "Backup",
        "Billing export",
        "Workers CI",
    ];
    for (ai, acc) in accounts.iter().enumerate().take(4) {
        let n = if ai == 0 { 7 } else { 2 };
        for (k, name) in acct_token_names.iter().enumerate().take(n) {
            tokens.push(Token {
                id: rng.hex32(),
                owner: Owner::Account(acc.id.clone()),
                name: (*name).to_owned(),
                value: rng.token_value(),
                status: if k == 5 { "disabled" } else { "active" }.to_owned(),
                issued_on: base - Duration::days(150 - 7 * k as i64),
                modified_on: base - Duration::days(60 - 3 * k as i64),
                last_used_on: Some(base - Duration::days(k as i64)),
                expires_on: None,
                not_before: None,
                condition: None,
                policies: vec![TokenPolicy {
                    id: rng.hex32(),
                    effect: "allow".to_owned(),
                    permission_group_ids: vec![pg_id(rng.pick::<&str>(&member_pgs))],
                    resources: json!({ format!("com.cloudflare.api.account.{}", acc.id): "*" }),
                }],
            });
        }
    }

    // Subscriptions.
    let mut subscriptions = Vec::new();
    let mut add_sub = |rng: &mut Prng, owner: Owner, plan: &str, freq: &str, state: &str| {
        if let Some((rate_plan, monthly)) = RatePlan::known(plan) {
            let (price, months) = price_for(monthly, freq);
            let start = base - Duration::days(rng.range(1, 25) as i64);
            subscriptions.push(Subscription {
                id: rng.hex32(),
                owner,
                frequency: freq.to_owned(),
                currency: rate_plan.currency.clone(),
                rate_plan,
                price,
                state: state.to_owned(),
                period_start: start,
                period_end: start + months,
            });
        }
    };
    for (ai, acc) in accounts.iter().enumerate() {
        let plans = ["pro", "business", "free", "pro_plus"];
        let plan = if ai == 0 {
            "enterprise"
        } else {
            *rng.pick(&plans)
        };
        let freq = if ai == 0 { "yearly" } else { "monthly" };
        add_sub(&mut rng, Owner::Account(acc.id.clone()), plan, freq, "Paid");
        if ai % 3 == 0 {
            add_sub(
                &mut rng,
                Owner::Account(acc.id.clone()),
                "lite",
                "monthly",
                "Trial",
            );
        }
    }
    add_sub(&mut rng, Owner::User, "pro", "monthly", "Paid");
    add_sub(
        &mut rng,
        Owner::User,
        "business",
        "yearly",
        "AwaitingPayment",
    );

    // Legacy user organizations.
    let user_orgs = (0..3)
        .map(|i| UserOrg {
            id: rng.hex32(),
            name: format!("{}, Inc.", rng.pick(COMPANIES)),
            status: if i == 2 { "invited" } else { "member" }.to_owned(),
            roles: vec![
                if i == 0 {
                    "All Privileges - Super Administrator"
                } else {
                    "Administrator Read Only"
                }
                .to_owned(),
            ],
            permissions: if i == 0 {
                vec![
                    "#zones:read".into(),
                    "#zones:edit".into(),
                    "#billing:read".into(),
                    "#billing:edit".into(),
                ]
            } else {
                vec!["#zones:read".into(), "#analytics:read".into()]
            },
        })
        .collect();

    // Organization members.
    let mut org_members = Vec::new();
    for (oi, org) in orgs.iter().enumerate() {
        let domain = format!("{}.example", slug(&org.name));
        org_members.push(OrgMember {
            id: rng.hex32(),
            org_id: org.id.clone(),
            user_id: user.id.clone(),
            email: user.email.clone(),
            name: format!(
                "{} {}",
                user.first_name.clone().unwrap_or_default(),
                user.last_name.clone().unwrap_or_default()
            ),
            two_factor_enabled: true,
            status: "active".to_owned(),
            create_time: org.create_time,
            update_time: org.create_time,
        });
        let n = [25, 3, 2].get(oi).copied().unwrap_or(2);
        for k in 0..n {
            let (first, last, email) = person(&mut rng, &domain, k);
            let status = match k % 10 {
                3 => "pending",
                7 => "canceled",
                9 => "rejected",
                _ => "active",
            };
            let created = org.create_time + Duration::days(5 * k as i64 + 1);
            org_members.push(OrgMember {
                id: rng.hex32(),
                org_id: org.id.clone(),
                user_id: rng.hex32(),
                email,
                name: format!("{first} {last}"),
                two_factor_enabled: rng.chance(1, 2),
                status: status.to_owned(),
                create_time: created,
                update_time: created + Duration::days(rng.range(0, 30) as i64),
            });
        }
    }

    let billing_profile = billing_profile(&mut rng, &user, base);
    let billing_history = (0..45)
        .map(|i| {
            let plan = if i % 5 == 0 {
                "Business Plan"
            } else {
                "Pro Plan"
            };
            BillingItem {
                id: rng.hex32(),
                kind: if i % 11 == 10 { "refund" } else { "charge" }.to_owned(),
                action: if i % 7 == 3 { "add-on" } else { "subscription" }.to_owned(),
                description: format!("{plan} for {}", rng.pick(ZONES)),
                occurred_at: base - Duration::days(30 * i as i64) + Duration::hours(12),
                amount: if i % 5 == 0 { 200.0 } else { 20.0 },
                currency: "USD".to_owned(),
                zone_name: (*rng.pick(ZONES)).to_owned(),
            }
        })
        .collect();

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
    seed_audit(&mut state, &mut rng);
    state
}

/// Price for a billing period and the period length.
pub(crate) fn price_for(monthly: f64, frequency: &str) -> (f64, Duration) {
    match frequency {
        "weekly" => ((monthly / 4.0 * 100.0).round() / 100.0, Duration::weeks(1)),
        "quarterly" => (monthly * 3.0, Duration::days(91)),
        "yearly" => (monthly * 10.0, Duration::days(365)),
        _ => (monthly, Duration::days(30)),
    }
}

fn billing_profile(rng: &mut Prng, user: &User, base: OffsetDateTime) -> Value {
    let first = user.first_name.clone().unwrap_or_default();
    let last = user.last_name.clone().unwrap_or_default();
    let street = format!("{} Market Street", rng.range(1, 999));
    json!({
        "id": rng.hex32(),
        "account_type": "type",
        "first_name": first,
        "last_name": last,
        "address": street,
        "address2": "Suite 100",
        "company": "Example Company",
        "city": "San Francisco",
        "state": "CA",
        "zipcode": "94107",
        "country": "US",
        "telephone": user.telephone.clone().unwrap_or_default(),
        "card_number": "4242",
        "card_expiry_year": 2099,
        "card_expiry_month": 12,
        "vat": "",
        "tax_id_type": "",
        "balance": "0",
        "device_data": "",
        "use_legacy": false,
        "is_partner": false,
        "validation_code": "",
        "payment_gateway": "stripe",
        "payment_nonce": "",
        "payment_first_name": first,
        "payment_last_name": last,
        "payment_address": street,
        "payment_address2": "Suite 100",
        "payment_city": "San Francisco",
        "payment_state": "CA",
        "payment_zipcode": "94107",
        "payment_country": "US",
        "payment_email": user.email,
        "primary_email": user.email,
        "enterprise_billing_email": user.email,
        "enterprise_primary_email": user.email,
        "created_on": crate::state::fmt_time(base - Duration::days(1200)),
        "edited_on": crate::state::fmt_time(base - Duration::days(40)),
        "next_bill_date": crate::state::fmt_time(base + Duration::days(14)),
    })
}

/// Seeds 200 audit events over the 90 days before the base date.
fn seed_audit(st: &mut State, rng: &mut Prng) {
    let base = base_time();
    let start = base - Duration::days(90);
    let mut drafts: Vec<AuditEvent> = Vec::new();
    let account0 = st.accounts.first().map(|a| (a.id.clone(), a.name.clone()));
    let account0_members: Vec<(String, String, String)> = account0
        .as_ref()
        .map(|(aid, _)| {
            st.members
                .iter()
                .filter(|m| &m.account_id == aid)
                .take(8)
                .map(|m| (m.user_id.clone(), m.email.clone(), m.id.clone()))
                .collect()
        })
        .unwrap_or_default();
    let contexts = ["dash", "dash", "api_token", "api_key"];
    let user_id = st.user.id.clone();
    let user_email = st.user.email.clone();
    let token0 = st.tokens.first().map(|t| (t.id.clone(), t.name.clone()));

    for i in 0..200u64 {
        let minutes = (i * 90 * 24 * 60 / 200) as i64 + rng.below(300) as i64;
        let time = start + Duration::minutes(minutes);
        let bucket = i % 10;
        let (scope, resource_scope) = match bucket {
            0..=5 => match &account0 {
                Some((id, name)) => (AuditScope::Account(id.clone(), name.clone()), "accounts"),
                None => (AuditScope::User, "user"),
            },
            6 => {
                let idx = 1 + rng.below(11) as usize;
                match st.accounts.get(idx) {
                    Some(a) => (
                        AuditScope::Account(a.id.clone(), a.name.clone()),
                        "accounts",
                    ),
                    None => (AuditScope::User, "user"),
                }
            }
            7 | 8 => {
                let o = if bucket == 7 {
                    0
                } else {
                    1 + rng.below(2) as usize
                };
                match st.orgs.get(o) {
                    Some(org) => (AuditScope::Organization(org.id.clone()), "organizations"),
                    None => (AuditScope::User, "user"),
                }
            }
            _ => (AuditScope::User, "user"),
        };
        let (actor_id, actor_email) =
            if matches!(scope, AuditScope::Account(..)) && rng.chance(1, 3) {
                account0_members
                    .get(rng.below(account0_members.len() as u64) as usize)
                    .map(|(id, e, _)| (id.clone(), e.clone()))
                    .unwrap_or((user_id.clone(), user_email.clone()))
            } else {
                (user_id.clone(), user_email.clone())
            };
        let context = (*rng.pick(&contexts)).to_owned();
        let (token_id, token_name) = if context == "api_token" {
            token0
                .clone()
                .map_or((None, None), |(a, b)| (Some(a), Some(b)))
        } else {
            (None, None)
        };
        let kind = rng.below(6);
        let mut zone = None;
        let (action_type, v1_action, rtype, product, resource_scope, method, uri_tail, rid) =
            match (&scope, kind) {
                (AuditScope::Account(..), 0) => {
                    let rid = account0_members
                        .get(rng.below(account0_members.len() as u64) as usize)
                        .map(|m| m.2.clone())
                        .unwrap_or_default();
                    (
                        "create",
                        "add",
                        "member",
                        "members",
                        "memberships",
                        "POST",
                        "/members".to_owned(),
                        rid,
                    )
                }
                (AuditScope::Account(..), 1) => {
                    let rid = rng.hex32();
                    (
                        "update",
                        "change_setting",
                        "member",
                        "members",
                        "memberships",
                        "PUT",
                        format!("/members/{rid}"),
                        rid,
                    )
                }
                (AuditScope::Account(id, _), 2) => (
                    "update",
                    "change_setting",
                    "account",
                    "accounts",
                    resource_scope,
                    "PUT",
                    String::new(),
                    id.clone(),
                ),
                (AuditScope::Account(..), 3) => {
                    let zname = (*rng.pick(ZONES)).to_owned();
                    let zid = stable_hex_id(&zname);
                    zone = Some((zid.clone(), zname));
                    let rid = rng.hex32();
                    (
                        "update",
                        "rec_set",
                        "dns_record",
                        "dns_records",
                        "zones",
                        "PATCH",
                        format!("/zones/{zid}/dns_records/{rid}"),
                        rid,
                    )
                }
                (AuditScope::Account(..), 4) => {
                    let rid = rng.hex32();
                    (
                        "create",
                        "create",
                        "token",
                        "api_tokens",
                        resource_scope,
                        "POST",
                        "/tokens".to_owned(),
                        rid,
                    )
                }
                (AuditScope::Account(..), _) => {
                    let rid = rng.hex32();
                    (
                        "delete",
                        "delete",
                        "subscription",
                        "subscriptions",
                        resource_scope,
                        "DELETE",
                        format!("/subscriptions/{rid}"),
                        rid,
                    )
                }
                (AuditScope::Organization(id), k) if k < 3 => (
                    "update",
                    "change_setting",
                    "organization",
                    "organizations",
                    resource_scope,
                    "PUT",
                    String::new(),
                    id.clone(),
                ),
                (AuditScope::Organization(..), _) => {
                    let rid = rng.hex32();
                    (
                        "create",
                        "add",
                        "organization_member",
                        "organizations",
                        resource_scope,
                        "POST",
                        "/members".to_owned(),
                        rid,
                    )
                }
                (AuditScope::User, k) if k < 4 => (
                    "view",
                    "login",
                    "user",
                    "user",
                    "user",
                    "GET",
                    String::new(),
                    user_id.clone(),
                ),
                (AuditScope::User, _) => (
                    "update",
                    "change_setting",
                    "user",
                    "user",
                    "user",
                    "PATCH",
                    String::new(),
                    user_id.clone(),
                ),
            };
        let raw_uri = match &scope {
            AuditScope::Account(id, _) => {
                if uri_tail.starts_with("/zones") {
                    uri_tail.clone()
                } else {
                    format!("/accounts/{id}{uri_tail}")
                }
            }
            AuditScope::Organization(id) => format!("/organizations/{id}{uri_tail}"),
            AuditScope::User => "/user".to_owned(),
        };
        let success = !rng.chance(1, 25);
        drafts.push(AuditEvent {
            seq: 0,
            id: rng.hex32(),
            v1_id: rng.uuid(),
            time,
            action_type: action_type.to_owned(),
            v1_action: v1_action.to_owned(),
            success,
            actor_id,
            actor_email,
            actor_ip: random_ip(rng),
            actor_context: context,
            actor_type: "user".to_owned(),
            token_id,
            token_name,
            scope,
            resource_id: rid,
            resource_type: rtype.to_owned(),
            resource_product: product.to_owned(),
            resource_scope: resource_scope.to_owned(),
            request: json!({}),
            response: json!({}),
            raw_method: method.to_owned(),
            raw_uri,
            raw_status: if success { 200 } else { 403 },
            cf_ray: rng.hex16(),
            user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15"
                .to_owned(),
            zone,
        });
    }
    drafts.sort_by_key(|e| e.time);
    for mut e in drafts {
        e.seq = st.audit_seq;
        st.audit_seq += 1;
        st.audit.push(e);
    }
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
