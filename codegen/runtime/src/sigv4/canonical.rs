//! The canonical request: method, canonical URI, canonical query, canonical
//! headers, signed header list and payload hash, one per line.

use std::collections::BTreeMap;

use super::{AUTHORIZATION, SignableRequest, X_AMZ_CONTENT_SHA256, X_AMZ_DATE, X_AMZ_SECURITY_TOKEN, sha256_hex};

/// Headers never signed: the signature itself, and headers that proxies and
/// HTTP stacks add, rewrite or drop on the way.
const UNSIGNED_HEADERS: [&str; 5] = [AUTHORIZATION, "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding"];

/// A canonical request and its signed header list.
pub(super) struct Canonical {
    /// The canonical request text.
    pub(super) text: String,
    /// Lower-case header names joined with `;`.
    pub(super) signed_headers: String,
}

/// Builds the canonical request of `request`, signed at `amz_date` (which
/// replaces any `x-amz-date` of the request), with `session_token` (which,
/// when given, replaces any `x-amz-security-token` of the request).
pub(super) fn canonical_request(
    request: &SignableRequest<'_>,
    amz_date: &str,
    session_token: Option<&str>,
) -> Canonical {
    let (path, query) = split_uri(request.uri);
    let headers = canonical_headers(request.headers, amz_date, session_token);
    let signed_headers = headers.keys().map(String::as_str).collect::<Vec<_>>().join(";");

    let mut text = String::with_capacity(256 + request.uri.len() + request.headers.len() * 32);
    text.push_str(request.method);
    text.push('\n');
    text.push_str(&canonical_uri(path));
    text.push('\n');
    text.push_str(&canonical_query(query));
    text.push('\n');
    for (name, values) in &headers {
        text.push_str(name);
        text.push(':');
        text.push_str(&values.join(","));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&signed_headers);
    text.push('\n');
    let declared_hash = request
        .headers
        .iter()
        .find(|(name, _)| name.trim().eq_ignore_ascii_case(X_AMZ_CONTENT_SHA256))
        .map(|(_, value)| value.trim());
    match declared_hash {
        Some(hash) => text.push_str(hash),
        None => text.push_str(&sha256_hex(request.body)),
    }
    Canonical { text, signed_headers }
}

/// Splits a request target into path and query (without `?`), dropping a
/// fragment and, for an absolute URI, the scheme and authority.
fn split_uri(uri: &str) -> (&str, &str) {
    let uri = uri.split_once('#').map_or(uri, |(before, _)| before);
    let uri = match uri.find("://") {
        // Absolute form: a scheme is letters, digits, `+`, `-`, `.` before `://`.
        Some(at)
            if at > 0 && uri[..at].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) =>
        {
            let rest = &uri[at + 3..];
            rest.find(['/', '?']).map_or("", |start| &rest[start..])
        }
        _ => uri,
    };
    uri.split_once('?').unwrap_or((uri, ""))
}

/// The canonical URI: `path` normalized as RFC 3986 §5.2.4 (`.` and `..`
/// segments removed) with empty segments collapsed, then every byte outside
/// the unreserved set percent-encoded, `%` included (the path as sent is
/// already encoded once; SigV4 encodes it again).
pub(super) fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut trailing_slash = false;
    for segment in path.split('/') {
        // A path ending in `/`, `/.` or `/..` names a directory: keep the `/`.
        trailing_slash = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let mut out = String::with_capacity(path.len() + 8);
    for segment in &segments {
        out.push('/');
        encode_into(&mut out, segment.as_bytes());
    }
    if segments.is_empty() || trailing_slash {
        out.push('/');
    }
    out
}

/// The canonical query: parameters decoded, re-encoded, sorted by name then
/// value and joined as `name=value` with `&`.
pub(super) fn canonical_query(query: &str) -> String {
    let mut params: Vec<(String, String)> = query
        .split('&')
        .filter(|param| !param.is_empty())
        .map(|param| {
            let (name, value) = param.split_once('=').unwrap_or((param, ""));
            (encode(&decode(name)), encode(&decode(value)))
        })
        .collect();
    params.sort_unstable();
    let mut out = String::with_capacity(query.len() + 16);
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Canonical headers by lower-case name, each with its normalized values in
/// the order given, `x-amz-date` and the session token included.
fn canonical_headers(
    headers: &[(String, String)],
    amz_date: &str,
    session_token: Option<&str>,
) -> BTreeMap<String, Vec<String>> {
    let mut canonical: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in headers {
        let name = name.trim().to_ascii_lowercase();
        let replaced = name == X_AMZ_DATE || (session_token.is_some() && name == X_AMZ_SECURITY_TOKEN);
        if name.is_empty() || replaced || UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        canonical.entry(name).or_default().push(normalize_value(value));
    }
    canonical.insert(X_AMZ_DATE.to_owned(), vec![normalize_value(amz_date)]);
    if let Some(token) = session_token {
        canonical.insert(X_AMZ_SECURITY_TOKEN.to_owned(), vec![normalize_value(token)]);
    }
    canonical
}

/// A header value trimmed, with every run of whitespace (spaces, tabs and the
/// line breaks of folded values) replaced by one space.
pub(super) fn normalize_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split([' ', '\t', '\r', '\n']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Percent-decodes `text`; a `%` not followed by two hex digits is kept as is.
/// `+` is a literal plus, not a space.
pub(super) fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some(&[b'%', hi, lo]) => hex_value(hi).zip(hex_value(lo)).map(|(hi, lo)| hi << 4 | lo),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).and_then(|v| u8::try_from(v).ok())
}

/// Percent-encodes every byte outside the RFC 3986 unreserved set
/// (`A-Z a-z 0-9 - . _ ~`), with upper-case hex digits.
pub(super) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    encode_into(&mut out, bytes);
    out
}

fn encode_into(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
        }
    }
}
