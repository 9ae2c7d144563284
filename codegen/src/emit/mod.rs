//! Room three, **emit**: the resolved form to formatted files.
//!
//! One emitter per kind of output (structures, enums, unions, errors, operations,
//! module skeletons), each returning the tokens of one file; [`render`] formats them.
//! Emitters read [`crate::ir`] only.

mod call;
mod cli;
mod client;
mod client_lib;
mod context_params;
mod crate_error;
mod endpoint;
mod endpoint_bindings;
mod endpoint_params;
mod endpoint_tests;
mod enums;
mod error_shape;
mod example_value;
mod examples;
mod fluent_builder;
mod input_json;
mod json_codec;
mod json_serde;
mod modules;
mod operation;
mod operation_error;
mod paginator;
mod partitions;
mod query;
mod regex;
pub mod render;
mod rest;
mod setters;
mod structure;
mod tokens;
mod union;
mod validate;
mod waiter;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Diagnostic, Diagnostics};
use crate::ir::{Protocol, Service, TypeDef};

/// What the emitters need besides the resolved service.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// How the header names the model (a path relative to the repository, never absolute).
    pub model_label: String,
    /// The command that regenerates the files, named in every header.
    pub regenerate_command: String,
    /// Name of the model crate (`dynamodb-model`).
    pub model_crate: String,
    /// Name of the client crate (`dynamodb-client`).
    pub client_crate: String,
    /// The model crate's runtime dependency as a TOML value, e.g. `{ path = "../runtime" }`.
    pub model_runtime_dependency: String,
    /// The client crate's runtime dependency (the `client` feature is added).
    pub client_runtime_dependency: String,
    /// The client crate's dependency on the model crate, e.g. `{ path = "../dynamodb-model" }`.
    pub client_model_dependency: String,
}

/// The files of the model crate, by path relative to the crate root.
///
/// Files are emitted and formatted on several threads; the result does not depend on
/// how the work was split.
pub fn model_crate(service: &Service, options: &EmitOptions) -> Result<BTreeMap<String, String>, Diagnostics> {
    let mut jobs: Vec<Job<'_>> = Vec::new();
    jobs.push(job("lib", "src/lib.rs".to_owned(), move || modules::model_lib(service, &options.model_crate)));
    jobs.push(job("primitives", "src/primitives.rs".to_owned(), move || modules::primitives(service)));
    if !validate::patterns(service).is_empty() {
        jobs.push(job("patterns", "src/patterns.rs".to_owned(), move || validate::patterns_module(service)));
    }

    let mut type_entries = Vec::new();
    for ty in &service.types {
        let (emitter, builder) = match ty {
            TypeDef::Structure(s) => ("structure", Some(s.builder.clone())),
            TypeDef::Enum(_) => ("enum", None),
            TypeDef::IntEnum(_) => ("int enum", None),
            TypeDef::Union(_) => ("union", None),
        };
        let module = format!("_{}", ty.word());
        jobs.push(job(emitter, format!("src/types/{module}.rs"), move || {
            let (shape_id, tokens) = match ty {
                TypeDef::Structure(s) => {
                    let mut tokens = structure::structure(s);
                    tokens.extend(validate::validate_impl(s, service));
                    (&s.shape_id, tokens)
                }
                TypeDef::Enum(e) => (&e.shape_id, enums::string_enum(e)),
                TypeDef::IntEnum(e) => (&e.shape_id, enums::int_enum(e)),
                TypeDef::Union(u) => (&u.shape_id, union::union(u)),
            };
            with_module_doc(ty.name(), shape_id, tokens)
        }));
        type_entries.push(modules::Entry { module, item: ty.name().to_owned(), builder });
    }
    jobs.push(job("types module", "src/types.rs".to_owned(), move || {
        modules::flat_module("Data types of the service.", &type_entries)
    }));

    let mut error_entries = Vec::new();
    for error in &service.errors {
        let module = format!("_{}", error.word);
        jobs.push(job("error", format!("src/error/{module}.rs"), move || {
            with_module_doc(&error.name, &error.shape_id, error_shape::error_shape(error))
        }));
        error_entries.push(modules::Entry { module, item: error.name.clone(), builder: Some(error.builder.clone()) });
    }
    jobs.push(job("error module", "src/error.rs".to_owned(), move || {
        modules::flat_module("Errors the service models.", &error_entries)
    }));

    for op in &service.operations {
        let module = op.module.trim_start_matches("r#");
        jobs.push(job("operation", format!("src/operation/{module}.rs"), move || operation::operation(service, op)));
        if !op.examples.is_empty() {
            jobs.push(job("examples", format!("src/operation/{module}/examples.rs"), move || {
                examples::example_tests(op)
            }));
        }
    }
    jobs.push(job("operation module", "src/operation.rs".to_owned(), move || modules::operation_module(service)));
    if service.protocol == Protocol::AwsQuery {
        jobs.push(job("query wire module", "src/wire.rs".to_owned(), query::wire_module));
        jobs.push(job("query writers", "src/wire/write.rs".to_owned(), move || query::write_module(service)));
        jobs.push(job("query readers", "src/wire/read.rs".to_owned(), move || query::read_module(service)));
    }

    let mut files = Files::rendered(&header("//", options), jobs);
    let manifest = modules::model_manifest(
        &header("#", options),
        &options.model_crate,
        service,
        &options.model_runtime_dependency,
    );
    files.insert("Cargo.toml".to_owned(), manifest);
    files.insert("src/.rustfmt.toml".to_owned(), rustfmt_config(options));
    files.diagnostics.into_result(files.files)
}

