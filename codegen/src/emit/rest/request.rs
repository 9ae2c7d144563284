//! The request writer of one operation: path with its labels, query string,
//! headers, and the body (a payload member, or the body members as a JSON object).

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{self, format_tokens, is_scalar};
use crate::emit::tokens::RT;
use crate::emit::tokens::ident;
use crate::ir::{Binding, Member, Operation, PathSegment, Presence, RustType, TypeKind};

/// `fn write_request(input: &Input) -> Result<HttpRequest, String>`.
pub fn write_request(operation: &Operation) -> TokenStream {
    let input = ident(&operation.input.name);
    let line = &operation.request_line;
    let method = &line.method;
    let path = path(operation);
    let literal_query: Vec<String> = line
        .literal_query
        .iter()
        .map(|(key, value)| if value.is_empty() { key.clone() } else { format!("{key}={value}") })
        .collect();
    let literal_query = literal_query.join("&");
    let members = &operation.input.members;
    let query = members.iter().filter(|m| matches!(m.binding, Binding::Query(_))).map(query_member);
    // `@httpQueryParams` entries come after the `@httpQuery` members, which take precedence.
    let query_params = members.iter().filter(|m| m.binding == Binding::QueryParams).map(query_params_member);
    let headers = members.iter().filter_map(header_member);
    let body = body(operation);
    let streamed =
        if operation.streams_input() { quote!(streamed) } else { quote!(streamed: ::std::option::Option::None) };
    let signing = super::super::call::signing_variant(operation.auth);
    let unused = members.is_empty().then(|| quote!(let _ = input;));
    let query_binding = if members.iter().any(|m| matches!(m.binding, Binding::Query(_) | Binding::QueryParams)) {
        quote!(let mut query)
    } else {
        quote!(let query)
    };
    quote! {
        /// The request of a call, or why it cannot be made (a label that is not set, a
        /// value its format cannot write).
        pub(crate) fn write_request(input: &#input) -> ::std::result::Result<#RT::client::HttpRequest, ::std::string::String> {
            #unused
            #path
            #query_binding = #RT::protocol::rest::QueryString::new(#literal_query);
            #(#query)*
            #(#query_params)*
            #body
            let mut headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
            #(#headers)*
            // A member bound to `Content-Type` says what the payload is.
            if let ::std::option::Option::Some(content_type) = content_type
                && !headers.iter().any(|(name, _)| name == "content-type")
            {
                headers.push((::std::string::String::from("content-type"), ::std::string::String::from(content_type)));
            }
            path.push_str(&query.finish());
            ::std::result::Result::Ok(#RT::client::HttpRequest {
                method: #method,
                path_and_query: path,
                headers,
                body,
                #streamed,
                signing: #RT::client::Signing::#signing,
            })
        }
    }
}

