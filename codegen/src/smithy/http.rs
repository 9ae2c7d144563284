//! The HTTP-binding, XML-naming and auth traits, decoded into plain data.
//!
//! These are what the REST and query protocols need to place a member on the wire;
//! awsJson ignores them. Each decoder names the shape and trait when the value has the
//! wrong form, and URI templates are checked here so that the resolver only sees
//! well-formed ones.

use serde_json::Value;

use super::traits::Traits;
use crate::error::Diagnostic;

/// `@http`: an operation's method, URI template and success code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The parsed URI template.
    pub uri: UriTemplate,
    /// The status of a successful response.
    pub code: u16,
}

/// A URI template such as `/v1/lexicons/{Name}?list-type=2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    /// Path segments (between `/`), in order.
    pub segments: Vec<UriSegment>,
    /// Literal query parameters (`?key=value&flag`): key and value (empty for a bare key).
    pub query: Vec<(String, String)>,
    /// Whether the path ends with `/` (kept as written).
    pub trailing_slash: bool,
}

/// One segment of a URI template's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriSegment {
    /// Literal text.
    Literal(String),
    /// `{name}`: one input member, percent-encoded as one segment.
    Label(String),
    /// `{name+}`: one input member that may span segments (its `/` are kept).
    GreedyLabel(String),
}

/// How an operation or service is authenticated (`@auth`, `@optionalAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthTrait {
    /// `@auth([])`: sent without any signature.
    None,
    /// `@optionalAuth`: signed when credentials are at hand, sent unsigned otherwise.
    Optional,
}

/// `@awsQueryError`: the code and status an error has in the query protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The error code on the wire.
    pub code: String,
    /// The HTTP status it comes with.
    pub status: u16,
}

impl Traits {
    /// `@http` on an operation.
    pub fn http(&self, owner: &str) -> Result<Option<HttpTrait>, Diagnostic> {
        let id = "smithy.api#http";
        let Some(value) = self.get(id) else { return Ok(None) };
        let expected = "an object with `method` and `uri` strings and an optional `code`";
        let (Some(method), Some(uri)) =
            (value.get("method").and_then(Value::as_str), value.get("uri").and_then(Value::as_str))
        else {
            return Err(wrong_form(owner, id, expected, value));
        };
        let code = match value.get("code") {
            None => 200,
            Some(code) => code
                .as_u64()
                .and_then(|c| u16::try_from(c).ok())
                .filter(|c| (100..600).contains(c))
                .ok_or_else(|| wrong_form(owner, id, "a `code` that is an HTTP status", code))?,
        };
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Diagnostic::new(owner, format!("trait `{id}` has method `{method}`, not an HTTP method")));
        }
        let uri =
            UriTemplate::parse(uri).map_err(|why| Diagnostic::new(owner, format!("`{id}` uri `{uri}`: {why}")))?;
        Ok(Some(HttpTrait { method: method.to_owned(), uri, code }))
    }

    /// `@httpHeader("name")`.
    pub fn http_header(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.non_empty_string(owner, "smithy.api#httpHeader")
    }

    /// `@httpPrefixHeaders("prefix")` (the prefix may be empty: every header).
    pub fn http_prefix_headers(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.string(owner, "smithy.api#httpPrefixHeaders")
    }

    /// `@httpQuery("name")`.
    pub fn http_query(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.non_empty_string(owner, "smithy.api#httpQuery")
    }

    /// `@httpLabel`.
    pub fn http_label(&self) -> bool {
        self.has("smithy.api#httpLabel")
    }

    /// `@httpQueryParams`.
    pub fn http_query_params(&self) -> bool {
        self.has("smithy.api#httpQueryParams")
    }

    /// `@httpPayload`.
    pub fn http_payload(&self) -> bool {
        self.has("smithy.api#httpPayload")
    }

    /// `@httpResponseCode`.
    pub fn http_response_code(&self) -> bool {
        self.has("smithy.api#httpResponseCode")
    }

    /// `@xmlName("name")`.
    pub fn xml_name(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.non_empty_string(owner, "smithy.api#xmlName")
    }

    /// `@xmlFlattened`.
    pub fn xml_flattened(&self) -> bool {
        self.has("smithy.api#xmlFlattened")
    }

    /// `@auth([...])` and `@optionalAuth`: `Some` when the shape relaxes signing. An
    /// `@auth` list that names schemes keeps signing (the service's SigV4).
    pub fn auth(&self, owner: &str) -> Result<Option<AuthTrait>, Diagnostic> {
        if let Some(value) = self.get("smithy.api#auth") {
            let Some(schemes) = value.as_array() else {
                return Err(wrong_form(owner, "smithy.api#auth", "a list of auth scheme ids", value));
            };
            if schemes.is_empty() {
                return Ok(Some(AuthTrait::None));
            }
        }
        Ok(self.has("smithy.api#optionalAuth").then_some(AuthTrait::Optional))
    }

    /// `@awsQueryError(code, httpResponseCode)`.
    pub fn aws_query_error(&self, owner: &str) -> Result<Option<QueryError>, Diagnostic> {
        let id = "aws.protocols#awsQueryError";
        let Some(value) = self.get(id) else { return Ok(None) };
        let code = value.get("code").and_then(Value::as_str).filter(|c| !c.is_empty());
        let status = value
            .get("httpResponseCode")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .filter(|c| (100..600).contains(c));
        match (code, status) {
            (Some(code), Some(status)) => Ok(Some(QueryError { code: code.to_owned(), status })),
            _ => Err(wrong_form(owner, id, "an object with a `code` string and an `httpResponseCode` status", value)),
        }
    }

    fn non_empty_string(&self, owner: &str, id: &str) -> Result<Option<&str>, Diagnostic> {
        match self.string(owner, id)? {
            Some("") => Err(Diagnostic::new(owner, format!("trait `{id}` must not be empty"))),
            other => Ok(other),
        }
    }
}

