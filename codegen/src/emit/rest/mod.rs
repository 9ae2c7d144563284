//! restJson1: the request writer and response readers of each operation, generated
//! from the IR's bindings into the client crate's `rest` module (one file per
//! operation). The JSON body is the serde form of the input or output, whose members
//! bound elsewhere (URI, headers, payload, status) are left out of it by
//! `emit/structure.rs`; everything else is written and read here.

mod request;
mod response;
mod text;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::{Operation, Service};

/// The body of `src/rest.rs`: one module per operation.
pub fn rest_module(service: &Service) -> TokenStream {
    let modules = service.operations.iter().map(|op| {
        let module = ident(&op.module);
        quote! {
            #[rustfmt::skip]
            pub(crate) mod #module;
        }
    });
    quote! {
        //! How each operation's requests and responses look on the wire (restJson1).
        #(#modules)*
    }
}

/// The body of `src/rest/<operation>.rs`.
pub fn operation_module(service: &Service, operation: &Operation, model: &str) -> TokenStream {
    let doc = format!(" The `{}` operation's request and response in restJson1.", operation.name);
    let model = ident(&model.replace('-', "_"));
    let module = ident(&operation.module);
    let input = ident(&operation.input.name);
    let output = ident(&operation.output.name);
    let error = ident(&operation.names.error);
    let write = request::write_request(operation);
    let read_output = response::read_output(operation);
    let read_error = response::read_error(service, operation);
    quote! {
        #![doc = #doc]

        use #model::operation::#module::{#error, #input, #output};

        #write
        #read_output
        #read_error
    }
}
