//! `smithy.waiters#waitable` as written: each waiter's delays, documentation and
//! acceptors, with acceptor paths parsed into JMESPath syntax trees. Typing the paths
//! against the operation's input and output happens in the resolver.
//!
//! A definition of the wrong form (a delay that is not a positive integer, no
//! acceptors, an unknown state, matcher or comparator, a path that does not parse)
//! is a diagnostic at `<operation> waiter <Name>`.

use serde_json::{Map, Value};

use super::jmespath::{self, Expr};
use crate::error::Diagnostic;

/// The trait id.
pub const WAITABLE: &str = "smithy.waiters#waitable";

/// Smithy's default `minDelay`, in seconds.
const DEFAULT_MIN_DELAY: u64 = 2;
/// Smithy's default `maxDelay`, in seconds.
const DEFAULT_MAX_DELAY: u64 = 120;

/// One waiter of an operation, as the model defines it.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterDefinition {
    /// Its name (`ImageScanComplete`).
    pub name: String,
    /// `documentation` (HTML), if any.
    pub documentation: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `minDelay` in seconds, defaulted.
    pub min_delay: u64,
    /// `maxDelay` in seconds, defaulted; never below `min_delay`.
    pub max_delay: u64,
    /// The acceptors, in order; never empty.
    pub acceptors: Vec<AcceptorDefinition>,
    /// The definition as pretty-printed JSON, shown in the generated documentation.
    pub source: String,
}

/// One acceptor as written.
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptorDefinition {
    /// The state it moves the waiter to.
    pub state: WaiterState,
    /// What it matches.
    pub matcher: MatcherDefinition,
}

/// `success`, `failure` or `retry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiterState {
    /// The waiter succeeded.
    Success,
    /// The waiter failed.
    Failure,
    /// Poll again.
    Retry,
}

/// The one member of an acceptor's `matcher`.
#[derive(Debug, Clone, PartialEq)]
pub enum MatcherDefinition {
    /// `output`: a path into the operation's output.
    Output(PathMatcher),
    /// `inputOutput`: a path into `{input, output}`.
    InputOutput(PathMatcher),
    /// `success`: whether the call succeeded.
    Success(bool),
    /// `errorType`: the error code (or shape id) the call failed with, as written.
    ErrorType(String),
}

/// A path matcher.
#[derive(Debug, Clone, PartialEq)]
pub struct PathMatcher {
    /// The path as written.
    pub text: String,
    /// The path parsed.
    pub path: Expr,
    /// How the value at the path is compared.
    pub comparator: PathComparator,
    /// The expected value, as written.
    pub expected: String,
}

/// `comparator` of a path matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathComparator {
    /// `stringEquals`.
    StringEquals,
    /// `booleanEquals`.
    BooleanEquals,
    /// `allStringEquals`.
    AllStringEquals,
    /// `anyStringEquals`.
    AnyStringEquals,
}

/// Decodes the value of `smithy.waiters#waitable` on the operation `owner`; waiters are
/// sorted by name.
pub fn decode(owner: &str, value: &Value) -> Result<Vec<WaiterDefinition>, Diagnostic> {
    let Value::Object(waiters) = value else {
        return Err(Diagnostic::new(owner, format!("trait `{WAITABLE}` must be an object of waiters by name")));
    };
    let mut decoded = waiters
        .iter()
        .map(|(name, definition)| {
            waiter(name, definition).map_err(|message| Diagnostic::new(format!("{owner} waiter {name}"), message))
        })
        .collect::<Result<Vec<_>, _>>()?;
    decoded.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(decoded)
}

fn waiter(name: &str, definition: &Value) -> Result<WaiterDefinition, String> {
    let Value::Object(fields) = definition else { return Err("the definition is not an object".to_owned()) };
    let delay = |key: &str, default: u64| match fields.get(key) {
        None => Ok(default),
        Some(value) => value.as_u64().filter(|d| *d >= 1).ok_or_else(|| format!("`{key}` is not a positive integer")),
    };
    let (min_delay, max_delay) = (delay("minDelay", DEFAULT_MIN_DELAY)?, delay("maxDelay", DEFAULT_MAX_DELAY)?);
    if min_delay > max_delay {
        return Err(format!("minDelay {min_delay} is greater than maxDelay {max_delay}"));
    }
    let documentation = match fields.get("documentation") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => return Err("`documentation` is not a string".to_owned()),
    };
    let deprecated = match fields.get("deprecated") {
        None => false,
        Some(Value::Bool(deprecated)) => *deprecated,
        Some(_) => return Err("`deprecated` is not a boolean".to_owned()),
    };
    let acceptors = match fields.get("acceptors") {
        Some(Value::Array(acceptors)) if !acceptors.is_empty() => acceptors,
        _ => return Err("has no acceptors".to_owned()),
    };
    let acceptors = acceptors
        .iter()
        .enumerate()
        .map(|(index, acceptor)| self::acceptor(acceptor).map_err(|message| format!("acceptor {index}: {message}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(WaiterDefinition {
        name: name.to_owned(),
        documentation,
        deprecated,
        min_delay,
        max_delay,
        acceptors,
        source: serde_json::to_string_pretty(definition).unwrap_or_default(),
    })
}

