//! Writing a JSON document value by value, as generated serializers do.

use crate::base64;
use crate::datetime::{DateTime, DateTimeError, Format};

/// Writes one JSON document. Commas and colons are placed by the writer; the caller
/// only opens and closes containers, names keys and writes values, in order.
///
/// ```
/// use aws_client_runtime::json::JsonWriter;
///
/// let mut w = JsonWriter::new();
/// w.begin_object();
/// w.key("name");
/// w.string("a \"quoted\" name");
/// w.key("sizes");
/// w.begin_array();
/// w.integer(1);
/// w.float(f64::NAN);
/// w.end_array();
/// w.end_object();
/// assert_eq!(w.finish(), br#"{"name":"a \"quoted\" name","sizes":[1,"NaN"]}"#);
/// ```
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: Vec<u8>,
    /// Per open container: whether it has an element yet (so the next needs a comma).
    has_element: Vec<bool>,
    /// Whether a key was just written, so the next value follows its colon.
    after_key: bool,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> JsonWriter {
        JsonWriter { out: Vec::with_capacity(256), has_element: Vec::new(), after_key: false }
    }

    /// The document written.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }

    /// Opens an object (as a value).
    #[inline]
    pub fn begin_object(&mut self) {
        self.before_value();
        self.out.push(b'{');
        self.has_element.push(false);
    }

    /// Closes the innermost object.
    #[inline]
    pub fn end_object(&mut self) {
        self.has_element.pop();
        self.out.push(b'}');
    }

    /// Opens an array (as a value).
    #[inline]
    pub fn begin_array(&mut self) {
        self.before_value();
        self.out.push(b'[');
        self.has_element.push(false);
    }

    /// Closes the innermost array.
    #[inline]
    pub fn end_array(&mut self) {
        self.has_element.pop();
        self.out.push(b']');
    }

    /// Names the next value of the innermost object.
    #[inline]
    pub fn key(&mut self, name: &str) {
        self.separate();
        self.write_string(name);
        self.out.push(b':');
        self.after_key = true;
    }

    /// A string value.
    #[inline]
    pub fn string(&mut self, value: &str) {
        self.before_value();
        self.write_string(value);
    }

    /// A boolean value.
    #[inline]
    pub fn boolean(&mut self, value: bool) {
        self.before_value();
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// An integer value.
    #[inline]
    pub fn integer(&mut self, value: impl Into<i64>) {
        self.before_value();
        self.out.extend_from_slice(value.into().to_string().as_bytes());
    }

    /// A double: finite values as numbers, NaN and the infinities as the strings
    /// `"NaN"`, `"Infinity"` and `"-Infinity"`, as the JSON protocols send them.
    pub fn float(&mut self, value: f64) {
        self.before_value();
        // The shortest text that reads back as the same value, with a fraction when
        // integral (`2.0`), as serde_json and botocore write doubles.
        match non_finite(value) {
            Some(text) => self.out.extend_from_slice(text),
            None => self.out.extend_from_slice(format!("{value:?}").as_bytes()),
        }
    }

    /// A float, written with the digits an `f32` needs (`0.1`, not the `f64` it widens to).
    pub fn float32(&mut self, value: f32) {
        self.before_value();
        match non_finite(f64::from(value)) {
            Some(text) => self.out.extend_from_slice(text),
            None => self.out.extend_from_slice(format!("{value:?}").as_bytes()),
        }
    }

    /// A number given as its decimal text (`BigInteger`, `BigDecimal`), written as is.
    /// The caller guarantees the text is a JSON number.
    pub fn number_text(&mut self, text: &str) {
        self.before_value();
        self.out.extend_from_slice(text.as_bytes());
    }

    /// `null`.
    #[inline]
    pub fn null(&mut self) {
        self.before_value();
        self.out.extend_from_slice(b"null");
    }

    /// Bytes, as base64 text.
    pub fn blob(&mut self, bytes: &[u8]) {
        self.before_value();
        self.out.push(b'"');
        self.out.extend_from_slice(base64::encode(bytes).as_bytes());
        self.out.push(b'"');
    }

    /// A timestamp in `format`: epoch seconds as a number, the others as text.
    pub fn timestamp(&mut self, value: DateTime, format: Format) -> Result<(), DateTimeError> {
        let text = value.fmt(format)?;
        match format {
            Format::EpochSeconds => self.number_text(&text),
            Format::DateTime | Format::HttpDate => self.string(&text),
        }
        Ok(())
    }

    /// An already-serialized JSON value (a document member), written as is.
    pub fn raw_value(&mut self, json: &str) {
        self.before_value();
        self.out.extend_from_slice(json.as_bytes());
    }

    #[inline]
    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
        } else {
            self.separate();
        }
    }

    #[inline]
    fn separate(&mut self) {
        if let Some(has_element) = self.has_element.last_mut() {
            if *has_element {
                self.out.push(b',');
            }
            *has_element = true;
        }
    }

    fn write_string(&mut self, value: &str) {
        self.out.push(b'"');
        let bytes = value.as_bytes();
        let mut start = 0;
        for (index, &byte) in bytes.iter().enumerate() {
            let escape: &[u8] = match byte {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x08 => b"\\b",
                0x0c => b"\\f",
                0x00..=0x1f => {
                    self.out.extend_from_slice(&bytes[start..index]);
                    self.out.extend_from_slice(format!("\\u{byte:04x}").as_bytes());
                    start = index + 1;
                    continue;
                }
                _ => continue,
            };
            self.out.extend_from_slice(&bytes[start..index]);
            self.out.extend_from_slice(escape);
            start = index + 1;
        }
        self.out.extend_from_slice(&bytes[start..]);
        self.out.push(b'"');
    }
}

/// The string a non-finite float is sent as, quoted.
fn non_finite(value: f64) -> Option<&'static [u8]> {
    if value.is_nan() {
        Some(b"\"NaN\"")
    } else if value.is_infinite() {
        Some(if value > 0.0 { b"\"Infinity\"" } else { b"\"-Infinity\"" })
    } else {
        None
    }
}
