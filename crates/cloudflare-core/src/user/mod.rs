//! `user`: the user the credentials belong to, and everything below it.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, user};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let me = user::Get::new();
//! assert_eq!(me.to_request(&config)?.uri().path(), "/client/v4/user");
//! let mut edit = user::Edit::new();
//! edit.first_name = cloudflare_core::Patch::Set("Ada".into());
//! assert_eq!(edit.to_request(&config)?.body(), br#"{"first_name":"Ada"}"#);
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

pub mod audit_logs;
pub mod billing;
pub mod invites;
pub mod organizations;
pub mod subscriptions;
pub mod tokens;

use serde::{Deserialize, Serialize};

use crate::types::Patch;
use organizations::Organization;

/// The user the credentials belong to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Identifier of the user.
    #[serde(default)]
    pub id: String,
    /// Current email address of the user.
    #[serde(default)]
    pub email: String,
    /// Lists the betas that the user is participating in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betas: Option<Vec<String>>,
    /// The country in which the user lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// User's first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// User's last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// User's telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// The zipcode or postal code where the user lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zipcode: Option<String>,
    /// Indicates whether user has any business zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_business_zones: Option<bool>,
    /// Indicates whether user has any enterprise zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_enterprise_zones: Option<bool>,
    /// Indicates whether user has any pro zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_pro_zones: Option<bool>,
    /// The organizations the user belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizations: Option<Vec<Organization>>,
    /// Indicates whether user has been suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspended: Option<bool>,
    /// Indicates whether two-factor authentication is enabled for the user account. Does not
    /// apply to API authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_authentication_enabled: Option<bool>,
    /// Indicates whether two-factor authentication is required by one of the accounts that the
    /// user is a member of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_authentication_locked: Option<bool>,
}

/// `GET /user`: the currently authenticated user, including email, name and account
/// memberships.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Get;

impl Get {
    /// The user the credentials belong to.
    pub fn new() -> Self {
        Get
    }
}

/// `PATCH /user`: edit part of your user details.
///
/// Every field is a [`Patch`]: [`Patch::Keep`] (the default) leaves it as it is and is not
/// sent, [`Patch::Set`] changes it, [`Patch::Clear`] sends `null` to clear it.
///
/// ```
/// use cloudflare_core::{Patch, user};
///
/// let edit = user::Edit {
///     first_name: Patch::Set("Ada".to_owned()),
///     telephone: Patch::Clear,
///     ..user::Edit::new()
/// };
/// # use cloudflare_core::Operation;
/// let body = edit.body()?.unwrap_or_default();
/// assert_eq!(body, br#"{"first_name":"Ada","telephone":null}"#);
/// # Ok::<(), cloudflare_core::RequestError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The country in which the user lives.
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub country: Patch<String>,
    /// User's first name.
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub first_name: Patch<String>,
    /// User's last name.
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub last_name: Patch<String>,
    /// User's telephone number.
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub telephone: Patch<String>,
    /// The zipcode or postal code where the user lives.
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub zipcode: Patch<String>,
}

impl Edit {
    /// An edit that changes nothing yet: set the fields to change.
    pub fn new() -> Self {
        Self::default()
    }
}

crate::operation::operations! {
    Get = GET /user {
        name: "user.get",
        operation_id: "user-user-details",
        auth: AUTH_KEY,
        idempotent: true,
        output: User,
    }
    Edit = PATCH /user {
        name: "user.edit",
        operation_id: "user-edit-user",
        auth: AUTH_TOKEN_OR_KEY,
        idempotent: false,
        body: fields,
        output: User,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;

    #[test]
    fn edit_sends_only_what_changes() {
        let body = |edit: &Edit| -> serde_json::Value {
            serde_json::from_slice(&edit.body().unwrap().unwrap()).unwrap()
        };
        assert_eq!(body(&Edit::new()), serde_json::json!({}));
        let edit = Edit {
            country: Patch::Set("US".into()),
            zipcode: Patch::Clear,
            last_name: Patch::Keep,
            ..Edit::new()
        };
        assert_eq!(
            body(&edit),
            serde_json::json!({"country": "US", "zipcode": null})
        );
    }

    #[test]
    fn user_with_null_names() {
        let user: User = serde_json::from_str(
            r#"{"id":"u","email":"a@example.com","first_name":null,"organizations":[{"status":"invited"}]}"#,
        )
        .unwrap();
        assert_eq!(user.first_name, None);
        assert_eq!(
            user.organizations.unwrap()[0].status,
            Some(organizations::OrganizationStatus::Invited)
        );
    }
}
