//! Unions: one variant per member plus a catch-all for members a newer API adds. Their
//! JSON form is in `json_codec.rs`, their optional serde form in `json_serde.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::{Union, UnionVariant};

/// The union enum, its accessors, its serde impls and its zero value.
pub fn union(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let unknown = ident(&u.unknown_variant);
    let docs = tokens::docs_or(&u.docs, || format!("One of the members of `{}`.", u.name));
    let deprecated = tokens::deprecated(&u.deprecated);
    let variants = u.variants.iter().map(|v| {
        let docs = tokens::docs_or(&v.docs, || format!("The `{}` member.", v.wire_name));
        let deprecated = tokens::deprecated(&v.deprecated);
        let variant = ident(&v.name);
        match value_type(v) {
            Some(ty) => quote!(#docs #deprecated #variant(#ty),),
            None => quote!(#docs #deprecated #variant,),
        }
    });
    let accessors = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let is = format_ident!("is_{}", v.word);
        let is_doc = format!(" Whether this is the [`{}::{}`] variant.", u.name, v.name);
        match &v.ty {
            Some(ty) => {
                let ty = tokens::rust_type(ty);
                let as_fn = format_ident!("as_{}", v.word);
                let as_doc = format!(" The value of the [`{}::{}`] variant, or `self` back when it is another.", u.name, v.name);
                quote! {
                    #[doc = #as_doc]
                    pub fn #as_fn(&self) -> ::std::result::Result<&#ty, &Self> {
                        if let Self::#variant(value) = self { ::std::result::Result::Ok(value) } else { ::std::result::Result::Err(self) }
                    }
                    #[doc = #is_doc]
                    pub fn #is(&self) -> bool {
                        self.#as_fn().is_ok()
                    }
                }
            }
            None => quote! {
                #[doc = #is_doc]
                pub fn #is(&self) -> bool {
                    ::std::matches!(self, Self::#variant)
                }
            },
        }
    });
    let debug_derive = (!u.sensitive).then(|| quote!(::std::fmt::Debug,));
    let debug = u.sensitive.then(|| {
        let label = &u.name;
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#label)?;
                    f.write_str("(*** Sensitive Data Redacted ***)")
                }
            }
        }
    });
    let json_impls = super::json_codec::union_impls(u);
    let serde_impls = super::json_serde::union_impls(u);
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, #debug_derive)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know (sent by a newer service).
            ///
            /// It cannot be serialized back.
            #unknown,
        }

        impl #name {
            #(#accessors)*

            /// Whether this is a member this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::#unknown)
            }
        }

        #debug

        #json_impls
        #serde_impls

        impl #RT::serde::ZeroValue for #name {
            fn zero() -> Self {
                Self::#unknown
            }
        }
    }
}

/// The type a variant holds (boxed where it closes a cycle); `None` for a unit member.
pub(super) fn value_type(v: &UnionVariant) -> Option<TokenStream> {
    v.ty.as_ref().map(|ty| {
        let ty = tokens::rust_type(ty);
        if v.boxed { quote!(::std::boxed::Box<#ty>) } else { ty }
    })
}
