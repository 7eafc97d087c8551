//! Sample operations for every API operation, and the conformance runner built on them.
//!
//! Two sets of samples cover each of the catalogue's operations once:
//! - [`full()`]: every optional parameter set (query, body, nested objects). The core's golden
//!   tests render these requests and compare them with `tests/golden/<name>.http`.
//! - [`minimal()`]: only what the operation requires.
//!
//! Both exist in an `_with` form taking [`Ids`], so the same samples can address the resources
//! of a real world (the emulator's) instead of the example IDs.
//!
//! Each sample is a [`Case`]: an object-safe view of one operation value that can build its
//! request, or send it through the blocking (`cloudflare-ureq`) or async (`cloudflare-hyper`)
//! client. [`Case`] is implemented once, for [`Sample`], over any [`Operation`]: there is no
//! per-operation code besides the sample values in the `samples` module.
//!
//! The `conformance` binary (`src/bin/conformance`) drives these samples through a Prism mock
//! server running the OpenAPI schema; see the README.
//!
//! ```
//! use cloudflare_conformance::{full, minimal};
//! use cloudflare_core::{Config, Credentials};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! for case in full().iter().chain(minimal().iter()) {
//!     let request = case.request(&config)?;
//!     assert_eq!(request.method(), case.info().method, "{}", case.name());
//! }
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use cloudflare_core::{Config, Error, Operation, OperationInfo, ResponseMeta};

mod samples;

/// A boxed future answering with the response's metadata, as [`Case::send_async`] returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<ResponseMeta, Error>> + Send + 'a>>;

/// One sample operation, with its type erased: build its request, or send it through either
/// client. The typed result is parsed (that is part of the check) and then dropped; the
/// response's status and headers come back as [`ResponseMeta`].
pub trait Case: Send + Sync {
    /// The operation's dotted name, e.g. `accounts.members.list`.
    fn name(&self) -> &'static str;

    /// The operation's constant facts (method, path, accepted authentication schemes...).
    fn info(&self) -> OperationInfo;

    /// Builds the request under `config`, exactly as the clients would send it.
    fn request(&self, config: &Config) -> Result<http::Request<Vec<u8>>, Error>;

    /// Sends the operation through the blocking client and parses the answer.
    fn send_blocking(&self, client: &cloudflare_ureq::Client) -> Result<ResponseMeta, Error>;

    /// Sends the operation through the async client and parses the answer.
    fn send_async<'a>(&'a self, client: &'a cloudflare_hyper::Client) -> SendFuture<'a>;
}

impl fmt::Debug for dyn Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Case").field(&self.name()).finish()
    }
}

/// An operation value as a [`Case`].
#[derive(Clone, Debug, PartialEq)]
pub struct Sample<O>(pub O);

impl<O> Case for Sample<O>
where
    O: Operation + Send + Sync + 'static,
    O::Output: Send,
{
    fn name(&self) -> &'static str {
        O::INFO.name
    }

    fn info(&self) -> OperationInfo {
        O::INFO
    }

    fn request(&self, config: &Config) -> Result<http::Request<Vec<u8>>, Error> {
        self.0.to_request(config)
    }

    fn send_blocking(&self, client: &cloudflare_ureq::Client) -> Result<ResponseMeta, Error> {
        client.send_with_meta(&self.0).map(|response| response.meta)
    }

    fn send_async<'a>(&'a self, client: &'a cloudflare_hyper::Client) -> SendFuture<'a> {
        let response = client.send_with_meta(&self.0);
        Box::pin(async move { response.await.map(|response| response.meta) })
    }
}

/// Boxes an operation value as a [`Case`].
pub fn case<O>(op: O) -> Box<dyn Case>
where
    O: Operation + Send + Sync + 'static,
    O::Output: Send,
{
    Box::new(Sample(op))
}

