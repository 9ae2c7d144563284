//! The types' optional serde form (the model crate's `serde` feature, off by default):
//! every member under its JSON name, timestamps and floats as the JSON protocols write
//! them, so that a type's serde form is the JSON the service would send for it.
//! Everything serde-specific the type emitters need is here: the derives and field
//! attributes of structures, the impls of enums and unions, all behind
//! `cfg(feature = "serde")`. The wire form itself is `json_codec.rs`'s.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{self, ident, runtime_path};
use crate::emit::tokens::RT;
use crate::ir::{DefaultExpr, Member, Presence, RustType, Structure, StructureRole, Union};

/// The runtime's serde helpers named in `#[serde(...)]` attributes.
const ZERO: &str = runtime_path!("serde::zero");
const ITEMS_OPTIONAL: &str = runtime_path!("serde::items::optional");
const ITEMS_NULL_AS_ZERO: &str = runtime_path!("serde::items::null_as_zero");
const NULL_AS_ZERO: &str = runtime_path!("serde::null_as_zero");

/// The serde derives of a structure, when the feature is on.
pub fn derives() -> TokenStream {
    quote!(#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))])
}

/// The `#[serde(...)]` attribute of a structure's field, when the feature is on: its
/// JSON name, how it reads when absent or `null`, its timestamp or float format.
/// Members a REST protocol binds to the URI or headers are in the serde form too.
pub fn field_attribute(member: &Member, structure: &Structure) -> TokenStream {
    if member.ty == RustType::ByteStream {
        // A stream is read once, as it arrives: it has no serde form.
        return quote!(#[cfg_attr(feature = "serde", serde(skip))]);
    }
    let mut serde = Vec::new();
    // Serde names a field after its identifier without `r#`.
    if member.wire_name != member.field.trim_start_matches("r#") {
        let wire = &member.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if let StructureRole::Error(info) = &structure.role
        && let Some(index) = info.message_member
        && structure.members[index].model_name == member.model_name
    {
        // Services differ in the capitalisation of the message key.
        let other = if member.wire_name == "message" { "Message" } else { "message" };
        serde.push(quote!(alias = #other));
    }
    let with = tokens::serde_with(&member.ty);
    match &member.presence {
        Presence::Optional => {
            serde.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
        }
        Presence::Required | Presence::Defaulted(DefaultExpr::Zero) => serde.push(quote!(default = #ZERO)),
        Presence::Defaulted(_) => {
            let function = format!("default_{}", member.word);
            serde.push(quote!(default = #function));
        }
    }
    // Every member kind reads `null` as absent and drops `null` items of collections
    // that are not `@sparse`, as AWS SDKs do: a service answering slightly off must
    // not fail the whole call. Each path below costs nothing on well-formed input.
    let optional = member.presence == Presence::Optional;
    let plain_collection =
        matches!(member.ty, RustType::List { sparse: false, .. } | RustType::Map { sparse: false, .. });
    match with {
        Some(with) if optional => serde.push(quote!(with = #with)),
        Some(with) => {
            let ser = format!("{with}::serialize");
            let de = format!("{with}::deserialize_null_as_zero");
            serde.push(quote!(serialize_with = #ser, deserialize_with = #de));
        }
        None if plain_collection && optional => {
            serde.push(quote!(deserialize_with = #ITEMS_OPTIONAL));
        }
        None if plain_collection => {
            serde.push(quote!(deserialize_with = #ITEMS_NULL_AS_ZERO));
        }
        None if !optional => {
            serde.push(quote!(deserialize_with = #NULL_AS_ZERO));
        }
        None => {}
    }
    quote!(#[cfg_attr(feature = "serde", serde(#(#serde),*))])
}

/// A string enum's serde impls: its wire text, unknown values kept.
pub fn string_enum_impls(name: &Ident) -> TokenStream {
    quote! {
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #RT::serde::string_enum(deserializer)
            }
        }
    }
}

/// An integer enum's serde impls: its number, unknown values kept.
pub fn int_enum_impls(name: &Ident) -> TokenStream {
    quote! {
        #[cfg(feature = "serde")]
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.as_i32())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i32 as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

/// A union's serde impls: an object with exactly one member. Reading goes through a
/// private "shadow" struct with one optional field per member, so that timestamp
/// formats, renames and unknown keys follow the same rules as structures; writing
/// emits the set member's one entry by reference.
pub fn union_impls(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let unknown = ident(&u.unknown_variant);
    let shadow = format_ident!("{}Wire", u.name);
    let shadow_fields = u.variants.iter().map(|v| {
        let field = format_ident!("v_{}", v.word);
        let wire = &v.wire_name;
        let ty = super::union::value_type(v).unwrap_or_else(|| quote!(#RT::serde::UnitValue));
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
                let ty = super::union::value_type(v).unwrap_or_default();
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
    let serialize_error = format!("cannot serialize the `{}` variant of union `{}`", u.unknown_variant, u.name);
    let many_error = format!("more than one member set in union `{}`", u.name);
    quote! {
        #[cfg(feature = "serde")]
        #[derive(::std::default::Default, ::serde::Deserialize)]
        struct #shadow {
            #(#shadow_fields)*
        }

        #[cfg(feature = "serde")]
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

        #[cfg(feature = "serde")]
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
    }
}
