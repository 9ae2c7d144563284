//! The client crate: `Client`, one fluent builder per operation, the service facts the
//! runtime needs, and the manifest.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::ir::endpoint::EndpointRules;
use crate::ir::{HostPrefixPart, Operation, RustType, Service, StructureRole};
use crate::resolve::naming;

/// `src/client.rs`: the client and the service facts.
pub fn client_module(service: &Service, client_crate: &str) -> TokenStream {
    let target_prefix = &service.name;
    let content_type = service.protocol.content_type();
    let signing_name = match &service.signing_name {
        Some(name) => quote!(::std::option::Option::Some(#name)),
        None => quote!(::std::option::Option::None),
    };
    let env_suffix = naming::env_suffix(&service.sdk_id);
    let user_agent = format!("{client_crate}/");
    let retryable = service.errors.iter().filter_map(|e| match &e.role {
        StructureRole::Error(info) => info.retryable.map(|throttling| {
            let code = &info.code;
            quote!((#code, #throttling))
        }),
        _ => None,
    });
    let title = service.title.clone().unwrap_or_else(|| service.sdk_id.clone());
    let doc = format!(" Client for {title}: one method per operation, each returning a fluent builder.");
    let from_mock_doc = from_mock_doc(service, client_crate);
    let krate = client_crate.replace('-', "_");
    quote! {
        //! The client and what the runtime needs to know about the service.

        /// Facts about the service the runtime needs for every call.
        pub(crate) const SERVICE: ::aws_client_runtime::client::ServiceInfo = ::aws_client_runtime::client::ServiceInfo {
            target_prefix: #target_prefix,
            content_type: #content_type,
            signing_name: #signing_name,
            env_suffix: #env_suffix,
            user_agent: ::std::concat!(#user_agent, ::std::env!("CARGO_PKG_VERSION")),
            retryable_errors: &[#(#retryable),*],
            tracer: TRACER,
        };

        // Log events carry this crate's name as their target, so that the filter users
        // write for the crate they depend on (`RUST_LOG=<crate>=debug`) shows them.
        #[cfg(feature = "tracing")]
        const TRACER: ::std::option::Option<::aws_client_runtime::client::trace::Tracer> =
            ::std::option::Option::Some(::aws_client_runtime::client::trace::Tracer { call: trace_call, retry: trace_retry });
        #[cfg(not(feature = "tracing"))]
        const TRACER: ::std::option::Option<::aws_client_runtime::client::trace::Tracer> = ::std::option::Option::None;

        #[cfg(feature = "tracing")]
        fn trace_call(event: &::aws_client_runtime::client::trace::CallEvent<'_>) {
            let elapsed_ms = event.elapsed.as_millis() as u64;
            ::aws_client_runtime::client::tracing::debug!(
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
        fn trace_retry(event: &::aws_client_runtime::client::trace::RetryEvent<'_>) {
            let delay_ms = event.delay.as_millis() as u64;
            ::aws_client_runtime::client::tracing::warn!(
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
            pub(crate) handle: ::std::sync::Arc<::aws_client_runtime::client::Handle>,
        }

        impl Client {
            /// A client for a configuration.
            pub fn new(config: &::aws_client_runtime::client::Config) -> Self {
                Client { handle: ::aws_client_runtime::client::Handle::new(config) }
            }

            /// A client taking ownership of a configuration.
            pub fn from_conf(config: ::aws_client_runtime::client::Config) -> Self {
                Client::new(&config)
            }

            #from_mock_doc
            pub fn from_mock(mock: ::aws_client_runtime::client::Mock) -> Self {
                Client { handle: ::aws_client_runtime::client::Handle::mocked(mock) }
            }

            /// The client's configuration.
            pub fn config(&self) -> &::aws_client_runtime::client::Config {
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

/// `src/fluent_builders.rs`: one module per operation, builders re-exported flat.
pub fn fluent_module(service: &Service) -> TokenStream {
    let modules = service.operations.iter().map(|op| {
        let module = ident(&op.module);
        quote!(mod #module;)
    });
    let exports = service.operations.iter().map(|op| {
        let module = ident(&op.module);
        let builder = ident(&op.names.fluent_builder);
        let paginator = op.paginator.as_ref().map(|_| {
            let paginator = ident(&op.names.paginator);
            quote!(pub use self::#module::#paginator;)
        });
        quote! {
            pub use self::#module::#builder;
            #paginator
        }
    });
    quote! {
        //! Fluent builders: what each operation method of [`Client`](crate::Client) returns.
        #(#modules)*
        #(#exports)*
    }
}

/// `src/fluent_builders/<op>.rs`: the client method and its fluent builder.
pub fn fluent_builder(
    operation: &Operation,
    model_crate: &str,
    client_crate: &str,
    endpoint: &EndpointRules,
) -> TokenStream {
    let model = format_ident!("{}", model_crate.replace('-', "_"));
    let builder = ident(&operation.names.fluent_builder);
    let input = ident(&operation.input.name);
    let input_builder = ident(&operation.input.builder);
    let output = ident(&operation.output.name);
    let error = ident(&operation.names.error);
    let module = ident(&operation.module);
    let method = ident(&operation.module);
    let name = &operation.name;
    let docs = tokens::docs_or(&operation.docs, || format!("Calls the `{name}` operation."));
    let examples = super::examples::client_method_docs(operation, client_crate);
    let deprecated = tokens::deprecated(&operation.deprecated);
    let builder_doc = format!(
        " Fluent builder for the `{name}` operation: set members, then [`send`]({}::send).",
        operation.names.fluent_builder
    );
    let setters = super::setters::setters(&operation.input, super::setters::Builder::Fluent);
    let required = operation.input.members.iter().filter(|m| m.required).map(|m| {
        let field = ident(&m.field);
        let message = format!("{name}: the required member `{}` (`{}`) is not set", m.model_name, m.word);
        quote! {
            if input.#field.is_none() {
                return ::std::result::Result::Err(::aws_client_runtime::client::SdkError::construction(#message));
            }
        }
    });
    let tokens_fill = idempotency_token_fill(operation);
    let mutable = operation.input.members.iter().any(|m| m.idempotency_token && m.ty == RustType::String);
    let binding = if mutable { quote!(let mut input) } else { quote!(let input) };
    let build = super::setters::build(
        &operation.input,
        quote!(self.inner),
        |message| quote!(::aws_client_runtime::client::SdkError::construction(#message)),
    );
    let (call_setup, call) = runtime_call(operation, endpoint, &model, quote!(#error::from_response));
    let paginator = super::paginator::paginator(operation);
    let validation = operation.input.validated.then(|| {
        quote! {
            if self.handle.config().validates_inputs() {
                let violations = ::aws_client_runtime::validation::violations(&input);
                if !violations.is_empty() {
                    return ::std::result::Result::Err(::aws_client_runtime::client::SdkError::construction(
                        ::aws_client_runtime::validation::describe(#model::operation::#module::OPERATION_NAME, &violations),
                    ));
                }
            }
        }
    });
    let module_doc = format!(" The `{name}` operation on [`Client`](crate::Client).");
    let set_input = set_input(operation, &input);
    quote! {
        #![doc = #module_doc]

        use #model::operation::#module::{#error, #input, #input_builder, #output};

        impl crate::Client {
            #docs
            #examples
            #deprecated
            pub fn #method(&self) -> #builder {
                #builder { handle: self.handle.clone(), inner: #input::builder() }
            }
        }

        #[doc = #builder_doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #builder {
            handle: ::std::sync::Arc<::aws_client_runtime::client::Handle>,
            inner: #input_builder,
        }

        impl #builder {
            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            #set_input

            /// Sends the request: checks required members, signs, sends with retries,
            /// and parses the output or the modeled error.
            pub async fn send(self) -> ::std::result::Result<#output, ::aws_client_runtime::client::SdkError<#error>> {
                #binding = #build;
                #(#required)*
                #(#tokens_fill)*
                #validation
                #call_setup
                #call.await
            }

            /// [`send`](Self::send) without async: waits for the answer on the calling
            /// thread (feature `blocking`). Works inside `tokio::task::spawn_blocking`; in
            /// an async task it holds the task's worker thread, so use `send().await` there.
            #[cfg(feature = "blocking")]
            #[allow(clippy::result_large_err)] // the same result as the async method
            pub fn send_blocking(self) -> ::std::result::Result<#output, ::aws_client_runtime::client::SdkError<#error>> {
                ::aws_client_runtime::client::blocking::block_on(self.send())
            }

            #(#setters)*
        }

        #paginator
    }
}

/// Code filling each unset `@idempotencyToken` member of `input` with a fresh UUID.
pub(super) fn idempotency_token_fill(operation: &Operation) -> Vec<TokenStream> {
    let tokens = operation.input.members.iter().filter(|m| m.idempotency_token && m.ty == RustType::String);
    tokens
        .map(|m| {
            let field = ident(&m.field);
            quote! {
                if input.#field.is_none() {
                    input.#field = ::std::option::Option::Some(::aws_client_runtime::client::random::uuid_v4());
                }
            }
        })
        .collect()
}

/// How `input` is sent through the runtime: the statements computing the host prefix
/// and the endpoint parameters, then the `client::call` future; `from_response` types an
/// error response. The client's `send` and the command-line dispatch both use it, with
/// their own output and error types.
pub(super) fn runtime_call(
    operation: &Operation,
    endpoint: &EndpointRules,
    model: &proc_macro2::Ident,
    from_response: TokenStream,
) -> (TokenStream, TokenStream) {
    let module = ident(&operation.module);
    let (host_prefix, host_prefix_arg) = host_prefix_tokens(operation);
    let compression = &operation.request_compression;
    let endpoint_params = super::endpoint_bindings::endpoint_params_tokens(operation, endpoint);
    let setup = quote! {
        #host_prefix
        #endpoint_params
    };
    let call = quote! {
        ::aws_client_runtime::client::call(
            &self.handle,
            &crate::client::SERVICE,
            #model::operation::#module::OPERATION_NAME,
            crate::endpoint::resolve_endpoint(&endpoint_params),
            #host_prefix_arg,
            &[#(#compression),*],
            &input,
            #from_response,
        )
    };
    (setup, call)
}

/// Code computing the host prefix, and the `Option<&str>` argument that passes it.
fn host_prefix_tokens(operation: &Operation) -> (TokenStream, TokenStream) {
    let Some(prefix) = &operation.host_prefix else {
        return (TokenStream::new(), quote!(::std::option::Option::None));
    };
    let name = &operation.name;
    let parts = prefix.parts.iter().map(|part| match part {
        HostPrefixPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [c] => quote!(prefix.push(#c);),
            _ => quote!(prefix.push_str(#text);),
        },
        HostPrefixPart::Label { field, model_name } => {
            let field = ident(field);
            let message = format!("{name}: `{model_name}` must be a valid host label for the endpoint's host prefix");
            quote! {
                match input.#field.as_deref() {
                    ::std::option::Option::Some(label) if ::aws_client_runtime::client::endpoint::is_host_label(label) => prefix.push_str(label),
                    _ => return ::std::result::Result::Err(::aws_client_runtime::client::SdkError::construction(#message)),
                }
            }
        }
    });
    let setup = quote! {
        let mut prefix = ::std::string::String::new();
        #(#parts)*
    };
    (setup, quote!(::std::option::Option::Some(prefix.as_str())))
}

/// `set_input`: every member from a whole input (one read from JSON, say), so that a
/// tool over many operations need not copy members one by one.
fn set_input(operation: &Operation, input: &proc_macro2::Ident) -> TokenStream {
    let doc = format!(
        " Replaces every member with those of a whole [`{0}`], for example one read with [`{0}::from_json`]. \
         Setters called afterwards change it further.",
        input
    );
    let setters = operation.input.members.iter().map(|m| {
        let field = ident(&m.field);
        let set = format_ident!("set_{}", m.word);
        if m.presence == crate::ir::Presence::Optional {
            quote!(.#set(input.#field))
        } else {
            quote!(.#set(::std::option::Option::Some(input.#field)))
        }
    });
    let binding = if operation.input.members.is_empty() { quote!(_input) } else { quote!(input) };
    quote! {
        #[doc = #doc]
        pub fn set_input(mut self, #binding: #input) -> Self {
            self.inner = #input::builder() #(#setters)*;
            self
        }
    }
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
    let runtime_dependency = match runtime_dependency.strip_suffix('}') {
        Some(open) => format!("{}, features = [\"client\"] }}", open.trim_end()),
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
         cli = [\"blocking\", \"aws-client-runtime/cli\"]\n\n\
         [[bin]]\nname = \"{program}\"\npath = \"src/bin/{program}.rs\"\nrequired-features = [\"cli\"]\n\n[dependencies]\n\
         aws-client-runtime = {runtime_dependency}\n{model_crate} = {model_dependency}\n\n[dev-dependencies]\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\", \"time\", \"sync\"] }}\n"
    )
}
