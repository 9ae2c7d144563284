//! One file per operation: its input and output structures with their builders.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure;
use super::tokens;
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
        error = format!("{}Error", crate::resolve::naming::type_name(&operation.name)),
    );
    let error = super::operation_error::operation_error(service, operation);
    let mut input = structure::structure(&operation.input);
    input.extend(super::validate::validate_impl(&operation.input, service));
    let output = structure::structure(&operation.output);
    let name = &operation.name;
    let target = format!("{}.{}", service.name, operation.name);
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
        /// The `X-Amz-Target` header value for this operation.
        pub const TARGET: &str = #target;

        #input
        #output
        #error
        #examples
    }
}
