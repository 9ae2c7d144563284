//! One `tracing` span per call, with feature `tracing`: `aws.call` with the service
//! (its target prefix), the operation, the attempt number, and the status and request
//! id of the last response; an event per response at `DEBUG`. Never a body, a header
//! other than the request id, a credential or a signature.
//!
//! Users filter logs by the crate they depend on (`RUST_LOG=ecr_client=debug`), and
//! a `tracing` target must be a constant at the event's call site, so the generated
//! crate emits its own two events through a [`Tracer`] in its
//! [`ServiceInfo`]: one `DEBUG` line per call when it ends, and a `WARN` line per
//! retry, both under the generated crate's name.
//!
//! Without the feature every function here is empty and the span is a unit.

use std::future::Future;
use std::time::Duration;

use super::dispatch::ServiceInfo;
use super::error::{RawServiceError, SdkError};

/// Functions of the generated crate that emit its events (under its own target).
#[derive(Debug, Clone, Copy)]
pub struct Tracer {
    /// Called once when a call ends.
    pub call: fn(&CallEvent<'_>),
    /// Called before each retry.
    pub retry: fn(&RetryEvent<'_>),
}

/// How a call ended, for [`Tracer::call`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CallEvent<'a> {
    /// The operation, e.g. `ListImages`.
    pub operation: &'a str,
    /// `success`, `service_error`, `construction_failure`, `dispatch_failure`,
    /// `timeout` or `response_error`.
    pub outcome: &'static str,
    /// The error code of a service error.
    pub error_code: Option<&'a str>,
    /// The HTTP status of a service error.
    pub status: Option<u16>,
    /// The request id of a service error.
    pub request_id: Option<&'a str>,
    /// Time from the first attempt to the end, retries included.
    pub elapsed: Duration,
}

/// A retry about to happen, for [`Tracer::retry`].
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RetryEvent<'a> {
    /// The operation, e.g. `ListImages`.
    pub operation: &'a str,
    /// The number of the attempt that failed (1 for the first).
    pub attempt: u32,
    /// Why it failed: the error code, `timeout`, or the connection failure.
    pub reason: &'a str,
    /// The wait before the next attempt.
    pub delay: Duration,
}

/// Reports a retry about to happen through the service's [`Tracer`].
pub(super) fn retry<E>(service: &ServiceInfo, operation: &str, attempt: u32, error: &SdkError<E>, delay: Duration) {
    #[cfg(feature = "tracing")]
    if let Some(tracer) = &service.tracer {
        let reason = match error {
            SdkError::ServiceError(e) => e.meta().code().unwrap_or("service error").to_owned(),
            SdkError::TimeoutError(e) => e.to_string(),
            SdkError::DispatchFailure(e) => e.to_string(),
            SdkError::ConstructionFailure(_) | SdkError::ResponseError(_) => "error".to_owned(),
        };
        (tracer.retry)(&RetryEvent { operation, attempt, reason: &reason, delay });
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (service, operation, attempt, error, delay);
}

/// Runs one call's dispatch inside its span and records how it ended.
pub(crate) async fn in_call_span<F, T>(service: &ServiceInfo, operation: &str, call: F) -> F::Output
where
    F: Future<Output = Result<T, SdkError<RawServiceError>>>,
{
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument;
        let span = tracing::info_span!(
            "aws.call",
            rpc.service = service.target_prefix,
            rpc.method = operation,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            outcome = tracing::field::Empty,
            error_code = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let result = call.instrument(span.clone()).await;
        let elapsed = started.elapsed();
        let outcome = match &result {
            Ok(_) => "success",
            Err(SdkError::ServiceError(error)) => {
                if let Some(code) = error.meta().code() {
                    span.record("error_code", code);
                }
                "service_error"
            }
            Err(SdkError::ConstructionFailure(_)) => "construction_failure",
            Err(SdkError::DispatchFailure(_)) => "dispatch_failure",
            Err(SdkError::TimeoutError(_)) => "timeout",
            Err(SdkError::ResponseError(_)) => "response_error",
        };
        span.record("outcome", outcome);
        if let Some(tracer) = &service.tracer {
            let meta = match &result {
                Err(SdkError::ServiceError(error)) => Some(error.meta()),
                _ => None,
            };
            (tracer.call)(&CallEvent {
                operation,
                outcome,
                error_code: meta.and_then(|m| m.code()),
                status: meta.and_then(|m| m.status()),
                request_id: meta.and_then(|m| m.request_id()),
                elapsed,
            });
        }
        result
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (service, operation);
        call.await
    }
}

/// Records the number of the attempt about to start on the current call's span.
pub(super) fn attempt(number: u32) {
    #[cfg(feature = "tracing")]
    tracing::Span::current().record("attempt", number);
    #[cfg(not(feature = "tracing"))]
    let _ = number;
}

/// Records a response's status and request id on the current call's span.
pub(super) fn response(status: u16, header: &dyn Fn(&str) -> Option<String>) {
    #[cfg(feature = "tracing")]
    {
        let request_id = header("x-amzn-requestid").or_else(|| header("x-amz-request-id"));
        let span = tracing::Span::current();
        span.record("status", status);
        if let Some(request_id) = &request_id {
            span.record("request_id", request_id.as_str());
        }
        tracing::debug!(status, request_id = request_id.as_deref(), "response");
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (status, header);
}
