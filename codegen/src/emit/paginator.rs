//! Paginators: `into_paginator()` on a paginated operation's fluent builder, a
//! `<Op>Paginator` with `page_size`, `send` (pages) and `items`, and the runtime's
//! `Paginated` contract for the builder.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::pagination::PathStep;
use crate::ir::{Operation, RustType};

/// The paginator items of a fluent builder's file (nothing when not paginated).
pub fn paginator(operation: &Operation) -> TokenStream {
    let Some(paginator) = &operation.paginator else { return TokenStream::new() };
    let builder = ident(&operation.names.fluent_builder);
    let name = ident(&operation.names.paginator);
    let output = ident(&operation.output.name);
    let error = ident(&operation.names.error);
    let token_type = tokens::rust_type(&paginator.token_type);
    let set_token = format_ident!("set_{}", paginator.input_token);
    let next_token = borrowed_path(&paginator.output_token);
    let non_empty = matches!(paginator.token_type, RustType::String | RustType::List { .. } | RustType::Map { .. })
        .then(|| quote!(.filter(|token| !token.is_empty())));
    let page_size = paginator.page_size.as_ref().map(|(field, ty)| {
        let field = ident(field);
        let ty = tokens::rust_type(ty);
        quote! {
            /// Asks for at most `limit` results per page (the service may return fewer).
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.builder = self.builder.#field(limit);
                self
            }
        }
    });
    let items = paginator.items.as_ref().map(|items| {
        let (item, collect) = match &items.collection {
            RustType::List { member, sparse } => (tokens::collection_item(member, *sparse), quote!()),
            RustType::Map { key, value, sparse } => {
                let (key, value) = (tokens::rust_type(key), tokens::collection_item(value, *sparse));
                (quote!((#key, #value)), quote!(.into_iter().collect()))
            }
            _ => (quote!(()), quote!()),
        };
        let taken = owned_path(&items.path);
        quote! {
            /// Every item of every page, in order; each page is requested when the
            /// items before it have been taken.
            pub fn items(self) -> #RT::client::paginator::ItemStream<#builder, #item> {
                #RT::client::paginator::ItemStream::new(self.send(), |output| #taken #collect)
            }

            /// [`items`](Self::items) as an iterator that waits on the calling thread
            /// (feature `blocking`).
            #[cfg(feature = "blocking")]
            pub fn items_blocking(
                self,
            ) -> #RT::client::blocking::BlockingIter<#RT::client::paginator::ItemStream<#builder, #item>> {
                #RT::client::blocking::BlockingIter::new(self.items())
            }
        }
    });
    let doc = format!(
        " Pages through `{}`: call [`send`]({name}::send) for the pages{}.",
        operation.name,
        if paginator.items.is_some() { format!(" or [`items`]({name}::items) for their items") } else { String::new() }
    );
    let into_doc = format!(" Pages through the results instead of sending one request: see [`{name}`].");
    quote! {
        impl #builder {
            #[doc = #into_doc]
            pub fn into_paginator(self) -> #name {
                #name { builder: self, stop_on_duplicate_token: true }
            }
        }

        #[doc = #doc]
        ///
        /// Nothing is sent until the stream is polled; it ends after the page without a
        /// next token, after an error, or when the service repeats the token it was sent.
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #name {
            builder: #builder,
            stop_on_duplicate_token: bool,
        }

        impl #name {
            #page_size

            /// Whether to stop when the service answers with the token it was sent
            /// (on by default; a service that legitimately repeats tokens needs it off).
            pub fn stop_on_duplicate_token(mut self, stop: bool) -> Self {
                self.stop_on_duplicate_token = stop;
                self
            }

            /// The pages, as a stream (also usable through its `next` method).
            pub fn send(self) -> #RT::client::paginator::PageStream<#builder> {
                #RT::client::paginator::PageStream::new(self.builder, self.stop_on_duplicate_token)
            }

            /// The pages as an iterator that waits on the calling thread (feature `blocking`).
            #[cfg(feature = "blocking")]
            pub fn send_blocking(
                self,
            ) -> #RT::client::blocking::BlockingIter<#RT::client::paginator::PageStream<#builder>> {
                #RT::client::blocking::BlockingIter::new(self.send())
            }

            #items
        }

        impl #RT::client::paginator::Paginated for #builder {
            type Output = #output;
            type Error = #error;
            type Token = #token_type;

            fn send_page(self) -> #RT::client::paginator::PageFuture<#output, #error> {
                ::std::boxed::Box::pin(self.send())
            }

            fn with_token(mut self, token: #token_type) -> Self {
                self.inner = self.inner.#set_token(::std::option::Option::Some(token));
                self
            }

            fn next_token(output: &#output) -> ::std::option::Option<#token_type> {
                #next_token #non_empty
            }
        }
    }
}

/// `Option<T>` (cloned) of the value at `path` from `output: &Output`.
fn borrowed_path(path: &[PathStep]) -> TokenStream {
    let mut value = quote!(output);
    let mut in_option = false;
    for step in path {
        let field = ident(&step.field);
        value = match (in_option, step.optional) {
            (false, true) => quote!(#value.#field.as_ref()),
            (false, false) => quote!(#value.#field),
            (true, true) => quote!(#value.and_then(|value| value.#field.as_ref())),
            (true, false) => quote!(#value.map(|value| &value.#field)),
        };
        in_option |= step.optional;
    }
    if in_option { quote!(#value.cloned()) } else { quote!(::std::option::Option::Some(#value.clone())) }
}

/// The collection at `path`, taken out of `output: Output` (empty when absent).
fn owned_path(path: &[PathStep]) -> TokenStream {
    let mut value = quote!(output);
    let mut in_option = false;
    for step in path {
        let field = ident(&step.field);
        value = match (in_option, step.optional) {
            (false, _) => quote!(#value.#field),
            (true, true) => quote!(#value.and_then(|value| value.#field)),
            (true, false) => quote!(#value.map(|value| value.#field)),
        };
        in_option |= step.optional;
    }
    if in_option { quote!(#value.unwrap_or_default()) } else { value }
}
