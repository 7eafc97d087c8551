//! Business profiles, shared by `accounts.profile` and `organizations.profile`.
