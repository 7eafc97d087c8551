//! `organizations.logs`: organization logs.

pub mod audit;
