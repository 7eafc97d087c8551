//! `accounts.logs`: account logs.

pub mod audit;
