//! API token policies, enforced as the API documents them.
//!
//! A request made with an API token passes when, for one of the permission groups that grant
//! the route (see [`Need`]; a `... Write` group also grants what its `... Read` twin does), some
//! `allow` policy of the token lists that group with a resource that covers the request, and no
//! `deny` policy lists that same group with a covering resource (deny wins).
//!
//! Resources (the keys of a policy's `resources` object):
//! - `com.cloudflare.api.account.<id>`: `"*"` covers that account;
//!   `com.cloudflare.api.account.*`: `"*"` covers every account (and the routes without an
//!   account in their path that act on accounts: `POST /accounts`, `POST /accounts/move`).
//! - A nested object, `{"com.cloudflare.api.account.<id>": {"com.cloudflare.api.account.zone.*":
//!   "*"}}`, scopes zone permissions to the zones of that account: it covers no account-level
//!   operation (this emulator serves none of the zone operations).
//! - `com.cloudflare.api.user.<id>` (or `com.cloudflare.api.user.*`) covers the user's own
//!   operations (`/user...`).
//!
//! A token's `condition.request_ip.in` (when not empty) must contain the client address and
//! `condition.request_ip.not_in` must not; IPv4-mapped IPv6 peers are compared as IPv4, and a
//! malformed CIDR matches nothing.
//!
//! Refusals, as the API answers them:
//! - a token lacking the permission or the resource: 403, code 9109, "Unauthorized to access
//!   requested resource";
//! - a token used from an address its condition refuses: 403, code 9109, "Cannot use the access
//!   token from location: {ip}";
//! - an unknown, rolled, deleted, disabled or expired token, or one before its `not_before`:
//!   401, code 9109, "Invalid access token" (see `auth`).
//!
//! Where the emulator is more lenient than the API (documented, not hidden): the global API key
//! and the user service key have full access (the real user service key only serves the
//! Origin CA operations); the organization operations (`/organizations/...`) only require a
//! valid credential, since the schema names no permission group for them; `GET /accounts` is
//! filtered to the accounts the token may read rather than refused.

use std::net::IpAddr;

use serde_json::Value;

use crate::errors::{ApiError, CODE_INVALID_TOKEN};
use crate::state::{State, Token};

/// Permission groups (by name), any one of which grants an operation.
pub(crate) type Perm = &'static [&'static str];

/// Reading an account's settings, members, roles, profile and audit logs.
pub(crate) const ACCOUNT_READ: Perm = &["Account Settings Read", "Account Settings Write"];
/// Changing them.
pub(crate) const ACCOUNT_WRITE: Perm = &["Account Settings Write"];
/// Reading an account's audit logs.
pub(crate) const ACCOUNT_LOGS: Perm = &[
    "Account Settings Read",
    "Account Settings Write",
    "Logs Read",
    "Logs Write",
];
/// Reading billing data and subscriptions.
pub(crate) const BILLING_READ: Perm = &["Billing Read", "Billing Write"];
/// Changing subscriptions.
pub(crate) const BILLING_WRITE: Perm = &["Billing Write"];
/// Reading account tokens.
pub(crate) const ACCOUNT_TOKENS_READ: Perm =
    &["Account API Tokens Read", "Account API Tokens Write"];
/// Creating, changing, rolling and deleting account tokens.
pub(crate) const ACCOUNT_TOKENS_WRITE: Perm = &["Account API Tokens Write"];
/// Reading the user.
pub(crate) const USER_READ: Perm = &["User Details Read", "User Details Write"];
/// Changing the user.
pub(crate) const USER_WRITE: Perm = &["User Details Write"];
/// Reading user tokens.
pub(crate) const USER_TOKENS_READ: Perm = &["API Tokens Read", "API Tokens Write"];
/// Creating, changing, rolling and deleting user tokens.
pub(crate) const USER_TOKENS_WRITE: Perm = &["API Tokens Write"];
/// Reading the user's invites and memberships.
pub(crate) const MEMBERSHIPS_READ: Perm = &["Memberships Read", "Memberships Write"];
/// Answering invites, leaving organizations.
pub(crate) const MEMBERSHIPS_WRITE: Perm = &["Memberships Write"];

/// What a route requires of a token, beyond being valid.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Need {
    /// Nothing more (`.../tokens/verify`: a token may always verify itself).
    Nothing,
    /// The permission on the account named by the first path parameter.
    Account(Perm),
    /// The permission on every account (`com.cloudflare.api.account.*`).
    AllAccounts(Perm),
    /// Checked by the handler per item: `GET /accounts` lists the accounts on which the token
    /// holds [`ACCOUNT_READ`].
    PerAccount,
    /// The permission on the user.
    User(Perm),
    /// Not checked (the organization operations; see the module docs).
    Unchecked,
}

