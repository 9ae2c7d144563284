//! The reader and writer against `serde_json`: the same documents accepted and
//! refused, the same values read back, and written documents that parse to the
//! values written.

use serde_json::Value;

use super::{JsonError, JsonKind, JsonReader, JsonWriter};
use crate::datetime::{DateTime, Format};

/// Reads any value into a `serde_json::Value` through the pull reader.
fn read_value(reader: &mut JsonReader<'_>) -> Result<Value, JsonError> {
    Ok(match reader.peek()? {
        JsonKind::Object => {
            let mut map = serde_json::Map::new();
            reader.begin_object()?;
            while let Some(key) = reader.next_key()? {
                let key = key.into_owned();
                let value = read_value(reader).map_err(|e| e.in_member(&key))?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        JsonKind::Array => {
            let mut items = Vec::new();
            reader.begin_array()?;
            while reader.next_item()? {
                let index = items.len();
                items.push(read_value(reader).map_err(|e| e.in_item(index))?);
            }
            Value::Array(items)
        }
        JsonKind::String => Value::String(reader.string()?.into_owned()),
        JsonKind::Number => {
            // Parsed here with the standard library, which rounds correctly (serde_json's
            // default parser can be one unit in the last place off).
            let text = reader.number_as_text()?;
            match text.parse::<i64>() {
                Ok(integer) => Value::from(integer),
                Err(_) => Value::from(text.parse::<f64>().expect("the reader accepted a number Rust refuses")),
            }
        }
        JsonKind::Bool => Value::Bool(reader.boolean()?),
        JsonKind::Null => {
            reader.null()?;
            Value::Null
        }
    })
}

fn read_document(text: &[u8]) -> Result<Value, JsonError> {
    let mut reader = JsonReader::new(text)?;
    let value = read_value(&mut reader)?;
    reader.finish()?;
    Ok(value)
}

/// Writes a `serde_json::Value` through the writer.
fn write_value(writer: &mut JsonWriter, value: &Value) {
    match value {
        Value::Null => writer.null(),
        Value::Bool(b) => writer.boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => writer.integer(i),
            None => writer.float(n.as_f64().unwrap()),
        },
        Value::String(s) => writer.string(s),
        Value::Array(items) => {
            writer.begin_array();
            items.iter().for_each(|item| write_value(writer, item));
            writer.end_array();
        }
        Value::Object(map) => {
            writer.begin_object();
            for (key, item) in map {
                writer.key(key);
                write_value(writer, item);
            }
            writer.end_object();
        }
    }
}

/// A small deterministic generator of documents with awkward strings and numbers.
struct Documents(u64);

impl Documents {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn value(&mut self, depth: u32) -> Value {
        let strings = ["", "plain", "quote \" back \\ slash", "tab\tnew\nline", "ünïcödé ✓ 𝄞", "\u{1}\u{1f}", "/"];
        match self.next() % if depth > 3 { 5 } else { 7 } {
            0 => Value::Null,
            1 => Value::Bool(self.next().is_multiple_of(2)),
            2 => Value::from(self.next() as i64 >> (self.next() % 60)),
            3 => Value::from(f64::from_bits(self.next() >> 2) % 1e12),
            4 => Value::from(strings[(self.next() % strings.len() as u64) as usize]),
            5 => Value::Array((0..self.next() % 4).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object(
                (0..self.next() % 4)
                    .map(|i| (format!("k{i}{}", strings[i as usize % 3]), self.value(depth + 1)))
                    .collect(),
            ),
        }
    }
}

#[test]
fn documents_read_and_write_as_serde_json_does() {
    let mut documents = Documents(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2000 {
        let value = documents.value(0);
        for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
            assert_eq!(read_document(text.as_bytes()).unwrap(), value, "{text}");
        }
        let mut writer = JsonWriter::new();
        write_value(&mut writer, &value);
        let written = writer.finish();
        assert!(serde_json::from_slice::<Value>(&written).is_ok(), "{}", String::from_utf8_lossy(&written));
        assert_eq!(read_document(&written).unwrap(), value, "{}", String::from_utf8_lossy(&written));
    }
}

#[test]
fn malformed_documents_are_refused_where_serde_json_refuses_them() {
    let malformed: &[&str] = &[
        "",
        "   ",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "[1 2]",
        "01",
        "1.",
        "1e",
        "-",
        "tru",
        "nul",
        "\"unterminated",
        "\"bad \\x escape\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\u12\"",
        "\"raw \u{1} control\"",
        "{} {}",
        "[1]]",
        "{\"a\":}",
        ",",
        "[,1]",
    ];
    for text in malformed {
        assert!(serde_json::from_str::<Value>(text).is_err(), "serde_json accepts {text:?}");
        assert!(read_document(text.as_bytes()).is_err(), "the reader accepts {text:?}");
    }
    assert!(read_document(b"\"\xff\"").is_err(), "invalid UTF-8");
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    let deep = "[".repeat(100_000);
    let error = read_document(deep.as_bytes()).unwrap_err();
    assert!(error.message().contains("nest more than 128"), "{error}");
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(read_document(fine.as_bytes()).is_ok());
}

#[test]
fn errors_name_the_member_path_and_byte() {
    let text = br#"{"images": [{"size": 1}, {"size": "big"}]}"#;
    let mut reader = JsonReader::new(text).unwrap();
    let read = |reader: &mut JsonReader<'_>| -> Result<(), JsonError> {
        reader.begin_object()?;
        while let Some(key) = reader.next_key()? {
            reader.begin_array().map_err(|e| e.in_member(&key))?;
            let mut index = 0;
            while reader.next_item().map_err(|e| e.in_member(&key))? {
                reader.begin_object().map_err(|e| e.in_item(index).in_member(&key))?;
                while let Some(inner) = reader.next_key()? {
                    reader.integer::<i64>().map_err(|e| e.in_member(&inner).in_item(index).in_member(&key))?;
                }
                index += 1;
            }
        }
        Ok(())
    };
    let error = read(&mut reader).unwrap_err();
    assert_eq!(error.path(), "images[1].size");
    assert_eq!(error.offset(), 34);
    assert_eq!(error.to_string(), "images[1].size: expected a number, found a string (at byte 34)");
}

#[test]
fn typed_values_read_as_the_json_protocols_send_them() {
    let mut reader = JsonReader::new(br#"[127, 128, "NaN", "-Infinity", 1.5e3, "aGk=", 1.5, "2014-04-29T18:30:38Z", 12345678901234567890123, "text"]"#).unwrap();
    reader.begin_array().unwrap();
    assert!(reader.next_item().unwrap());
    assert_eq!(reader.integer::<i8>().unwrap(), 127);
    assert!(reader.next_item().unwrap());
    assert!(reader.integer::<i8>().unwrap_err().message().contains("out of range"));
    assert!(reader.next_item().unwrap());
    assert!(reader.float().unwrap().is_nan());
    assert!(reader.next_item().unwrap());
    assert_eq!(reader.float().unwrap(), f64::NEG_INFINITY);
    assert!(reader.next_item().unwrap());
    assert_eq!(reader.float().unwrap(), 1500.0);
    assert!(reader.next_item().unwrap());
    assert_eq!(reader.blob().unwrap(), b"hi");
    assert!(reader.next_item().unwrap());
    assert_eq!(reader.timestamp(Format::EpochSeconds).unwrap(), DateTime::from_fractional_secs(1.5).unwrap());
    assert!(reader.next_item().unwrap());
    // Text where epoch seconds are modeled is read in the format it is written in.
    assert_eq!(reader.timestamp(Format::EpochSeconds).unwrap(), DateTime::from_secs(1_398_796_238));
    assert!(reader.next_item().unwrap());
    assert_eq!(reader.number_as_text().unwrap(), "12345678901234567890123");
    assert!(reader.next_item().unwrap());
    assert!(reader.float().unwrap_err().message().contains("a string that is not a number"));
    assert!(!reader.next_item().unwrap());
    reader.finish().unwrap();
}

#[test]
fn written_values_take_the_protocols_forms() {
    let mut writer = JsonWriter::new();
    writer.begin_object();
    writer.key("f32");
    writer.float32(0.1);
    writer.key("whole");
    writer.float(2.0);
    writer.key("inf");
    writer.float(f64::INFINITY);
    writer.key("blob");
    writer.blob(b"hi");
    writer.key("epoch");
    writer.timestamp(DateTime::from_fractional_secs(1.5).unwrap(), Format::EpochSeconds).unwrap();
    writer.key("date");
    writer.timestamp(DateTime::from_secs(0), Format::DateTime).unwrap();
    writer.key("empty");
    writer.begin_object();
    writer.end_object();
    writer.key("doc");
    writer.raw_value(r#"{"x":[1]}"#);
    writer.key("control");
    writer.string("\u{0}\u{1f}");
    writer.end_object();
    let text = String::from_utf8(writer.finish()).unwrap();
    assert_eq!(
        text,
        r#"{"f32":0.1,"whole":2.0,"inf":"Infinity","blob":"aGk=","epoch":1.5,"date":"1970-01-01T00:00:00Z","empty":{},"doc":{"x":[1]},"control":"\u0000\u001f"}"#
    );
}

#[test]
fn the_string_scan_finds_the_first_special_byte_at_every_position() {
    for length in 0..40 {
        for special in [b'"', b'\\', 0x00, 0x1f] {
            for at in 0..length {
                // Plain content around the special byte, non-ASCII and high bytes included.
                let mut bytes: Vec<u8> = (0..length).map(|i| [b'a', 0xc3, 0xa9, b' ', 0x7f, b'!'][i % 6]).collect();
                bytes[at] = special;
                if at + 1 < length {
                    bytes[at + 1] = b'"';
                }
                assert_eq!(super::reader::special_byte(&bytes), Some(at), "{length} {special} {at}");
            }
        }
        let plain: Vec<u8> = (0..length).map(|i| [b'a', 0xc3, 0xa9, b' ', 0x7f, b'!'][i % 6]).collect();
        assert_eq!(super::reader::special_byte(&plain), None, "{length}");
    }
}
