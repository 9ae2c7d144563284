//! The credentials cache (expiry buffer, single flight, cancellation,
//! failed refreshes) and the redacted `Debug` of credentials and cache.

#![cfg(feature = "client")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_client_runtime::credentials::{
    Credentials, CredentialsCache, CredentialsError, CredentialsFuture, DEFAULT_REFRESH_BUFFER, ProvideCredentials,
};

/// Counts calls; the N-th call returns `KEYN` (after `delay`), expiring
/// `lifetime` from now, or fails once `fail_from` calls have been made.
#[derive(Debug, Default)]
struct Counting {
    calls: AtomicUsize,
    lifetime: Option<Duration>,
    delay: Duration,
    fail_from: Option<usize>,
}

impl Counting {
    fn expiring_in(lifetime: Duration) -> Counting {
        Counting { lifetime: Some(lifetime), ..Counting::default() }
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
            if self.fail_from.is_some_and(|from| n >= from) {
                return Err(CredentialsError::provider_error("counting", format!("failure {n}")));
            }
            let expiry = self.lifetime.map(|lifetime| SystemTime::now() + lifetime);
            Ok(Credentials::new(
                format!("KEY{n}"),
                format!("secret-{n}"),
                Some(format!("token-{n}")),
                expiry,
                "counting",
            ))
        })
    }
}

fn cache(provider: &Arc<Counting>) -> CredentialsCache {
    CredentialsCache::from_arc(provider.clone())
}

async fn key(cache: &CredentialsCache) -> String {
    cache.provide_credentials().await.unwrap().access_key_id().to_owned()
}

#[tokio::test]
async fn long_term_credentials_are_kept() {
    let provider = Arc::new(Counting::default());
    let cache = cache(&provider);
    assert_eq!(cache.refresh_buffer(), Duration::from_secs(300));
    assert_eq!(DEFAULT_REFRESH_BUFFER, Duration::from_secs(300));
    for _ in 0..3 {
        assert_eq!(key(&cache).await, "KEY1");
    }
    assert_eq!(provider.calls(), 1);
    // Clones share the cache.
    assert_eq!(key(&cache.clone()).await, "KEY1");
    cache.invalidate();
    assert_eq!(key(&cache).await, "KEY2");
}

#[tokio::test]
async fn refreshes_within_five_minutes_of_expiry() {
    let fresh = Arc::new(Counting::expiring_in(Duration::from_secs(3600)));
    let cache_fresh = cache(&fresh);
    assert_eq!((key(&cache_fresh).await, key(&cache_fresh).await), ("KEY1".into(), "KEY1".into()));
    assert_eq!(fresh.calls(), 1);

    // Four minutes left is inside the five-minute buffer: every call refreshes.
    let stale = Arc::new(Counting::expiring_in(Duration::from_secs(240)));
    let cache_stale = cache(&stale);
    assert_eq!((key(&cache_stale).await, key(&cache_stale).await), ("KEY1".into(), "KEY2".into()));
    assert_eq!(stale.calls(), 2);

    // Six minutes left is outside it.
    let outside = Arc::new(Counting::expiring_in(Duration::from_secs(360)));
    let cache_outside = cache(&outside);
    key(&cache_outside).await;
    key(&cache_outside).await;
    assert_eq!(outside.calls(), 1);
}

