//! Accounts, shared by `accounts` and `organizations.accounts`.

use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

crate::string_enum! {
    /// The kind of an account.
    pub enum AccountType {
        /// A standard account.
        Standard = "standard",
        /// An enterprise account.
        Enterprise = "enterprise",
    }
}

/// An account (`iam_account`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Identifier (32 characters).
    #[serde(default)]
    pub id: String,
    /// Account name.
    #[serde(default)]
    pub name: String,
    /// The kind of account.
    #[serde(default, rename = "type")]
    pub account_type: AccountType,
    /// When the account was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<Timestamp>,
    /// Parent container details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<ManagedBy>,
    /// Account settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<AccountSettings>,
}

/// Parent container details of an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedBy {
    /// ID of the parent Organization, if one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_org_id: Option<String>,
    /// Name of the parent Organization, if one exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_org_name: Option<String>,
}

/// Account settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSettings {
    /// An abuse contact email to notify for abuse reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abuse_contact_email: Option<String>,
    /// Whether membership in this account requires Two-Factor Authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enforce_twofactor: Option<bool>,
}
