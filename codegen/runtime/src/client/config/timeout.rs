//! [`TimeoutConfig`] and the default limits on connecting, waiting for the first byte
//! and the whole operation.

use std::time::Duration;

/// The default connect timeout: 3.1 s, as the official AWS SDKs.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// The default first-byte timeout: 60 s, botocore's read timeout. AWS answers in well
/// under a second; long polls (SQS's 20 s) fit, longer ones need a larger value.
pub const DEFAULT_FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(60);

/// The default operation timeout: 5 minutes. The other limits stop a peer that sends
/// nothing, but not one that drips bytes just fast enough to count as progress (a byte
/// every 100 ms would take 78 days to fill the 64 MiB response limit); this bounds every
/// call, retries included, far above what any AWS answer takes.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(300);

/// Timeout settings. `None` means no limit. Defaults: connect 3.1 s, first byte 60 s,
/// operation 5 minutes, no attempt timeout; see the crate's README for what bounds a
/// call in each case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    pub(crate) connect: Option<Duration>,
    pub(crate) first_byte: Option<Duration>,
    pub(crate) attempt: Option<Duration>,
    pub(crate) operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect: Some(DEFAULT_CONNECT_TIMEOUT),
            first_byte: Some(DEFAULT_FIRST_BYTE_TIMEOUT),
            attempt: None,
            operation: Some(DEFAULT_OPERATION_TIMEOUT),
        }
    }
}

impl TimeoutConfig {
    /// No timeouts at all (stalled-stream protection is set apart).
    pub fn disabled() -> Self {
        TimeoutConfig { connect: None, first_byte: None, attempt: None, operation: None }
    }

    /// Limit on opening a connection (TCP and TLS).
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect = Some(timeout);
        self
    }

    /// Limit on the wait for the response's status line and headers, from the moment
    /// the whole request has been handed to the connection: a server that takes the
    /// request and never answers.
    pub fn with_first_byte_timeout(mut self, timeout: Duration) -> Self {
        self.first_byte = Some(timeout);
        self
    }

    /// Limit on one attempt: sending the request and reading the whole response.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt = Some(timeout);
        self
    }

    /// Limit on the whole operation, retries and backoff included.
    pub fn with_operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation = Some(timeout);
        self
    }

    /// Removes the operation timeout (by default 5 minutes).
    pub fn without_operation_timeout(mut self) -> Self {
        self.operation = None;
        self
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect
    }

    /// The first-byte timeout.
    pub fn first_byte_timeout(&self) -> Option<Duration> {
        self.first_byte
    }

    /// The attempt timeout.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt
    }

    /// The operation timeout.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }
}
