//! The endpoint parameters of one call, in its fluent builder's `send()`: the
//! configuration's (`EndpointParams::from_config`), the credentials' account id when
//! the rules take one, then what the operation binds from constants and its input.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::emit::tokens::RT;
use crate::ir::Operation;
use crate::ir::endpoint::{BindingSource, BuiltIn, EndpointRules, ParamPresence};

/// Code computing the endpoint parameters of a call: the configuration's, then
/// what the operation binds from constants and its input.
pub(super) fn endpoint_params_tokens(operation: &Operation, endpoint: &EndpointRules) -> TokenStream {
    let from_config = quote!(crate::endpoint::EndpointParams::from_config(self.handle.config()));
    // `AWS::Auth::AccountId` comes from the credentials, known only now: loading them
    // here goes through the cache the call uses next.
    let account_id = endpoint.params.iter().find(|p| p.built_in == Some(BuiltIn::AccountId)).map(|param| {
        let field = ident(&param.field);
        let value = match param.presence {
            ParamPresence::Default(_) => quote!(account_id),
            _ => quote!(::std::option::Option::Some(account_id)),
        };
        quote! {
            if self.handle.config().account_id_endpoint_mode() != #RT::client::AccountIdEndpointMode::Disabled
                && let ::std::option::Option::Some(account_id) = self
                    .handle
                    .account_id()
                    .await
                    .map_err(#RT::client::SdkError::ConstructionFailure)?
            {
                endpoint_params.#field = #value;
            }
        }
    });
    if operation.endpoint_bindings.is_empty() && account_id.is_none() {
        return quote!(let endpoint_params = #from_config;);
    }
    let assignments = operation.endpoint_bindings.iter().map(|binding| {
        let field = ident(&binding.field);
        let defaulted =
            endpoint.params.iter().any(|p| p.field == binding.field && matches!(p.presence, ParamPresence::Default(_)));
        let wrap = |value: TokenStream| if defaulted { value } else { quote!(::std::option::Option::Some(#value)) };
        match &binding.source {
            BindingSource::Static(value) => {
                let value = super::endpoint_params::literal(value);
                let value = wrap(value);
                quote!(endpoint_params.#field = #value;)
            }
            BindingSource::Member(member) => {
                let member = ident(member);
                let value = wrap(quote!(::std::clone::Clone::clone(value)));
                quote! {
                    if let ::std::option::Option::Some(value) = &input.#member {
                        endpoint_params.#field = #value;
                    }
                }
            }
            BindingSource::Path(path) => {
                let value = super::waiter::Compiler::new().path(path, &quote!(::std::option::Option::None::<()>));
                let flatten = matches!(path.ty, crate::ir::waiter::ValueKind::List { .. });
                match (binding.ty, path.many) {
                    (crate::ir::endpoint::ValueType::StrArray, true) if flatten => {
                        let set = wrap(quote!(values));
                        quote! {
                            let lists: ::std::vec::Vec<&[_]> = #value;
                            let values: ::std::vec::Vec<::std::string::String> =
                                lists.into_iter().flatten().map(|value| value.as_str().to_owned()).collect();
                            if !values.is_empty() {
                                endpoint_params.#field = #set;
                            }
                        }
                    }
                    (crate::ir::endpoint::ValueType::StrArray, true) => {
                        // A projection drops absent values; with none left the parameter stays unset.
                        let set = wrap(quote!(values.into_iter().map(::std::borrow::ToOwned::to_owned).collect()));
                        quote! {
                            let values: ::std::vec::Vec<&str> = #value;
                            if !values.is_empty() {
                                endpoint_params.#field = #set;
                            }
                        }
                    }
                    (crate::ir::endpoint::ValueType::StrArray, false) => {
                        let set = wrap(quote!(values.iter().map(|value| value.as_str().to_owned()).collect()));
                        quote! {
                            if let ::std::option::Option::Some(values) = #value {
                                endpoint_params.#field = #set;
                            }
                        }
                    }
                    (crate::ir::endpoint::ValueType::Str, _) => {
                        let set = wrap(quote!(value.to_owned()));
                        quote! {
                            if let ::std::option::Option::Some(value) = #value {
                                endpoint_params.#field = #set;
                            }
                        }
                    }
                    (_, _) => {
                        let set = wrap(quote!(value));
                        quote! {
                            if let ::std::option::Option::Some(value) = #value {
                                endpoint_params.#field = #set;
                            }
                        }
                    }
                }
            }
        }
    });
    quote! {
        let mut endpoint_params = #from_config;
        #account_id
        #(#assignments)*
    }
}
