//! `smithy.api#examples` and `smithy.test#smokeTests` of an operation, as written.
//!
//! The reader checks each case's form (its title or id, which keys hold objects, the
//! shape of `expect`); the values themselves stay JSON documents, which the resolver
//! types against the input, output and error shapes (a value that does not fit is a
//! warning there, and that case is not generated).

use serde_json::{Map, Value};

use crate::error::Diagnostic;

/// `smithy.api#examples`, on an operation.
pub const EXAMPLES: &str = "smithy.api#examples";
/// `smithy.test#smokeTests`, on an operation.
pub const SMOKE_TESTS: &str = "smithy.test#smokeTests";

/// A JSON object of member values by member name.
pub type Document = Map<String, Value>;

/// One `@examples` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleDefinition {
    /// `title`.
    pub title: String,
    /// `documentation` (HTML), if any.
    pub documentation: Option<String>,
    /// `input`; empty when absent.
    pub input: Document,
    /// `output` or `error`, if the example says what the call returns.
    pub outcome: Option<ExampleOutcomeDefinition>,
}

/// What an example's call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleOutcomeDefinition {
    /// `output`.
    Output(Document),
    /// `error`: a modeled error by shape id, with its members.
    Error {
        /// `shapeId` of the error.
        shape_id: String,
        /// `content`; empty when absent.
        content: Document,
    },
}

/// One `smithy.test#smokeTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct SmokeTestDefinition {
    /// `id`.
    pub id: String,
    /// `params`: the input; empty when absent.
    pub params: Document,
    /// `vendorParams.region`, if set.
    pub region: Option<String>,
    /// Every other vendor parameter that asks for something (not `null` or `false`),
    /// by name, in the model's order.
    pub other_vendor_params: Vec<String>,
    /// `expect`.
    pub expect: SmokeExpectationDefinition,
}

/// A smoke test's `expect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmokeExpectationDefinition {
    /// `success`.
    Success,
    /// `failure`, naming the expected error's shape id when it says.
    Failure {
        /// `errorId`.
        error_id: Option<String>,
    },
}

/// Decodes `@examples` of the operation `owner`.
pub fn examples(owner: &str, value: &Value) -> Result<Vec<ExampleDefinition>, Diagnostic> {
    cases(owner, EXAMPLES, value)?
        .enumerate()
        .map(|(position, entry)| {
            let title = entry.get("title").and_then(Value::as_str).map(str::to_owned);
            let label = title.clone().unwrap_or_else(|| format!("#{position}"));
            example(entry, title).map_err(|message| Diagnostic::new(owner, format!("{EXAMPLES} `{label}`: {message}")))
        })
        .collect()
}

/// Decodes `smithy.test#smokeTests` of the operation `owner`.
pub fn smoke_tests(owner: &str, value: &Value) -> Result<Vec<SmokeTestDefinition>, Diagnostic> {
    cases(owner, SMOKE_TESTS, value)?
        .enumerate()
        .map(|(position, entry)| {
            let id = entry.get("id").and_then(Value::as_str).map(str::to_owned);
            let label = id.clone().unwrap_or_else(|| format!("#{position}"));
            smoke_test(entry, id)
                .map_err(|message| Diagnostic::new(owner, format!("{SMOKE_TESTS} `{label}`: {message}")))
        })
        .collect()
}

/// The entries of a list-of-objects trait.
fn cases<'v>(owner: &str, id: &str, value: &'v Value) -> Result<impl Iterator<Item = &'v Document>, Diagnostic> {
    let not_a_list = || Diagnostic::new(owner, format!("trait `{id}` must be a list of objects"));
    let Value::Array(entries) = value else { return Err(not_a_list()) };
    entries.iter().map(Value::as_object).collect::<Option<Vec<_>>>().map(Vec::into_iter).ok_or_else(not_a_list)
}

fn example(entry: &Document, title: Option<String>) -> Result<ExampleDefinition, String> {
    let title = title.ok_or("has no `title` string")?;
    let documentation = optional_string(entry, "documentation")?;
    let input = object(entry, "input")?;
    let outcome = match (entry.get("output"), entry.get("error")) {
        (Some(_), Some(_)) => return Err("has both `output` and `error`".to_owned()),
        (Some(_), None) => Some(ExampleOutcomeDefinition::Output(object(entry, "output")?)),
        (None, Some(Value::Object(error))) => {
            let shape_id = error.get("shapeId").and_then(Value::as_str).ok_or("`error` has no `shapeId` string")?;
            let content = object(error, "content").map_err(|m| format!("`error`: {m}"))?;
            Some(ExampleOutcomeDefinition::Error { shape_id: shape_id.to_owned(), content })
        }
        (None, Some(_)) => return Err("`error` is not an object".to_owned()),
        (None, None) => None,
    };
    Ok(ExampleDefinition { title, documentation, input, outcome })
}

