//! Auto-pagination as streams, fetching known pages of page-number listings concurrently.

use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use cloudflare_core::pagination::StopReason;
use cloudflare_core::{Error, ListOperation, Page, Pagination, Paginator};
use futures_core::{FusedStream, Stream};
use tracing::{Instrument, Span};

use crate::throttle::Gate;
use crate::transport::Client;

/// One page request under way (or its result).
type Fetch = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, Error>> + Send>>;

enum Slot {
    Running(Fetch),
    Done(Result<http::Response<Bytes>, Error>),
}

/// A page fetched ahead of the one the paginator asks for next.
struct Ahead {
    page: u32,
    slot: Slot,
}

/// The listing's state: the core's [`Paginator`] decides which page comes next and when to stop;
/// this only fetches ahead, and feeds responses to the paginator strictly in page order.
struct Lister<O: ListOperation> {
    client: Client,
    paginator: Paginator<O>,
    gate: Arc<Gate>,
    concurrency: usize,
    /// The last page the page cap allows.
    last_allowed: u32,
    /// Pages fetched ahead, consecutive, starting at the paginator's next page.
    ahead: VecDeque<Ahead>,
    /// Responses consumed so far (for logs of cursor listings).
    fetched: u32,
    finished: bool,
    span: Span,
}

impl<O> Lister<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    fn new(client: Client, op: O) -> Self {
        let options = client.options();
        let max_pages = options.max_pages.max(1);
        let concurrency = options.page_concurrency.max(1);
        let paginator = Paginator::new(op).with_max_pages(max_pages);
        let last_allowed = paginator.next_page_number().saturating_add(max_pages - 1);
        let span = tracing::info_span!(
            "cloudflare.list",
            operation = O::INFO.name,
            method = %O::INFO.method,
            concurrency,
        );
        Lister {
            client,
            paginator,
            gate: Arc::new(Gate::default()),
            concurrency,
            last_allowed,
            ahead: VecDeque::new(),
            fetched: 0,
            finished: false,
            span,
        }
    }

    /// The next page, in order; `None` once the listing is complete (or failed).
    async fn next_page(&mut self) -> Option<Result<Page<O::Item>, Error>> {
        if self.finished {
            return None;
        }
        self.fill();
        let response = match self.take_head().await {
            Some(response) => response,
            None => match self.paginator.next_request(&self.client.options().config) {
                None => {
                    self.finish();
                    return None;
                }
                Some(Err(e)) => Err(e),
                Some(Ok(request)) => {
                    let label = match O::INFO.pagination {
                        Pagination::PageNumber => self.paginator.next_page_number(),
                        _ => self.fetched.saturating_add(1),
                    };
                    self.fetch(label, request).await
                }
            },
        };
        self.fetched = self.fetched.saturating_add(1);
        match response.and_then(|r| self.paginator.on_response(&r)) {
            Ok(page) => match self.paginator.stop_reason() {
                // The core hands out a repeated page with no items: nothing left to yield.
                Some(StopReason::RepeatedPage) => {
                    self.finish_because(StopReason::RepeatedPage);
                    None
                }
                Some(reason) => {
                    self.finish_because(reason);
                    Some(Ok(page))
                }
                None => Some(Ok(page)),
            },
            Err(e) => {
                self.finish_because(StopReason::Error);
                Some(Err(e))
            }
        }
    }

    /// Starts fetches of the pages after the next one, once the listing's size is known.
    fn fill(&mut self) {
        let next = self.paginator.next_page_number();
        if self.ahead.front().is_some_and(|a| a.page != next) {
            // Cannot happen while the paginator advances one page at a time; stay correct anyway.
            self.ahead.clear();
        }
        if self.concurrency < 2 || O::INFO.pagination != Pagination::PageNumber {
            return;
        }
        let Some(total) = self.paginator.total_pages() else {
            return;
        };
        let last = u32::try_from(total)
            .unwrap_or(u32::MAX)
            .min(self.last_allowed);
        let mut page = match self.ahead.back() {
            Some(a) => match a.page.checked_add(1) {
                Some(p) => p,
                None => return,
            },
            None => next,
        };
        while self.ahead.len() < self.concurrency && page <= last {
            let slot = match self
                .paginator
                .request_for_page(&self.client.options().config, page)
            {
                Ok(request) => Slot::Running(self.fetch(page, request)),
                Err(e) => Slot::Done(Err(e)),
            };
            self.ahead.push_back(Ahead { page, slot });
            match page.checked_add(1) {
                Some(p) => page = p,
                None => break,
            }
        }
    }

    /// Waits for the first page fetched ahead while driving the others; `None` if there is none.
    async fn take_head(&mut self) -> Option<Result<http::Response<Bytes>, Error>> {
        if self.ahead.is_empty() {
            return None;
        }
        let ahead = &mut self.ahead;
        poll_fn(|cx: &mut Context<'_>| {
            for a in ahead.iter_mut() {
                if let Slot::Running(fetch) = &mut a.slot
                    && let Poll::Ready(result) = fetch.as_mut().poll(cx)
                {
                    a.slot = Slot::Done(result);
                }
            }
            if matches!(
                ahead.front(),
                Some(Ahead {
                    slot: Slot::Done(_),
                    ..
                })
            ) && let Some(Ahead {
                slot: Slot::Done(result),
                ..
            }) = ahead.pop_front()
            {
                return Poll::Ready(Some(result));
            }
            Poll::Pending
        })
        .await
    }

    /// One page request with retries; every attempt waits for the listing's gate.
    fn fetch(&self, page: u32, request: http::Request<Vec<u8>>) -> Fetch {
        let client = self.client.clone();
        let gate = Arc::clone(&self.gate);
        let span = tracing::info_span!(parent: &self.span, "cloudflare.page", page);
        Box::pin(async move { client.execute(request, Some(&gate)).await }.instrument(span))
    }

    fn finish_because(&mut self, reason: StopReason) {
        tracing::debug!(parent: &self.span, ?reason, pages = self.fetched, cancelled = self.ahead.len(), "listing stopped");
        self.finish();
    }

    /// Stops the listing; dropping the fetches under way cancels them.
    fn finish(&mut self) {
        self.finished = true;
        self.ahead.clear();
    }
}

