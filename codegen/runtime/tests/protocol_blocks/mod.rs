//! Shared by the protocol building-block suites: loading botocore's protocol
//! test files (copied into `codegen/tests/protocol/data/`, Apache-2.0, see the
//! LICENSE and NOTICE there), looking shapes up, formatting scalars the way the
//! generator will, and tallying results into one summary line per suite.
//!
//! These suites drive the runtime's building blocks directly from each case's
//! shapes and parameters, standing in for a generated serializer or parser; the
//! conformance runs through generated clients come once the generator speaks
//! these protocols.

#![allow(dead_code)]

use aws_client_runtime::{DateTime, Format};
use serde_json::Value;

/// One case with the shapes of its suite.
pub struct Case {
    pub id: String,
    pub shapes: Value,
    pub case: Value,
    pub metadata: Value,
}

impl Case {
    /// A shape by name; a missing one is a broken suite file.
    pub fn shape(&self, name: &str) -> &Value {
        self.shapes.get(name).unwrap_or_else(|| panic!("{}: no shape {name}", self.id))
    }

    /// The shape a member (`{"shape": …}`) refers to.
    pub fn target(&self, member: &Value) -> &Value {
        self.shape(member["shape"].as_str().expect("a member names its shape"))
    }
}

/// Every case of `data/<direction>/<file>`, in file order.
pub fn load(direction: &str, file: &str) -> Vec<Case> {
    let path = format!("{}/../tests/protocol/data/{direction}/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let suites: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut cases = Vec::new();
    for suite in suites {
        for case in suite["cases"].as_array().expect("cases") {
            cases.push(Case {
                id: case["id"].as_str().expect("id").to_owned(),
                shapes: suite["shapes"].clone(),
                case: case.clone(),
                metadata: suite["metadata"].clone(),
            });
        }
    }
    cases
}

/// The outcome of one case.
pub enum Outcome {
    Passed,
    Failed(String),
    /// Not something the building blocks do, with the reason.
    NotApplicable(&'static str),
}

/// Runs `check` on every case and prints `<suite>: N cases: …`; fails the test
/// if any case failed or the count differs from `expected` (so a shrunken copy
/// of the data cannot pass unnoticed).
pub fn run(suite: &str, cases: &[Case], expected: usize, check: impl Fn(&Case) -> Outcome) {
    let (mut passed, mut failures) = (0, Vec::new());
    let mut skipped: Vec<(&'static str, usize)> = Vec::new();
    for case in cases {
        match check(case) {
            Outcome::Passed => passed += 1,
            Outcome::Failed(why) => failures.push(format!("{}: {why}", case.id)),
            Outcome::NotApplicable(reason) => match skipped.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => skipped.push((reason, 1)),
            },
        }
    }
    let not_applicable: usize = skipped.iter().map(|(_, n)| n).sum();
    let reasons: Vec<String> = skipped.iter().map(|(r, n)| format!("{n} {r}")).collect();
    println!(
        "{suite}: {} cases: {passed} passed, {} failed, {not_applicable} not applicable ({})",
        cases.len(),
        failures.len(),
        if reasons.is_empty() { "none".to_owned() } else { reasons.join("; ") }
    );
    assert!(failures.is_empty(), "{suite} failures:\n{}", failures.join("\n"));
    assert_eq!(cases.len(), expected, "{suite}: the suite file changed");
}

/// The timestamp format of a member or its shape, botocore's names mapped to
/// Smithy's, or `default`.
pub fn timestamp_format(member: &Value, shape: &Value, default: Format) -> Format {
    let name = member.get("timestampFormat").or_else(|| shape.get("timestampFormat")).and_then(Value::as_str);
    match name {
        Some("iso8601") => Format::DateTime,
        Some("unixTimestamp") => Format::EpochSeconds,
        Some("rfc822") => Format::HttpDate,
        Some(other) => panic!("unknown timestamp format {other}"),
        None => default,
    }
}

/// A case's timestamp parameter (epoch seconds, maybe fractional).
pub fn timestamp(value: &Value) -> DateTime {
    DateTime::from_fractional_secs(value.as_f64().expect("a timestamp is a number")).expect("an instant")
}

/// A case's float parameter: a number or `NaN`/`Infinity`/`-Infinity`.
pub fn float(value: &Value) -> f64 {
    match value {
        Value::String(s) if s == "NaN" => f64::NAN,
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
        other => other.as_f64().expect("a float is a number"),
    }
}

/// A scalar as text, the way query strings, labels and header values write it.
pub fn scalar_text(shape: &Value, member: &Value, value: &Value, default_timestamp: Format) -> String {
    match shape["type"].as_str() {
        Some("string") => value.as_str().expect("a string").to_owned(),
        Some("boolean") => value.as_bool().expect("a boolean").to_string(),
        Some("integer" | "long" | "byte" | "short") => value.as_i64().expect("an integer").to_string(),
        Some("float") => float_text(float(value), true),
        Some("double") => float_text(float(value), false),
        Some("timestamp") => {
            timestamp(value).fmt(timestamp_format(member, shape, default_timestamp)).expect("a formattable instant")
        }
        Some("blob") => aws_client_runtime::base64::encode(value.as_str().expect("a blob is text in the suites")),
        other => panic!("not a scalar: {other:?}"),
    }
}

fn float_text(value: f64, single: bool) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if single {
        (value as f32).to_string()
    } else {
        value.to_string()
    }
}

/// Whether two JSON values are equal, numbers compared as `f64` (the suites
/// write `1` and `1.0` for the same float) and NaN equal to NaN.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
