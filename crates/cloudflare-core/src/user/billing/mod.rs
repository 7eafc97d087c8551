//! `user.billing`: billing history and profile (deprecated by the API).

pub mod history;
pub mod profile;
