//! `src/wire/write.rs` of an awsQuery model crate: one function per operation writing
//! its input as a form body, and one per input-reachable structure and union writing
//! it into a `QueryWriter` under a key prefix.
//!
//! Keys follow the runtime's helpers: members are `Prefix.Name`, list items
//! `List.member.N` (or the list member's `@xmlName`, or `List.N` when flattened), map
//! entries `Map.entry.N.key` / `.value` (or their `@xmlName`s, or `Map.N.…` when
//! flattened). Map entries are written in the order of their keys, so that the same
//! input always gives the same body.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Shapes, function_name, operation_path, types_path};
use crate::emit::tokens::RT;
use crate::emit::tokens::ident;
use crate::ir::{
    Member, Operation, Presence, RustType, Service, Structure, TimestampFormat, TypeDef, TypeKind, Union, XmlLayout,
};

/// The runtime module with the key helpers.
fn runtime() -> TokenStream {
    quote!(#RT::protocol::query)
}

/// The file's tokens.
pub fn write_module(service: &Service, shapes: &Shapes<'_>) -> TokenStream {
    let operations = service.operations.iter().map(|op| operation_writer(service, op));
    let inputs = service.operations.iter().map(|op| structure_writer(&op.input, operation_path(op, &op.input)));
    let types = shapes.written.iter().map(|def| match def {
        TypeDef::Structure(s) => structure_writer(s, types_path(&s.name, TypeKind::Structure)),
        TypeDef::Union(u) => union_writer(u),
        TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
    });
    quote! {
        //! Writes each operation's input as an awsQuery form body.
        use #RT::protocol::query::{FormError, QueryWriter};

        #(#operations)*
        #(#inputs)*
        #(#types)*
    }
}

fn operation_writer(service: &Service, op: &Operation) -> TokenStream {
    let function = ident(&op.module);
    let input = operation_path(op, &op.input);
    let write_input = function_name("write", &op.input.name);
    let action = &op.name;
    let version = &service.version;
    let doc = format!(" The form body of the `{action}` operation's request.");
    quote! {
        #[doc = #doc]
        pub fn #function(input: &#input) -> ::std::result::Result<::std::string::String, FormError> {
            let mut form = QueryWriter::new(#action, #version);
            #write_input(&mut form, "", input)?;
            ::std::result::Result::Ok(form.finish())
        }
    }
}

fn structure_writer(structure: &Structure, path: TokenStream) -> TokenStream {
    let function = function_name("write", &structure.name);
    let doc = format!(" Writes the `{}` structure under `prefix`.", structure.name);
    let members: Vec<TokenStream> = structure.members.iter().map(member_writer).collect();
    let unused = members.is_empty().then(|| quote!(let _ = (form, prefix, value);));
    quote! {
        #[doc = #doc]
        pub fn #function(form: &mut QueryWriter, prefix: &str, value: &#path) -> ::std::result::Result<(), FormError> {
            #unused
            #(#members)*
            ::std::result::Result::Ok(())
        }
    }
}

fn member_writer(member: &Member) -> TokenStream {
    let field = ident(&member.field);
    let name = &member.wire_name;
    let runtime = runtime();
    let write = value_writer(&member.ty, &member.xml, &format_ident!("key"), &format_ident!("value"), 0);
    let body = quote! {
        let key = #runtime::member_key(prefix, #name);
        #write
    };
    match member.presence {
        Presence::Optional => quote! {
            if let ::std::option::Option::Some(value) = &value.#field {
                #body
            }
        },
        _ => quote! {
            {
                let value = &value.#field;
                #body
            }
        },
    }
}

fn union_writer(union: &Union) -> TokenStream {
    let function = function_name("write", &union.name);
    let path = types_path(&union.name, TypeKind::Union);
    let runtime = runtime();
    let doc = format!(" Writes the `{}` union under `prefix`: its one set member.", union.name);
    let arms = union.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.wire_name;
        match &variant.ty {
            Some(ty) => {
                let write = value_writer(ty, &variant.xml, &format_ident!("key"), &format_ident!("value"), 0);
                quote! {
                    #path::#name(value) => {
                        let key = #runtime::member_key(prefix, #wire);
                        #write
                    }
                }
            }
            None => quote!(#path::#name => form.string(&#runtime::member_key(prefix, #wire), ""),),
        }
    });
    let unknown = ident(&union.unknown_variant);
    let message = format!("cannot write the `{}` variant of union `{}`", union.unknown_variant, union.name);
    quote! {
        #[doc = #doc]
        pub fn #function(form: &mut QueryWriter, prefix: &str, value: &#path) -> ::std::result::Result<(), FormError> {
            match value {
                #(#arms)*
                #path::#unknown => return ::std::result::Result::Err(FormError::new(#message)),
            }
            ::std::result::Result::Ok(())
        }
    }
}

