//! `src/wire/read.rs` of an awsQuery model crate: one function per operation reading
//! its output from the response body, one per error reading it from an
//! `<ErrorResponse>`, and one per output-reachable structure and union reading it
//! from the element the reader is in.
//!
//! Members are matched by their wire name and anything else is skipped, so answers
//! from newer service versions read. A wrapped list takes every child of its element
//! as an item (whatever it is called); a flattened list or map collects the member's
//! repeated elements. Enums keep values they do not know. A required member that is
//! missing gets its zero value, and a member with a model default that default, as
//! the JSON protocols do.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Shapes, function_name, operation_path, types_path};
use crate::emit::tokens::RT;
use crate::emit::tokens::{self, ident};
use crate::ir::{
    DefaultExpr, Member, Operation, Presence, RustType, Service, Structure, StructureRole, TimestampFormat, TypeDef,
    TypeKind, TypePath, Union, XmlLayout,
};

/// The file's tokens.
pub fn read_module(service: &Service, shapes: &Shapes<'_>) -> TokenStream {
    let operations = service.operations.iter().map(operation_reader);
    let outputs =
        service.operations.iter().map(|op| structure_reader(&op.output, operation_path(op, &op.output), true));
    let errors = service.errors.iter().map(error_reader);
    let types = shapes.read.iter().map(|def| match def {
        TypeDef::Structure(s) => structure_reader(s, types_path(&s.name, TypeKind::Structure), false),
        TypeDef::Union(u) => union_reader(u),
        TypeDef::Enum(_) | TypeDef::IntEnum(_) => TokenStream::new(),
    });
    quote! {
        //! Reads each operation's output and each error from their XML documents.
        // Every structure matches child names the same way, also with one member.
        #![allow(clippy::single_match)]
        use #RT::xml::{Element, XmlError, XmlReader};

        #(#operations)*
        #(#outputs)*
        #(#errors)*
        #(#types)*
    }
}

fn operation_reader(op: &Operation) -> TokenStream {
    let function = ident(&op.module);
    let output = operation_path(op, &op.output);
    let read_output = function_name("read", &op.output.name);
    let action = &op.name;
    let doc = format!(" Reads the output of `{action}` from a successful response's body.");
    quote! {
        #[doc = #doc]
        pub fn #function(body: &[u8]) -> ::std::result::Result<#output, XmlError> {
            #RT::protocol::query::read_response(body, #action, #read_output).map(|(output, _)| output)
        }
    }
}

