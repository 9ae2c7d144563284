//! Calling an awsQuery operation: the form goes out as `POST /`, the XML answer comes
//! back. [`send_form`] does the sending once for every operation; [`call`] is the thin
//! generic layer that writes the typed input and reads the typed output with the
//! generated functions.

use super::{CONTENT_TYPE, FormError, read_error};
use crate::ErrorMetadata;
use crate::client::dispatch::{Handle, ServiceInfo, explain_endpoint_error, parse_output, send};
use crate::client::{ConstructionFailure, HttpRequest, RawServiceError, SdkError, ServiceError, Signing};
use crate::rules::{EndpointError, ResolvedEndpoint};
use crate::xml::XmlError;

/// Sends an awsQuery request body (`Action=…&Version=…&…`) to the resolved endpoint,
/// signed as `signing` says, with retries and timeouts, and returns the 2xx body. A
/// service error's metadata is read from its `<ErrorResponse>` (code as sent, message,
/// request id); `request_compression` lists the encodings the body may be sent with.
#[allow(clippy::too_many_arguments)] // one flat call keeps generated code short
pub async fn send_form(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: Result<ResolvedEndpoint, EndpointError>,
    host_prefix: Option<&str>,
    request_compression: &[&str],
    body: String,
    signing: Signing,
) -> Result<Vec<u8>, SdkError<RawServiceError>> {
    let resolved = explain_endpoint_error(handle, operation, resolved)?;
    let (body, resolved) =
        crate::client::compression::compress_body(handle, operation, request_compression, body.into_bytes(), resolved)?;
    let request = HttpRequest {
        method: "POST",
        path_and_query: "/".to_owned(),
        headers: vec![("content-type".to_owned(), CONTENT_TYPE.to_owned())],
        body,
        streamed: None,
        signing,
    };
    let call = send(handle, service, operation, &resolved, host_prefix, request);
    let response = crate::client::trace::in_call_span(service, operation, call).await;
    match response {
        Ok(response) => Ok(response.body),
        Err(SdkError::ServiceError(error)) => {
            let raw = with_query_metadata(error.into_err());
            let meta = raw.meta.clone();
            Err(SdkError::ServiceError(ServiceError::new(raw, meta)))
        }
        Err(other) => Err(other),
    }
}

/// The error with its metadata read from the `<ErrorResponse>` document when the body
/// is one; anything else (a proxy's page) keeps what the dispatch found.
fn with_query_metadata(raw: RawServiceError) -> RawServiceError {
    let status = raw.meta.status().unwrap_or(0);
    match read_error(&raw.body, |_, _| Ok(())) {
        Ok(error) if error.code.is_some() => {
            let request_id = error.request_id.clone().or_else(|| raw.meta.request_id().map(str::to_owned));
            let meta = ErrorMetadata::new(error.code, error.message, request_id, Some(status));
            RawServiceError { meta, body: raw.body, headers: raw.headers }
        }
        _ => raw,
    }
}

/// Calls an awsQuery operation end to end: `write` turns `input` into the form body,
/// [`send_form`] sends it, `read` reads the output from the XML answer, and
/// `from_response` types a service error. A mocked client answers with the input and
/// output in their JSON form, as for every protocol.
#[allow(clippy::too_many_arguments)] // one flat call keeps generated code short
pub async fn call<I: crate::json::WriteJson, O: crate::json::ReadJson, E>(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: Result<ResolvedEndpoint, EndpointError>,
    host_prefix: Option<&str>,
    request_compression: &[&str],
    signing: Signing,
    input: &I,
    write: fn(&I) -> Result<String, FormError>,
    read: fn(&[u8]) -> Result<O, XmlError>,
    from_response: fn(&ErrorMetadata, &[u8]) -> E,
) -> Result<O, SdkError<E>> {
    let type_error = |raw: RawServiceError| from_response(&raw.meta, &raw.body);
    if let Some(mock) = &handle.mock {
        let json = crate::json::to_vec(input).map_err(|error| {
            SdkError::ConstructionFailure(ConstructionFailure::new(
                format!("{operation}: cannot serialize the input"),
                Some(Box::new(error)),
            ))
        })?;
        let response = mock.respond(operation, &json).map_err(|error| error.map_service_error(type_error))?;
        return parse_output(&response);
    }
    let body = write(input).map_err(|error| {
        SdkError::ConstructionFailure(ConstructionFailure::new(
            format!("{operation}: cannot write the input"),
            Some(Box::new(error)),
        ))
    })?;
    let body = send_form(handle, service, operation, resolved, host_prefix, request_compression, body, signing)
        .await
        .map_err(|error| error.map_service_error(type_error))?;
    read(&body).map_err(|error| {
        let message = format!("cannot read the output of {operation} ({} bytes of XML, not quoted)", body.len());
        SdkError::response(message, 200, Some(Box::new(error)))
    })
}
