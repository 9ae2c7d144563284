//! The JSON form of the generated types, as generated code on the runtime's `json`
//! module: an impl of `WriteJson` and `ReadJson` per structure, union and enum.
//!
//! This form is the awsJson body, the body members of restJson1 inputs, outputs and
//! errors (members bound to the URI, headers, payload or status are the protocol's
//! generated code to write and read), and what a mocked client exchanges for every
//! protocol. Members travel under their wire names; absent and `null` members read
//! as absent; required members a response leaves out read as their zero value, and
//! members with a model default as that default; unknown members are skipped.
//!
//! The methods are `#[inline]`, so that (as with serde's generic derives) a model crate
//! compiles none of them to machine code: each is compiled where it is used, and the
//! reader of an input or the writer of an output that no program calls costs nothing.
//!
//! Scalars, blobs, documents and named types go through their trait impls; lists,
//! maps and timestamps (whose text depends on the member) through the runtime's
//! helpers, nested as deep as the type is.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens as _, format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::{Binding, DefaultExpr, Member, Presence, RustType, Structure, StructureRole, TimestampFormat, Union};

/// `WriteJson` and `ReadJson` for a structure: its members bound to the body.
pub fn structure_impls(structure: &Structure) -> TokenStream {
    let name = ident(&structure.name);
    let body: Vec<&Member> = structure.members.iter().filter(|m| m.binding == Binding::Body).collect();
    let writes = body.iter().map(|member| {
        let field = ident(&member.field);
        let wire = &member.wire_name;
        match member.presence {
            Presence::Optional => {
                let write = write_call(&member.ty, &quote!(value));
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#field {
                        writer.key(#wire);
                        #write?;
                    }
                }
            }
            _ => {
                let write = write_call(&member.ty, &quote!(&self.#field));
                quote! {
                    writer.key(#wire);
                    #write?;
                }
            }
        }
    });
    let message_member = match &structure.role {
        StructureRole::Error(info) => info.message_member.map(|index| structure.members[index].model_name.as_str()),
        _ => None,
    };
    let locals = body.iter().map(|member| {
        let local = local(member);
        let ty = tokens::stored_type(member);
        quote!(let mut #local: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let arms = body.iter().map(|member| {
        let local = local(member);
        let wire = &member.wire_name;
        // Services differ in the capitalisation of an error's message key.
        let keys = if message_member == Some(member.model_name.as_str()) {
            let other = if wire == "message" { "Message" } else { "message" };
            quote!(#wire | #other)
        } else {
            quote!(#wire)
        };
        let read = read_fn(&member.ty, member.boxed);
        quote! {
            #keys => #local = #RT::json::nullable(reader, #read).map_err(|error| error.in_member(#wire))?,
        }
    });
    let walk = if body.is_empty() {
        quote! {
            while reader.next_key()?.is_some() {
                reader.skip()?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(key) = reader.next_key()? {
                match &*key {
                    #(#arms)*
                    _ => reader.skip()?,
                }
            }
        }
    };
    let fields = structure.members.iter().map(|member| {
        let field = ident(&member.field);
        let fallback = match &member.presence {
            Presence::Optional => None,
            Presence::Required | Presence::Defaulted(DefaultExpr::Zero) => Some(quote!(#RT::serde::ZeroValue::zero)),
            Presence::Defaulted(_) => Some(format_ident!("default_{}", member.word).into_token_stream()),
        };
        // Members bound outside the body start from their fallback; the protocol's
        // generated reader fills them in.
        let value = match (member.binding == Binding::Body, fallback) {
            (true, None) => local(member).into_token_stream(),
            (true, Some(fallback)) => {
                let local = local(member);
                quote!(#local.unwrap_or_else(#fallback))
            }
            (false, None) => quote!(::std::option::Option::None),
            (false, Some(fallback)) => quote!(#fallback()),
        };
        quote!(#field: #value,)
    });
    quote! {
        impl #RT::json::WriteJson for #name {
            #[inline]
            fn write_json(&self, writer: &mut #RT::json::JsonWriter) -> ::std::result::Result<(), #RT::json::JsonWriteError> {
                writer.begin_object();
                #(#writes)*
                writer.end_object();
                ::std::result::Result::Ok(())
            }
        }

        impl #RT::json::ReadJson for #name {
            #[inline]
            fn read_json(reader: &mut #RT::json::JsonReader<'_>) -> ::std::result::Result<Self, #RT::json::JsonError> {
                #(#locals)*
                reader.begin_object()?;
                #walk
                ::std::result::Result::Ok(Self {
                    #(#fields)*
                })
            }
        }
    }
}

/// `WriteJson` and `ReadJson` for a union: an object with exactly one member. An
/// object naming none of the members this version knows reads as the catch-all
/// variant, which cannot be written.
pub fn union_impls(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let unknown = ident(&u.unknown_variant);
    let writes = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_name;
        match &v.ty {
            Some(ty) => {
                let write = write_call(ty, &quote!(value));
                quote! {
                    Self::#variant(value) => {
                        writer.key(#wire);
                        #write?;
                    }
                }
            }
            None => quote! {
                Self::#variant => {
                    writer.key(#wire);
                    #RT::json::write_unit(writer);
                }
            },
        }
    });
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_name;
        let (read, wrap) = match &v.ty {
            Some(ty) => (read_fn(ty, v.boxed), quote!(.map(Self::#variant))),
            None => (quote!(#RT::json::read_unit), quote!(.map(|()| Self::#variant))),
        };
        quote! {
            #wire => #RT::json::nullable(reader, #read).map_err(|error| error.in_member(#wire))?#wrap,
        }
    });
    let unwritable = format!("the `{}` variant of union `{}` cannot be written", u.unknown_variant, u.name);
    let many = format!("more than one member set in union `{}`", u.name);
    quote! {
        impl #RT::json::WriteJson for #name {
            #[inline]
            fn write_json(&self, writer: &mut #RT::json::JsonWriter) -> ::std::result::Result<(), #RT::json::JsonWriteError> {
                writer.begin_object();
                match self {
                    #(#writes)*
                    Self::#unknown => return ::std::result::Result::Err(#RT::json::JsonWriteError::new(#unwritable)),
                }
                writer.end_object();
                ::std::result::Result::Ok(())
            }
        }

        impl #RT::json::ReadJson for #name {
            #[inline]
            fn read_json(reader: &mut #RT::json::JsonReader<'_>) -> ::std::result::Result<Self, #RT::json::JsonError> {
                let mut found = ::std::option::Option::None;
                reader.begin_object()?;
                while let ::std::option::Option::Some(key) = reader.next_key()? {
                    let value = match &*key {
                        #(#arms)*
                        _ => {
                            reader.skip()?;
                            ::std::option::Option::None
                        }
                    };
                    if value.is_some() && found.is_some() {
                        return ::std::result::Result::Err(reader.error(#many));
                    }
                    found = found.or(value);
                }
                ::std::result::Result::Ok(found.unwrap_or(Self::#unknown))
            }
        }
    }
}

/// `WriteJson` and `ReadJson` for a string enum: its text, unknown values kept.
pub fn string_enum_impls(name: &Ident) -> TokenStream {
    quote! {
        impl #RT::json::WriteJson for #name {
            #[inline]
            fn write_json(&self, writer: &mut #RT::json::JsonWriter) -> ::std::result::Result<(), #RT::json::JsonWriteError> {
                writer.string(self.as_str());
                ::std::result::Result::Ok(())
            }
        }

        impl #RT::json::ReadJson for #name {
            #[inline]
            fn read_json(reader: &mut #RT::json::JsonReader<'_>) -> ::std::result::Result<Self, #RT::json::JsonError> {
                reader.string().map(|text| Self::from(&*text))
            }
        }
    }
}

/// `WriteJson` and `ReadJson` for an integer enum: its number, unknown values kept.
pub fn int_enum_impls(name: &Ident) -> TokenStream {
    quote! {
        impl #RT::json::WriteJson for #name {
            #[inline]
            fn write_json(&self, writer: &mut #RT::json::JsonWriter) -> ::std::result::Result<(), #RT::json::JsonWriteError> {
                writer.integer(self.as_i32());
                ::std::result::Result::Ok(())
            }
        }

        impl #RT::json::ReadJson for #name {
            #[inline]
            fn read_json(reader: &mut #RT::json::JsonReader<'_>) -> ::std::result::Result<Self, #RT::json::JsonError> {
                reader.integer::<i32>().map(Self::from)
            }
        }
    }
}

/// The local a structure's reader collects a member in.
fn local(member: &Member) -> Ident {
    format_ident!("m_{}", member.word)
}

/// An expression writing `value` (a reference) with `writer` in scope, of type
/// `Result<(), JsonWriteError>`.
fn write_call(ty: &RustType, value: &TokenStream) -> TokenStream {
    match ty {
        RustType::List { member, sparse } => {
            let function = if *sparse { quote!(write_sparse_list) } else { quote!(write_list) };
            let item = write_fn(member);
            quote!(#RT::json::#function(#value, writer, #item))
        }
        RustType::Map { value: item_type, sparse, .. } => {
            let function = if *sparse { quote!(write_sparse_map) } else { quote!(write_map) };
            let item = write_fn(item_type);
            quote!(#RT::json::#function(#value, writer, #item))
        }
        _ => {
            let function = write_fn(ty);
            quote!(#function(#value, writer))
        }
    }
}

/// A function writing a value of `ty`: `fn(&T, &mut JsonWriter) -> Result<(), JsonWriteError>`.
fn write_fn(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Timestamp(format) => {
            let function = timestamp_function("write", *format);
            quote!(#RT::json::#function)
        }
        RustType::List { .. } | RustType::Map { .. } => {
            let call = write_call(ty, &quote!(value));
            quote!(|value, writer| #call)
        }
        _ => quote!(#RT::json::WriteJson::write_json),
    }
}

/// A function reading a value of `ty` (boxed when `boxed`):
/// `fn(&mut JsonReader) -> Result<T, JsonError>`.
fn read_fn(ty: &RustType, boxed: bool) -> TokenStream {
    match ty {
        RustType::Timestamp(format) => {
            let function = timestamp_function("read", *format);
            quote!(#RT::json::#function)
        }
        RustType::List { member, sparse } => {
            let function = if *sparse { quote!(read_sparse_list) } else { quote!(read_list) };
            let item = read_fn(member, false);
            quote!(|reader| #RT::json::#function(reader, #item))
        }
        RustType::Map { value, sparse, .. } => {
            let function = if *sparse { quote!(read_sparse_map) } else { quote!(read_map) };
            let item = read_fn(value, false);
            quote!(|reader| #RT::json::#function(reader, #item))
        }
        other => {
            let ty = tokens::rust_type(other);
            let ty = if boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
            quote!(<#ty as #RT::json::ReadJson>::read_json)
        }
    }
}

fn timestamp_function(verb: &str, format: TimestampFormat) -> Ident {
    let format = match format {
        TimestampFormat::EpochSeconds => "epoch_seconds",
        TimestampFormat::DateTime => "date_time",
        TimestampFormat::HttpDate => "http_date",
    };
    format_ident!("{verb}_{format}")
}
