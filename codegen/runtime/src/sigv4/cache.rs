//! A small, thread-safe cache of derived signing keys.

use std::fmt;
use std::sync::{Mutex, MutexGuard};

use sha2::{Digest, Sha256};

use super::{SignableRequest, Signature, SigningParams, derive_signing_key, sign_with};

/// How many signing keys are kept: a client typically signs with one
/// credential, region and signing name, plus a day change or a credential
/// rotation in flight.
const CAPACITY: usize = 4;

/// Reuses derived signing keys across requests.
///
/// A signing key depends on the secret access key, the day (`yyyymmdd`), the
/// region and the signing name; the cache keeps the few most recently used
/// ones (at most four), evicting the least recently used. Secrets are not
/// kept: an entry is found by a SHA-256 fingerprint of the secret access key.
///
/// Thread-safe: share one cache between tasks (e.g. in an `Arc`). `Debug`
/// shows the scope of each entry, never a key or a secret.
#[derive(Default)]
pub struct SigningKeyCache {
    /// Most recently used first.
    entries: Mutex<Vec<Entry>>,
}

struct Entry {
    secret_fingerprint: [u8; 32],
    date: String,
    region: String,
    service: String,
    key: [u8; 32],
}

impl Entry {
    fn matches(&self, secret_fingerprint: &[u8; 32], date: &str, region: &str, service: &str) -> bool {
        self.secret_fingerprint == *secret_fingerprint
            && self.date == date
            && self.region == region
            && self.service == service
    }
}

impl SigningKeyCache {
    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Signs like [`sign`](super::sign), reusing the signing key derived for
    /// the same secret access key, day, region and signing name.
    #[must_use]
    pub fn sign_cached(&self, request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Signature {
        sign_with(request, params, |date| self.signing_key(params, date))
    }

    /// Number of signing keys held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no signing key is held.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Forgets every signing key (e.g. after credentials were revoked).
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn signing_key(&self, params: &SigningParams<'_>, date: &str) -> [u8; 32] {
        let fingerprint: [u8; 32] = Sha256::digest(params.secret_access_key.as_bytes()).into();
        let mut entries = self.lock();
        if let Some(at) = entries.iter().position(|e| e.matches(&fingerprint, date, params.region, params.service)) {
            let entry = entries.remove(at);
            let key = entry.key;
            entries.insert(0, entry);
            return key;
        }
        // Derive while holding the lock: it takes microseconds, and concurrent
        // first requests then derive once instead of racing.
        let key = derive_signing_key(params.secret_access_key, date, params.region, params.service);
        entries.truncate(CAPACITY - 1);
        entries.insert(
            0,
            Entry {
                secret_fingerprint: fingerprint,
                date: date.to_owned(),
                region: params.region.to_owned(),
                service: params.service.to_owned(),
                key,
            },
        );
        key
    }

    /// The entries. Any state of the list is a valid cache, so a poisoned lock
    /// (a panic elsewhere while it was held) is simply taken over.
    fn lock(&self) -> MutexGuard<'_, Vec<Entry>> {
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Scope<'a>(&'a Entry);
        impl fmt::Debug for Scope<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}/{}/{}", self.0.date, self.0.region, self.0.service)
            }
        }
        let entries = self.lock();
        f.debug_struct("SigningKeyCache")
            .field("entries", &entries.iter().map(Scope).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}
