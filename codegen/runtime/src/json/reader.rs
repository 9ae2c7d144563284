//! Reading a JSON document value by value, as generated parsers do.
//!
//! A pull reader over text that was checked to be UTF-8 once: strings without
//! escapes are borrowed, numbers are parsed from their text, and nothing is built
//! that the caller does not ask for (unknown members are skipped without
//! allocating). Errors carry the byte offset; callers add the member path on the
//! way out ([`JsonError::in_member`], [`JsonError::in_item`]), so the happy path
//! keeps no path at all.

use std::borrow::Cow;
use std::fmt;

use crate::base64;
use crate::datetime::{DateTime, Format};

/// How deeply containers may nest before the document is refused (as `serde_json`
/// does by default), so a hostile body cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// What the next value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `{`
    Object,
    /// `[`
    Array,
    /// `"…"`
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

/// Why a document could not be read: what was wrong, where (byte offset), and the
/// member path from the root when the reader's callers added it.
///
/// Boxed, so that every `Result` of the reader stays as small as its value: the error
/// is rare, the happy path moves results on every value read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(Box<ErrorDetail>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorDetail {
    message: String,
    offset: usize,
    /// Path segments innermost first (they are added on the way out).
    path: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Member(String),
    Item(usize),
}

impl JsonError {
    #[cold]
    fn new(message: impl Into<String>, offset: usize) -> JsonError {
        JsonError(Box::new(ErrorDetail { message: message.into(), offset, path: Vec::new() }))
    }

    /// An error at byte `offset`, for readers of values built on this one.
    pub(crate) fn at(message: impl Into<String>, offset: usize) -> JsonError {
        JsonError::new(message, offset)
    }

    /// Adds the member the error happened in (called by the code reading the object).
    #[cold]
    pub fn in_member(mut self, name: &str) -> JsonError {
        self.0.path.push(Segment::Member(name.to_owned()));
        self
    }

    /// Adds the list item the error happened in.
    #[cold]
    pub fn in_item(mut self, index: usize) -> JsonError {
        self.0.path.push(Segment::Item(index));
        self
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The byte offset in the document.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The member path from the root, `imageDetails[3].imagePushedAt`; empty at the root.
    pub fn path(&self) -> String {
        let mut text = String::new();
        for segment in self.0.path.iter().rev() {
            match segment {
                Segment::Member(name) if text.is_empty() => text.push_str(name),
                Segment::Member(name) => {
                    text.push('.');
                    text.push_str(name);
                }
                Segment::Item(index) => text.push_str(&format!("[{index}]")),
            }
        }
        text
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            path if path.is_empty() => write!(f, "{} (at byte {})", self.0.message, self.0.offset),
            path => write!(f, "{path}: {} (at byte {})", self.0.message, self.0.offset),
        }
    }
}

impl std::error::Error for JsonError {}

/// Reads one JSON document.
///
/// ```
/// use aws_client_runtime::json::JsonReader;
///
/// let mut r = JsonReader::new(br#"{"name": "x", "sizes": [1, 2], "extra": {"a": null}}"#).unwrap();
/// let (mut name, mut sizes) = (None, Vec::new());
/// r.begin_object().unwrap();
/// while let Some(key) = r.next_key().unwrap() {
///     match &*key {
///         "name" => name = Some(r.string().unwrap().into_owned()),
///         "sizes" => {
///             r.begin_array().unwrap();
///             while r.next_item().unwrap() {
///                 sizes.push(r.integer::<i32>().unwrap());
///             }
///         }
///         _ => r.skip().unwrap(),
///     }
/// }
/// r.finish().unwrap();
/// assert_eq!((name.as_deref(), sizes), (Some("x"), vec![1, 2]));
/// ```
#[derive(Debug)]
pub struct JsonReader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Open containers; `true` for one that has had an element (so a comma comes next).
    open: Vec<bool>,
}

