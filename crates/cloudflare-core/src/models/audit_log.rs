//! Audit-log entries (version 2, accounts and organizations) and their query filters.
