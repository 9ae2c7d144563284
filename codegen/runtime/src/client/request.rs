//! A request as a protocol writes it, and the response the dispatch hands back.
//!
//! Generated code (through a protocol's writer) decides the method, the path and query
//! below the endpoint, the protocol's headers and the body; the dispatch adds what
//! every call has (host, length, user agent, the endpoint's headers, the signature)
//! and retries. A `@streaming` payload is described by [`StreamedPayload`]: its bytes in
//! the body or a file read at each attempt, and how it is signed. The response keeps its status and headers, since REST protocols bind
//! output members to them.

use std::path::PathBuf;

use crate::ByteStream;
use crate::byte_stream::PayloadSource;

/// One request, without what the dispatch adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// Path and query below the endpoint's path, already percent-encoded, starting
    /// with `/` (`/` alone for the RPC protocols).
    pub path_and_query: String,
    /// Protocol headers (content type, target, bound members), names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body (empty for none, and for a payload streamed from a file).
    pub body: Vec<u8>,
    /// `Some` when the payload is a `@streaming` blob.
    pub streamed: Option<StreamedPayload>,
    /// Whether the request is signed.
    pub signing: Signing,
}

/// A `@streaming` blob payload: where its bytes come from and how it is signed. Its
/// hash (or `UNSIGNED-PAYLOAD`) is sent in `x-amz-content-sha256` as well as signed,
/// which is what services storing blobs check the payload against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamedPayload {
    /// The file whose content is the body, read when the request is sent and again for
    /// each retry; `None` when the body is in [`HttpRequest::body`].
    pub file: Option<PathBuf>,
    /// `@unsignedPayload`: the signature covers `UNSIGNED-PAYLOAD` instead of the
    /// payload's SHA-256, so the payload is not read before it is sent.
    pub unsigned: bool,
}

impl StreamedPayload {
    /// The body and the payload description of a request sending `stream` as the
    /// payload member `member`. A stream that can be read only once (built from
    /// another stream) is refused: the payload is read to be signed, then again to be
    /// sent and on each retry.
    pub fn from_stream(
        member: &str,
        stream: &ByteStream,
        unsigned: bool,
    ) -> Result<(Vec<u8>, StreamedPayload), String> {
        match stream.payload_source() {
            PayloadSource::Memory(chunks) => {
                let body = chunks.iter().flat_map(|chunk| chunk.iter().copied()).collect();
                Ok((body, StreamedPayload { file: None, unsigned }))
            }
            PayloadSource::File(path) => Ok((Vec::new(), StreamedPayload { file: Some(path.to_owned()), unsigned })),
            PayloadSource::OneShot => Err(format!(
                "the payload `{member}` is a stream that can be read only once (ByteStream::from_stream), \
                 which cannot be signed nor resent on a retry; build it from bytes or with ByteStream::from_path"
            )),
        }
    }
}

/// Whether a request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// Signed with SigV4 when the service has a signing name; the call fails without
    /// credentials.
    Required,
    /// Signed when credentials can be loaded, sent unsigned otherwise.
    Optional,
    /// Never signed; credentials are not loaded.
    Never,
}

/// A successful response (2xx): status, headers and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers in the order received, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The path to send: the endpoint's own path with the request's path and query below
/// it (`/base` and `/v1/x?a=b` give `/base/v1/x?a=b`; `/base/` and `/` give `/base/`).
pub(super) fn join_path(endpoint_path: &str, path_and_query: &str) -> String {
    let base = endpoint_path.trim_end_matches('/');
    let below = if path_and_query.starts_with('/') { path_and_query.to_owned() } else { format!("/{path_and_query}") };
    format!("{base}{below}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_go_below_the_endpoint_path() {
        assert_eq!(join_path("", "/"), "/");
        assert_eq!(join_path("/", "/"), "/");
        assert_eq!(join_path("/base", "/"), "/base/");
        assert_eq!(join_path("/base/", "/"), "/base/");
        assert_eq!(join_path("/base", "/v1/x?a=b"), "/base/v1/x?a=b");
        assert_eq!(join_path("", "v1"), "/v1");
    }

    #[test]
    fn headers_are_found_whatever_their_case() {
        let response = HttpResponse {
            status: 200,
            headers: vec![("x-amzn-requestid".into(), "r1".into()), ("X-Two".into(), "2".into())],
            body: Vec::new(),
        };
        assert_eq!(response.header("X-Amzn-RequestId"), Some("r1"));
        assert_eq!(response.header("x-two"), Some("2"));
        assert_eq!(response.header("missing"), None);
    }
}
