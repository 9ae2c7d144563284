//! How generated code calls the runtime for one operation: filling idempotency
//! tokens, the host prefix, the endpoint parameters and the runtime's `client::call`
//! (awsJson), `client::call_http` (restJson1, with the generated writer and readers) or
//! the awsQuery call (`emit/query`).
//! The client's `send` and the command-line dispatch both go through here.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::emit::tokens::RT;
use crate::ir::{Auth, HostPrefixPart, Operation, Protocol, RustType, Service};

/// Code filling each unset `@idempotencyToken` member of `input` with a fresh UUID.
pub fn idempotency_token_fill(operation: &Operation) -> Vec<TokenStream> {
    let tokens = operation.input.members.iter().filter(|m| m.idempotency_token && m.ty == RustType::String);
    tokens
        .map(|m| {
            let field = ident(&m.field);
            quote! {
                if input.#field.is_none() {
                    input.#field = ::std::option::Option::Some(#RT::client::random::uuid_v4());
                }
            }
        })
        .collect()
}

/// Who reads the response of a call: the client's `send` (the operation's output and
/// error types) or the command-line tool (JSON and the error metadata).
pub enum Reader<'a> {
    /// The operation's typed output and its error enum.
    Typed {
        /// The error enum's name.
        error: &'a proc_macro2::Ident,
    },
    /// The command-line tool.
    Cli,
}

/// How `input` is sent through the runtime: the statements computing the host prefix
/// and the endpoint parameters, then the call's future. The client's `send` and the
/// command-line dispatch both use it, with their own output and error types (the
/// command-line tool reads the output into its JSON form).
pub fn runtime_call(
    service: &Service,
    operation: &Operation,
    model: &proc_macro2::Ident,
    reader: Reader<'_>,
) -> (TokenStream, TokenStream) {
    let module = ident(&operation.module);
    let (host_prefix, host_prefix_arg) = host_prefix_tokens(operation);
    let compression = &operation.request_compression;
    let endpoint_params = super::endpoint_bindings::endpoint_params_tokens(operation, &service.endpoint);
    let setup = quote! {
        #host_prefix
        #endpoint_params
    };
    let call = match service.protocol {
        Protocol::AwsQuery => {
            let (from_response, json_output) = match reader {
                Reader::Typed { error } => (quote!(#error::from_response), false),
                Reader::Cli => (quote!(#RT::cli::error_metadata), true),
            };
            super::query::runtime_call(operation, model, host_prefix_arg, from_response, json_output)
        }
        Protocol::RestJson1 => {
            let streams = operation.streams_output();
            let (read_output, read_error) = match reader {
                Reader::Typed { .. } => {
                    (quote!(crate::rest::#module::read_output), quote!(crate::rest::#module::read_error))
                }
                // The command-line tool prints the output's JSON form, which leaves a
                // streamed payload out: it prints the members bound to headers.
                Reader::Cli if streams => (
                    quote! {
                        |response, body| crate::rest::#module::read_output(response, body).and_then(|output| {
                            #RT::serde_json::to_value(&output).map_err(|error| error.to_string())
                        })
                    },
                    quote!(|raw| raw.meta.clone()),
                ),
                Reader::Cli => (
                    quote! {
                        |response| crate::rest::#module::read_output(response).and_then(|output| {
                            #RT::serde_json::to_value(&output).map_err(|error| error.to_string())
                        })
                    },
                    quote!(|raw| raw.meta.clone()),
                ),
            };
            let reader = if streams { quote!(Streamed) } else { quote!(Whole) };
            quote! {
                #RT::client::call_http(
                    &self.handle,
                    &crate::client::SERVICE,
                    #model::operation::#module::OPERATION_NAME,
                    crate::endpoint::resolve_endpoint(&endpoint_params),
                    #host_prefix_arg,
                    &[#(#compression),*],
                    #RT::client::HttpCall {
                        request: crate::rest::#module::write_request(&input),
                        read_output: #RT::client::OutputReader::#reader(#read_output),
                        read_error: #read_error,
                    },
                )
            }
        }
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            let from_response = match reader {
                Reader::Typed { error } => quote!(#error::from_response),
                Reader::Cli => quote!(#RT::cli::error_metadata),
            };
            let signing = signing_variant(operation.auth);
            quote! {
                #RT::client::call(
                    &self.handle,
                    &crate::client::SERVICE,
                    #model::operation::#module::OPERATION_NAME,
                    crate::endpoint::resolve_endpoint(&endpoint_params),
                    #host_prefix_arg,
                    &[#(#compression),*],
                    #RT::client::Signing::#signing,
                    &input,
                    #from_response,
                )
            }
        }
    };
    (setup, call)
}

/// The runtime's `client::Signing` variant for an operation's auth.
pub fn signing_variant(auth: Auth) -> TokenStream {
    match auth {
        Auth::SigV4 => quote!(Required),
        Auth::Optional => quote!(Optional),
        Auth::None => quote!(Never),
    }
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
                    ::std::option::Option::Some(label) if #RT::client::endpoint::is_host_label(label) => prefix.push_str(label),
                    _ => return ::std::result::Result::Err(#RT::client::SdkError::construction(#message)),
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
