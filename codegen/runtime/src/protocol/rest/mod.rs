//! restJson1 (and, later, restXml): where the HTTP bindings put members.
//!
//! * URI: [`label`] and [`greedy_label`] encode `{label}` / `{label+}` values;
//!   [`QueryString`] starts from the template's literal query part and adds
//!   `@httpQuery` / `@httpQueryParams` parameters.
//! * Headers ([`headers`]): list values joined and split, timestamps as HTTP
//!   dates, `@mediaType` strings in base64, `@httpPrefixHeaders` collected.
//! * Errors ([`errors`]): the error code from `X-Amzn-Errortype` or the body,
//!   and the `@awsQueryCompatible` code from `x-amzn-query-error`.

pub mod errors;
pub mod headers;
pub mod text;

use std::fmt;

use crate::protocol::percent;

/// A label value the URI cannot take: Smithy requires every label to be present
/// and non-empty, since an empty segment would change which resource is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelError {
    label: String,
}

impl fmt::Display for LabelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the URI label `{}` is empty", self.label)
    }
}

impl std::error::Error for LabelError {}

/// A `{label}` value percent-encoded as one path segment (`/` becomes `%2F`).
/// `name` is the label's name, for the error.
///
/// ```
/// use aws_client_runtime::protocol::rest::label;
/// assert_eq!(label("id", "a/b c").unwrap(), "a%2Fb%20c");
/// assert!(label("id", "").is_err());
/// ```
pub fn label(name: &str, value: &str) -> Result<String, LabelError> {
    if value.is_empty() {
        return Err(LabelError { label: name.to_owned() });
    }
    Ok(percent::encode(value))
}

/// A greedy `{label+}` value: each segment percent-encoded, the `/` between
/// them kept.
///
/// ```
/// use aws_client_runtime::protocol::rest::greedy_label;
/// assert_eq!(greedy_label("key", "a/b c/d").unwrap(), "a/b%20c/d");
/// ```
pub fn greedy_label(name: &str, value: &str) -> Result<String, LabelError> {
    if value.is_empty() {
        return Err(LabelError { label: name.to_owned() });
    }
    Ok(percent::encode_keeping(value, b"/"))
}

/// The query string of a request: the URI template's literal part first
/// (`/path?literal=1&flag` gives `literal=1&flag`, written as is), then each
/// parameter with key and value percent-encoded. A list repeats its key; an
/// `@httpQueryParams` map adds each entry whose key is not already a
/// parameter, since an `@httpQuery` member takes precedence.
///
/// ```
/// use aws_client_runtime::protocol::rest::QueryString;
/// let mut query = QueryString::new("list-type=2");
/// query.push("k", "a b");
/// query.push_list("v", ["1", "2"]);
/// assert_eq!(query.finish(), "?list-type=2&k=a%20b&v=1&v=2");
/// assert_eq!(QueryString::new("").finish(), "");
/// ```
#[derive(Debug, Clone, Default)]
pub struct QueryString {
    query: String,
    keys: Vec<String>,
}

impl QueryString {
    /// A query string starting with the template's literal part (without `?`).
    pub fn new(literal: &str) -> Self {
        let keys = literal
            .split('&')
            .filter(|part| !part.is_empty())
            .map(|part| part.split('=').next().unwrap_or(part).to_owned())
            .collect();
        QueryString { query: literal.to_owned(), keys }
    }

    /// One `@httpQuery` parameter.
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        let key = percent::encode(key);
        self.query.push_str(&key);
        self.query.push('=');
        self.query.push_str(&percent::encode(value));
        self.keys.push(key);
    }

    /// An `@httpQuery` list: the key once per item (nothing for an empty list).
    pub fn push_list<S: AsRef<str>>(&mut self, key: &str, values: impl IntoIterator<Item = S>) {
        for value in values {
            self.push(key, value.as_ref());
        }
    }

    /// One entry of an `@httpQueryParams` map (its value a string, or a list
    /// of strings given item by item), unless an `@httpQuery` member or the
    /// template already set this key. Call after the `@httpQuery` members.
    pub fn push_param<S: AsRef<str>>(&mut self, key: &str, values: impl IntoIterator<Item = S>) {
        if self.keys.contains(&percent::encode(key)) {
            return;
        }
        let mut values = values.into_iter().peekable();
        if values.peek().is_none() {
            return;
        }
        for value in values {
            self.push(key, value.as_ref());
        }
    }

    /// `?` and the parameters, or nothing when there are none.
    pub fn finish(self) -> String {
        if self.query.is_empty() { String::new() } else { format!("?{}", self.query) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_query_strings() {
        assert_eq!(
            label("l", "%:/?#[]@!$&'()*+,;=😹").unwrap(),
            "%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
        );
        assert_eq!(greedy_label("g", "there/guy").unwrap(), "there/guy");
        assert_eq!(label("x", "").unwrap_err().to_string(), "the URI label `x` is empty");
        let mut query = QueryString::new("Hi=Query&flag");
        query.push("Hi", "member");
        query.push_param("Hi", ["from map"]);
        query.push_param("flag", ["x"]);
        query.push_param("other", ["1", "2"]);
        query.push_param("none", Vec::<String>::new());
        assert_eq!(query.finish(), "?Hi=Query&flag&Hi=member&other=1&other=2");
    }
}
