//! What an error response says about itself: code, message, request id, status.
//!
//! awsJson error responses carry the code in the body's `__type` (or `code`) or in the
//! `X-Amzn-Errortype` header, sometimes decorated as `aws.protocoltests#Code:http://…`;
//! the message in `message` or `Message`; the request id in `x-amzn-RequestId`.

use std::fmt;

/// Code, message, request id and HTTP status of an error response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
}

impl ErrorMetadata {
    /// Metadata from its parts.
    pub fn new(code: Option<String>, message: Option<String>, request_id: Option<String>, status: Option<u16>) -> Self {
        ErrorMetadata { code, message, request_id, status }
    }

    /// Reads the metadata of an awsJson error response.
    ///
    /// `header` looks a response header up by name (case-insensitively). A body that
    /// is not JSON still yields what the headers say.
    pub fn from_response(status: u16, header: &dyn Fn(&str) -> Option<String>, body: &[u8]) -> Self {
        let json: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_slice(body).ok();
        let field = |names: &[&str]| {
            let json = json.as_ref()?;
            names.iter().find_map(|name| json.get(*name).and_then(|v| v.as_str()).map(str::to_owned))
        };
        // Not every error comes from the service itself: an authenticating front end may
        // answer in the XML of the query protocol (`<Error><Code>…</Code><Message>…`).
        let xml = |tag: &str| if json.is_none() { xml_element(body, tag) } else { None };
        let code = field(&["__type", "code"])
            .or_else(|| header("x-amzn-errortype"))
            .or_else(|| xml("Code"))
            .map(|raw| sanitize_error_code(&raw).to_owned())
            .filter(|code| !code.is_empty());
        ErrorMetadata {
            code,
            message: field(&["message", "Message", "errorMessage"]).or_else(|| xml("Message")),
            request_id: header("x-amzn-requestid").or_else(|| header("x-amz-request-id")),
            status: Some(status),
        }
    }

    /// The error code, e.g. `ThrottlingException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id the service assigned, for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().unwrap_or("unknown error"))?;
        if let Some(message) = self.message().filter(|m| !m.is_empty()) {
            write!(f, ": {message}")?;
        }
        let mut details = Vec::new();
        if let Some(status) = self.status {
            details.push(format!("status {status}"));
        }
        if let Some(id) = self.request_id() {
            details.push(format!("request id {id}"));
        }
        if !details.is_empty() {
            write!(f, " ({})", details.join(", "))?;
        }
        Ok(())
    }
}

/// Strips the namespace (`ns#`) and anything after `:` from a raw error code.
pub fn sanitize_error_code(raw: &str) -> &str {
    let without_suffix = raw.split(':').next().unwrap_or(raw);
    let code = without_suffix.rsplit('#').next().unwrap_or(without_suffix);
    code.trim()
}

/// The text of the first `<tag>…</tag>` element of an XML body, entities decoded.
fn xml_element(body: &[u8], tag: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + text[start..].find(&format!("</{tag}>"))?;
    let raw = &text[start..end];
    let decoded = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    Some(decoded.trim().to_owned())
}

/// What every error of a call can say about the service's answer: the error code and
/// message. Implemented by [`SdkError`](crate::client::SdkError) (with feature
/// `client`), by every operation's error enum and by [`Unhandled`], so
/// `error.code()` works wherever an error is at hand.
pub trait ProvideErrorMetadata {
    /// The error code the service sent, e.g. `RepositoryNotFoundException`; `None`
    /// for errors that are not the service's (a timeout, a connection failure).
    fn code(&self) -> Option<&str>;

    /// The service's human-readable message, when it sent one.
    fn message(&self) -> Option<&str>;
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn code(&self) -> Option<&str> {
        ErrorMetadata::code(self)
    }

    fn message(&self) -> Option<&str> {
        ErrorMetadata::message(self)
    }
}

type Source = std::sync::Arc<dyn std::error::Error + Send + Sync + 'static>;

/// An error the operation's model does not list (or one it lists whose body could not
/// be read): its metadata, kept whole. When it stands for an error that did not come
/// from the service (see `SdkError::into_service_error`), it holds that error instead.
#[derive(Clone)]
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<Source>,
}

impl Unhandled {
    /// Wraps the metadata of an error response.
    pub fn new(meta: ErrorMetadata) -> Self {
        Unhandled { meta, source: None }
    }

