//! Paginated operations as lazy streams of pages or of items.
//!
//! Generated code implements [`Paginated`] for the fluent builder of each paginated
//! operation; [`PageStream`] sends one request per page, only when polled, and stops
//! when the output has no next token, or (by default) when the service answers with
//! the token it was sent. An error is yielded and ends the stream.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_core::Stream;

use super::error::SdkError;

/// One page, or the error that ends the stream.
pub type PageResult<P> = Result<<P as Paginated>::Output, SdkError<<P as Paginated>::Error>>;

/// One page request in flight.
pub type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;

/// A request that can be sent again with a continuation token (implemented by
/// generated fluent builders).
pub trait Paginated: Clone + Send + Unpin + 'static {
    /// One page.
    type Output: Send + 'static;
    /// The operation's error.
    type Error: Send + 'static;
    /// The continuation token, compared by value to notice a repeated one.
    type Token: Clone + PartialEq + Send + Unpin + 'static;

    /// Sends the request for one page.
    fn send_page(self) -> PageFuture<Self::Output, Self::Error>;
    /// The request for the page after the one that returned `token`.
    fn with_token(self, token: Self::Token) -> Self;
    /// The output's next token; `None` when absent or empty (the last page).
    fn next_token(output: &Self::Output) -> Option<Self::Token>;
}

enum State<P: Paginated> {
    /// The next request, not yet sent, with the token it carries.
    Ready(P, Option<P::Token>),
    /// A request on its way, kept to build the one after it.
    InFlight(P, Option<P::Token>, PageFuture<P::Output, P::Error>),
    Done,
}

/// The pages of a paginated operation: a [`futures_core::Stream`], also usable
/// without any trait through [`PageStream::next`].
pub struct PageStream<P: Paginated> {
    state: State<P>,
    stop_on_duplicate_token: bool,
}

impl<P: Paginated> PageStream<P> {
    /// Pages starting with `request` (whose own token, if any, is the first one sent).
    pub fn new(request: P, stop_on_duplicate_token: bool) -> Self {
        PageStream { state: State::Ready(request, None), stop_on_duplicate_token }
    }

    /// The next page, `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<PageResult<P>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    /// Every page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<P::Output>, SdkError<P::Error>> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<PageResult<P>>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Ready(request, sent) => {
                    let future = request.clone().send_page();
                    self.state = State::InFlight(request, sent, future);
                }
                State::InFlight(request, sent, mut future) => {
                    let Poll::Ready(result) = future.as_mut().poll(cx) else {
                        self.state = State::InFlight(request, sent, future);
                        return Poll::Pending;
                    };
                    if let Ok(output) = &result {
                        match P::next_token(output) {
                            Some(token) if self.stop_on_duplicate_token && sent.as_ref() == Some(&token) => {}
                            Some(token) => self.state = State::Ready(request.with_token(token.clone()), Some(token)),
                            None => {}
                        }
                    }
                    return Poll::Ready(Some(result));
                }
            }
        }
    }
}

impl<P: Paginated> futures_core::Stream for PageStream<P> {
    type Item = PageResult<P>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The items of every page, in order: a [`futures_core::Stream`], also usable through
/// [`ItemStream::next`]. A failed page yields its error and ends the stream.
pub struct ItemStream<P: Paginated, I> {
    pages: PageStream<P>,
    items_of: fn(P::Output) -> Vec<I>,
    buffered: VecDeque<I>,
}

impl<P: Paginated, I: Unpin> ItemStream<P, I> {
    /// The items `items_of` takes from each page of `pages`.
    pub fn new(pages: PageStream<P>, items_of: fn(P::Output) -> Vec<I>) -> Self {
        ItemStream { pages, items_of, buffered: VecDeque::new() }
    }

    /// The next item, `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<I, SdkError<P::Error>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Every item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<I>, SdkError<P::Error>> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, SdkError<P::Error>>>> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(page))) => self.buffered.extend((self.items_of)(page)),
            }
        }
    }
}

impl<P: Paginated, I: Unpin> futures_core::Stream for ItemStream<P, I> {
    type Item = Result<I, SdkError<P::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A scripted page: items and the next token, or an error.
    type Scripted = Result<(Vec<u32>, Option<String>), SdkError<String>>;

    /// Pages scripted by token: each request records its token and gets the next page.
    #[derive(Clone)]
    struct Script {
        token: Option<String>,
        pages: Arc<Mutex<VecDeque<Scripted>>>,
        sent: Arc<Mutex<Vec<Option<String>>>>,
    }

    impl Paginated for Script {
        type Output = (Vec<u32>, Option<String>);
        type Error = String;
        type Token = String;

        fn send_page(self) -> PageFuture<Self::Output, String> {
            self.sent.lock().unwrap().push(self.token.clone());
            let page = self.pages.lock().unwrap().pop_front().expect("no request beyond the script");
            Box::pin(async move { page })
        }

        fn with_token(mut self, token: String) -> Self {
            self.token = Some(token);
            self
        }

        fn next_token(output: &Self::Output) -> Option<String> {
            output.1.clone().filter(|t| !t.is_empty())
        }
    }

    fn script(pages: Vec<Scripted>) -> Script {
        Script { token: None, pages: Arc::new(Mutex::new(pages.into())), sent: Arc::default() }
    }

    fn page(items: &[u32], token: Option<&str>) -> Scripted {
        Ok((items.to_vec(), token.map(str::to_owned)))
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(future)
    }

    #[test]
    fn pages_follow_tokens_lazily_until_none_or_empty() {
        let request = script(vec![page(&[1, 2], Some("a")), page(&[3], Some("b")), page(&[], Some(""))]);
        let sent = request.sent.clone();
        let mut pages = PageStream::new(request, true);
        assert!(sent.lock().unwrap().is_empty(), "nothing is sent before the first poll");
        let first = block_on(pages.next()).unwrap().unwrap();
        assert_eq!(first.0, [1, 2]);
        assert_eq!(sent.lock().unwrap().len(), 1);
        let rest = block_on(pages.try_collect()).unwrap();
        assert_eq!(rest.len(), 2);
        assert_eq!(*sent.lock().unwrap(), [None, Some("a".to_owned()), Some("b".to_owned())]);
    }

    #[test]
    fn a_repeated_token_stops_unless_asked_not_to() {
        let pages = || vec![page(&[1], Some("a")), page(&[2], Some("a")), page(&[3], None)];
        let items = block_on(ItemStream::new(PageStream::new(script(pages()), true), |p| p.0).try_collect());
        assert_eq!(items.unwrap(), [1, 2]);
        let items = block_on(ItemStream::new(PageStream::new(script(pages()), false), |p| p.0).try_collect());
        assert_eq!(items.unwrap(), [1, 2, 3]);
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_stream() {
        let request = script(vec![page(&[1], Some("a")), Err(SdkError::construction("boom"))]);
        let mut items = ItemStream::new(PageStream::new(request, true), |p| p.0);
        assert_eq!(block_on(items.next()).unwrap().unwrap(), 1);
        assert!(block_on(items.next()).unwrap().is_err());
        assert!(block_on(items.next()).is_none());
    }
}
