//! Subscriptions, shared by `accounts.subscriptions` and `user.subscriptions`.
