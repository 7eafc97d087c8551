//! Waiting before sending: the optional client-side request budget, and the shared
//! "not before" instant a rate-limited listing waits for.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::{Instant, sleep_until};

/// A client-side request budget: at most `requests` requests in any window of length `per`.
///
/// Off by default; turn it on with [`crate::Client::with_rate_limit`] or
/// [`crate::ClientBuilder::rate_limit`]. A bulk job then slows down to the budget instead of
/// running into the API's limit (1200 requests per 5 minutes, after which every call is refused
/// with 429 for 5 minutes).
///
/// The budget is counted conservatively: a request occupies one of the `requests` slots from the
/// moment it is sent until `per` after its response has ended (or it failed or was cancelled).
/// So no window of length `per` can see more than `requests` requests arrive at the server,
/// whatever the network delays, and retries count like any other request.
///
/// ```
/// use std::time::Duration;
/// use cloudflare_hyper::RequestBudget;
///
/// let budget = RequestBudget::new(1200, Duration::from_secs(300));
/// assert_eq!(budget, RequestBudget::CLOUDFLARE_DEFAULT);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestBudget {
    /// Requests allowed per window (at least 1 is used).
    pub requests: u32,
    /// The window length.
    pub per: Duration,
}

impl RequestBudget {
    /// The API's documented global limit: 1200 requests per 5 minutes per user or token.
    pub const CLOUDFLARE_DEFAULT: RequestBudget = RequestBudget {
        requests: 1200,
        per: Duration::from_secs(300),
    };

    /// At most `requests` requests per `per`.
    pub const fn new(requests: u32, per: Duration) -> Self {
        RequestBudget { requests, per }
    }
}

/// The shared state of a [`RequestBudget`]: slots never used yet, and the instants at which
/// used slots become free again (in order, since every slot cools for the same `per`).
#[derive(Debug)]
pub(crate) struct Throttle {
    per: Duration,
    state: Mutex<ThrottleState>,
    released: Notify,
}

#[derive(Debug)]
struct ThrottleState {
    unused: u32,
    cooling: VecDeque<Instant>,
}

/// A slot of the budget, held for the duration of one attempt; dropping it starts its cool-down.
#[derive(Debug)]
pub(crate) struct Permit {
    throttle: Arc<Throttle>,
}

impl Throttle {
    pub(crate) fn new(budget: RequestBudget) -> Self {
        Throttle {
            per: budget.per,
            state: Mutex::new(ThrottleState {
                unused: budget.requests.max(1),
                cooling: VecDeque::new(),
            }),
            released: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, ThrottleState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for a free slot. Cancel-safe: a dropped wait takes nothing.
    pub(crate) async fn acquire(self: &Arc<Self>) -> Permit {
        loop {
            // Registered before looking at the state, so a release in between is not missed.
            let released = self.released.notified();
            tokio::pin!(released);
            released.as_mut().enable();
            let next_free = {
                let mut state = self.lock();
                if state.unused > 0 {
                    state.unused -= 1;
                    None
                } else {
                    match state.cooling.front().copied() {
                        Some(at) if at <= Instant::now() => {
                            state.cooling.pop_front();
                            None
                        }
                        Some(at) => Some(Some(at)),
                        // Every slot is in flight: wait for one to be released.
                        None => Some(None),
                    }
                }
            };
            match next_free {
                None => {
                    return Permit {
                        throttle: Arc::clone(self),
                    };
                }
                Some(Some(at)) => {
                    tracing::debug!(
                        wait_ms = at.saturating_duration_since(Instant::now()).as_millis() as u64,
                        "request budget exhausted; waiting"
                    );
                    sleep_until(at).await;
                }
                Some(None) => released.await,
            }
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let free_at = Instant::now() + self.throttle.per;
        self.throttle.lock().cooling.push_back(free_at);
        self.throttle.released.notify_waiters();
    }
}

/// The "not before" instant shared by every fetcher of one listing: a 429 pushes it forward and
/// every later attempt of the listing waits for it, so the whole listing slows down together.
#[derive(Debug, Default)]
pub(crate) struct Gate {
    not_before: Mutex<Option<Instant>>,
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, Option<Instant>> {
        self.not_before
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Nothing may be sent before `at` (later instants win).
    pub(crate) fn hold_until(&self, at: Instant) {
        let mut not_before = self.lock();
        if not_before.is_none_or(|t| t < at) {
            *not_before = Some(at);
        }
    }

    /// Waits until sending is allowed again.
    pub(crate) async fn wait(&self) {
        loop {
            let not_before = *self.lock();
            match not_before {
                Some(at) if at > Instant::now() => sleep_until(at).await,
                _ => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn budget_hands_out_slots_and_cools_them_down() {
        let throttle = Arc::new(Throttle::new(RequestBudget::new(
            2,
            Duration::from_millis(40),
        )));
        let a = throttle.acquire().await;
        let b = throttle.acquire().await;
        // Both slots are in flight: a third waiter must wait for a release plus the cool-down.
        let t = Arc::clone(&throttle);
        let waiter = tokio::spawn(async move {
            let _c = t.acquire().await;
            Instant::now()
        });
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        let released_at = Instant::now();
        drop(a);
        let got_at = waiter.await.unwrap();
        assert!(got_at >= released_at + Duration::from_millis(40));
        drop(b);
    }

    #[tokio::test]
    async fn zero_budget_means_one() {
        let throttle = Arc::new(Throttle::new(RequestBudget::new(0, Duration::ZERO)));
        drop(throttle.acquire().await);
        drop(throttle.acquire().await);
    }

    #[tokio::test]
    async fn gate_keeps_the_latest_instant() {
        let gate = Gate::default();
        gate.wait().await;
        let later = Instant::now() + Duration::from_millis(20);
        gate.hold_until(later);
        gate.hold_until(Instant::now());
        gate.wait().await;
        assert!(Instant::now() >= later);
    }
}
