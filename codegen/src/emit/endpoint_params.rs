//! The endpoint parameters struct of the client crate, and literals as Rust values
//! (defaults, operation bindings, test cases).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens;
use crate::emit::tokens::RT;
use crate::ir::endpoint::{BuiltIn, EndpointRules, Literal, ParamPresence, ValueType};

/// The type of a parameter's field.
fn field_type(ty: ValueType, presence: &ParamPresence) -> TokenStream {
    let base = match ty {
        ValueType::Bool => quote!(bool),
        ValueType::StrArray => quote!(::std::vec::Vec<::std::string::String>),
        _ => quote!(::std::string::String),
    };
    match presence {
        ParamPresence::Default(_) => base,
        _ => quote!(::std::option::Option<#base>),
    }
}

/// A literal as a value of its parameter type (`String`, `bool`, `Vec<String>`).
pub fn literal(value: &Literal) -> TokenStream {
    match value {
        Literal::Bool(b) => quote!(#b),
        Literal::Str(s) => quote!(::std::string::String::from(#s)),
        Literal::StrArray(items) => quote!(::std::vec![#(::std::string::String::from(#items)),*]),
        Literal::Int(n) => quote!(#n),
        Literal::Array(items) => {
            let items = items.iter().map(document);
            quote!(::std::vec![#(#items),*])
        }
        Literal::Record(_) => document(value),
    }
}

/// A literal as a `Document` (expected properties in tests).
pub fn document(value: &Literal) -> TokenStream {
    let rules = super::endpoint::rules_path();
    match value {
        Literal::Bool(b) => quote!(#RT::Document::Bool(#b)),
        Literal::Str(s) => quote!(#rules::string(#s)),
        Literal::StrArray(items) => {
            quote!(#RT::Document::Array(::std::vec![#(#rules::string(#items)),*]))
        }
        Literal::Int(n) => quote!(#RT::Document::from(#n)),
        Literal::Array(items) => {
            let items = items.iter().map(document);
            quote!(#RT::Document::Array(::std::vec![#(#items),*]))
        }
        Literal::Record(fields) => {
            let fields = fields.iter().map(|(k, v)| {
                let v = document(v);
                quote!((#k, #v))
            });
            quote!(#rules::record([#(#fields),*]))
        }
    }
}

/// A value of a parameter's field type from a literal.
pub fn field_value(value: &Literal, presence: &ParamPresence) -> TokenStream {
    let value = literal(value);
    match presence {
        ParamPresence::Default(_) => value,
        _ => quote!(::std::option::Option::Some(#value)),
    }
}

pub fn params_struct(rules: &EndpointRules) -> TokenStream {
    let fields = rules.params.iter().map(|param| {
        let field = tokens::ident(&param.field);
        let ty = field_type(param.ty, &param.presence);
        let mut doc = format!("`{}`", param.name);
        match &param.presence {
            ParamPresence::Required => doc.push_str(" (required)"),
            ParamPresence::Default(_) => doc.push_str(" (has a default)"),
            ParamPresence::Optional => {}
        }
        match &param.built_in {
            Some(BuiltIn::Other(name)) => doc.push_str(&format!(", built-in `{name}`: not filled by the client.")),
            Some(BuiltIn::AccountId) => doc.push_str(
                ", filled at call time from the credentials' account id (unless the account id \
                 endpoint mode is `disabled`).",
            ),
            Some(_) => doc.push_str(", filled from the client configuration."),
            None if rules.client_context.iter().any(|c| c.field == param.field) => {
                doc.push_str(", set in the client configuration (`ConfigBuilderExt`).")
            }
            None => doc.push('.'),
        }
        if !param.docs.0.is_empty() {
            doc.push_str("\n\n");
            doc.push_str(&param.docs.0);
        }
        let doc = tokens::doc_lines(&doc);
        let deprecated = tokens::deprecated(&param.deprecated);
        quote! { #doc #deprecated pub #field: #ty, }
    });
    let derivable = rules.params.iter().all(|param| match &param.presence {
        ParamPresence::Default(value) => is_type_default(value),
        _ => true,
    });
    let defaults = rules.params.iter().map(|param| {
        let field = tokens::ident(&param.field);
        let value = match &param.presence {
            ParamPresence::Default(value) => literal(value),
            _ => quote!(::std::option::Option::None),
        };
        quote!(#field: #value,)
    });
    let mut from_builtins = Vec::new();
    for param in &rules.params {
        let field = tokens::ident(&param.field);
        let optional = !matches!(param.presence, ParamPresence::Default(_));
        if rules.client_context.iter().any(|c| c.field == param.field) {
            from_builtins.push(client_context_value(param, optional));
            continue;
        }
        let value = match (&param.built_in, optional) {
            (Some(BuiltIn::Region), true) => quote!(config.region().map(::std::borrow::ToOwned::to_owned)),
            (Some(BuiltIn::Endpoint), true) => quote!(config.endpoint_override(crate::client::SERVICE.env_suffix)),
            (Some(BuiltIn::UseFips), false) => quote!(config.use_fips()),
            (Some(BuiltIn::UseDualStack), false) => quote!(config.use_dual_stack()),
            (Some(BuiltIn::UseFips), true) => quote!(::std::option::Option::Some(config.use_fips())),
            (Some(BuiltIn::UseDualStack), true) => quote!(::std::option::Option::Some(config.use_dual_stack())),
            (Some(BuiltIn::Region), false) => {
                let default = literal(default_of(&param.presence));
                quote!(config.region().map_or_else(|| #default, ::std::borrow::ToOwned::to_owned))
            }
            (Some(BuiltIn::AccountIdEndpointMode), true) => {
                quote!(::std::option::Option::Some(config.account_id_endpoint_mode().as_str().to_owned()))
            }
            (Some(BuiltIn::AccountIdEndpointMode), false) => {
                quote!(config.account_id_endpoint_mode().as_str().to_owned())
            }
            (Some(BuiltIn::Endpoint), false) => {
                let default = literal(default_of(&param.presence));
                quote!(config.endpoint_override(crate::client::SERVICE.env_suffix).unwrap_or_else(|| #default))
            }
            _ => continue,
        };
        from_builtins.push(quote!(#field: #value,));
    }
    let rest = (from_builtins.len() < rules.params.len()).then(|| quote!(..Self::default()));
    let (derive_default, default_impl) = if derivable {
        (quote!(::std::default::Default,), quote!())
    } else {
        (
            quote!(),
            quote! {
                impl ::std::default::Default for EndpointParams {
                    fn default() -> Self {
                        Self { #(#defaults)* }
                    }
                }
            },
        )
    };
    quote! {
        /// The rule set's parameters. Calls fill the built-ins from the client's
        /// configuration ([`EndpointParams::from_config`]).
        #[derive(::std::clone::Clone, ::std::fmt::Debug, #derive_default ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub struct EndpointParams {
            #(#fields)*
        }

        #default_impl

        impl EndpointParams {
            /// The parameters of a call made with `config`: region, FIPS, dual-stack
            /// and the endpoint override from the configuration, the rest at their defaults.
            pub fn from_config(config: &#RT::client::Config) -> Self {
                Self { #(#from_builtins)* #rest }
            }
        }
    }
}

/// `field: value,` of a parameter set by the client configuration (`clientContextParams`).
fn client_context_value(param: &crate::ir::endpoint::EndpointParam, optional: bool) -> TokenStream {
    let field = tokens::ident(&param.field);
    let name = &param.name;
    let read = match param.ty {
        ValueType::Bool => quote!(.and_then(#RT::client::ContextValue::as_bool)),
        ValueType::StrArray => {
            quote!(.and_then(#RT::client::ContextValue::as_str_array).map(<[::std::string::String]>::to_vec))
        }
        _ => {
            quote!(.and_then(#RT::client::ContextValue::as_str).map(::std::borrow::ToOwned::to_owned))
        }
    };
    let value = quote!(config.context_param(#name) #read);
    if optional {
        quote!(#field: #value,)
    } else {
        let default = literal(default_of(&param.presence));
        match param.ty {
            ValueType::Bool => quote!(#field: #value.unwrap_or(#default),),
            _ => quote!(#field: #value.unwrap_or_else(|| #default),),
        }
    }
}

/// Whether a default is what `Default` gives its type anyway.
fn is_type_default(value: &Literal) -> bool {
    match value {
        Literal::Bool(b) => !b,
        Literal::Str(s) => s.is_empty(),
        Literal::StrArray(items) => items.is_empty(),
        _ => false,
    }
}

fn default_of(presence: &ParamPresence) -> &Literal {
    match presence {
        ParamPresence::Default(value) => value,
        // Only defaulted parameters have non-optional fields.
        _ => &Literal::Bool(false),
    }
}
