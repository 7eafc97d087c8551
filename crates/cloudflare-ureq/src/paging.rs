//! Auto-pagination as plain iterators, driven by the core's [`Paginator`].

use std::fmt;

use cloudflare_core::{Error, ListOperation, Page, Paginator};

use crate::Client;

/// The pages of a listing, fetched one request at a time as the iterator advances
/// (see [`Client::pages`]).
///
/// It stops when the core's [`Paginator`] says the listing is complete (including on a
/// repeated page or cursor and at [`ClientOptions::max_pages`](cloudflare_core::ClientOptions::max_pages)).
/// After an error it yields that error once and then ends.
pub struct Pages<O: ListOperation> {
    client: Client,
    paginator: Paginator<O>,
    failed: bool,
}

impl<O: ListOperation> Pages<O> {
    pub(crate) fn new(client: Client, op: O) -> Self {
        let paginator = Paginator::new(op).with_max_pages(client.options().max_pages);
        Pages {
            client,
            paginator,
            failed: false,
        }
    }

    /// The pagination state: why the listing stopped, how many pages it has, which page is next.
    pub fn paginator(&self) -> &Paginator<O> {
        &self.paginator
    }
}

impl<O: ListOperation> Iterator for Pages<O> {
    type Item = Result<Page<O::Item>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let options = self.client.options();
        let result = match self.paginator.next_request(&options.config)? {
            Ok(request) => self
                .client
                .execute(O::INFO.name, request)
                .and_then(|response| self.paginator.on_response(&response)),
            Err(e) => Err(e),
        };
        self.failed = result.is_err();
        Some(result)
    }
}

impl<O: ListOperation + fmt::Debug> fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("paginator", &self.paginator)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

/// The items of a listing, fetching pages as needed (see [`Client::items`]).
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
                Ok(page) => self.current = page.items.into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl<O: ListOperation + fmt::Debug> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.current.len())
            .finish()
    }
}

impl<O: ListOperation> std::iter::FusedIterator for Pages<O> {}
impl<O: ListOperation> std::iter::FusedIterator for Items<O> {}
