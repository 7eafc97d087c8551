//! The route table: the 64 (method, path template) pairs of the schema, the
//! auth each accepts, and the matching of a request path against them.

use crate::errors::{ApiError, ErrorFlavor};
use crate::query::percent_decode;

/// Which credentials a route accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthKind {
    /// Bearer token, email + global key, or user service key.
    Any,
    /// Bearer token only (the `.../tokens...` operations).
    TokenOnly,
}

/// Every operation the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub(crate) enum RouteId {
    AccountsList,
    AccountsCreate,
    AccountsBatchMove,
    AccountGet,
    AccountUpdate,
    AccountDelete,
    AccountAuditLogs,
    MembersList,
    MemberCreate,
    MemberGet,
    MemberUpdate,
    MemberDelete,
    AccountMove,
    AccountOrganizations,
    AccountProfileGet,
    AccountProfilePut,
    RolesList,
    RoleGet,
    AccountSubscriptionsList,
    AccountSubscriptionCreate,
    AccountSubscriptionUpdate,
    AccountSubscriptionDelete,
    AccountTokensList,
    AccountTokenCreate,
    AccountPermissionGroups,
    AccountTokenVerify,
    AccountTokenGet,
    AccountTokenUpdate,
    AccountTokenDelete,
    AccountTokenRoll,
    OrganizationCreate,
    OrganizationGet,
    OrganizationUpdate,
    OrganizationDelete,
    OrganizationAccounts,
    OrganizationAuditLogs,
    OrgMembersList,
    OrgMemberCreate,
    OrgMemberGet,
    OrgMemberDelete,
    OrgProfileGet,
    OrgProfilePut,
    UserGet,
    UserEdit,
    UserAuditLogs,
    BillingHistory,
    BillingProfile,
    InvitesList,
    InviteGet,
    InviteRespond,
    UserOrgsList,
    UserOrgGet,
    UserOrgLeave,
    UserSubscriptionsList,
    UserSubscriptionUpdate,
    UserSubscriptionDelete,
    UserTokensList,
    UserTokenCreate,
    UserPermissionGroups,
    UserTokenVerify,
    UserTokenGet,
    UserTokenUpdate,
    UserTokenDelete,
    UserTokenRoll,
}

/// One row of the route table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RouteDef {
    pub(crate) method: &'static str,
    pub(crate) template: &'static str,
    pub(crate) id: RouteId,
    pub(crate) auth: AuthKind,
}

impl RouteDef {
    /// Error envelope shape of this route.
    pub(crate) fn flavor(&self) -> ErrorFlavor {
        use RouteId::*;
        match self.id {
            AccountsBatchMove | AccountMove | AccountOrganizations | AccountProfileGet
            | AccountProfilePut | OrganizationCreate | OrganizationGet | OrganizationUpdate
            | OrganizationDelete | OrganizationAccounts | OrgMembersList | OrgMemberCreate
            | OrgMemberGet | OrgMemberDelete | OrgProfileGet | OrgProfilePut | UserAuditLogs => {
                ErrorFlavor::NoResult
            }
            _ => ErrorFlavor::Standard,
        }
    }
}

const fn r(method: &'static str, template: &'static str, id: RouteId, auth: AuthKind) -> RouteDef {
    RouteDef {
        method,
        template,
        id,
        auth,
    }
}

use AuthKind::{Any, TokenOnly};
use RouteId as R;

