//! Traits kept as id → JSON, with typed accessors for the traits the generator uses.
//!
//! An accessor returns an error naming the shape or member when a trait's value has
//! the wrong form, so a malformed model never panics the generator.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{context_params, examples, waiters};
use crate::error::Diagnostic;

/// The traits applied to a shape or member, by absolute trait id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Traits(pub BTreeMap<String, Value>);

/// A `@default` value as written in the model.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `@default(null)`: the member stays nullable.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (integers keep their exact value).
    Number(serde_json::Number),
    /// A string (also used for enums, blobs in base64 and timestamps as text).
    String(String),
    /// The empty list `[]`.
    EmptyList,
    /// The empty map `{}`.
    EmptyMap,
    /// Any other document value.
    Document(Value),
}

/// `@length` or `@range` bounds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LengthRange {
    /// Inclusive lower bound.
    pub min: Option<serde_json::Number>,
    /// Inclusive upper bound.
    pub max: Option<serde_json::Number>,
}

/// The `@paginated` trait.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paginated {
    /// Input member holding the continuation token.
    pub input_token: Option<String>,
    /// Output member path holding the next token.
    pub output_token: Option<String>,
    /// Output member path holding the items.
    pub items: Option<String>,
    /// Input member limiting the page size.
    pub page_size: Option<String>,
}

/// One `(value, name)` entry of a Smithy 1.0 `@enum` trait.
pub type LegacyEnumValue = (String, Option<String>);

const PRELUDE: &str = "smithy.api#";

impl Traits {
    /// Builds the trait map, turning relative prelude ids (`required`) into absolute ones.
    pub(super) fn from_raw(owner: &str, raw: BTreeMap<String, Value>) -> Result<Traits, Diagnostic> {
        let mut traits = BTreeMap::new();
        for (id, value) in raw {
            let absolute = if id.contains('#') { id } else { format!("{PRELUDE}{id}") };
            if traits.insert(absolute.clone(), value).is_some() {
                return Err(Diagnostic::new(owner, format!("trait `{absolute}` is applied twice")));
            }
        }
        Ok(Traits(traits))
    }

