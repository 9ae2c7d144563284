//! `src/client.rs` of the client crate: the `Client` type and the facts about the
//! service the runtime needs for every call (`SERVICE`), with the tracing hooks.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens;
use crate::emit::tokens::RT;
use crate::ir::{Service, StructureRole};

/// `src/client.rs`: the client and the service facts.
pub fn client_module(service: &Service, client_crate: &str) -> TokenStream {
    let target_prefix = &service.name;
    let content_type = service.protocol.content_type();
    let signing_name = match &service.signing_name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    let env_suffix = &service.env_suffix;
    let user_agent = format!("{client_crate}/");
    // A query-compatible service's errors arrive under their awsQuery codes as well.
    let retryable = service.errors.iter().flat_map(|e| match &e.role {
        StructureRole::Error(info) => info.retryable.map_or_else(Vec::new, |throttling| {
            let query = info.query_error.as_ref().map(|(query, _)| query).filter(|_| service.query_compatible);
            std::iter::once(&info.code).chain(query).map(|code| quote!((#code, #throttling))).collect()
        }),
        _ => Vec::new(),
    });
    let query_compatible = service.query_compatible;
    let checksum_required = service.operations.iter().filter(|op| op.checksum_required).map(|op| op.name.as_str());
    let title = service.title.clone().unwrap_or_else(|| service.sdk_id.clone());
    let doc = format!(" Client for {title}: one method per operation, each returning a fluent builder.");
    let from_mock_doc = from_mock_doc(service, client_crate);
    let krate = client_crate.replace('-', "_");
    quote! {
        //! The client and what the runtime needs to know about the service.

        /// Facts about the service the runtime needs for every call.
        pub(crate) const SERVICE: #RT::client::ServiceInfo = #RT::client::ServiceInfo {
            target_prefix: #target_prefix,
            content_type: #content_type,
            signing_name: #signing_name,
            env_suffix: #env_suffix,
            user_agent: ::std::concat!(#user_agent, ::std::env!("CARGO_PKG_VERSION")),
            retryable_errors: &[#(#retryable),*],
            query_compatible: #query_compatible,
            checksum_required: &[#(#checksum_required),*],
            tracer: TRACER,
        };

        // Log events carry this crate's name as their target, so that the filter users
        // write for the crate they depend on (`RUST_LOG=<crate>=debug`) shows them.
        #[cfg(feature = "tracing")]
        const TRACER: ::std::option::Option<#RT::client::trace::Tracer> =
            ::std::option::Option::Some(#RT::client::trace::Tracer { call: trace_call, retry: trace_retry });
        #[cfg(not(feature = "tracing"))]
        const TRACER: ::std::option::Option<#RT::client::trace::Tracer> = ::std::option::Option::None;

        #[cfg(feature = "tracing")]
        fn trace_call(event: &#RT::client::trace::CallEvent<'_>) {
            let elapsed_ms = event.elapsed.as_millis() as u64;
            #RT::client::tracing::debug!(
                target: #krate,
                operation = event.operation,
                outcome = event.outcome,
                elapsed_ms,
                error_code = event.error_code,
                status = event.status,
                request_id = event.request_id,
                "call ended"
            );
        }

        #[cfg(feature = "tracing")]
        fn trace_retry(event: &#RT::client::trace::RetryEvent<'_>) {
            let delay_ms = event.delay.as_millis() as u64;
            #RT::client::tracing::warn!(
                target: #krate,
                operation = event.operation,
                attempt = event.attempt,
                reason = event.reason,
                delay_ms,
                "retrying"
            );
        }

        #[doc = #doc]
        ///
        /// Cloning is cheap and shares connections, cached credentials and retry state.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            pub(crate) handle: ::std::sync::Arc<#RT::client::Handle>,
        }

        impl Client {
            /// A client for a configuration.
            pub fn new(config: &#RT::client::Config) -> Self {
                Client { handle: #RT::client::Handle::new(config) }
            }

            /// A client taking ownership of a configuration.
            pub fn from_conf(config: #RT::client::Config) -> Self {
                Client::new(&config)
            }

            #from_mock_doc
            pub fn from_mock(mock: #RT::client::Mock) -> Self {
                Client { handle: #RT::client::Handle::mocked(mock) }
            }

            /// The client's configuration.
            pub fn config(&self) -> &#RT::client::Config {
                self.handle.config()
            }
        }
    }
}

/// The documentation of `Client::from_mock`, with an example calling the first
/// operation that needs no input members and whose output builds infallibly.
fn from_mock_doc(service: &Service, client_crate: &str) -> TokenStream {
    let krate = client_crate.replace('-', "_");
    let mut text = "A client whose calls `mock` answers, for tests: no network, no credentials, no endpoint \
                    resolution. Required members and constraints are still checked, inputs serialized, outputs \
                    parsed and errors typed as with the service."
        .to_owned();
    let example = service
        .operations
        .iter()
        .find(|op| !op.input.members.iter().any(|m| m.required) && !op.output.builder_is_fallible());
    if let Some(op) = example {
        let module = &op.module;
        let marker = &op.names.marker;
        let output = &op.output.name;
        text.push_str(&format!(
            "\n\n```\n\
             use {krate}::operation::{module}::{{{marker}, {output}}};\n\
             use {krate}::{{Client, Mock}};\n\n\
             # fn main() -> Result<(), Box<dyn std::error::Error>> {{\n\
             let mock = Mock::new().on::<{marker}>(|_input| Ok({output}::builder().build()));\n\
             let client = Client::from_mock(mock.clone());\n\
             let runtime = tokio::runtime::Builder::new_current_thread().build()?;\n\
             let output = runtime.block_on(client.{module}().send())?;\n\
             assert_eq!(output, {output}::builder().build());\n\
             assert_eq!(mock.inputs::<{marker}>().len(), 1);\n\
             # Ok(())\n\
             # }}\n\
             ```\n\n\
             Answer with [`MockError::modeled`](crate::MockError::modeled) to have a call fail with a modeled error."
        ));
    }
    tokens::doc_lines(&text)
}
