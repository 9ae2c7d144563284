//! `src/config_ext.rs` of a client whose rule set has `clientContextParams`: typed
//! setters on the configuration builder and getters on the configuration, as
//! extension traits over the runtime's service-agnostic `Config`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_lines, ident};
use crate::emit::tokens::RT;
use crate::ir::Service;
use crate::ir::endpoint::ValueType;

/// The module, or nothing when the service has no client context parameters.
pub fn config_ext_module(service: &Service) -> TokenStream {
    let params = &service.endpoint.client_context;
    let value = quote!(#RT::client::ContextValue);
    let mut setter_decls = Vec::new();
    let mut setter_impls = Vec::new();
    let mut getter_decls = Vec::new();
    let mut getter_impls = Vec::new();
    for param in params {
        let method = ident(&param.field);
        let name = &param.name;
        let (input, stored, output, read) = match param.ty {
            ValueType::Bool => {
                (quote!(bool), quote!(#value::Bool(value)), quote!(bool), quote!(.and_then(#value::as_bool)))
            }
            ValueType::StrArray => (
                quote!(::std::vec::Vec<::std::string::String>),
                quote!(#value::StrArray(value)),
                quote!(&[::std::string::String]),
                quote!(.and_then(#value::as_str_array)),
            ),
            _ => (
                quote!(impl ::std::convert::Into<::std::string::String>),
                quote!(#value::Str(value.into())),
                quote!(&str),
                quote!(.and_then(#value::as_str)),
            ),
        };
        let about = if param.docs.0.is_empty() { String::new() } else { format!("\n\n{}", param.docs.0) };
        let set_doc = doc_lines(&format!("Sets `{name}` of the endpoint rules.{about}"));
        let get_doc = doc_lines(&format!(
            "`{name}` of the endpoint rules, when set (see [`ConfigBuilderExt::{}`]).",
            param.field
        ));
        setter_decls.push(quote!(#set_doc fn #method(self, value: #input) -> Self;));
        setter_impls.push(quote! {
            fn #method(self, value: #input) -> Self {
                self.context_param(#name, #stored)
            }
        });
        getter_decls.push(quote!(#get_doc fn #method(&self) -> ::std::option::Option<#output>;));
        getter_impls.push(quote! {
            fn #method(&self) -> ::std::option::Option<#output> {
                self.context_param(#name) #read
            }
        });
    }
    quote! {
        //! Settings of this service beyond the common configuration: the parameters its
        //! endpoint rules take from the client (`clientContextParams`). Bring the traits
        //! into scope (`use crate_name::{ConfigBuilderExt, ConfigExt};`) to set and read them.

        /// Typed setters for this service's settings on the configuration builder.
        pub trait ConfigBuilderExt {
            #(#setter_decls)*
        }

        impl ConfigBuilderExt for #RT::client::ConfigBuilder {
            #(#setter_impls)*
        }

        /// Typed getters for this service's settings on the configuration.
        pub trait ConfigExt {
            #(#getter_decls)*
        }

        impl ConfigExt for #RT::client::Config {
            #(#getter_impls)*
        }
    }
}
