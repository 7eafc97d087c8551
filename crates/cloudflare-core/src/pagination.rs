//! A listing as a state machine: it hands out page requests (several at once for page-number
//! listings), takes their results in any order, and hands pages out strictly in order. No IO.
//!
//! Page by page, with any HTTP client:
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
//!     for account in page.result.items { println!("{}", account.name); }
//! }
//! # Ok::<(), cloudflare_core::Error>(())
//! ```
//!
//! Concurrently: start every fetch [`Paginator::next_fetch`] hands out, feed each result to
//! [`Paginator::on_fetched`] as it arrives, and take pages with [`Paginator::next_page`] (see
//! `examples/` for a complete transport).

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

use http::Request;

use crate::config::Config;
use crate::error::{Error, ListingError};
use crate::operation::{Operation, Pagination};
use crate::response::{Response, ResultInfo};
use serde::de::DeserializeOwned;

/// The default cap on pages fetched by one listing.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// Which page to ask for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PageRequest {
    /// A page number, starting at 1.
    Number(u32),
    /// A cursor from the previous page's `result_info`.
    Cursor(String),
}

/// A listing operation: one call returns one [`Page`], and the operation can be pointed at
/// another page. To get every item, use a client's `items()` / `pages()` or a [`Paginator`].
pub trait ListOperation: Operation<Output = Page<Self::Item>> + Clone {
    /// One listed item.
    type Item;

    /// Points the operation at a page. Page-number operations ignore cursors and vice versa.
    fn set_page(&mut self, page: PageRequest);

    /// The page the operation starts at (page-number listings), if the caller set one.
    fn first_page(&self) -> Option<u32> {
        None
    }
}

/// One page of a listing: what a listing operation's single call returns. It is not the whole
/// list: [`Page::next`] says where the next page is, [`Page::next_request`] builds the request
/// for it, and a client's `items()` / `pages()` fetch them all.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items on this page, in the order the API gave them.
    pub items: Vec<T>,
    /// The page's `result_info` (page number, counts, cursors), when the API sent it.
    pub result_info: Option<ResultInfo>,
    /// Where the next page is, when this page says there is one: the next page number while
    /// `result_info` counts more pages (or does not count them and this page was full), or the
    /// next cursor.
    pub next: Option<PageRequest>,
}

impl<T> Page<T> {
    /// `op` pointed at the next page, or `None` on the last page.
    pub fn next_request<O: ListOperation<Item = T>>(&self, op: &O) -> Option<O> {
        let next = self.next.clone()?;
        let mut op = op.clone();
        op.set_page(next);
        Some(op)
    }

    /// The number of items on this page (not in the listing: see [`Page::total_count`]).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether this page has no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items on this page.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Whether this page says another follows.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// The number of items in the whole listing, when the API counted them.
    pub fn total_count(&self) -> Option<u64> {
        let info = self.result_info.as_ref()?;
        info.total_count.or(info.total_size)
    }
}

/// A page serializes as its items: the listing's `result`, as the API sent it.
impl<T: serde::Serialize> serde::Serialize for Page<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// Parses one page of the listing `O`: its `result` array and `result_info`, and where the next
/// page is. Listing operations use it as their [`Operation::parse_response`].
pub fn parse_page<O, T, B>(response: &http::Response<B>) -> Result<Response<Page<T>>, Error>
where
    O: Operation<Output = Page<T>> + ?Sized,
    T: DeserializeOwned,
    B: AsRef<[u8]>,
{
    let Response { result, meta } = crate::response::parse_as::<O, Vec<T>, B>(response)?;
    let result_info = meta.result_info.clone();
    let info = result_info.as_ref();
    let next = match O::INFO.pagination {
        Pagination::PageNumber => info.and_then(|info| {
            let page = info.page?;
            let more = match info.page_count() {
                Some(pages) => page < pages,
                None => info
                    .per_page
                    .is_some_and(|p| p > 0 && result.len() as u64 >= p),
            };
            let next = u32::try_from(page.checked_add(1)?).ok()?;
            more.then_some(PageRequest::Number(next))
        }),
        Pagination::Cursor => info
            .and_then(ResultInfo::next_cursor)
            .map(|c| PageRequest::Cursor(c.to_owned())),
        Pagination::SinglePage | Pagination::None => None,
    };
    Ok(Response {
        result: Page {
            items: result,
            result_info,
            next,
        },
        meta,
    })
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
    /// The API sent a page it had already sent (it ignored `page`): its items were handed out
    /// the first time.
    RepeatedPage,
    /// The page cap was reached with pages left: the listing ended with
    /// [`ListingError::Truncated`].
    PageCap,
    /// A page failed (its error was handed out).
    Error,
}

