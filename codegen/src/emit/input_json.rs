//! Inputs as JSON files: `from_json` and a skeleton with every member, the library
//! form of a command line's "input from a JSON file" and "generate a skeleton".
//!
//! The JSON form is the wire form (member names as they travel, timestamps and blobs
//! encoded as the protocol encodes them), so the skeleton is computed here from the
//! resolved types and emitted as a string literal.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use super::tokens::ident;
use crate::emit::tokens::RT;
use crate::ir::{Operation, RustType, Service, Structure, TimestampFormat, TypeDef, TypeKind, TypePath};

/// `from_json` and `json_skeleton` on an operation's input.
pub fn input_json_impl(service: &Service, operation: &Operation) -> TokenStream {
    let name = ident(&operation.input.name);
    let skeleton = skeleton(service, &operation.input);
    quote! {
        impl #name {
            /// Reads the input from JSON in its wire form: members under their names on
            /// the wire, timestamps and blobs encoded as the protocol sends them (what
            /// [`json_skeleton`](Self::json_skeleton) shows, and what `serde_json`
            /// writes for this type).
            ///
            /// Unlike responses, which may carry members this version does not know,
            /// a member the input does not have is an error naming its path, so that
            /// a misspelt name is not silently dropped. Constraints (`@length`,
            /// `@pattern`, required members) are checked when the input is sent.
            ///
            /// # Errors
            ///
            /// The text is not JSON, a value does not fit its member, or a member is unknown.
            ///
            /// Available with the crate's `serde` feature.
            // Inline: compiled only in crates that call it, so the model crate pays nothing for it.
            #[cfg(feature = "serde")]
            #[inline]
            pub fn from_json(text: &str) -> ::std::result::Result<Self, #RT::input_json::InputJsonError> {
                #RT::input_json::from_json(text)
            }

            /// A JSON document naming every member of the input with a placeholder of
            /// its type (nested structures expanded once, one item per list, one entry
            /// per map, the first member of a union, the value of an enum's first member
            /// in alphabetical order of member names), to fill in and read back with
            /// `from_json` (with the `serde` feature).
            pub fn json_skeleton() -> &'static str {
                #skeleton
            }
        }
    }
}

/// The pretty-printed skeleton of a structure.
pub fn skeleton(service: &Service, structure: &Structure) -> String {
    let mut stack = vec![structure.name.clone()];
    let value = structure_value(service, structure, &mut stack);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn structure_value(service: &Service, structure: &Structure, stack: &mut Vec<String>) -> Value {
    let mut object = Map::new();
    for member in &structure.members {
        object.insert(member.wire_name.clone(), placeholder(service, &member.ty, stack));
    }
    Value::Object(object)
}

fn placeholder(service: &Service, ty: &RustType, stack: &mut Vec<String>) -> Value {
    match ty {
        RustType::String => Value::from("string"),
        RustType::Bool => Value::from(false),
        RustType::Byte | RustType::Short | RustType::Integer | RustType::Long | RustType::BigInteger => Value::from(0),
        RustType::Float | RustType::Double | RustType::BigDecimal => Value::from(0.0),
        // The base64 of "blob".
        RustType::Blob | RustType::ByteStream => Value::from("YmxvYg=="),
        RustType::Timestamp(TimestampFormat::EpochSeconds) => Value::from(0),
        RustType::Timestamp(TimestampFormat::DateTime) => Value::from("1970-01-01T00:00:00Z"),
        RustType::Timestamp(TimestampFormat::HttpDate) => Value::from("Thu, 01 Jan 1970 00:00:00 GMT"),
        RustType::Document => Value::Object(Map::new()),
        RustType::List { member, .. } => Value::Array(vec![placeholder(service, member, stack)]),
        RustType::Map { key, value, .. } => {
            let key = match placeholder(service, key, stack) {
                Value::String(text) => text,
                _ => "key".to_owned(),
            };
            let mut object = Map::new();
            object.insert(key, placeholder(service, value, stack));
            Value::Object(object)
        }
        RustType::Named(path) => named(service, path, stack),
    }
}

fn named(service: &Service, path: &TypePath, stack: &mut Vec<String>) -> Value {
    let found = service.type_def(path);
    match found {
        Some(TypeDef::Enum(enumeration)) => {
            Value::from(enumeration.variants.first().map_or("string", |variant| variant.value.as_str()))
        }
        Some(TypeDef::IntEnum(enumeration)) => {
            Value::from(enumeration.variants.first().map_or(0, |variant| variant.value))
        }
        // A structure already being expanded (a recursive shape) is left empty.
        Some(TypeDef::Structure(structure)) if stack.contains(&structure.name) => Value::Object(Map::new()),
        Some(TypeDef::Structure(structure)) => {
            stack.push(structure.name.clone());
            let value = structure_value(service, structure, stack);
            stack.pop();
            value
        }
        Some(TypeDef::Union(union)) if stack.contains(&union.name) => Value::Object(Map::new()),
        Some(TypeDef::Union(union)) => {
            let mut object = Map::new();
            if let Some(variant) = union.variants.first() {
                stack.push(union.name.clone());
                let value = match &variant.ty {
                    Some(ty) => placeholder(service, ty, stack),
                    None => Value::Object(Map::new()),
                };
                stack.pop();
                object.insert(variant.wire_name.clone(), value);
            }
            Value::Object(object)
        }
        None => match path.kind {
            TypeKind::IntEnum => Value::from(0),
            TypeKind::Enum => Value::from("string"),
            TypeKind::Structure | TypeKind::Union => Value::Object(Map::new()),
        },
    }
}
