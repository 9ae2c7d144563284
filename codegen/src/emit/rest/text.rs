//! Scalars as the text of a URI label, a query parameter or a header, and back.
//!
//! Most types go through the runtime's `ToText`/`FromText`; timestamps carry their
//! format in the IR, enums are written by their wire text, and a `@mediaType` string
//! travels in base64 in a header.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::tokens;
use crate::emit::tokens::RT;
use crate::ir::{RustType, TimestampFormat, TypeKind};

/// The runtime's name of a timestamp format.
pub fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(#RT::Format::EpochSeconds),
        TimestampFormat::DateTime => quote!(#RT::Format::DateTime),
        TimestampFormat::HttpDate => quote!(#RT::Format::HttpDate),
    }
}

/// Whether a value of `ty` can be the text of a label, query parameter or header.
pub fn is_scalar(ty: &RustType) -> bool {
    match ty {
        RustType::Named(path) => matches!(path.kind, TypeKind::Enum | TypeKind::IntEnum),
        RustType::Document | RustType::List { .. } | RustType::Map { .. } => false,
        _ => true,
    }
}

/// A `String` expression: the text of `value` (an expression of type `&T`). Used in a
/// function returning `Result<_, String>`, since a timestamp may not fit its format.
/// `base64` is set for a `@mediaType` string in a header.
pub fn to_text(ty: &RustType, value: TokenStream, base64: bool) -> TokenStream {
    match ty {
        RustType::String if base64 => quote!(#RT::protocol::rest::headers::media_type_value(#value)),
        RustType::Timestamp(format) => {
            let format = format_tokens(*format);
            quote!(#RT::DateTime::fmt(*#value, #format).map_err(|error| error.to_string())?)
        }
        RustType::Named(path) if path.kind == TypeKind::Enum => quote!(#value.as_str().to_owned()),
        RustType::Named(path) if path.kind == TypeKind::IntEnum => quote!(#value.as_i32().to_string()),
        _ => quote!(#RT::protocol::rest::text::ToText::to_text(#value)),
    }
}

/// A `Result<T, String>` expression: `text` (an expression of type `&str`) read as a
/// value of `ty`. `base64` is set for a `@mediaType` string in a header.
pub fn from_text(ty: &RustType, text: TokenStream, base64: bool) -> TokenStream {
    match ty {
        RustType::String if base64 => quote! {
            #RT::protocol::rest::headers::read_media_type(#text).map_err(|error| error.to_string())
        },
        RustType::Timestamp(format) => {
            let format = format_tokens(*format);
            quote! {
                #RT::DateTime::parse(#text.trim(), #format).map_err(|error| error.message().to_owned())
            }
        }
        RustType::Named(path) if path.kind == TypeKind::Enum => {
            let path = tokens::type_path(path);
            quote!(::std::result::Result::<_, ::std::string::String>::Ok(#path::from(#text.trim())))
        }
        RustType::Named(path) if path.kind == TypeKind::IntEnum => {
            let path = tokens::type_path(path);
            quote!(<i32 as #RT::protocol::rest::text::FromText>::from_text(#text).map(#path::from))
        }
        _ => {
            let ty = tokens::rust_type(ty);
            quote!(<#ty as #RT::protocol::rest::text::FromText>::from_text(#text))
        }
    }
}
