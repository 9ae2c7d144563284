//! What can go wrong with a call, from a request that could not be built to an error
//! the service returned. `Display` always says what happened and where.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use crate::{ErrorMetadata, ProvideErrorMetadata, Unhandled};

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The error of one call of an operation whose modeled errors are `E`.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built (a missing required member, no region, no
    /// credentials, a bad endpoint); nothing was sent.
    ConstructionFailure(ConstructionFailure),
    /// The request could not be sent or its response not received (connect, I/O).
    DispatchFailure(DispatchFailure),
    /// A connect, attempt or operation timeout elapsed.
    TimeoutError(TimeoutError),
    /// A response arrived but could not be read as the operation's output or error.
    ResponseError(ResponseError),
    /// The service answered with an error.
    ServiceError(ServiceError<E>),
}

impl<E> SdkError<E> {
    /// The modeled error, when the service returned one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::ServiceError(error) => Some(error.err()),
            _ => None,
        }
    }

    /// Consumes the error, returning the operation's error: the service's, or for any
    /// other failure its `Unhandled` variant holding it (as `aws-sdk-*` crates do).
    /// [`Self::as_service_error`] tells the two apart without consuming.
    pub fn into_service_error(self) -> E
    where
        E: From<Unhandled>,
    {
        match self {
            SdkError::ServiceError(error) => error.err,
            SdkError::ConstructionFailure(e) => E::from(Unhandled::from_source(e)),
            SdkError::DispatchFailure(e) => E::from(Unhandled::from_source(e)),
            SdkError::TimeoutError(e) => E::from(Unhandled::from_source(e)),
            SdkError::ResponseError(e) => E::from(Unhandled::from_source(e)),
        }
    }

    /// Error metadata (code, message, request id, status) of a service error.
    pub fn meta(&self) -> Option<&ErrorMetadata> {
        match self {
            SdkError::ServiceError(error) => Some(error.meta()),
            _ => None,
        }
    }

    /// Changes the modeled error type (used by generated code to type the raw error).
    pub fn map_service_error<F>(self, map: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
            SdkError::DispatchFailure(e) => SdkError::DispatchFailure(e),
            SdkError::TimeoutError(e) => SdkError::TimeoutError(e),
            SdkError::ResponseError(e) => SdkError::ResponseError(e),
            SdkError::ServiceError(ServiceError { err, meta }) => {
                SdkError::ServiceError(ServiceError { err: map(err), meta })
            }
        }
    }

    /// A construction failure with a message.
    pub fn construction(message: impl Into<String>) -> Self {
        SdkError::ConstructionFailure(ConstructionFailure { message: message.into(), source: None })
    }

    /// A response that could not be read.
    pub fn response(message: impl Into<String>, status: u16, source: Option<BoxError>) -> Self {
        SdkError::ResponseError(ResponseError { message: message.into(), status, source })
    }
}

// Each fact once along the chain (Rust API guidelines): `SdkError`'s `Display` says
// what failed and the immediate cause's text, so `source()` continues below that cause
// instead of returning it. `{}` alone says everything that matters; anyhow's `{:#}`
// and `Caused by:` lists add only what `{}` did not show.
impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::ConstructionFailure(e) => write!(f, "failed to construct request: {e}"),
            SdkError::DispatchFailure(e) => write!(f, "dispatch failure: {e}"),
            SdkError::TimeoutError(e) => write!(f, "{e}"),
            SdkError::ResponseError(e) => write!(f, "{e}"),
            SdkError::ServiceError(e) => write!(f, "service error: {e}"),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::ConstructionFailure(e) => e.source(),
            SdkError::DispatchFailure(e) => e.source(),
            SdkError::TimeoutError(_) => None,
            SdkError::ResponseError(e) => e.source(),
            SdkError::ServiceError(e) => e.err.source(),
        }
    }
}

impl<E: ProvideErrorMetadata> ProvideErrorMetadata for SdkError<E> {
    fn code(&self) -> Option<&str> {
        match self {
            SdkError::ServiceError(e) => e.meta.code().or_else(|| e.err.code()),
            _ => None,
        }
    }

    fn message(&self) -> Option<&str> {
        match self {
            SdkError::ServiceError(e) => e.meta.message().or_else(|| e.err.message()),
            _ => None,
        }
    }
}

/// The request could not be built.
#[derive(Debug)]
pub struct ConstructionFailure {
    message: String,
    source: Option<BoxError>,
}

impl ConstructionFailure {
    /// A failure with a message and the error that caused it.
    pub fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        ConstructionFailure { message: message.into(), source }
    }
}

impl fmt::Display for ConstructionFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for ConstructionFailure {
    // Display shows the cause, so the chain continues below it.
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().and_then(|s| s.source())
    }
}

/// The request could not be sent or the response not received.
#[derive(Debug)]
pub struct DispatchFailure {
    source: BoxError,
    kind: DispatchKind,
}

/// What kind of dispatch failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DispatchKind {
    /// The connection could not be opened.
    Connect,
    /// The connection failed while sending or receiving.
    Io,
    /// The response's header block is larger than the HTTP client accepts; it would
    /// not be smaller on a retry.
    HeadersTooLarge,
    /// Anything else.
    Other,
}

