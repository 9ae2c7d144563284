//! Unions: one variant per member plus a catch-all for members a newer API adds.
//!
//! On the wire a union is an object with exactly one non-null member. Reading goes
//! through a private "shadow" struct with one optional field per member, so that
//! timestamp formats, renames and unknown keys follow the same rules as structures;
//! writing emits the set member's one entry by reference.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::Union;

/// The union enum, its accessors, its serde impls and its zero value.
pub fn union(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let unknown = ident(&u.unknown_variant);
    let docs = tokens::docs_or(&u.docs, || format!("One of the members of `{}`.", u.name));
    let deprecated = tokens::deprecated(&u.deprecated);
    let shadow = format_ident!("{}Wire", u.name);
    let value_type = |v: &crate::ir::UnionVariant| {
        v.ty.as_ref().map(|ty| {
            let ty = tokens::rust_type(ty);
            if v.boxed { quote!(::std::boxed::Box<#ty>) } else { ty }
        })
    };
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
    let shadow_fields = u.variants.iter().map(|v| {
        let field = format_ident!("v_{}", v.word);
        let wire = &v.wire_name;
        let ty = value_type(v).unwrap_or_else(|| quote!(#RT::serde::UnitValue));
        let with = v.ty.as_ref().and_then(tokens::serde_with).map(|with| quote!(, with = #with));
        quote! {
            #[serde(rename = #wire, default #with)]
            #field: ::std::option::Option<#ty>,
        }
    });
    // Serialization writes the one entry straight from `&self`: no copy of the value,
    // which for a deeply nested union (a document-like type) would copy every level.
    let to_entry = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire_name;
        match (&v.ty, v.ty.as_ref().and_then(tokens::serde_with)) {
            (None, _) => quote! {
                Self::#variant => map.serialize_entry(#wire, &#RT::serde::UnitValue)?,
            },
            (Some(_), None) => quote!(Self::#variant(value) => map.serialize_entry(#wire, value)?,),
            (Some(_), Some(with)) => {
                let ty = value_type(v).unwrap_or_default();
                let serialize: TokenStream = format!("{with}::serialize").parse().unwrap_or_default();
                quote! {
                    Self::#variant(value) => {
                        /// The value in its wire format (timestamps, non-finite floats).
                        struct Wire<'a>(&'a #ty);
                        impl ::serde::Serialize for Wire<'_> {
                            fn serialize<W: ::serde::Serializer>(&self, serializer: W) -> ::std::result::Result<W::Ok, W::Error> {
                                #serialize(self.0, serializer)
                            }
                        }
                        map.serialize_entry(#wire, &Wire(value))?;
                    }
                }
            }
        }
    });
    let from_shadow = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let field = format_ident!("v_{}", v.word);
        if v.ty.is_some() {
            quote!(if let ::std::option::Option::Some(value) = wire.#field { found.push(Self::#variant(value)); })
        } else {
            quote!(if wire.#field.is_some() { found.push(Self::#variant); })
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
    let serialize_error = format!("cannot serialize the `{}` variant of union `{}`", u.unknown_variant, u.name);
    let many_error = format!("more than one member set in union `{}`", u.name);
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

        #[derive(::std::default::Default, ::serde::Deserialize)]
        struct #shadow {
            #(#shadow_fields)*
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                if let Self::#unknown = self {
                    return ::std::result::Result::Err(<S::Error as ::serde::ser::Error>::custom(#serialize_error));
                }
                let mut map = serializer.serialize_map(::std::option::Option::Some(1))?;
                match self {
                    #(#to_entry)*
                    Self::#unknown => {}
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let wire = <#shadow as ::serde::Deserialize>::deserialize(deserializer)?;
                let mut found = ::std::vec::Vec::with_capacity(1);
                #(#from_shadow)*
                if found.len() > 1 {
                    return ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#many_error));
                }
                ::std::result::Result::Ok(found.pop().unwrap_or(Self::#unknown))
            }
        }

        impl #RT::serde::ZeroValue for #name {
            fn zero() -> Self {
                Self::#unknown
            }
        }
    }
}
