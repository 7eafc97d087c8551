//! Peak heap while streaming a listing, measured with a counting allocator: 1,000 vs 10,000
//! accounts from the local emulator, 50 per page, through both clients. Streaming keeps one page
//! (or, for the async client, the pages being fetched ahead) in memory, so the peak should not
//! grow with the item count. Prints a table; not a timing benchmark.
//!
//! Only allocations made on the measuring thread count: the emulator runs in this process on its
//! own thread, and its work must not be charged to the client. The async client runs on this
//! thread (a current-thread runtime) at its default settings, 8 pages fetched ahead. The blocking
//! client fetches pages ahead on threads of its own, whose allocations this allocator cannot tell
//! from the emulator's, so it is measured one page at a time (every allocation on this thread);
//! the pages it holds ahead are bounded by the page concurrency, not by the item count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use cloudflare_core::{ClientOptions, Config, Credentials, accounts};
use cloudflare_mock::{MockConfig, MockServer};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static MEASURED: Cell<bool> = const { Cell::new(false) };
}

fn measured() -> bool {
    MEASURED.try_with(Cell::get).unwrap_or(false)
}

// SAFETY: delegates to the system allocator and only counts.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && measured() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        if measured() {
            // Memory allocated before the measurement may be freed during it: never below zero.
            let _ = CURRENT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |c| {
                Some(c.saturating_sub(layout.size()))
            });
        }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak bytes allocated above the level at the start of `f`.
fn peak_during(f: impl FnOnce()) -> usize {
    CURRENT.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    MEASURED.with(|m| m.set(true));
    f();
    MEASURED.with(|m| m.set(false));
    PEAK.load(Ordering::Relaxed)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if bench_mode {
        &[1_000, 10_000]
    } else {
        &[100, 200]
    };
    println!("peak heap while streaming accounts (50 per page), beyond what the emulator holds:");
    for &count in sizes {
        let server = MockServer::start(MockConfig::default()).expect("emulator");
        let config = Config::new(Credentials::api_key(
            &server.config().email,
            &server.config().key,
        ))
        .expect("config")
        .with_base_url(&server.base_url())
        .expect("base url");
        let options = ClientOptions::new(config);
        let blocking = cloudflare_ureq::Client::new(options.clone()).expect("client");
        let existing = blocking.items(accounts::List::default()).count();
        for i in existing..count {
            blocking
                .send(&accounts::Create::new(format!("memory account {i}")))
                .expect("create");
        }
        let op = accounts::List {
            per_page: Some(50),
            ..Default::default()
        };
        let mut seen = 0;
        let sequential =
            cloudflare_ureq::Client::new(options.clone().page_concurrency(1)).expect("client");
        // Open its connection before the measurement, so the peak is the listing's, not the
        // connection buffers'.
        sequential
            .send(&accounts::List::default())
            .expect("warm up");
        let ureq_peak = peak_during(|| {
            for item in sequential.items(op.clone()) {
                item.expect("item");
                seen += 1;
            }
        });
        assert_eq!(seen, count);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let client = runtime
            .block_on(async { cloudflare_hyper::Client::new(options.clone()) })
            .expect("client");
        let mut seen = 0;
        let hyper_peak = peak_during(|| {
            runtime.block_on(async {
                let mut items = client.items(op.clone());
                while let Some(item) = items.next().await {
                    item.expect("item");
                    seen += 1;
                }
            })
        });
        assert_eq!(seen, count);
        println!(
            "  {count:>6} items: blocking {:>8} KiB, async {:>8} KiB",
            ureq_peak / 1024,
            hyper_peak / 1024
        );
    }
}
