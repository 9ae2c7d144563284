//! The JSON form of generated types: the traits generated crates implement for each
//! structure, union and enum, their implementations for the primitive types, and the
//! helpers generated code calls for collections and timestamps.
//!
//! The rules are those of the JSON protocols, and of every AWS SDK reading them:
//! * a member that is absent or `null` reads as absent;
//! * a `null` item of a list or map reads as missing (dropped), unless the collection
//!   is `@sparse`, where it reads as `None`;
//! * members a type does not know are skipped, so answers from newer service
//!   versions read;
//! * a member named twice keeps its last value;
//! * errors name the member path and the byte offset, never a value (values may be
//!   `@sensitive`).
//!
//! Timestamps have no trait implementation, since their text depends on the member:
//! generated code names the format with [`write_epoch_seconds`], [`read_date_time`] and
//! their kin.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

use super::{JsonError, JsonReader, JsonWriter};
use crate::datetime::{DateTime, DateTimeError, Format};
use crate::{BigDecimal, BigInteger, Blob, Document};

/// A value that writes itself as JSON.
pub trait WriteJson {
    /// Writes the value at the writer's position.
    ///
    /// # Errors
    ///
    /// A value that has no JSON form: a timestamp outside the range its format can
    /// spell, or a union's variant for a member this version did not know.
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError>;
}

/// A value that reads itself from JSON.
pub trait ReadJson: Sized {
    /// Reads the value at the reader's position (never `null`: callers handle it).
    ///
    /// # Errors
    ///
    /// The document is malformed, or the value does not fit the type; the error says
    /// where.
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError>;
}

/// Why a value could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonWriteError {
    message: String,
}

impl JsonWriteError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> JsonWriteError {
        JsonWriteError { message: message.into() }
    }
}

impl fmt::Display for JsonWriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonWriteError {}

impl From<DateTimeError> for JsonWriteError {
    fn from(error: DateTimeError) -> Self {
        JsonWriteError::new(format!("a timestamp has no text in its format: {}", error.message()))
    }
}

/// The document `value` writes.
///
/// # Errors
///
/// See [`WriteJson::write_json`].
pub fn to_vec<T: WriteJson + ?Sized>(value: &T) -> Result<Vec<u8>, JsonWriteError> {
    let mut writer = JsonWriter::new();
    value.write_json(&mut writer)?;
    Ok(writer.finish())
}

