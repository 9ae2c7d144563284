//! The model's `endpointTests` cases as unit tests of the generated resolver.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::endpoint_params::{document, field_value};
use super::tokens;
use crate::ir::Service;

/// `src/endpoint/tests.rs` of the client crate.
pub fn endpoint_tests(service: &Service) -> TokenStream {
    let rules = &service.endpoint;
    let cases = rules.tests.iter().enumerate().map(|(index, case)| {
        let mut slug: String =
            case.docs.to_snake_case().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        slug.truncate(60);
        let name = format_ident!("case_{index:02}_{}", slug.trim_end_matches('_'));
        let doc = tokens::doc_lines(&format!("{}\n\nCase {index} of the model's endpoint tests.", case.docs));
        let fields = case.params.iter().filter_map(|(field, value)| {
            let param = rules.params.iter().find(|p| &p.field == field)?;
            let ident = tokens::ident(field);
            let value = field_value(value, &param.presence);
            Some(quote!(#ident: #value,))
        });
        let rest = (case.params.len() < rules.params.len()).then(|| quote!(..EndpointParams::default()));
        let check = match &case.expect {
            Ok(expected) => {
                let url = &expected.url;
                let headers = expected.headers.iter().map(|(name, values)| {
                    quote!(.with_header(#name, ::std::vec![#(::std::string::String::from(#values)),*]))
                });
                let properties = expected.properties.iter().map(|(name, value)| {
                    let value = document(value);
                    quote!(.with_property(#name, #value))
                });
                quote! {
                    let expected = ResolvedEndpoint::new(#url) #(#headers)* #(#properties)*;
                    assert_eq!(resolve_endpoint(&params), ::std::result::Result::Ok(expected));
                }
            }
            Err(message) => quote! {
                let error = resolve_endpoint(&params).expect_err("the rule set gives an error");
                assert_eq!(error.message(), #message);
            },
        };
        quote! {
            #doc
            #[test]
            fn #name() {
                let params = EndpointParams { #(#fields)* #rest };
                #check
            }
        }
    });
    quote! {
        //! The model's endpoint test cases.
        use super::*;
        #(#cases)*
    }
}