/// The files of the client crate, by path relative to the crate root.
pub fn client_crate(service: &Service, options: &EmitOptions) -> Result<BTreeMap<String, String>, Diagnostics> {
    let model = options.model_crate.as_str();
    let mut jobs: Vec<Job<'_>> = vec![
        job("client lib", "src/lib.rs".to_owned(), move || {
            client_lib::client_lib(service, model, &options.client_crate)
        }),
        job("client", "src/client.rs".to_owned(), move || client::client_module(service, &options.client_crate)),
        job("crate error", "src/error_meta.rs".to_owned(), move || crate_error::error_meta(service, model)),
        job("fluent builders module", "src/fluent_builders.rs".to_owned(), move || {
            fluent_builder::fluent_module(service)
        }),
        job("endpoint", "src/endpoint.rs".to_owned(), move || endpoint::endpoint_module(service)),
    ];
    if service.operations.iter().any(|op| !op.smoke_tests.is_empty()) {
        jobs.push(job("smoke tests", "src/smoke_tests.rs".to_owned(), move || examples::smoke_tests(service)));
    }
    if !service.endpoint.client_context.is_empty() {
        jobs.push(job("client context parameters", "src/config_ext.rs".to_owned(), move || {
            context_params::config_ext_module(service)
        }));
    }
    if !service.endpoint.tests.is_empty() {
        jobs.push(job("endpoint tests", "src/endpoint/tests.rs".to_owned(), move || {
            endpoint_tests::endpoint_tests(service)
        }));
    }
    if service.operations.iter().any(|op| !op.waiters.is_empty()) {
        jobs.push(job("waiters module", "src/waiters.rs".to_owned(), move || waiter::waiters_module(service)));
    }
    for op in &service.operations {
        for (index, w) in op.waiters.iter().enumerate() {
            let path = format!("src/waiters/{}.rs", w.word);
            jobs.push(job("waiter", path, move || waiter::waiter(op, index, model)));
        }
    }
    jobs.push(job("command-line tool", "src/cli.rs".to_owned(), move || cli::cli_module(service, model)));
    let program = cli::program_name(service);
    jobs.push(job("command-line program", format!("src/bin/{program}.rs"), move || {
        cli::cli_bin(&options.client_crate)
    }));
    for op in &service.operations {
        let module = op.module.trim_start_matches("r#");
        jobs.push(job("fluent builder", format!("src/fluent_builders/{module}.rs"), move || {
            fluent_builder::fluent_builder(op, model, &options.client_crate, service)
        }));
    }
    if service.protocol == Protocol::RestJson1 {
        jobs.push(job("restJson1 module", "src/rest.rs".to_owned(), move || rest::rest_module(service)));
        for op in &service.operations {
            let module = op.module.trim_start_matches("r#");
            jobs.push(job("restJson1 operation", format!("src/rest/{module}.rs"), move || {
                rest::operation_module(service, op, model)
            }));
        }
    }
    let mut files = Files::rendered(&header("//", options), jobs);
    let manifest = client_lib::client_manifest(
        &header("#", options),
        &options.client_crate,
        service,
        &options.client_model_dependency,
        &options.client_runtime_dependency,
        model,
    );
    files.insert("Cargo.toml".to_owned(), manifest);
    files.insert("src/.rustfmt.toml".to_owned(), rustfmt_config(options));
    files.diagnostics.into_result(files.files)
}