/// A page request to start now: send `request` (as a call, with retries) and give its result
/// to [`Paginator::on_fetched`] with the same `key`.
#[derive(Debug)]
pub struct PageFetch {
    /// Which fetch this is (the page number for page-number listings).
    pub key: u32,
    /// The request.
    pub request: Request<Vec<u8>>,
}

/// What [`Paginator::next_page`] has.
// Returned by value and matched at once: boxing the page would cost an allocation per page.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum NextPage<T> {
    /// The next page in order, or the error that ends the listing.
    Ready(Result<Response<Page<T>>, Error>),
    /// The next page is still being fetched: wait for a fetch to finish.
    Pending,
    /// The listing is complete.
    End,
}

/// A page that arrived, parsed, waiting for its turn.
struct Arrived<T> {
    page: Result<Response<Page<T>>, Error>,
    /// A hash of the body (page-number listings), to spot the API repeating a page.
    hash: u64,
}

/// Drives a listing.
///
/// Page-number listings: once a page has told how many pages there are (`total_pages`, or
/// `total_count / per_page`), up to [`Paginator::with_concurrency`] fetches are handed out at
/// once; before that, one at a time. Responses are accepted in any order and pages handed out
/// strictly in order; at most `concurrency` pages are held, fetched or fetching, at any time.
/// Cursor listings are sequential (a cursor names the next page), fetching the next page as soon
/// as a cursor is known.
///
/// Rules, applied in page order:
/// - the last page according to `result_info`, a short page (fewer items than `per_page`), an
///   empty page, a missing cursor: the listing is complete;
/// - a page identical to the previous one, or one that says it is a page already handed out
///   (the API ignored `page`), or a cursor already seen: the listing is complete, and that
///   page's items, already handed out, are not handed out again;
/// - a page that says it is another page that was not handed out: [`ListingError::UnexpectedPage`];
/// - more pages than the page cap allows: the capped pages, then [`ListingError::Truncated`];
/// - a failed page: its error. After an error the listing hands out nothing more.
///
/// Pages fetched ahead of the page that ends the listing are discarded (and their fetches may be
/// cancelled: see [`Paginator::is_wanted`]).
pub struct Paginator<O: ListOperation> {
    op: O,
    concurrency: u32,
    max_pages: u32,
    /// Key of the next fetch to hand out.
    next_key: u32,
    /// Key of the next page to hand out.
    next_yield: u32,
    /// The key of the first page.
    first_key: u32,
    /// Fetches handed out and not yet answered.
    in_flight: u32,
    arrived: BTreeMap<u32, Arrived<O::Item>>,
    total_pages: Option<u64>,
    /// Cursor listings: the key after which no fetch follows (no or repeated cursor).
    cursor_end: Option<(u32, StopReason)>,
    seen_cursors: HashSet<String>,
    previous_hash: Option<u64>,
    truncate_next: bool,
    stopped: Option<StopReason>,
}

impl<O: ListOperation> std::fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("operation", &O::INFO.name)
            .field("next_page", &self.next_yield)
            .field("in_flight", &self.in_flight)
            .field("held", &self.arrived.len())
            .field("total_pages", &self.total_pages)
            .field("stopped", &self.stopped)
            .finish_non_exhaustive()
    }
}

impl<O: ListOperation> Paginator<O> {
    /// Starts a listing at the operation's first page (page 1 unless the operation says
    /// otherwise; a first page of 0 is page 1), one fetch at a time.
    pub fn new(mut op: O) -> Self {
        let first = op.first_page().unwrap_or(1).max(1);
        if O::INFO.pagination == Pagination::PageNumber && op.first_page().is_some() {
            // Ask for the page the listing counts from, so `page=0` is never sent as such.
            op.set_page(PageRequest::Number(first));
        }
        let first_key = match O::INFO.pagination {
            Pagination::PageNumber => first,
            _ => 1,
        };
        Paginator {
            op,
            concurrency: 1,
            max_pages: DEFAULT_MAX_PAGES,
            next_key: first_key,
            next_yield: first_key,
            first_key,
            in_flight: 0,
            arrived: BTreeMap::new(),
            total_pages: None,
            cursor_end: None,
            seen_cursors: HashSet::new(),
            previous_hash: None,
            truncate_next: false,
            stopped: None,
        }
    }

