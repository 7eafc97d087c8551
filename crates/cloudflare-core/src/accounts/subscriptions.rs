//! `accounts.subscriptions`: subscriptions of an account.

use serde::{Deserialize, Serialize};

use crate::error::RequestError;
use crate::models::subscription::{
    DeletedSubscription, RatePlan, Subscription, SubscriptionFrequency,
};
use crate::operation::{AUTH_TOKEN_OR_KEY, Entry, Operation, OperationInfo, Pagination, json_body};
use crate::pagination::{ListOperation, PageRequest};
use http::Method;

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

impl Operation for Get {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.subscriptions.get",
        operation_id: "account-subscriptions-list-subscriptions",
        method: Method::GET,
        path: "/accounts/{account_id}/subscriptions",
        pagination: Pagination::SinglePage,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = Vec<Subscription>;
    const NULLABLE_RESULT: bool = true;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("account_id", &self.account_id)]
    }
}

impl ListOperation for Get {
    type Item = Subscription;

    /// A single-page listing: there is no other page to point at.
    fn set_page(&mut self, _page: PageRequest<'_>) {}
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

impl Operation for Create {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.subscriptions.create",
        operation_id: "account-subscriptions-create-subscription",
        method: Method::POST,
        path: "/accounts/{account_id}/subscriptions",
        pagination: Pagination::None,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: false,
    };
    type Output = Subscription;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("account_id", &self.account_id)]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(self)
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

impl Operation for Update {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.subscriptions.update",
        operation_id: "account-subscriptions-update-subscription",
        method: Method::PUT,
        path: "/accounts/{account_id}/subscriptions/{subscription_identifier}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = Subscription;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("account_id", &self.account_id),
            ("subscription_identifier", &self.subscription_identifier),
        ]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(self)
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

impl Operation for Delete {
    const INFO: OperationInfo = OperationInfo {
        name: "accounts.subscriptions.delete",
        operation_id: "account-subscriptions-delete-subscription",
        method: Method::DELETE,
        path: "/accounts/{account_id}/subscriptions/{subscription_identifier}",
        pagination: Pagination::None,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = DeletedSubscription;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("account_id", &self.account_id),
            ("subscription_identifier", &self.subscription_identifier),
        ]
    }
}

pub(crate) const OPERATIONS: &[Entry] = &[
    Entry::of::<Get>(),
    Entry::of::<Create>(),
    Entry::of::<Update>(),
    Entry::of::<Delete>(),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::subscription::{RatePlanId, SubscriptionState};

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
        let sub = &list[0];
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
