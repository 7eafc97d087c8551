//! `user.billing.profile`: billing profile.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user::billing::profile};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! #[allow(deprecated)]
//! let get = profile::Get;
//! assert_eq!(get.to_request(&config)?.method(), "GET");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

// Defines deprecated operations: its own uses of them are not warnings.
#![allow(deprecated)]

use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// The user's billing profile (`result` of `bill-subs-api_billing_response_single`). The
/// schema describes none of the fields and requires none; every one is optional here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingProfile {
    /// Billing item identifier tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The kind of billing account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// Billing address, first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Billing address, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    /// Account balance, as a decimal string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<String>,
    /// Expiry month of the payment card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_expiry_month: Option<i64>,
    /// Expiry year of the payment card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_expiry_year: Option<i64>,
    /// Payment card number (as the API shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// Billing city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Company name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Billing country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// When the billing profile was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<Timestamp>,
    /// Device data of the payment provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_data: Option<String>,
    /// When the billing profile was last edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_on: Option<Timestamp>,
    /// Enterprise billing email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_billing_email: Option<String>,
    /// Enterprise primary email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_primary_email: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Whether the account is a partner account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_partner: Option<bool>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// When the next bill is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_bill_date: Option<Timestamp>,
    /// Payment address, first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_address: Option<String>,
    /// Payment address, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_address2: Option<String>,
    /// Payment city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_city: Option<String>,
    /// Payment country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_country: Option<String>,
    /// Payment email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_email: Option<String>,
    /// First name on the payment method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_first_name: Option<String>,
    /// Payment gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_gateway: Option<String>,
    /// Last name on the payment method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_last_name: Option<String>,
    /// Payment nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_nonce: Option<String>,
    /// Payment state or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_state: Option<String>,
    /// Payment zip or postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_zipcode: Option<String>,
    /// Primary email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<String>,
    /// Billing state or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Type of the tax ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id_type: Option<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Whether legacy billing is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_legacy: Option<bool>,
    /// Validation code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_code: Option<String>,
    /// VAT number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<String>,
    /// Billing zip or postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zipcode: Option<String>,
}

/// `GET /user/billing/profile`: the user's billing profile. Deprecated by the API.
#[deprecated(note = "deprecated in the API schema, with no replacement in this SDK's sections")]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Get;

crate::operation::operations! {
    Get = GET /user/billing/profile {
        name: "user.billing.profile.get",
        operation_id: "user-billing-profile-(-deprecated)-billing-profile-details",
        auth: AUTH_TOKEN_OR_KEY,
        deprecated: true,
        idempotent: true,
        output: BillingProfile,
    }
}
