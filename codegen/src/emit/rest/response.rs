//! The response readers of one operation: the output from status, headers and body,
//! and the operation's error with its header-bound members.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{self, is_scalar};
use crate::emit::tokens::RT;
use crate::emit::tokens::{self, ident};
use crate::ir::{Binding, Member, Operation, Presence, RustType, Service, TypeKind};

/// `fn read_output(response: HttpResponse) -> Result<Output, String>`, or for an
/// output whose payload streams `fn read_output(response: HttpResponse, body: ByteStream)`,
/// the body handed over unread.
pub fn read_output(operation: &Operation) -> TokenStream {
    let output = ident(&operation.output.name);
    let members = &operation.output.members;
    // The body members are the output's JSON form; with none (or a payload) the body
    // is not JSON of the output, which then starts from its zero-member form.
    let body_members = members.iter().any(|m| m.binding == Binding::Body);
    let source = if body_members { quote!(&response.body) } else { quote!(b"") };
    let bound = members.iter().filter_map(bound_member);
    let mutable = members.iter().any(|m| m.binding != Binding::Body);
    let binding = if mutable { quote!(let mut output) } else { quote!(let output) };
    let unused = (!body_members && !mutable).then(|| quote!(let _ = response;));
    let (doc, stream) = if operation.streams_output() {
        (" The output of a successful response, with its body as the stream.", Some(quote!(body: #RT::ByteStream,)))
    } else {
        (" The output of a successful response.", None)
    };
    quote! {
        #[doc = #doc]
        pub(crate) fn read_output(response: #RT::client::HttpResponse, #stream) -> ::std::result::Result<#output, ::std::string::String> {
            #binding: #output = #RT::client::parse_output::<_, ::std::convert::Infallible>(#source).map_err(|error| error.to_string())?;
            #unused
            #(#bound)*
            ::std::result::Result::Ok(output)
        }
    }
}

/// `fn read_error(raw: &RawServiceError) -> Error`: typed from code and body as
/// awsJson errors are, then the members bound to headers filled in.
pub fn read_error(service: &Service, operation: &Operation) -> TokenStream {
    let error = ident(&operation.names.error);
    let arms = operation.errors.iter().filter_map(|path| {
        let structure = service.errors.iter().find(|e| e.name == path.name)?;
        let fills: Vec<TokenStream> = structure.members.iter().filter_map(error_header_member).collect();
        if fills.is_empty() {
            return None;
        }
        let variant = ident(&structure.name);
        Some(quote! {
            #error::#variant(error) => {
                #(#fills)*
            }
        })
    });
    let arms: Vec<TokenStream> = arms.collect();
    let fill = if arms.is_empty() {
        quote!(#error::from_response(&raw.meta, &raw.body_for_typing()))
    } else {
        quote! {
            let mut typed = #error::from_response(&raw.meta, &raw.body_for_typing());
            #[allow(clippy::single_match)]
            match &mut typed {
                #(#arms)*
                _ => {}
            }
            typed
        }
    };
    quote! {
        /// The operation's error for an error response.
        pub(crate) fn read_error(raw: &#RT::client::RawServiceError) -> #error {
            #fill
        }
    }
}

/// Fills an error's header member; a value that does not read leaves it unset, since
/// the error itself is what the caller needs.
fn error_header_member(member: &Member) -> Option<TokenStream> {
    let Binding::Header(name) = &member.binding else { return None };
    if !is_scalar(&member.ty) {
        return None;
    }
    let field = ident(&member.field);
    let read = text::from_text(&member.ty, quote!(text), member.media_type.is_some());
    let assign = match member.presence {
        Presence::Optional => quote!(error.#field = ::std::option::Option::Some(value);),
        _ => quote!(error.#field = value;),
    };
    Some(quote! {
        if let ::std::option::Option::Some(text) = raw.header(#name)
            && let ::std::result::Result::Ok(value) = #read
        {
            #assign
        }
    })
}

/// Code setting `output.<member>` from the status, a header, the prefix headers or
/// the payload; `None` for a body member. Errors name the member.
fn bound_member(member: &Member) -> Option<TokenStream> {
    let field = ident(&member.field);
    let name = &member.model_name;
    let assign = |value: TokenStream| match member.presence {
        Presence::Optional => quote!(output.#field = ::std::option::Option::Some(#value);),
        _ if member.boxed => quote!(output.#field = ::std::boxed::Box::new(#value);),
        _ => quote!(output.#field = #value;),
    };
    let base64 = member.media_type.is_some();
    Some(match &member.binding {
        Binding::Body | Binding::Label { .. } | Binding::Query(_) | Binding::QueryParams => return None,
        Binding::ResponseCode => assign(quote!(i32::from(response.status))),
        Binding::Header(header) => {
            let read = match &member.ty {
                RustType::List { member: item, sparse } => {
                    let texts = match item.as_ref() {
                        // HTTP dates have commas of their own.
                        RustType::Timestamp(crate::ir::TimestampFormat::HttpDate) => {
                            let dates = quote! {
                                #RT::protocol::rest::headers::split_http_dates(text).map_err(|error| error.to_string())
                            };
                            if !*sparse {
                                return Some(header_assignment(member, header, dates, assign(quote!(value))));
                            }
                            quote!(#dates?)
                        }
                        _ => quote!(
                            #RT::protocol::rest::headers::split_list(text)
                                .map_err(|error| error.to_string())?
                        ),
                    };
                    let read = match item.as_ref() {
                        RustType::Timestamp(crate::ir::TimestampFormat::HttpDate) => quote!(item),
                        item => {
                            let read = text::from_text(item, quote!(item.as_str()), base64);
                            quote!(#read?)
                        }
                    };
                    let read = if *sparse { quote!(::std::option::Option::Some(#read)) } else { read };
                    // A closure, so that each item's error ends the read with `?`.
                    quote! {
                        (|| -> ::std::result::Result<_, ::std::string::String> {
                            let mut items = ::std::vec::Vec::new();
                            for item in #texts {
                                items.push(#read);
                            }
                            ::std::result::Result::Ok(items)
                        })()
                    }
                }
                ty if is_scalar(ty) => text::from_text(ty, quote!(text), base64),
                _ => return Some(unsupported(member, "@httpHeader")),
            };
            header_assignment(member, header, read, assign(quote!(value)))
        }
        Binding::PrefixHeaders(prefix) => {
            let set = assign(quote!(entries));
            quote! {
                let entries: ::std::collections::HashMap<_, _> = #RT::protocol::rest::headers::prefix_headers(
                    response.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())),
                    #prefix,
                )
                .into_iter()
                .collect();
                if !entries.is_empty() {
                    #set
                }
            }
        }
        Binding::Payload => {
            let (read, when) = match &member.ty {
                RustType::String => (
                    quote! {
                        ::std::string::String::from_utf8(response.body.clone())
                            .map_err(|_| ::std::format!("the payload `{}` is not UTF-8", #name))?
                    },
                    quote!(true),
                ),
                RustType::Named(path) if path.kind == TypeKind::Enum => {
                    let path = tokens::type_path(path);
                    (quote!(#path::from(::std::string::String::from_utf8_lossy(&response.body).as_ref())), quote!(true))
                }
                RustType::Blob => (quote!(#RT::Blob::new(response.body.clone())), quote!(!response.body.is_empty())),
                // The body, unread: `read_output` takes it as its `body`.
                RustType::ByteStream => return Some(assign(quote!(body))),
                RustType::Named(path) if matches!(path.kind, TypeKind::Structure | TypeKind::Union) => (
                    quote! {
                        #RT::json::from_slice(&response.body)
                            .map_err(|error| ::std::format!("the payload `{}` does not read: {}", #name, error))?
                    },
                    quote!(!response.body.iter().all(u8::is_ascii_whitespace)),
                ),
                RustType::Document => (
                    quote! {
                        #RT::json::from_slice(&response.body)
                            .map_err(|error| ::std::format!("the payload `{}` does not read: {}", #name, error))?
                    },
                    quote!(!response.body.iter().all(u8::is_ascii_whitespace)),
                ),
                _ => return Some(unsupported(member, "@httpPayload")),
            };
            let set = assign(read);
            quote! {
                if #when {
                    #set
                }
            }
        }
    })
}

/// Sets a member from its header when the response has it: `read` is a
/// `Result<T, String>` expression of `text`, `set` stores `value`.
fn header_assignment(member: &Member, header: &str, read: TokenStream, set: TokenStream) -> TokenStream {
    let message = format!("the header `{header}` of member `{}` does not read: {{}}", member.model_name);
    quote! {
        if let ::std::option::Option::Some(text) = response.header(#header) {
            let value = #read.map_err(|error| ::std::format!(#message, error))?;
            #set
        }
    }
}

fn unsupported(member: &Member, binding: &str) -> TokenStream {
    let message = format!("member `{}`: {binding} on this type is not supported", member.model_name);
    quote!(::std::compile_error!(#message);)
}
