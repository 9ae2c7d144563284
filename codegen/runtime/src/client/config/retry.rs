//! [`RetryConfig`]: how many attempts a call makes and how long it backs off between
//! them.

use std::time::Duration;

/// Retry settings, AWS "standard" mode.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryConfig {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) jitter: Option<f64>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            jitter: None,
        }
    }
}

impl RetryConfig {
    /// Standard mode: 3 attempts, 1 s initial backoff, 20 s cap, full jitter.
    pub fn standard() -> Self {
        RetryConfig::default()
    }

    /// No retries: one attempt.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..RetryConfig::default() }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Base of the exponential backoff.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Cap of the exponential backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Replaces the random jitter factor with a fixed one in `0.0..=1.0` (for tests
    /// that need exact delays).
    pub fn with_fixed_jitter(mut self, factor: f64) -> Self {
        self.jitter = Some(factor.clamp(0.0, 1.0));
        self
    }

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
}
