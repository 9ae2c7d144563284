//! Waiters: a `wait_until_<name>()` method on the client, a builder with the polled
//! operation's setters, and the acceptors compiled to Rust over the typed input and
//! output (no JMESPath at run time).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::waiter::{Acceptor, AcceptorState, Comparator, Matcher, Path, PathKind, StructRef, ValueKind};
use crate::ir::{Operation, RustType, Service, TypeKind};
use crate::smithy::jmespath::Comparison;

/// `src/waiters.rs`: one module per waiter.
pub fn waiters_module(service: &Service) -> TokenStream {
    let modules = service.operations.iter().flat_map(|op| &op.waiters).map(|waiter| {
        let module = ident(&waiter.word);
        let name = ident(&waiter.type_name);
        quote! {
            #[rustfmt::skip]
            mod #module;
            pub use #module::#name;
        }
    });
    quote! {
        //! Waiters: poll an operation until a resource reaches a state.
        //!
        //! Each `wait_until_…` method of [`Client`](crate::Client) returns one of
        //! these builders; set the operation's members, then `wait` with a maximum time.
        pub use #RT::client::waiter::{FinalPoll, WaiterError};
        #(#modules)*
    }
}

/// `src/waiters/<name>.rs` for the waiter at `index` of `operation`.
pub fn waiter(operation: &Operation, index: usize, model_crate: &str) -> TokenStream {
    let waiter = &operation.waiters[index];
    let model = format_ident!("{}", model_crate.replace('-', "_"));
    let (input, output, error) =
        (ident(&operation.input.name), ident(&operation.output.name), ident(&operation.names.error));
    let builder = ident(&operation.names.fluent_builder);
    let op_module = ident(&operation.module);
    let op_method = ident(&operation.module);
    let name = ident(&waiter.type_name);
    let method = format_ident!("{}", waiter.method);
    let (min, max) = (waiter.min_delay, waiter.max_delay);
    let uses_input = waiter.acceptors.iter().any(|a| matches!(a.matcher, Matcher::Path { input_output: true, .. }));
    let input_param = if uses_input { quote!(input) } else { quote!(_input) };
    let acceptors = waiter.acceptors.iter().map(acceptor);
    let setters = super::setters::setters(&operation.input, super::setters::Builder::Waiter);
    let build_input = super::setters::build(&operation.input, quote!(self.request.as_input().clone()), |message| {
        quote! {
            #RT::client::waiter::WaiterError::UnexpectedError(
                #RT::client::SdkError::construction(#message),
            )
        }
    });
    let mut doc = waiter.docs.0.clone();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "Polls [`{op_method}`](crate::Client::{op_method}) every {min} s at first, backing off up to {max} s. \
         The model's definition:\n\n```json\n{}\n```",
        waiter.source
    ));
    let doc = tokens::doc_lines(&doc);
    let deprecated = waiter.deprecated.then(|| quote!(#[deprecated]));
    let struct_doc = format!(" Waits with `{}`: see [`Client::{method}`](crate::Client::{method}).", operation.name);
    let module_doc = format!(" The `{}` waiter.", waiter.name);
    quote! {
        #![doc = #module_doc]

        use #model::operation::#op_module::{#error, #input, #output};

        use crate::fluent_builders::#builder;

        impl crate::Client {
            #doc
            #deprecated
            pub fn #method(&self) -> #name {
                #name {
                    request: self.#op_method(),
                    delays: #RT::client::waiter::Delays {
                        min: ::std::time::Duration::from_secs(#min),
                        max: ::std::time::Duration::from_secs(#max),
                    },
                }
            }
        }

        #[doc = #struct_doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #name {
            request: #builder,
            delays: #RT::client::waiter::Delays,
        }

        impl #name {
            #(#setters)*

            /// Overrides the model's minimum delay between polls.
            pub fn min_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.delays.min = delay;
                self
            }

            /// Overrides the model's maximum delay between polls.
            pub fn max_delay(mut self, delay: ::std::time::Duration) -> Self {
                self.delays.max = delay;
                self
            }

            /// Polls until an acceptor decides or `max_wait` is up. `Ok` holds the poll
            /// that matched a success acceptor.
            ///
            /// # Errors
            ///
            /// A failure acceptor matched, a poll failed in a way no acceptor expects,
            /// the time is up, or the delays do not fit in `max_wait`.
            pub async fn wait(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<
                #RT::client::waiter::FinalPoll<#output, #error>,
                #RT::client::waiter::WaiterError<#output, #error>,
            > {
                let input = #build_input;
                let request = self.request;
                #RT::client::waiter::wait(
                    max_wait,
                    self.delays,
                    || request.clone().send(),
                    |result| acceptor(&input, result),
                )
                .await
            }

            /// [`wait`](Self::wait) without async, on the calling thread (feature `blocking`).
            ///
            /// # Errors
            ///
            /// As [`wait`](Self::wait); when the runtime for blocking calls cannot
            /// start, an unexpected error holding a construction failure.
            #[cfg(feature = "blocking")]
            #[allow(clippy::result_large_err)] // the same result as the async method
            pub fn wait_blocking(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<
                #RT::client::waiter::FinalPoll<#output, #error>,
                #RT::client::waiter::WaiterError<#output, #error>,
            > {
                match #RT::client::blocking::block_on_any(self.wait(max_wait)) {
                    ::std::result::Result::Ok(result) => result,
                    ::std::result::Result::Err(message) => ::std::result::Result::Err(
                        #RT::client::waiter::WaiterError::UnexpectedError(
                            #RT::client::SdkError::construction(message),
                        ),
                    ),
                }
            }
        }

        /// The acceptors, in the model's order: the first that matches decides.
        fn acceptor(
            #input_param: &#input,
            result: &::std::result::Result<#output, #RT::client::SdkError<#error>>,
        ) -> ::std::option::Option<#RT::client::waiter::AcceptorState> {
            #(#acceptors)*
            ::std::option::Option::None
        }
    }
}

