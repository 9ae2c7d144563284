//! awsQuery emission: the generated form writers and XML readers of a model crate
//! (`src/wire.rs` with `wire/write.rs` and `wire/read.rs`), and the client's call into
//! the runtime's `protocol::query::call` with them.
//!
//! Each input-reachable structure and union gets a writer, each output- or
//! error-reachable one a reader; enums, scalars and collections are written inline
//! where they occur (collections take their item names and flattening from each
//! member's `XmlLayout`).

mod read;
mod write;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::{ModulePath, Operation, RustType, Service, Structure, TypeDef, TypeKind, TypePath};
use crate::resolve::naming;

/// The named types that need a writer and those that need a reader, in the order of
/// `service.types`.
pub struct Shapes<'s> {
    written: Vec<&'s TypeDef>,
    read: Vec<&'s TypeDef>,
}

impl<'s> Shapes<'s> {
    pub fn new(service: &'s Service) -> Self {
        let by_name: BTreeMap<&str, &TypeDef> = service.types.iter().map(|t| (t.name(), t)).collect();
        let written = reachable(&by_name, service.operations.iter().map(|op| &op.input));
        let read = reachable(&by_name, service.operations.iter().map(|op| &op.output).chain(service.errors.iter()));
        let keep = |names: &BTreeSet<&str>| service.types.iter().filter(|t| names.contains(t.name())).collect();
        Shapes { written: keep(&written), read: keep(&read) }
    }
}

/// Names of the types reachable from `roots` through members, list items and map values.
fn reachable<'s>(
    by_name: &BTreeMap<&'s str, &'s TypeDef>,
    roots: impl Iterator<Item = &'s Structure>,
) -> BTreeSet<&'s str> {
    let mut found = BTreeSet::new();
    let mut pending: Vec<&RustType> = roots.flat_map(|s| s.members.iter().map(|m| &m.ty)).collect();
    while let Some(ty) = pending.pop() {
        match ty {
            RustType::List { member, .. } => pending.push(member),
            RustType::Map { key, value, .. } => pending.extend([key.as_ref(), value.as_ref()]),
            RustType::Named(path) => {
                let Some((name, def)) = by_name.get_key_value(path.name.as_str()) else { continue };
                if !found.insert(*name) {
                    continue;
                }
                match def {
                    TypeDef::Structure(s) => pending.extend(s.members.iter().map(|m| &m.ty)),
                    TypeDef::Union(u) => pending.extend(u.variants.iter().filter_map(|v| v.ty.as_ref())),
                    TypeDef::Enum(_) | TypeDef::IntEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    found
}

/// `src/wire.rs`.
pub fn wire_module() -> TokenStream {
    quote! {
        //! The awsQuery wire form of the types: form writers for inputs and XML readers
        //! for outputs and errors, called by the client crate.
        #[rustfmt::skip]
        pub mod read;
        #[rustfmt::skip]
        pub mod write;
    }
}

/// `src/wire/write.rs`.
pub fn write_module(service: &Service) -> TokenStream {
    write::write_module(service, &Shapes::new(service))
}

/// `src/wire/read.rs`.
pub fn read_module(service: &Service) -> TokenStream {
    read::read_module(service, &Shapes::new(service))
}

/// The expression typing an error from an awsQuery error response, for the operation
/// error's `from_response` (where `meta` and `body` are in scope). A body in the types'
/// JSON form, which is how a mocked client answers, reads too.
pub fn modeled_error(error: &Structure) -> TokenStream {
    let function = function_name("error", &error.name);
    quote! {
        crate::wire::read::#function(body).or_else(|_| #RT::parse_modeled_error(meta, body))
    }
}

/// The future of one call through `protocol::query::call`. `json_output` reads the
/// output into its JSON form (for the command-line tool) rather than the typed output.
pub fn runtime_call(
    operation: &Operation,
    model: &Ident,
    host_prefix: TokenStream,
    from_response: TokenStream,
    json_output: bool,
) -> TokenStream {
    let module = ident(&operation.module);
    let compression = &operation.request_compression;
    let signing = super::call::signing_variant(operation.auth);
    let read = if json_output {
        quote! {
            |body| {
                let output = #model::wire::read::#module(body)?;
                ::std::result::Result::Ok(#RT::serde_json::to_value(output).unwrap_or_default())
            }
        }
    } else {
        quote!(#model::wire::read::#module)
    };
    quote! {
        #RT::protocol::query::call(
            &self.handle,
            &crate::client::SERVICE,
            #model::operation::#module::OPERATION_NAME,
            crate::endpoint::resolve_endpoint(&endpoint_params),
            #host_prefix,
            &[#(#compression),*],
            #RT::client::Signing::#signing,
            &input,
            #model::wire::write::#module,
            #read,
            #from_response,
        )
    }
}

/// The name of the generated function doing `verb` for the type `name`.
fn function_name(verb: &str, name: &str) -> Ident {
    format_ident!("{verb}_{}", naming::snake_name(name).word)
}

/// The path of a type in the `types` module.
fn types_path(name: &str, kind: TypeKind) -> TokenStream {
    tokens::type_path(&TypePath { module: ModulePath::Types, name: name.to_owned(), kind })
}

/// The path of an operation's input or output structure.
fn operation_path(operation: &Operation, structure: &Structure) -> TokenStream {
    let module = ModulePath::Operation(operation.module.clone());
    tokens::type_path(&TypePath { module, name: structure.name.clone(), kind: TypeKind::Structure })
}