    /// Fetches at most `max` pages (at least 1); a listing with more ends with
    /// [`ListingError::Truncated`].
    pub fn with_max_pages(mut self, max: u32) -> Self {
        self.max_pages = max.max(1);
        self
    }

    /// Keeps up to `fetches` fetches in flight (at least 1; page-number listings only).
    pub fn with_concurrency(mut self, fetches: usize) -> Self {
        self.concurrency = u32::try_from(fetches).unwrap_or(u32::MAX).max(1);
        self
    }

    /// The pagination kind of the operation.
    pub fn kind(&self) -> Pagination {
        O::INFO.pagination
    }

    /// The operation (for cursor listings, pointed at the next page).
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

    /// The page number of the next page handed out (page-number listings).
    pub fn next_page_number(&self) -> u32 {
        self.next_yield
    }

    /// Fetches handed out and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.in_flight as usize
    }

    /// Whether the result of fetch `key` is still needed; a transport may cancel the others.
    pub fn is_wanted(&self, key: u32) -> bool {
        self.stopped.is_none() && key >= self.next_yield
    }

    /// The last key the cap allows.
    fn last_allowed(&self) -> u32 {
        self.first_key.saturating_add(self.max_pages - 1)
    }

    /// The next fetch to start now, if the schedule allows one; call until `None`. A request
    /// that cannot be built is not handed out: its error takes the page's place in order.
    pub fn next_fetch(&mut self, config: &Config) -> Option<PageFetch> {
        if self.stopped.is_some() || self.truncate_next {
            return None;
        }
        let key = self.next_key;
        let held = key - self.next_yield;
        if held >= self.concurrency || key > self.last_allowed() {
            return None;
        }
        match O::INFO.pagination {
            Pagination::PageNumber => {
                // Before the size is known, one page at a time: the first answer says how many.
                match self.total_pages {
                    None if held > 0 => return None,
                    Some(total) if u64::from(key) > total => return None,
                    _ => {}
                }
            }
            Pagination::Cursor => {
                if self.in_flight > 0 || key - self.first_key > self.seen_cursors.len() as u32 {
                    return None;
                }
                if self.cursor_end.is_some() {
                    return None;
                }
            }
            Pagination::SinglePage | Pagination::None => {
                if key > self.first_key {
                    return None;
                }
            }
        }
        // The first page is asked for as the caller built it (no `page=1` they did not set).
        let request = if O::INFO.pagination == Pagination::PageNumber && key != self.first_key {
            let mut op = self.op.clone();
            op.set_page(PageRequest::Number(key));
            op.to_request(config)
        } else {
            self.op.to_request(config)
        };
        self.next_key = key.saturating_add(1);
        self.in_flight += 1;
        match request {
            Ok(request) => Some(PageFetch { key, request }),
            Err(e) => {
                self.accept::<Vec<u8>>(key, Err(e));
                None
            }
        }
    }

    /// The result of fetch `key`: the final response of its call (any status), or why there is
    /// none. Results may come in any order; a result no longer wanted is dropped.
    pub fn on_fetched<B: AsRef<[u8]>>(
        &mut self,
        key: u32,
        result: Result<http::Response<B>, Error>,
    ) {
        match result {
            Ok(response) => self.accept(key, Ok(&response)),
            Err(e) => self.accept::<B>(key, Err(e)),
        }
    }

    fn accept<B: AsRef<[u8]>>(&mut self, key: u32, result: Result<&http::Response<B>, Error>) {
        if key >= self.next_key || self.arrived.contains_key(&key) {
            return;
        }
        self.in_flight = self.in_flight.saturating_sub(1);
        if !self.is_wanted(key) {
            return;
        }
        let hash = match (&result, O::INFO.pagination) {
            (Ok(response), Pagination::PageNumber) => {
                // Not adversarial (a server could repeat a page outright), so a fast hash.
                let mut hasher = rustc_hash::FxHasher::default();
                hasher.write(response.body().as_ref());
                hasher.finish()
            }
            _ => 0,
        };
        let page = result.and_then(|response| O::parse_response(response));
        match &page {
            Ok(page) if O::INFO.pagination == Pagination::PageNumber => {
                if let Some(total) = page
                    .result
                    .result_info
                    .as_ref()
                    .and_then(|i| i.page_count())
                {
                    self.total_pages.get_or_insert(total);
                }
            }
            Ok(page) if O::INFO.pagination == Pagination::Cursor => self.advance_cursor(key, page),
            Err(_) if O::INFO.pagination == Pagination::Cursor => {
                self.cursor_end = Some((key, StopReason::Error));
            }
            _ => {}
        }
        self.arrived.insert(key, Arrived { page, hash });
    }

    fn advance_cursor(&mut self, key: u32, page: &Response<Page<O::Item>>) {
        let cursor = page
            .result
            .result_info
            .as_ref()
            .and_then(|i| i.next_cursor());
        match cursor {
            None => self.cursor_end = Some((key, StopReason::NoCursor)),
            Some(c) if !self.seen_cursors.insert(c.to_owned()) => {
                self.cursor_end = Some((key, StopReason::RepeatedCursor));
            }
            Some(c) => self.op.set_page(PageRequest::Cursor(c.to_owned())),
        }
    }

    /// The next page in order, if it has arrived.
    pub fn next_page(&mut self) -> NextPage<O::Item> {
        match self.take_next() {
            Next::Page(page) => NextPage::Ready(Ok(page)),
            Next::Failed(e) => NextPage::Ready(Err(e)),
            Next::Ended(_) | Next::End => NextPage::End,
            Next::Pending => NextPage::Pending,
        }
    }

    fn take_next(&mut self) -> Next<O::Item> {
        if self.stopped.is_some() {
            return Next::End;
        }
        if self.truncate_next {
            return self.fail(
                StopReason::PageCap,
                ListingError::Truncated {
                    max_pages: self.max_pages,
                }
                .into(),
            );
        }
        let key = self.next_yield;
        let Some(arrived) = self.arrived.remove(&key) else {
            return Next::Pending;
        };
        let page = match arrived.page {
            Ok(page) => page,
            Err(e) => return self.fail(StopReason::Error, e),
        };
        self.next_yield = key.saturating_add(1);
        let last = match O::INFO.pagination {
            Pagination::PageNumber => match self.check_page(key, &page, arrived.hash) {
                Check::Continue => false,
                Check::Last => true,
                Check::Drop(reason) => return self.end(reason, page),
                Check::Fail(e) => return self.fail(StopReason::Error, e),
            },
            Pagination::Cursor => match self.cursor_end {
                Some((end, reason)) if end == key => {
                    self.stop(reason);
                    return Next::Page(page);
                }
                _ => false,
            },
            Pagination::SinglePage | Pagination::None => true,
        };
        if last {
            self.stop(StopReason::LastPage);
        } else if key >= self.last_allowed() {
            self.truncate_next = true;
            self.arrived.clear();
        }
        Next::Page(page)
    }

    fn check_page(&mut self, key: u32, page: &Response<Page<O::Item>>, hash: u64) -> Check {
        if page.result.items.is_empty() {
            return Check::Drop(StopReason::EmptyPage);
        }
        if self.previous_hash.replace(hash) == Some(hash) {
            return Check::Drop(StopReason::RepeatedPage);
        }
        let info = page.result.result_info.as_ref();
        if let Some(answered) = info.and_then(|i| i.page).filter(|&a| a != u64::from(key)) {
            if answered >= u64::from(self.first_key) && answered < u64::from(key) {
                return Check::Drop(StopReason::RepeatedPage);
            }
            return Check::Fail(
                ListingError::UnexpectedPage {
                    asked: key,
                    answered,
                }
                .into(),
            );
        }
        if self.total_pages.is_some_and(|t| u64::from(key) >= t) {
            return Check::Last;
        }
        if info
            .and_then(|i| i.per_page)
            .is_some_and(|per_page| (page.result.items.len() as u64) < per_page)
        {
            return Check::Last;
        }
        if key == u32::MAX {
            return Check::Last;
        }
        Check::Continue
    }

    fn stop(&mut self, reason: StopReason) {
        self.stopped = Some(reason);
        self.arrived.clear();
    }

    fn end(&mut self, reason: StopReason, page: Response<Page<O::Item>>) -> Next<O::Item> {
        self.stop(reason);
        Next::Ended(page)
    }

    fn fail(&mut self, reason: StopReason, error: Error) -> Next<O::Item> {
        self.stop(reason);
        Next::Failed(error)
    }

    /// The next request of a page-by-page listing, or `None` when the listing is complete.
    /// With [`Paginator::on_response`], for transports that fetch one page at a time. A listing
    /// with more pages than the cap hands out [`ListingError::Truncated`] here, after the last
    /// page allowed.
    pub fn next_request(&mut self, config: &Config) -> Option<Result<Request<Vec<u8>>, Error>> {
        if self.truncate_next {
            return match self.take_next() {
                Next::Failed(e) => Some(Err(e)),
                _ => None,
            };
        }
        if self.in_flight > 0 || self.stopped.is_some() {
            return None;
        }
        match self.next_fetch(config) {
            Some(fetch) => Some(Ok(fetch.request)),
            // A request that could not be built: its error is next in order.
            None => match self.take_next() {
                Next::Failed(e) => Some(Err(e)),
                _ => None,
            },
        }
    }

    /// Consumes the response to the request [`Paginator::next_request`] handed out, returning
    /// its page. A page that ends the listing without new items (empty, or a repeat) comes back
    /// with no items.
    pub fn on_response<B: AsRef<[u8]>>(
        &mut self,
        response: &http::Response<B>,
    ) -> Result<Response<Page<O::Item>>, Error> {
        let key = self.next_key.saturating_sub(1);
        self.accept(key, Ok(response));
        match self.take_next() {
            Next::Page(page) => Ok(page),
            Next::Ended(mut page) => {
                page.result.items.clear();
                Ok(page)
            }
            Next::Failed(e) => Err(e),
            Next::End | Next::Pending => Err(Error::InvalidRequest(
                crate::error::RequestError::CallFinished,
            )),
        }
    }
}

