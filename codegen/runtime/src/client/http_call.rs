//! Calling an operation of a REST protocol. The generated writer builds the whole
//! request (method, path, query, headers, body) and the generated readers type the
//! response, so this code only connects them to the dispatch: mock, endpoint,
//! compression, the call's span, and the error code as REST protocols read it.

use super::dispatch::{Handle, ServiceInfo, explain_endpoint_error, send, send_streaming};
use super::error::{RawServiceError, SdkError, ServiceError};
use super::request::{HttpRequest, HttpResponse};
use crate::rules::{EndpointError, ResolvedEndpoint};
use crate::{ByteStream, ErrorMetadata};

/// What the generated code of one REST operation gives [`call_http`]: the request it
/// wrote (or why it could not), and how to read a response or an error.
#[derive(Debug)]
pub struct HttpCall<O, E> {
    /// The request, or the message of a construction error (a missing label, say).
    pub request: Result<HttpRequest, String>,
    /// Reads a 2xx response into the output; the error says what did not fit.
    pub read_output: OutputReader<O>,
    /// Types an error response (code, headers and body) as the operation's error.
    pub read_error: fn(&RawServiceError) -> E,
}

/// How the output is read from a 2xx response.
#[derive(Debug)]
pub enum OutputReader<O> {
    /// From the whole response, its body read first.
    Whole(fn(HttpResponse) -> Result<O, String>),
    /// From the status and headers (the response's body is empty) and the body as a
    /// stream, handed over unread: an output whose payload is `@streaming`.
    Streamed(fn(HttpResponse, ByteStream) -> Result<O, String>),
}

/// Calls a REST operation end to end: sends the written request to the resolved
/// endpoint (gzipped as `request_compression` allows), then reads the output or types
/// the error. The error code is the `X-Amzn-Errortype` header's, else the body's
/// `code` or `__type`.
///
/// A mock's answer is the response body: for a streamed output, the stream's bytes.
pub async fn call_http<O, E>(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: Result<ResolvedEndpoint, EndpointError>,
    host_prefix: Option<&str>,
    request_compression: &[&str],
    call: HttpCall<O, E>,
) -> Result<O, SdkError<E>> {
    let HttpCall { request, read_output, read_error } = call;
    let mut request = request.map_err(|message| SdkError::construction(format!("{operation}: {message}")))?;
    let typed = |error: SdkError<RawServiceError>| match error {
        SdkError::ServiceError(error) => {
            let raw = with_rest_code(error.into_err());
            let meta = raw.meta.clone();
            SdkError::ServiceError(ServiceError::new(read_error(&raw), meta))
        }
        other => other.map_service_error(|raw| read_error(&raw)),
    };
    if let Some(mock) = &handle.mock {
        // The mock records inputs as JSON: a request without a JSON body (a GET with
        // labels and query parameters, a blob payload) is recorded as `{}`.
        let json = request.headers.iter().any(|(name, value)| name == "content-type" && value == "application/json");
        let input: &[u8] = if json { &request.body } else { b"{}" };
        let body = mock.respond(operation, input).map_err(typed)?;
        return read(operation, HttpResponse { status: 200, headers: Vec::new(), body }, read_output);
    }
    let resolved = explain_endpoint_error(handle, operation, resolved)?;
    let body = std::mem::take(&mut request.body);
    let (body, mut resolved) =
        super::compression::compress_body(handle, operation, request_compression, body, resolved)?;
    request.body = body;
    merge_content_encoding(&mut request, &mut resolved);
    let fail = |status| move |message| SdkError::response(format!("{operation}: {message}"), status, None);
    match read_output {
        OutputReader::Whole(read_output) => {
            let call = send(handle, service, operation, &resolved, host_prefix, request);
            let response = super::trace::in_call_span(service, operation, call).await.map_err(typed)?;
            let status = response.status;
            read_output(response).map_err(fail(status))
        }
        OutputReader::Streamed(read_output) => {
            let call = send_streaming(handle, service, operation, &resolved, host_prefix, request);
            let (response, body) = super::trace::in_call_span(service, operation, call).await.map_err(typed)?;
            let status = response.status;
            read_output(response, body).map_err(fail(status))
        }
    }
}

/// Reads a response whose body is in memory (a mock's answer) with either reader.
fn read<O, E>(operation: &str, response: HttpResponse, reader: OutputReader<O>) -> Result<O, SdkError<E>> {
    let status = response.status;
    let read = match reader {
        OutputReader::Whole(read_output) => read_output(response),
        OutputReader::Streamed(read_output) => {
            let body = ByteStream::from(response.body);
            read_output(HttpResponse { body: Vec::new(), ..response }, body)
        }
    };
    read.map_err(|message| SdkError::response(format!("{operation}: {message}"), status, None))
}

/// The error with its code read as REST protocols do: the header before the body.
fn with_rest_code(raw: RawServiceError) -> RawServiceError {
    let code = crate::protocol::rest::errors::error_code(raw.header("x-amzn-errortype"), &raw.body);
    let Some(code) = code else { return raw };
    let meta = &raw.meta;
    let meta = ErrorMetadata::new(
        Some(code),
        meta.message().map(str::to_owned),
        meta.request_id().map(str::to_owned),
        meta.status(),
    );
    RawServiceError { meta, ..raw }
}

/// A gzipped body whose request already names an encoding (a `Content-Encoding`
/// member) lists both in one header, in the order they were applied.
fn merge_content_encoding(request: &mut HttpRequest, resolved: &mut ResolvedEndpoint) {
    let Some(index) = resolved.headers.iter().position(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
    else {
        return;
    };
    let Some((_, own)) = request.headers.iter_mut().find(|(name, _)| name == "content-encoding") else { return };
    let (_, added) = resolved.headers.remove(index);
    for encoding in added {
        own.push_str(", ");
        own.push_str(&encoding);
    }
}
