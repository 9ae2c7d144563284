//! Small token helpers shared by the emitters: Rust types, identifiers, docs.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Docs, ModulePath, RustType, TimestampFormat, TypePath};

/// The runtime crate as a path in generated code, `::aws_client_runtime`: with
/// [`runtime_path!`], the one place its name is spelled, so renaming the crate is a
/// change here. Emitters write `#RT::client::call` inside `quote!`.
pub struct Runtime;

impl quote::ToTokens for Runtime {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(quote!(::aws_client_runtime));
    }
}

/// [`Runtime`], to interpolate as `#RT`.
pub const RT: Runtime = Runtime;

/// A path inside the runtime crate as a string literal, for attribute values such as
/// `#[serde(with = "…")]`: `runtime_path!("serde::float")`.
macro_rules! runtime_path {
    ($path:literal) => {
        concat!("::aws_client_runtime::", $path)
    };
}
pub(crate) use runtime_path;

/// An identifier from a resolved name, raw (`r#type`) or plain.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `#[doc = "…"]` lines for documentation (nothing when empty).
pub fn docs(docs: &Docs) -> TokenStream {
    doc_lines(&docs.0)
}

/// The model's documentation, or `fallback` where the model has none, so every public
/// item of a generated crate says at least what it is.
pub fn docs_or(docs: &Docs, fallback: impl FnOnce() -> String) -> TokenStream {
    if docs.0.trim().is_empty() { doc_lines(&fallback()) } else { doc_lines(&docs.0) }
}

/// The line a member without documentation gets.
pub fn member_fallback(member: &crate::ir::Member) -> String {
    format!("The `{}` member.", member.wire_name)
}

/// `#[doc = "…"]` lines for any Markdown text.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().filter(|_| !text.trim().is_empty()).map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#![doc = "…"]` lines (module-level documentation).
pub fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().filter(|_| !text.trim().is_empty()).map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#[deprecated(note = "…")]` when deprecated.
pub fn deprecated(message: &Option<String>) -> TokenStream {
    match message {
        Some(note) if !note.is_empty() => quote!(#[deprecated(note = #note)]),
        Some(_) => quote!(#[deprecated]),
        None => TokenStream::new(),
    }
}

/// The path of a named type from anywhere in the crate.
pub fn type_path(path: &TypePath) -> TokenStream {
    let name = ident(&path.name);
    match &path.module {
        ModulePath::Types => quote!(crate::types::#name),
        ModulePath::Error => quote!(crate::error::#name),
        ModulePath::Operation(module) => {
            let module = ident(module);
            quote!(crate::operation::#module::#name)
        }
    }
}

/// The Rust type of a value.
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::Bool => quote!(bool),
        RustType::Byte => quote!(i8),
        RustType::Short => quote!(i16),
        RustType::Integer => quote!(i32),
        RustType::Long => quote!(i64),
        RustType::Float => quote!(f32),
        RustType::Double => quote!(f64),
        RustType::BigInteger => quote!(#RT::BigInteger),
        RustType::BigDecimal => quote!(#RT::BigDecimal),
        RustType::Blob => quote!(#RT::Blob),
        RustType::ByteStream => quote!(#RT::ByteStream),
        RustType::Timestamp(_) => quote!(#RT::DateTime),
        RustType::Document => quote!(#RT::Document),
        RustType::List { member, sparse } => {
            let member = rust_type(member);
            if *sparse {
                quote!(::std::vec::Vec<::std::option::Option<#member>>)
            } else {
                quote!(::std::vec::Vec<#member>)
            }
        }
        RustType::Map { key, value, sparse } => {
            let (key, value) = (rust_type(key), rust_type(value));
            if *sparse {
                quote!(::std::collections::HashMap<#key, ::std::option::Option<#value>>)
            } else {
                quote!(::std::collections::HashMap<#key, #value>)
            }
        }
        RustType::Named(path) => type_path(path),
    }
}

/// A list element or map value type: `Option<T>` in a `@sparse` collection.
pub fn collection_item(item: &RustType, sparse: bool) -> TokenStream {
    let item = rust_type(item);
    if sparse { quote!(::std::option::Option<#item>) } else { item }
}

/// A member's value type as stored in structures and builders: `Box<T>` when boxed.
pub fn stored_type(member: &crate::ir::Member) -> TokenStream {
    let inner = rust_type(&member.ty);
    if member.boxed { quote!(::std::boxed::Box<#inner>) } else { inner }
}

/// Whether values of the type are `Copy` (and so returned by value from accessors).
pub fn is_copy(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::Bool
            | RustType::Byte
            | RustType::Short
            | RustType::Integer
            | RustType::Long
            | RustType::Float
            | RustType::Double
            | RustType::Timestamp(_)
    )
}

/// The `#[serde(with = …)]` module a value needs beyond its type's own serde impl:
/// non-default timestamp formats and floats (NaN and infinities travel as strings).
pub fn serde_with(ty: &RustType) -> Option<&'static str> {
    match ty {
        RustType::Timestamp(TimestampFormat::DateTime) => Some(runtime_path!("serde::timestamp::date_time")),
        RustType::Timestamp(TimestampFormat::HttpDate) => Some(runtime_path!("serde::timestamp::http_date")),
        RustType::Float | RustType::Double => Some(runtime_path!("serde::float")),
        RustType::List { member, .. } => serde_with(member),
        RustType::Map { value, .. } => serde_with(value),
        _ => None,
    }
}
