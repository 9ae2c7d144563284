//! Structures (data, errors, operation inputs and outputs): the struct with its JSON
//! form (and optional serde attributes), accessors, a builder, and `Debug` that redacts sensitive members.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::{RT, runtime_path};
use crate::ir::{DefaultExpr, Member, Presence, RustType, Structure, StructureRole};

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The struct, its impl, its builder and (when needed) its zero value.
pub fn structure(structure: &Structure) -> TokenStream {
    let name = ident(&structure.name);
    let builder = ident(&structure.builder);
    let docs = tokens::docs_or(&structure.docs, || match &structure.role {
        StructureRole::Error(_) => format!("The `{}` error.", structure.name),
        StructureRole::Input => format!("What a call sends: the `{}` structure.", structure.name),
        StructureRole::Output => format!("What a call returns: the `{}` structure.", structure.name),
        StructureRole::Data => format!("The `{}` structure.", structure.name),
    });
    let deprecated = tokens::deprecated(&structure.deprecated);
    let sensitive = structure.members.iter().any(|m| m.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(::std::fmt::Debug,));
    let fields = structure.members.iter().map(|m| field(m, structure));
    let accessors = structure.members.iter().map(accessor);
    let builder_doc = format!(" Creates a new builder for [`{}`].", structure.name);
    let defaults = structure.members.iter().filter_map(default_fn);
    let debug = sensitive.then(|| debug_impl(&structure.name, &structure.members, quote!(#name)));
    let zero = structure.needs_zero.then(|| zero_impl(structure));
    let builder_items = builder_struct(structure);
    let serde_derives = super::json_serde::derives();
    let json_impls = super::json_codec::structure_impls(structure);
    let value_derives = value_derives(structure);
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(#value_derives #debug_derive)]
        #serde_derives
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#accessors)*

            #[doc = #builder_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #debug
        #zero
        #(#defaults)*
        #json_impls
        #builder_items
    }
}

/// `Clone` and `PartialEq`, except for an output holding a stream: a body being
/// received can be neither copied nor compared.
fn value_derives(structure: &Structure) -> Option<TokenStream> {
    let streams = structure.members.iter().any(|m| m.ty == RustType::ByteStream);
    (!streams).then(|| quote!(::std::clone::Clone, ::std::cmp::PartialEq,))
}

/// The field type of a member: `Option<T>`, `Box<T>`, or `T`.
fn field_type(member: &Member) -> TokenStream {
    let inner = tokens::stored_type(member);
    match member.presence {
        Presence::Optional => quote!(::std::option::Option<#inner>),
        _ => inner,
    }
}

fn field(member: &Member, structure: &Structure) -> TokenStream {
    let docs = tokens::docs_or(&member.docs, || tokens::member_fallback(member));
    // Inputs say which members a call needs; one learns it here, not from a failed call.
    let docs = match (&structure.role, member.required) {
        (StructureRole::Input, true) => {
            quote!(#docs #[doc = ""] #[doc = " **Required**: a call fails before anything is sent without it."])
        }
        (StructureRole::Input, false) => quote!(#docs #[doc = ""] #[doc = " Optional."]),
        _ => docs,
    };
    let deprecated = tokens::deprecated(&member.deprecated);
    let name = ident(&member.field);
    let ty = field_type(member);
    let wire_form = super::json_serde::field_attribute(member, structure);
    quote! {
        #docs
        #deprecated
        #wire_form
        pub #name: #ty,
    }
}

/// A `fn default_<member>()` for a member with a non-zero model default.
fn default_fn(member: &Member) -> Option<TokenStream> {
    let Presence::Defaulted(expr) = &member.presence else { return None };
    if *expr == DefaultExpr::Zero {
        return None;
    }
    let function = format_ident!("default_{}", member.word);
    let ty = field_type(member);
    let value = default_value(expr, &member.ty);
    let value = if member.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
    Some(quote! {
        fn #function() -> #ty {
            #value
        }
    })
}

pub(super) fn default_value(expr: &DefaultExpr, ty: &RustType) -> TokenStream {
    match expr {
        DefaultExpr::Zero => quote!(#RT::serde::ZeroValue::zero()),
        DefaultExpr::Bool(b) => quote!(#b),
        DefaultExpr::Integer(v) => {
            let literal = proc_macro2::Literal::i64_unsuffixed(*v);
            quote!(#literal)
        }
        DefaultExpr::Float(v) => {
            let literal = proc_macro2::Literal::f64_unsuffixed(*v);
            quote!(#literal)
        }
        DefaultExpr::String(s) => match ty {
            RustType::Named(path) => {
                let path = tokens::type_path(path);
                quote!(#path::from(#s))
            }
            _ => quote!(::std::string::String::from(#s)),
        },
        DefaultExpr::IntEnum(v) => {
            let value = *v as i32;
            let path = match ty {
                RustType::Named(path) => tokens::type_path(path),
                _ => quote!(i32),
            };
            quote!(#path::from(#value))
        }
        DefaultExpr::Timestamp(secs) => {
            let whole = secs.trunc() as i64;
            let nanos = ((secs - secs.trunc()) * 1e9).round() as u32;
            quote!(#RT::DateTime::from_secs_and_nanos(#whole, #nanos))
        }
        DefaultExpr::Blob(bytes) => {
            let bytes = proc_macro2::Literal::byte_string(bytes);
            quote!(#RT::Blob::new(#bytes.to_vec()))
        }
        DefaultExpr::Document(json) => quote! {
            #RT::serde_json::from_str(#json).unwrap_or_default()
        },
    }
}

/// Accessor returning a borrowed view of a member.
fn accessor(member: &Member) -> TokenStream {
    let docs = tokens::docs_or(&member.docs, || tokens::member_fallback(member));
    let deprecated = tokens::deprecated(&member.deprecated);
    let name = ident(&member.field);
    let inner = tokens::rust_type(&member.ty);
    let optional = member.presence == Presence::Optional;
    let (ret, body) = match (&member.ty, optional) {
        (RustType::String, true) => (quote!(::std::option::Option<&str>), quote!(self.#name.as_deref())),
        (RustType::String, false) => (quote!(&str), quote!(self.#name.as_str())),
        (RustType::List { .. }, true) => {
            let element = list_element(&member.ty);
            (quote!(&[#element]), quote!(self.#name.as_deref().unwrap_or_default()))
        }
        (RustType::List { .. }, false) => {
            let element = list_element(&member.ty);
            (quote!(&[#element]), quote!(&self.#name))
        }
        (ty, true) if tokens::is_copy(ty) => (quote!(::std::option::Option<#inner>), quote!(self.#name)),
        (ty, false) if tokens::is_copy(ty) => (quote!(#inner), quote!(self.#name)),
        (_, true) if member.boxed => (quote!(::std::option::Option<&#inner>), quote!(self.#name.as_deref())),
        (_, true) => (quote!(::std::option::Option<&#inner>), quote!(self.#name.as_ref())),
        (_, false) => (quote!(&#inner), quote!(&self.#name)),
    };
    // An absent list reads as empty here; the field keeps the difference for those who need it.
    let empty_note = matches!((&member.ty, optional), (RustType::List { .. }, true)).then(|| {
        let note = format!(
            " An absent list reads as an empty slice; the `{}` field itself tells absent from empty.",
            member.field.trim_start_matches("r#")
        );
        quote!(#[doc = ""] #[doc = #note])
    });
    quote! {
        #docs
        #empty_note
        #deprecated
        pub fn #name(&self) -> #ret {
            #body
        }
    }
}

fn list_element(ty: &RustType) -> TokenStream {
    match ty {
        RustType::List { member, sparse } => tokens::collection_item(member, *sparse),
        other => tokens::rust_type(other),
    }
}

/// `Debug` that prints sensitive members as a fixed placeholder.
fn debug_impl(name: &str, members: &[Member], ty: TokenStream) -> TokenStream {
    let fields = members.iter().map(|m| {
        let field = ident(&m.field);
        let label = &m.word;
        if m.sensitive {
            quote!(formatter.field(#label, &#REDACTED);)
        } else {
            quote!(formatter.field(#label, &self.#field);)
        }
    });
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut formatter = f.debug_struct(#name);
                #(#fields)*
                formatter.finish()
            }
        }
    }
}

/// The zero value used when a required member holding this structure is missing.
fn zero_impl(structure: &Structure) -> TokenStream {
    let name = ident(&structure.name);
    let fields = structure.members.iter().map(|m| {
        let field = ident(&m.field);
        let value = match &m.presence {
            Presence::Optional => quote!(::std::option::Option::None),
            Presence::Required | Presence::Defaulted(DefaultExpr::Zero) => {
                quote!(#RT::serde::ZeroValue::zero())
            }
            Presence::Defaulted(_) => {
                let function = format_ident!("default_{}", m.word);
                quote!(#function())
            }
        };
        quote!(#field: #value,)
    });
    quote! {
        impl #RT::serde::ZeroValue for #name {
            fn zero() -> Self {
                Self { #(#fields)* }
            }
        }
    }
}

/// The builder: optional fields, appending/inserting setters, `set_*`/`get_*`, `build`.
fn builder_struct(structure: &Structure) -> TokenStream {
    let name = ident(&structure.name);
    let builder = ident(&structure.builder);
    let doc = format!(" A builder for [`{}`].", structure.name);
    let sensitive = structure.members.iter().any(|m| m.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(::std::fmt::Debug,));
    let debug = sensitive.then(|| debug_impl(&structure.builder, &structure.members, quote!(#builder)));
    let fields = structure.members.iter().map(|m| {
        let field = ident(&m.field);
        let inner = tokens::stored_type(m);
        quote!(pub(crate) #field: ::std::option::Option<#inner>,)
    });
    let setters = super::setters::setters(structure, super::setters::Builder::Model);
    let fallible = structure.builder_is_fallible();
    let value_derives = value_derives(structure);
    let assignments = structure.members.iter().map(|m| {
        let field = ident(&m.field);
        match &m.presence {
            Presence::Optional => quote!(#field: self.#field,),
            Presence::Defaulted(DefaultExpr::Zero) => {
                quote!(#field: self.#field.unwrap_or_else(#RT::serde::zero),)
            }
            Presence::Defaulted(_) => {
                let function = format_ident!("default_{}", m.word);
                quote!(#field: self.#field.unwrap_or_else(#function),)
            }
            Presence::Required => {
                let label = &m.word;
                let details = structure.name.as_str();
                quote!(#field: self.#field.ok_or_else(|| #RT::BuildError::missing_field(#label, #details))?,)
            }
        }
    });
    let build = if fallible {
        let doc = format!(
            concat!(
                "Builds the [`{}`] from the values set so far.\n\nA required member left unset makes this a [`BuildError`](",
                runtime_path!("BuildError"),
                ") that names it."
            ),
            structure.name
        );
        let doc = tokens::doc_lines(&doc);
        quote! {
            #doc
            pub fn build(self) -> ::std::result::Result<#name, #RT::BuildError> {
                ::std::result::Result::Ok(#name { #(#assignments)* })
            }
        }
    } else {
        let doc = format!(
            " Builds the [`{}`] from the values set so far; unset members stay absent or take their defaults.",
            structure.name
        );
        quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #name { #(#assignments)* }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(#value_derives ::std::default::Default, #debug_derive)]
        pub struct #builder {
            #(#fields)*
        }

        impl #builder {
            #(#setters)*
            #build
        }

        #debug
    }
}