fn acceptor(acceptor: &Acceptor) -> TokenStream {
    let state = match acceptor.state {
        AcceptorState::Success => quote!(Success),
        AcceptorState::Failure => quote!(Failure),
        AcceptorState::Retry => quote!(Retry),
    };
    let matched = quote!(return ::std::option::Option::Some(#RT::client::waiter::AcceptorState::#state););
    match &acceptor.matcher {
        Matcher::Success(true) => quote!(if result.is_ok() { #matched }),
        Matcher::Success(false) => quote!(if result.is_err() { #matched }),
        Matcher::ErrorType(code) => quote! {
            if let ::std::result::Result::Err(error) = result
                && error.meta().and_then(|meta| meta.code()) == ::std::option::Option::Some(#code)
            {
                #matched
            }
        },
        Matcher::Path { path, comparator, expected, .. } => {
            let mut compiler = Compiler { next: 0 };
            let value = compiler.path(path, &quote!(::std::option::Option::None::<()>));
            let test = compare(path, &value, *comparator, expected);
            quote! {
                if let ::std::result::Result::Ok(output) = result && #test {
                    #matched
                }
            }
        }
    }
}

/// The comparator applied to a compiled path.
fn compare(path: &Path, value: &TokenStream, comparator: Comparator, expected: &str) -> TokenStream {
    match comparator {
        Comparator::StringEquals => quote!(#value == ::std::option::Option::Some(#expected)),
        Comparator::BooleanEquals => {
            let expected = expected == "true";
            quote!(#value == ::std::option::Option::Some(#expected))
        }
        Comparator::AllStringEquals | Comparator::AnyStringEquals => {
            let all = comparator == Comparator::AllStringEquals;
            let check = if all { quote!(all) } else { quote!(any) };
            let non_empty = all.then(|| quote!(!values.is_empty() &&));
            if path.many && !all {
                quote!(#value.contains(&#expected))
            } else if path.many {
                quote!({
                    let values = #value;
                    !values.is_empty() && values.iter().all(|value| *value == #expected)
                })
            } else {
                let ValueKind::List { element, sparse } = &path.ty else { return quote!(false) };
                let equals = element_equals(element, *sparse, &quote!(element), &quote!(#expected));
                quote!(#value.is_some_and(|values| #non_empty values.iter().#check(|element| #equals)))
            }
        }
    }
}

/// Whether a list element (`name: &E`) in its read form equals `expected` (an `X`).
fn element_equals(element: &RustType, sparse: bool, name: &TokenStream, expected: &TokenStream) -> TokenStream {
    if sparse {
        let read = read(element, &quote!(value));
        quote!(#name.as_ref().map(|value| #read) == ::std::option::Option::Some(#expected))
    } else {
        let read = read(element, name);
        quote!(#read == #expected)
    }
}

/// `.map(...)` or `.and_then(...)` turning an `Option<&E>` of a list element into its
/// read form (nothing when the reference is the read form).
fn element_read(element: &RustType, sparse: bool) -> TokenStream {
    let read = read(element, &quote!(value));
    if sparse {
        quote!(.and_then(|value| value.as_ref().map(|value| #read)))
    } else if read.to_string() == "value" {
        TokenStream::new()
    } else {
        quote!(.map(|value| #read))
    }
}

/// A stored value (`value: &T`) in its read form: `&str`, `bool`, `f64`, `&[E]`,
/// `&HashMap`, `&Struct`.
fn read(ty: &RustType, value: &TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(#value.as_str()),
        RustType::Named(path) if path.kind == TypeKind::Enum => quote!(#value.as_str()),
        RustType::Bool => quote!(*#value),
        RustType::Long => quote!(*#value as f64),
        RustType::Double => quote!(*#value),
        RustType::Byte | RustType::Short | RustType::Integer | RustType::Float => quote!(f64::from(*#value)),
        RustType::List { .. } => quote!(#value.as_slice()),
        _ => quote!(#value),
    }
}

/// A field (`place`, not a reference) in its read form.
fn read_place(ty: &RustType, boxed: bool, place: &TokenStream) -> TokenStream {
    match ty {
        RustType::String => quote!(#place.as_str()),
        RustType::Named(path) if path.kind == TypeKind::Enum => quote!(#place.as_str()),
        RustType::Bool | RustType::Double => quote!(#place),
        RustType::Long => quote!(#place as f64),
        RustType::Byte | RustType::Short | RustType::Integer | RustType::Float => quote!(f64::from(#place)),
        RustType::List { .. } => quote!(#place.as_slice()),
        _ if boxed => quote!(&*#place),
        _ => quote!(&#place),
    }
}

/// Compiles typed paths to expressions over `output` and `input` (also used for
/// `operationContextParams`, whose paths read the input).
pub(super) struct Compiler {
    next: usize,
}

impl Compiler {
    pub(super) fn new() -> Compiler {
        Compiler { next: 0 }
    }

    fn name(&mut self, stem: &str) -> Ident {
        self.next += 1;
        format_ident!("{stem}_{}", self.next)
    }

    /// `Option<X>` (or `Vec<X>` for a projection) of `path`, with `current` the
    /// current element's `Option<X>`.
    pub(super) fn path(&mut self, path: &Path, current: &TokenStream) -> TokenStream {
        let some = |value: TokenStream| quote!(::std::option::Option::Some(#value));
        match &path.kind {
            PathKind::Root => some(quote!(output)),
            PathKind::RootPart(StructRef::Input) => some(quote!(input)),
            PathKind::RootPart(_) => some(quote!(output)),
            PathKind::Current => current.clone(),
            PathKind::Field { base: parent, field, optional, boxed, stored } => {
                let field = ident(field);
                // At the root the structure is at hand; below it, inside an `Option`.
                let root = match &parent.kind {
                    PathKind::Root | PathKind::RootPart(StructRef::Output) => Some(quote!(output)),
                    PathKind::RootPart(StructRef::Input) => Some(quote!(input)),
                    _ => None,
                };
                let deref = *boxed || matches!(stored, RustType::String | RustType::List { .. });
                let (access, after) = match (optional, stored) {
                    (true, RustType::Named(p)) if p.kind == TypeKind::Enum => {
                        (quote!(.#field.as_ref()), quote!(.map(|value| value.as_str())))
                    }
                    (true, _) if deref => (quote!(.#field.as_deref()), quote!()),
                    (true, RustType::Bool | RustType::Double) => (quote!(.#field), quote!()),
                    (true, RustType::Long) => (quote!(.#field), quote!(.map(|value| value as f64))),
                    (true, RustType::Byte | RustType::Short | RustType::Integer | RustType::Float) => {
                        (quote!(.#field), quote!(.map(f64::from)))
                    }
                    (true, _) => (quote!(.#field.as_ref()), quote!()),
                    (false, _) => {
                        let read = match &root {
                            Some(root) => read_place(stored, *boxed, &quote!(#root.#field)),
                            None => read_place(stored, *boxed, &quote!(value.#field)),
                        };
                        return match root {
                            Some(_) => some(read),
                            None => {
                                let base = self.path(parent, current);
                                quote!(#base.map(|value| #read))
                            }
                        };
                    }
                };
                match root {
                    Some(root) => quote!(#root #access #after),
                    None => {
                        let base = self.path(parent, current);
                        quote!(#base.and_then(|value| value #access) #after)
                    }
                }
            }
            PathKind::Index(base, index) => {
                let ValueKind::List { element, sparse } = &base.ty else { return quote!(::std::option::Option::None) };
                let base = self.path(base, current);
                let pick = match *index {
                    0 => quote!(list.first()),
                    -1 => quote!(list.last()),
                    i if i >= 0 => {
                        let i = usize::try_from(i).unwrap_or(usize::MAX);
                        quote!(list.get(#i))
                    }
                    i => {
                        let back = usize::try_from(i.unsigned_abs()).unwrap_or(usize::MAX);
                        quote!(list.len().checked_sub(#back).and_then(|index| list.get(index)))
                    }
                };
                let read = element_read(element, *sparse);
                quote!(#base.and_then(|list| #pick)#read)
            }
            PathKind::Project { base, condition, rest } => self.projection(base, condition.as_deref(), rest, current),
            PathKind::Length(subject) => {
                let value = self.path(subject, current);
                match (&subject.ty, subject.many) {
                    (_, true) => some(quote!(#value.len() as f64)),
                    (ValueKind::Str, false) => quote!(#value.map(|value| value.chars().count() as f64)),
                    _ => quote!(#value.map(|value| value.len() as f64)),
                }
            }
            PathKind::Contains(subject, search) => {
                let needle = self.path(search, current);
                let haystack = self.path(subject, current);
                match (&subject.ty, subject.many) {
                    (_, true) => quote!(#needle.map(|needle| #haystack.contains(&needle))),
                    (ValueKind::Str, false) => {
                        quote!(#haystack.zip(#needle).map(|(haystack, needle)| haystack.contains(needle)))
                    }
                    (ValueKind::List { element, sparse }, false) => {
                        let equals = element_equals(element, *sparse, &quote!(element), &quote!(needle));
                        quote!(#haystack.zip(#needle).map(|(list, needle)| list.iter().any(|element| #equals)))
                    }
                    _ => quote!(::std::option::Option::None),
                }
            }
            PathKind::Keys(map) => {
                let map = self.path(map, current);
                // Sorted: a map's own order changes from run to run.
                quote!(#map.map(|map| {
                    let mut keys = map.keys().map(|key| key.as_str()).collect::<::std::vec::Vec<_>>();
                    keys.sort_unstable();
                    keys
                }).unwrap_or_default())
            }
            PathKind::Compare(op, left, right) => {
                let (a, b) = (self.path(left, current), self.path(right, current));
                match op {
                    Comparison::Eq => some(quote!(#a == #b)),
                    Comparison::Ne => some(quote!(#a != #b)),
                    Comparison::Lt => quote!(#a.zip(#b).map(|(left, right)| left < right)),
                    Comparison::Le => quote!(#a.zip(#b).map(|(left, right)| left <= right)),
                    Comparison::Gt => quote!(#a.zip(#b).map(|(left, right)| left > right)),
                    Comparison::Ge => quote!(#a.zip(#b).map(|(left, right)| left >= right)),
                }
            }
            PathKind::And(a, b) => {
                let (a, b) = (self.truthy(a, current, true), self.truthy(b, current, true));
                some(quote!(#a && #b))
            }
            PathKind::Or(a, b) => {
                let (a, b) = (self.truthy(a, current, true), self.truthy(b, current, true));
                some(quote!(#a || #b))
            }
            PathKind::Not(a) => some(self.truthy(a, current, false)),
            PathKind::Str(s) => some(quote!(#s)),
            PathKind::Num(n) => some(quote!(#n)),
            PathKind::Bool(b) => some(quote!(#b)),
            PathKind::Null => quote!(::std::option::Option::None),
        }
    }

    /// `list[*].rest`, `list[].rest`, `list[?condition].rest` as a `Vec`.
    fn projection(&mut self, base: &Path, condition: Option<&Path>, rest: &Path, current: &TokenStream) -> TokenStream {
        let ValueKind::List { element, sparse } = &base.ty else { return quote!(::std::vec::Vec::<()>::new()) };
        let list = self.path(base, current);
        let item = self.name("element");
        let mut chain = quote!(#list.into_iter().flatten());
        if *sparse {
            let read = read(element, &quote!(value));
            chain = quote!(#chain.filter_map(|#item| #item.as_ref().map(|value| #read)));
        } else if !matches!(element, RustType::Named(p) if p.kind != TypeKind::Enum)
            && !matches!(element, RustType::Map { .. })
        {
            let read = read(element, &quote!(#item));
            chain = quote!(#chain.map(|#item| #read));
        }
        let here = quote!(::std::option::Option::Some(#item));
        if let Some(condition) = condition {
            let test = self.truthy(condition, &here, true);
            chain = quote!(#chain.filter(|&#item| #test));
        }
        if rest.kind != PathKind::Current {
            let value = self.path(rest, &here);
            chain = if rest.many {
                quote!(#chain.flat_map(|#item| #value))
            } else {
                quote!(#chain.filter_map(|#item| #value))
            };
        }
        quote!(#chain.collect::<::std::vec::Vec<_>>())
    }

    /// JMESPath truthiness of a path as a `bool` (its negation when not `positive`).
    fn truthy(&mut self, path: &Path, current: &TokenStream, positive: bool) -> TokenStream {
        let value = self.path(path, current);
        if path.many {
            return if positive { quote!(!#value.is_empty()) } else { quote!(#value.is_empty()) };
        }
        match (&path.ty, positive) {
            (ValueKind::Bool, true) => quote!(#value == ::std::option::Option::Some(true)),
            (ValueKind::Bool, false) => quote!(#value != ::std::option::Option::Some(true)),
            (ValueKind::Str | ValueKind::List { .. } | ValueKind::Map, true) => {
                quote!(#value.is_some_and(|value| !value.is_empty()))
            }
            (ValueKind::Str | ValueKind::List { .. } | ValueKind::Map, false) => {
                quote!(#value.is_none_or(|value| value.is_empty()))
            }
            (ValueKind::Null, _) => {
                let never = !positive;
                quote!(#never)
            }
            (_, true) => quote!(#value.is_some()),
            (_, false) => quote!(#value.is_none()),
        }
    }
}
