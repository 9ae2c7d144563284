//! Header values of the HTTP bindings.
//!
//! A list is one header whose items are joined by `, `; an item containing a
//! comma or a double quote is sent as a quoted string (`"a,b"`, with `\"` and
//! `\\` escapes inside), and [`split_list`] undoes both. Timestamps default to
//! HTTP dates ([`DEFAULT_TIMESTAMP_FORMAT`]), whose own comma
//! ([`split_http_dates`] knows it) is why lists of them are not quoted. A string
//! with a `@mediaType` travels in base64 ([`media_type_value`],
//! [`read_media_type`]).

use std::fmt;

use crate::{DateTime, DateTimeError, Format};

/// The format of a timestamp in a header unless `@timestampFormat` says otherwise.
pub const DEFAULT_TIMESTAMP_FORMAT: Format = Format::HttpDate;

/// A header value that does not read as what the model says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    message: String,
}

impl HeaderError {
    fn new(message: impl Into<String>) -> Self {
        HeaderError { message: message.into() }
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HeaderError {}

/// One header value for a list: items joined by `, `, each quoted when it holds
/// a comma or a double quote (or has surrounding whitespace, which a reader
/// would otherwise trim).
///
/// ```
/// use aws_client_runtime::protocol::rest::headers::join_list;
/// assert_eq!(join_list(["a", "b,c", "say \"hi\""]), r#"a, "b,c", "say \"hi\"""#);
/// ```
pub fn join_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let item = item.as_ref();
        if item.contains([',', '"']) || item.trim() != item {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// The items of a list header: split at commas outside quoted strings, each
/// trimmed, quoted items unquoted. An empty value is an empty list.
///
/// ```
/// use aws_client_runtime::protocol::rest::headers::split_list;
/// assert_eq!(split_list(r#"a, "b,c" ,"\"d\"""#).unwrap(), ["a", "b,c", "\"d\""]);
/// ```
pub fn split_list(value: &str) -> Result<Vec<String>, HeaderError> {
    let mut items = Vec::new();
    if value.trim().is_empty() {
        return Ok(items);
    }
    let mut chars = value.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(c) => item.push(c),
                        None => return Err(HeaderError::new(format!("unfinished escape in the list `{value}`"))),
                    },
                    Some(c) => item.push(c),
                    None => return Err(HeaderError::new(format!("unclosed quote in the list `{value}`"))),
                }
            }
            while chars.next_if(|c| c.is_ascii_whitespace()).is_some() {}
            if chars.peek().is_some_and(|c| *c != ',') {
                return Err(HeaderError::new(format!("text after a quoted item in the list `{value}`")));
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                item.push(c);
            }
            item.truncate(item.trim_end().len());
        }
        items.push(item);
        if chars.next().is_none() {
            return Ok(items);
        }
    }
}

/// One header value for a list of timestamps: each written in `format` (HTTP
/// dates unless `@timestampFormat` says otherwise) and joined by `, `, unquoted.
pub fn join_timestamps(values: &[DateTime], format: Format) -> Result<String, DateTimeError> {
    let texts = values.iter().map(|value| value.fmt(format)).collect::<Result<Vec<_>, _>>()?;
    Ok(texts.join(", "))
}

/// The timestamps of a list header in HTTP-date form, where every date has a
/// comma of its own (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec …`).
pub fn split_http_dates(value: &str) -> Result<Vec<DateTime>, HeaderError> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    if value.trim().is_empty() {
        return Ok(Vec::new());
    }
    if !parts.len().is_multiple_of(2) {
        return Err(HeaderError::new(format!("`{value}` is not a list of HTTP dates")));
    }
    parts
        .chunks(2)
        .map(|pair| {
            let date = format!("{}, {}", pair[0], pair[1]);
            DateTime::parse(&date, Format::HttpDate)
                .map_err(|error| HeaderError::new(format!("`{date}` is not an HTTP date: {}", error.message())))
        })
        .collect()
}

/// The header value of a `@mediaType` string: its base64.
pub fn media_type_value(value: &str) -> String {
    crate::base64::encode(value)
}

/// A `@mediaType` string read back from its base64 header value.
pub fn read_media_type(value: &str) -> Result<String, HeaderError> {
    let bytes = crate::base64::decode(value.trim())
        .map_err(|error| HeaderError::new(format!("a media-type header is not base64: {error}")))?;
    String::from_utf8(bytes).map_err(|_| HeaderError::new("a media-type header is not UTF-8 once decoded"))
}

/// The `@httpPrefixHeaders` entries of a response: each header whose name starts
/// with `prefix` (compared case-insensitively, as header names are), keyed by
/// the rest of its name as received. An empty prefix takes every header.
pub fn prefix_headers<'h>(
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
    prefix: &str,
) -> Vec<(String, String)> {
    headers
        .into_iter()
        .filter(|(name, _)| name.len() >= prefix.len() && name.is_char_boundary(prefix.len()))
        .filter(|(name, _)| name[..prefix.len()].eq_ignore_ascii_case(prefix))
        .map(|(name, value)| (name[prefix.len()..].to_owned(), value.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip() {
        let items = ["plain", "with,comma", "with \"quote\"", " padded ", "back\\slash", ""];
        assert_eq!(split_list(&join_list(items)).unwrap(), items);
        assert_eq!(split_list("").unwrap(), Vec::<String>::new());
        assert_eq!(split_list("a,,b").unwrap(), ["a", "", "b"]);
        for bad in ["\"open", "\"a\"b", "\"esc\\"] {
            assert!(split_list(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn http_dates_media_types_and_prefixes() {
        let dates = split_http_dates("Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT").unwrap();
        assert_eq!(dates, [DateTime::from_secs(1_576_540_098); 2]);
        assert!(split_http_dates("Mon, 16 Dec 2019 23:48:18 GMT, Mon").is_err());
        assert!(split_http_dates("a, b").is_err());
        let joined = join_timestamps(&dates, DEFAULT_TIMESTAMP_FORMAT).unwrap();
        assert_eq!(split_http_dates(&joined).unwrap(), dates);
        assert_eq!(media_type_value("true"), "dHJ1ZQ==");
        assert_eq!(read_media_type("dHJ1ZQ==").unwrap(), "true");
        assert!(read_media_type("%%").is_err());
        let headers = [("X-Foo-a", "1"), ("x-foo-B", "2"), ("X-Bar", "3"), ("é", "4")];
        assert_eq!(prefix_headers(headers, "x-foo-"), [("a".into(), "1".into()), ("B".into(), "2".into())]);
        assert_eq!(prefix_headers(headers, "").len(), 4);
    }
}
