//! The traits that set endpoint parameters from outside the rule set, as written:
//! `smithy.rules#clientContextParams` (service settings of the client configuration),
//! `smithy.rules#staticContextParams` (constants of an operation),
//! `smithy.rules#operationContextParams` (JMESPath paths into an operation's input) and
//! `smithy.rules#contextParam` (an input member). Whether each names a parameter of the
//! rule set, of a fitting type, is checked by the resolver.

use serde_json::Value;

use crate::error::Diagnostic;

/// `smithy.rules#clientContextParams`, on a service.
pub const CLIENT_CONTEXT_PARAMS: &str = "smithy.rules#clientContextParams";
/// `smithy.rules#staticContextParams`, on an operation.
pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
/// `smithy.rules#operationContextParams`, on an operation.
pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";
/// `smithy.rules#contextParam`, on an input member.
pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";

/// The type a client context parameter declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextParamType {
    /// `boolean`.
    Boolean,
    /// `string`.
    String,
    /// `stringArray`.
    StringArray,
}

/// One entry of `clientContextParams`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientContextParam {
    /// The rule set parameter it sets.
    pub name: String,
    /// Its declared type.
    pub ty: ContextParamType,
    /// `documentation` (HTML), if any.
    pub documentation: Option<String>,
}

/// A constant of `staticContextParams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticValue {
    /// A boolean.
    Bool(bool),
    /// A string.
    Str(String),
    /// A list of strings.
    StrArray(Vec<String>),
}

/// One entry of `staticContextParams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticContextParam {
    /// The rule set parameter it sets.
    pub name: String,
    /// The value.
    pub value: StaticValue,
}

/// One entry of `operationContextParams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationContextParam {
    /// The rule set parameter it sets.
    pub name: String,
    /// The JMESPath expression on the operation's input, as written. It is parsed when
    /// typed: a path outside the supported subset leaves the parameter unbound with a
    /// warning rather than failing the model.
    pub path: String,
}

/// Decodes `clientContextParams` of the service `owner`.
pub fn client_context_params(owner: &str, value: &Value) -> Result<Vec<ClientContextParam>, Diagnostic> {
    entries(owner, CLIENT_CONTEXT_PARAMS, value)?
        .map(|(name, entry)| {
            let error = |message: &str| Diagnostic::new(format!("{owner} clientContextParams.{name}"), message);
            let ty = match entry.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
                Some("boolean") => ContextParamType::Boolean,
                Some("string") => ContextParamType::String,
                Some("stringarray") => ContextParamType::StringArray,
                other => return Err(error(&format!("unknown type {other:?}"))),
            };
            let documentation = match entry.get("documentation") {
                None => None,
                Some(Value::String(text)) => Some(text.clone()),
                Some(_) => return Err(error("`documentation` is not a string")),
            };
            Ok(ClientContextParam { name: name.clone(), ty, documentation })
        })
        .collect()
}

/// Decodes `staticContextParams` of the operation `owner`.
pub fn static_context_params(owner: &str, value: &Value) -> Result<Vec<StaticContextParam>, Diagnostic> {
    entries(owner, STATIC_CONTEXT_PARAMS, value)?
        .map(|(name, entry)| {
            let value = match entry.get("value") {
                Some(Value::Bool(b)) => Some(StaticValue::Bool(*b)),
                Some(Value::String(s)) => Some(StaticValue::Str(s.clone())),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .map(StaticValue::StrArray),
                _ => None,
            };
            let value = value.ok_or_else(|| {
                Diagnostic::new(
                    owner,
                    format!("staticContextParams `{name}`: `value` must be a boolean, a string or a list of strings"),
                )
            })?;
            Ok(StaticContextParam { name: name.clone(), value })
        })
        .collect()
}

/// Decodes `operationContextParams` of the operation `owner`.
pub fn operation_context_params(owner: &str, value: &Value) -> Result<Vec<OperationContextParam>, Diagnostic> {
    entries(owner, OPERATION_CONTEXT_PARAMS, value)?
        .map(|(name, entry)| {
            let path = entry.get("path").and_then(Value::as_str).ok_or_else(|| {
                Diagnostic::new(owner, format!("operationContextParams `{name}` has no `path` string"))
            })?;
            Ok(OperationContextParam { name: name.clone(), path: path.to_owned() })
        })
        .collect()
}

/// Decodes `contextParam` of the member `owner`: the parameter's name.
pub fn context_param(owner: &str, value: &Value) -> Result<String, Diagnostic> {
    value
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Diagnostic::new(owner, "contextParam has no `name` string"))
}

/// The entries of a trait that maps parameter names to objects.
fn entries<'v>(
    owner: &str,
    id: &str,
    value: &'v Value,
) -> Result<impl Iterator<Item = (&'v String, &'v Value)>, Diagnostic> {
    let Value::Object(entries) = value else {
        return Err(Diagnostic::new(owner, format!("trait `{id}` must be an object of parameters by name")));
    };
    if let Some((name, _)) = entries.iter().find(|(_, entry)| !entry.is_object()) {
        return Err(Diagnostic::new(owner, format!("trait `{id}`: the entry for `{name}` is not an object")));
    }
    Ok(entries.iter())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn client_settings_decode_with_their_types() {
        let params = client_context_params(
            "t#S",
            &json!({"Accelerate": {"type": "boolean", "documentation": "Go fast."}, "Names": {"type": "stringArray"}}),
        )
        .unwrap();
        assert_eq!(params[0].name, "Accelerate");
        assert_eq!(params[0].ty, ContextParamType::Boolean);
        assert_eq!(params[0].documentation.as_deref(), Some("Go fast."));
        assert_eq!(params[1].ty, ContextParamType::StringArray);
        let error = client_context_params("t#S", &json!({"X": {"type": "number"}})).unwrap_err();
        assert_eq!(error.location, "t#S clientContextParams.X");
        assert!(error.message.contains("unknown type"), "{}", error.message);
    }

    #[test]
    fn static_values_are_booleans_strings_or_string_lists() {
        let params = static_context_params("t#Op", &json!({"A": {"value": true}, "B": {"value": ["x", "y"]}})).unwrap();
        assert_eq!(params[0].value, StaticValue::Bool(true));
        assert_eq!(params[1].value, StaticValue::StrArray(vec!["x".to_owned(), "y".to_owned()]));
        let error = static_context_params("t#Op", &json!({"A": {"value": 3}})).unwrap_err();
        assert!(error.message.contains("staticContextParams `A`"), "{}", error.message);
    }

    #[test]
    fn bad_forms_name_the_trait() {
        let error = operation_context_params("t#Op", &json!({"A": {"path": 1}})).unwrap_err();
        assert!(error.message.contains("has no `path` string"), "{}", error.message);
        let error = operation_context_params("t#Op", &json!(["A"])).unwrap_err();
        assert!(error.message.contains(OPERATION_CONTEXT_PARAMS), "{}", error.message);
        let error = static_context_params("t#Op", &json!({"A": true})).unwrap_err();
        assert!(error.message.contains("the entry for `A` is not an object"), "{}", error.message);
        assert!(context_param("t#I$m", &json!({})).is_err());
        assert_eq!(context_param("t#I$m", &json!({"name": "Bucket"})).unwrap(), "Bucket");
    }
}
