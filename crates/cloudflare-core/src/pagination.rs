//! Pagination as a state machine: it hands out the next request and consumes responses; no IO.
//!
//! ```
//! use cloudflare_core::{Config, Credentials, Paginator, accounts};
//!
//! let config = Config::new(Credentials::api_token("token"))?;
//! let mut pages = Paginator::new(accounts::List::default());
//! while let Some(request) = pages.next_request(&config) {
//!     let request = request?;
//!     // ... send `request` with any HTTP client, then:
//!     # let response = http::Response::new(br#"{"success":true,"errors":[],"messages":[],"result":[]}"#.to_vec());
//!     let page = pages.on_response(&response)?;
//!     for account in page.items { println!("{}", account.name); }
//! }
//! # Ok::<(), cloudflare_core::Error>(())
//! ```

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use http::Request;

use crate::config::Config;
use crate::error::Error;
use crate::operation::{Operation, Pagination};
use crate::response::{Response, ResponseMeta};

/// The default cap on pages fetched by one listing.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// Which page to ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageRequest<'a> {
    /// A page number, starting at 1.
    Number(u32),
    /// A cursor from the previous page's `result_info`.
    Cursor(&'a str),
}

/// A listing operation: its output is a list, and it can be pointed at another page.
pub trait ListOperation: Operation<Output = Vec<Self::Item>> + Clone {
    /// One listed item.
    type Item;

    /// Points the operation at a page. Page-number operations ignore cursors and vice versa.
    fn set_page(&mut self, page: PageRequest<'_>);

    /// The page the operation starts at (page-number listings), if the caller set one.
    fn first_page(&self) -> Option<u32> {
        None
    }
}

/// One page of a listing.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The items, in the order the API gave them.
    pub items: Vec<T>,
    /// Status, headers, `result_info` and the rest.
    pub meta: ResponseMeta,
}

/// Why a listing stopped (for logs and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The last page according to `result_info` (or a single-page listing).
    LastPage,
    /// A page with no items.
    EmptyPage,
    /// No next cursor.
    NoCursor,
    /// The API sent a cursor it had already sent.
    RepeatedCursor,
    /// The API sent the same page again (e.g. ignored `page`).
    RepeatedPage,
    /// The page cap was reached.
    PageCap,
    /// A response was an error.
    Error,
}

/// Drives a listing: [`Paginator::next_request`], send it, [`Paginator::on_response`], repeat
/// until `next_request` returns `None`.
///
/// Page-number listings stop on the last page (`total_pages`, or `total_count / per_page`),
/// on a short or empty page, when the API answers a page other than the one asked for, on a page
/// identical to the previous one, and at a page cap, so the reported endless `GET /accounts`
/// cannot loop forever. Cursor listings stop on a missing or repeated cursor.
#[derive(Clone, Debug)]
pub struct Paginator<O: ListOperation> {
    op: O,
    next_page: u32,
    pages_done: u32,
    max_pages: u32,
    previous_hash: Option<u64>,
    seen_cursors: HashSet<String>,
    total_pages: Option<u64>,
    stopped: Option<StopReason>,
}

impl<O: ListOperation> Paginator<O> {
    /// Starts a listing at the operation's first page.
    pub fn new(op: O) -> Self {
        let next_page = op.first_page().unwrap_or(1).max(1);
        Paginator {
            op,
            next_page,
            pages_done: 0,
            max_pages: DEFAULT_MAX_PAGES,
            previous_hash: None,
            seen_cursors: HashSet::new(),
            total_pages: None,
            stopped: None,
        }
    }

    /// Stops after at most `max` pages (at least 1).
    pub fn with_max_pages(mut self, max: u32) -> Self {
        self.max_pages = max.max(1);
        self
    }

    /// The pagination kind of the operation.
    pub fn kind(&self) -> Pagination {
        O::INFO.pagination
    }

    /// The operation, pointed at the next page.
    pub fn operation(&self) -> &O {
        &self.op
    }

    /// Why the listing stopped, once it has.
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stopped
    }

    /// The number of pages the listing has, once a page-number response told.
    pub fn total_pages(&self) -> Option<u64> {
        self.total_pages
    }

    /// The page number the next request asks for (page-number listings).
    pub fn next_page_number(&self) -> u32 {
        self.next_page
    }

    /// The next request to send, or `None` when the listing is complete.
    pub fn next_request(&self, config: &Config) -> Option<Result<Request<Vec<u8>>, Error>> {
        if self.stopped.is_some() {
            return None;
        }
        Some(self.op.to_request(config))
    }

    /// The request for page `page` of a page-number listing, without changing the state
    /// (for fetching known pages concurrently).
    pub fn request_for_page(&self, config: &Config, page: u32) -> Result<Request<Vec<u8>>, Error> {
        let mut op = self.op.clone();
        op.set_page(PageRequest::Number(page));
        op.to_request(config)
    }

    /// Consumes the response to the last request handed out, returning its items.
    /// After an error the listing stops.
    pub fn on_response<B: AsRef<[u8]>>(
        &mut self,
        response: &http::Response<B>,
    ) -> Result<Page<O::Item>, Error> {
        let parsed = match O::parse_response(response) {
            Ok(parsed) => parsed,
            Err(e) => {
                self.stopped = Some(StopReason::Error);
                return Err(e);
            }
        };
        self.pages_done += 1;
        let Response { result, meta } = parsed;
        let reason = match O::INFO.pagination {
            Pagination::PageNumber => self.advance_page(&result, &meta, response.body().as_ref()),
            Pagination::Cursor => self.advance_cursor(&meta),
            Pagination::SinglePage | Pagination::None => Some(StopReason::LastPage),
        };
        self.stopped =
            reason.or_else(|| (self.pages_done >= self.max_pages).then_some(StopReason::PageCap));
        Ok(Page {
            items: result,
            meta,
        })
    }

    fn advance_page(
        &mut self,
        items: &[O::Item],
        meta: &ResponseMeta,
        body: &[u8],
    ) -> Option<StopReason> {
        let asked = self.next_page;
        let info = meta.result_info.as_ref();
        if let Some(total) = info.and_then(|i| i.page_count()) {
            self.total_pages = Some(total);
        }
        if items.is_empty() {
            return Some(StopReason::EmptyPage);
        }
        let mut hasher = DefaultHasher::new();
        body.hash(&mut hasher);
        let hash = hasher.finish();
        if self.previous_hash.replace(hash) == Some(hash) {
            return Some(StopReason::RepeatedPage);
        }
        if let Some(info) = info {
            if info.page.is_some_and(|p| p != u64::from(asked)) {
                return Some(StopReason::RepeatedPage);
            }
            if self.total_pages.is_some_and(|t| u64::from(asked) >= t) {
                return Some(StopReason::LastPage);
            }
            let short = info
                .per_page
                .is_some_and(|per_page| (items.len() as u64) < per_page);
            if short {
                return Some(StopReason::LastPage);
            }
        }
        let Some(next) = asked.checked_add(1) else {
            return Some(StopReason::PageCap);
        };
        self.next_page = next;
        self.op.set_page(PageRequest::Number(self.next_page));
        None
    }

    fn advance_cursor(&mut self, meta: &ResponseMeta) -> Option<StopReason> {
        let Some(cursor) = meta.result_info.as_ref().and_then(|i| i.next_cursor()) else {
            return Some(StopReason::NoCursor);
        };
        if !self.seen_cursors.insert(cursor.to_owned()) {
            return Some(StopReason::RepeatedCursor);
        }
        self.op.set_page(PageRequest::Cursor(cursor));
        None
    }
}
