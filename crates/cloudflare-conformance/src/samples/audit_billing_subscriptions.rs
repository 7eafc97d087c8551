// Exercises every operation, the deprecated ones included.
#![allow(deprecated)]

use cloudflare_core::accounts::logs::audit as account_audit;
use cloudflare_core::accounts::subscriptions as account_subscriptions;
use cloudflare_core::models::audit_log::{
    AccountAuditLogFilters, ActionResult, ActionType, ActorContext, ActorType, Exclude,
    OrganizationActorType, OrganizationAuditLogFilters, OrganizationResourceScope, ResourceScope,
};
use cloudflare_core::models::subscription::{RatePlan, RatePlanId, SubscriptionFrequency};
use cloudflare_core::organizations::logs::audit as organization_audit;
use cloudflare_core::user::billing::history::{self, BillingHistoryOrder};
use cloudflare_core::user::{audit_logs, billing, subscriptions as user_subscriptions};
use cloudflare_core::{Direction, Timestamp};

use super::date;
use crate::{Case, Ids, case};

fn account_filters(tag: &str) -> AccountAuditLogFilters {
    AccountAuditLogFilters {
        action_result: vec![ActionResult::Success, ActionResult::Failure],
        action_type: vec![ActionType::Create, ActionType::Update],
        actor_context: vec![ActorContext::ApiToken, ActorContext::Dash],
        actor_email: vec![format!("{tag}@example.com")],
        actor_id: vec![format!("{tag}-actor")],
        actor_ip_address: vec!["17.168.228.63".into()],
        actor_token_id: vec![format!("{tag}-token")],
        actor_token_name: vec!["Test Token".into()],
        actor_type: vec![ActorType::Account, ActorType::User],
        id: vec![format!("{tag}-id")],
        raw_cf_ray_id: vec!["8e8dd2156ef28414".into()],
        raw_method: vec!["GET".into()],
        raw_status_code: vec![200, 404],
        raw_uri: vec!["/accounts/x/members?page=1".into()],
        resource_id: vec![format!("{tag}-resource")],
        resource_product: vec!["Stream".into()],
        resource_type: vec!["Video".into()],
        resource_scope: vec![ResourceScope::Accounts, ResourceScope::Zones],
        account_name: vec!["Demo Account & co".into()],
        audit_log_id: vec![format!("{tag}-audit-log-id")],
        zone_id: vec![format!("{tag}-zone")],
        zone_name: vec!["example.com".into()],
    }
}

fn organization_filters(tag: &str) -> OrganizationAuditLogFilters {
    OrganizationAuditLogFilters {
        action_result: vec![ActionResult::Failure],
        action_type: vec![ActionType::Delete, ActionType::View],
        actor_context: vec![ActorContext::OriginCaKey, ActorContext::Oauth],
        actor_email: vec![format!("{tag}@example.com")],
        actor_id: vec![format!("{tag}-actor")],
        actor_ip_address: vec!["2001:db8::1".into()],
        actor_token_id: vec![format!("{tag}-token")],
        actor_token_name: vec!["Org Token".into()],
        actor_type: vec![
            OrganizationActorType::CloudflareAdmin,
            OrganizationActorType::System,
        ],
        id: vec![format!("{tag}-id")],
        raw_cf_ray_id: vec!["8e9b1c60ef9e1c9a".into()],
        raw_method: vec!["POST".into()],
        raw_status_code: vec![500],
        raw_uri: vec!["/organizations/o/members".into()],
        resource_id: vec![format!("{tag}-resource")],
        resource_product: vec!["organizations".into()],
        resource_type: vec!["member".into()],
        resource_scope: vec![OrganizationResourceScope::Organizations],
    }
}

fn rate_plan() -> RatePlan {
    RatePlan {
        id: Some(RatePlanId::Business),
        currency: Some("USD".into()),
        externally_managed: Some(false),
        is_contract: Some(false),
        public_name: Some("Business Plan".into()),
        scope: Some("zone".into()),
        sets: Some(vec!["set-a".into()]),
    }
}

pub(crate) fn full(ids: &Ids) -> Vec<Box<dyn Case>> {
    vec![
        case(account_audit::List {
            filters: account_filters("in"),
            exclude: Exclude(account_filters("out")),
            product_category: vec!["zerotrust".into()],
            direction: Some(Direction::Asc),
            limit: Some(25),
            cursor: Some(ids.account_audit_cursor.clone()),
            ..account_audit::List::new(&ids.account, date(2024, 10, 30), date(2024, 10, 31))
        }),
        case(organization_audit::List {
            filters: organization_filters("in"),
            exclude: Exclude(organization_filters("out")),
            direction: Some(Direction::Desc),
            limit: Some(1000),
            cursor: Some(ids.organization_audit_cursor.clone()),
            ..organization_audit::List::new(
                &ids.audit_organization,
                date(2024, 2, 29),
                date(2024, 3, 1),
            )
        }),
        case(audit_logs::List {
            id: Some("f174be97-19b1-40d6-954d-70cd5fbd52db".into()),
            export: Some(false),
            action_type: Some("add".into()),
            actor_ip: Some("17.168.228.0/24".into()),
            actor_email: Some("alice+audit@example.com".into()),
            since: Some(date(2019, 4, 30).into()),
            before: Some(Timestamp::parse("2019-05-01T01:12:20Z").into()),
            zone_name: Some("example.com".into()),
            direction: Some(Direction::Asc),
            per_page: Some(25),
            page: Some(2),
            hide_user_logs: Some(true),
        }),
        case(account_subscriptions::Get::new(&ids.account)),
        case(account_subscriptions::Create {
            frequency: Some(SubscriptionFrequency::Monthly),
            rate_plan: Some(rate_plan()),
            ..account_subscriptions::Create::new(&ids.account)
        }),
        case(account_subscriptions::Update {
            frequency: Some(SubscriptionFrequency::Yearly),
            rate_plan: Some(RatePlan::new(RatePlanId::Enterprise)),
            ..account_subscriptions::Update::new(&ids.account, &ids.account_subscription)
        }),
        case(account_subscriptions::Delete::new(
            &ids.account,
            &ids.account_subscription,
        )),
        case(user_subscriptions::Get),
        case(user_subscriptions::Update {
            frequency: Some(SubscriptionFrequency::Quarterly),
            rate_plan: Some(rate_plan()),
            ..user_subscriptions::Update::new(&ids.user_subscription)
        }),
        case(user_subscriptions::Delete::new(&ids.user_subscription)),
        case(history::List {
            page: Some(3),
            per_page: Some(50),
            order: Some(BillingHistoryOrder::OccurredAt),
            occurred_at: Some(Timestamp::parse("2014-03-01T12:21:59.3456Z")),
            item_type: Some("charge".into()),
            action: Some("subscription".into()),
        }),
        case(billing::profile::Get),
    ]
}