/// Statements writing `value` (a reference to a value of type `ty`) under the key held
/// in `key` (a `String`); `depth` keeps the names of nested loops apart.
fn value_writer(ty: &RustType, layout: &XmlLayout, key: &Ident, value: &Ident, depth: usize) -> TokenStream {
    let runtime = runtime();
    match ty {
        RustType::String => quote!(form.string(&#key, #value);),
        RustType::Bool => quote!(form.boolean(&#key, *#value);),
        RustType::Byte | RustType::Short | RustType::Integer | RustType::Long => quote!(form.integer(&#key, *#value);),
        RustType::Float => quote!(form.float(&#key, *#value);),
        RustType::Double => quote!(form.double(&#key, *#value);),
        RustType::BigInteger | RustType::BigDecimal => quote!(form.string(&#key, #value.as_str());),
        RustType::Blob => quote!(form.blob(&#key, #value.as_ref());),
        // The resolver skips operations that stream in awsQuery.
        RustType::ByteStream => quote!(::std::compile_error!("awsQuery has no streaming payloads");),
        RustType::Timestamp(format) => {
            let format = match format {
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            quote!(form.timestamp(&#key, *#value, #RT::Format::#format)?;)
        }
        RustType::Document => quote!(form.string(&#key, &#value.to_string());),
        RustType::Named(path) => match path.kind {
            TypeKind::Enum => quote!(form.string(&#key, #value.as_str());),
            TypeKind::IntEnum => quote!(form.integer(&#key, #value.as_i32());),
            TypeKind::Structure | TypeKind::Union => {
                let function = function_name("write", &path.name);
                quote!(#function(form, &#key, #value)?;)
            }
        },
        RustType::List { member, sparse } => {
            let (flattened, item_name, element) = match layout {
                XmlLayout::List { flattened, item, element } => (*flattened, item.as_str(), element.as_ref()),
                _ => (false, "member", &XmlLayout::Value),
            };
            let item_name = if flattened {
                quote!(::std::option::Option::None)
            } else {
                quote!(::std::option::Option::Some(#item_name))
            };
            let (index, item, item_key) =
                (format_ident!("index_{depth}"), format_ident!("item_{depth}"), format_ident!("item_key_{depth}"));
            let write = value_writer(member, element, &item_key, &item, depth + 1);
            let write =
                if *sparse { quote!(if let ::std::option::Option::Some(#item) = #item { #write }) } else { write };
            quote! {
                if #value.is_empty() {
                    form.empty_list(&#key);
                }
                for (#index, #item) in #value.iter().enumerate() {
                    let #item_key = #runtime::list_item_key(&#key, #item_name, #index + 1);
                    #write
                }
            }
        }
        RustType::Map { key: _, value: value_type, sparse } => {
            let (flattened, key_name, value_name, value_layout) = match layout {
                XmlLayout::Map { flattened, key, value, value_layout } => {
                    (*flattened, key.as_str(), value.as_str(), value_layout.as_ref())
                }
                _ => (false, "key", "value", &XmlLayout::Value),
            };
            let (entries, index, entry_key, entry_value) = (
                format_ident!("entries_{depth}"),
                format_ident!("index_{depth}"),
                format_ident!("entry_key_{depth}"),
                format_ident!("entry_value_{depth}"),
            );
            let (key_key, value_key) = (format_ident!("key_key_{depth}"), format_ident!("value_key_{depth}"));
            let write = value_writer(value_type, value_layout, &value_key, &entry_value, depth + 1);
            let write = if *sparse {
                quote!(if let ::std::option::Option::Some(#entry_value) = #entry_value { #write })
            } else {
                write
            };
            quote! {
                let mut #entries: ::std::vec::Vec<_> = #value.iter().collect();
                #entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                for (#index, (#entry_key, #entry_value)) in #entries.into_iter().enumerate() {
                    let (#key_key, #value_key) = #runtime::map_entry_keys(&#key, #flattened, #index + 1, #key_name, #value_name);
                    form.string(&#key_key, #entry_key.as_str());
                    #write
                }
            }
        }
    }
}
