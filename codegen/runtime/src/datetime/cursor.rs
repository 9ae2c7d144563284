//! A tiny byte cursor shared by the timestamp text parsers.
//!
//! It works on bytes rather than `str` slices so that no input, however
//! malformed (multi-byte UTF-8 included), can cause a slicing panic.

/// A read position in an ASCII-oriented input.
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(input: &'a str) -> Cursor<'a> {
        Cursor { bytes: input.as_bytes(), pos: 0 }
    }

    /// Whether all input has been consumed.
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// The next byte, without consuming it.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes and returns the next byte.
    pub(crate) fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Consumes `b` if it is the next byte.
    pub(crate) fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes exactly `n` (at most 9) ASCII digits and returns their value.
    pub(crate) fn digits(&mut self, n: usize) -> Option<u32> {
        debug_assert!(n <= 9);
        let end = self.pos.checked_add(n)?;
        let chunk = self.bytes.get(self.pos..end)?;
        let mut value = 0_u32;
        for &b in chunk {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos = end;
        Some(value)
    }

    /// Consumes a run of one or more ASCII digits (any length) and returns
    /// it, or `None` (consuming nothing) if the next byte is not a digit.
    pub(crate) fn digit_run(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.bytes[start..self.pos])
    }

    /// Consumes one or more fraction digits (after the decimal point) and
    /// returns them as nanoseconds, truncating digits beyond the ninth.
    pub(crate) fn fraction_nanos(&mut self) -> Option<u32> {
        self.digit_run().map(nanos_from_fraction)
    }

    /// Consumes `word.len()` bytes if they equal `word` ignoring ASCII case.
    pub(crate) fn eat_ignore_case(&mut self, word: &[u8]) -> bool {
        let Some(end) = self.pos.checked_add(word.len()) else {
            return false;
        };
        match self.bytes.get(self.pos..end) {
            Some(chunk) if chunk.eq_ignore_ascii_case(word) => {
                self.pos = end;
                true
            }
            _ => false,
        }
    }
}

/// Nanoseconds for the decimal fraction digits `digits` (the part after the
/// point), truncating beyond nine digits. `digits` must be ASCII digits.
pub(crate) fn nanos_from_fraction(digits: &[u8]) -> u32 {
    let mut nanos = 0_u32;
    for i in 0..9 {
        let d = digits.get(i).map_or(0, |b| u32::from(b - b'0'));
        nanos = nanos * 10 + d;
    }
    nanos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions() {
        assert_eq!(nanos_from_fraction(b"5"), 500_000_000);
        assert_eq!(nanos_from_fraction(b"123"), 123_000_000);
        assert_eq!(nanos_from_fraction(b"000000001"), 1);
        assert_eq!(nanos_from_fraction(b"0000000009999"), 0);
        assert_eq!(nanos_from_fraction(b"1234567891234"), 123_456_789);
    }

    #[test]
    fn cursor_basics() {
        let mut c = Cursor::new("2019-é");
        assert_eq!(c.digits(4), Some(2019));
        assert!(!c.eat(b'+'));
        assert!(c.eat(b'-'));
        assert_eq!(c.digits(1), None);
        assert_eq!(c.digit_run(), None);
        assert_eq!(c.next_byte(), Some(0xC3));
        assert!(!c.is_empty());
        assert_eq!(c.digits(2), None); // past the end
        assert_eq!(c.next_byte(), Some(0xA9));
        assert!(c.is_empty());
        assert_eq!(c.next_byte(), None);
        let mut c = Cursor::new("gmt");
        assert!(!c.eat_ignore_case(b"GMTX"));
        assert!(c.eat_ignore_case(b"GMT"));
        assert!(c.is_empty());
    }
}
