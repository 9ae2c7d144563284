//! Calls without async, with feature `blocking`: generated `send_blocking()`,
//! `wait_blocking()` and paginators' blocking iterators run the async call on one
//! current-thread runtime shared by the process, created at the first blocking call.
//!
//! Several threads may call at once: the runtime is driven by whichever thread is
//! waiting, and connections stay in the client's pool between calls. A client used
//! this way should not also be used from an async runtime, whose connections the
//! blocking calls would not drive.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use futures_core::Stream;

use super::error::SdkError;

/// The process's runtime for blocking calls, or why it could not be built.
fn runtime() -> Result<&'static tokio::runtime::Runtime, &'static str> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start the runtime for blocking calls: {e}"))
        })
        .as_ref()
        .map_err(String::as_str)
}

/// Runs `future` to completion on the process's runtime for blocking calls.
///
/// Tokio refuses to drive a runtime from a thread that belongs to another one, which
/// includes `spawn_blocking` closures, a normal place for blocking code in async
/// programs. There the call is driven on a short-lived thread of its own while the
/// calling thread waits for it. (Called from an async task rather than
/// `spawn_blocking`, this works too, but holds the task's worker thread until the call
/// ends; use `send().await` there.)
fn run<F>(future: F) -> Result<F::Output, String>
where
    F: Future + Send,
    F::Output: Send,
{
    let runtime = runtime()?;
    if tokio::runtime::Handle::try_current().is_err() {
        return Ok(runtime.block_on(future));
    }
    std::thread::scope(|scope| {
        let driver = std::thread::Builder::new()
            .name("blocking-call".to_owned())
            .spawn_scoped(scope, || runtime.block_on(future))
            .map_err(|e| format!("cannot start a thread for a blocking call: {e}"))?;
        // A panic in the call is the caller's panic, as it would be without the thread.
        driver.join().map_err(|panic| std::panic::resume_unwind(panic))
    })
}

/// Runs a call to completion on the calling thread.
///
/// # Errors
///
/// The call's own error, or a construction failure when the runtime for blocking
/// calls cannot start.
pub fn block_on<O, E>(call: impl Future<Output = Result<O, SdkError<E>>> + Send) -> Result<O, SdkError<E>>
where
    O: Send,
    E: Send,
{
    run(call).unwrap_or_else(|message| Err(SdkError::construction(message)))
}

/// Runs any future to completion on the calling thread, or returns why it cannot.
///
/// # Errors
///
/// The runtime for blocking calls cannot start.
pub fn block_on_any<F>(future: F) -> Result<F::Output, String>
where
    F: Future + Send,
    F::Output: Send,
{
    run(future)
}

/// A stream of call results (pages or items) as an iterator: each `next` waits on
/// the calling thread. When the runtime for blocking calls cannot start, the first
/// `next` yields one construction failure and the iterator ends.
pub struct BlockingIter<S> {
    stream: Option<S>,
}

impl<S> BlockingIter<S> {
    /// Iterates over `stream`.
    pub fn new(stream: S) -> Self {
        BlockingIter { stream: Some(stream) }
    }
}

impl<S, T, E> Iterator for BlockingIter<S>
where
    S: Stream<Item = Result<T, SdkError<E>>> + Unpin + Send,
    T: Send,
    E: Send,
{
    type Item = Result<T, SdkError<E>>;

    fn next(&mut self) -> Option<Self::Item> {
        let stream = self.stream.as_mut()?;
        let next = std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx));
        match block_on_any(next) {
            Ok(Some(item)) => Some(item),
            Ok(None) => {
                self.stream = None;
                None
            }
            Err(message) => {
                self.stream = None;
                Some(Err(SdkError::construction(message)))
            }
        }
    }
}

impl<S> std::fmt::Debug for BlockingIter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockingIter").field("done", &self.stream.is_none()).finish()
    }
}

impl super::config::Config {
    /// [`Config::from_env`](super::config::Config::from_env) without async, for
    /// programs that make blocking calls (feature `blocking`).
    ///
    /// # Errors
    ///
    /// As `from_env`: a setting in the environment or profile does not parse.
    pub fn from_env_blocking() -> Result<super::config::Config, super::config::ConfigError> {
        super::config::Config::builder()
            .from_environment(crate::credentials::Environment::real())
            .map(super::config::ConfigBuilder::build)
    }
}
