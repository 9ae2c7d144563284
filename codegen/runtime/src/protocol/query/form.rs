//! The form body of an awsQuery request.
//!
//! Keys are dotted paths built by the generated serializer: a structure member
//! is `Parent.Member` ([`member_key`]), a list item `List.member.N` or, for a
//! flattened list, `List.N` ([`list_item_key`]), a map entry
//! `Map.entry.N.key` / `Map.entry.N.value` or, flattened, `Map.N.key` /
//! `Map.N.value` ([`map_entry_keys`]); `N` counts from 1. The names are the
//! members' `@xmlName` where they have one. Fields are written in the order
//! they are given, keys and values percent-encoded by
//! [`percent::encode`](crate::protocol::percent::encode).

use crate::protocol::percent;
use crate::{DateTime, DateTimeError, Format};

/// Why an input cannot be written as a form: a timestamp outside the range its
/// format can express, or a union holding a variant this client does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    message: String,
}

impl FormError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        FormError { message: message.into() }
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FormError {}

impl From<DateTimeError> for FormError {
    fn from(error: DateTimeError) -> Self {
        FormError { message: error.to_string() }
    }
}

/// Writes the fields of one request body, starting with `Action` and `Version`.
///
/// ```
/// use aws_client_runtime::protocol::query::{QueryWriter, list_item_key};
/// let mut form = QueryWriter::new("GetThings", "2020-01-08");
/// form.string("Name", "a b");
/// form.string(&list_item_key("Ids", Some("member"), 1), "x");
/// form.boolean("Force", true);
/// assert_eq!(form.finish(), "Action=GetThings&Version=2020-01-08&Name=a%20b&Ids.member.1=x&Force=true");
/// ```
#[derive(Debug, Clone)]
pub struct QueryWriter {
    body: String,
}

impl QueryWriter {
    /// A body naming the operation (`Action`) and the service's API version.
    pub fn new(action: &str, version: &str) -> Self {
        let mut writer = QueryWriter { body: String::with_capacity(128) };
        writer.string("Action", action);
        writer.string("Version", version);
        writer
    }

    /// A string (or enum) field.
    pub fn string(&mut self, key: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        self.body.push_str(&percent::encode(key));
        self.body.push('=');
        self.body.push_str(&percent::encode(value));
    }

    /// A boolean field: `true` or `false`.
    pub fn boolean(&mut self, key: &str, value: bool) {
        self.string(key, if value { "true" } else { "false" });
    }

    /// An integer field of any width (byte, short, integer, long, intEnum).
    pub fn integer(&mut self, key: &str, value: impl Into<i64>) {
        self.string(key, &value.into().to_string());
    }

    /// A `double` field: the shortest decimal that reads back as the same value,
    /// or `NaN`, `Infinity`, `-Infinity`.
    pub fn double(&mut self, key: &str, value: f64) {
        self.string(key, &float_text(value, value.to_string()));
    }

    /// A `float` field, written from its own precision (`10.8`, not the
    /// `10.800000190734863` a widening to `f64` would give).
    pub fn float(&mut self, key: &str, value: f32) {
        self.string(key, &float_text(f64::from(value), value.to_string()));
    }

    /// A timestamp in `format`: the protocol's default is [`Format::DateTime`]
    /// (`2015-01-25T08:00:00Z`); a member's `@timestampFormat` overrides it.
    pub fn timestamp(&mut self, key: &str, value: DateTime, format: Format) -> Result<(), FormError> {
        let text = value.fmt(format)?;
        self.string(key, &text);
        Ok(())
    }

    /// A blob, base64-encoded.
    pub fn blob(&mut self, key: &str, value: &[u8]) {
        self.string(key, &crate::base64::encode(value));
    }

    /// An empty list: the key with an empty value (`List=`), which tells the
    /// service the list was given and is empty. (An empty map writes nothing.)
    pub fn empty_list(&mut self, key: &str) {
        self.string(key, "");
    }

    /// The finished body.
    pub fn finish(self) -> String {
        self.body
    }
}

fn float_text(value: f64, finite: String) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        finite
    }
}

/// The key of a structure member: `prefix.name`, or `name` at the top level
/// (empty prefix).
pub fn member_key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

/// The key of the `index`-th (from 1) item of the list at `list_key`:
/// `list_key.member.N` with the member's name (`member` unless it has an
/// `@xmlName`), or `list_key.N` for a flattened list (`member_name` `None`).
pub fn list_item_key(list_key: &str, member_name: Option<&str>, index: usize) -> String {
    match member_name {
        Some(member) => format!("{list_key}.{member}.{index}"),
        None => format!("{list_key}.{index}"),
    }
}

/// The keys of the `index`-th (from 1) entry of the map at `map_key`: the key's
/// and the value's, named `key_name`/`value_name` (`key`/`value` unless the map's
/// members have an `@xmlName`), under `entry.N` or, flattened, under `N`.
pub fn map_entry_keys(
    map_key: &str,
    flattened: bool,
    index: usize,
    key_name: &str,
    value_name: &str,
) -> (String, String) {
    let entry = if flattened { format!("{map_key}.{index}") } else { format!("{map_key}.entry.{index}") };
    (format!("{entry}.{key_name}"), format!("{entry}.{value_name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_kind_of_field() {
        let mut form = QueryWriter::new("Op", "2020-01-08");
        form.integer("I", 10i32);
        form.integer("L", -3i64);
        form.double("D", 10.8);
        form.float("F", 10.8);
        form.double("N", f64::NAN);
        form.float("P", f32::INFINITY);
        form.double("M", f64::NEG_INFINITY);
        form.timestamp("T", DateTime::from_secs(1_422_172_800), Format::DateTime).unwrap();
        form.timestamp("E", DateTime::from_secs(1_422_172_800), Format::EpochSeconds).unwrap();
        form.blob("B", b"value");
        form.empty_list("Empty");
        form.string(&member_key(&member_key("", "A"), "b c"), "&=");
        assert_eq!(
            form.finish(),
            "Action=Op&Version=2020-01-08&I=10&L=-3&D=10.8&F=10.8&N=NaN&P=Infinity&M=-Infinity\
             &T=2015-01-25T08%3A00%3A00Z&E=1422172800&B=dmFsdWU%3D&Empty=&A.b%20c=%26%3D"
        );
    }

    #[test]
    fn a_timestamp_its_format_cannot_write_is_an_error() {
        let mut form = QueryWriter::new("Op", "1");
        let far = DateTime::from_secs(400_000_000_000);
        let error = form.timestamp("T", far, Format::DateTime).unwrap_err();
        assert!(!error.to_string().is_empty());
        assert_eq!(form.finish(), "Action=Op&Version=1");
        assert_eq!(FormError::new("no").to_string(), "no");
    }

    #[test]
    fn builds_list_and_map_keys() {
        assert_eq!(list_item_key("L", Some("member"), 1), "L.member.1");
        assert_eq!(list_item_key("L", Some("item"), 2), "L.item.2");
        assert_eq!(list_item_key("Hi", None, 3), "Hi.3");
        assert_eq!(map_entry_keys("M", false, 1, "key", "value"), ("M.entry.1.key".into(), "M.entry.1.value".into()));
        assert_eq!(map_entry_keys("Hi", true, 2, "K", "V"), ("Hi.2.K".into(), "Hi.2.V".into()));
    }
}
