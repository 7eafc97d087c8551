//! `organizations.profile`: the business profile of an organization.

use crate::models::profile::Profile;

/// `GET /organizations/{organization_id}/profile`: the business profile of an organization, if
/// it has one (beta).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Get {
    /// The ID of the organization to retrieve a profile for.
    pub organization_id: String,
}

impl Get {
    /// The profile of the organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        Get {
            organization_id: organization_id.into(),
        }
    }
}

/// `PUT /organizations/{organization_id}/profile`: replace the business profile of an
/// organization (beta). The API answers 204 with no body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// Organization identifier.
    pub organization_id: String,
    /// The new profile: the request body, every field sent.
    pub profile: Profile,
}

impl Update {
    /// Sets the profile of the organization `organization_id` to `profile`.
    pub fn new(organization_id: impl Into<String>, profile: Profile) -> Self {
        Update {
            organization_id: organization_id.into(),
            profile,
        }
    }
}

crate::operation::operations! {
    Get = GET /organizations/{organization_id}/profile {
        name: "organizations.profile.get",
        operation_id: "Organizations_getProfile",
        auth: AUTH_KEY,
        idempotent: true,
        output: Profile,
    }
    Update = PUT /organizations/{organization_id}/profile {
        name: "organizations.profile.update",
        operation_id: "Organizations_modifyProfile",
        auth: AUTH_KEY,
        idempotent: true,
        body: field(profile),
        output: (),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;

    #[test]
    fn an_empty_204_reads_as_unit() {
        let response = http::Response::builder()
            .status(204)
            .body(Vec::new())
            .unwrap();
        let parsed = Update::parse_response(&response).unwrap();
        assert_eq!(parsed.meta.status, 204);
    }
}