    /// Whether a trait is present.
    pub fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// The raw value of a trait.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    /// A trait whose value must be a string.
    pub fn string(&self, owner: &str, id: &str) -> Result<Option<&str>, Diagnostic> {
        match self.0.get(id) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(wrong_form(owner, id, "a string", other)),
        }
    }

    /// A string field of an object-valued trait.
    pub fn object_string(&self, owner: &str, id: &str, field: &str) -> Result<Option<&str>, Diagnostic> {
        match self.0.get(id) {
            None => Ok(None),
            Some(Value::Object(map)) => match map.get(field) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(other) => Err(wrong_form(owner, &format!("{id}.{field}"), "a string", other)),
            },
            Some(other) => Err(wrong_form(owner, id, "an object", other)),
        }
    }

    /// `@documentation`.
    pub fn documentation(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.string(owner, "smithy.api#documentation")
    }

    /// `@required`.
    pub fn required(&self) -> bool {
        self.has("smithy.api#required")
    }

    /// `@clientOptional`.
    pub fn client_optional(&self) -> bool {
        self.has("smithy.api#clientOptional")
    }

    /// `@sensitive`.
    pub fn sensitive(&self) -> bool {
        self.has("smithy.api#sensitive")
    }

    /// `@sparse`.
    pub fn sparse(&self) -> bool {
        self.has("smithy.api#sparse")
    }

    /// `@idempotencyToken`.
    pub fn idempotency_token(&self) -> bool {
        self.has("smithy.api#idempotencyToken")
    }

    /// `@streaming` (event streams and streaming blobs).
    pub fn streaming(&self) -> bool {
        self.has("smithy.api#streaming")
    }

    /// `@httpChecksumRequired`.
    pub fn http_checksum_required(&self) -> bool {
        self.has("smithy.api#httpChecksumRequired")
    }

    /// `@mediaType`: the media type of a string or blob's content.
    pub fn media_type(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.string(owner, "smithy.api#mediaType")
    }

    /// `@jsonName`.
    pub fn json_name(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.string(owner, "smithy.api#jsonName")
    }

    /// `@timestampFormat`, checked against the three formats Smithy defines.
    pub fn timestamp_format(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        let format = self.string(owner, "smithy.api#timestampFormat")?;
        match format {
            None | Some("epoch-seconds" | "date-time" | "http-date") => Ok(format),
            Some(other) => Err(Diagnostic::new(
                owner,
                format!("unknown @timestampFormat `{other}` (expected epoch-seconds, date-time or http-date)"),
            )),
        }
    }

    /// `@deprecated`: `Some(message)` when present (the message may be empty).
    pub fn deprecated(&self, owner: &str) -> Result<Option<String>, Diagnostic> {
        let Some(value) = self.0.get("smithy.api#deprecated") else { return Ok(None) };
        let field = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
        if !value.is_object() {
            return Err(wrong_form(owner, "smithy.api#deprecated", "an object", value));
        }
        let message = match (field("message"), field("since")) {
            (Some(message), Some(since)) => format!("{message} (since {since})"),
            (Some(message), None) => message,
            (None, Some(since)) => format!("deprecated since {since}"),
            (None, None) => String::new(),
        };
        Ok(Some(message))
    }

    /// `@error`: `client` or `server`.
    pub fn error(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        let fault = self.string(owner, "smithy.api#error")?;
        match fault {
            None | Some("client" | "server") => Ok(fault),
            Some(other) => Err(Diagnostic::new(owner, format!("@error must be `client` or `server`, found `{other}`"))),
        }
    }

    /// `@default`.
    pub fn default_value(&self) -> Option<DefaultValue> {
        self.0.get("smithy.api#default").map(|value| match value {
            Value::Null => DefaultValue::Null,
            Value::Bool(b) => DefaultValue::Bool(*b),
            Value::Number(n) => DefaultValue::Number(n.clone()),
            Value::String(s) => DefaultValue::String(s.clone()),
            Value::Array(items) if items.is_empty() => DefaultValue::EmptyList,
            Value::Object(map) if map.is_empty() => DefaultValue::EmptyMap,
            other => DefaultValue::Document(other.clone()),
        })
    }

    /// `@enumValue` of an `enum` member (a string).
    pub fn enum_value_string(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.string(owner, "smithy.api#enumValue")
    }

    /// `@enumValue` of an `intEnum` member (an integer).
    pub fn enum_value_int(&self, owner: &str) -> Result<Option<i64>, Diagnostic> {
        match self.0.get("smithy.api#enumValue") {
            None => Ok(None),
            Some(value) => value
                .as_i64()
                .filter(|v| i32::try_from(*v).is_ok())
                .map(Some)
                .ok_or_else(|| wrong_form(owner, "smithy.api#enumValue", "a 32-bit integer", value)),
        }
    }

    /// `@length` or `@range` (`id` names which).
    pub fn bounds(&self, owner: &str, id: &str) -> Result<Option<LengthRange>, Diagnostic> {
        let Some(value) = self.0.get(id) else { return Ok(None) };
        let Value::Object(map) = value else { return Err(wrong_form(owner, id, "an object", value)) };
        let bound = |name: &str| match map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(n.clone())),
            Some(other) => Err(wrong_form(owner, &format!("{id}.{name}"), "a number", other)),
        };
        Ok(Some(LengthRange { min: bound("min")?, max: bound("max")? }))
    }

    /// `@pattern`.
    pub fn pattern(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.string(owner, "smithy.api#pattern")
    }

    /// `@paginated`.
    pub fn paginated(&self, owner: &str) -> Result<Option<Paginated>, Diagnostic> {
        let id = "smithy.api#paginated";
        if !self.has(id) {
            return Ok(None);
        }
        Ok(Some(Paginated {
            input_token: self.object_string(owner, id, "inputToken")?.map(str::to_owned),
            output_token: self.object_string(owner, id, "outputToken")?.map(str::to_owned),
            items: self.object_string(owner, id, "items")?.map(str::to_owned),
            page_size: self.object_string(owner, id, "pageSize")?.map(str::to_owned),
        }))
    }

    /// `@httpError` status code.
    pub fn http_error(&self, owner: &str) -> Result<Option<u16>, Diagnostic> {
        match self.0.get("smithy.api#httpError") {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .and_then(|v| u16::try_from(v).ok())
                .filter(|v| (100..600).contains(v))
                .map(Some)
                .ok_or_else(|| wrong_form(owner, "smithy.api#httpError", "an HTTP status code", value)),
        }
    }

    /// `@retryable`: `Some(throttling)` when present.
    pub fn retryable(&self) -> Option<bool> {
        self.0
            .get("smithy.api#retryable")
            .map(|value| value.get("throttling").and_then(Value::as_bool).unwrap_or(false))
    }

    /// `@endpoint(hostPrefix: …)`.
    pub fn host_prefix(&self, owner: &str) -> Result<Option<&str>, Diagnostic> {
        self.object_string(owner, "smithy.api#endpoint", "hostPrefix")
    }

    /// `@requestCompression(encodings: [...])`: the encodings an operation's request
    /// body may be compressed with, in the model's order of preference.
    pub fn request_compression(&self, owner: &str) -> Result<Option<Vec<String>>, Diagnostic> {
        let id = "smithy.api#requestCompression";
        let Some(value) = self.0.get(id) else { return Ok(None) };
        let expected = "an object with `encodings`, a list of strings";
        let Some(Value::Array(items)) = value.get("encodings") else {
            return Err(wrong_form(owner, id, expected, value));
        };
        items
            .iter()
            .map(|item| item.as_str().map(str::to_owned).ok_or_else(|| wrong_form(owner, id, expected, value)))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// Smithy 1.0 `@enum` on a string shape: `(value, name)` pairs.
    pub fn legacy_enum(&self, owner: &str) -> Result<Option<Vec<LegacyEnumValue>>, Diagnostic> {
        let id = "smithy.api#enum";
        let Some(value) = self.0.get(id) else { return Ok(None) };
        let Value::Array(items) = value else { return Err(wrong_form(owner, id, "a list", value)) };
        let mut values = Vec::new();
        for item in items {
            let Some(text) = item.get("value").and_then(Value::as_str) else {
                return Err(wrong_form(owner, id, "a list of {value, name} objects", item));
            };
            let name = item.get("name").and_then(Value::as_str).map(str::to_owned);
            values.push((text.to_owned(), name));
        }
        Ok(Some(values))
    }
}

