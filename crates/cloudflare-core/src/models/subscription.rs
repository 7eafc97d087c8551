//! Subscriptions, shared by `accounts.subscriptions` and `user.subscriptions`.

use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

crate::string_enum! {
    /// How often a subscription is renewed automatically.
    pub enum SubscriptionFrequency {
        /// Every week.
        Weekly = "weekly",
        /// Every month.
        Monthly = "monthly",
        /// Every quarter.
        Quarterly = "quarterly",
        /// Every year.
        Yearly = "yearly",
    }
}

crate::string_enum! {
    /// The state that a subscription is in.
    pub enum SubscriptionState {
        /// On trial.
        Trial = "Trial",
        /// Provisioned.
        Provisioned = "Provisioned",
        /// Paid.
        Paid = "Paid",
        /// Waiting for payment.
        AwaitingPayment = "AwaitingPayment",
        /// Cancelled.
        Cancelled = "Cancelled",
        /// Failed.
        Failed = "Failed",
        /// Expired.
        Expired = "Expired",
    }
}

crate::string_enum! {
    /// The ID of a rate plan.
    pub enum RatePlanId {
        /// Free.
        Free = "free",
        /// Lite.
        Lite = "lite",
        /// Pro.
        Pro = "pro",
        /// Pro Plus.
        ProPlus = "pro_plus",
        /// Business.
        Business = "business",
        /// Enterprise.
        Enterprise = "enterprise",
        /// Partners Free.
        PartnersFree = "partners_free",
        /// Partners Pro.
        PartnersPro = "partners_pro",
        /// Partners Business.
        PartnersBusiness = "partners_business",
        /// Partners Enterprise.
        PartnersEnterprise = "partners_enterprise",
    }
}

/// The rate plan applied to a subscription (`bill-subs-api_rate_plan`). Sent in create and
/// update bodies as well as read; unset fields are not sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePlan {
    /// The ID of the rate plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<RatePlanId>,
    /// The currency applied to the rate plan subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Whether this rate plan is managed externally from Cloudflare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub externally_managed: Option<bool>,
    /// Whether a rate plan is enterprise-based (or newly adopted term contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_contract: Option<bool>,
    /// The full name of the rate plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_name: Option<String>,
    /// The scope that this rate plan applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The list of sets this rate plan applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<Vec<String>>,
}

impl RatePlan {
    /// The rate plan `id`, with nothing else set.
    pub fn new(id: RatePlanId) -> Self {
        RatePlan {
            id: Some(id),
            ..RatePlan::default()
        }
    }
}

/// A subscription (`bill-subs-api_subscription`). The read-only fields (`currency`, the
/// current period, `id`, `price`, `state`) are only ever read: create and update bodies carry
/// just `frequency` and `rate_plan`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    /// Subscription identifier tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The monetary unit in which pricing information is displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The end of the current period and also when the next billing is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_period_end: Option<Timestamp>,
    /// When the current billing period started. May match initial_period_start if this is the
    /// first period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_period_start: Option<Timestamp>,
    /// How often the subscription is renewed automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<SubscriptionFrequency>,
    /// The price of the subscription that will be billed, in US dollars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// The rate plan applied to the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_plan: Option<RatePlan>,
    /// The state that the subscription is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<SubscriptionState>,
}

/// The result of deleting a subscription.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedSubscription {
    /// Subscription identifier tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
}