/// What a request is about, for resource matching.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Resource<'a> {
    /// One account.
    Account(&'a str),
    /// Every account.
    AllAccounts,
    /// The user.
    User(&'a str),
}

/// One resolved policy of a token.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    allow: bool,
    groups: Vec<String>,
    resources: Value,
}

/// What the request's credential may do.
#[derive(Debug, Clone)]
pub(crate) enum Access {
    /// The global API key, the user service key.
    Full,
    /// An API token's policies, with the permission groups resolved to their names.
    Token(Vec<Rule>),
}

const ACCOUNT_PREFIX: &str = "com.cloudflare.api.account.";
const USER_PREFIX: &str = "com.cloudflare.api.user.";

impl Access {
    /// The policies of `token`, permission group ids resolved through the catalogue of `st`
    /// (an unknown id grants nothing).
    pub(crate) fn of_token(token: &Token, st: &State) -> Access {
        let rules = token
            .policies
            .iter()
            .map(|p| Rule {
                allow: p.effect != "deny",
                groups: p
                    .permission_group_ids
                    .iter()
                    .filter_map(|id| st.permission_groups.iter().find(|g| &g.id == id))
                    .map(|g| g.name.clone())
                    .collect(),
                resources: p.resources.clone(),
            })
            .collect();
        Access::Token(rules)
    }

    /// True when the credential holds one of `perm` on `resource`.
    pub(crate) fn allows(&self, perm: Perm, resource: Resource<'_>) -> bool {
        let Access::Token(rules) = self else {
            return true;
        };
        perm.iter().any(|group| {
            let hit = |allow: bool| {
                rules.iter().any(|r| {
                    r.allow == allow
                        && r.groups.iter().any(|g| g == group)
                        && covers(&r.resources, resource)
                })
            };
            hit(true) && !hit(false)
        })
    }

    /// Checks a route's need against this credential; `account_param` is the route's first
    /// path parameter, `user_id` the user's id.
    pub(crate) fn check(
        &self,
        need: Need,
        account_param: &str,
        user_id: &str,
    ) -> Result<(), ApiError> {
        let ok = match need {
            Need::Nothing | Need::Unchecked | Need::PerAccount => true,
            Need::Account(p) => self.allows(p, Resource::Account(account_param)),
            Need::AllAccounts(p) => self.allows(p, Resource::AllAccounts),
            Need::User(p) => self.allows(p, Resource::User(user_id)),
        };
        if ok { Ok(()) } else { Err(unauthorized()) }
    }
}

/// 403/9109 "Unauthorized to access requested resource".
pub(crate) fn unauthorized() -> ApiError {
    ApiError::new(
        403,
        CODE_INVALID_TOKEN,
        "Unauthorized to access requested resource",
    )
}

/// 403/9109 for a token used from a refused address.
pub(crate) fn refused_location(ip: IpAddr) -> ApiError {
    ApiError::new(
        403,
        CODE_INVALID_TOKEN,
        format!("Cannot use the access token from location: {ip}"),
    )
}

/// True when a policy's `resources` object covers `resource`.
fn covers(resources: &Value, resource: Resource<'_>) -> bool {
    let Some(map) = resources.as_object() else {
        return false;
    };
    map.iter().any(|(key, value)| {
        // A nested object scopes zone permissions: it covers no account-level operation.
        if !value.is_string() {
            return false;
        }
        match resource {
            Resource::Account(id) => key
                .strip_prefix(ACCOUNT_PREFIX)
                .is_some_and(|rest| rest == "*" || rest == id),
            Resource::AllAccounts => key.strip_prefix(ACCOUNT_PREFIX) == Some("*"),
            Resource::User(id) => key
                .strip_prefix(USER_PREFIX)
                .is_some_and(|rest| rest == "*" || rest == id),
        }
    })
}

