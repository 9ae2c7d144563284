//! One flag's text to the member's wire JSON, by the member's kind.

use serde_json::Value;

use super::Kind;
use crate::{DateTime, Format};

/// A value read from the command line: its text or, from `fileb://`, raw bytes.
pub(super) enum Raw {
    Text(String),
    Bytes(Vec<u8>),
}

/// Reads `file://` (text) and `fileb://` (bytes) values; any other text is itself.
pub(super) fn load(text: &str, flag: &str) -> Result<Raw, String> {
    if let Some(path) = text.strip_prefix("fileb://") {
        return std::fs::read(path).map(Raw::Bytes).map_err(|e| format!("--{flag}: cannot read `{path}`: {e}"));
    }
    if let Some(path) = text.strip_prefix("file://") {
        return std::fs::read_to_string(path)
            .map(Raw::Text)
            .map_err(|e| format!("--{flag}: cannot read `{path}`: {e}"));
    }
    Ok(Raw::Text(text.to_owned()))
}

/// The wire JSON of the values given to a flag of kind `kind`.
pub(super) fn convert(kind: &Kind, values: Vec<Raw>, flag: &str) -> Result<Value, String> {
    match kind {
        Kind::List(element) => {
            // One value that is a JSON array is the whole list, as the AWS CLI reads it.
            if let [Raw::Text(text)] = values.as_slice()
                && text.trim_start().starts_with('[')
            {
                return json(text, flag);
            }
            if values.is_empty() {
                return Err(format!("--{flag} expects one or more values"));
            }
            let items = values.into_iter().map(|raw| scalar(element, raw, flag)).collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(items))
        }
        _ => match <[Raw; 1]>::try_from(values) {
            Ok([raw]) => scalar(kind, raw, flag),
            Err(values) if values.is_empty() => Err(format!("--{flag} expects a value")),
            Err(values) => Err(format!("--{flag} expects one value, got {}", values.len())),
        },
    }
}

/// One value of a kind that is not a list of values (a list element may itself be
/// a structure or a list, given as JSON).
pub(super) fn scalar(kind: &Kind, raw: Raw, flag: &str) -> Result<Value, String> {
    let text = match raw {
        Raw::Bytes(bytes) if matches!(kind, Kind::Blob) => return Ok(Value::String(crate::base64::encode(bytes))),
        Raw::Bytes(bytes) => String::from_utf8(bytes)
            .map_err(|_| format!("--{flag}: `fileb://` gives bytes, which only blob members take; use `file://`"))?,
        Raw::Text(text) => text,
    };
    match kind {
        Kind::String | Kind::Enum(_) => Ok(Value::String(text)),
        Kind::Integer => {
            text.trim().parse::<i64>().map(Value::from).map_err(|_| format!("--{flag}: `{text}` is not a whole number"))
        }
        Kind::Float => {
            let number = text.trim().parse::<f64>().ok().filter(|n| n.is_finite());
            number.map(Value::from).ok_or_else(|| format!("--{flag}: `{text}` is not a number"))
        }
        Kind::Boolean => match text.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("--{flag}: `{text}` is not `true` or `false`")),
        },
        Kind::Timestamp(format) => timestamp(&text, *format).map_err(|e| format!("--{flag}: {e}")),
        Kind::Blob => Ok(Value::String(crate::base64::encode(text.as_bytes()))),
        // JSON when it looks like JSON, as the AWS CLI decides; else shorthand.
        Kind::Map(_) | Kind::Structure(_) if text.trim_start().starts_with(['{', '[']) => {
            let value = json(&text, flag)?;
            if value.is_object() { Ok(value) } else { Err(format!("--{flag} expects a JSON object")) }
        }
        Kind::Map(_) | Kind::Structure(_) => super::shorthand::parse(&text, kind, flag),
        Kind::List(_) if !text.trim_start().starts_with('[') => {
            super::shorthand::typed(&super::shorthand::Untyped::Text(text), kind, flag)
        }
        Kind::List(_) | Kind::Document => json(&text, flag),
    }
}

fn json(text: &str, flag: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("--{flag}: the value is not valid JSON ({e})"))
}

/// A timestamp given as ISO 8601 (a date, a date and time with or without offset) or
/// as seconds since the epoch, in the member's wire format.
pub(super) fn timestamp(text: &str, format: Format) -> Result<Value, String> {
    let text = text.trim();
    let parsed = if let Ok(seconds) = text.parse::<f64>() {
        DateTime::from_fractional_secs(seconds).map_err(|e| e.to_string())
    } else {
        let full = if text.len() == 10 { format!("{text}T00:00:00Z") } else { text.to_owned() };
        let has_offset = full.ends_with(['Z', 'z']) || full.get(19..).is_some_and(|rest| rest.contains(['+', '-']));
        let full = if has_offset { full } else { format!("{full}Z") };
        DateTime::parse(&full.replace(' ', "T"), Format::DateTime).map_err(|e| e.to_string())
    };
    let date_time = parsed.map_err(|e| {
        format!("`{text}` is not a timestamp (ISO 8601 like 2024-05-01T12:00:00Z, or seconds since 1970): {e}")
    })?;
    match format {
        Format::EpochSeconds => {
            let seconds = date_time.as_secs_f64();
            Ok(if seconds.fract() == 0.0 && seconds.abs() < 1e15 {
                // Whole seconds travel as an integer; the cast is exact below 2^53.
                Value::from(seconds as i64)
            } else {
                Value::from(seconds)
            })
        }
        _ => date_time.fmt(format).map(Value::String).map_err(|e| e.to_string()),
    }
}
