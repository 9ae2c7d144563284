//! [`BuildError`], returned by generated builders' `build()` methods.

use std::fmt;

/// A builder could not produce its value, typically because a required
/// member was not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    MissingField { field: &'static str, details: &'static str },
    InvalidField { field: &'static str, details: String },
    Other(String),
}

impl BuildError {
    /// The required member `field` was not set; `details` names what was
    /// being built (typically the shape's type name), completing the message
    /// `` `field` was not specified but it is required when building {details}``.
    pub const fn missing_field(field: &'static str, details: &'static str) -> BuildError {
        BuildError { kind: Kind::MissingField { field, details } }
    }

    /// The member `field` was set to an invalid value, explained by `details`.
    pub fn invalid_field(field: &'static str, details: impl Into<String>) -> BuildError {
        BuildError { kind: Kind::InvalidField { field, details: details.into() } }
    }

    /// Any other failure, described by `message`.
    pub fn other(message: impl Into<String>) -> BuildError {
        BuildError { kind: Kind::Other(message.into()) }
    }

    /// The member at fault, if the error concerns one.
    pub fn field(&self) -> Option<&'static str> {
        match self.kind {
            Kind::MissingField { field, .. } | Kind::InvalidField { field, .. } => Some(field),
            Kind::Other(_) => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::MissingField { field, details } => {
                write!(f, "`{field}` was not specified but it is required when building {details}")
            }
            Kind::InvalidField { field, details } => {
                write!(f, "`{field}` was set to an invalid value: {details}")
            }
            Kind::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        let e = BuildError::missing_field("name", "Widget");
        assert_eq!(e.to_string(), "`name` was not specified but it is required when building Widget");
        assert_eq!(e.field(), Some("name"));
        assert_eq!(e.clone(), e);
        let e = BuildError::invalid_field("size", "must be positive");
        assert_eq!(e.to_string(), "`size` was set to an invalid value: must be positive");
        assert_eq!(e.field(), Some("size"));
        let e = BuildError::other(String::from("boom"));
        assert_eq!(e.to_string(), "boom");
        assert_eq!(e.field(), None);
        assert_ne!(e, BuildError::other("bang"));
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
        assert_eq!(boxed.to_string(), "boom");
    }
}
