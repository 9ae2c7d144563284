//! The client crate's command-line tool (feature `cli`): the service's table of
//! commands, flags, paginators and waiters for the runtime's engine
//! (`aws_client_runtime::cli`), and the dispatch from an operation's input JSON to a call.
//!
//! Names follow the AWS CLI: the program is the `sdkId` in lower case with dashes,
//! commands and flags are the operation and member names in kebab case.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::tokens::ident;
use crate::emit::tokens::RT;
use crate::ir::pagination::PathStep;
use crate::ir::{Operation, RustType, Service, Structure, TimestampFormat, TypeDef};

/// The program's name: `dynamodb` for `DynamoDB`, `code-build` for `Code Build`.
pub fn program_name(service: &Service) -> String {
    service.crate_stem.clone()
}

/// `src/bin/<program>.rs`: the program, which hands over to the library's `cli::main`.
pub fn cli_bin(client_crate: &str) -> TokenStream {
    let krate = format_ident!("{}", client_crate.replace('-', "_"));
    quote! {
        //! The service's command-line tool; see the `cli` module of the library.
        fn main() -> ::std::process::ExitCode {
            #krate::cli::main()
        }
    }
}

/// `src/cli.rs`: the table and the dispatch.
pub fn cli_module(service: &Service, model_crate: &str) -> TokenStream {
    let model = format_ident!("{}", model_crate.replace('-', "_"));
    let program = program_name(service);
    let title = service.title.clone().unwrap_or_else(|| service.sdk_id.clone());
    let docs = &service.docs.0;
    let operations = service.operations.iter().map(|op| operation_entry(service, op, &model));
    let waiters = service.operations.iter().enumerate().flat_map(|(index, op)| {
        op.waiters.iter().map(move |waiter| {
            let command = kebab(&waiter.word);
            let docs = &waiter.docs.0;
            let acceptors = serde_json::from_str::<Value>(&waiter.source)
                .ok()
                .and_then(|source| source.get("acceptors").cloned())
                .unwrap_or(Value::Array(Vec::new()));
            let definition = serde_json::json!({
                "minDelay": waiter.min_delay,
                "maxDelay": waiter.max_delay,
                "acceptors": acceptors,
            })
            .to_string();
            quote! {
                #RT::cli::Waiter {
                    command: #command,
                    operation: #index,
                    docs: #docs,
                    definition: #definition,
                }
            }
        })
    });
    let arms = service.operations.iter().enumerate().map(|(index, op)| dispatch_arm(service, op, index, &model));
    let statics = field_statics(service);
    let doc = format!(
        " The `{program}` command-line tool (feature `cli`): `{program} <command> [--member VALUE]...`, as the AWS \
         CLI names commands and flags. The engine is `aws_client_runtime::cli`; this module holds what is particular to \
         the service."
    );
    quote! {
        #![doc = #doc]

        /// The service's commands, flags, paginators and waiters.
        pub static SERVICE: #RT::cli::Service = #RT::cli::Service {
            program: #program,
            title: #title,
            version: ::std::env!("CARGO_PKG_VERSION"),
            docs: #docs,
            operations: &[#(#operations),*],
            waiters: &[#(#waiters),*],
        };

        #statics

        /// Runs the tool with the process's arguments.
        pub fn main() -> ::std::process::ExitCode {
            #RT::cli::main(&SERVICE, |config| {
                ::std::boxed::Box::new(Caller { handle: crate::Client::new(config).handle })
            })
        }

        /// Sends the table's operations with a client.
        struct Caller {
            handle: ::std::sync::Arc<#RT::client::Handle>,
        }

        impl #RT::cli::Call for Caller {
            fn call(
                &self,
                operation: usize,
                text: &str,
            ) -> ::std::result::Result<#RT::cli::Value, #RT::cli::CallError> {
                match operation {
                    #(#arms)*
                    _ => ::std::result::Result::Err(#RT::cli::CallError::Other(
                        ::std::format!("no operation number {operation}"),
                    )),
                }
            }
        }
    }
}

