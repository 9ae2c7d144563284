//! JSON documents written and read value by value: what generated serializers and
//! parsers of the JSON protocols call.
//!
//! [`JsonWriter`] places commas and colons and encodes values the way the awsJson and
//! restJson1 protocols send them (non-finite floats as strings, blobs as base64,
//! timestamps by format). [`JsonReader`] is a pull reader: the caller asks for the
//! value it expects next, unknown members are skipped, and errors say what was
//! expected, at which byte, and (added by the callers on the way out) on which member
//! path.

mod reader;
mod writer;

#[cfg(test)]
mod tests;

pub use reader::{JsonError, JsonKind, JsonReader};
pub use writer::JsonWriter;
