//! Auto-pagination as plain iterators: the core's [`Paginator`] schedules the fetches, and this
//! runs them, on threads when more than one is in flight.

use std::fmt;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Instant;

use cloudflare_core::{Call, Error, ListOperation, NextPage, Page, PageFetch, Paginator, Response};

use crate::driver::{Cancel, Client};

type Fetched = (u32, Result<http::Response<Vec<u8>>, Error>);

impl Client {
    /// Every page of a listing, in order. Page-number listings keep up to
    /// [`ClientOptions::page_concurrency`](cloudflare_core::ClientOptions::page_concurrency) pages in flight (on threads of their own) once the
    /// first page has told how many there are; the core's [`Paginator`](cloudflare_core::Paginator)
    /// decides what is fetched and when the listing ends. After an error the iterator yields it
    /// and ends.
    pub fn pages<O: ListOperation>(&self, op: O) -> Pages<O> {
        Pages::new(self.clone(), op)
    }

    /// Every item of a listing, fetching pages as [`Client::pages`] does. After an error the
    /// iterator yields it and ends.
    ///
    /// ```no_run
    /// # let client = cloudflare_ureq::Client::from_env()?;
    /// use cloudflare_ureq::accounts;
    ///
    /// let names = client
    ///     .items(accounts::List::default())
    ///     .map(|account| account.map(|a| a.name))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// # Ok::<(), cloudflare_ureq::Error>(())
    /// ```
    pub fn items<O: ListOperation>(&self, op: O) -> Items<O> {
        Items::new(self.pages(op))
    }
}

/// The pages of a listing, in order (see [`Client::pages`]).
///
/// - Pages come strictly in order, every item once; the core's [`Paginator`] decides when the
///   listing ends (last, short or empty page, a repeated page or cursor) and reports a listing
///   longer than [`ClientOptions::max_pages`](cloudflare_core::ClientOptions::max_pages) as
///   [`ListingError::Truncated`](cloudflare_core::ListingError::Truncated) after the pages it
///   allows.
/// - Page-number listings: once the first page has told how many pages there are, up to
///   [`ClientOptions::page_concurrency`](cloudflare_core::ClientOptions::page_concurrency)
///   pages are fetched at once, each on a thread of its own, and at most that many are held.
///   A fetch runs on its own while the caller works, under its own attempt timeouts.
/// - A 429 on any page makes every call of the client wait for the `Retry-After`.
/// - After an error the iterator yields it and ends.
/// - Dropping the iterator cancels the fetches under way at their next wait; an attempt in
///   flight ends by its own deadline and its result is discarded.
pub struct Pages<O: ListOperation> {
    client: Client,
    paginator: Paginator<O>,
    results: Receiver<Fetched>,
    sender: Sender<Fetched>,
    threads: usize,
    cancel: Arc<Cancel>,
}

impl<O: ListOperation> Pages<O> {
    pub(crate) fn new(client: Client, op: O) -> Self {
        let options = client.options();
        let paginator = Paginator::new(op)
            .with_max_pages(options.max_pages)
            .with_concurrency(options.page_concurrency);
        let (sender, results) = mpsc::channel();
        Pages {
            client,
            paginator,
            results,
            sender,
            threads: 0,
            cancel: Arc::default(),
        }
    }

    /// The pagination state: why the listing stopped, how many pages it has, which page is next.
    pub fn paginator(&self) -> &Paginator<O> {
        &self.paginator
    }

    /// Starts what the paginator hands out: inline when it is the only fetch and the caller waits
    /// for its page, else on threads.
    fn start_fetches(&mut self, inline: bool) {
        let config = &self.client.options().config;
        let mut fetches = Vec::new();
        while let Some(fetch) = self.paginator.next_fetch(config) {
            fetches.push(fetch);
        }
        // The only fetch, and for the very page the caller waits for: no thread needed. (A
        // fetch ahead of pages already held must not block the caller: it goes to a thread.)
        let next = self.paginator.next_page_number();
        let run_inline =
            matches!(fetches.as_slice(), [only] if inline && self.threads == 0 && only.key == next);
        if run_inline {
            if let Some(PageFetch { key, request }) = fetches.pop() {
                let result = self.fetch(request, None);
                self.paginator.on_fetched(key, result);
                return;
            }
        }
        for PageFetch { key, request } in fetches {
            let client = self.client.clone();
            let sender = self.sender.clone();
            let cancel = Arc::clone(&self.cancel);
            let idempotent = O::INFO.idempotent;
            let spawned = std::thread::Builder::new()
                .name("cloudflare-page".into())
                .spawn(move || {
                    let call =
                        Call::from_request(request, idempotent, client.options(), Instant::now());
                    let result = client
                        .run(client.call(call), Some(&cancel))
                        .map(|(response, _)| response);
                    let _ = sender.send((key, result));
                });
            match spawned {
                Ok(_) => self.threads += 1,
                Err(e) => self.paginator.on_fetched::<Vec<u8>>(
                    key,
                    Err(Error::Transport {
                        source: Box::new(e),
                    }),
                ),
            }
        }
    }

    fn fetch(
        &self,
        request: http::Request<Vec<u8>>,
        cancel: Option<&Cancel>,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let options = self.client.options();
        let call = Call::from_request(request, O::INFO.idempotent, options, Instant::now());
        self.client
            .run(self.client.call(call), cancel)
            .map(|(response, _)| response)
    }
}

impl<O: ListOperation> Iterator for Pages<O> {
    type Item = Result<Response<Page<O::Item>>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.start_fetches(true);
            match self.paginator.next_page() {
                NextPage::Ready(page) => {
                    // Handing out a page frees a slot: fill it now, so the fetch runs while the
                    // caller works on this page.
                    self.start_fetches(false);
                    return Some(page);
                }
                NextPage::End => {
                    self.cancel.cancel();
                    return None;
                }
                NextPage::Pending if self.threads == 0 => {
                    // Nothing in flight yet the next page is missing: never pass this for the end.
                    let stalled =
                        std::io::Error::other("the listing stalled with no page in flight");
                    return Some(Err(Error::Transport {
                        source: Box::new(stalled),
                    }));
                }
                NextPage::Pending => match self.results.recv() {
                    Ok((key, result)) => {
                        self.threads -= 1;
                        self.paginator.on_fetched(key, result);
                    }
                    // Cannot happen: this iterator holds a sender.
                    Err(_) => return None,
                },
            }
        }
    }
}

impl<O: ListOperation> Drop for Pages<O> {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

impl<O: ListOperation> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("paginator", &self.paginator)
            .field("threads", &self.threads)
            .finish_non_exhaustive()
    }
}

/// The items of a listing, fetching pages as [`Pages`] does (see [`Client::items`]).
///
/// After an error it yields that error once and then ends.
pub struct Items<O: ListOperation> {
    pages: Pages<O>,
    current: std::vec::IntoIter<O::Item>,
}

impl<O: ListOperation> Items<O> {
    pub(crate) fn new(pages: Pages<O>) -> Self {
        Items {
            pages,
            current: Vec::new().into_iter(),
        }
    }

    /// The pagination state: why the listing stopped, how many pages it has, which page is next.
    pub fn paginator(&self) -> &Paginator<O> {
        self.pages.paginator()
    }
}

impl<O: ListOperation> Iterator for Items<O> {
    type Item = Result<O::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.current.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.current = page.result.items.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl<O: ListOperation> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.current.len())
            .finish()
    }
}

impl<O: ListOperation> std::iter::FusedIterator for Pages<O> {}
impl<O: ListOperation> std::iter::FusedIterator for Items<O> {}
