//! Printing results as the AWS CLI's `json` output does: four-space indentation,
//! `"key": value`, keys in the order the response had them, nothing for an empty
//! result.

use serde::Serialize;
use serde_json::Value;

/// The text printed for a result: empty for `{}` (an operation without output),
/// else the indented JSON and a newline.
pub(super) fn json(value: &Value) -> String {
    if value.as_object().is_some_and(serde_json::Map::is_empty) {
        return String::new();
    }
    let mut text = indented(value);
    text.push('\n');
    text
}

/// `value` indented by four spaces per level.
pub(super) fn indented(value: &Value) -> String {
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    // Writing a `Value` into a `Vec` cannot fail, and serde_json writes UTF-8.
    match value.serialize(&mut serializer) {
        Ok(()) => String::from_utf8(bytes).unwrap_or_default(),
        Err(_) => value.to_string(),
    }
}

/// A skeleton as the AWS CLI prints it: the generated wire JSON re-indented.
pub(super) fn skeleton(text: &str) -> Result<String, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("the generated skeleton is not JSON: {e}"))?;
    let mut text = indented(&value);
    text.push('\n');
    Ok(text)
}