/// The 64 routes, relative to `/client/v4`.
pub(crate) const ROUTES: &[RouteDef] = &[
    r("GET", "/accounts", R::AccountsList, Any),
    r("POST", "/accounts", R::AccountsCreate, Any),
    r("POST", "/accounts/move", R::AccountsBatchMove, Any),
    r("GET", "/accounts/{account_id}", R::AccountGet, Any),
    r("PUT", "/accounts/{account_id}", R::AccountUpdate, Any),
    r("DELETE", "/accounts/{account_id}", R::AccountDelete, Any),
    r(
        "GET",
        "/accounts/{account_id}/logs/audit",
        R::AccountAuditLogs,
        Any,
    ),
    r("GET", "/accounts/{account_id}/members", R::MembersList, Any),
    r(
        "POST",
        "/accounts/{account_id}/members",
        R::MemberCreate,
        Any,
    ),
    r(
        "GET",
        "/accounts/{account_id}/members/{member_id}",
        R::MemberGet,
        Any,
    ),
    r(
        "PUT",
        "/accounts/{account_id}/members/{member_id}",
        R::MemberUpdate,
        Any,
    ),
    r(
        "DELETE",
        "/accounts/{account_id}/members/{member_id}",
        R::MemberDelete,
        Any,
    ),
    r("POST", "/accounts/{account_id}/move", R::AccountMove, Any),
    r(
        "GET",
        "/accounts/{account_id}/organizations",
        R::AccountOrganizations,
        Any,
    ),
    r(
        "GET",
        "/accounts/{account_id}/profile",
        R::AccountProfileGet,
        Any,
    ),
    r(
        "PUT",
        "/accounts/{account_id}/profile",
        R::AccountProfilePut,
        Any,
    ),
    r("GET", "/accounts/{account_id}/roles", R::RolesList, Any),
    r(
        "GET",
        "/accounts/{account_id}/roles/{role_id}",
        R::RoleGet,
        Any,
    ),
    r(
        "GET",
        "/accounts/{account_id}/subscriptions",
        R::AccountSubscriptionsList,
        Any,
    ),
    r(
        "POST",
        "/accounts/{account_id}/subscriptions",
        R::AccountSubscriptionCreate,
        Any,
    ),
    r(
        "PUT",
        "/accounts/{account_id}/subscriptions/{subscription_identifier}",
        R::AccountSubscriptionUpdate,
        Any,
    ),
    r(
        "DELETE",
        "/accounts/{account_id}/subscriptions/{subscription_identifier}",
        R::AccountSubscriptionDelete,
        Any,
    ),
    r(
        "GET",
        "/accounts/{account_id}/tokens",
        R::AccountTokensList,
        TokenOnly,
    ),
    r(
        "POST",
        "/accounts/{account_id}/tokens",
        R::AccountTokenCreate,
        TokenOnly,
    ),
    r(
        "GET",
        "/accounts/{account_id}/tokens/permission_groups",
        R::AccountPermissionGroups,
        TokenOnly,
    ),
    r(
        "GET",
        "/accounts/{account_id}/tokens/verify",
        R::AccountTokenVerify,
        TokenOnly,
    ),
    r(
        "GET",
        "/accounts/{account_id}/tokens/{token_id}",
        R::AccountTokenGet,
        TokenOnly,
    ),
    r(
        "PUT",
        "/accounts/{account_id}/tokens/{token_id}",
        R::AccountTokenUpdate,
        TokenOnly,
    ),
    r(
        "DELETE",
        "/accounts/{account_id}/tokens/{token_id}",
        R::AccountTokenDelete,
        TokenOnly,
    ),
    r(
        "PUT",
        "/accounts/{account_id}/tokens/{token_id}/value",
        R::AccountTokenRoll,
        TokenOnly,
    ),
    r("POST", "/organizations", R::OrganizationCreate, Any),
    r(
        "GET",
        "/organizations/{organization_id}",
        R::OrganizationGet,
        Any,
    ),
    r(
        "PUT",
        "/organizations/{organization_id}",
        R::OrganizationUpdate,
        Any,
    ),
    r(
        "DELETE",
        "/organizations/{organization_id}",
        R::OrganizationDelete,
        Any,
    ),
    r(
        "GET",
        "/organizations/{organization_id}/accounts",
        R::OrganizationAccounts,
        Any,
    ),
    r(
        "GET",
        "/organizations/{organization_id}/logs/audit",
        R::OrganizationAuditLogs,
        Any,
    ),
    r(
        "GET",
        "/organizations/{organization_id}/members",
        R::OrgMembersList,
        Any,
    ),
    r(
        "POST",
        "/organizations/{organization_id}/members",
        R::OrgMemberCreate,
        Any,
    ),
    r(
        "GET",
        "/organizations/{organization_id}/members/{member_id}",
        R::OrgMemberGet,
        Any,
    ),
    r(
        "DELETE",
        "/organizations/{organization_id}/members/{member_id}",
        R::OrgMemberDelete,
        Any,
    ),
    r(
        "GET",
        "/organizations/{organization_id}/profile",
        R::OrgProfileGet,
        Any,
    ),
    r(
        "PUT",
        "/organizations/{organization_id}/profile",
        R::OrgProfilePut,
        Any,
    ),
    r("GET", "/user", R::UserGet, Any),
    r("PATCH", "/user", R::UserEdit, Any),
    r("GET", "/user/audit_logs", R::UserAuditLogs, Any),
    r("GET", "/user/billing/history", R::BillingHistory, Any),
    r("GET", "/user/billing/profile", R::BillingProfile, Any),
    r("GET", "/user/invites", R::InvitesList, Any),
    r("GET", "/user/invites/{invite_id}", R::InviteGet, Any),
    r("PATCH", "/user/invites/{invite_id}", R::InviteRespond, Any),
    r("GET", "/user/organizations", R::UserOrgsList, Any),
    r(
        "GET",
        "/user/organizations/{organization_id}",
        R::UserOrgGet,
        Any,
    ),
    r(
        "DELETE",
        "/user/organizations/{organization_id}",
        R::UserOrgLeave,
        Any,
    ),
    r("GET", "/user/subscriptions", R::UserSubscriptionsList, Any),
    r(
        "PUT",
        "/user/subscriptions/{identifier}",
        R::UserSubscriptionUpdate,
        Any,
    ),
    r(
        "DELETE",
        "/user/subscriptions/{identifier}",
        R::UserSubscriptionDelete,
        Any,
    ),
    r("GET", "/user/tokens", R::UserTokensList, TokenOnly),
    r("POST", "/user/tokens", R::UserTokenCreate, TokenOnly),
    r(
        "GET",
        "/user/tokens/permission_groups",
        R::UserPermissionGroups,
        TokenOnly,
    ),
    r("GET", "/user/tokens/verify", R::UserTokenVerify, TokenOnly),
    r("GET", "/user/tokens/{token_id}", R::UserTokenGet, TokenOnly),
    r(
        "PUT",
        "/user/tokens/{token_id}",
        R::UserTokenUpdate,
        TokenOnly,
    ),
    r(
        "DELETE",
        "/user/tokens/{token_id}",
        R::UserTokenDelete,
        TokenOnly,
    ),
    r(
        "PUT",
        "/user/tokens/{token_id}/value",
        R::UserTokenRoll,
        TokenOnly,
    ),
];