enum Next<T> {
    Page(Response<Page<T>>),
    /// A page that ends the listing and whose items are not handed out.
    Ended(Response<Page<T>>),
    Failed(Error),
    Pending,
    End,
}

enum Check {
    Continue,
    Last,
    Drop(StopReason),
    Fail(Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts;
    use crate::auth::Credentials;
    use crate::error::RequestError;
    use crate::operation::{AUTH_TOKEN, OperationInfo};
    use crate::query::Query;
    use serde_json::json;

    fn config() -> Config {
        Config::new(Credentials::api_token("t")).unwrap()
    }

    fn page(items: usize, info: serde_json::Value) -> http::Response<Vec<u8>> {
        page_from(0, items, info)
    }

    fn page_from(first: usize, items: usize, info: serde_json::Value) -> http::Response<Vec<u8>> {
        let result: Vec<_> = (first..first + items)
            .map(|i| json!({"id": format!("{i:032}"), "name": format!("a{i}"), "type": "standard"}))
            .collect();
        let body = json!({"success": true, "errors": [], "messages": [], "result": result, "result_info": info});
        http::Response::new(serde_json::to_vec(&body).unwrap())
    }

    /// Sends the next request (returning its query) and answers it with `response`.
    fn step(
        p: &mut Paginator<accounts::List>,
        response: http::Response<Vec<u8>>,
    ) -> (String, Result<Response<Page<accounts::Account>>, Error>) {
        let request = p.next_request(&config()).unwrap().unwrap();
        let query = request.uri().query().unwrap_or("").to_owned();
        (query, p.on_response(&response))
    }

    #[test]
    fn one_call_is_a_page_that_says_where_the_next_is() {
        let list = accounts::List {
            per_page: Some(2),
            ..Default::default()
        };
        let parse = |info| {
            accounts::List::parse_response(&page(2, info))
                .unwrap()
                .result
        };
        let first = parse(json!({"page": 1, "per_page": 2, "total_pages": 3}));
        assert_eq!(first.len(), 2);
        assert_eq!(first.next, Some(PageRequest::Number(2)));
        let next = first.next_request(&list).unwrap();
        assert_eq!(next.page, Some(2));
        assert_eq!(next.per_page, Some(2));
        // The last page, by count or by a short page, has no next.
        assert_eq!(
            parse(json!({"page": 3, "per_page": 2, "total_pages": 3})).next,
            None
        );
        assert_eq!(parse(json!({"page": 1, "per_page": 5})).next, None);
        // Uncounted but full: there may be more.
        assert_eq!(
            parse(json!({"page": 4, "per_page": 2})).next,
            Some(PageRequest::Number(5))
        );
        // No page number: nothing to count from.
        assert_eq!(parse(json!({"per_page": 2})).next, None);
        // A single-page listing never has a next page.
        let response = http::Response::new(
            br#"{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"page":1,"total_pages":9}}"#.to_vec(),
        );
        let groups = crate::user::tokens::permission_groups::List::parse_response(&response);
        assert_eq!(groups.unwrap().result.next, None);
    }

    #[test]
    fn page_number_walks_to_total_pages() {
        let mut p = Paginator::new(accounts::List {
            per_page: Some(2),
            ..Default::default()
        });
        let info = |n| json!({"page": n, "per_page": 2, "total_pages": 3});
        let (q, r) = step(&mut p, page(2, info(1)));
        assert_eq!(q, "per_page=2");
        assert_eq!(r.unwrap().result.items.len(), 2);
        assert_eq!(p.total_pages(), Some(3));
        let (q, _) = step(&mut p, page_from(2, 2, info(2)));
        assert_eq!(q, "page=2&per_page=2");
        step(&mut p, page_from(4, 1, info(3))).1.unwrap();
        assert!(p.next_request(&config()).is_none());
        assert_eq!(p.stop_reason(), Some(StopReason::LastPage));
    }

    #[test]
    fn total_count_without_total_pages() {
        let mut p = Paginator::new(accounts::List::default());
        let info = |n| json!({"page": n, "per_page": 20, "total_count": 40});
        step(&mut p, page(20, info(1))).1.unwrap();
        step(&mut p, page_from(20, 20, info(2))).1.unwrap();
        assert!(p.next_request(&config()).is_none());
        assert_eq!(p.stop_reason(), Some(StopReason::LastPage));
    }

    #[test]
    fn endless_same_page_stops() {
        // The reported GET /accounts behaviour: `page` ignored, same page forever, no totals.
        let mut p = Paginator::new(accounts::List::default());
        let same = page(20, json!({"per_page": 20}));
        assert_eq!(step(&mut p, same.clone()).1.unwrap().result.items.len(), 20);
        // The repeat's items are not handed out twice.
        assert!(step(&mut p, same).1.unwrap().result.items.is_empty());
        assert_eq!(p.stop_reason(), Some(StopReason::RepeatedPage));
        // Same, but the API says it is page 1 when asked for page 2.
        let mut p = Paginator::new(accounts::List::default());
        step(&mut p, page(20, json!({"page": 1, "per_page": 20})))
            .1
            .unwrap();
        let (_, r) = step(&mut p, page(19, json!({"page": 1, "per_page": 19})));
        assert!(r.unwrap().result.items.is_empty());
        assert_eq!(p.stop_reason(), Some(StopReason::RepeatedPage));
    }

    /// Regression: the first page's items were dropped when `result_info.page` differed from the
    /// page asked for; now that is an error, never a silent loss.
    #[test]
    fn an_unexpected_page_number_is_an_error_not_a_silent_drop() {
        let mut p = Paginator::new(accounts::List::default());
        let (_, r) = step(&mut p, page(20, json!({"page": 0, "per_page": 20})));
        assert!(
            matches!(
                r,
                Err(Error::Listing(ListingError::UnexpectedPage {
                    asked: 1,
                    answered: 0
                }))
            ),
            "{r:?}"
        );
        assert!(p.next_request(&config()).is_none());
    }

    /// Regression: `page: Some(0)` was sent as `page=0` while the paginator expected page 1.
    #[test]
    fn a_first_page_of_zero_asks_for_page_one() {
        let mut p = Paginator::new(accounts::List {
            page: Some(0),
            ..Default::default()
        });
        let (q, r) = step(&mut p, page(20, json!({"page": 1, "per_page": 20})));
        assert_eq!(q, "page=1");
        assert_eq!(r.unwrap().result.items.len(), 20);
        let (q, _) = step(&mut p, page(0, json!({"page": 2, "per_page": 20})));
        assert_eq!(q, "page=2");
    }

    /// Regression: reaching the page cap ended the listing with `Ok`.
    #[test]
    fn the_page_cap_is_an_error_after_the_pages_it_allows() {
        let mut p = Paginator::new(accounts::List::default()).with_max_pages(2);
        let info = |n| json!({"page": n, "per_page": 20, "total_pages": 8});
        assert_eq!(
            step(&mut p, page(20, info(1)))
                .1
                .unwrap()
                .result
                .items
                .len(),
            20
        );
        assert_eq!(
            step(&mut p, page_from(20, 20, info(2)))
                .1
                .unwrap()
                .result
                .items
                .len(),
            20
        );
        let next = p.next_request(&config());
        assert!(
            matches!(
                next,
                Some(Err(Error::Listing(ListingError::Truncated {
                    max_pages: 2
                })))
            ),
            "{next:?}"
        );
        assert!(p.next_request(&config()).is_none());
        assert_eq!(p.stop_reason(), Some(StopReason::PageCap));
    }

    #[test]
    fn empty_pages_and_errors_stop() {
        let mut p = Paginator::new(accounts::List::default());
        step(&mut p, page(0, json!({}))).1.unwrap();
        assert_eq!(p.stop_reason(), Some(StopReason::EmptyPage));

        let mut p = Paginator::new(accounts::List::default());
        let err = http::Response::builder()
            .status(500)
            .body(b"oops".to_vec())
            .unwrap();
        assert!(step(&mut p, err).1.is_err());
        assert!(p.next_request(&config()).is_none());
    }

    #[test]
    fn concurrent_fetches_are_handed_out_in_order_whatever_order_they_finish() {
        let per_page = 20;
        let mut p = Paginator::new(accounts::List::default()).with_concurrency(3);
        let info = |n: u32| json!({"page": n, "per_page": per_page, "total_pages": 5});
        let answer = |n: u32| page_from((n as usize - 1) * per_page, per_page, info(n));
        // Before the size is known: one fetch.
        let first = p.next_fetch(&config()).unwrap();
        assert!(p.next_fetch(&config()).is_none());
        assert!(matches!(p.next_page(), NextPage::Pending));
        p.on_fetched(first.key, Ok(answer(1)));
        // Now up to 3 held at once: page 1 (arrived) and pages 2, 3.
        let keys: Vec<u32> = std::iter::from_fn(|| p.next_fetch(&config()))
            .map(|f| f.key)
            .collect();
        assert_eq!(keys, [2, 3]);
        let mut seen = Vec::new();
        fn collect(p: &mut Paginator<accounts::List>, seen: &mut Vec<String>) {
            while let NextPage::Ready(page) = p.next_page() {
                seen.extend(page.unwrap().result.items.into_iter().map(|a| a.name));
            }
        }
        collect(&mut p, &mut seen);
        let keys: Vec<u32> = std::iter::from_fn(|| p.next_fetch(&config()))
            .map(|f| f.key)
            .collect();
        assert_eq!(keys, [4]);
        // Out of order: 4, then 3, then 2.
        p.on_fetched(4, Ok(answer(4)));
        p.on_fetched(3, Ok(answer(3)));
        collect(&mut p, &mut seen);
        assert_eq!(seen.len(), 20, "page 2 is not there yet");
        p.on_fetched(2, Ok(answer(2)));
        collect(&mut p, &mut seen);
        let keys: Vec<u32> = std::iter::from_fn(|| p.next_fetch(&config()))
            .map(|f| f.key)
            .collect();
        assert_eq!(keys, [5]);
        p.on_fetched(5, Ok(answer(5)));
        collect(&mut p, &mut seen);
        assert!(matches!(p.next_page(), NextPage::End));
        let expected: Vec<String> = (0..100).map(|i| format!("a{i}")).collect();
        assert_eq!(seen, expected);
        assert_eq!(p.stop_reason(), Some(StopReason::LastPage));
    }

    #[test]
    fn pages_after_the_end_are_discarded_and_unwanted() {
        let mut p = Paginator::new(accounts::List::default()).with_concurrency(4);
        let info = |n: u32| json!({"page": n, "per_page": 20, "total_pages": 9});
        let f = p.next_fetch(&config()).unwrap();
        p.on_fetched(f.key, Ok(page(20, info(1))));
        let keys: Vec<u32> = std::iter::from_fn(|| p.next_fetch(&config()))
            .map(|f| f.key)
            .collect();
        assert_eq!(keys, [2, 3, 4]);
        p.on_fetched(3, Ok(page_from(60, 20, info(3))));
        // Page 2 is short: the listing ends there; page 3 is dropped, 4 no longer wanted.
        p.on_fetched(2, Ok(page_from(20, 5, info(2))));
        assert!(matches!(p.next_page(), NextPage::Ready(Ok(_))));
        assert!(matches!(p.next_page(), NextPage::Ready(Ok(pg)) if pg.result.items.len() == 5));
        assert!(matches!(p.next_page(), NextPage::End));
        assert!(!p.is_wanted(4));
        assert!(p.next_fetch(&config()).is_none());
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
            idempotent: true,
        };
        type Output = Page<u32>;

        fn query(&self, query: &mut Query) -> Result<(), RequestError> {
            if let Some(c) = &self.cursor {
                query.push("cursor", c);
            }
            Ok(())
        }

        fn parse_response<B: AsRef<[u8]>>(
            response: &http::Response<B>,
        ) -> Result<Response<Page<u32>>, Error> {
            parse_page::<Self, u32, B>(response)
        }
    }

