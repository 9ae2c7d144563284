//! Regular expressions compiled at generation time into programs for the runtime's
//! matcher (a Pike VM stepping over characters: linear in the text, whatever the
//! expression).

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
    /// Consume this ASCII character.
    Byte(u8),
    /// Consume any character.
    Any,
    /// Consume a character in (or, when `negated`, not in) one of the inclusive ASCII ranges.
    Class {
        /// `[^...]`.
        negated: bool,
        /// Inclusive ranges.
        ranges: Vec<(u8, u8)>,
    },
    /// Consume a character in (or, when `negated`, not in) one of the inclusive ranges,
    /// which are sorted and do not overlap.
    Chars {
        /// `[^...]`, `\P{…}`.
        negated: bool,
        /// Inclusive ranges.
        ranges: Vec<(char, char)>,
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