type Step<O> = (
    Box<Lister<O>>,
    Option<Result<Page<<O as ListOperation>::Item>, Error>>,
);

/// The pages of a listing, as a [`Stream`] (from [`Client::pages`]).
///
/// - Pages come strictly in order and every item exactly once; the core's [`Paginator`] decides
///   when the listing ends (last page, empty page, a page that repeats the previous one or
///   answers another page number than asked, a missing or repeated cursor, the page cap). A
///   repeated page is not yielded: its items were already.
/// - Page-number listings: once the first page tells how many pages there are, up to
///   `options.page_concurrency` pages are fetched at once (the next one and those after it).
///   Fetches beyond the point where the listing stops are cancelled.
/// - A 429 on any page makes every fetch of the listing wait for the `Retry-After`.
/// - Cursor and single-page listings are fetched one page at a time.
/// - After an error the stream yields that error and ends.
/// - Dropping the stream cancels every fetch under way; no task is left behind.
///
/// Without a stream utility crate, [`Pages::next`] reads it:
///
/// ```no_run
/// use cloudflare_hyper::{Client, accounts};
///
/// # async fn run(client: Client) -> Result<(), cloudflare_hyper::Error> {
/// let mut pages = client.pages(accounts::List::default());
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     println!("{} accounts, result_info {:?}", page.items.len(), page.meta.result_info);
/// }
/// # Ok(()) }
/// ```
pub struct Pages<O: ListOperation> {
    idle: Option<Box<Lister<O>>>,
    pending: Option<Pin<Box<dyn Future<Output = Step<O>> + Send>>>,
}

// Nothing is ever pinned in place: the lister is boxed and moved in and out of the future.
impl<O: ListOperation> Unpin for Pages<O> {}

impl<O> Pages<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    pub(crate) fn new(client: Client, op: O) -> Self {
        Pages {
            idle: Some(Box::new(Lister::new(client, op))),
            pending: None,
        }
    }

    /// The next page; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Page<O::Item>, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<Page<O::Item>>, Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

impl<O> Stream for Pages<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    type Item = Result<Page<O::Item>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.pending.is_none() {
            let Some(mut lister) = this.idle.take() else {
                return Poll::Ready(None);
            };
            this.pending = Some(Box::pin(async move {
                let page = lister.next_page().await;
                (lister, page)
            }));
        }
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let (lister, page) = ready!(pending.as_mut().poll(cx));
        this.pending = None;
        if page.is_some() {
            this.idle = Some(lister);
        }
        Poll::Ready(page)
    }
}

impl<O> FusedStream for Pages<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    fn is_terminated(&self) -> bool {
        self.idle.is_none() && self.pending.is_none()
    }
}

impl<O: ListOperation> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("operation", &O::INFO.name)
            .field(
                "terminated",
                &(self.idle.is_none() && self.pending.is_none()),
            )
            .finish_non_exhaustive()
    }
}

/// The items of a listing, in order, as a [`Stream`] (from [`Client::items`]). Pages are
/// fetched as [`Pages`] describes.
///
/// ```no_run
/// use cloudflare_hyper::{Client, accounts};
///
/// # async fn run(client: Client) -> Result<(), cloudflare_hyper::Error> {
/// let mut accounts = client.items(accounts::List::default());
/// while let Some(account) = accounts.next().await {
///     println!("{}", account?.name);
/// }
/// // Or all at once:
/// let all = client.items(accounts::List::default()).try_collect().await?;
/// # drop(all);
/// # Ok(()) }
/// ```
pub struct Items<O: ListOperation> {
    pages: Pages<O>,
    buffer: std::vec::IntoIter<O::Item>,
}

// Nothing is ever pinned in place: `pages` is `Unpin` and the buffer is never projected.
impl<O: ListOperation> Unpin for Items<O> {}

impl<O> Items<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    pub(crate) fn new(pages: Pages<O>) -> Self {
        Items {
            pages,
            buffer: Vec::new().into_iter(),
        }
    }

    /// The next item; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<O::Item, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O::Item>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<O> Stream for Items<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    type Item = Result<O::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffer = page.items.into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (_, upper) = self.buffer.size_hint();
        let upper = if self.pages.is_terminated() {
            upper
        } else {
            None
        };
        (self.buffer.len(), upper)
    }
}

impl<O> FusedStream for Items<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    fn is_terminated(&self) -> bool {
        self.buffer.len() == 0 && self.pages.is_terminated()
    }
}

impl<O: ListOperation> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}
