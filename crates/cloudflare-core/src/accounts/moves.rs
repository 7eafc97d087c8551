//! `accounts.move`: move accounts between organizations (`POST /accounts/move`, `POST /accounts/{account_id}/move`).
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Operation, accounts::moves};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let one = moves::Create::new("023e105f4ecef8ad9ca31a8372d0c353", "a7b35cbbef7a4e5db20d2d3fcb1e4a42");
//! assert_eq!(one.to_request(&config)?.uri().path(), "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/move");
//! let batch = moves::Batch::new(["023e105f4ecef8ad9ca31a8372d0c353"], "a7b35cbbef7a4e5db20d2d3fcb1e4a42");
//! assert_eq!(batch.to_request(&config)?.uri().path(), "/client/v4/accounts/move");
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use serde::{Deserialize, Deserializer, Serialize};

/// The outcome of moving one account in a batch move.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountMoveStatus {
    /// A message about the move (for example why it failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Whether the account was moved.
    #[serde(default)]
    pub moved: bool,
    /// Identifies the account the status is about.
    #[serde(default)]
    pub tag: String,
}

/// The `result` of a batch move (`organizations-api_BatchAccountMoveResponse`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchMoveResult {
    /// The outcome per account. The schema declares `statuses` as a single object; a list of
    /// them is accepted too, so either reads as a list here.
    #[serde(default, deserialize_with = "one_or_many")]
    pub statuses: Vec<AccountMoveStatus>,
}

/// Reads one status object, a list of them, or `null` (as an empty list).
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<AccountMoveStatus>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<AccountMoveStatus>),
        One(AccountMoveStatus),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::Many(all)) => all,
        Some(OneOrMany::One(one)) => vec![one],
    })
}

/// The `result` of moving one account (`organizations-api_MoveAccountResponse`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveResult {
    /// The account that was moved.
    #[serde(default)]
    pub account_id: String,
    /// The organization the account was in.
    #[serde(default)]
    pub source_organization_id: String,
    /// The organization the account is now in.
    #[serde(default)]
    pub destination_organization_id: String,
}

/// `POST /accounts/move`: batch move a collection of accounts to a specific organization
/// (the schema notes it as not implemented yet).
#[doc(alias = "move")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    /// Move these accounts to the destination organization.
    pub account_ids: Vec<String>,
    /// Move accounts to this organization ID.
    pub destination_organization_id: String,
}

impl Batch {
    /// Moves `account_ids` to the organization `destination_organization_id`.
    pub fn new<I, S>(account_ids: I, destination_organization_id: impl Into<String>) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Batch {
            account_ids: account_ids.into_iter().map(Into::into).collect(),
            destination_organization_id: destination_organization_id.into(),
        }
    }
}

/// `POST /accounts/{account_id}/move`: move an account within an organization hierarchy or
/// out of an organization (beta).
#[doc(alias = "move")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Create {
    /// Account identifier (path).
    #[serde(skip)]
    pub account_id: String,
    /// The organization the account is moved to.
    pub destination_organization_id: String,
}

impl Create {
    /// Moves the account `account_id` to the organization `destination_organization_id`.
    pub fn new(
        account_id: impl Into<String>,
        destination_organization_id: impl Into<String>,
    ) -> Self {
        Create {
            account_id: account_id.into(),
            destination_organization_id: destination_organization_id.into(),
        }
    }
}

crate::operation::operations! {
    Batch = POST /accounts/move {
        name: "accounts.move.batch",
        operation_id: "Accounts_batchMoveAccounts",
        auth: AUTH_KEY,
        idempotent: false,
        body: fields,
        output: BatchMoveResult,
    }
    Create = POST /accounts/{account_id}/move {
        name: "accounts.move.create",
        operation_id: "Accounts_moveAccounts",
        auth: AUTH_KEY,
        idempotent: false,
        body: fields,
        output: MoveResult,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Operation;

    #[test]
    fn statuses_read_as_an_object_or_a_list() {
        let one: BatchMoveResult =
            serde_json::from_str(r#"{"statuses":{"tag":"a","moved":true}}"#).unwrap();
        assert_eq!(one.statuses.len(), 1);
        assert!(one.statuses[0].moved);
        let many: BatchMoveResult = serde_json::from_str(
            r#"{"statuses":[{"tag":"a","moved":true},{"tag":"b","moved":false,"message":"no"}]}"#,
        )
        .unwrap();
        assert_eq!(many.statuses.len(), 2);
        assert_eq!(many.statuses[1].message.as_deref(), Some("no"));
        let none: BatchMoveResult = serde_json::from_str(r#"{"statuses":null}"#).unwrap();
        assert!(none.statuses.is_empty());
        let missing: BatchMoveResult = serde_json::from_str("{}").unwrap();
        assert!(missing.statuses.is_empty());
    }

    #[test]
    fn the_account_id_is_not_sent_in_the_body() {
        let body = Create::new("acc", "org").body().unwrap().unwrap();
        assert_eq!(body, br#"{"destination_organization_id":"org"}"#);
    }
}
