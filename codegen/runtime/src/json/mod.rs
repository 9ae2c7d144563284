//! JSON documents written and read value by value, and the JSON form of generated
//! types ([`WriteJson`], [`ReadJson`]): what generated serializers and parsers of the
//! JSON protocols call.
//!
//! [`JsonWriter`] places commas and colons and encodes values the way the awsJson and
//! restJson1 protocols send them (non-finite floats as strings, blobs as base64,
//! timestamps by format). [`JsonReader`] is a pull reader: the caller asks for the
//! value it expects next, unknown members are skipped, and errors say what was
//! expected, at which byte, and (added by the callers on the way out) on which member
//! path.

mod codec;
mod reader;
mod writer;

#[cfg(test)]
mod tests;

pub use codec::{
    JsonWriteError, ReadJson, WriteJson, from_slice, from_value, nullable, read_date_time, read_epoch_seconds,
    read_http_date, read_list, read_map, read_sparse_list, read_sparse_map, read_unit, to_value, to_vec,
    write_date_time, write_epoch_seconds, write_http_date, write_list, write_map, write_sparse_list, write_sparse_map,
    write_unit,
};
pub use reader::{JsonError, JsonKind, JsonReader};
pub use writer::JsonWriter;
