//! Models shared by several resources (for example tokens under both `user` and `accounts`).
