//! Regular expressions compiled at generation time into programs for the runtime's
//! matcher (a Pike VM stepping over characters: linear in the text, whatever the
//! expression). The instruction set is the runtime's own
//! ([`aws_client_runtime::rules::Inst`]), here with owned ranges.

/// A compiled expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regex {
    /// The expression as written.
    pub source: String,
    /// Its program.
    pub program: Vec<Inst>,
}

/// One instruction, with the ranges of its classes owned while the program is built;
/// emitted as the runtime's static form.
pub type Inst = aws_client_runtime::rules::Inst<Vec<(u8, u8)>, Vec<(char, char)>>;
