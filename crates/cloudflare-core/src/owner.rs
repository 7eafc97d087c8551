//! Who owns a resource that exists under more than one owner: API tokens belong to an account
//! or to the user, business profiles to an account or to an organization. The owner is the part
//! of the path before the resource; the operations are defined once in [`crate::families`] for
//! every owner, and used through their resource modules ([`crate::accounts::tokens`],
//! [`crate::user::tokens`], ...).

use std::fmt::Debug;

/// An owner in the path of a shared operation. Sealed: the owners are the ones below.
pub trait Owner: Clone + Debug + PartialEq + Eq + private::Sealed {}

mod private {
    pub trait Sealed {}
}

/// An account owns it: `/accounts/{account_id}/...`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Account {
    /// Account identifier.
    pub account_id: String,
}

/// The user the credentials belong to owns it: `/user/...`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct User;

/// An organization owns it: `/organizations/{organization_id}/...`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Organization {
    /// Organization identifier.
    pub organization_id: String,
}

impl Account {
    /// The account `account_id`.
    pub fn new(account_id: impl Into<String>) -> Self {
        Account {
            account_id: account_id.into(),
        }
    }
}

impl Organization {
    /// The organization `organization_id`.
    pub fn new(organization_id: impl Into<String>) -> Self {
        Organization {
            organization_id: organization_id.into(),
        }
    }
}

impl private::Sealed for Account {}
impl private::Sealed for User {}
impl private::Sealed for Organization {}
impl Owner for Account {}
impl Owner for User {}
impl Owner for Organization {}
