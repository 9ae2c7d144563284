//! How generated code calls the runtime for one operation: filling idempotency
//! tokens, the host prefix, the endpoint parameters and the `client::call` itself.
//! The client's `send` and the command-line dispatch both go through here.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::endpoint::EndpointRules;
use crate::ir::{HostPrefixPart, Operation, Protocol, RustType};

/// Code filling each unset `@idempotencyToken` member of `input` with a fresh UUID.
pub fn idempotency_token_fill(operation: &Operation) -> Vec<TokenStream> {
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
/// `json_output` asks for the output in its JSON form (the command-line tool's), which
/// awsJson's call gives by its output type and awsQuery's reads into.
pub fn runtime_call(
    operation: &Operation,
    endpoint: &EndpointRules,
    protocol: Protocol,
    model: &proc_macro2::Ident,
    from_response: TokenStream,
    json_output: bool,
) -> (TokenStream, TokenStream) {
    let module = ident(&operation.module);
    let (host_prefix, host_prefix_arg) = host_prefix_tokens(operation);
    let compression = &operation.request_compression;
    let endpoint_params = super::endpoint_bindings::endpoint_params_tokens(operation, endpoint);
    let setup = quote! {
        #host_prefix
        #endpoint_params
    };
    if protocol == Protocol::AwsQuery {
        return (setup, super::query::runtime_call(operation, model, host_prefix_arg, from_response, json_output));
    }
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
