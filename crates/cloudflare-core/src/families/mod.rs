//! Operations defined once for several owners ([`crate::owner`]): the account and user API
//! tokens, the account and organization business profiles. Use them through their resource
//! modules, where each is a type alias with the owner filled in and its own `new`:
//! [`crate::accounts::tokens::Create`] is `tokens::Create<owner::Account>`,
//! [`crate::user::tokens::Create`] is `tokens::Create<owner::User>`.

pub mod profile;
pub mod tokens;
