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
use cloudflare_core::{Config, Date, Direction, Operation, Timestamp};

use super::Named;

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const ORGANIZATION: &str = "019c4f65e7607d8c9f6f6b58aa3aff50";
const SUBSCRIPTION: &str = "506e3185e9c882d175a2d0cb0093d9f2";

fn date(year: i32, month: u8, day: u8) -> Date {
    Date::from_ymd(year, month, day).unwrap()
}

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

pub fn requests(config: &Config) -> Vec<Named> {
    vec![
        (
            "accounts.logs.audit.list",
            account_audit::List {
                filters: account_filters("in"),
                exclude: Exclude(account_filters("out")),
                product_category: vec!["zerotrust".into()],
                direction: Some(Direction::Asc),
                limit: Some(25),
                cursor: Some("Q1buH-__DQqqig7SVYXT-SsMOTGY2Z3Y80W-fGgva7yaDdmPKveucH5ddOcHsJRhNb-xUK8agZQqkJSMAENGO8NU6g==".into()),
                ..account_audit::List::new(ACCOUNT, date(2024, 10, 30), date(2024, 10, 31))
            }
            .to_request(config),
        ),
        (
            "organizations.logs.audit.list",
            organization_audit::List {
                filters: organization_filters("in"),
                exclude: Exclude(organization_filters("out")),
                direction: Some(Direction::Desc),
                limit: Some(1000),
                cursor: Some("next/page+1".into()),
                ..organization_audit::List::new(
                    ORGANIZATION,
                    date(2024, 2, 29),
                    date(2024, 3, 1),
                )
            }
            .to_request(config),
        ),
        (
            "user.audit_logs.list",
            audit_logs::List {
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
            }
            .to_request(config),
        ),
        (
            "accounts.subscriptions.get",
            account_subscriptions::Get::new(ACCOUNT).to_request(config),
        ),
        (
            "accounts.subscriptions.create",
            account_subscriptions::Create {
                frequency: Some(SubscriptionFrequency::Monthly),
                rate_plan: Some(rate_plan()),
                ..account_subscriptions::Create::new(ACCOUNT)
            }
            .to_request(config),
        ),
        (
            "accounts.subscriptions.update",
            account_subscriptions::Update {
                frequency: Some(SubscriptionFrequency::Yearly),
                rate_plan: Some(RatePlan::new(RatePlanId::Enterprise)),
                ..account_subscriptions::Update::new(ACCOUNT, SUBSCRIPTION)
            }
            .to_request(config),
        ),
        (
            "accounts.subscriptions.delete",
            account_subscriptions::Delete::new(ACCOUNT, SUBSCRIPTION).to_request(config),
        ),
        (
            "user.subscriptions.get",
            user_subscriptions::Get.to_request(config),
        ),
        (
            "user.subscriptions.update",
            user_subscriptions::Update {
                frequency: Some(SubscriptionFrequency::Quarterly),
                rate_plan: Some(rate_plan()),
                ..user_subscriptions::Update::new(SUBSCRIPTION)
            }
            .to_request(config),
        ),
        (
            "user.subscriptions.delete",
            user_subscriptions::Delete::new(SUBSCRIPTION).to_request(config),
        ),
        (
            "user.billing.history.list",
            history::List {
                page: Some(3),
                per_page: Some(50),
                order: Some(BillingHistoryOrder::OccurredAt),
                occurred_at: Some(Timestamp::parse("2014-03-01T12:21:59.3456Z")),
                item_type: Some("charge".into()),
                action: Some("subscription".into()),
            }
            .to_request(config),
        ),
        (
            "user.billing.profile.get",
            billing::profile::Get.to_request(config),
        ),
    ]
}