/// The path: literal segments as they are, each label encoded (a greedy one keeping
/// its `/`); a label that is not set or empty is an error naming it.
fn path(operation: &Operation) -> TokenStream {
    let line = &operation.request_line;
    let segments = line.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => {
            let text = format!("/{text}");
            quote!(path.push_str(#text);)
        }
        PathSegment::Label { field, greedy } => {
            let Some(member) = operation.input.members.iter().find(|m| m.field == *field) else {
                let message = format!("the label `{field}` names no input member");
                return quote!(::std::compile_error!(#message););
            };
            let name = &member.model_name;
            let access = present_value(member, quote!(input), &format!("the URI label `{name}` is not set"));
            let value = text::to_text(&member.ty, quote!(value), false);
            let encode = if *greedy { quote!(greedy_label) } else { quote!(label) };
            quote! {
                path.push('/');
                let value = #access;
                let value: ::std::string::String = #value;
                path.push_str(&#RT::protocol::rest::#encode(#name, &value).map_err(|error| error.to_string())?);
            }
        }
    });
    let trailing = (line.trailing_slash || line.path.is_empty()).then(|| quote!(path.push('/');));
    quote! {
        let mut path = ::std::string::String::new();
        #(#segments)*
        #trailing
    }
}

/// An expression of type `&T` for a member that must be set: an optional one that is
/// not ends the writer with `missing`.
fn present_value(member: &Member, container: TokenStream, missing: &str) -> TokenStream {
    let field = ident(&member.field);
    match member.presence {
        Presence::Optional => quote!(#container.#field.as_ref().ok_or_else(|| ::std::string::String::from(#missing))?),
        _ => quote!(&#container.#field),
    }
}

/// Code running `body` with `value: &T` bound when the member has a value.
fn with_value(member: &Member, body: TokenStream) -> TokenStream {
    let field = ident(&member.field);
    match member.presence {
        Presence::Optional => quote! {
            if let ::std::option::Option::Some(value) = &input.#field {
                #body
            }
        },
        _ => quote! {
            {
                let value = &input.#field;
                #body
            }
        },
    }
}

fn query_member(member: &Member) -> TokenStream {
    let Binding::Query(name) = &member.binding else { return TokenStream::new() };
    let push = match &member.ty {
        RustType::List { member: item, sparse } => {
            let text = text::to_text(item, quote!(item), false);
            let items = if *sparse { quote!(value.iter().flatten()) } else { quote!(value.iter()) };
            quote! {
                for item in #items {
                    let text: ::std::string::String = #text;
                    query.push(#name, &text);
                }
            }
        }
        ty if is_scalar(ty) => {
            let text = text::to_text(ty, quote!(value), false);
            quote! {
                let text: ::std::string::String = #text;
                query.push(#name, &text);
            }
        }
        _ => unsupported(member, "@httpQuery"),
    };
    with_value(member, push)
}

fn query_params_member(member: &Member) -> TokenStream {
    let RustType::Map { value: item, .. } = &member.ty else { return unsupported(member, "@httpQueryParams") };
    let values = match item.as_ref() {
        RustType::List { member: element, sparse: false } if **element == RustType::String => quote!(entry.iter()),
        RustType::List { member: element, sparse: true } if **element == RustType::String => {
            quote!(entry.iter().flatten())
        }
        RustType::String => quote!([entry]),
        _ => return unsupported(member, "@httpQueryParams"),
    };
    // Sorted, so that a request does not depend on the map's order.
    with_value(
        member,
        quote! {
            let mut entries: ::std::vec::Vec<_> = value.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (key, entry) in entries {
                query.push_param(key.as_str(), #values);
            }
        },
    )
}

fn header_member(member: &Member) -> Option<TokenStream> {
    let base64 = member.media_type.is_some();
    let write = match &member.binding {
        Binding::Header(name) => {
            let name = name.to_ascii_lowercase();
            match &member.ty {
                RustType::List { member: item, sparse } => {
                    let items = if *sparse { quote!(value.iter().flatten()) } else { quote!(value.iter()) };
                    let joined = match item.as_ref() {
                        RustType::Timestamp(format) => {
                            let format = format_tokens(*format);
                            let dates = if *sparse {
                                quote!(&#items.copied().collect::<::std::vec::Vec<_>>())
                            } else {
                                quote!(value)
                            };
                            quote! {
                                #RT::protocol::rest::headers::join_timestamps(#dates, #format)
                                    .map_err(|error| error.to_string())?
                            }
                        }
                        item => {
                            let text = text::to_text(item, quote!(item), base64);
                            quote! {
                                let mut texts: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                                for item in #items {
                                    texts.push(#text);
                                }
                                #RT::protocol::rest::headers::join_list(&texts)
                            }
                        }
                    };
                    quote! {
                        let joined = { #joined };
                        headers.push((::std::string::String::from(#name), joined));
                    }
                }
                ty if is_scalar(ty) => {
                    let text = text::to_text(ty, quote!(value), base64);
                    quote!(headers.push((::std::string::String::from(#name), #text));)
                }
                _ => unsupported(member, "@httpHeader"),
            }
        }
        Binding::PrefixHeaders(prefix) => {
            let prefix = prefix.to_ascii_lowercase();
            quote! {
                let mut entries: ::std::vec::Vec<_> = value.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (key, entry) in entries {
                    headers.push((::std::format!("{}{}", #prefix, key.as_str().to_ascii_lowercase()), entry.to_string()));
                }
            }
        }
        _ => return None,
    };
    Some(with_value(member, write))
}

/// The body and its `Content-Type` (`body`, `content_type`): the payload member as its type says, else the
/// body members as a JSON object (the input's JSON form, which leaves the bound
/// members out), else nothing. A streamed payload also defines `streamed`, where its
/// bytes come from and how it is signed.
fn body(operation: &Operation) -> TokenStream {
    let members = &operation.input.members;
    if let Some(payload) = members.iter().find(|m| m.binding == Binding::Payload && m.ty == RustType::ByteStream) {
        return streamed_body(operation, payload);
    }
    let to_json = |value: TokenStream| quote!(#RT::json::to_vec(#value).map_err(|error| ::std::format!("cannot write the body: {error}"))?);
    if let Some(payload) = members.iter().find(|m| m.binding == Binding::Payload) {
        // An unset structure payload is still a JSON document: the empty object.
        let (bytes, default_type, when_unset) = match &payload.ty {
            RustType::String => (quote!(value.as_bytes().to_vec()), "text/plain", None),
            RustType::Named(path) if path.kind == TypeKind::Enum => {
                (quote!(value.as_str().as_bytes().to_vec()), "text/plain", None)
            }
            RustType::Blob => (quote!(value.as_ref().to_vec()), "application/octet-stream", None),
            RustType::Named(path) if path.kind == TypeKind::Structure => {
                (to_json(quote!(value)), "application/json", Some(quote!(b"{}".to_vec())))
            }
            RustType::Named(path) if path.kind == TypeKind::Union => (to_json(quote!(value)), "application/json", None),
            RustType::Document => (to_json(quote!(value)), "application/json", None),
            _ => return unsupported(payload, "@httpPayload"),
        };
        let content_type = payload.media_type.as_deref().unwrap_or(default_type);
        let field = ident(&payload.field);
        let value = match payload.presence {
            Presence::Optional => quote!(input.#field.as_ref()),
            _ => quote!(::std::option::Option::Some(&input.#field)),
        };
        let unset = match when_unset {
            Some(empty) => quote!((#empty, ::std::option::Option::Some(#content_type))),
            None => quote!((::std::vec::Vec::new(), ::std::option::Option::None)),
        };
        return quote! {
            let (body, content_type) = match #value {
                ::std::option::Option::Some(value) => (#bytes, ::std::option::Option::Some(#content_type)),
                ::std::option::Option::None => #unset,
            };
        };
    }
    if members.iter().any(|m| m.binding == Binding::Body) {
        let json = to_json(quote!(input));
        return quote! {
            let (body, content_type) = (#json, ::std::option::Option::Some("application/json"));
        };
    }
    quote!(let (body, content_type): (::std::vec::Vec<u8>, ::std::option::Option<&str>) = (::std::vec::Vec::new(), ::std::option::Option::None);)
}

/// `body`, `streamed` and `content_type` of a `@streaming` payload: in memory, or a
/// file the dispatch reads when sending. An unset payload is an empty body, still
/// declared as streamed so that its hash travels as a set one's would.
fn streamed_body(operation: &Operation, payload: &Member) -> TokenStream {
    let content_type = payload.media_type.as_deref().unwrap_or("application/octet-stream");
    let name = &payload.model_name;
    let unsigned = operation.unsigned_payload;
    let field = ident(&payload.field);
    let value = match payload.presence {
        Presence::Optional => quote!(input.#field.as_ref()),
        _ => quote!(::std::option::Option::Some(&input.#field)),
    };
    quote! {
        let (body, streamed, content_type) = match #value {
            ::std::option::Option::Some(value) => {
                let (body, streamed) = #RT::client::StreamedPayload::from_stream(#name, value, #unsigned)?;
                (body, ::std::option::Option::Some(streamed), ::std::option::Option::Some(#content_type))
            }
            ::std::option::Option::None => {
                let streamed = #RT::client::StreamedPayload { file: ::std::option::Option::None, unsigned: #unsigned };
                (::std::vec::Vec::new(), ::std::option::Option::Some(streamed), ::std::option::Option::None)
            }
        };
    }
}

/// A member whose type its binding cannot carry: the resolver should have refused it,
/// so the generated crate says so instead of guessing.
fn unsupported(member: &Member, binding: &str) -> TokenStream {
    let message = format!("member `{}`: {binding} on this type is not supported", member.model_name);
    quote!(::std::compile_error!(#message);)
}