impl<'a> JsonReader<'a> {
    /// A reader over `document`, which must be UTF-8.
    pub fn new(document: &'a [u8]) -> Result<JsonReader<'a>, JsonError> {
        let text = std::str::from_utf8(document)
            .map_err(|e| JsonError::new("the document is not UTF-8 text", e.valid_up_to()))?;
        Ok(JsonReader { text, bytes: document, pos: 0, open: Vec::new() })
    }

    /// What the next value is, without reading it.
    #[inline]
    pub fn peek(&mut self) -> Result<JsonKind, JsonError> {
        self.skip_whitespace();
        Ok(match self.bytes.get(self.pos) {
            Some(b'{') => JsonKind::Object,
            Some(b'[') => JsonKind::Array,
            Some(b'"') => JsonKind::String,
            Some(b'-' | b'0'..=b'9') => JsonKind::Number,
            Some(b't' | b'f') => JsonKind::Bool,
            Some(b'n') => JsonKind::Null,
            Some(_) => return Err(self.error("expected a value")),
            None => return Err(self.error("the document ends where a value was expected")),
        })
    }

    /// Reads `null` if it comes next, saying whether it did.
    #[inline]
    pub fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek()? == JsonKind::Null {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Enters an object.
    #[inline]
    pub fn begin_object(&mut self) -> Result<(), JsonError> {
        self.open_container(b'{', "an object")
    }

    /// The next key of the innermost object, or `None` at its end (which is consumed).
    #[inline]
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>, JsonError> {
        if !self.next_element(b'}')? {
            return Ok(None);
        }
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(self.error("expected a member name in quotes"));
        }
        let key = self.read_string()?;
        self.skip_whitespace();
        if self.bytes.get(self.pos) != Some(&b':') {
            return Err(self.error("expected `:` after a member name"));
        }
        self.pos += 1;
        Ok(Some(key))
    }

    /// Enters an array.
    #[inline]
    pub fn begin_array(&mut self) -> Result<(), JsonError> {
        self.open_container(b'[', "an array")
    }

    /// Whether the innermost array has another item (read it next); `false` at its
    /// end, which is consumed.
    #[inline]
    pub fn next_item(&mut self) -> Result<bool, JsonError> {
        self.next_element(b']')
    }

    /// A string.
    #[inline]
    pub fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.skip_whitespace();
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(self.unexpected("a string"));
        }
        self.read_string()
    }

    /// A boolean.
    #[inline]
    pub fn boolean(&mut self) -> Result<bool, JsonError> {
        match self.peek()? {
            JsonKind::Bool if self.bytes[self.pos] == b't' => self.literal(b"true").map(|()| true),
            JsonKind::Bool => self.literal(b"false").map(|()| false),
            _ => Err(self.unexpected("a boolean")),
        }
    }

    /// An integer that fits `T` (`i8` to `i64`); fractions and exponents are refused.
    #[inline]
    pub fn integer<T: TryFrom<i64>>(&mut self) -> Result<T, JsonError> {
        if self.peek()? != JsonKind::Number {
            return Err(self.unexpected("a number"));
        }
        let start = self.pos;
        let text = self.number_text()?;
        let value: i64 = text.parse().map_err(|_| JsonError::new("a number that is not an integer", start))?;
        T::try_from(value).map_err(|_| JsonError::new("an integer out of range for this member", start))
    }

    /// A double: a number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    #[inline]
    pub fn float(&mut self) -> Result<f64, JsonError> {
        match self.peek()? {
            JsonKind::String => {
                let start = self.pos;
                match &*self.read_string()? {
                    "NaN" => Ok(f64::NAN),
                    "Infinity" => Ok(f64::INFINITY),
                    "-Infinity" => Ok(f64::NEG_INFINITY),
                    _ => Err(JsonError::new("a string that is not a number", start)),
                }
            }
            JsonKind::Number => {
                let start = self.pos;
                let text = self.number_text()?;
                text.parse().map_err(|_| JsonError::new("a number out of range", start))
            }
            _ => Err(self.unexpected("a number")),
        }
    }

    /// The text of the next number, as written (for `BigInteger` and `BigDecimal`);
    /// a string holding a number is accepted too.
    pub fn number_as_text(&mut self) -> Result<Cow<'a, str>, JsonError> {
        match self.peek()? {
            JsonKind::String => self.read_string(),
            JsonKind::Number => self.number_text().map(Cow::Borrowed),
            _ => Err(self.unexpected("a number")),
        }
    }

    /// Bytes sent as base64 text.
    pub fn blob(&mut self) -> Result<Vec<u8>, JsonError> {
        let start = self.pos_after_whitespace();
        let text = self.string()?;
        base64::decode(text.as_bytes()).map_err(|_| JsonError::new("text that is not base64", start))
    }

    /// A timestamp: a number of epoch seconds, or text in `format` (text is read in
    /// the format it is written in when the model expects epoch seconds, as services
    /// sometimes send it).
    #[inline]
    pub fn timestamp(&mut self, format: Format) -> Result<DateTime, JsonError> {
        let start = self.pos_after_whitespace();
        let parsed = match self.peek()? {
            JsonKind::Number => DateTime::parse(self.number_text()?, Format::EpochSeconds),
            JsonKind::String => {
                let text = self.read_string()?;
                match format {
                    Format::EpochSeconds => DateTime::parse(&text, Format::DateTime)
                        .or_else(|_| DateTime::parse(&text, Format::HttpDate))
                        .or_else(|_| DateTime::parse(&text, Format::EpochSeconds)),
                    other => DateTime::parse(&text, other),
                }
            }
            _ => return Err(self.unexpected("a timestamp")),
        };
        parsed.map_err(|_| JsonError::new("a timestamp that cannot be read in the expected format", start))
    }

    /// The next value, whatever it is, as its JSON text (for document members).
    pub fn raw_value(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos_after_whitespace();
        self.skip()?;
        Ok(&self.text[start..self.pos])
    }

    /// Skips the next value, whatever it is, checking its form.
    pub fn skip(&mut self) -> Result<(), JsonError> {
        match self.peek()? {
            JsonKind::Object => {
                self.begin_object()?;
                while self.next_key()?.is_some() {
                    self.skip()?;
                }
            }
            JsonKind::Array => {
                self.begin_array()?;
                while self.next_item()? {
                    self.skip()?;
                }
            }
            JsonKind::String => {
                self.read_string()?;
            }
            JsonKind::Number => {
                self.number_text()?;
            }
            JsonKind::Bool => {
                self.boolean()?;
            }
            JsonKind::Null => {
                self.literal(b"null")?;
            }
        }
        Ok(())
    }

    /// Checks that nothing but whitespace follows the document.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.pos < self.bytes.len() {
            return Err(self.error("unexpected text after the document"));
        }
        Ok(())
    }

    /// The byte offset of the next value.
    #[inline]
    pub fn position(&mut self) -> usize {
        self.pos_after_whitespace()
    }

    /// An error at the current position, for callers that find a value they cannot use.
    #[cold]
    pub fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError::new(message, self.pos)
    }

    #[cold]
    fn unexpected(&mut self, expected: &str) -> JsonError {
        let found = match self.peek() {
            Ok(JsonKind::Object) => "an object",
            Ok(JsonKind::Array) => "an array",
            Ok(JsonKind::String) => "a string",
            Ok(JsonKind::Number) => "a number",
            Ok(JsonKind::Bool) => "a boolean",
            Ok(JsonKind::Null) => "null",
            Err(error) => return error,
        };
        self.error(format!("expected {expected}, found {found}"))
    }

    #[inline]
    fn open_container(&mut self, open: u8, what: &str) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.bytes.get(self.pos) != Some(&open) {
            return Err(self.unexpected(what));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(self.error(format!("containers nest more than {MAX_DEPTH} deep")));
        }
        self.pos += 1;
        self.open.push(false);
        Ok(())
    }

    /// Moves to the next element of the innermost container: `true` when there is one,
    /// `false` when the container closes here.
    #[inline]
    fn next_element(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_whitespace();
        let Some(&had_element) = self.open.last() else {
            return Err(self.error("no container is open"));
        };
        match self.bytes.get(self.pos) {
            Some(&byte) if byte == close => {
                self.pos += 1;
                self.open.pop();
                return Ok(false);
            }
            Some(b',') if had_element => {
                self.pos += 1;
                self.skip_whitespace();
                if self.bytes.get(self.pos) == Some(&close) {
                    return Err(self.error("a trailing comma"));
                }
            }
            _ if had_element => return Err(self.error(format!("expected `,` or `{}`", char::from(close)))),
            None => return Err(self.error("the document ends inside a container")),
            Some(_) => {}
        }
        if let Some(last) = self.open.last_mut() {
            *last = true;
        }
        Ok(true)
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    #[inline]
    fn pos_after_whitespace(&mut self) -> usize {
        self.skip_whitespace();
        self.pos
    }

    #[inline]
    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// The text of a number in JSON's grammar.
    #[inline]
    fn number_text(&mut self) -> Result<&'a str, JsonError> {
        self.skip_whitespace();
        let start = self.pos;
        let digits = |reader: &mut Self| {
            let from = reader.pos;
            while let Some(b'0'..=b'9') = reader.bytes.get(reader.pos) {
                reader.pos += 1;
            }
            reader.pos > from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err(JsonError::new("expected a number", start));
        }
        if self.bytes[int_start] == b'0' && self.pos - int_start > 1 {
            return Err(JsonError::new("a number with a leading zero", start));
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(JsonError::new("a number with no digits after `.`", start));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(JsonError::new("a number with no digits in its exponent", start));
            }
        }
        Ok(&self.text[start..self.pos])
    }

    /// A string starting at the current `"`: borrowed when it has no escapes.
    #[inline]
    fn read_string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        let start = self.pos;
        self.pos += 1;
        let content = self.pos;
        // The common case, a string without escapes, scans once and borrows.
        match special_byte(&self.bytes[content..]) {
            Some(length) if self.bytes[content + length] == b'"' => {
                self.pos = content + length + 1;
                Ok(Cow::Borrowed(&self.text[content..content + length]))
            }
            Some(length) => {
                self.pos = content + length;
                self.read_escaped_string(start, content)
            }
            None => {
                self.pos = self.bytes.len();
                self.read_escaped_string(start, content)
            }
        }
    }

    /// The rest of a string that has an escape (or is malformed) at the current position.
    fn read_escaped_string(&mut self, start: usize, content: usize) -> Result<Cow<'a, str>, JsonError> {
        match self.bytes.get(self.pos) {
            None => return Err(JsonError::new("a string that does not end", start)),
            Some(0x00..=0x1f) => return Err(self.error("a control character inside a string")),
            _ => {}
        }
        let mut owned = String::from(&self.text[content..self.pos]);
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.error("an unknown escape in a string")),
                    };
                    owned.push(escaped);
                    self.pos += 1;
                }
                Some(0x00..=0x1f) => return Err(self.error("a control character inside a string")),
                Some(_) => {
                    // Copy the run up to the next quote or backslash in one go.
                    let run_start = self.pos;
                    while let Some(&byte) = self.bytes.get(self.pos) {
                        if byte == b'"' || byte == b'\\' || byte < 0x20 {
                            break;
                        }
                        self.pos += 1;
                    }
                    owned.push_str(&self.text[run_start..self.pos]);
                }
                None => return Err(JsonError::new("a string that does not end", start)),
            }
        }
    }

    /// `\uXXXX` (the reader is on the `u`), joining a surrogate pair; leaves the
    /// reader on the escape's last digit.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xd800..=0xdbff => {
                if self.bytes.get(self.pos + 1..self.pos + 3) != Some(b"\\u") {
                    return Err(self.error("a lone surrogate in a `\\u` escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err(self.error("a lone surrogate in a `\\u` escape"));
                }
                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(self.error("a lone surrogate in a `\\u` escape")),
            other => other,
        };
        char::from_u32(code).ok_or_else(|| self.error("an invalid `\\u` escape"))
    }

    /// Reads the four hex digits after the `u` at the current position, ending on the last.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.pos + 1..self.pos + 5).ok_or_else(|| self.error("a short `\\u` escape"))?;
        let mut value = 0;
        for &digit in digits {
            let nibble = char::from(digit).to_digit(16).ok_or_else(|| self.error("a bad `\\u` escape"))?;
            value = value * 16 + nibble;
        }
        self.pos += 4;
        Ok(value)
    }
}

/// The index of the first byte of `bytes` that ends a plain run of string content: a
/// quote, a backslash or a control character. Eight bytes are checked at a time (each
/// test flags a byte by its high bit; the lowest flag is always a true match).
#[inline]
pub(super) fn special_byte(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS;
    let zero = |word: u64| below(word, 1);
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        let flags = zero(word ^ (ONES * u64::from(b'"'))) | zero(word ^ (ONES * u64::from(b'\\'))) | below(word, 0x20);
        if flags != 0 {
            return Some(offset + (flags.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20).map(|index| offset + index)
}
