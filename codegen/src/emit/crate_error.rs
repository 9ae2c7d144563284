//! `src/error_meta.rs` of the client crate: the crate-level `Error` every call's error
//! (and a configuration or build error) converts into for `?`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::{RustType, Service, StructureRole};

/// `src/error_meta.rs`: the crate-level error every call's error converts into.
pub fn error_meta(service: &Service, model_crate: &str) -> TokenStream {
    let model = format_ident!("{}", model_crate.replace('-', "_"));
    let variants = service.errors.iter().map(|e| {
        let variant = ident(&e.name);
        let docs = tokens::docs_or(&e.docs, || format!("The `{}` error.", e.name));
        quote!(#docs #variant(#model::error::#variant),)
    });
    let arms = |call: TokenStream| {
        let arms = service.errors.iter().map(|e| {
            let variant = ident(&e.name);
            quote!(Self::#variant(inner) => #call,)
        });
        quote!(#(#arms)* Self::Unhandled(inner) => #call,)
    };
    let display = arms(quote!(::std::fmt::Display::fmt(inner, f)));
    let debug = arms(quote!(::std::fmt::Debug::fmt(inner, f)));
    let source = arms(quote!(::std::error::Error::source(inner)));
    let codes = service.errors.iter().map(|e| {
        let variant = ident(&e.name);
        quote!(Self::#variant(_) => ::std::option::Option::Some(#model::error::#variant::CODE),)
    });
    let messages = service.errors.iter().map(|e| {
        let variant = ident(&e.name);
        let message = match &e.role {
            StructureRole::Error(info) => info.message_member.map(|index| &e.members[index]),
            _ => None,
        };
        match message {
            Some(member) if member.ty == RustType::String => {
                let field = ident(&member.field);
                if member.presence == crate::ir::Presence::Optional {
                    quote!(Self::#variant(inner) => inner.#field.as_deref(),)
                } else {
                    quote!(Self::#variant(inner) => ::std::option::Option::Some(inner.#field.as_str()),)
                }
            }
            _ => quote!(Self::#variant(_) => ::std::option::Option::None,),
        }
    });
    let conversions = service.operations.iter().map(|op| {
        let module = ident(&op.module);
        let op_error = ident(&op.names.error);
        let arms = op.errors.iter().map(|path| {
            let variant = ident(&path.name);
            quote!(#model::operation::#module::#op_error::#variant(inner) => Self::#variant(inner),)
        });
        quote! {
            impl ::std::convert::From<#model::operation::#module::#op_error> for Error {
                fn from(error: #model::operation::#module::#op_error) -> Self {
                    match error {
                        #(#arms)*
                        #model::operation::#module::#op_error::Unhandled(inner) => Self::Unhandled(inner),
                        other => Self::Unhandled(#RT::Unhandled::from_source(other)),
                    }
                }
            }

            impl ::std::convert::From<#RT::client::SdkError<#model::operation::#module::#op_error>> for Error {
                fn from(error: #RT::client::SdkError<#model::operation::#module::#op_error>) -> Self {
                    match error {
                        #RT::client::SdkError::ServiceError(service_error) => Self::from(service_error.into_err()),
                        other => Self::Unhandled(#RT::Unhandled::from_source(other)),
                    }
                }
            }
        }
    });
    quote! {
        //! The crate-level error.

        /// Every error a program using this client can end in: the service's modeled
        /// errors, and everything else (unmodeled service errors, configuration,
        /// construction, dispatch, timeouts, unreadable responses) as `Unhandled`.
        ///
        /// `Display`, `Debug` and `source` are the wrapped error's, so an error chain
        /// printed with anyhow's `{:#}` or `{:?}` says each fact once.
        #[non_exhaustive]
        pub enum Error {
            #(#variants)*
            /// Any other error: an error code the model does not list (with its code,
            /// message, status and request id), or a failure that is not the service's,
            /// which its `Display` describes.
            Unhandled(#RT::Unhandled),
        }

        impl Error {
            /// The error code the service sent (`None` for failures that are not the
            /// service's).
            pub fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#codes)*
                    Self::Unhandled(inner) => inner.meta().code(),
                }
            }

            /// The service's message, when it sent one.
            pub fn message(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#messages)*
                    Self::Unhandled(inner) => inner.meta().message(),
                }
            }
        }

        impl #RT::ProvideErrorMetadata for Error {
            fn code(&self) -> ::std::option::Option<&str> {
                Error::code(self)
            }

            fn message(&self) -> ::std::option::Option<&str> {
                Error::message(self)
            }
        }

        impl ::std::fmt::Debug for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #debug
                }
            }
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #display
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #source
                }
            }
        }

        /// `Type::builder().build()?` in a function returning this crate's `Error`.
        impl ::std::convert::From<#RT::BuildError> for Error {
            fn from(error: #RT::BuildError) -> Self {
                Self::Unhandled(#RT::Unhandled::from_source(error))
            }
        }

        /// `Config::from_env()?` in a function returning this crate's `Error`.
        impl ::std::convert::From<#RT::client::ConfigError> for Error {
            fn from(error: #RT::client::ConfigError) -> Self {
                Self::Unhandled(#RT::Unhandled::from_source(error))
            }
        }

        #(#conversions)*
    }
}
