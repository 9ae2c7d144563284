//! Retry decisions, AWS "standard" mode: what is retryable, how long to wait, and the
//! token bucket that stops a failing client from multiplying its load.

use std::sync::Mutex;
use std::time::Duration;

use super::config::RetryConfig;
use super::random;

/// Error codes AWS services use for throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes for transient failures.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses for transient failures.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Why a failed attempt may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryKind {
    /// The service is throttling.
    Throttling,
    /// An error the model marks `@retryable` without throttling.
    ServerError,
    /// A transient failure: 500/502/503/504, a `RequestTimeout` code, a failed
    /// connection (costs more from the token bucket).
    Transient,
    /// A timeout or a stalled body (costs more from the token bucket).
    Timeout,
}

/// Classifies a service error response; `modeled` lists the codes the model marks
/// `@retryable` with whether they are throttling.
pub fn classify_response(status: u16, code: Option<&str>, modeled: &[(&str, bool)]) -> Option<RetryKind> {
    if let Some(code) = code {
        if let Some((_, throttling)) = modeled.iter().find(|(c, _)| *c == code) {
            return Some(if *throttling { RetryKind::Throttling } else { RetryKind::ServerError });
        }
        if THROTTLING_CODES.contains(&code) {
            return Some(RetryKind::Throttling);
        }
        if TRANSIENT_CODES.contains(&code) {
            return Some(RetryKind::Transient);
        }
    }
    if status == 429 {
        return Some(RetryKind::Throttling);
    }
    TRANSIENT_STATUSES.contains(&status).then_some(RetryKind::Transient)
}

/// The delay before retry number `retry` (1 for the first retry): full jitter over
/// `min(initial × 2^(retry−1), max)`.
pub fn backoff(config: &RetryConfig, retry: u32) -> Duration {
    let exponent = retry.saturating_sub(1).min(30);
    let base = config.initial_backoff.saturating_mul(1u32 << exponent).min(config.max_backoff);
    let factor = config.jitter.unwrap_or_else(random::unit_f64);
    base.mul_f64(factor)
}

/// The retry token bucket: retries spend tokens, successes return them.
#[derive(Debug)]
pub struct TokenBucket {
    tokens: Mutex<u32>,
}

/// Tokens in a full bucket.
pub const BUCKET_CAPACITY: u32 = 500;
/// What a retry costs. The retry behaviour specification names two prices, 5 tokens
/// and 10 for timeouts; the official SDK for Rust (the client this one is measured
/// against) charges the higher price for every transient failure (5xx statuses,
/// `RequestTimeout` codes, I/O errors and timeouts alike) and the lower one for
/// throttling and modeled retryable errors, so a failing network drains the bucket
/// twice as fast as a busy service. We charge the same.
pub const RETRY_COST: u32 = 5;
/// What a retry of a transient failure or a timeout costs (see [`RETRY_COST`]).
pub const TRANSIENT_RETRY_COST: u32 = 10;

/// The tokens a retry of this kind takes from the bucket.
pub fn retry_cost(kind: RetryKind) -> u32 {
    match kind {
        RetryKind::Transient | RetryKind::Timeout => TRANSIENT_RETRY_COST,
        RetryKind::Throttling | RetryKind::ServerError => RETRY_COST,
    }
}

impl Default for TokenBucket {
    fn default() -> Self {
        TokenBucket { tokens: Mutex::new(BUCKET_CAPACITY) }
    }
}

impl TokenBucket {
    /// Takes the cost of a retry of this kind; `None` when the bucket is too empty.
    pub fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = retry_cost(kind);
        let mut tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if *tokens < cost {
            return None;
        }
        *tokens -= cost;
        Some(cost)
    }

    /// Records a success: the cost of the retry that succeeded comes back, or one
    /// token when the first attempt succeeded.
    pub fn release(&self, retry_cost: Option<u32>) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *tokens = (*tokens + retry_cost.unwrap_or(1)).min(BUCKET_CAPACITY);
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_follows_codes_statuses_and_the_model() {
        assert_eq!(classify_response(400, Some("ThrottlingException"), &[]), Some(RetryKind::Throttling));
        assert_eq!(classify_response(400, Some("RequestLimitExceeded"), &[]), Some(RetryKind::Throttling));
        assert_eq!(classify_response(503, None, &[]), Some(RetryKind::Transient));
        assert_eq!(classify_response(500, Some("InternalFailure"), &[]), Some(RetryKind::Transient));
        assert_eq!(classify_response(429, None, &[]), Some(RetryKind::Throttling));
        assert_eq!(classify_response(400, Some("ValidationException"), &[]), None);
        assert_eq!(classify_response(404, None, &[]), None);
        assert_eq!(classify_response(400, Some("Busy"), &[("Busy", false)]), Some(RetryKind::ServerError));
        assert_eq!(classify_response(400, Some("Slow"), &[("Slow", true)]), Some(RetryKind::Throttling));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_scaled_by_jitter() {
        let config = RetryConfig::default().with_fixed_jitter(1.0);
        assert_eq!(backoff(&config, 1), Duration::from_secs(1));
        assert_eq!(backoff(&config, 2), Duration::from_secs(2));
        assert_eq!(backoff(&config, 5), Duration::from_secs(16));
        assert_eq!(backoff(&config, 6), Duration::from_secs(20));
        assert_eq!(backoff(&config, 60), Duration::from_secs(20));
        let half = RetryConfig::default().with_fixed_jitter(0.5);
        assert_eq!(backoff(&half, 3), Duration::from_secs(2));
        let random = RetryConfig::default();
        for _ in 0..100 {
            assert!(backoff(&random, 2) <= Duration::from_secs(2));
        }
    }

    #[test]
    fn the_bucket_runs_dry_and_refills_on_success() {
        let retries_until_dry = |kind| {
            let bucket = TokenBucket::default();
            let mut retries = 0;
            while bucket.acquire(kind).is_some() {
                retries += 1;
            }
            retries
        };
        assert_eq!(retries_until_dry(RetryKind::Throttling), 100);
        assert_eq!(retries_until_dry(RetryKind::ServerError), 100);
        assert_eq!(retries_until_dry(RetryKind::Transient), 50);
        assert_eq!(retries_until_dry(RetryKind::Timeout), 50);

        let bucket = TokenBucket::default();
        while bucket.acquire(RetryKind::Throttling).is_some() {}
        assert_eq!(bucket.acquire(RetryKind::Timeout), None);
        bucket.release(Some(5));
        assert_eq!(bucket.available(), 5);
        assert_eq!(bucket.acquire(RetryKind::Transient), None, "a transient retry costs 10");
        assert_eq!(bucket.acquire(RetryKind::Timeout), None, "a timeout retry costs 10");
        bucket.release(None);
        assert_eq!(bucket.available(), 6);
        for _ in 0..1000 {
            bucket.release(Some(10));
        }
        assert_eq!(bucket.available(), BUCKET_CAPACITY);
    }
}