pub(super) fn wrong_form(owner: &str, trait_id: &str, expected: &str, found: &Value) -> Diagnostic {
    let mut shown = found.to_string();
    if shown.len() > 60 {
        let mut cut = 57;
        while !shown.is_char_boundary(cut) {
            cut -= 1;
        }
        shown.truncate(cut);
        shown.push_str("...");
    }
    Diagnostic::new(owner, format!("trait `{trait_id}` must be {expected}, found {shown}"))
}

/// Accessors of the traits decoded in modules of their own.
impl Traits {
    /// `smithy.rules#clientContextParams` of a service; empty when absent.
    pub fn client_context_params(&self, owner: &str) -> Result<Vec<context_params::ClientContextParam>, Diagnostic> {
        self.decoded(context_params::CLIENT_CONTEXT_PARAMS, |value| context_params::client_context_params(owner, value))
    }

    /// `smithy.rules#staticContextParams` of an operation; empty when absent.
    pub fn static_context_params(&self, owner: &str) -> Result<Vec<context_params::StaticContextParam>, Diagnostic> {
        self.decoded(context_params::STATIC_CONTEXT_PARAMS, |value| context_params::static_context_params(owner, value))
    }

    /// `smithy.rules#operationContextParams` of an operation; empty when absent.
    pub fn operation_context_params(
        &self,
        owner: &str,
    ) -> Result<Vec<context_params::OperationContextParam>, Diagnostic> {
        self.decoded(context_params::OPERATION_CONTEXT_PARAMS, |value| {
            context_params::operation_context_params(owner, value)
        })
    }

    /// `smithy.rules#contextParam` of an input member: the parameter it sets.
    pub fn context_param(&self, owner: &str) -> Result<Option<String>, Diagnostic> {
        self.0.get(context_params::CONTEXT_PARAM).map(|value| context_params::context_param(owner, value)).transpose()
    }

    /// `smithy.api#examples` of an operation; empty when absent.
    pub fn examples(&self, owner: &str) -> Result<Vec<examples::ExampleDefinition>, Diagnostic> {
        self.decoded(examples::EXAMPLES, |value| examples::examples(owner, value))
    }

    /// `smithy.test#smokeTests` of an operation; empty when absent.
    pub fn smoke_tests(&self, owner: &str) -> Result<Vec<examples::SmokeTestDefinition>, Diagnostic> {
        self.decoded(examples::SMOKE_TESTS, |value| examples::smoke_tests(owner, value))
    }

    /// `smithy.waiters#waitable` of an operation, sorted by name; empty when absent.
    pub fn waiters(&self, owner: &str) -> Result<Vec<waiters::WaiterDefinition>, Diagnostic> {
        self.decoded(waiters::WAITABLE, |value| waiters::decode(owner, value))
    }

    /// A list-valued trait decoded by `decode`, or an empty list when absent.
    fn decoded<T>(
        &self,
        id: &str,
        decode: impl FnOnce(&Value) -> Result<Vec<T>, Diagnostic>,
    ) -> Result<Vec<T>, Diagnostic> {
        self.0.get(id).map_or_else(|| Ok(Vec::new()), decode)
    }
}
