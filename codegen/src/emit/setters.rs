//! The setters of a member, one definition for every builder that has them: the
//! model's `<X>Builder`, an operation's fluent builder and a waiter's builder.
//!
//! Each member gets a value setter named after it (`x(value)`; for a list `x(item)`
//! appends, for a map `x(key, value)` inserts), and, where the builder holds the input
//! itself or forwards to one that does, `set_x(Option<…>)` and `get_x()`. The names,
//! parameters and documentation are decided here, so the three builders cannot drift
//! apart; only where the value goes differs.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::ir::{Member, Presence, RustType, Structure, StructureRole};

/// The builder the setters are written for, and where it keeps the members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builder {
    /// The model's `<X>Builder`: one `Option` field per member.
    Model,
    /// An operation's fluent builder: forwards to the input builder in `self.inner`.
    Fluent,
    /// A waiter's builder: forwards to the polled operation's fluent builder in
    /// `self.request`. It takes values only (no `set_`/`get_` forms).
    Waiter,
}

impl Builder {
    /// The field of the builder this one forwards to, if it forwards.
    fn forwards_to(self) -> Option<Ident> {
        match self {
            Builder::Model => None,
            Builder::Fluent => Some(format_ident!("inner")),
            Builder::Waiter => Some(format_ident!("request")),
        }
    }

    fn has_option_forms(self) -> bool {
        self != Builder::Waiter
    }
}

/// Every setter of every member of `structure`, in member order.
pub fn setters(structure: &Structure, builder: Builder) -> Vec<TokenStream> {
    let input = structure.role == StructureRole::Input;
    structure.members.iter().map(|member| member_setters(member, input, builder)).collect()
}

/// `<builder>.build()` for a builder of `structure`. When
/// [`Structure::builder_is_fallible`] says it can fail, its error returns early as what
/// `fail` makes of the message (an expression of the caller's error type).
pub fn build(
    structure: &Structure,
    builder: TokenStream,
    fail: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    if structure.builder_is_fallible() {
        let error = fail(quote!(error.to_string()));
        quote! {
            match #builder.build() {
                ::std::result::Result::Ok(built) => built,
                ::std::result::Result::Err(error) => return ::std::result::Result::Err(#error),
            }
        }
    } else {
        quote!(#builder.build())
    }
}

/// What a reader of any setter of `member` learns about whether it must be set: for an
/// operation's input, that the call needs it; for other structures, that `build` does.
/// `None` where nothing needs saying.
fn required_note(member: &Member, input: bool) -> Option<&'static str> {
    match (input, member.required, &member.presence) {
        (true, true, _) => Some("**Required**: a call fails before anything is sent without it."),
        (true, false, _) => Some("Optional."),
        (false, _, Presence::Required) => Some("**Required**: [`build`](Self::build) fails without it."),
        (false, _, _) => None,
    }
}

/// Paragraphs as `#[doc]` lines, skipping empty ones.
fn paragraphs(parts: &[&str]) -> TokenStream {
    let text: Vec<&str> = parts.iter().copied().filter(|part| !part.trim().is_empty()).collect();
    tokens::doc_lines(&text.join("\n\n"))
}

fn member_setters(member: &Member, input: bool, builder: Builder) -> TokenStream {
    let deprecated = tokens::deprecated(&member.deprecated);
    let field = ident(&member.field);
    let set = format_ident!("set_{}", member.word);
    let get = format_ident!("get_{}", member.word);
    let stored = tokens::stored_type(member);
    let note = required_note(member, input).unwrap_or_default();
    let model_docs =
        if member.docs.0.trim().is_empty() { tokens::member_fallback(member) } else { member.docs.0.clone() };

    // What a collection's value setter does to the collection already set.
    let replaced_by =
        if builder.has_option_forms() { format!("; [`{set}`](Self::{set}) replaces the whole") } else { String::new() };
    let (parameters, arguments, action) = match &member.ty {
        RustType::List { member: element, sparse } => {
            let element = tokens::collection_item(element, *sparse);
            let action = format!("Appends one item to the list{replaced_by} list.");
            (quote!(item: impl ::std::convert::Into<#element>), quote!(item), action)
        }
        RustType::Map { key, value, sparse } => {
            let (key, value) = (tokens::rust_type(key), tokens::collection_item(value, *sparse));
            let action = format!("Inserts one entry into the map, replacing one with the same key{replaced_by} map.");
            (
                quote!(key: impl ::std::convert::Into<#key>, value: impl ::std::convert::Into<#value>),
                quote!(key, value),
                action,
            )
        }
        other => {
            let ty = tokens::rust_type(other);
            (quote!(input: impl ::std::convert::Into<#ty>), quote!(input), String::new())
        }
    };
    let value_docs = paragraphs(&[&model_docs, &action, note]);
    let value_body = match (builder.forwards_to(), &member.ty) {
        (Some(to), _) => quote!(self.#to = self.#to.#field(#arguments);),
        (None, RustType::List { .. }) => quote! {
            let mut items = self.#field.unwrap_or_default();
            items.push(item.into());
            self.#field = ::std::option::Option::Some(items);
        },
        (None, RustType::Map { .. }) => quote! {
            let mut entries = self.#field.unwrap_or_default();
            entries.insert(key.into(), value.into());
            self.#field = ::std::option::Option::Some(entries);
        },
        (None, _) if member.boxed => {
            quote!(self.#field = ::std::option::Option::Some(::std::boxed::Box::new(input.into()));)
        }
        (None, _) => quote!(self.#field = ::std::option::Option::Some(input.into());),
    };
    let value_setter = quote! {
        #value_docs
        #deprecated
        pub fn #field(mut self, #parameters) -> Self {
            #value_body
            self
        }
    };
    if !builder.has_option_forms() {
        return value_setter;
    }

    let what = member.word.as_str();
    // Only a requirement bears repeating here; "Optional." is said once, above.
    let requirement = if note.starts_with("**Required**") { note } else { "" };
    let set_docs = paragraphs(&[&format!("Sets `{what}` from an `Option`: `None` unsets it."), requirement]);
    let get_docs = tokens::doc_lines(&format!("The value of `{what}` set so far, if any."));
    let (set_body, get_body) = match builder.forwards_to() {
        Some(to) => (quote!(self.#to = self.#to.#set(input);), quote!(self.#to.#get())),
        None => (quote!(self.#field = input;), quote!(&self.#field)),
    };
    quote! {
        #value_setter

        #set_docs
        #deprecated
        pub fn #set(mut self, input: ::std::option::Option<#stored>) -> Self {
            #set_body
            self
        }

        #get_docs
        #deprecated
        pub fn #get(&self) -> &::std::option::Option<#stored> {
            #get_body
        }
    }
}
