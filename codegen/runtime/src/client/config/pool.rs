//! Settings of the pool of idle connections the HTTP client keeps.

use std::time::Duration;

/// Idle-connection pool settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PoolConfig {
    pub(crate) max_idle_per_host: usize,
    pub(crate) idle_timeout: Option<Duration>,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig { max_idle_per_host: usize::MAX, idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT) }
    }
}

/// The default of [`ConfigBuilder::pool_idle_timeout`](super::ConfigBuilder::pool_idle_timeout): 30 s.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
