//! Models shared by several resources (for example tokens under both `user` and `accounts`), so
//! that no resource module imports another. Each is re-exported where the API reference puts it.

pub mod account;
pub mod audit_log;
pub mod organization;
pub mod profile;
pub mod role;
pub mod subscription;
pub mod token;

use serde::{Deserialize, Serialize};

/// The `result` of a delete that answers with the deleted ID (`iam_api-response-single-id`);
/// `None` when the API answers `result: null`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeletedId {
    /// Identifier of the deleted object.
    #[serde(default)]
    pub id: String,
}