impl UriTemplate {
    /// Parses and checks a template: it starts with `/`, labels are `{name}` or `{name+}`
    /// and fill a whole segment, a greedy label comes last, and no label repeats.
    pub fn parse(text: &str) -> Result<UriTemplate, String> {
        let (path, query) = match text.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (text, None),
        };
        let Some(rest) = path.strip_prefix('/') else { return Err("does not start with `/`".to_owned()) };
        let trailing_slash = !rest.is_empty() && rest.ends_with('/');
        let mut segments = Vec::new();
        let parts: Vec<&str> =
            if rest.is_empty() { Vec::new() } else { rest.trim_end_matches('/').split('/').collect() };
        for (index, part) in parts.iter().enumerate() {
            let segment = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => match name.strip_suffix('+') {
                    Some(name) if index + 1 != parts.len() => {
                        return Err(format!("the greedy label `{{{name}+}}` is not the last segment"));
                    }
                    Some(name) => UriSegment::GreedyLabel(label_name(name)?),
                    None => UriSegment::Label(label_name(name)?),
                },
                None if part.contains(['{', '}']) => {
                    return Err(format!("segment `{part}` mixes a label with literal text"));
                }
                None if part.is_empty() => return Err("has an empty segment (`//`)".to_owned()),
                None => UriSegment::Literal((*part).to_owned()),
            };
            segments.push(segment);
        }
        let mut seen = std::collections::BTreeSet::new();
        for segment in &segments {
            if let UriSegment::Label(name) | UriSegment::GreedyLabel(name) = segment
                && !seen.insert(name.as_str())
            {
                return Err(format!("label `{name}` appears twice"));
            }
        }
        let mut literals = Vec::new();
        for pair in query.into_iter().flat_map(|q| q.split('&')).filter(|p| !p.is_empty()) {
            if pair.contains(['{', '}']) {
                return Err(format!("query `{pair}` holds a label; only literals may appear after `?`"));
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            literals.push((key.to_owned(), value.to_owned()));
        }
        Ok(UriTemplate { segments, query: literals, trailing_slash })
    }

    /// The labels, in path order, with whether each is greedy.
    pub fn labels(&self) -> impl Iterator<Item = (&str, bool)> {
        self.segments.iter().filter_map(|segment| match segment {
            UriSegment::Label(name) => Some((name.as_str(), false)),
            UriSegment::GreedyLabel(name) => Some((name.as_str(), true)),
            UriSegment::Literal(_) => None,
        })
    }
}

fn label_name(name: &str) -> Result<String, String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("label `{{{name}}}` is not a member name"));
    }
    Ok(name.to_owned())
}

fn wrong_form(owner: &str, trait_id: &str, expected: &str, found: &Value) -> Diagnostic {
    super::traits::wrong_form(owner, trait_id, expected, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_into_segments_and_literal_query() {
        let t = UriTemplate::parse("/v1/lexicons/{Name}?list-type=2&flag").unwrap();
        assert_eq!(
            t.segments,
            vec![
                UriSegment::Literal("v1".into()),
                UriSegment::Literal("lexicons".into()),
                UriSegment::Label("Name".into())
            ]
        );
        assert_eq!(t.query, vec![("list-type".into(), "2".into()), ("flag".into(), String::new())]);
        assert!(!t.trailing_slash);
        let root = UriTemplate::parse("/").unwrap();
        assert!(root.segments.is_empty() && !root.trailing_slash);
        let greedy = UriTemplate::parse("/{Bucket}/{Key+}").unwrap();
        assert_eq!(greedy.labels().collect::<Vec<_>>(), vec![("Bucket", false), ("Key", true)]);
        assert!(UriTemplate::parse("/a/").unwrap().trailing_slash);
    }

    #[test]
    fn malformed_templates_say_why() {
        for (text, why) in [
            ("v1/x", "does not start"),
            ("/{Key+}/more", "not the last segment"),
            ("/a{b}", "mixes a label"),
            ("/{a}/{a}", "appears twice"),
            ("/a?x={y}", "holds a label"),
            ("/a//b", "empty segment"),
            ("/{a-b}", "not a member name"),
        ] {
            let error = UriTemplate::parse(text).unwrap_err();
            assert!(error.contains(why), "{text}: {error}");
        }
    }

    #[test]
    fn auth_lists_relax_signing_only_when_empty() {
        let traits = |json: &str| Traits(serde_json::from_str(json).unwrap());
        assert_eq!(traits(r#"{"smithy.api#auth": []}"#).auth("op").unwrap(), Some(AuthTrait::None));
        assert_eq!(traits(r#"{"smithy.api#optionalAuth": {}}"#).auth("op").unwrap(), Some(AuthTrait::Optional));
        assert_eq!(traits(r#"{"smithy.api#auth": ["aws.auth#sigv4"]}"#).auth("op").unwrap(), None);
        assert!(traits(r#"{"smithy.api#auth": "x"}"#).auth("op").is_err());
    }
}
