//! Auto-pagination as streams: the core's [`Paginator`] schedules the fetches, and this runs
//! them as tokio tasks owned by the listing (aborted when it is dropped).

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use bytes::Bytes;
use cloudflare_core::{Call, Error, ListOperation, NextPage, Page, PageFetch, Paginator, Response};
use futures_core::{FusedStream, Stream};
use tokio::task::JoinSet;
use tracing::Instrument;

use crate::driver::Client;

impl Client {
    /// Every page of a listing, as a [`futures_core::Stream`].
    ///
    /// Page-number listings fetch up to `options.page_concurrency` pages at once once the first
    /// page has told how many there are, and still yield pages in order. See [`Pages`].
    pub fn pages<O>(&self, op: O) -> Pages<O>
    where
        O: ListOperation + Send + 'static,
        O::Item: Send + 'static,
    {
        Pages::new(self.clone(), op)
    }

    /// Every item of a listing, in order, as a [`futures_core::Stream`]. See [`Client::pages`].
    pub fn items<O>(&self, op: O) -> Items<O>
    where
        O: ListOperation + Send + 'static,
        O::Item: Send + 'static,
    {
        Items::new(self.pages(op))
    }
}

type Fetched = (u32, Result<http::Response<Bytes>, Error>);

/// The listing's state: the paginator and the fetch tasks it asked for.
struct Lister<O: ListOperation> {
    client: Client,
    paginator: Paginator<O>,
    tasks: JoinSet<Fetched>,
    finished: bool,
    span: tracing::Span,
}

impl<O> Lister<O>
where
    O: ListOperation + Send + 'static,
    O::Item: Send + 'static,
{
    fn new(client: Client, op: O) -> Self {
        let options = client.options();
        let paginator = Paginator::new(op)
            .with_max_pages(options.max_pages)
            .with_concurrency(options.page_concurrency);
        let span = tracing::debug_span!(
            "cloudflare.list",
            operation = O::INFO.name,
            concurrency = options.page_concurrency,
        );
        Lister {
            client,
            paginator,
            tasks: JoinSet::new(),
            finished: false,
            span,
        }
    }

    /// The next page, in order; `None` once the listing is complete (or failed).
    async fn next_page(&mut self) -> Option<Result<Response<Page<O::Item>>, Error>> {
        if self.finished {
            return None;
        }
        loop {
            self.start_fetches();
            match self.paginator.next_page() {
                NextPage::Ready(page) => {
                    if page.is_err() {
                        self.finish();
                    } else {
                        // Handing out a page frees a slot: fill it while the caller works.
                        self.start_fetches();
                    }
                    return Some(page);
                }
                NextPage::End => {
                    self.finish();
                    return None;
                }
                NextPage::Pending => match self.tasks.join_next().await {
                    Some(Ok((key, result))) => self.paginator.on_fetched(key, result),
                    Some(Err(join_error)) => {
                        self.finish();
                        return Some(Err(Error::Transport {
                            source: Box::new(join_error),
                        }));
                    }
                    None => {
                        // Nothing in flight yet the next page is missing: never pass this for
                        // the end of the listing.
                        self.finish();
                        let stalled =
                            std::io::Error::other("the listing stalled with no page in flight");
                        return Some(Err(Error::Transport {
                            source: Box::new(stalled),
                        }));
                    }
                },
            }
        }
    }

    /// Spawns every fetch the paginator hands out.
    fn start_fetches(&mut self) {
        while let Some(PageFetch { key, request }) =
            self.paginator.next_fetch(&self.client.options().config)
        {
            let client = self.client.clone();
            let call = Call::from_request(
                request,
                O::INFO.idempotent,
                client.options(),
                Instant::now(),
            );
            let span = tracing::debug_span!(parent: &self.span, "cloudflare.page", key);
            self.tasks.spawn(
                async move {
                    let result = client.run(client.call(call)).await;
                    (key, result.map(|(response, _)| response))
                }
                .instrument(span),
            );
        }
    }

    /// Stops the listing; the fetches under way are aborted.
    fn finish(&mut self) {
        self.finished = true;
        self.tasks.abort_all();
    }
}

type Step<O> = (
    Box<Lister<O>>,
    Option<Result<Response<Page<<O as ListOperation>::Item>>, Error>>,
);

/// The pages of a listing, as a [`Stream`] (from [`Client::pages`]).
///
/// - Pages come strictly in order and every item exactly once; the core's [`Paginator`] decides
///   when the listing ends (last, short or empty page, a page that repeats one already handed
///   out, a missing or repeated cursor) and reports a listing longer than
///   `options.max_pages` as [`ListingError::Truncated`](cloudflare_core::ListingError) after
///   the pages it allows.
/// - Page-number listings: once the first page tells how many pages there are, up to
///   `options.page_concurrency` pages are fetched at once, each a task of its own that runs
///   while the caller works, and at most that many are held. Fetches beyond the point where the
///   listing stops are aborted.
/// - A 429 on any page makes every call of the client wait for the `Retry-After`.
/// - Cursor and single-page listings are fetched one page at a time.
/// - After an error the stream yields that error and ends.
/// - Dropping the stream aborts every fetch under way; no task is left behind. Must be polled
///   inside a tokio runtime.
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
///     println!("{} accounts, result_info {:?}", page.result.len(), page.result.result_info);
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
    pub async fn next(&mut self) -> Option<Result<Response<Page<O::Item>>, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<Response<Page<O::Item>>>, Error> {
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
    type Item = Result<Response<Page<O::Item>>, Error>;

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
                Some(Ok(page)) => this.buffer = page.result.items.into_iter(),
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