/// Reads a whole document as `T`; nothing but whitespace may follow it.
///
/// # Errors
///
/// See [`ReadJson::read_json`].
pub fn from_slice<T: ReadJson>(document: &[u8]) -> Result<T, JsonError> {
    let mut reader = JsonReader::new(document)?;
    let value = T::read_json(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// Reads a member's value, or `None` when it is `null`.
#[inline]
pub fn nullable<'a, T>(
    reader: &mut JsonReader<'a>,
    read: impl FnOnce(&mut JsonReader<'a>) -> Result<T, JsonError>,
) -> Result<Option<T>, JsonError> {
    if reader.null()? { Ok(None) } else { read(reader).map(Some) }
}

/// Reads a list, dropping `null` items.
#[inline]
pub fn read_list<'a, T>(
    reader: &mut JsonReader<'a>,
    mut read_item: impl FnMut(&mut JsonReader<'a>) -> Result<T, JsonError>,
) -> Result<Vec<T>, JsonError> {
    let mut items = Vec::new();
    reader.begin_array()?;
    while reader.next_item()? {
        if !reader.null()? {
            let index = items.len();
            items.push(read_item(reader).map_err(|error| error.in_item(index))?);
        }
    }
    Ok(items)
}

/// Reads a `@sparse` list, keeping `null` items as `None`.
#[inline]
pub fn read_sparse_list<'a, T>(
    reader: &mut JsonReader<'a>,
    mut read_item: impl FnMut(&mut JsonReader<'a>) -> Result<T, JsonError>,
) -> Result<Vec<Option<T>>, JsonError> {
    let mut items = Vec::new();
    reader.begin_array()?;
    while reader.next_item()? {
        let index = items.len();
        items.push(nullable(reader, &mut read_item).map_err(|error| error.in_item(index))?);
    }
    Ok(items)
}

/// Reads a map, dropping entries whose value is `null`. Keys are strings or string
/// enums (which keep values they do not know).
#[inline]
pub fn read_map<'a, K, V>(
    reader: &mut JsonReader<'a>,
    mut read_value: impl FnMut(&mut JsonReader<'a>) -> Result<V, JsonError>,
) -> Result<HashMap<K, V>, JsonError>
where
    K: for<'k> From<&'k str> + Eq + Hash,
{
    let mut map = HashMap::new();
    reader.begin_object()?;
    while let Some(key) = reader.next_key()? {
        if !reader.null()? {
            let value = read_value(reader).map_err(|error| error.in_member(&key))?;
            map.insert(K::from(&key), value);
        }
    }
    Ok(map)
}

/// Reads a `@sparse` map, keeping `null` values as `None`.
#[inline]
pub fn read_sparse_map<'a, K, V>(
    reader: &mut JsonReader<'a>,
    mut read_value: impl FnMut(&mut JsonReader<'a>) -> Result<V, JsonError>,
) -> Result<HashMap<K, Option<V>>, JsonError>
where
    K: for<'k> From<&'k str> + Eq + Hash,
{
    let mut map = HashMap::new();
    reader.begin_object()?;
    while let Some(key) = reader.next_key()? {
        let value = nullable(reader, &mut read_value).map_err(|error| error.in_member(&key))?;
        map.insert(K::from(&key), value);
    }
    Ok(map)
}

/// Writes a list, each item with `write_item`.
#[inline]
pub fn write_list<T>(
    items: &[T],
    writer: &mut JsonWriter,
    mut write_item: impl FnMut(&T, &mut JsonWriter) -> Result<(), JsonWriteError>,
) -> Result<(), JsonWriteError> {
    writer.begin_array();
    for item in items {
        write_item(item, writer)?;
    }
    writer.end_array();
    Ok(())
}

/// Writes a `@sparse` list: `None` items as `null`.
pub fn write_sparse_list<T>(
    items: &[Option<T>],
    writer: &mut JsonWriter,
    mut write_item: impl FnMut(&T, &mut JsonWriter) -> Result<(), JsonWriteError>,
) -> Result<(), JsonWriteError> {
    write_list(items, writer, |item, writer| match item {
        Some(item) => write_item(item, writer),
        None => {
            writer.null();
            Ok(())
        }
    })
}

/// Writes a map, each value with `write_value`. Entries are written in the order of
/// their keys, so that a request's body (and its signature) does not depend on the
/// map's hashing.
#[inline]
pub fn write_map<K: AsRef<str>, V>(
    map: &HashMap<K, V>,
    writer: &mut JsonWriter,
    mut write_value: impl FnMut(&V, &mut JsonWriter) -> Result<(), JsonWriteError>,
) -> Result<(), JsonWriteError> {
    let mut entries: Vec<(&str, &V)> = map.iter().map(|(key, value)| (key.as_ref(), value)).collect();
    entries.sort_unstable_by_key(|(key, _)| *key);
    writer.begin_object();
    for (key, value) in entries {
        writer.key(key);
        write_value(value, writer)?;
    }
    writer.end_object();
    Ok(())
}

/// Writes a `@sparse` map: `None` values as `null`.
pub fn write_sparse_map<K: AsRef<str>, V>(
    map: &HashMap<K, Option<V>>,
    writer: &mut JsonWriter,
    mut write_value: impl FnMut(&V, &mut JsonWriter) -> Result<(), JsonWriteError>,
) -> Result<(), JsonWriteError> {
    write_map(map, writer, |value, writer| match value {
        Some(value) => write_value(value, writer),
        None => {
            writer.null();
            Ok(())
        }
    })
}

/// Writes an empty object: a union's member that targets `Unit`.
pub fn write_unit(writer: &mut JsonWriter) {
    writer.begin_object();
    writer.end_object();
}

/// Reads a union's `Unit` member: any object (its content is skipped).
pub fn read_unit(reader: &mut JsonReader<'_>) -> Result<(), JsonError> {
    reader.begin_object()?;
    while reader.next_key()?.is_some() {
        reader.skip()?;
    }
    Ok(())
}

macro_rules! timestamp_codec {
    ($($format:ident: $write:ident, $read:ident;)*) => {$(
        #[doc = concat!("Writes a timestamp in the `", stringify!($format), "` format.")]
        #[inline]
        pub fn $write(value: &DateTime, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
            writer.timestamp(*value, Format::$format).map_err(JsonWriteError::from)
        }

        #[doc = concat!("Reads a timestamp expected in the `", stringify!($format), "` format.")]
        #[inline]
        pub fn $read(reader: &mut JsonReader<'_>) -> Result<DateTime, JsonError> {
            reader.timestamp(Format::$format)
        }
    )*};
}

timestamp_codec! {
    EpochSeconds: write_epoch_seconds, read_epoch_seconds;
    DateTime: write_date_time, read_date_time;
    HttpDate: write_http_date, read_http_date;
}

impl WriteJson for String {
    #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
        writer.string(self);
        Ok(())
    }
}

impl ReadJson for String {
    #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.string().map(std::borrow::Cow::into_owned)
    }
}