/// True when the token's `condition` lets `ip` use it.
pub(crate) fn ip_allowed(condition: Option<&Value>, ip: IpAddr) -> bool {
    let Some(request_ip) = condition.and_then(|c| c.get("request_ip")) else {
        return true;
    };
    let ip = canonical(ip);
    let list = |key: &str| -> Vec<&str> {
        request_ip
            .get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let allow = list("in");
    let deny = list("not_in");
    let in_any = |cidrs: &[&str]| cidrs.iter().any(|c| cidr_contains(c, ip));
    (allow.is_empty() || in_any(&allow)) && !in_any(&deny)
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// True when `cidr` (`a.b.c.d/n`, `x::/n`, or a bare address) contains `ip`.
fn cidr_contains(cidr: &str, ip: IpAddr) -> bool {
    let (addr, len) = match cidr.split_once('/') {
        Some((a, l)) => (a, l.parse::<u32>().ok()),
        None => (cidr, None),
    };
    let Ok(net) = addr.trim().parse::<IpAddr>() else {
        return false;
    };
    match (canonical(net), ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => {
            let len = len.unwrap_or(32);
            if len > 32 {
                return false;
            }
            let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
            u32::from(n) & mask == u32::from(i) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(i)) => {
            let len = len.unwrap_or(128);
            if len > 128 {
                return false;
            }
            let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
            u128::from(n) & mask == u128::from(i) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn cidrs() {
        assert!(cidr_contains("192.0.2.0/24", ip("192.0.2.77")));
        assert!(!cidr_contains("192.0.2.0/24", ip("127.0.0.1")));
        assert!(cidr_contains("0.0.0.0/0", ip("127.0.0.1")));
        assert!(cidr_contains("127.0.0.1", ip("127.0.0.1")));
        assert!(!cidr_contains("127.0.0.1/33", ip("127.0.0.1")));
        assert!(cidr_contains("2001:db8::/32", ip("2001:db8::1")));
        assert!(!cidr_contains("2001:db8::/32", ip("127.0.0.1")));
        assert!(!cidr_contains("garbage", ip("127.0.0.1")));
        let mapped = canonical(ip("::ffff:127.0.0.1"));
        assert!(cidr_contains("127.0.0.0/8", mapped));
    }

    #[test]
    fn conditions() {
        let c = json!({"request_ip": {"in": ["192.0.2.0/24"], "not_in": ["192.0.2.7/32"]}});
        assert!(!ip_allowed(Some(&c), ip("127.0.0.1")));
        assert!(ip_allowed(Some(&c), ip("192.0.2.8")));
        assert!(!ip_allowed(Some(&c), ip("192.0.2.7")));
        let only_not = json!({"request_ip": {"not_in": ["127.0.0.0/8"]}});
        assert!(!ip_allowed(Some(&only_not), ip("127.0.0.1")));
        assert!(ip_allowed(Some(&only_not), ip("10.0.0.1")));
        assert!(ip_allowed(None, ip("127.0.0.1")));
        assert!(ip_allowed(Some(&json!({})), ip("127.0.0.1")));
    }

    #[test]
    fn allow_and_deny() {
        let rules = |v: Vec<(bool, &str, Value)>| {
            Access::Token(
                v.into_iter()
                    .map(|(allow, g, resources)| Rule {
                        allow,
                        groups: vec![g.to_owned()],
                        resources,
                    })
                    .collect(),
            )
        };
        let one = rules(vec![(
            true,
            "Account Settings Read",
            json!({"com.cloudflare.api.account.aaa": "*"}),
        )]);
        assert!(one.allows(ACCOUNT_READ, Resource::Account("aaa")));
        assert!(!one.allows(ACCOUNT_READ, Resource::Account("bbb")));
        assert!(!one.allows(ACCOUNT_WRITE, Resource::Account("aaa")));
        assert!(!one.allows(ACCOUNT_READ, Resource::AllAccounts));
        assert!(!one.allows(USER_READ, Resource::User("u")));
        let wild_but_denied = rules(vec![
            (
                true,
                "Account Settings Write",
                json!({"com.cloudflare.api.account.*": "*"}),
            ),
            (
                false,
                "Account Settings Write",
                json!({"com.cloudflare.api.account.bbb": "*"}),
            ),
        ]);
        assert!(wild_but_denied.allows(ACCOUNT_READ, Resource::Account("aaa")));
        assert!(wild_but_denied.allows(ACCOUNT_WRITE, Resource::AllAccounts));
        assert!(!wild_but_denied.allows(ACCOUNT_WRITE, Resource::Account("bbb")));
        let zones_only = rules(vec![(
            true,
            "Account Settings Read",
            json!({"com.cloudflare.api.account.aaa": {"com.cloudflare.api.account.zone.*": "*"}}),
        )]);
        assert!(!zones_only.allows(ACCOUNT_READ, Resource::Account("aaa")));
        assert!(Access::Full.allows(ACCOUNT_WRITE, Resource::Account("x")));
        assert!(
            Access::Token(Vec::new())
                .check(Need::Nothing, "", "")
                .is_ok()
        );
        assert_eq!(
            one.check(Need::Account(ACCOUNT_READ), "bbb", "u")
                .err()
                .map(|e| (e.status, e.code)),
            Some((403, 9109))
        );
    }
}
