//! Every operation the SDK defines, for tools, docs, tests and fuzzers.

use std::sync::OnceLock;

use crate::error::Error;
use crate::operation::{Entry, OperationInfo};
use crate::{accounts, organizations, user};

/// Every module's operations, in the order of the API reference.
const MODULES: &[&[Entry]] = &[
    accounts::OPERATIONS,
    accounts::moves::OPERATIONS,
    accounts::logs::audit::OPERATIONS,
    accounts::members::OPERATIONS,
    accounts::organizations::OPERATIONS,
    accounts::profile::OPERATIONS,
    accounts::roles::OPERATIONS,
    accounts::subscriptions::OPERATIONS,
    accounts::tokens::OPERATIONS,
    accounts::tokens::permission_groups::OPERATIONS,
    accounts::tokens::value::OPERATIONS,
    organizations::OPERATIONS,
    organizations::accounts::OPERATIONS,
    organizations::logs::audit::OPERATIONS,
    organizations::members::OPERATIONS,
    organizations::profile::OPERATIONS,
    user::OPERATIONS,
    user::audit_logs::OPERATIONS,
    user::billing::history::OPERATIONS,
    user::billing::profile::OPERATIONS,
    user::invites::OPERATIONS,
    user::organizations::OPERATIONS,
    user::subscriptions::OPERATIONS,
    user::tokens::OPERATIONS,
    user::tokens::permission_groups::OPERATIONS,
    user::tokens::value::OPERATIONS,
];

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| MODULES.iter().flat_map(|m| m.iter().cloned()).collect())
}

/// Every operation defined, one entry each.
pub fn catalogue() -> &'static [OperationInfo] {
    static INFOS: OnceLock<Vec<OperationInfo>> = OnceLock::new();
    INFOS.get_or_init(|| entries().iter().map(|e| e.info.clone()).collect())
}

/// Finds an operation by its dotted name (`accounts.members.list`).
pub fn find(name: &str) -> Option<&'static OperationInfo> {
    catalogue().iter().find(|info| info.name == name)
}

/// Parses `response` as the answer to the operation called `name`, discarding the result:
/// `None` if no such operation exists. For tools and fuzzers that hold raw responses.
pub fn parse_by_name(name: &str, response: &http::Response<&[u8]>) -> Option<Result<(), Error>> {
    let entry = entries().iter().find(|e| e.info.name == name)?;
    Some((entry.parse)(response))
}

/// Parses `response` as the answer to the operation called `name` and serializes the typed
/// result back to JSON: what the SDK keeps of a response. `None` if no such operation exists.
pub fn reserialize_by_name(
    name: &str,
    response: &http::Response<&[u8]>,
) -> Option<Result<serde_json::Value, Error>> {
    let entry = entries().iter().find(|e| e.info.name == name)?;
    Some((entry.reserialize)(response))
}

/// The Rust item implementing the operation called `name`, e.g. `accounts::members::List`.
pub fn rust_item(name: &str) -> Option<&'static str> {
    let entry = entries().iter().find(|e| e.info.name == name)?;
    Some(
        entry
            .item
            .strip_prefix("cloudflare_core::")
            .unwrap_or(entry.item),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_routes_are_unique() {
        let mut names = HashSet::new();
        let mut routes = HashSet::new();
        for info in catalogue() {
            assert!(names.insert(info.name), "duplicate name {}", info.name);
            assert!(
                routes.insert((info.method.clone(), info.path)),
                "duplicate route {} {}",
                info.method,
                info.path
            );
            assert!(info.path.starts_with('/'));
        }
    }
}
