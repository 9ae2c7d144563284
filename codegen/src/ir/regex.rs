//! Regular expressions compiled at generation time into programs for the runtime's
//! matcher (a Pike VM: linear in the text, whatever the expression).

/// A compiled expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regex {
    /// The expression as written.
    pub source: String,
    /// Its program.
    pub program: Vec<Inst>,
}

/// One instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inst {
    /// Consume this byte.
    Byte(u8),
    /// Consume any byte.
    Any,
    /// Consume a byte in (or, when `negated`, not in) one of the inclusive ranges.
    Class {
        /// `[^...]`.
        negated: bool,
        /// Inclusive ranges.
        ranges: Vec<(u8, u8)>,
    },
    /// Continue at both targets.
    Split(usize, usize),
    /// Continue at the target.
    Jump(usize),
    /// Only at the start of the text.
    Start,
    /// Only at the end of the text.
    End,
    /// The expression matched.
    Match,
}
