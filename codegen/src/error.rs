//! Diagnostics: what is wrong with a model, and where.

use std::fmt;

/// One problem found in a model, naming the shape or member id it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Shape id, member id (`ns#Shape$member`) or `model` for document-level problems.
    pub location: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// 1-based line in the JSON text, where known.
    pub line: Option<usize>,
}

impl Diagnostic {
    /// A problem at a shape or member.
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { location: location.into(), message: message.into(), line: None }
    }

    /// A problem at a known line of the JSON text.
    pub fn at_line(location: impl Into<String>, message: impl Into<String>, line: Option<usize>) -> Diagnostic {
        Diagnostic { location: location.into(), message: message.into(), line }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} (line {line}): {}", self.location, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

/// Every problem found; reading and resolving report all of them, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// A list holding one problem.
    pub fn one(diagnostic: Diagnostic) -> Diagnostics {
        Diagnostics(vec![diagnostic])
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when no problem was recorded, else the problems sorted by location.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort_by(|a, b| a.location.cmp(&b.location).then_with(|| a.message.cmp(&b.message)));
            self.0.dedup();
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(f, "{count} problem{} in the model:", if count == 1 { "" } else { "s" })?;
        for diagnostic in &self.0 {
            writeln!(f, "  - {diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
