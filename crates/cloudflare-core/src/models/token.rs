//! API tokens, their policies and permission groups, shared by `user.tokens` and `accounts.tokens`.