fn acceptor(acceptor: &Value) -> Result<AcceptorDefinition, String> {
    let state = match acceptor.get("state").and_then(Value::as_str) {
        Some("success") => WaiterState::Success,
        Some("failure") => WaiterState::Failure,
        Some("retry") => WaiterState::Retry,
        other => return Err(format!("unknown state {other:?}")),
    };
    let Some(Value::Object(matcher)) = acceptor.get("matcher") else { return Err("has no matcher".to_owned()) };
    let mut entries = matcher.iter();
    let (Some((kind, body)), None) = (entries.next(), entries.next()) else {
        return Err("the matcher must hold exactly one of `output`, `inputOutput`, `success`, `errorType`".to_owned());
    };
    let matcher = match kind.as_str() {
        "success" => MatcherDefinition::Success(body.as_bool().ok_or("`success` is not a boolean")?),
        "errorType" => MatcherDefinition::ErrorType(body.as_str().ok_or("`errorType` is not a string")?.to_owned()),
        "output" | "inputOutput" => {
            let Value::Object(body) = body else { return Err(format!("`{kind}` is not an object")) };
            let path = path_matcher(body)?;
            if kind == "output" { MatcherDefinition::Output(path) } else { MatcherDefinition::InputOutput(path) }
        }
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(AcceptorDefinition { state, matcher })
}

fn path_matcher(body: &Map<String, Value>) -> Result<PathMatcher, String> {
    let text = body.get("path").and_then(Value::as_str).ok_or("the matcher has no `path`")?;
    let expected = body.get("expected").and_then(Value::as_str).ok_or("the matcher has no `expected`")?;
    let comparator = match body.get("comparator").and_then(Value::as_str) {
        Some("stringEquals") => PathComparator::StringEquals,
        Some("booleanEquals") => PathComparator::BooleanEquals,
        Some("allStringEquals") => PathComparator::AllStringEquals,
        Some("anyStringEquals") => PathComparator::AnyStringEquals,
        other => return Err(format!("unknown comparator {other:?}")),
    };
    let path = jmespath::parse(text)?;
    Ok(PathMatcher { text: text.to_owned(), path, comparator, expected: expected.to_owned() })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn one(definition: Value) -> Result<WaiterDefinition, Diagnostic> {
        decode("t#Op", &json!({ "Done": definition })).map(|mut waiters| waiters.remove(0))
    }

    #[test]
    fn a_definition_decodes_with_defaults() {
        let waiter = one(json!({
            "documentation": "Waits.",
            "acceptors": [
                {"state": "success", "matcher": {"output": {"path": "a.b", "expected": "X", "comparator": "stringEquals"}}},
                {"state": "retry", "matcher": {"errorType": "NotFound"}},
                {"state": "failure", "matcher": {"success": false}}
            ]
        }))
        .unwrap();
        assert_eq!((waiter.min_delay, waiter.max_delay), (2, 120));
        assert_eq!(waiter.documentation.as_deref(), Some("Waits."));
        assert!(!waiter.deprecated);
        assert_eq!(waiter.acceptors.len(), 3);
        let MatcherDefinition::Output(path) = &waiter.acceptors[0].matcher else { panic!("{waiter:?}") };
        assert_eq!((path.text.as_str(), path.comparator), ("a.b", PathComparator::StringEquals));
        assert_eq!(waiter.acceptors[1].matcher, MatcherDefinition::ErrorType("NotFound".to_owned()));
        assert_eq!(waiter.acceptors[2].state, WaiterState::Failure);
    }

    #[test]
    fn bad_forms_name_the_waiter_and_what_is_wrong() {
        let success = json!([{"state": "success", "matcher": {"success": true}}]);
        let cases = [
            (json!({"acceptors": []}), "has no acceptors"),
            (json!({"minDelay": 0, "acceptors": success}), "`minDelay` is not a positive integer"),
            (json!({"minDelay": 30, "maxDelay": 5, "acceptors": success}), "minDelay 30 is greater than maxDelay 5"),
            (json!({"documentation": 1, "acceptors": success}), "`documentation` is not a string"),
            (json!({"acceptors": [{"state": "done", "matcher": {"success": true}}]}), "acceptor 0: unknown state"),
            (
                json!({"acceptors": [{"state": "retry", "matcher": {"success": true, "errorType": "E"}}]}),
                "exactly one of",
            ),
            (
                json!({"acceptors": [{"state": "retry", "matcher": {"output":
                    {"path": "a", "expected": "x", "comparator": "equals"}}}]}),
                "unknown comparator",
            ),
            (
                json!({"acceptors": [{"state": "retry", "matcher": {"output":
                    {"path": "a ==", "expected": "x", "comparator": "stringEquals"}}}]}),
                "ends too early",
            ),
        ];
        for (definition, phrase) in cases {
            let error = one(definition.clone()).unwrap_err();
            assert_eq!(error.location, "t#Op waiter Done", "{definition}");
            assert!(error.message.contains(phrase), "{definition}: {}", error.message);
        }
        let error = decode("t#Op", &json!(["Done"])).unwrap_err();
        assert!(error.message.contains(WAITABLE), "{}", error.message);
    }
}