    /// Wraps an error that is not the service's (construction, dispatch, timeout,
    /// unreadable response); its metadata is empty.
    pub fn from_source(source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        Unhandled { meta: ErrorMetadata::default(), source: Some(Source::from(source.into())) }
    }

    /// The metadata.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// Reads the body of an error response whose code names a modeled error `E`.
///
/// A body of only whitespace reads as `{}`, since the code alone names the error; a
/// body that does not read as `E` gives the response's metadata back as [`Unhandled`],
/// so a malformed error never hides the code and status the service sent.
pub fn parse_modeled_error<E: crate::json::ReadJson>(meta: &ErrorMetadata, body: &[u8]) -> Result<E, Unhandled> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { body };
    crate::json::from_slice(body).map_err(|_| Unhandled::new(meta.clone()))
}

impl PartialEq for Unhandled {
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
            && match (&self.source, &other.source) {
                (None, None) => true,
                (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b) || a.to_string() == b.to_string(),
                _ => false,
            }
    }
}

impl Eq for Unhandled {}

// One level, the facts only: `Unhandled { code: …, message: …, … }` rather than the
// nesting of the types that carry them.
impl fmt::Debug for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Unhandled");
        if let Some(source) = &self.source {
            out.field("source", source);
        } else {
            out.field("code", &self.meta.code)
                .field("message", &self.meta.message)
                .field("request_id", &self.meta.request_id)
                .field("status", &self.meta.status);
        }
        out.finish()
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => fmt::Display::fmt(source, f),
            None => fmt::Display::fmt(&self.meta, f),
        }
    }
}

impl std::error::Error for Unhandled {
    // Display shows the wrapped error, so the chain continues below it.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().and_then(|source| source.source())
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    fn message(&self) -> Option<&str> {
        self.meta.message()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn codes_are_sanitized() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("aws.protocoltests.restjson#FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code(
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"
            ),
            "FooError"
        );
    }

    #[test]
    fn body_type_wins_over_header_and_message_case_varies() {
        let body = br#"{"__type":"ns#RepoMissing","Message":"no such repo"}"#;
        let meta = ErrorMetadata::from_response(
            400,
            &headers(&[("X-Amzn-Errortype", "Other"), ("x-amzn-RequestId", "r-1")]),
            body,
        );
        assert_eq!(meta.code(), Some("RepoMissing"));
        assert_eq!(meta.message(), Some("no such repo"));
        assert_eq!(meta.request_id(), Some("r-1"));
        assert_eq!(meta.status(), Some(400));
        assert_eq!(meta.to_string(), "RepoMissing: no such repo (status 400, request id r-1)");
    }

    #[test]
    fn header_code_is_used_when_the_body_has_none_or_is_not_json() {
        let meta = ErrorMetadata::from_response(500, &headers(&[("x-amzn-errortype", "Boom:http://x")]), b"<html>");
        assert_eq!(meta.code(), Some("Boom"));
        assert_eq!(meta.message(), None);
        let meta = ErrorMetadata::from_response(400, &headers(&[]), br#"{"code":"Lower"}"#);
        assert_eq!(meta.code(), Some("Lower"));
        let meta = ErrorMetadata::from_response(503, &headers(&[]), b"");
        assert_eq!(meta.code(), None);
        assert_eq!(meta.to_string(), "unknown error (status 503)");
    }

    #[test]
    fn an_xml_error_document_gives_code_and_message() {
        let body = br#"<?xml version="1.0" encoding="utf-8"?>
<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>Check your key &amp; signing method.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>"#;
        let meta = ErrorMetadata::from_response(403, &headers(&[("x-amzn-RequestId", "r-2")]), body);
        assert_eq!(meta.code(), Some("SignatureDoesNotMatch"));
        assert_eq!(meta.message(), Some("Check your key & signing method."));
        assert_eq!(
            meta.to_string(),
            "SignatureDoesNotMatch: Check your key & signing method. (status 403, request id r-2)"
        );
        // A JSON body never falls back to XML, even when it mentions tags.
        let meta = ErrorMetadata::from_response(400, &headers(&[]), br#"{"message":"<Code>X</Code>"}"#);
        assert_eq!(meta.code(), None);
        assert_eq!(meta.message(), Some("<Code>X</Code>"));
        // An HTML page has no such elements.
        let meta = ErrorMetadata::from_response(500, &headers(&[]), b"<html><title>500</title></html>");
        assert_eq!(meta.to_string(), "unknown error (status 500)");
    }
}
