//! `accounts.subscriptions`: subscriptions of an account.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts::subscriptions};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let list = subscriptions::Get::new("023e105f4ecef8ad9ca31a8372d0c353");
//! assert_eq!(list.to_request(&config)?.method(), "GET");
//! let cancel = subscriptions::Delete::new("023e105f4ecef8ad9ca31a8372d0c353", "506e3185e9c882d175a2d0cb0093d9f2");
//! assert_eq!(cancel.to_request(&config)?.method(), "DELETE");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::models::subscription::{
    DeletedSubscription, RatePlan, Subscription, SubscriptionFrequency,
};

/// `GET /accounts/{account_id}/subscriptions`: list all of an account's subscriptions
/// (one page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// Account identifier.
    pub account_id: String,
}

impl Get {
    /// The subscriptions of account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Get {
            account_id: account_id.into(),
        }
    }
}

/// `POST /accounts/{account_id}/subscriptions`: create an account subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Create {
    /// Account identifier (path).
    #[serde(skip)]
    pub account_id: String,
    /// How often the subscription is renewed automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<SubscriptionFrequency>,
    /// The rate plan applied to the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_plan: Option<RatePlan>,
}

impl Create {
    /// A subscription for account `account_id`; set `frequency` and `rate_plan` as needed.
    pub fn new(account_id: impl Into<String>) -> Self {
        Create {
            account_id: account_id.into(),
            frequency: None,
            rate_plan: None,
        }
    }
}

/// `PUT /accounts/{account_id}/subscriptions/{subscription_identifier}`: update an account
/// subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// Account identifier (path).
    #[serde(skip)]
    pub account_id: String,
    /// Subscription identifier (path).
    #[serde(skip)]
    pub subscription_identifier: String,
    /// How often the subscription is renewed automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<SubscriptionFrequency>,
    /// The rate plan applied to the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_plan: Option<RatePlan>,
}

impl Update {
    /// Updates subscription `subscription_identifier` of account `account_id`; set
    /// `frequency` and `rate_plan` as needed.
    pub fn new(account_id: impl Into<String>, subscription_identifier: impl Into<String>) -> Self {
        Update {
            account_id: account_id.into(),
            subscription_identifier: subscription_identifier.into(),
            frequency: None,
            rate_plan: None,
        }
    }
}

/// `DELETE /accounts/{account_id}/subscriptions/{subscription_identifier}`: delete an
/// account's subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Account identifier.
    pub account_id: String,
    /// Subscription identifier.
    pub subscription_identifier: String,
}

impl Delete {
    /// Deletes subscription `subscription_identifier` of account `account_id`.
    pub fn new(account_id: impl Into<String>, subscription_identifier: impl Into<String>) -> Self {
        Delete {
            account_id: account_id.into(),
            subscription_identifier: subscription_identifier.into(),
        }
    }
}

crate::operation::operations! {
    Get = GET /accounts/{account_id}/subscriptions {
        name: "accounts.subscriptions.get",
        operation_id: "account-subscriptions-list-subscriptions",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        nullable_result: true,
        lists: Subscription,
        pages: single,
    }
    Create = POST /accounts/{account_id}/subscriptions {
        name: "accounts.subscriptions.create",
        operation_id: "account-subscriptions-create-subscription",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: false,
        body: fields,
        output: Subscription,
    }
    Update = PUT /accounts/{account_id}/subscriptions/{subscription_identifier} {
        name: "accounts.subscriptions.update",
        operation_id: "account-subscriptions-update-subscription",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        body: fields,
        output: Subscription,
    }
    Delete = DELETE /accounts/{account_id}/subscriptions/{subscription_identifier} {
        name: "accounts.subscriptions.delete",
        operation_id: "account-subscriptions-delete-subscription",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        output: DeletedSubscription,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::subscription::{RatePlanId, SubscriptionState};
    use crate::operation::Operation;

    #[test]
    fn bodies_never_carry_read_only_fields() {
        let update = Update {
            frequency: Some(SubscriptionFrequency::Weekly),
            rate_plan: Some(RatePlan::new(RatePlanId::Pro)),
            ..Update::new("a", "s")
        };
        let body: serde_json::Value =
            serde_json::from_slice(&update.body().unwrap().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"frequency": "weekly", "rate_plan": {"id": "pro"}})
        );
        let empty: serde_json::Value =
            serde_json::from_slice(&Create::new("a").body().unwrap().unwrap()).unwrap();
        assert_eq!(empty, serde_json::json!({}));
    }

    #[test]
    fn subscriptions_parse_and_keep_unknown_values() {
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":[{"id":"506e",
                "currency":"USD","price":20.5,"frequency":"fortnightly","state":"Paid",
                "current_period_end":"2014-03-31T12:20:00Z",
                "rate_plan":{"id":"ultra","sets":[]}}]}"#
                .to_vec(),
        );
        let list = Get::parse_response(&response).unwrap().result;
        let sub = &list.items[0];
        assert_eq!(sub.price, Some(20.5));
        assert_eq!(
            sub.frequency,
            Some(SubscriptionFrequency::Unknown("fortnightly".into()))
        );
        assert_eq!(sub.state, Some(SubscriptionState::Paid));
        assert_eq!(
            sub.rate_plan.as_ref().unwrap().id,
            Some(RatePlanId::Unknown("ultra".into()))
        );
        let null = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":null}"#.to_vec(),
        );
        // The schema declares this result nullable: `null` in a success envelope is none...
        assert!(Get::parse_response(&null).unwrap().result.is_empty());
        // ...but an empty body is not (a wrong base URL is not "no subscriptions"), nor an
        // envelope that does not say `success: true`.
        let err = Get::parse_response(&http::Response::new(Vec::<u8>::new())).unwrap_err();
        assert!(
            err.to_string().contains("accounts.subscriptions.get"),
            "{err}"
        );
        let bare = http::Response::new(br#"{"result":null}"#.to_vec());
        assert!(Get::parse_response(&bare).is_err());
    }

    #[test]
    fn delete_reads_the_subscription_id() {
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":{"subscription_id":"506e"}}"#
                .to_vec(),
        );
        let deleted = Delete::parse_response(&response).unwrap().result;
        assert_eq!(deleted.subscription_id.as_deref(), Some("506e"));
    }
}
