//! Reading an operation's input from a JSON document in its wire form, as generated
//! `Input::from_json` does: syntax and type errors with their position, and members
//! the input does not have reported by path instead of being dropped.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why a JSON document is not an input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputJsonError {
    /// The text is not JSON, or a value does not fit its member.
    Invalid {
        /// What serde reported, with line and column.
        message: String,
    },
    /// Members the input does not have, as paths (`imageId.imageTagg`, `tags[1].kye`).
    UnknownMembers(Vec<String>),
}

impl fmt::Display for InputJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputJsonError::Invalid { message } => write!(f, "the input JSON does not fit: {message}"),
            InputJsonError::UnknownMembers(paths) => {
                write!(f, "the input JSON has members the input does not know: {}", paths.join(", "))
            }
        }
    }
}

impl std::error::Error for InputJsonError {}

/// Reads `text` as a `T`, refusing members `T` does not have.
///
/// Unknown members are found by writing the value back: a non-null member of the
/// document that the written form lacks was not read. Map keys survive the round
/// trip, so only structure and union members can be reported.
///
/// # Errors
///
/// [`InputJsonError::Invalid`] for bad JSON or a value of the wrong type,
/// [`InputJsonError::UnknownMembers`] for members `T` does not have.
pub fn from_json<T: DeserializeOwned + Serialize>(text: &str) -> Result<T, InputJsonError> {
    let invalid = |error: serde_json::Error| InputJsonError::Invalid { message: error.to_string() };
    let document: Value = serde_json::from_str(text).map_err(invalid)?;
    let value: T = serde_json::from_str(text).map_err(invalid)?;
    let written = serde_json::to_value(&value).map_err(invalid)?;
    let mut unknown = Vec::new();
    unread_members(&document, &written, "", &mut unknown);
    // In path order whether or not serde_json keeps documents in their order (its
    // `preserve_order` feature, which the `cli` feature turns on).
    unknown.sort();
    if unknown.is_empty() { Ok(value) } else { Err(InputJsonError::UnknownMembers(unknown)) }
}

/// Collects the paths of non-null members of `document` missing from `written`.
fn unread_members(document: &Value, written: &Value, at: &str, unknown: &mut Vec<String>) {
    match (document, written) {
        (Value::Object(members), Value::Object(written_members)) => {
            for (name, value) in members {
                let path = if at.is_empty() { name.clone() } else { format!("{at}.{name}") };
                match written_members.get(name) {
                    Some(written_value) => unread_members(value, written_value, &path, unknown),
                    None if value.is_null() => {}
                    None => unknown.push(path),
                }
            }
        }
        (Value::Array(items), Value::Array(written_items)) => {
            for (index, (item, written_item)) in items.iter().zip(written_items).enumerate() {
                unread_members(item, written_item, &format!("{at}[{index}]"), unknown);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Inner {
        #[serde(rename = "key")]
        key: String,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Input {
        #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<Inner>>,
        #[serde(rename = "labels", default, skip_serializing_if = "Option::is_none")]
        labels: Option<std::collections::BTreeMap<String, Inner>>,
    }

    #[test]
    fn reads_known_members_and_ignores_nulls() {
        let input: Input = from_json(r#"{"name": "a", "tags": [{"key": "k"}], "labels": null}"#).unwrap();
        assert_eq!(input, Input { name: Some("a".into()), tags: Some(vec![Inner { key: "k".into() }]), labels: None });
    }

    #[test]
    fn names_every_unknown_member_by_path() {
        let text = r#"{"nmae": "a", "tags": [{"key": "k"}, {"key": "k", "kye": "x"}], "labels": {"any": {"key": "v", "extra": 1}}}"#;
        assert_eq!(
            from_json::<Input>(text),
            Err(InputJsonError::UnknownMembers(vec![
                "labels.any.extra".to_owned(),
                "nmae".to_owned(),
                "tags[1].kye".to_owned()
            ]))
        );
    }

    #[test]
    fn reports_syntax_and_type_errors_with_position() {
        let Err(InputJsonError::Invalid { message }) = from_json::<Input>("{\"name\": 3}") else { panic!() };
        assert_eq!(message, "invalid type: integer `3`, expected a string at line 1 column 10");
        let Err(InputJsonError::Invalid { message }) = from_json::<Input>("{\"name\": ") else { panic!() };
        assert_eq!(message, "EOF while parsing a value at line 1 column 9");
    }
}
