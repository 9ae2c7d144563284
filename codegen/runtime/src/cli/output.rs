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

/// The AWS CLI's `text` output: one line per object of scalars (values in key
/// order, tab-separated, prefixed by the upper-cased key that holds the object),
/// lists of scalars on one line, nested objects and lists after their parent.
pub(super) fn text(value: &Value) -> String {
    let mut out = String::new();
    text_item(value, None, None, &mut out);
    out
}

fn text_item(value: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match value {
        Value::Object(map) => text_object(map, identifier, scalar_keys, out),
        Value::Array(items) => text_list(items, identifier, out),
        scalar => {
            out.push_str(&python_str(scalar));
            out.push('\n');
        }
    }
}

fn text_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        // Every object of the list gets the same columns: all scalar keys, sorted.
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|map| map.iter().filter(|(_, v)| !is_container(v)).map(|(k, _)| k.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        for item in items {
            text_item(item, identifier, Some(&keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) = items.iter().partition(|v| !is_container(v));
        if !scalars.is_empty() {
            scalar_line(&scalars, identifier, out);
        }
        for item in nested {
            text_item(item, identifier, None, out);
        }
    } else {
        scalar_line(&items.iter().collect::<Vec<_>>(), identifier, out);
    }
}

fn scalar_line(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(identifier) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", identifier.to_uppercase(), python_str(item)));
            }
        }
        None => {
            let line: Vec<String> = items.iter().map(|item| python_str(item)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}

fn text_object(
    map: &serde_json::Map<String, Value>,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    let mut scalars = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (key, value) in entries {
                if is_container(value) { nested.push((key, value)) } else { scalars.push(python_str(value)) }
            }
        }
        Some(keys) => {
            scalars.extend(keys.iter().map(|key| map.get(key).map(python_str).unwrap_or_default()));
            let mut rest: Vec<(&String, &Value)> = map.iter().filter(|(key, _)| !keys.contains(key)).collect();
            rest.sort_by(|a, b| a.0.cmp(b.0));
            nested.extend(rest);
        }
    }
    if !scalars.is_empty() {
        if let Some(identifier) = identifier {
            scalars.insert(0, identifier.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        text_item(value, Some(key), None, out);
    }
}

fn is_container(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

/// A scalar as Python's `str` writes it, which the AWS CLI's text output uses.
pub(super) fn python_str(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        container => container.to_string(),
    }
}
