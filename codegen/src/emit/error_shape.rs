//! Modeled error shapes: the structure plus `Display`, `std::error::Error` and the
//! facts the client needs (wire code, fault, retryability).

use proc_macro2::TokenStream;
use quote::quote;

use super::structure;
use super::tokens::ident;
use crate::emit::tokens::RT;
use crate::ir::{Fault, Structure, StructureRole};

/// The error structure with its builder and error impls.
pub fn error_shape(error: &Structure) -> TokenStream {
    let body = structure::structure(error);
    let StructureRole::Error(info) = &error.role else { return body };
    let name = ident(&error.name);
    let code = &info.code;
    let display = match info.message_member {
        // A `@sensitive` message is not shown (its `Debug` redacts it too).
        Some(index) if error.members[index].sensitive => quote!(::std::write!(f, "{} (message redacted)", Self::CODE)),
        Some(index) => {
            let field = ident(&error.members[index].field);
            let optional = error.members[index].presence == crate::ir::Presence::Optional;
            let message = if optional {
                quote!(self.#field.as_deref())
            } else {
                quote!(::std::option::Option::Some(self.#field.as_str()))
            };
            quote! {
                match #message {
                    ::std::option::Option::Some(message) if !message.is_empty() => ::std::write!(f, "{}: {message}", Self::CODE),
                    _ => f.write_str(Self::CODE),
                }
            }
        }
        None => quote!(f.write_str(Self::CODE)),
    };
    let is_server = info.fault == Fault::Server;
    let retryable = info.retryable.is_some();
    let throttling = info.retryable == Some(true);
    let status = match info.http_status {
        Some(status) => quote!(::std::option::Option::Some(#status)),
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #body

        impl #name {
            /// The error code on the wire.
            pub const CODE: &'static str = #code;
            /// Whether the service (rather than the caller) is at fault.
            pub const IS_SERVER_FAULT: bool = #is_server;
            /// Whether the model marks the error as retryable.
            pub const RETRYABLE: bool = #retryable;
            /// Whether the model marks the error as throttling.
            pub const THROTTLING: bool = #throttling;
            /// The HTTP status code the model gives the error, if any.
            pub const HTTP_STATUS: ::std::option::Option<u16> = #status;
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for #name {}

        impl #RT::ModeledError for #name {
            const CODE: &'static str = #name::CODE;
            const HTTP_STATUS: ::std::option::Option<u16> = #name::HTTP_STATUS;
            const IS_SERVER_FAULT: bool = #name::IS_SERVER_FAULT;
        }
    }
}
