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
}

impl Constraints {
    /// Whether nothing is checked.
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.range.is_none()
            && self.pattern.is_none()
            && self.element.is_none()
            && self.key.is_none()
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
