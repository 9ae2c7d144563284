//! String and integer enums: named variants plus a catch-all that keeps values
//! a newer API sends, so an older client never fails on them.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::{Enum, IntEnum};

/// A string enum with `as_str`, `values`, `From<&str>`, `FromStr`, `Display` and serde.
pub fn string_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let json_impls = super::json_codec::string_enum_impls(&name);
    let serde_impls = super::json_serde::string_enum_impls(&name);
    let unknown = ident(&e.unknown_variant);
    let docs = tokens::docs_or(&e.docs, || format!("The values of `{}`.", e.name));
    let deprecated = tokens::deprecated(&e.deprecated);
    let variants = e.variants.iter().map(|v| {
        let docs = if v.docs.0.is_empty() {
            let text = format!(" `{}`", v.value);
            quote!(#[doc = #text])
        } else {
            tokens::docs(&v.docs)
        };
        let deprecated = tokens::deprecated(&v.deprecated);
        let variant = ident(&v.name);
        quote!(#docs #deprecated #variant,)
    });
    let to_str = e.variants.iter().map(|v| {
        let (variant, value) = (ident(&v.name), &v.value);
        quote!(Self::#variant => #value,)
    });
    let from_str = e.variants.iter().map(|v| {
        let (variant, value) = (ident(&v.name), &v.value);
        quote!(#value => Self::#variant,)
    });
    let values = e.variants.iter().map(|v| &v.value);
    let unknown_doc = format!(
        "A value this version of the crate does not know, kept as received.\n\nMatch on [`{}::as_str`] rather than on this variant: a future version may add the value as a named variant.",
        e.name
    );
    let unknown_doc = tokens::doc_lines(&unknown_doc);
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#unknown(::std::string::String::from(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#unknown(_) => Self::#unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #json_impls
        #serde_impls

        impl #RT::serde::ZeroValue for #name {
            fn zero() -> Self {
                Self::#unknown(::std::string::String::new())
            }
        }
    }
}

/// An integer enum with `as_i32`, `values`, `From<i32>` and serde.
pub fn int_enum(e: &IntEnum) -> TokenStream {
    let name = ident(&e.name);
    let json_impls = super::json_codec::int_enum_impls(&name);
    let serde_impls = super::json_serde::int_enum_impls(&name);
    let unknown = ident(&e.unknown_variant);
    let docs = tokens::docs_or(&e.docs, || format!("The values of `{}`.", e.name));
    let deprecated = tokens::deprecated(&e.deprecated);
    let variants = e.variants.iter().map(|v| {
        let docs = if v.docs.0.is_empty() {
            let text = format!(" `{}`", v.value);
            quote!(#[doc = #text])
        } else {
            tokens::docs(&v.docs)
        };
        let variant = ident(&v.name);
        quote!(#docs #variant,)
    });
    let to_int = e.variants.iter().map(|v| {
        let (variant, value) = (ident(&v.name), v.value);
        quote!(Self::#variant => #value,)
    });
    let from_int = e.variants.iter().map(|v| {
        let (variant, value) = (ident(&v.name), v.value);
        quote!(#value => Self::#variant,)
    });
    let values = e.variants.iter().map(|v| v.value);
    quote! {
        #docs
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as received.
            #unknown(i32),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#to_int)*
                    Self::#unknown(value) => *value,
                }
            }

            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [i32] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_int)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i32(), f)
            }
        }

        #json_impls
        #serde_impls

        impl #RT::serde::ZeroValue for #name {
            fn zero() -> Self {
                Self::from(0)
            }
        }
    }
}
