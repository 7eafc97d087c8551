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
        // A repeated page (the API ignored `page`) holds items already handed out.
        let items = if reason == Some(StopReason::RepeatedPage) {
            Vec::new()
        } else {
            result
        };
        Ok(Page { items, meta })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts;
    use crate::auth::Credentials;
    use crate::encoding::Query;
    use crate::error::RequestError;
    use crate::operation::{AUTH_TOKEN, OperationInfo};
    use serde_json::json;

    fn config() -> Config {
        Config::new(Credentials::api_token("t")).unwrap()
    }

    fn page(items: usize, info: serde_json::Value) -> http::Response<Vec<u8>> {
        let result: Vec<_> = (0..items)
            .map(|i| json!({"id": format!("{i:032}"), "name": format!("a{i}"), "type": "standard"}))
            .collect();
        let body = json!({"success": true, "errors": [], "messages": [], "result": result, "result_info": info});
        http::Response::new(serde_json::to_vec(&body).unwrap())
    }

    fn query_of(p: &Paginator<accounts::List>) -> String {
        let request = p.next_request(&config()).unwrap().unwrap();
        request.uri().query().unwrap_or("").to_owned()
    }

    #[test]
    fn page_number_walks_to_total_pages() {
        let mut p = Paginator::new(accounts::List {
            per_page: Some(2),
            ..Default::default()
        });
        assert_eq!(query_of(&p), "per_page=2");
        p.on_response(&page(
            2,
            json!({"page": 1, "per_page": 2, "total_pages": 3}),
        ))
        .unwrap();
        assert_eq!(query_of(&p), "page=2&per_page=2");
        assert_eq!(p.total_pages(), Some(3));
        p.on_response(&page(
            2,
            json!({"page": 2, "per_page": 2, "total_pages": 3}),
        ))
        .unwrap();
        p.on_response(&page(
            1,
            json!({"page": 3, "per_page": 2, "total_pages": 3}),
        ))
        .unwrap();
        assert!(p.next_request(&config()).is_none());
        assert_eq!(p.stop_reason(), Some(StopReason::LastPage));
    }

    #[test]
    fn total_count_without_total_pages() {
        let mut p = Paginator::new(accounts::List::default());
        p.on_response(&page(
            20,
            json!({"page": 1, "per_page": 20, "total_count": 40}),
        ))
        .unwrap();
        assert!(p.next_request(&config()).is_some());
        p.on_response(&page(
            20,
            json!({"page": 2, "per_page": 20, "total_count": 40}),
        ))
        .unwrap();
        assert_eq!(p.stop_reason(), Some(StopReason::LastPage));
    }

    #[test]
    fn endless_same_page_stops() {
        // The reported GET /accounts behaviour: `page` ignored, same page forever, no totals.
        let mut p = Paginator::new(accounts::List::default());
        let same = page(20, json!({"per_page": 20}));
        assert_eq!(p.on_response(&same).unwrap().items.len(), 20);
        // The repeat's items are not handed out twice.
        assert!(p.on_response(&same).unwrap().items.is_empty());
        assert_eq!(p.stop_reason(), Some(StopReason::RepeatedPage));
        // Same, but the API says it is page 1 when asked for page 2.
        let mut p = Paginator::new(accounts::List::default());
        p.on_response(&page(20, json!({"page": 1, "per_page": 20})))
            .unwrap();
        p.on_response(&page(19, json!({"page": 1, "per_page": 19})))
            .unwrap();
        assert_eq!(p.stop_reason(), Some(StopReason::RepeatedPage));
    }

    #[test]
    fn empty_page_cap_and_errors_stop() {
        let mut p = Paginator::new(accounts::List::default());
        p.on_response(&page(0, json!({}))).unwrap();
        assert_eq!(p.stop_reason(), Some(StopReason::EmptyPage));

        let mut p = Paginator::new(accounts::List::default()).with_max_pages(2);
        for n in 1..=2 {
            p.on_response(&page(
                20,
                json!({"page": n, "per_page": 20, "total_pages": 99}),
            ))
            .unwrap();
        }
        assert_eq!(p.stop_reason(), Some(StopReason::PageCap));

        let mut p = Paginator::new(accounts::List::default());
        let err = http::Response::builder()
            .status(500)
            .body(b"oops".to_vec())
            .unwrap();
        assert!(p.on_response(&err).is_err());
        assert!(p.next_request(&config()).is_none());
    }

    #[derive(Clone, Default)]
    struct CursorOp {
        cursor: Option<String>,
    }

    impl Operation for CursorOp {
        const INFO: OperationInfo = OperationInfo {
            name: "test.cursor",
            operation_id: "test-cursor",
            method: http::Method::GET,
            path: "/test",
            pagination: Pagination::Cursor,
            auth: AUTH_TOKEN,
            deprecated: false,
        };
        type Output = Vec<u32>;

        fn query(&self, query: &mut Query) -> Result<(), RequestError> {
            if let Some(c) = &self.cursor {
                query.push("cursor", c);
            }
            Ok(())
        }
    }

    impl ListOperation for CursorOp {
        type Item = u32;
        fn set_page(&mut self, page: PageRequest<'_>) {
            if let PageRequest::Cursor(c) = page {
                self.cursor = Some(c.to_owned());
            }
        }
    }

    fn cursor_page(info: serde_json::Value) -> http::Response<Vec<u8>> {
        let body = json!({"success": true, "errors": [], "messages": [], "result": [1, 2], "result_info": info});
        http::Response::new(serde_json::to_vec(&body).unwrap())
    }

    #[test]
    fn cursors_from_either_field_and_stop_on_repeat_or_missing() {
        let mut p = Paginator::new(CursorOp::default());
        p.on_response(&cursor_page(json!({"cursor": "c1"})))
            .unwrap();
        let request = p.next_request(&config()).unwrap().unwrap();
        assert_eq!(request.uri().query(), Some("cursor=c1"));
        p.on_response(&cursor_page(json!({"cursors": {"after": "c2"}})))
            .unwrap();
        assert_eq!(p.operation().cursor.as_deref(), Some("c2"));
        p.on_response(&cursor_page(json!({"cursor": "c1"})))
            .unwrap();
        assert_eq!(p.stop_reason(), Some(StopReason::RepeatedCursor));

        let mut p = Paginator::new(CursorOp::default());
        p.on_response(&cursor_page(json!({"cursor": ""}))).unwrap();
        assert_eq!(p.stop_reason(), Some(StopReason::NoCursor));
    }
}