/// The reader of a structure. An output's reader takes the result element as an
/// `Option` (a response without one has no members).
fn structure_reader(structure: &Structure, path: TokenStream, optional_element: bool) -> TokenStream {
    let function = function_name("read", &structure.name);
    let doc = format!(" Reads the `{}` structure from the element the reader has entered.", structure.name);
    let reads = MemberReads::new(&structure.members, &quote!(&child));
    let (locals, arms, literal) = (&reads.locals, &reads.arms, reads.literal(&path));
    let (element_type, walk) = match (optional_element, structure.members.is_empty()) {
        (_, true) => (
            if optional_element { quote!(::std::option::Option<&Element<'a>>) } else { quote!(&Element<'a>) },
            quote!(let _ = (reader, element);),
        ),
        (true, false) => (
            quote!(::std::option::Option<&Element<'a>>),
            quote! {
                if let ::std::option::Option::Some(element) = element {
                    while let ::std::option::Option::Some(child) = reader.next_child(element)? {
                        match child.name() {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            },
        ),
        (false, false) => (
            quote!(&Element<'a>),
            quote! {
                while let ::std::option::Option::Some(child) = reader.next_child(element)? {
                    match child.name() {
                        #(#arms)*
                        _ => {}
                    }
                }
            },
        ),
    };
    quote! {
        #[doc = #doc]
        pub fn #function<'a>(reader: &mut XmlReader<'a>, element: #element_type) -> ::std::result::Result<#path, XmlError> {
            #(#locals)*
            #walk
            ::std::result::Result::Ok(#literal)
        }
    }
}

/// An error's reader: its members are the children of `<Error>`; `Code`, `Type` and
/// `Message` are read by the runtime and taken from what it found.
fn error_reader(error: &Structure) -> TokenStream {
    let function = function_name("error", &error.name);
    let path = tokens::type_path(&TypePath {
        module: crate::ir::ModulePath::Error,
        name: error.name.clone(),
        kind: TypeKind::Structure,
    });
    let (code, message_member) = match &error.role {
        StructureRole::Error(info) => (info.code.clone(), info.message_member),
        _ => (error.name.clone(), None),
    };
    let doc = format!(" Reads the `{code}` error from an error response's body.");
    // What the runtime reads itself: the message (into the member the IR names as the
    // error's message, whatever its case), and `Code` and `Type`.
    let envelope_field = |index: usize, member: &Member| {
        if member.ty != RustType::String {
            return None;
        }
        match member.wire_name.as_str() {
            _ if Some(index) == message_member => Some(quote!(message)),
            "Message" => Some(quote!(message)),
            "Code" => Some(quote!(code)),
            "Type" => Some(quote!(error_type)),
            _ => None,
        }
    };
    let mut envelope = Vec::new();
    let mut members = Vec::new();
    for (index, member) in error.members.iter().enumerate() {
        match envelope_field(index, member) {
            Some(field) => {
                let local = local_name(member);
                envelope.push(quote!(let #local = found.#field;));
            }
            None => members.push(member),
        }
    }
    let reads = MemberReads::new(members, &quote!(child));
    let (locals, arms, literal) = (&reads.locals, &reads.arms, reads.literal_with(&path, &error.members));
    let read_fields = if arms.is_empty() {
        quote!(|_, _| ::std::result::Result::Ok(()))
    } else {
        quote! {
            |reader, child| {
                match child.name() {
                    #(#arms)*
                    _ => {}
                }
                ::std::result::Result::Ok(())
            }
        }
    };
    quote! {
        #[doc = #doc]
        pub fn #function(body: &[u8]) -> ::std::result::Result<#path, XmlError> {
            #(#locals)*
            #[allow(unused_variables)]
            let found = #RT::protocol::query::read_error(body, #read_fields)?;
            #(#envelope)*
            ::std::result::Result::Ok(#literal)
        }
    }
}

fn union_reader(union: &Union) -> TokenStream {
    let function = function_name("read", &union.name);
    let path = types_path(&union.name, TypeKind::Union);
    let unknown = ident(&union.unknown_variant);
    let doc = format!(" Reads the `{}` union from the element the reader has entered: its first member.", union.name);
    let arms = union.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.wire_name;
        match &variant.ty {
            Some(ty) => {
                let value = value_reader(ty, &variant.xml, &quote!(&child), 0);
                let value = if variant.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
                quote!(#wire => #path::#name(#value),)
            }
            None => quote!(#wire => #path::#name,),
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #function<'a>(reader: &mut XmlReader<'a>, element: &Element<'a>) -> ::std::result::Result<#path, XmlError> {
            let mut found = ::std::option::Option::None;
            while let ::std::option::Option::Some(child) = reader.next_child(element)? {
                if found.is_none() {
                    found = ::std::option::Option::Some(match child.name() {
                        #(#arms)*
                        _ => #path::#unknown,
                    });
                }
            }
            ::std::result::Result::Ok(found.unwrap_or(#path::#unknown))
        }
    }
}

/// For a set of members: a local `Option` per member, the `match` arms filling them
/// from a child element named `child`, and the structure literal built from them.
struct MemberReads<'m> {
    members: Vec<&'m Member>,
    locals: Vec<TokenStream>,
    arms: Vec<TokenStream>,
}

impl<'m> MemberReads<'m> {
    /// `child` is the `&Element` expression of the child being matched.
    fn new(members: impl IntoIterator<Item = &'m Member>, child: &TokenStream) -> Self {
        let members: Vec<&Member> = members.into_iter().collect();
        let mut locals = Vec::new();
        let mut arms = Vec::new();
        for member in &members {
            let local = local_name(member);
            let wire = &member.wire_name;
            locals.push(quote!(let mut #local = ::std::option::Option::None;));
            let arm = match (&member.ty, &member.xml) {
                (RustType::List { member: item, sparse }, XmlLayout::List { flattened: true, element, .. }) => {
                    let value = sparse_item(value_reader(item, element, child, 0), *sparse);
                    quote!(#wire => #local.get_or_insert_with(::std::vec::Vec::new).push(#value),)
                }
                (
                    RustType::Map { key, value, sparse },
                    XmlLayout::Map { flattened: true, key: k, value: v, value_layout },
                ) => {
                    let entries = format_ident!("entries");
                    let read = entry_reader(key, value, *sparse, k, v, value_layout, child, &entries, 0);
                    quote! {
                        #wire => {
                            let #entries = #local.get_or_insert_with(::std::collections::HashMap::new);
                            #read
                        }
                    }
                }
                _ => {
                    let value = value_reader(&member.ty, &member.xml, child, 0);
                    let value = if member.boxed { quote!(::std::boxed::Box::new(#value)) } else { value };
                    quote!(#wire => #local = ::std::option::Option::Some(#value),)
                }
            };
            arms.push(arm);
        }
        MemberReads { members, locals, arms }
    }

    fn literal(&self, path: &TokenStream) -> TokenStream {
        let fields = self.members.iter().map(|m| field_value(m));
        quote!(#path { #(#fields)* })
    }

    /// The literal of a structure some of whose members (`all` but not read here) are
    /// bound to locals by the caller.
    fn literal_with(&self, path: &TokenStream, all: &[Member]) -> TokenStream {
        let fields = all.iter().map(field_value);
        quote!(#path { #(#fields)* })
    }
}

/// `field: value,` from the member's local, with the zero value or model default
/// for a non-optional member that was missing.
fn field_value(member: &Member) -> TokenStream {
    let field = ident(&member.field);
    let local = local_name(member);
    let value = match &member.presence {
        Presence::Optional => quote!(#local),
        Presence::Required | Presence::Defaulted(DefaultExpr::Zero) => {
            quote!(#local.unwrap_or_else(#RT::serde::ZeroValue::zero))
        }
        Presence::Defaulted(expr) => {
            let default = crate::emit::structure::default_value(expr, &member.ty);
            let default = if member.boxed { quote!(::std::boxed::Box::new(#default)) } else { default };
            quote!(#local.unwrap_or_else(|| #default))
        }
    };
    quote!(#field: #value,)
}

fn local_name(member: &Member) -> Ident {
    format_ident!("member_{}", member.word)
}

fn sparse_item(value: TokenStream, sparse: bool) -> TokenStream {
    if sparse { quote!(::std::option::Option::Some(#value)) } else { value }
}

/// An expression reading a value of type `ty` from `element` (an `&Element` the
/// reader has just entered); `depth` keeps the names of nested loops apart.
fn value_reader(ty: &RustType, layout: &XmlLayout, element: &TokenStream, depth: usize) -> TokenStream {
    let parse = |what: &str, rust: TokenStream| quote!(reader.parse::<#rust>(#element, #what)?);
    match ty {
        RustType::String => quote!(reader.text(#element)?.into_owned()),
        RustType::Bool => parse("a boolean", quote!(bool)),
        RustType::Byte => parse("a byte", quote!(i8)),
        RustType::Short => parse("a short integer", quote!(i16)),
        RustType::Integer => parse("an integer", quote!(i32)),
        RustType::Long => parse("a long integer", quote!(i64)),
        RustType::Float => parse("a number", quote!(f32)),
        RustType::Double => parse("a number", quote!(f64)),
        RustType::BigInteger => parse("an integer", quote!(#RT::BigInteger)),
        RustType::BigDecimal => parse("a decimal number", quote!(#RT::BigDecimal)),
        RustType::Blob => quote!(reader.blob(#element)?),
        // The resolver skips operations that stream in awsQuery.
        RustType::ByteStream => quote!(::std::compile_error!("awsQuery has no streaming payloads")),
        RustType::Timestamp(format) => {
            let format = match format {
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            quote!(reader.timestamp(#element, #RT::Format::#format)?)
        }
        // Documents have no XML form; the text is kept as a JSON string.
        RustType::Document => quote!(#RT::Document::String(reader.text(#element)?.into_owned())),
        RustType::Named(path) => {
            let full = tokens::type_path(path);
            match path.kind {
                TypeKind::Enum => quote!(#full::from(reader.text(#element)?.as_ref())),
                TypeKind::IntEnum => quote!(#full::from(reader.parse::<i32>(#element, "an integer")?)),
                TypeKind::Structure | TypeKind::Union => {
                    let function = function_name("read", &path.name);
                    quote!(#function(reader, #element)?)
                }
            }
        }
        RustType::List { member, sparse } => {
            let element_layout = match layout {
                XmlLayout::List { element, .. } => element.as_ref(),
                _ => &XmlLayout::Value,
            };
            let (items, item) = (format_ident!("items_{depth}"), format_ident!("item_{depth}"));
            let value = sparse_item(value_reader(member, element_layout, &quote!(&#item), depth + 1), *sparse);
            quote! {
                {
                    let mut #items = ::std::vec::Vec::new();
                    while let ::std::option::Option::Some(#item) = reader.next_child(#element)? {
                        #items.push(#value);
                    }
                    #items
                }
            }
        }
        RustType::Map { key, value, sparse } => {
            let (key_name, value_name, value_layout) = match layout {
                XmlLayout::Map { key, value, value_layout, .. } => {
                    (key.as_str(), value.as_str(), value_layout.as_ref())
                }
                _ => ("key", "value", &XmlLayout::Value),
            };
            let (entries, entry) = (format_ident!("entries_{depth}"), format_ident!("entry_{depth}"));
            let read = entry_reader(
                key,
                value,
                *sparse,
                key_name,
                value_name,
                value_layout,
                &quote!(&#entry),
                &entries,
                depth + 1,
            );
            quote! {
                {
                    let mut #entries = ::std::collections::HashMap::new();
                    while let ::std::option::Option::Some(#entry) = reader.next_child(#element)? {
                        let #entries = &mut #entries;
                        #read
                    }
                    #entries
                }
            }
        }
    }
}

/// Statements reading one map entry (`entry`, an `&Element` holding a key and a value) into
/// `entries` (a `&mut HashMap`); an entry without its key or value is left out.
#[allow(clippy::too_many_arguments)]
fn entry_reader(
    key_type: &RustType,
    value_type: &RustType,
    sparse: bool,
    key_name: &str,
    value_name: &str,
    value_layout: &XmlLayout,
    entry: &TokenStream,
    entries: &Ident,
    depth: usize,
) -> TokenStream {
    let (part, key, value) =
        (format_ident!("part_{depth}"), format_ident!("key_{depth}"), format_ident!("value_{depth}"));
    let read_key = value_reader(key_type, &XmlLayout::Value, &quote!(&#part), depth + 1);
    let read_value = sparse_item(value_reader(value_type, value_layout, &quote!(&#part), depth + 1), sparse);
    quote! {
        let mut #key = ::std::option::Option::None;
        let mut #value = ::std::option::Option::None;
        while let ::std::option::Option::Some(#part) = reader.next_child(#entry)? {
            match #part.name() {
                #key_name => #key = ::std::option::Option::Some(#read_key),
                #value_name => #value = ::std::option::Option::Some(#read_value),
                _ => {}
            }
        }
        if let (::std::option::Option::Some(#key), ::std::option::Option::Some(#value)) = (#key, #value) {
            #entries.insert(#key, #value);
        }
    }
}