/// The prefix every route lives under.
pub(crate) const BASE_PATH: &str = "/client/v4";

/// A matched route and its decoded path parameters (in template order).
#[derive(Debug, Clone)]
pub(crate) struct Matched {
    pub(crate) route: &'static RouteDef,
    pub(crate) params: Vec<String>,
}

/// Splits a template into segments (skipping the leading `/`).
fn template_segments(t: &str) -> impl Iterator<Item = &str> {
    t.trim_start_matches('/').split('/')
}

/// Matches a raw (percent-encoded) request path. Errors: 404/7000 when no
/// template has this shape, 405/7001 when some template has it but not
/// with this method, 400 when a segment does not decode to UTF-8.
pub(crate) fn match_route(method: &str, raw_path: &str) -> Result<Matched, ApiError> {
    let Some(rest) = raw_path.strip_prefix(BASE_PATH) else {
        return Err(ApiError::no_route());
    };
    if rest.is_empty() || !rest.starts_with('/') {
        return Err(ApiError::no_route());
    }
    let raw_segments: Vec<&str> = rest[1..].split('/').collect();
    let mut decoded = Vec::with_capacity(raw_segments.len());
    for seg in &raw_segments {
        if seg.is_empty() {
            return Err(ApiError::no_route());
        }
        // A segment that is not UTF-8 can only be a (malformed) identifier.
        decoded.push(String::from_utf8_lossy(&percent_decode(seg, false)).into_owned());
    }

    // Candidate templates with the same shape; literal segments compare on
    // the raw (undecoded) text so `%6Dove` is not `move`.
    let mut candidates: Vec<(&'static RouteDef, Vec<bool>)> = Vec::new();
    for def in ROUTES {
        let segs: Vec<&str> = template_segments(def.template).collect();
        if segs.len() != raw_segments.len() {
            continue;
        }
        let mut literal_mask = Vec::with_capacity(segs.len());
        let mut ok = true;
        for (t, s) in segs.iter().zip(raw_segments.iter()) {
            if t.starts_with('{') {
                literal_mask.push(false);
            } else if t == s {
                literal_mask.push(true);
            } else {
                ok = false;
                break;
            }
        }
        if ok {
            candidates.push((def, literal_mask));
        }
    }
    if candidates.is_empty() {
        return Err(ApiError::no_route());
    }
    // Most specific first: a literal beats a parameter at the first segment
    // where they differ.
    let best = candidates
        .iter()
        .filter(|(d, _)| d.method == method)
        .max_by(|a, b| a.1.cmp(&b.1));
    let Some((def, _)) = best else {
        let mut allow: Vec<&str> = candidates.iter().map(|(d, _)| d.method).collect();
        allow.sort_unstable();
        allow.dedup();
        return Err(ApiError::method_not_allowed(&allow));
    };
    let params = template_segments(def.template)
        .zip(decoded)
        .filter(|(t, _)| t.starts_with('{'))
        .map(|(_, v)| v)
        .collect();
    Ok(Matched { route: def, params })
}

/// True when `id` looks like a Cloudflare object identifier: exactly 32
/// ASCII letters or digits.
pub(crate) fn well_formed_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_four_unique_routes() {
        assert_eq!(ROUTES.len(), 64);
        let mut seen = std::collections::HashSet::new();
        for r in ROUTES {
            assert!(
                seen.insert((r.method, r.template)),
                "{} {}",
                r.method,
                r.template
            );
        }
    }

    #[test]
    fn literal_beats_param() {
        let m = match_route("POST", "/client/v4/accounts/move").map_err(|e| e.message);
        assert!(matches!(m, Ok(ref m) if m.route.id == RouteId::AccountsBatchMove));
        let m = match_route("GET", "/client/v4/user/tokens/verify").map_err(|e| e.message);
        assert!(matches!(m, Ok(ref m) if m.route.id == RouteId::UserTokenVerify));
        let m = match_route("GET", "/client/v4/accounts/move").map_err(|e| e.message);
        assert!(
            matches!(m, Ok(ref m) if m.route.id == RouteId::AccountGet && m.params == vec!["move".to_owned()])
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            match_route("GET", "/nope").err().map(|e| e.status),
            Some(404)
        );
        assert_eq!(
            match_route("GET", "/client/v4/").err().map(|e| e.status),
            Some(404)
        );
        assert_eq!(
            match_route("GET", "/client/v4/zones")
                .err()
                .map(|e| e.status),
            Some(404)
        );
        assert_eq!(
            match_route("PATCH", "/client/v4/accounts")
                .err()
                .map(|e| e.status),
            Some(405)
        );
        assert_eq!(
            match_route("GET", "/client/v4/accounts//members")
                .err()
                .map(|e| e.status),
            Some(404)
        );
        let m = match_route("GET", "/client/v4/accounts/a%2Fb").map_err(|e| e.message);
        assert!(matches!(m, Ok(ref m) if m.params == vec!["a/b".to_owned()]));
    }
}
