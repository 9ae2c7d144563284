//! The error code of a restJson1 error response, and the awsQuery code an
//! `@awsQueryCompatible` awsJson service adds in a header.

/// The error code of a restJson1 error: the `X-Amzn-Errortype` header first,
/// else the body's `code`, else its `__type`, sanitized by
/// [`sanitize_error_code`](crate::sanitize_error_code) (`ns#Name:http://…` gives
/// `Name`). `None` when none of them is there (or the body is not a JSON object).
pub fn error_code(header: Option<&str>, body: &[u8]) -> Option<String> {
    let from_body = || {
        let json: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
        ["code", "__type"].iter().find_map(|name| json.get(*name)?.as_str().map(str::to_owned))
    };
    let raw = header.map(str::to_owned).or_else(from_body)?;
    Some(crate::sanitize_error_code(&raw).to_owned()).filter(|code| !code.is_empty())
}

/// Whose fault an `@awsQueryCompatible` error is, from `x-amzn-query-error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `Sender`: the request was wrong.
    Sender,
    /// `Receiver`: the service failed.
    Receiver,
}

/// The awsQuery error code and fault of an `@awsQueryCompatible` service's
/// error, from its `x-amzn-query-error` header (`Code;Sender`). The code
/// replaces the awsJson one, so that errors carry the codes the service's
/// awsQuery clients have always seen. `None` when the header is absent or not
/// of that form (the awsJson code stands then).
///
/// ```
/// use aws_client_runtime::protocol::rest::errors::{query_compatible_code, Fault};
/// assert_eq!(query_compatible_code(Some("AWS.SimpleQueueService.NonExistentQueue;Sender")),
///            Some(("AWS.SimpleQueueService.NonExistentQueue".to_owned(), Fault::Sender)));
/// assert_eq!(query_compatible_code(Some("NoFault")), None);
/// ```
pub fn query_compatible_code(header: Option<&str>) -> Option<(String, Fault)> {
    let (code, fault) = header?.trim().split_once(';')?;
    let fault = match fault.trim() {
        "Sender" => Fault::Sender,
        "Receiver" => Fault::Receiver,
        _ => return None,
    };
    let code = code.trim();
    (!code.is_empty()).then(|| (code.to_owned(), fault))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_header_then_body() {
        let body = br#"{"code": "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "__type": "Other"}"#;
        assert_eq!(error_code(Some("FooError:http://x"), b"{}").as_deref(), Some("FooError"));
        assert_eq!(error_code(None, body).as_deref(), Some("FooError"));
        assert_eq!(error_code(None, br#"{"__type": "ns#Bar"}"#).as_deref(), Some("Bar"));
        assert_eq!(error_code(None, b"not json"), None);
        assert_eq!(error_code(Some(""), b"{}"), None);
    }

    #[test]
    fn query_compatible_headers() {
        assert_eq!(query_compatible_code(Some("Code;Receiver")), Some(("Code".to_owned(), Fault::Receiver)));
        for bad in [None, Some(""), Some(";Sender"), Some("Code;Nobody"), Some("Code")] {
            assert_eq!(query_compatible_code(bad), None, "{bad:?}");
        }
    }
}
