//! `organizations.profile`: the business profile of an organization.
//!
//! ```
//! use cloudflare_core::organizations::profile;
//! use cloudflare_core::models::profile::Profile;
//!
//! let read = profile::Get::new("023e105f4ecef8ad9ca31a8372d0c353");
//! let replace = profile::Update::new("023e105f4ecef8ad9ca31a8372d0c353", Profile::default());
//! # let _ = (read, replace);
//! ```

use crate::families::profile as family;
use crate::models::profile::Profile;
use crate::owner;

/// `GET /organizations/{organization_id}/profile`: the business profile of an organization, if it has one (beta).
pub type Get = family::Get<owner::Organization>;
/// `PUT /organizations/{organization_id}/profile`: replace the business profile of an organization (beta). The API
/// answers 204 with no body.
pub type Update = family::Update<owner::Organization>;

impl Get {
    /// The profile of an organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        Get {
            owner: owner::Organization::new(organization_id),
        }
    }
}

impl Update {
    /// Sets the profile of an organization `organization_id` to `profile`.
    pub fn new(organization_id: impl Into<String>, profile: Profile) -> Self {
        Update {
            owner: owner::Organization::new(organization_id),
            profile,
        }
    }
}

crate::operation::operations! {
    Get = GET /organizations/{organization_id = owner.organization_id}/profile {
        name: "organizations.profile.get",
        operation_id: "Organizations_getProfile",
        auth: AUTH_KEY,
        idempotent: true,
        output: Profile,
    }
    Update = PUT /organizations/{organization_id = owner.organization_id}/profile {
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
