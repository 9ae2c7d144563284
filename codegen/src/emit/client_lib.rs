//! The client crate's skeleton: `src/lib.rs` with its front-page documentation (a
//! first call, and what differs from the AWS SDK for the same service) and every
//! re-export, so that a program names all it uses through the one crate it depends
//! on; and `Cargo.toml`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens;
use crate::emit::tokens::RT;
use crate::ir::{Operation, Service};

/// `src/lib.rs` of the client crate.
pub fn client_lib(service: &Service, model_crate: &str, client_crate: &str) -> TokenStream {
    let model = format_ident!("{}", model_crate.replace('-', "_"));
    let krate = client_crate.replace('-', "_");
    let title = service.title.clone().unwrap_or_else(|| service.sdk_id.clone());
    let example_op = first_call(service).map(|op| op.module.clone()).unwrap_or_default();
    let sdk_crate = format!("aws-sdk-{}", service.sdk_id.to_lowercase().replace(' ', ""));
    let intro = format!(
        "An async client for {title} (API version {}), generated from its Smithy model: one method per operation, \
         signed with SigV4, with retries and timeouts.\n\n\
         ```no_run\n\
         # async fn example() -> Result<(), {krate}::Error> {{\n\
         let config = {krate}::Config::from_env().await?;\n\
         let client = {krate}::Client::new(&config);\n\
         let output = client.{example_op}().send().await?;\n\
         println!(\"{{output:?}}\");\n\
         # Ok(())\n\
         # }}\n\
         ```\n\n\
         Types live in [`types`], modeled errors and the error types of calls in [`error`], inputs, outputs and \
         per-operation error enums in [`operation`], configuration in [`config`]. Every call's error, and a \
         configuration error, converts into [`Error`] for `?`.\n\n\
         Tests can answer calls without a network with [`Client::from_mock`]. Features (off by default): \
         `tracing` (one `DEBUG` event per call and a `WARN` per retry, under the target `{krate}`) and \
         `blocking` (`send_blocking()` and friends, for programs without async).\n\n\
         # Coming from `{sdk_crate}`\n\n\
         Programs written against `{sdk_crate}` and `aws-config` mostly carry over:\n\n\
         - `aws_config::load_defaults(BehaviorVersion::latest()).await` is [`Config::from_env`]`().await?` (it \
         returns a `Result`: a setting that does not parse is an error, not a silent default); \
         `{sdk_crate_ident}::config::Builder` is [`config::Builder`], `Region` is [`config::Region`].\n\
         - Errors: [`error::SdkError`], `into_service_error()` (the operation's error, its `Unhandled` variant \
         for failures that are not the service's), `as_service_error()`, and `code()` / `message()` through \
         [`error::ProvideErrorMetadata`] on `SdkError`, operation errors and [`Error`]; `meta()` gives status and \
         request id too.\n\
         - Differences: [`Config::region`] returns `Option<&str>`; a client is made with [`Client::new`] from a \
         [`Config`] (there is no `SdkConfig`); `into_paginator().items()` is already the stream (no `.send()` \
         after it); `meta()` on an `SdkError` returns an `Option` (only service errors have metadata); a whole \
         input (one read with `from_json`, say) is sent with the fluent builder's `set_input`.",
        service.version,
        sdk_crate_ident = sdk_crate.replace('-', "_"),
    );
    let intro = tokens::inner_doc_lines(&intro);
    let crate_attributes = super::modules::crate_attributes();
    let waiters = service.operations.iter().any(|op| !op.waiters.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod waiters;
        }
    });
    let smoke_tests = service.operations.iter().any(|op| !op.smoke_tests.is_empty()).then(|| {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod smoke_tests;
        }
    });
    let config_ext = (!service.endpoint.client_context.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            mod config_ext;
            pub use config_ext::{ConfigBuilderExt, ConfigExt};
        }
    });
    let rest = (service.protocol == crate::ir::Protocol::RestJson1).then(|| {
        quote! {
            #[rustfmt::skip]
            mod rest;
        }
    });
    quote! {
        #intro
        #crate_attributes

        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod endpoint;
        #[rustfmt::skip]
        mod error_meta;
        #[rustfmt::skip]
        pub mod fluent_builders;
        #rest
        #waiters
        #smoke_tests
        #config_ext
        #[cfg(feature = "cli")]
        #[rustfmt::skip]
        pub mod cli;

        pub use #RT::client::{AccountIdEndpointMode, Config, ConfigBuilder, ConfigError, Mock, MockCall, MockError, RetryConfig, SdkError, StalledStreamProtection, TimeoutConfig};
        pub use #RT::credentials::Credentials;
        /// Credentials and their providers: the default chain, profiles, environment,
        /// container and instance metadata, and [`ProvideCredentials`](credentials::ProvideCredentials)
        /// for custom ones.
        pub use #RT::credentials;
        pub use #RT::client::paginator::{ItemStream, PageStream};
        #[cfg(feature = "blocking")]
        pub use #RT::client::blocking::BlockingIter;
        pub use client::Client;
        pub use #model::{json, operation, primitives, types};
        pub use error_meta::Error;

        /// Configuration: region, credentials, endpoint, retries and timeouts.
        pub mod config {
            pub use #RT::client::{AccountIdEndpointMode, Config, ConfigError, Region, RetryConfig, StalledStreamProtection, TimeoutConfig};
            /// Builds a [`Config`]; the name `aws-config` users know for it.
            pub use #RT::client::ConfigBuilder as Builder;
            pub use #RT::client::ConfigBuilder;
            pub use #RT::credentials::{Credentials, Environment, ProvideCredentials};
        }

        /// The service's modeled errors, and every type an error of a call is made of.
        pub mod error {
            pub use #model::error::*;
            pub use #RT::client::{
                ConfigError, ConstructionFailure, DispatchFailure, DispatchKind, ResponseError, SdkError, ServiceError,
                TimeoutError, TimeoutKind,
            };
            pub use #RT::client::waiter::WaiterError;
            pub use #RT::input_json::InputJsonError;
            pub use #RT::validation::Violation;
            pub use #RT::{BuildError, ErrorMetadata, ProvideErrorMetadata, Unhandled};
        }
    }
}

