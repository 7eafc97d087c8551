//! Business profiles, shared by `accounts.profile` and `organizations.profile`.

use serde::{Deserialize, Serialize};

/// The business profile of an account or an organization (`organizations-api_Profile`).
///
/// The same shape is read by `accounts.profile.get` / `organizations.profile.get` and sent,
/// whole, by `accounts.profile.update` / `organizations.profile.update` (every field is required
/// in the request).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Postal address of the business.
    #[serde(default)]
    pub business_address: String,
    /// Contact email address of the business.
    #[serde(default)]
    pub business_email: String,
    /// Name of the business.
    #[serde(default)]
    pub business_name: String,
    /// Contact telephone number of the business.
    #[serde(default)]
    pub business_phone: String,
    /// Free-form metadata kept with the profile.
    #[serde(default)]
    pub external_metadata: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_fields_read_as_empty_and_unknown_ones_are_ignored() {
        let p: Profile = serde_json::from_str(r#"{"business_name":"Acme","new_field":1}"#).unwrap();
        assert_eq!(p.business_name, "Acme");
        assert_eq!(p.business_email, "");
    }

    #[test]
    fn every_field_is_sent() {
        let value = serde_json::to_value(Profile::default()).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 5);
    }
}