    impl ListOperation for CursorOp {
        type Item = u32;
        fn set_page(&mut self, page: PageRequest) {
            if let PageRequest::Cursor(c) = page {
                self.cursor = Some(c);
            }
        }
    }

    fn cursor_page(info: serde_json::Value) -> http::Response<Vec<u8>> {
        let body = json!({"success": true, "errors": [], "messages": [], "result": [1, 2], "result_info": info});
        http::Response::new(serde_json::to_vec(&body).unwrap())
    }

    #[test]
    fn a_cursor_page_names_its_next_cursor() {
        let page = CursorOp::parse_response(&cursor_page(json!({"cursors": {"after": "c2"}})))
            .unwrap()
            .result;
        assert_eq!(page.next, Some(PageRequest::Cursor("c2".into())));
        let next = page.next_request(&CursorOp::default()).unwrap();
        assert_eq!(next.cursor.as_deref(), Some("c2"));
        let last = CursorOp::parse_response(&cursor_page(json!({"cursor": ""}))).unwrap();
        assert_eq!(last.result.next, None);
    }

    #[test]
    fn cursors_from_either_field_and_stop_on_repeat_or_missing() {
        let mut p = Paginator::new(CursorOp::default()).with_concurrency(4);
        let request = p.next_request(&config()).unwrap().unwrap();
        assert_eq!(request.uri().query(), None);
        p.on_response(&cursor_page(json!({"cursor": "c1"})))
            .unwrap();
        let request = p.next_request(&config()).unwrap().unwrap();
        assert_eq!(request.uri().query(), Some("cursor=c1"));
        p.on_response(&cursor_page(json!({"cursors": {"after": "c2"}})))
            .unwrap();
        assert_eq!(p.operation().cursor.as_deref(), Some("c2"));
        p.next_request(&config()).unwrap().unwrap();
        // A repeated cursor: this page's items are new, and the listing ends after it.
        let last = p
            .on_response(&cursor_page(json!({"cursor": "c1"})))
            .unwrap();
        assert_eq!(last.result.items, [1, 2]);
        assert_eq!(p.stop_reason(), Some(StopReason::RepeatedCursor));
        assert!(p.next_request(&config()).is_none());

        let mut p = Paginator::new(CursorOp::default());
        p.next_request(&config()).unwrap().unwrap();
        p.on_response(&cursor_page(json!({"cursor": ""}))).unwrap();
        assert_eq!(p.stop_reason(), Some(StopReason::NoCursor));
    }

    #[test]
    fn cursor_listings_keep_one_fetch_in_flight() {
        let mut p = Paginator::new(CursorOp::default()).with_concurrency(4);
        let f = p.next_fetch(&config()).unwrap();
        assert!(p.next_fetch(&config()).is_none());
        p.on_fetched(f.key, Ok(cursor_page(json!({"cursor": "c1"}))));
        // The cursor is known: the next page is fetched before the caller takes this one.
        let g = p.next_fetch(&config()).unwrap();
        assert_eq!(g.request.uri().query(), Some("cursor=c1"));
        assert!(p.next_fetch(&config()).is_none());
    }
}
