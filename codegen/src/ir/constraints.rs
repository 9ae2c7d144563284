//! Constraints checked on the client before a request is sent: `@length`, `@range`
//! and `@pattern`, on members, their targets, and list elements and map keys/values.

use super::regex::Regex;

/// What a value must satisfy; empty when nothing is checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `@length`: characters of a string, bytes of a blob, entries of a list or map.
    pub length: Option<Bounds>,
    /// `@range` of a number.
    pub range: Option<Bounds>,
    /// `@pattern` of a string, compiled.
    pub pattern: Option<Regex>,
    /// Constraints of each list element or map value.
    pub element: Option<Box<Constraints>>,
    /// Constraints of each map key.
    pub key: Option<Box<Constraints>>,
    /// A `@pattern` the client's matcher cannot run (look-around, back-references), as
    /// written: it is not checked, but comparisons of model revisions still see it.
    pub unchecked_pattern: Option<String>,
    /// The target shape whose traits every constraint here comes from, when the member
    /// (or element, key, value) declares none of `@length`, `@range`, `@pattern` itself:
    /// a change there concerns every member targeting that shape.
    pub inherited_from: Option<String>,
}

impl Constraints {
    /// Whether nothing is checked, here or in elements, keys and values.
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.range.is_none()
            && self.pattern.is_none()
            && self.element.as_deref().is_none_or(Constraints::is_empty)
            && self.key.as_deref().is_none_or(Constraints::is_empty)
    }

    /// Whether the model declares anything here or in elements, keys and values,
    /// checked or not.
    pub fn is_declared(&self) -> bool {
        !self.is_empty()
            || self.unchecked_pattern.is_some()
            || self.element.as_deref().is_some_and(Constraints::is_declared)
            || self.key.as_deref().is_some_and(Constraints::is_declared)
    }
}

/// Inclusive bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}