/// One operation's entry of the table.
fn operation_entry(service: &Service, op: &Operation, model: &proc_macro2::Ident) -> TokenStream {
    let name = &op.name;
    let command = kebab(op.module.trim_start_matches("r#"));
    let docs = &op.docs.0;
    let input = ident(&op.input.name);
    let module = ident(&op.module);
    let members = op.input.members.iter().map(|member| {
        let flag = kebab(&member.word);
        let wire = &member.wire_name;
        let kind = kind(service, &member.ty);
        let required = member.required;
        let docs = &member.docs.0;
        quote! {
            #RT::cli::Member { flag: #flag, wire: #wire, kind: #kind, required: #required, docs: #docs }
        }
    });
    let output_skeleton = super::input_json::skeleton(service, &op.output);
    let paginator = match &op.paginator {
        None => quote!(::std::option::Option::None),
        Some(paginator) => {
            let input_token = op.input.members.iter().find(|m| m.word == paginator.input_token).map(|m| &m.wire_name);
            let output_token = wire_path(service, &op.output, &paginator.output_token);
            let result_key = match &paginator.items {
                None => Some(quote!(::std::option::Option::None)),
                Some(items) => wire_path(service, &op.output, &items.path)
                    .map(|path| quote!(::std::option::Option::Some(&[#(#path),*]))),
            };
            let page_size = match &paginator.page_size {
                None => Some(quote!(::std::option::Option::None)),
                Some((field, _)) => op.input.members.iter().find(|m| &m.field == field).map(|m| {
                    let wire = &m.wire_name;
                    quote!(::std::option::Option::Some(#wire))
                }),
            };
            match (input_token, output_token, result_key, page_size) {
                (Some(input_token), Some(output_token), Some(result_key), Some(page_size)) => quote! {
                    ::std::option::Option::Some(#RT::cli::Paginator {
                        input_token: #input_token,
                        output_token: &[#(#output_token),*],
                        result_key: #result_key,
                        page_size: #page_size,
                    })
                },
                // The resolved paginator names members of these structures; not
                // finding one is a generator bug, reported where it shows.
                _ => {
                    let message = format!("the paginator of `{name}` names a member its input or output lacks");
                    quote!(::std::compile_error!(#message))
                }
            }
        }
    };
    quote! {
        #RT::cli::Operation {
            name: #name,
            command: #command,
            docs: #docs,
            members: &[#(#members),*],
            input_skeleton: #model::operation::#module::#input::json_skeleton,
            output_skeleton: #output_skeleton,
            paginator: #paginator,
        }
    }
}

/// The dispatch of one operation: its input from JSON, checked, then sent.
fn dispatch_arm(service: &Service, op: &Operation, index: usize, model: &proc_macro2::Ident) -> TokenStream {
    let module = ident(&op.module);
    let input = ident(&op.input.name);
    let tokens_fill = super::call::idempotency_token_fill(op);
    let validation = op.input.validated.then(|| {
        quote! {
            let violations = #RT::validation::violations(&input);
            if !violations.is_empty() {
                return ::std::result::Result::Err(#RT::cli::CallError::Input(
                    #RT::validation::describe(#model::operation::#module::OPERATION_NAME, &violations),
                ));
            }
        }
    });
    let (call_setup, call) = super::call::runtime_call(service, op, model, super::call::Reader::Cli);
    // A streamed payload has no JSON form: its flag (or JSON member) is a file's path,
    // taken out of the input's JSON before the rest is read.
    let streamed = op.input.members.iter().find(|m| m.ty == RustType::ByteStream);
    let (take_path, set_path) = match streamed {
        None => (None, None),
        Some(member) => {
            let wire = &member.wire_name;
            let field = ident(&member.field);
            let stream = quote!(#RT::ByteStream::from_path(path));
            let value = match member.presence {
                crate::ir::Presence::Optional => quote!(::std::option::Option::Some(#stream)),
                _ => stream,
            };
            (
                Some(quote! {
                    let (text, path) = #RT::cli::take_file_member(text, #wire).map_err(#RT::cli::CallError::Input)?;
                    let text = text.as_str();
                }),
                Some(quote! {
                    if let ::std::option::Option::Some(path) = path {
                        input.#field = #value;
                    }
                }),
            )
        }
    };
    quote! {
        #index => {
            #take_path
            #[allow(unused_mut)]
            let mut input = #model::operation::#module::#input::from_json(text)
                .map_err(|error| #RT::cli::CallError::Input(error.to_string()))?;
            #set_path
            #(#tokens_fill)*
            #validation
            #RT::client::blocking::block_on(async move {
                #call_setup
                let output: ::std::result::Result<#RT::cli::Value, _> = #call.await;
                output
            })
            .map_err(#RT::cli::CallError::from_sdk)
        }
    }
}

/// A member's kind in the table.
fn kind(service: &Service, ty: &RustType) -> TokenStream {
    let kind = quote!(#RT::cli::Kind);
    match ty {
        RustType::String => quote!(#kind::String),
        RustType::Bool => quote!(#kind::Boolean),
        RustType::Byte | RustType::Short | RustType::Integer | RustType::Long | RustType::BigInteger => {
            quote!(#kind::Integer)
        }
        RustType::Float | RustType::Double | RustType::BigDecimal => quote!(#kind::Float),
        RustType::Blob => quote!(#kind::Blob),
        // A streamed payload is sent from a file: the flag takes its path.
        RustType::ByteStream => quote!(#kind::String),
        RustType::Timestamp(format) => {
            let format = match format {
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            quote!(#kind::Timestamp(#RT::Format::#format))
        }
        RustType::Document => quote!(#kind::Document),
        RustType::List { member, .. } => {
            let element = self::kind(service, member);
            quote!(#kind::List(&#element))
        }
        RustType::Map { value, .. } => {
            let value = self::kind(service, value);
            quote!(#kind::Map(&#value))
        }
        RustType::Named(path) => match service.type_def(path) {
            Some(TypeDef::Enum(enumeration)) => {
                let values = enumeration.variants.iter().map(|variant| &variant.value);
                quote!(#kind::Enum(&[#(#values),*]))
            }
            Some(TypeDef::IntEnum(_)) => quote!(#kind::Integer),
            Some(ty @ (TypeDef::Structure(_) | TypeDef::Union(_))) => {
                let fields = fields_static(ty);
                quote!(#kind::Structure(&#fields))
            }
            None => quote!(#kind::Structure(&[])),
        },
    }
}

/// The static holding a structure's (or union's) members for shorthand values.
fn fields_static(ty: &TypeDef) -> proc_macro2::Ident {
    format_ident!("SHAPE_{}", ty.word().to_uppercase())
}

/// The members of every structure and union an input reaches, as statics that
/// refer to each other (so recursive shapes need no expansion).
fn field_statics(service: &Service) -> TokenStream {
    let mut pending: Vec<&RustType> =
        service.operations.iter().flat_map(|op| op.input.members.iter().map(|m| &m.ty)).collect();
    let mut seen: Vec<&str> = Vec::new();
    let mut statics = Vec::new();
    while let Some(ty) = pending.pop() {
        let path = match ty {
            RustType::List { member, .. } => {
                pending.push(member);
                continue;
            }
            RustType::Map { value, .. } => {
                pending.push(value);
                continue;
            }
            RustType::Named(path) => path,
            _ => continue,
        };
        if seen.contains(&path.name.as_str()) {
            continue;
        }
        let Some(ty) = service.type_def(path) else { continue };
        let fields: Vec<(&str, &RustType)> = match ty {
            TypeDef::Structure(structure) => structure.members.iter().map(|m| (m.wire_name.as_str(), &m.ty)).collect(),
            TypeDef::Union(union) => {
                union.variants.iter().filter_map(|v| v.ty.as_ref().map(|ty| (v.wire_name.as_str(), ty))).collect()
            }
            TypeDef::Enum(_) | TypeDef::IntEnum(_) => continue,
        };
        seen.push(&path.name);
        let name = fields_static(ty);
        let count = fields.len();
        let entries = fields.iter().map(|(wire, ty)| {
            pending.push(ty);
            let kind = kind(service, ty);
            quote!(#RT::cli::Field { name: #wire, kind: #kind })
        });
        let entries: Vec<TokenStream> = entries.collect();
        statics.push((
            path.name.clone(),
            quote! {
                static #name: [#RT::cli::Field; #count] = [#(#entries),*];
            },
        ));
    }
    // In name order, so that the file does not depend on the walk.
    statics.sort_by(|a, b| a.0.cmp(&b.0));
    statics.into_iter().map(|(_, tokens)| tokens).collect()
}

/// The wire names along a path of fields through nested structures.
fn wire_path(service: &Service, start: &Structure, path: &[PathStep]) -> Option<Vec<String>> {
    let mut structure = start;
    let mut names = Vec::new();
    for (position, step) in path.iter().enumerate() {
        let member = structure.members.iter().find(|m| m.field == step.field)?;
        names.push(member.wire_name.clone());
        if position + 1 < path.len() {
            structure = match &member.ty {
                RustType::Named(path) => match service.type_def(path)? {
                    TypeDef::Structure(next) => next,
                    _ => return None,
                },
                _ => return None,
            };
        }
    }
    Some(names)
}

fn kebab(snake: &str) -> String {
    snake.replace('_', "-")
}
