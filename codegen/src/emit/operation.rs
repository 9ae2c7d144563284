//! One file per operation: its input and output structures with their builders.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure;
use super::tokens;
use crate::emit::tokens::RT;
use crate::ir::{Operation, Service};

/// The module body of `operation::<op>`.
pub fn operation(service: &Service, operation: &Operation) -> TokenStream {
    let docs = tokens::inner_doc_lines(&operation.docs.0);
    let module = &operation.module;
    let summary = format!(
        " Types of the `{}` operation: [`{input}`](crate::operation::{module}::{input}), \
         [`{output}`](crate::operation::{module}::{output}), their builders and [`{error}`](crate::operation::{module}::{error}).",
        operation.name,
        input = operation.input.name,
        output = operation.output.name,
        error = operation.names.error,
    );
    let error = super::operation_error::operation_error(service, operation);
    let mut input = structure::structure(&operation.input);
    input.extend(super::validate::validate_impl(&operation.input, service));
    input.extend(super::input_json::input_json_impl(service, operation));
    let output = structure::structure(&operation.output);
    let name = &operation.name;
    let marker = &operation.names.marker;
    let marker_doc = format!(
        " The `{name}` operation as a type, naming its input, output and error (for generic code such as the \
         client's mock)."
    );
    let marker = tokens::ident(marker);
    let input_name = tokens::ident(&operation.input.name);
    let output_name = tokens::ident(&operation.output.name);
    let error_name = tokens::ident(&operation.names.error);
    let deprecated = operation.deprecated.as_ref().map(|note| {
        let text = if note.is_empty() { " **Deprecated.**".to_owned() } else { format!(" **Deprecated:** {note}") };
        quote!(#![doc = ""] #![doc = #text])
    });
    let examples = (!operation.examples.is_empty()).then(|| {
        quote!(
            #[cfg(test)]
            mod examples;
        )
    });
    quote! {
        #![doc = #summary]
        #![doc = ""]
        #docs
        #deprecated

        /// The operation's name in the model, also the action on the wire.
        pub const OPERATION_NAME: &str = #name;

        #[doc = #marker_doc]
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::default::Default)]
        pub struct #marker;

        impl #RT::Operation for #marker {
            const NAME: &'static str = OPERATION_NAME;
            type Input = #input_name;
            type Output = #output_name;
            type Error = #error_name;
        }

        #input
        #output
        #error
        #examples
    }
}