impl WriteJson for bool {
    #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
        writer.boolean(*self);
        Ok(())
    }
}

impl ReadJson for bool {
    #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.boolean()
    }
}

macro_rules! integer_codec {
    ($($ty:ty),*) => {$(
        impl WriteJson for $ty {
            #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
                writer.integer(*self);
                Ok(())
            }
        }

        impl ReadJson for $ty {
            #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
                reader.integer()
            }
        }
    )*};
}

integer_codec!(i8, i16, i32, i64);

impl WriteJson for f64 {
    #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
        writer.float(*self);
        Ok(())
    }
}

impl ReadJson for f64 {
    #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.float()
    }
}

impl WriteJson for f32 {
    #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
        writer.float32(*self);
        Ok(())
    }
}

impl ReadJson for f32 {
    #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        // The nearest `f32`, as the protocols' `float` is single precision.
        reader.float().map(|value| value as f32)
    }
}

impl WriteJson for Blob {
    #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
        writer.blob(self.as_ref());
        Ok(())
    }
}

impl ReadJson for Blob {
    #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        reader.blob().map(Blob::new)
    }
}

macro_rules! big_number_codec {
    ($($ty:ty),*) => {$(
        impl WriteJson for $ty {
            #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
                writer.number_text(self.as_str());
                Ok(())
            }
        }

        impl ReadJson for $ty {
            #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
                let start = reader.position();
                let text = reader.number_as_text()?;
                text.parse().map_err(|_| JsonError::at("a number that does not fit this member", start))
            }
        }
    )*};
}

big_number_codec!(BigInteger, BigDecimal);

impl WriteJson for Document {
    #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
        writer.raw_value(&self.to_string());
        Ok(())
    }
}

impl ReadJson for Document {
    #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        let start = reader.position();
        let text = reader.raw_value()?;
        serde_json::from_str(text).map_err(|_| JsonError::at("a document that is not valid JSON", start))
    }
}

/// Members boxed to break a cycle of structures read and write as their content.
impl<T: WriteJson> WriteJson for Box<T> {
    #[inline]
    fn write_json(&self, writer: &mut JsonWriter) -> Result<(), JsonWriteError> {
        (**self).write_json(writer)
    }
}

impl<T: ReadJson> ReadJson for Box<T> {
    #[inline]
    fn read_json(reader: &mut JsonReader<'_>) -> Result<Self, JsonError> {
        T::read_json(reader).map(Box::new)
    }
}

/// The JSON form of `value` as a [`Document`] (a `serde_json::Value`), for code that
/// inspects or prints it.
///
/// # Errors
///
/// See [`WriteJson::write_json`].
pub fn to_value<T: WriteJson + ?Sized>(value: &T) -> Result<Document, JsonWriteError> {
    let bytes = to_vec(value)?;
    serde_json::from_slice(&bytes).map_err(|_| JsonWriteError::new("the writer wrote a document that is not JSON"))
}

/// Reads `T` from its JSON form held as a [`Document`].
///
/// # Errors
///
/// See [`ReadJson::read_json`].
pub fn from_value<T: ReadJson>(value: &Document) -> Result<T, JsonError> {
    from_slice(value.to_string().as_bytes())
}