/// The operation the crate's first example calls: one a newcomer can run anywhere
/// without harm. Read-only by its verb, with no required members, paginated ones first
/// (they list what the account has), then the shortest name (the service's main noun).
/// A service without such an operation gets its first one that needs no members.
fn first_call(service: &Service) -> Option<&Operation> {
    let reads = |op: &&Operation| {
        ["Describe", "List", "Get"].iter().any(|verb| op.name.starts_with(verb))
            && !op.input.members.iter().any(|m| m.required)
    };
    service
        .operations
        .iter()
        .filter(reads)
        .min_by_key(|op| (op.paginator.is_none(), op.name.len()))
        .or_else(|| service.operations.iter().find(|op| !op.input.members.iter().any(|m| m.required)))
        .or_else(|| service.operations.first())
}

/// `Cargo.toml` of the client crate.
pub fn client_manifest(
    header: &str,
    client_crate: &str,
    service: &Service,
    model_dependency: &str,
    runtime_dependency: &str,
    model_crate: &str,
) -> String {
    let program = super::cli::program_name(service);
    let title = service.title.clone().unwrap_or_else(|| service.sdk_id.clone());
    let description = format!("Async client for {title} generated from its Smithy model").replace('"', "'");
    // gzip only where an operation compresses its requests: other clients do without it.
    let compresses = service.operations.iter().any(|op| !op.request_compression.is_empty());
    let features = if compresses { r#"["client", "gzip"]"# } else { r#"["client"]"# };
    let runtime_dependency = match runtime_dependency.strip_suffix('}') {
        Some(open) => format!("{}, features = {features} }}", open.trim_end()),
        None => runtime_dependency.to_owned(),
    };
    format!(
        "{header}\n[package]\nname = \"{client_crate}\"\nversion = \"0.1.0\"\nedition = \"2024\"\nrust-version = \"1.88\"\n\
         description = \"{description}\"\nlicense = \"Apache-2.0\"\npublish = false\n\n[features]\ndefault = []\n\
         # One `tracing` span per call: service, operation, attempt, status, request id; never bodies or secrets.\n\
         tracing = [\"aws-client-runtime/tracing\"]\n\
         # `send_blocking()` on every operation (and blocking pages and waits), for programs without async.\n\
         blocking = [\"aws-client-runtime/blocking\"]\n\
         # The `{program}` command-line tool (`src/bin/{program}.rs`); library users pay nothing for it.\n\
         cli = [\"blocking\", \"serde\", \"aws-client-runtime/cli\"]\n\
         # `Serialize` and `Deserialize` on the model's types (the `{model_crate}` crate's feature).\n\
         serde = [\"{model_crate}/serde\"]\n\n\
         [[bin]]\nname = \"{program}\"\npath = \"src/bin/{program}.rs\"\nrequired-features = [\"cli\"]\n\n[dependencies]\n\
         aws-client-runtime = {runtime_dependency}\n{model_crate} = {model_dependency}\n\n[dev-dependencies]\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\", \"time\", \"sync\"] }}\n"
    )
}