#[tokio::test]
async fn configurable_buffer() {
    let provider = Arc::new(Counting::expiring_in(Duration::from_millis(400)));
    let cache = cache(&provider).with_refresh_buffer(Duration::from_millis(100));
    assert_eq!(cache.refresh_buffer(), Duration::from_millis(100));
    assert_eq!(key(&cache).await, "KEY1");
    assert_eq!(key(&cache).await, "KEY1");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(key(&cache).await, "KEY2");
    assert_eq!(provider.calls(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_refresh() {
    let provider = Arc::new(Counting { delay: Duration::from_millis(150), ..Counting::default() });
    let cache = cache(&provider);
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { key(&cache).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "KEY1");
    }
    assert_eq!(provider.calls(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_failure() {
    let provider = Arc::new(Counting { delay: Duration::from_millis(100), fail_from: Some(1), ..Counting::default() });
    let cache = cache(&provider);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.provide_credentials().await })
        })
        .collect();
    for task in tasks {
        let error = task.await.unwrap().unwrap_err();
        assert_eq!(error.to_string(), "counting credentials provider failed: failure 1");
    }
    assert_eq!(provider.calls(), 1);
    // The failure is not cached: the next call asks again.
    assert_eq!(cache.provide_credentials().await.unwrap_err().message(), "failure 2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancelled_refresh_is_taken_over() {
    let provider = Arc::new(Counting { delay: Duration::from_millis(200), ..Counting::default() });
    let cache = cache(&provider);
    let first = tokio::spawn({
        let cache = cache.clone();
        async move { key(&cache).await }
    });
    tokio::time::sleep(Duration::from_millis(30)).await;
    let second = tokio::spawn({
        let cache = cache.clone();
        async move { key(&cache).await }
    });
    tokio::time::sleep(Duration::from_millis(30)).await;
    assert_eq!(provider.calls(), 1, "the second caller waits");
    first.abort();
    let outcome = tokio::time::timeout(Duration::from_secs(2), second).await.expect("the waiter is woken");
    assert_eq!(outcome.unwrap(), "KEY2");
    assert_eq!(provider.calls(), 2);

    // Dropping a refresh directly (timeout) also leaves the cache usable.
    let cache = CredentialsCache::new(Counting { delay: Duration::from_millis(200), ..Counting::default() });
    assert!(tokio::time::timeout(Duration::from_millis(20), cache.provide_credentials()).await.is_err());
    assert_eq!(key(&cache).await, "KEY2");
}

#[tokio::test]
async fn failed_refresh_keeps_unexpired_credentials() {
    // Inside the buffer but not expired: a failed refresh returns the cached ones.
    let provider =
        Arc::new(Counting { lifetime: Some(Duration::from_secs(120)), fail_from: Some(2), ..Default::default() });
    let kept = cache(&provider);
    assert_eq!(key(&kept).await, "KEY1");
    assert_eq!(key(&kept).await, "KEY1");
    assert_eq!(provider.calls(), 2);

    // Expired: the error comes through.
    let provider = Arc::new(Counting { lifetime: Some(Duration::ZERO), fail_from: Some(2), ..Default::default() });
    let expired = cache(&provider);
    assert_eq!(key(&expired).await, "KEY1");
    assert_eq!(expired.provide_credentials().await.unwrap_err().message(), "failure 2");
}

#[tokio::test]
async fn static_credentials_are_a_provider() {
    let credentials = Credentials::new("AKIDSTATIC", "static-secret", None, None, "static");
    let provided = credentials.provide_credentials().await.unwrap();
    assert_eq!(provided, credentials);
    let shared: Arc<dyn ProvideCredentials> = Arc::new(credentials.clone());
    assert_eq!(CredentialsCache::from_arc(shared).provide_credentials().await.unwrap(), credentials);
}

#[tokio::test]
async fn debug_never_shows_secrets() {
    let expiry = UNIX_EPOCH + Duration::from_secs(1_893_456_000);
    let credentials =
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI", Some("session-token-xyz".into()), Some(expiry), "static");
    assert_eq!(
        format!("{credentials:?}"),
        "Credentials { provider_name: \"static\", access_key_id: \"AKIDEXAMPLE\", \
         secret_access_key: \"** redacted **\", session_token: \"** redacted **\", expiry: 2030-01-01T00:00:00Z }"
    );
    let long_term = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI", None, None, "static");
    assert_eq!(
        format!("{long_term:?}"),
        "Credentials { provider_name: \"static\", access_key_id: \"AKIDEXAMPLE\", \
         secret_access_key: \"** redacted **\", expiry: \"never\" }"
    );

    let cache = CredentialsCache::new(credentials.clone());
    cache.provide_credentials().await.unwrap();
    let debug = format!("{cache:?}");
    assert!(debug.contains("AKIDEXAMPLE") && debug.contains("refresh_buffer"), "{debug}");
    assert!(!debug.contains("wJalrXUtnFEMI") && !debug.contains("session-token-xyz"), "{debug}");
    let debug = format!("{:#?}", Counting::default());
    assert!(!debug.contains("secret"), "{debug}");
}
