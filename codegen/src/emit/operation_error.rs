//! The per-operation error enum: one variant per modeled error plus `Unhandled`, typed
//! from an error response's code and body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::{Operation, Protocol, Service, StructureRole};

/// `<Op>Error` with `from_response`, accessors, `Display` and `Error`.
pub fn operation_error(service: &Service, operation: &Operation) -> TokenStream {
    let name = ident(&operation.names.error);
    let doc = format!(" Errors of the `{}` operation.", operation.name);
    let errors: Vec<_> = operation.errors.iter().filter_map(|path| service.error(path)).collect();
    let variants = errors.iter().map(|error| {
        let variant = ident(&error.name);
        let docs = tokens::docs_or(&error.docs, || format!("The `{}` error.", error.name));
        let path = tokens::type_path(&crate::ir::TypePath {
            module: crate::ir::ModulePath::Error,
            name: error.name.clone(),
            kind: crate::ir::TypeKind::Structure,
        });
        quote!(#docs #variant(#path),)
    });
    let from_code = errors.iter().map(|error| {
        let variant = ident(&error.name);
        let code = match &error.role {
            StructureRole::Error(info) => info.code.clone(),
            _ => error.name.clone(),
        };
        let parse = match service.protocol {
            Protocol::AwsQuery => super::query::modeled_error(error),
            _ => quote!(#RT::parse_modeled_error(meta, body)),
        };
        // A query-compatible service names the error by its awsQuery code.
        let query_code = match &error.role {
            StructureRole::Error(info) if service.query_compatible => {
                info.query_error.as_ref().map(|(query, _)| query).filter(|query| **query != code)
            }
            _ => None,
        };
        let codes = match query_code {
            Some(query) => quote!(::std::option::Option::Some(#code | #query)),
            None => quote!(::std::option::Option::Some(#code)),
        };
        quote! {
            #codes => #parse.map_or_else(Self::Unhandled, Self::#variant),
        }
    });
    let code_arms = errors.iter().map(|error| {
        let variant = ident(&error.name);
        let path = format_ident!("{}", error.name);
        quote!(Self::#variant(_) => ::std::option::Option::Some(crate::error::#path::CODE),)
    });
    let source_arms = errors.iter().map(|error| {
        let variant = ident(&error.name);
        quote!(Self::#variant(error) => ::std::error::Error::source(error),)
    });
    let display_arms = errors.iter().map(|error| {
        let variant = ident(&error.name);
        quote!(Self::#variant(error) => ::std::fmt::Display::fmt(error, f),)
    });
    let debug_arms = errors.iter().map(|error| {
        let variant = ident(&error.name);
        quote!(Self::#variant(error) => ::std::fmt::Debug::fmt(error, f),)
    });
    let message_arms = errors.iter().map(|error| {
        let variant = ident(&error.name);
        let message = match &error.role {
            StructureRole::Error(info) => info.message_member.map(|index| &error.members[index]),
            _ => None,
        };
        match message {
            Some(member) if member.ty == crate::ir::RustType::String => {
                let field = ident(&member.field);
                if member.presence == crate::ir::Presence::Optional {
                    quote!(Self::#variant(error) => error.#field.as_deref(),)
                } else {
                    quote!(Self::#variant(error) => ::std::option::Option::Some(error.#field.as_str()),)
                }
            }
            _ => quote!(Self::#variant(_) => ::std::option::Option::None,),
        }
    });
    let is_fns = errors.iter().map(|error| {
        let variant = ident(&error.name);
        let is = format_ident!("is_{}", error.word);
        let doc = format!(" Whether this is the [`{}`](crate::error::{}) error.", error.name, error.name);
        quote! {
            #[doc = #doc]
            pub fn #is(&self) -> bool {
                ::std::matches!(self, Self::#variant(_))
            }
        }
    });
    let from_response = if errors.is_empty() {
        quote! {
            let _ = body;
            Self::Unhandled(#RT::Unhandled::new(meta.clone()))
        }
    } else {
        quote! {
            match meta.code() {
                #(#from_code)*
                _ => Self::Unhandled(#RT::Unhandled::new(meta.clone())),
            }
        }
    };
    let message = if errors.is_empty() {
        quote!(let Self::Unhandled(unhandled) = self; unhandled.meta().message())
    } else {
        quote! {
            match self {
                #(#message_arms)*
                Self::Unhandled(unhandled) => unhandled.meta().message(),
            }
        }
    };
    let code = if errors.is_empty() {
        quote!(let Self::Unhandled(unhandled) = self; unhandled.meta().code())
    } else {
        quote! {
            match self {
                #(#code_arms)*
                Self::Unhandled(unhandled) => unhandled.meta().code(),
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not list for this operation (or one whose body
            /// could not be read), with its code, message, status and request id; from
            /// `SdkError::into_service_error`, also any failure that is not the service's.
            Unhandled(#RT::Unhandled),
        }

        impl #name {
            /// Types an error response: the modeled error its code names, else `Unhandled`.
            pub fn from_response(meta: &#RT::ErrorMetadata, body: &[u8]) -> Self {
                #from_response
            }

            /// The error code.
            pub fn code(&self) -> ::std::option::Option<&str> {
                #code
            }

            /// The service's message, when it sent one.
            pub fn message(&self) -> ::std::option::Option<&str> {
                #message
            }

            #(#is_fns)*
        }

        impl #RT::ProvideErrorMetadata for #name {
            fn code(&self) -> ::std::option::Option<&str> {
                #name::code(self)
            }

            fn message(&self) -> ::std::option::Option<&str> {
                #name::message(self)
            }
        }

        impl ::std::convert::From<#RT::Unhandled> for #name {
            fn from(unhandled: #RT::Unhandled) -> Self {
                Self::Unhandled(unhandled)
            }
        }

        // The enum only says which error it is, so Display, Debug and source are the
        // wrapped error's: each fact once along an error chain.
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    Self::Unhandled(unhandled) => ::std::fmt::Debug::fmt(unhandled, f),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::Unhandled(unhandled) => ::std::fmt::Display::fmt(unhandled, f),
                }
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    Self::Unhandled(unhandled) => ::std::error::Error::source(unhandled),
                }
            }
        }
    }
}