/// The identifiers the samples address, with the other values that must exist on the server:
/// the email address of new members, and server-issued cursors and page tokens.
///
/// [`Ids::examples`] holds the values of the golden requests; a runner against a stateful
/// server fills it with IDs that exist there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ids {
    /// The account most operations address.
    pub account: String,
    /// A second account, moved together with [`Ids::account`] by `accounts.move.batch`.
    pub other_account: String,
    /// A member of [`Ids::account`].
    pub account_member: String,
    /// A role of [`Ids::account`].
    pub role: String,
    /// An API token owned by [`Ids::account`].
    pub account_token: String,
    /// A subscription of [`Ids::account`].
    pub account_subscription: String,
    /// An organization (the organizations API, beta).
    pub organization: String,
    /// An organization that may become the parent of [`Ids::organization`].
    pub parent_organization: String,
    /// A member of [`Ids::organization`].
    pub organization_member: String,
    /// The organization whose audit log `organizations.logs.audit.list` reads.
    pub audit_organization: String,
    /// An invitation addressed to the user.
    pub invite: String,
    /// An organization the user belongs to (the legacy `/user/organizations` API).
    pub user_organization: String,
    /// An API token of the user: never the one the client authenticates with, since the
    /// samples roll and delete it.
    pub user_token: String,
    /// A subscription of the user.
    pub user_subscription: String,
    /// The email address of the members the samples add (to an account, to an organization).
    pub new_member_email: String,
    /// The unit (organization) a new account is created in.
    pub unit: String,
    /// A cursor of [`Ids::account`]'s audit log, issued for ascending order.
    pub account_audit_cursor: String,
    /// A cursor of [`Ids::audit_organization`]'s audit log, issued for descending order.
    pub organization_audit_cursor: String,
    /// A page token of the listing of [`Ids::organization`]'s accounts.
    pub organization_accounts_page_token: String,
    /// A page token of the listing of [`Ids::organization`]'s members.
    pub organization_members_page_token: String,
}

impl Ids {
    /// The example values of the golden requests. They need not exist anywhere.
    pub fn examples() -> Ids {
        Ids {
            account: "023e105f4ecef8ad9ca31a8372d0c353".into(),
            other_account: "0c1dd14d0ad5b4f7a2e7f3f0a3f1e9b2".into(),
            account_member: "4536bcfad5faccb111b47003c79917fa".into(),
            role: "3536bcfad5faccb999b47003c79917fb".into(),
            account_token: "ed17574386854bf78a67040be0a770b0".into(),
            account_subscription: "506e3185e9c882d175a2d0cb0093d9f2".into(),
            organization: "a7b9c3d2e8f4g1h5i6j0k9l2m3n7o4p8".into(),
            parent_organization: "b8c0d4e3f9a5b2c6d7e1f0a3b4c8d5e9".into(),
            organization_member: "c9d1e5f4a0b6c3d7e8f2a1b4c5d9e6f0".into(),
            audit_organization: "019c4f65e7607d8c9f6f6b58aa3aff50".into(),
            invite: "4f5f0c14a2a41d5063dd301b2f829f04".into(),
            user_organization: "01a7362d577a6c3019a474fd6f485823".into(),
            user_token: "ed17574386854bf78a67040be0a770b0".into(),
            user_subscription: "506e3185e9c882d175a2d0cb0093d9f2".into(),
            new_member_email: "user@example.com".into(),
            unit: "f267e341f3dd4697bd3b9f71dd96247f".into(),
            account_audit_cursor: "Q1buH-__DQqqig7SVYXT-SsMOTGY2Z3Y80W-fGgva7yaDdmPKveucH5ddOcHsJRhNb-xUK8agZQqkJSMAENGO8NU6g==".into(),
            organization_audit_cursor: "next/page+1".into(),
            organization_accounts_page_token: "next/page+token=".into(),
            organization_members_page_token: "next/page+token=".into(),
        }
    }
}

impl Default for Ids {
    fn default() -> Self {
        Ids::examples()
    }
}

/// Every operation once, with every optional parameter set, addressing [`Ids::examples`]:
/// the golden requests.
pub fn full() -> Vec<Box<dyn Case>> {
    full_with(&Ids::examples())
}

/// Every operation once, with every optional parameter set, addressing `ids`.
pub fn full_with(ids: &Ids) -> Vec<Box<dyn Case>> {
    samples::full(ids)
}

/// Every operation once, with only its required parameters, addressing [`Ids::examples`].
pub fn minimal() -> Vec<Box<dyn Case>> {
    minimal_with(&Ids::examples())
}

/// Every operation once, with only its required parameters, addressing `ids`.
pub fn minimal_with(ids: &Ids) -> Vec<Box<dyn Case>> {
    samples::minimal(ids)
}
