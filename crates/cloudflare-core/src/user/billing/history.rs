//! `user.billing.history`: billing history.

use serde::{Deserialize, Serialize};

use crate::encoding::Query;
use crate::error::RequestError;
use crate::operation::{AUTH_TOKEN_OR_KEY, Entry, Operation, OperationInfo, Pagination};
use crate::pagination::{ListOperation, PageRequest};
use crate::types::Timestamp;
use http::Method;

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

impl Operation for List {
    const INFO: OperationInfo = OperationInfo {
        name: "user.billing.history.list",
        operation_id: "user-billing-history-(-deprecated)-billing-history-details",
        method: Method::GET,
        path: "/user/billing/history",
        pagination: Pagination::PageNumber,
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: true,
        idempotent: true,
    };
    type Output = Vec<BillingHistory>;
    const NULLABLE_RESULT: bool = true;

    fn query(&self, query: &mut Query) -> Result<(), RequestError> {
        query.extend(self)
    }
}

impl ListOperation for List {
    type Item = BillingHistory;

    fn set_page(&mut self, page: PageRequest<'_>) {
        if let PageRequest::Number(n) = page {
            self.page = Some(n);
        }
    }

    fn first_page(&self) -> Option<u32> {
        self.page
    }
}

pub(crate) const OPERATIONS: &[Entry] = &[Entry::of::<List>()];
