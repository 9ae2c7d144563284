//! A request as a protocol writes it, and the response the dispatch hands back.
//!
//! Generated code (through a protocol's writer) decides the method, the path and query
//! below the endpoint, the protocol's headers and the body; the dispatch adds what
//! every call has (host, length, user agent, the endpoint's headers, the signature)
//! and retries. The response keeps its status and headers, since REST protocols bind
//! output members to them.

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
    /// The body (empty for none).
    pub body: Vec<u8>,
    /// Whether the request is signed.
    pub signing: Signing,
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
