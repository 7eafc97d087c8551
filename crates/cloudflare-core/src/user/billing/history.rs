//! `user.billing.history`: billing history.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::billing::history};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! #[allow(deprecated)]
//! let list = history::List { per_page: Some(50), ..Default::default() };
//! assert_eq!(list.to_request(&config)?.uri().path(), "/client/v4/user/billing/history");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

// Defines deprecated operations: its own uses of them are not warnings.
#![allow(deprecated)]

use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

crate::string_enum! {
    /// Field to order billing history by.
    pub enum BillingHistoryOrder {
        /// By item type.
        Type = "type",
        /// By when the item was created.
        OccurredAt = "occurred_at",
        /// By item action.
        Action = "action",
    }
}

/// The zone a billing item is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingHistoryZone {
    /// Zone name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A billing history item (`bill-subs-api_billing-history`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BillingHistory {
    /// Billing item identifier tag.
    #[serde(default)]
    pub id: String,
    /// The billing item action.
    #[serde(default)]
    pub action: String,
    /// The amount associated with this billing item.
    #[serde(default)]
    pub amount: f64,
    /// The monetary unit in which pricing information is displayed.
    #[serde(default)]
    pub currency: String,
    /// The billing item description.
    #[serde(default)]
    pub description: String,
    /// When the billing item was created (required by the schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<Timestamp>,
    /// The billing item type.
    #[serde(default, rename = "type")]
    pub item_type: String,
    /// The zone the item is about.
    #[serde(default)]
    pub zone: BillingHistoryZone,
}

/// `GET /user/billing/history`: the user's billing history. Deprecated by the API.
#[deprecated(note = "deprecated in the API schema, with no replacement in this SDK's sections")]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// Page number of paginated results (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Number of items per page (5 to 50, default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    /// Field to order billing history by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<BillingHistoryOrder>,
    /// When the billing item was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<Timestamp>,
    /// The billing item type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub item_type: Option<String>,
    /// The billing item action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

crate::operation::operations! {
    List = GET /user/billing/history {
        name: "user.billing.history.list",
        operation_id: "user-billing-history-(-deprecated)-billing-history-details",
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: true,
        idempotent: true,
        nullable_result: true,
        query: fields,
        lists: BillingHistory,
        pages: number(page),
    }
}
