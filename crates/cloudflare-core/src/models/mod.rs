//! Models shared by several resources (for example tokens under both `user` and `accounts`).

pub mod audit_log;
pub mod profile;
pub mod subscription;
pub mod token;
