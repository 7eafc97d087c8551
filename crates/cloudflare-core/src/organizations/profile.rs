//! `organizations.profile`: the business profile of an organization.

use crate::error::RequestError;
use crate::models::profile::Profile;
use crate::operation::{AUTH_KEY, Entry, Operation, OperationInfo, Pagination, json_body};
use http::Method;

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

impl Operation for Get {
    const INFO: OperationInfo = OperationInfo {
        name: "organizations.profile.get",
        operation_id: "Organizations_getProfile",
        method: Method::GET,
        path: "/organizations/{organization_id}/profile",
        pagination: Pagination::None,
        auth: AUTH_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = Profile;

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("organization_id", &self.organization_id)]
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

impl Operation for Update {
    const INFO: OperationInfo = OperationInfo {
        name: "organizations.profile.update",
        operation_id: "Organizations_modifyProfile",
        method: Method::PUT,
        path: "/organizations/{organization_id}/profile",
        pagination: Pagination::None,
        auth: AUTH_KEY,
        deprecated: false,
        idempotent: true,
    };
    type Output = ();

    fn path_params(&self) -> Vec<(&'static str, &str)> {
        vec![("organization_id", &self.organization_id)]
    }

    fn body(&self) -> Result<Option<Vec<u8>>, RequestError> {
        json_body(&self.profile)
    }
}

pub(crate) const OPERATIONS: &[Entry] = &[Entry::of::<Get>(), Entry::of::<Update>()];

#[cfg(test)]
mod tests {
    use super::*;

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
