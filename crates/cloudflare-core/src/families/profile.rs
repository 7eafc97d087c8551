//! Business profiles, of an account or of an organization: the request types of both. The
//! facts of each operation are declared in [`crate::accounts::profile`] and
//! [`crate::organizations::profile`].

use crate::models::profile::Profile;

/// Read the owner's business profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Get<O> {
    /// Whose profile (path).
    pub owner: O,
}

/// Replace the owner's business profile. The API answers 204 with no body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Update<O> {
    /// Whose profile (path).
    pub owner: O,
    /// The new profile: the request body, every field sent.
    pub profile: Profile,
}
