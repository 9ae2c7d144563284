//! The fluent builders of the client crate: `src/fluent_builders.rs`, and per
//! operation `src/fluent_builders/<op>.rs` with the client method that returns the
//! builder, its setters (from [`super::setters`]) and `send`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::call::{Reader, idempotency_token_fill, runtime_call};
use super::setters::{self, Builder};
use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::{Operation, Presence, RustType, Service};

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
pub fn fluent_builder(operation: &Operation, model_crate: &str, client_crate: &str, service: &Service) -> TokenStream {
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
    let setters = setters::setters(&operation.input, Builder::Fluent);
    let required = operation.input.members.iter().filter(|m| m.required).map(|m| {
        let field = ident(&m.field);
        let message = format!("{name}: the required member `{}` (`{}`) is not set", m.model_name, m.word);
        quote! {
            if input.#field.is_none() {
                return ::std::result::Result::Err(#RT::client::SdkError::construction(#message));
            }
        }
    });
    let tokens_fill = idempotency_token_fill(operation);
    let mutable = operation.input.members.iter().any(|m| m.idempotency_token && m.ty == RustType::String);
    let binding = if mutable { quote!(let mut input) } else { quote!(let input) };
    let build = setters::build(
        &operation.input,
        quote!(self.inner),
        |message| quote!(#RT::client::SdkError::construction(#message)),
    );
    let (call_setup, call) = runtime_call(service, operation, &model, Reader::Typed { error: &error });
    let paginator = super::paginator::paginator(operation);
    let validation = operation.input.validated.then(|| {
        quote! {
            if self.handle.config().validates_inputs() {
                let violations = #RT::validation::violations(&input);
                if !violations.is_empty() {
                    return ::std::result::Result::Err(#RT::client::SdkError::construction(
                        #RT::validation::describe(#model::operation::#module::OPERATION_NAME, &violations),
                    ));
                }
            }
        }
    });
    let module_doc = format!(" The `{name}` operation on [`Client`](crate::Client).");
    let set_input = set_input(operation, &input);
    // A stream in the input (a `@streaming` payload) cannot be copied, so neither can the call.
    let derives = if operation.streams_input() {
        quote!(::std::fmt::Debug)
    } else {
        quote!(::std::clone::Clone, ::std::fmt::Debug)
    };
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
        #[derive(#derives)]
        pub struct #builder {
            handle: ::std::sync::Arc<#RT::client::Handle>,
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
            pub async fn send(self) -> ::std::result::Result<#output, #RT::client::SdkError<#error>> {
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
            pub fn send_blocking(self) -> ::std::result::Result<#output, #RT::client::SdkError<#error>> {
                #RT::client::blocking::block_on(self.send())
            }

            #(#setters)*
        }

        #paginator
    }
}

/// `set_input`: every member from a whole input (one read from JSON, say), so that a
/// tool over many operations need not copy members one by one.
fn set_input(operation: &Operation, input: &proc_macro2::Ident) -> TokenStream {
    let doc = format!(
        " Replaces every member with those of a whole [`{0}`], for example one read from JSON with \
         `{0}::from_json` (the `serde` feature). Setters called afterwards change it further.",
        input
    );
    let setters = operation.input.members.iter().map(|m| {
        let field = ident(&m.field);
        let set = format_ident!("set_{}", m.word);
        if m.presence == Presence::Optional {
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
