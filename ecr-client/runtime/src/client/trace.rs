//! One `tracing` span per call, with feature `tracing`: `aws.call` with the service
//! (its target prefix), the operation, the attempt number, and the status and request
//! id of the last response; an event per response at `DEBUG`. Never a body, a header
//! other than the request id, a credential or a signature.
//!
//! Without the feature every function here is empty and the span is a unit.

use std::future::Future;

use super::dispatch::ServiceInfo;
use super::error::{RawServiceError, SdkError};

/// Runs one call's dispatch inside its span and records how it ended.
pub(super) async fn in_call_span<F>(service: &ServiceInfo, operation: &str, call: F) -> F::Output
where
    F: Future<Output = Result<Vec<u8>, SdkError<RawServiceError>>>,
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
        let result = call.instrument(span.clone()).await;
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
