//! The client side: configuration, dispatch with retries and timeouts, and the
//! errors a call can end in. Generated clients call [`invoke`] with their
//! [`ServiceInfo`] and the serialized input.

#[cfg(feature = "blocking")]
pub mod blocking;
mod body_stream;
pub(crate) mod compression;
mod config;
mod content_md5;
pub(crate) mod dispatch;
pub mod endpoint;
mod error;
mod excerpt;
mod http_call;
mod mock;
pub mod paginator;
pub mod random;
mod region;
mod request;
pub mod retry;
mod skew;
mod stall;
pub mod trace;
mod upload;
pub mod waiter;

pub use compression::{DEFAULT_MIN_COMPRESSION_SIZE, MAX_MIN_COMPRESSION_SIZE};
pub use config::{
    AccountIdEndpointMode, Config, ConfigBuilder, ConfigError, ContextValue, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_FIRST_BYTE_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_OPERATION_TIMEOUT, DEFAULT_POOL_IDLE_TIMEOUT,
    RetryConfig, TimeoutConfig,
};
pub use content_md5::content_md5;
pub use dispatch::{Handle, ServiceInfo, call, invoke, parse_output, send, send_streaming};
pub use error::{
    ConstructionFailure, DispatchFailure, DispatchKind, RawServiceError, ResponseError, SdkError, ServiceError,
    TimeoutError, TimeoutKind,
};
pub use http_call::{HttpCall, OutputReader, call_http};
pub use mock::{Mock, MockCall, MockError};
pub use region::Region;
pub use request::{HttpRequest, HttpResponse, Signing, StreamedPayload};
/// The HTTP client crate, so that callers can build the `reqwest::Client` that
/// [`ConfigBuilder::http_client`] takes with the same version.
pub use reqwest;
pub use stall::StalledStreamProtection;
/// The `tracing` crate, for the events generated crates emit under their own name.
#[cfg(feature = "tracing")]
#[doc(hidden)]
pub use tracing;