fn smoke_test(entry: &Document, id: Option<String>) -> Result<SmokeTestDefinition, String> {
    let id = id.ok_or("has no `id` string")?;
    let params = object(entry, "params")?;
    let vendor_params = object(entry, "vendorParams")?;
    let region = optional_string(&vendor_params, "region").map_err(|m| format!("`vendorParams`: {m}"))?;
    let other_vendor_params = vendor_params
        .iter()
        .filter(|(key, value)| key.as_str() != "region" && !matches!(value, Value::Null | Value::Bool(false)))
        .map(|(key, _)| key.clone())
        .collect();
    let Some(Value::Object(expect)) = entry.get("expect") else { return Err("has no `expect` object".to_owned()) };
    let expect = match (expect.get("success"), expect.get("failure")) {
        (Some(_), None) => SmokeExpectationDefinition::Success,
        (None, Some(Value::Object(failure))) => SmokeExpectationDefinition::Failure {
            error_id: optional_string(failure, "errorId").map_err(|m| format!("`expect.failure`: {m}"))?,
        },
        (None, Some(_)) => return Err("`expect.failure` is not an object".to_owned()),
        _ => return Err("`expect` must hold exactly one of `success` and `failure`".to_owned()),
    };
    Ok(SmokeTestDefinition { id, params, region, other_vendor_params, expect })
}

/// An object-valued key; empty when absent.
fn object(entry: &Document, key: &str) -> Result<Document, String> {
    match entry.get(key) {
        None => Ok(Document::new()),
        Some(Value::Object(object)) => Ok(object.clone()),
        Some(_) => Err(format!("`{key}` is not an object")),
    }
}

fn optional_string(entry: &Document, key: &str) -> Result<Option<String>, String> {
    match entry.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn examples_decode_with_their_outcome() {
        let decoded = examples(
            "t#Op",
            &json!([
                {"title": "Works", "input": {"a": 1}, "output": {"b": "x"}},
                {"title": "Fails", "documentation": "<p>No.</p>", "error": {"shapeId": "t#Oops"}}
            ]),
        )
        .unwrap();
        assert_eq!(decoded[0].input["a"], json!(1));
        assert_eq!(
            decoded[0].outcome,
            Some(ExampleOutcomeDefinition::Output(json!({"b": "x"}).as_object().unwrap().clone()))
        );
        assert_eq!(decoded[1].documentation.as_deref(), Some("<p>No.</p>"));
        assert_eq!(
            decoded[1].outcome,
            Some(ExampleOutcomeDefinition::Error { shape_id: "t#Oops".to_owned(), content: Document::new() })
        );
    }

    #[test]
    fn smoke_tests_decode_region_and_other_vendor_params() {
        let decoded = smoke_tests(
            "t#Op",
            &json!([{"id": "Works", "vendorParams": {"region": "eu-west-1", "useFips": true, "useDualstack": false},
                     "expect": {"failure": {"errorId": "t#Oops"}}}]),
        )
        .unwrap();
        assert_eq!(decoded[0].region.as_deref(), Some("eu-west-1"));
        assert_eq!(decoded[0].other_vendor_params, ["useFips"]);
        assert_eq!(decoded[0].expect, SmokeExpectationDefinition::Failure { error_id: Some("t#Oops".to_owned()) });
    }

    #[test]
    fn bad_forms_name_the_trait_and_the_case() {
        let cases = [
            (examples("t#Op", &json!({})), "must be a list of objects"),
            (examples("t#Op", &json!([{"input": {}}])), "`#0`: has no `title` string"),
            (examples("t#Op", &json!([{"title": "T", "input": []}])), "`T`: `input` is not an object"),
            (examples("t#Op", &json!([{"title": "T", "output": {}, "error": {}}])), "both `output` and `error`"),
            (examples("t#Op", &json!([{"title": "T", "error": {}}])), "`error` has no `shapeId` string"),
        ];
        for (result, phrase) in cases {
            let error = result.unwrap_err();
            assert_eq!(error.location, "t#Op");
            assert!(error.message.contains(phrase), "{}", error.message);
        }
        let cases = [
            (smoke_tests("t#Op", &json!([{"id": "S"}])), "`S`: has no `expect` object"),
            (smoke_tests("t#Op", &json!([{"id": "S", "expect": {}}])), "exactly one of"),
            (
                smoke_tests("t#Op", &json!([{"id": "S", "vendorParams": {"region": 1}, "expect": {"success": {}}}])),
                "`vendorParams`: `region` is not a string",
            ),
            (
                smoke_tests("t#Op", &json!([{"id": "S", "expect": {"failure": {"errorId": 1}}}])),
                "`errorId` is not a string",
            ),
        ];
        for (result, phrase) in cases {
            let error = result.unwrap_err();
            assert!(error.message.contains(SMOKE_TESTS) && error.message.contains(phrase), "{}", error.message);
        }
    }
}