impl DispatchFailure {
    /// A dispatch failure of a kind.
    pub fn new(kind: DispatchKind, source: BoxError) -> Self {
        DispatchFailure { source, kind }
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> DispatchKind {
        self.kind
    }
}

impl fmt::Display for DispatchFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            DispatchKind::Connect => "could not connect",
            DispatchKind::Io => "connection failed",
            DispatchKind::HeadersTooLarge => "response headers too large",
            DispatchKind::Other => "request failed",
        };
        // reqwest's Display is terse; its source chain says what actually happened.
        // Each level's text is shown once, even when a level repeats the one below.
        let mut shown = self.source.to_string();
        write!(f, "{kind}: {shown}")?;
        let mut cause = self.source.source();
        while let Some(inner) = cause {
            let text = inner.to_string();
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown = text;
            }
            cause = inner.source();
        }
        Ok(())
    }
}

impl StdError for DispatchFailure {
    // Display walks the whole chain (the HTTP client's own text is terse).
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        None
    }
}

/// Which timeout elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Opening the connection.
    Connect,
    /// Waiting for the response headers once the request was sent.
    FirstByte,
    /// The request body moved slower than the stalled-stream protection's minimum.
    StalledUpload,
    /// The response body moved slower than the stalled-stream protection's minimum.
    StalledDownload,
    /// One attempt (sending the request and reading its response).
    Attempt,
    /// The whole operation, retries included.
    Operation,
}

/// A timeout elapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    after: std::time::Duration,
}

impl TimeoutError {
    /// A timeout of a kind after a duration.
    pub fn new(kind: TimeoutKind, after: std::time::Duration) -> Self {
        TimeoutError { kind, after }
    }

    /// Which timeout elapsed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stalled = match self.kind {
            TimeoutKind::StalledUpload => Some("request"),
            TimeoutKind::StalledDownload => Some("response"),
            _ => None,
        };
        if let Some(body) = stalled {
            return write!(
                f,
                "{body} body stalled: under the minimum throughput for {:?} (stalled-stream protection)",
                self.after
            );
        }
        let what = match self.kind {
            TimeoutKind::Connect => "connect",
            TimeoutKind::FirstByte => "first-byte (response headers)",
            TimeoutKind::Attempt => "attempt",
            TimeoutKind::Operation => "operation",
            TimeoutKind::StalledUpload | TimeoutKind::StalledDownload => "stall",
        };
        write!(f, "{what} timeout elapsed after {:?}", self.after)
    }
}

impl StdError for TimeoutError {}

/// A response that could not be read.
#[derive(Debug)]
pub struct ResponseError {
    message: String,
    status: u16,
    source: Option<BoxError>,
}

impl ResponseError {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unreadable response (status {}): {}", self.status, self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for ResponseError {
    // Display shows the cause, so the chain continues below it.
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().and_then(|s| s.source())
    }
}

/// An error the service returned, typed as `E`, with its metadata.
#[derive(Debug)]
pub struct ServiceError<E> {
    err: E,
    meta: ErrorMetadata,
}

impl<E> ServiceError<E> {
    /// A service error from its typed form and metadata.
    pub fn new(err: E, meta: ErrorMetadata) -> Self {
        ServiceError { err, meta }
    }

    /// The typed error.
    pub fn err(&self) -> &E {
        &self.err
    }

    /// Consumes it, returning the typed error.
    pub fn into_err(self) -> E {
        self.err
    }

    /// Code, message, request id and status.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The typed error says code and message; the metadata adds status and request id
        // unless the error's own text (an unhandled error's) already carries them.
        let text = self.err.to_string();
        f.write_str(&text)?;
        if text.ends_with(')') && text.contains("(status ") {
            return Ok(());
        }
        let mut details = Vec::new();
        if let Some(status) = self.meta.status() {
            details.push(format!("status {status}"));
        }
        if let Some(id) = self.meta.request_id() {
            details.push(format!("request id {id}"));
        }
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        Ok(())
    }
}

/// A service error before it is typed: the metadata, the headers and the raw body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawServiceError {
    /// Code, message, request id and status.
    pub meta: ErrorMetadata,
    /// The response headers in the order received, names in lower case (REST
    /// protocols bind error members to them).
    pub headers: Vec<(String, String)>,
    /// The response body.
    pub body: Vec<u8>,
}

impl RawServiceError {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as the generated error structures read it. A body carrying both
    /// `message` and `Message` (some servers send both, with the same text) keeps only
    /// `message`: the structures accept either spelling for one field, so both together
    /// would read as a duplicate field and the error would lose its type.
    pub fn body_for_typing(&self) -> Cow<'_, [u8]> {
        if let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice(&self.body)
            && object.contains_key("message")
            && object.remove("Message").is_some()
            && let Ok(body) = serde_json::to_vec(&object)
        {
            return Cow::Owned(body);
        }
        Cow::Borrowed(&self.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(body: &str) -> RawServiceError {
        RawServiceError { meta: ErrorMetadata::default(), headers: Vec::new(), body: body.as_bytes().to_vec() }
    }

    #[test]
    fn both_message_spellings_leave_one_for_typing() {
        let both = raw(r#"{"__type":"Gone","message":"m1","Message":"m2"}"#);
        assert_eq!(both.body_for_typing().as_ref(), br#"{"__type":"Gone","message":"m1"}"#);
        for body in [r#"{"__type":"Gone","Message":"m2"}"#, r#"{"message":"m1"}"#, "<html>", ""] {
            assert_eq!(raw(body).body_for_typing().as_ref(), body.as_bytes(), "{body}");
        }
    }
}