/// The partition table as the runtime's static data, with `header` as first line.
pub fn partition_table(table: &crate::ir::endpoint::PartitionTable, header: &str) -> Result<String, Diagnostic> {
    render::rust_file("partition table", header, partitions::partition_table(table))
}

/// One file to emit: its emitter's name (for errors), its path and what makes its tokens.
type Job<'a> = (&'static str, String, Box<dyn Fn() -> TokenStream + Send + Sync + 'a>);

fn job<'a>(emitter: &'static str, path: String, make: impl Fn() -> TokenStream + Send + Sync + 'a) -> Job<'a> {
    (emitter, path, Box::new(make))
}

/// Emits and formats every job, spreading them over the available cores.
fn render_all(header: &str, jobs: Vec<Job<'_>>) -> Vec<(String, Result<String, Diagnostic>)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let mut shares: Vec<Vec<Job<'_>>> = (0..threads).map(|_| Vec::new()).collect();
    for (index, job) in jobs.into_iter().enumerate() {
        shares[index % threads].push(job);
    }
    let render = |share: Vec<Job<'_>>| -> Vec<(String, Result<String, Diagnostic>)> {
        share.into_iter().map(|(emitter, path, make)| (path, render::rust_file(emitter, header, make()))).collect()
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares.into_iter().map(|share| scope.spawn(move || render(share))).collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    let panicked = Diagnostic::new("emit", "an emitter panicked; this is a generator bug");
                    vec![(String::new(), Err(panicked))]
                })
            })
            .collect()
    })
}

/// Keeps `cargo fmt` away from generated sources: they are formatted by the generator,
/// and the regeneration check compares them byte for byte.
fn rustfmt_config(options: &EmitOptions) -> String {
    format!("{}\ndisable_all_formatting = true\n", header("#", options))
}

fn header(comment: &str, options: &EmitOptions) -> String {
    format!("{comment} @generated by `{}` from {}; do not edit.", options.regenerate_command, options.model_label)
}

fn with_module_doc(item: &str, shape_id: &str, tokens: TokenStream) -> TokenStream {
    let doc = format!(" `{item}`: generated from the shape `{shape_id}`.");
    quote! {
        #![doc = #doc]
        #tokens
    }
}

/// Collects rendered files, reporting path collisions.
struct Files {
    files: BTreeMap<String, String>,
    diagnostics: Diagnostics,
}

impl Files {
    /// Renders the jobs, keeping the files and the diagnostics of those that failed.
    fn rendered(header: &str, jobs: Vec<Job<'_>>) -> Files {
        let mut files = Files { files: BTreeMap::new(), diagnostics: Diagnostics::default() };
        for (path, rendered) in render_all(header, jobs) {
            match rendered {
                Ok(text) => files.insert(path, text),
                Err(diagnostic) => files.diagnostics.push(diagnostic),
            }
        }
        files
    }

    fn insert(&mut self, path: String, text: String) {
        match self.files.entry(path) {
            std::collections::btree_map::Entry::Occupied(entry) => {
                self.diagnostics.push(Diagnostic::new(entry.key().clone(), "two generated items map to the same file"));
            }
            std::collections::btree_map::Entry::Vacant(entry) => {
                entry.insert(text);
            }
        }
    }
}
