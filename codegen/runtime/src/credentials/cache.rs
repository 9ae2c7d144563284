//! [`CredentialsCache`]: keeps the credentials of a provider until shortly
//! before they expire, refreshing them one caller at a time.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// How long before their expiry credentials are refreshed by default: five
/// minutes.
pub const DEFAULT_REFRESH_BUFFER: Duration = Duration::from_secs(300);

/// A caching wrapper around a credentials provider.
///
/// * Credentials without an expiry are kept for good (until
///   [`invalidate`](Self::invalidate)).
/// * Credentials with an expiry are used while more than the refresh buffer
///   ([`DEFAULT_REFRESH_BUFFER`], 5 minutes, unless changed with
///   [`with_refresh_buffer`](Self::with_refresh_buffer)) remains; after that
///   the next caller asks the provider again. (A provider whose fresh
///   credentials already expire within the buffer is therefore asked on
///   every call.)
/// * Single flight: while one caller refreshes, concurrent callers wait for
///   its result instead of asking the provider themselves, and all receive
///   that result (credentials or error). If the refreshing caller is
///   dropped (cancelled), a waiting caller takes over.
/// * When a refresh fails while the cached credentials have not actually
///   expired yet (they are only inside the buffer), the cached credentials
///   are returned and the next call tries again.
///
/// Clones share the cache. Built only from `std` (no async runtime
/// primitives), so it works on any executor.
#[derive(Clone)]
pub struct CredentialsCache {
    inner: Arc<Inner>,
}

struct Inner {
    provider: Arc<dyn ProvideCredentials>,
    buffer: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    cached: Option<Credentials>,
    /// Whether a caller is asking the provider now.
    refreshing: bool,
    /// Increases each time a refresh ends (or is abandoned).
    generation: u64,
    /// The result of the last finished refresh; `None` if it was abandoned.
    last: Option<Result<Credentials, CredentialsError>>,
    /// Callers waiting for the refresh in progress.
    waiters: Vec<Waker>,
}

impl CredentialsCache {
    /// A cache in front of `provider`, with the default refresh buffer.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::from_arc(Arc::new(provider))
    }

    /// A cache in front of a shared provider, with the default refresh
    /// buffer.
    pub fn from_arc(provider: Arc<dyn ProvideCredentials>) -> Self {
        CredentialsCache {
            inner: Arc::new(Inner { provider, buffer: DEFAULT_REFRESH_BUFFER, state: Mutex::new(State::default()) }),
        }
    }

    /// The same provider with another refresh buffer, and an empty cache of
    /// its own (not shared with `self`'s clones).
    pub fn with_refresh_buffer(self, buffer: Duration) -> Self {
        let provider = Arc::clone(&self.inner.provider);
        CredentialsCache { inner: Arc::new(Inner { provider, buffer, state: Mutex::new(State::default()) }) }
    }

    /// How long before expiry credentials are refreshed.
    pub fn refresh_buffer(&self) -> Duration {
        self.inner.buffer
    }

    /// Forgets the cached credentials, so the next call asks the provider
    /// (for example after the service rejected them). A refresh already in
    /// progress is not affected.
    pub fn invalidate(&self) {
        self.inner.lock().cached = None;
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        loop {
            let seen = {
                let mut state = self.inner.lock();
                if let Some(cached) = &state.cached
                    && self.inner.is_fresh(cached)
                {
                    return Ok(cached.clone());
                }
                if !state.refreshing {
                    state.refreshing = true;
                    break;
                }
                state.generation
            };
            if let Some(result) = (WaitForRefresh { inner: &self.inner, seen }).await {
                return result;
            }
            // The refreshing caller was dropped: look again, maybe take over.
        }
        let mut guard = RefreshGuard { inner: &self.inner, finished: false };
        let result = self.inner.provider.provide_credentials().await;
        let mut state = self.inner.lock();
        let result = match result {
            Ok(credentials) => {
                state.cached = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => match &state.cached {
                Some(cached) if !is_expired(cached) => Ok(cached.clone()),
                _ => Err(error),
            },
        };
        guard.finished = true;
        finish(&mut state, Some(result.clone()));
        result
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether `credentials` can be used without a refresh.
    fn is_fresh(&self, credentials: &Credentials) -> bool {
        match credentials.expiry() {
            None => true,
            Some(expiry) => SystemTime::now().checked_add(self.buffer).is_some_and(|limit| limit < expiry),
        }
    }
}

/// Whether `credentials` are past their expiry.
fn is_expired(credentials: &Credentials) -> bool {
    credentials.expiry().is_some_and(|expiry| expiry <= SystemTime::now())
}

/// Ends a refresh: records its result and wakes the waiting callers.
fn finish(state: &mut State, result: Option<Result<Credentials, CredentialsError>>) {
    state.refreshing = false;
    state.generation = state.generation.wrapping_add(1);
    state.last = result;
    for waker in state.waiters.drain(..) {
        waker.wake();
    }
}

/// Ends the refresh as abandoned if the refreshing caller is dropped before
/// it finishes.
struct RefreshGuard<'a> {
    inner: &'a Inner,
    finished: bool,
}

impl Drop for RefreshGuard<'_> {
    fn drop(&mut self) {
        if !self.finished {
            finish(&mut self.inner.lock(), None);
        }
    }
}

/// Waits until the refresh in progress when `seen` was the generation ends;
/// yields its result, or `None` if it was abandoned.
struct WaitForRefresh<'a> {
    inner: &'a Inner,
    seen: u64,
}

impl Future for WaitForRefresh<'_> {
    type Output = Option<Result<Credentials, CredentialsError>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut state = self.inner.lock();
        if state.generation != self.seen {
            return Poll::Ready(state.last.clone());
        }
        if !state.waiters.iter().any(|waker| waker.will_wake(cx.waker())) {
            state.waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.lock();
        f.debug_struct("CredentialsCache")
            .field("provider", &self.inner.provider)
            .field("refresh_buffer", &self.inner.buffer)
            .field("cached", &state.cached)
            .field("refreshing", &state.refreshing)
            .finish()
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
