//! `user.subscriptions`: the user's subscriptions.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::subscriptions};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let list = subscriptions::Get;
//! assert_eq!(list.to_request(&config)?.uri().path(), "/client/v4/user/subscriptions");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::models::subscription::{
    DeletedSubscription, RatePlan, Subscription, SubscriptionFrequency,
};

/// `GET /user/subscriptions`: list all of the user's subscriptions (one page).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Get;

/// The `result` of [`Update`]. The schema declares it as an untyped object or a string (either
/// nullable); the reference calls it `unknown | string | null`. An object is read as the
/// updated [`Subscription`] when it has that shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum UpdateResult {
    /// An object: the updated subscription.
    Subscription(Box<Subscription>),
    /// A string.
    Text(String),
    /// Any other JSON value, kept as sent.
    Other(serde_json::Value),
}

/// `PUT /user/subscriptions/{identifier}`: update a user's subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// Subscription identifier (path).
    #[serde(skip)]
    pub identifier: String,
    /// How often the subscription is renewed automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<SubscriptionFrequency>,
    /// The rate plan applied to the subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_plan: Option<RatePlan>,
}

impl Update {
    /// Updates subscription `identifier`; set `frequency` and `rate_plan` as needed.
    pub fn new(identifier: impl Into<String>) -> Self {
        Update {
            identifier: identifier.into(),
            frequency: None,
            rate_plan: None,
        }
    }
}

/// `DELETE /user/subscriptions/{identifier}`: delete a user's subscription.
///
/// The schema declares the success body as a bare `{"subscription_id": …}` with no envelope;
/// the API's usual envelope with `result: {"subscription_id": …}` is read too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delete {
    /// Subscription identifier.
    pub identifier: String,
}

impl Delete {
    /// Deletes subscription `identifier`.
    pub fn new(identifier: impl Into<String>) -> Self {
        Delete {
            identifier: identifier.into(),
        }
    }
}

crate::operation::operations! {
    Get = GET /user/subscriptions {
        name: "user.subscriptions.get",
        operation_id: "user-subscription-get-user-subscriptions",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        nullable_result: true,
        lists: Subscription,
        pages: single,
    }
    Update = PUT /user/subscriptions/{identifier} {
        name: "user.subscriptions.update",
        operation_id: "user-subscription-update-user-subscription",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        body: fields,
        output: Option<UpdateResult>,
    }
    Delete = DELETE /user/subscriptions/{identifier} {
        name: "user.subscriptions.delete",
        operation_id: "user-subscription-delete-user-subscription",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: true,
        output: DeletedSubscription,
        parse: crate::response::parse_bare_or_enveloped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::models::subscription::SubscriptionState;
    use crate::operation::Operation;

    fn response(body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn delete_reads_the_bare_body_and_the_envelope() {
        let bare = Delete::parse_response(&response(r#"{"subscription_id":"506e"}"#)).unwrap();
        assert_eq!(bare.result.subscription_id.as_deref(), Some("506e"));
        let wrapped = Delete::parse_response(&response(
            r#"{"success":true,"errors":[],"messages":[],"result":{"subscription_id":"506e"}}"#,
        ))
        .unwrap();
        assert_eq!(wrapped.result.subscription_id.as_deref(), Some("506e"));
        // An absent result is not an answer (the envelope is not read as the bare result).
        for body in [
            r#"{"success":true,"errors":[],"messages":[],"result":null}"#,
            "",
        ] {
            let err = Delete::parse_response(&response(body)).unwrap_err();
            assert!(matches!(err, Error::Decode(_)), "{err:?}");
        }
    }

    #[test]
    fn delete_errors_stay_errors() {
        let failed = Delete::parse_response(&response(
            r#"{"success":false,"errors":[{"code":1001,"message":"nope"}],"messages":[],"result":null}"#,
        ));
        assert!(matches!(failed, Err(Error::Api(_))));
    }

    #[test]
    fn update_results_of_every_declared_shape() {
        let env = |result: &str| {
            response(&format!(
                r#"{{"success":true,"errors":[],"messages":[],"result":{result}}}"#
            ))
        };
        let object = Update::parse_response(&env(r#"{"id":"506e","state":"Paid"}"#)).unwrap();
        match object.result {
            Some(UpdateResult::Subscription(s)) => {
                assert_eq!(s.id.as_deref(), Some("506e"));
                assert_eq!(s.state, Some(SubscriptionState::Paid));
            }
            other => panic!("{other:?}"),
        }
        let text = Update::parse_response(&env(r#""ok""#)).unwrap();
        assert_eq!(text.result, Some(UpdateResult::Text("ok".into())));
        let null = Update::parse_response(&env("null")).unwrap();
        assert_eq!(null.result, None);
        let odd = Update::parse_response(&env(r#"{"price":"twenty"}"#)).unwrap();
        assert_eq!(
            odd.result,
            Some(UpdateResult::Other(serde_json::json!({"price": "twenty"})))
        );
    }
}
