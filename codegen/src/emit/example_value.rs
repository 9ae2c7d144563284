//! Spelling typed example values ([`crate::ir::example`]) two ways: as Rust expressions
//! that build them through the generated builders, and as the JSON they are on the wire.

use aws_client_runtime::serde::timestamp::TimestampValue;
use aws_client_runtime::{DateTime, Format, base64};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::example::{ExampleValue, StructValue};
use crate::ir::{ModulePath, RustType, TimestampFormat, TypePath};

/// How expressions name types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    /// Absolute paths, for generated code inside a generated crate (`crate::types::X`,
    /// `::aws_client_runtime::Blob`).
    Crate,
    /// Short paths for rustdoc examples, after `use <crate>::{primitives, types};`.
    Doc,
}

impl Paths {
    fn named(self, path: &TypePath) -> TokenStream {
        match (self, &path.module) {
            (Paths::Doc, ModulePath::Types) => {
                let name = ident(&path.name);
                quote!(types::#name)
            }
            _ => tokens::type_path(path),
        }
    }

    fn primitive(self, name: &str) -> TokenStream {
        let name = format_ident!("{name}");
        match self {
            Paths::Crate => quote!(#RT::#name),
            Paths::Doc => quote!(primitives::#name),
        }
    }

    /// A std item: its absolute path in generated code, its prelude name in docs.
    fn pick(self, absolute: TokenStream, short: TokenStream) -> TokenStream {
        match self {
            Paths::Crate => absolute,
            Paths::Doc => short,
        }
    }
}

/// The builder chain `Path::builder().member(..)….build()` of a structure value, with
/// `?` when the builder can fail.
pub fn struct_expr(value: &StructValue, paths: Paths) -> TokenStream {
    let path = paths.named(&value.path);
    let setters = setter_calls(value, paths);
    let question = value.fallible.then(|| quote!(?));
    quote!(#path::builder() #(#setters)* .build() #question)
}

/// The setter calls that put a structure value's members into a builder (or a fluent
/// builder, whose setters have the same names and forms).
pub fn setter_calls(value: &StructValue, paths: Paths) -> Vec<TokenStream> {
    let mut calls = Vec::new();
    for field in &value.fields {
        let name = ident(&field.field);
        let set = format_ident!("set_{}", field.word);
        let some = paths.pick(quote!(::std::option::Option::Some), quote!(Some));
        match &field.value {
            ExampleValue::List { items, sparse: false, .. } if !items.is_empty() => {
                calls.extend(items.iter().map(|item| {
                    let item = into_arg(item, paths);
                    quote!(.#name(#item))
                }));
            }
            ExampleValue::Map { entries, sparse: false, .. } if !entries.is_empty() => {
                calls.extend(entries.iter().map(|(key, item)| {
                    let (key, item) = (into_arg(key, paths), into_arg(item, paths));
                    quote!(.#name(#key, #item))
                }));
            }
            collection @ (ExampleValue::List { .. } | ExampleValue::Map { .. }) => {
                let collection = exact(collection, paths);
                calls.push(quote!(.#set(#some(#collection))));
            }
            other => {
                let value = into_arg(other, paths);
                calls.push(quote!(.#name(#value)));
            }
        }
    }
    calls
}

/// An argument for an `impl Into<T>` parameter: string literals stay literals.
fn into_arg(value: &ExampleValue, paths: Paths) -> TokenStream {
    match value {
        ExampleValue::Str(text) => quote!(#text),
        other => exact(other, paths),
    }
}

/// An expression of exactly the value's Rust type.
pub fn exact(value: &ExampleValue, paths: Paths) -> TokenStream {
    match value {
        ExampleValue::Null => paths.pick(quote!(::std::option::Option::None), quote!(None)),
        ExampleValue::Str(text) => {
            let string = paths.pick(quote!(::std::string::String), quote!(String));
            quote!(#string::from(#text))
        }
        ExampleValue::Bool(b) => quote!(#b),
        ExampleValue::Int(ty, v) => match ty {
            RustType::Byte => literal(Literal::i8_suffixed(*v as i8)),
            RustType::Short => literal(Literal::i16_suffixed(*v as i16)),
            RustType::Long => literal(Literal::i64_suffixed(*v)),
            _ => literal(Literal::i64_unsuffixed(*v)),
        },
        ExampleValue::Float(ty, v) => float_expr(ty, *v),
        ExampleValue::BigNumber(ty, text) => {
            let ty = paths.primitive(if *ty == RustType::BigInteger { "BigInteger" } else { "BigDecimal" });
            quote!(#text.parse::<#ty>()?)
        }
        ExampleValue::Timestamp { secs, nanos, .. } => {
            let date_time = paths.primitive("DateTime");
            let whole = Literal::i64_unsuffixed(*secs);
            match *nanos {
                0 => quote!(#date_time::from_secs(#whole)),
                nanos => {
                    let nanos = Literal::u32_unsuffixed(nanos);
                    quote!(#date_time::from_secs_and_nanos(#whole, #nanos))
                }
            }
        }
        ExampleValue::Blob(bytes) => {
            let blob = paths.primitive("Blob");
            match std::str::from_utf8(bytes) {
                Ok(text) => quote!(#blob::from(#text)),
                Err(_) => {
                    let bytes = Literal::byte_string(bytes);
                    quote!(#blob::new(#bytes.to_vec()))
                }
            }
        }
        ExampleValue::Document(json) => {
            let document = paths.primitive("Document");
            let from_str = match paths {
                Paths::Crate => quote!(#RT::serde_json::from_str),
                Paths::Doc => quote!(aws_client_runtime::serde_json::from_str),
            };
            quote!(#from_str::<#document>(#json)?)
        }
        ExampleValue::List { items, sparse, .. } => {
            if items.is_empty() {
                let vec = paths.pick(quote!(::std::vec::Vec), quote!(Vec));
                return quote!(#vec::new());
            }
            let items = items.iter().map(|item| optional(item, *sparse, paths));
            let vec = paths.pick(quote!(::std::vec!), quote!(vec!));
            quote!(#vec[#(#items),*])
        }
        ExampleValue::Map { entries, sparse, .. } => {
            let map = paths.pick(quote!(::std::collections::HashMap), quote!(std::collections::HashMap));
            if entries.is_empty() {
                return quote!(#map::new());
            }
            let entries = entries.iter().map(|(key, item)| {
                let (key, item) = (exact(key, paths), optional(item, *sparse, paths));
                quote!((#key, #item))
            });
            quote!(#map::from([#(#entries),*]))
        }
        ExampleValue::Struct(value) => struct_expr(value, paths),
        ExampleValue::Enum { path, variant, .. } | ExampleValue::IntEnum { path, variant, .. } => {
            let (path, variant) = (paths.named(path), ident(variant));
            quote!(#path::#variant)
        }
        ExampleValue::Union { path, variant, value, boxed, .. } => {
            let (path, variant) = (paths.named(path), ident(variant));
            match value {
                None => quote!(#path::#variant),
                Some(value) => {
                    let value = exact(value, paths);
                    let value = if *boxed {
                        let boxed = paths.pick(quote!(::std::boxed::Box), quote!(Box));
                        quote!(#boxed::new(#value))
                    } else {
                        value
                    };
                    quote!(#path::#variant(#value))
                }
            }
        }
    }
}

/// An element of a sparse collection is an `Option`.
fn optional(value: &ExampleValue, sparse: bool, paths: Paths) -> TokenStream {
    match value {
        ExampleValue::Null => exact(value, paths),
        _ if sparse => {
            let (some, value) = (paths.pick(quote!(::std::option::Option::Some), quote!(Some)), exact(value, paths));
            quote!(#some(#value))
        }
        _ => exact(value, paths),
    }
}

fn float_expr(ty: &RustType, v: f64) -> TokenStream {
    let is_f32 = *ty == RustType::Float;
    let constant = if v.is_nan() {
        Some(quote!(NAN))
    } else if v == f64::INFINITY {
        Some(quote!(INFINITY))
    } else if v == f64::NEG_INFINITY {
        Some(quote!(NEG_INFINITY))
    } else {
        None
    };
    match (constant, is_f32) {
        (Some(name), true) => quote!(::std::primitive::f32::#name),
        (Some(name), false) => quote!(::std::primitive::f64::#name),
        (None, true) => literal(Literal::f32_suffixed(v as f32)),
        (None, false) => literal(Literal::f64_unsuffixed(v)),
    }
}

fn literal(literal: Literal) -> TokenStream {
    quote!(#literal)
}

/// The value as it travels: wire names, enum values, base64 blobs, timestamps in the
/// member's format, non-finite floats as strings.
pub fn wire_json(value: &ExampleValue) -> Value {
    match value {
        ExampleValue::Null => Value::Null,
        ExampleValue::Str(text) => Value::String(text.clone()),
        ExampleValue::Bool(b) => Value::Bool(*b),
        ExampleValue::Int(_, v) => Value::from(*v),
        ExampleValue::Float(ty, v) => {
            if v.is_nan() {
                Value::from("NaN")
            } else if v.is_infinite() {
                Value::from(if *v > 0.0 { "Infinity" } else { "-Infinity" })
            } else if *ty == RustType::Float {
                // What serde makes of the `f32` the generated type holds.
                Value::from(f64::from(*v as f32))
            } else {
                Value::from(*v)
            }
        }
        ExampleValue::BigNumber(_, text) => {
            serde_json::from_str(text.trim_start_matches('+')).unwrap_or_else(|_| Value::String(text.clone()))
        }
        ExampleValue::Timestamp { secs, nanos, format } => timestamp_json(*secs, *nanos, *format),
        ExampleValue::Blob(bytes) => Value::String(base64::encode(bytes)),
        ExampleValue::Document(json) => serde_json::from_str(json).unwrap_or(Value::Null),
        ExampleValue::List { items, .. } => Value::Array(items.iter().map(wire_json).collect()),
        ExampleValue::Map { entries, .. } => Value::Object(
            entries
                .iter()
                .map(|(key, item)| {
                    let key = match wire_json(key) {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    (key, wire_json(item))
                })
                .collect(),
        ),
        ExampleValue::Struct(value) => struct_json(value),
        ExampleValue::Enum { value, .. } => Value::String(value.clone()),
        ExampleValue::IntEnum { value, .. } => Value::from(*value),
        ExampleValue::Union { wire_name, value, .. } => {
            let inner = value.as_deref().map_or_else(|| Value::Object(Default::default()), wire_json);
            Value::Object([(wire_name.clone(), inner)].into_iter().collect())
        }
    }
}

/// A structure value as the JSON object it is on the wire.
pub fn struct_json(value: &StructValue) -> Value {
    Value::Object(value.fields.iter().map(|f| (f.wire_name.clone(), wire_json(&f.value))).collect())
}

/// The part of a structure value in its serde form: the members in the body.
pub fn body_json(value: &StructValue) -> Value {
    let fields = value.fields.iter().filter(|f| f.in_body);
    Value::Object(fields.map(|f| (f.wire_name.clone(), wire_json(&f.value))).collect())
}

/// A timestamp as the runtime writes it in `format`.
fn timestamp_json(secs: i64, nanos: u32, format: TimestampFormat) -> Value {
    let time = DateTime::from_secs_and_nanos(secs, nanos);
    let format = match format {
        TimestampFormat::EpochSeconds => Format::EpochSeconds,
        TimestampFormat::DateTime => Format::DateTime,
        TimestampFormat::HttpDate => Format::HttpDate,
    };
    // Only years outside 0000..=9999 in a text format fail; the runtime refuses to
    // send those too, so the generated test fails there with the runtime's own error.
    time.serialize_timestamp(format, serde_json::value::Serializer).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_each_wire_format() {
        assert_eq!(timestamp_json(1_763_416_833, 0, TimestampFormat::EpochSeconds), Value::from(1_763_416_833));
        assert_eq!(timestamp_json(1, 250_000_000, TimestampFormat::EpochSeconds), Value::from(1.25));
        assert_eq!(timestamp_json(1_763_416_833, 0, TimestampFormat::DateTime), Value::from("2025-11-17T22:00:33Z"));
        assert_eq!(timestamp_json(-1, 500_000_000, TimestampFormat::DateTime), Value::from("1969-12-31T23:59:59.5Z"));
        assert_eq!(
            timestamp_json(784_111_777, 0, TimestampFormat::HttpDate),
            Value::from("Sun, 06 Nov 1994 08:49:37 GMT")
        );
    }
}
