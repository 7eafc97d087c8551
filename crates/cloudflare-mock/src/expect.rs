//! Expectations on how often a route is called, checked by [`crate::MockServer::verify`] and
//! when the server is dropped.
//!
//! ```no_run
//! # let server = cloudflare_mock::MockServer::start(Default::default())?;
//! server.expect("GET", "/user")?.times(3);
//! server.expect("DELETE", "/accounts/{account_id}")?.never();
//! // ... run the code under test against server.base_url() ...
//! server.verify()?; // or let the server drop: it panics on an unmet expectation
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Calls are counted from the moment the expectation is set, whatever the answer (faults
//! included); requests that match no route are not calls of any route.
//!
//! Dropping a [`crate::MockServer`] with an unmet expectation panics, unless the thread is
//! already panicking (a failed assertion is not hidden behind a second panic), like the
//! `wiremock` and `httpmock` crates: it is a test tool. Call [`crate::MockServer::verify`]
//! to get the mismatches as an error instead.

use std::fmt;
use std::sync::Mutex;

use crate::faults::{Faults, route_index};
use crate::routes::ROUTES;

pub use crate::faults::UnknownRoute;

/// One expectation.
#[derive(Debug, Clone)]
pub(crate) struct Expectation {
    route: usize,
    /// Calls already made when it was set.
    since: u64,
    min: u64,
    max: u64,
}

/// The expectations of one server.
#[derive(Debug, Default)]
pub(crate) struct Expectations {
    list: Mutex<Vec<Expectation>>,
}

impl Expectations {
    fn with<R>(&self, f: impl FnOnce(&mut Vec<Expectation>) -> R) -> R {
        let mut guard = match self.list.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    /// Starts an expectation on a route.
    pub(crate) fn expect<'a>(
        &'a self,
        faults: &'a Faults,
        method: &str,
        template: &str,
    ) -> Result<Expect<'a>, UnknownRoute> {
        let route = route_index(method, template)?;
        Ok(Expect {
            expectations: self,
            faults,
            route,
        })
    }

    /// The mismatches, one line each.
    pub(crate) fn check(&self, faults: &Faults) -> Result<(), VerifyError> {
        let mismatches: Vec<String> = self.with(|list| {
            list.iter()
                .filter_map(|e| {
                    let got = faults.calls(e.route).saturating_sub(e.since);
                    if (e.min..=e.max).contains(&got) {
                        return None;
                    }
                    let r = ROUTES.get(e.route)?;
                    let want = match (e.min, e.max) {
                        (a, b) if a == b => format!("exactly {a}"),
                        (a, u64::MAX) => format!("at least {a}"),
                        (0, b) => format!("at most {b}"),
                        (a, b) => format!("between {a} and {b}"),
                    };
                    Some(format!(
                        "{} {}: expected {want} call(s), got {got}",
                        r.method, r.template
                    ))
                })
                .collect()
        });
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(VerifyError { mismatches })
        }
    }

    /// Forgets every expectation.
    pub(crate) fn clear(&self) {
        self.with(Vec::clear);
    }
}

/// An expectation being set on one route; one of its methods sets it.
#[derive(Debug)]
#[must_use = "an Expect does nothing until times, at_least, at_most or never is called"]
pub struct Expect<'a> {
    expectations: &'a Expectations,
    faults: &'a Faults,
    route: usize,
}

impl Expect<'_> {
    fn set(self, min: u64, max: u64) {
        let since = self.faults.calls(self.route);
        self.expectations.with(|list| {
            list.push(Expectation {
                route: self.route,
                since,
                min,
                max,
            });
        });
    }

    /// Exactly `n` calls from now on.
    pub fn times(self, n: u64) {
        self.set(n, n);
    }

    /// At least `n` calls.
    pub fn at_least(self, n: u64) {
        self.set(n, u64::MAX);
    }

    /// At most `n` calls.
    pub fn at_most(self, n: u64) {
        self.set(0, n);
    }

    /// No call at all.
    pub fn never(self) {
        self.set(0, 0);
    }
}

/// Unmet expectations (see [`crate::MockServer::verify`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    /// One line per unmet expectation: route, what was expected, what happened.
    pub mismatches: Vec<String>,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unmet expectations on the emulator:")?;
        for m in &self.mismatches {
            write!(f, "\n  {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifyError {}
