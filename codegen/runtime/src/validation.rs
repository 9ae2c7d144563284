//! Client-side validation of inputs against the model's `@length`, `@range` and
//! `@pattern` constraints, before anything is sent.
//!
//! Generated code implements [`Validate`] for every structure that has something to
//! check; each check reports a [`Violation`] naming the member's path
//! (`imageIds[2].imageDigest`) and the rule. Paths are built only when a check fails.

use std::fmt;

use crate::rules::{Inst, is_match};

/// Where a value is in the input: a chain of fields, indexes and keys.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Field(&'a str),
    Index(usize),
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// The input itself.
    pub const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };

    /// A member, by its name on the wire.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Field(name) }
    }

    /// A list element.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }

    /// A map entry.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.segment {
            Segment::Root => Ok(()),
            Segment::Field(name) if matches!(self.parent.map(|p| p.segment), Some(Segment::Root) | None) => {
                f.write_str(name)
            }
            Segment::Field(name) => write!(f, ".{name}"),
            Segment::Index(index) => write!(f, "[{index}]"),
            Segment::Key(key) => write!(f, "[{key:?}]"),
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where (`layerDigests[0]`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.path, self.message)
    }
}

/// Implemented by generated structures with constraints.
pub trait Validate {
    /// Appends every broken rule of `self`, found at `at`, to `violations`.
    fn validate(&self, at: &Path<'_>, violations: &mut Vec<Violation>);
}

/// All broken rules of `input`, in member order (empty when it is valid).
pub fn violations<T: Validate + ?Sized>(input: &T) -> Vec<Violation> {
    let mut violations = Vec::new();
    input.validate(&Path::ROOT, &mut violations);
    violations
}

/// One sentence naming the operation and every broken rule.
pub fn describe(operation: &str, violations: &[Violation]) -> String {
    let rules: Vec<String> = violations.iter().map(Violation::to_string).collect();
    format!("{operation}: the input is invalid: {}", rules.join("; "))
}

fn push(at: &Path<'_>, violations: &mut Vec<Violation>, message: String) {
    violations.push(Violation { path: at.to_string(), message });
}

fn bounds_text(min: Option<u64>, max: Option<u64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) if min == max => format!("exactly {min}"),
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "any number of".to_owned(),
    }
}

/// `@length`: `count` items of `unit` (`characters`, `bytes`, `entries`).
pub fn length(
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
    unit: &str,
    at: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    let count = u64::try_from(count).unwrap_or(u64::MAX);
    if min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max) {
        push(at, violations, format!("must have {} {unit}, has {count}", bounds_text(min, max)));
    }
}

/// How a broken `@range` names the value: shown, or hidden for `@sensitive` members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The value appears in the message.
    Value,
    /// The member is sensitive: the message says only that it is out of range.
    Redacted,
}

fn is_value(shown: Shown, value: impl fmt::Display) -> String {
    match shown {
        Shown::Value => format!(", is {value}"),
        Shown::Redacted => String::new(),
    }
}

/// `@range` of an integer.
pub fn range_integer(
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
    shown: Shown,
    at: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
        let limits = match (min, max) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => String::new(),
        };
        push(at, violations, format!("must be {limits}{}", is_value(shown, value)));
    }
}

/// `@range` of a floating-point number (NaN is out of every range).
pub fn range_float(
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    shown: Shown,
    at: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    let inside = |bound: f64, order: std::cmp::Ordering| value.partial_cmp(&bound).is_some_and(|o| o != order);
    let below = min.is_some_and(|min| !inside(min, std::cmp::Ordering::Less));
    let above = max.is_some_and(|max| !inside(max, std::cmp::Ordering::Greater));
    if below || above {
        let min = min.map_or_else(|| "-inf".to_owned(), |m| m.to_string());
        let max = max.map_or_else(|| "inf".to_owned(), |m| m.to_string());
        push(at, violations, format!("must be between {min} and {max}{}", is_value(shown, value)));
    }
}

/// `@pattern`: `program` is the compiled `source`.
pub fn pattern(program: &[Inst], source: &str, value: &str, at: &Path<'_>, violations: &mut Vec<Violation>) {
    if !is_match(program, value) {
        push(at, violations, format!("must match the pattern `{source}`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_named_only_on_failure() {
        let root = Path::ROOT;
        let ids = root.field("imageIds");
        let second = ids.index(2);
        let digest = second.field("imageDigest");
        assert_eq!(digest.to_string(), "imageIds[2].imageDigest");
        let tags = root.field("tags");
        assert_eq!(tags.key("env").to_string(), "tags[\"env\"]");

        let mut violations = Vec::new();
        length(0, Some(1), Some(100), "entries", &ids, &mut violations);
        length(5, Some(1), Some(100), "entries", &ids, &mut violations);
        range_integer(0, Some(1), Some(1000), Shown::Value, &root.field("maxResults"), &mut violations);
        range_float(f64::NAN, Some(0.0), None, Shown::Value, &root.field("ratio"), &mut violations);
        range_integer(7, Some(1), Some(5), Shown::Redacted, &root.field("pin"), &mut violations);
        const DIGITS: &[Inst] = &[
            Inst::Start,
            Inst::Class { negated: false, ranges: &[(b'0', b'9')] },
            Inst::Split(1, 3),
            Inst::End,
            Inst::Match,
        ];
        pattern(DIGITS, "^[0-9]+$", "abc", &root.field("registryId"), &mut violations);
        pattern(DIGITS, "^[0-9]+$", "123", &root.field("registryId"), &mut violations);
        let text: Vec<String> = violations.iter().map(Violation::to_string).collect();
        assert_eq!(
            text,
            [
                "`imageIds` must have 1 to 100 entries, has 0",
                "`maxResults` must be between 1 and 1000, is 0",
                "`ratio` must be between 0 and inf, is NaN",
                "`pin` must be between 1 and 5",
                "`registryId` must match the pattern `^[0-9]+$`",
            ]
        );
        assert!(describe("Op", &violations).starts_with("Op: the input is invalid: `imageIds` must have"));
    }
}
