//! The per-case Rust code of a conformance suite: one function per case that builds
//! the operation's input from the case's `params` with the generated builders and
//! sends it, and `Render` impls that turn typed outputs and errors back into JSON.
//!
//! Everything is derived from the resolved model, so names and types are exactly the
//! generated crates' own; what the cases expect is read by the harness at run time.

use std::collections::BTreeSet;

use codegen::ir::{self, ModulePath, Presence, RustType, Service, TypeDef, TypeKind, TypePath};
use heck::ToSnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

/// Crate names of one generated pair, as Rust identifiers.
pub struct Crates {
    pub model: Ident,
    pub client: Ident,
}

/// The `cases.rs` source for one protocol: `input` and `output` are the suites' groups.
pub fn source(
    service: &Service,
    crates: &Crates,
    input: &[Value],
    output: &[Value],
    header: &str,
) -> Result<String, String> {
    let mut ctx = Ctx { service, crates, names: BTreeSet::new() };
    let (input_list, input_fns) = ctx.case_functions("input", input)?;
    let (output_list, output_fns) = ctx.case_functions("output", output)?;
    let renders = ctx.render_impls();
    let tokens = quote! {
        //! Generated per-case calls and output renderers of one protocol suite; the
        //! harness (`../harness.rs`) runs them against a local server and compares.
        use super::harness::{Case, Pending, Render, RenderError, outcome};
        use ::aws_client_runtime::client::Config;
        use ::aws_client_runtime::serde_json::{Map, Value};

        /// The input (request serialization) cases, in suite order.
        pub const INPUT_CASES: &[Case] = &[#(#input_list)*];

        /// The output (response parsing) cases, in suite order.
        pub const OUTPUT_CASES: &[Case] = &[#(#output_list)*];

        #(#input_fns)*
        #(#output_fns)*
        #renders
    };
    codegen::emit::render::rust_file("protocol cases", header, tokens).map_err(|d| d.to_string())
}

struct Ctx<'a> {
    service: &'a Service,
    crates: &'a Crates,
    /// Function names used so far.
    names: BTreeSet<String>,
}

impl Ctx<'_> {
    /// One `Case` entry and one function per case of the groups.
    fn case_functions(&mut self, kind: &str, groups: &[Value]) -> Result<(Vec<TokenStream>, Vec<TokenStream>), String> {
        let mut list = Vec::new();
        let mut functions = Vec::new();
        for case in groups.iter().flat_map(|g| g["cases"].as_array().into_iter().flatten()) {
            let id = case["id"].as_str().ok_or("a case has no id")?;
            let mut name = format!("{kind}_{}", id.to_snake_case());
            while !self.names.insert(name.clone()) {
                name.push('_');
            }
            let function = format_ident!("{}", name);
            let operation_name =
                case["given"]["name"].as_str().ok_or_else(|| format!("case `{id}` has no operation"))?;
            let operation = self
                .service
                .operations
                .iter()
                .find(|o| o.name == operation_name)
                .ok_or_else(|| format!("case `{id}`: operation `{operation_name}` was not generated"))?;
            let method = ident(&operation.module);
            let client = &self.crates.client;
            let mut setters = Vec::new();
            for (key, value) in case["params"].as_object().into_iter().flatten() {
                if value.is_null() {
                    continue;
                }
                let member = operation
                    .input
                    .members
                    .iter()
                    .find(|m| m.model_name == *key)
                    .ok_or_else(|| format!("case `{id}`: the input has no member `{key}`"))?;
                let setter = format_ident!("set_{}", member.word);
                let value = self.member_value(member, value).map_err(|e| format!("case `{id}`, `{key}`: {e}"))?;
                setters.push(quote!(.#setter(::std::option::Option::Some(#value))));
            }
            let doc = format!(" `{id}`");
            functions.push(quote! {
                #[doc = #doc]
                fn #function(config: Config) -> Pending {
                    ::std::boxed::Box::pin(async move {
                        outcome(#client::Client::new(&config).#method() #(#setters)* .send().await)
                    })
                }
            });
            list.push(quote!(Case { id: #id, call: #function },));
        }
        Ok((list, functions))
    }

    fn member_value(&self, member: &ir::Member, value: &Value) -> Result<TokenStream, String> {
        let built = self.value(&member.ty, value)?;
        Ok(if member.boxed { quote!(::std::boxed::Box::new(#built)) } else { built })
    }

    /// An expression of type `ty` holding `value` (botocore's parameter form).
    fn value(&self, ty: &RustType, value: &Value) -> Result<TokenStream, String> {
        let mismatch = || format!("{value} does not fit {ty:?}");
        Ok(match ty {
            RustType::String => {
                let text = value.as_str().ok_or_else(mismatch)?;
                quote!(::std::string::String::from(#text))
            }
            RustType::Bool => {
                let flag = value.as_bool().ok_or_else(mismatch)?;
                quote!(#flag)
            }
            RustType::Byte | RustType::Short | RustType::Integer | RustType::Long => {
                let number = value.as_i64().ok_or_else(mismatch)?;
                let literal = proc_macro2::Literal::i64_unsuffixed(number);
                quote!(#literal)
            }
            RustType::Float | RustType::Double => {
                let float = if matches!(ty, RustType::Float) { quote!(f32) } else { quote!(f64) };
                match value {
                    Value::String(s) if s == "NaN" => quote!(#float::NAN),
                    Value::String(s) if s == "Infinity" => quote!(#float::INFINITY),
                    Value::String(s) if s == "-Infinity" => quote!(#float::NEG_INFINITY),
                    _ => {
                        let literal = proc_macro2::Literal::f64_unsuffixed(value.as_f64().ok_or_else(mismatch)?);
                        quote!(#literal)
                    }
                }
            }
            RustType::Blob => {
                let bytes = value.as_str().ok_or_else(mismatch)?;
                quote!(::aws_client_runtime::Blob::from(#bytes))
            }
            RustType::ByteStream => {
                let bytes = value.as_str().ok_or_else(mismatch)?;
                quote!(::aws_client_runtime::ByteStream::from(#bytes))
            }
            RustType::Timestamp(_) => {
                let secs = value.as_f64().ok_or_else(mismatch)?;
                quote!(::aws_client_runtime::DateTime::from_fractional_secs(#secs).expect("a valid instant"))
            }
            RustType::Document => {
                let text = value.to_string();
                quote!(::aws_client_runtime::serde_json::from_str::<Value>(#text).expect("valid JSON"))
            }
            RustType::List { member, sparse } => {
                let items = value.as_array().ok_or_else(mismatch)?;
                let items = items.iter().map(|item| self.item(member, *sparse, item)).collect::<Result<Vec<_>, _>>()?;
                quote!(::std::vec::Vec::from([#(#items),*]))
            }
            RustType::Map { key, value: value_type, sparse } => {
                let entries = value.as_object().ok_or_else(mismatch)?;
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let key = self.value(key, &Value::String(k.clone()))?;
                        let value = self.item(value_type, *sparse, v)?;
                        Ok::<_, String>(quote!((#key, #value)))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                quote!([#(#entries),*].into_iter().collect())
            }
            RustType::Named(path) => self.named_value(path, value)?,
            RustType::BigInteger | RustType::BigDecimal => return Err("big numbers do not occur in the suites".into()),
        })
    }

    fn item(&self, ty: &RustType, sparse: bool, value: &Value) -> Result<TokenStream, String> {
        match (sparse, value.is_null()) {
            (true, true) => Ok(quote!(::std::option::Option::None)),
            (true, false) => {
                let item = self.value(ty, value)?;
                Ok(quote!(::std::option::Option::Some(#item)))
            }
            (false, _) => self.value(ty, value),
        }
    }

    fn named_value(&self, path: &TypePath, value: &Value) -> Result<TokenStream, String> {
        let full = self.path(path);
        match self.type_def(path)? {
            TypeDef::Enum(_) => {
                let text = value.as_str().ok_or_else(|| format!("{value} is not an enum value"))?;
                Ok(quote!(#full::from(#text)))
            }
            TypeDef::IntEnum(_) => {
                let number = value.as_i64().ok_or_else(|| format!("{value} is not an int enum value"))? as i32;
                Ok(quote!(#full::from(#number)))
            }
            TypeDef::Structure(structure) => {
                let mut setters = Vec::new();
                for (key, member_value) in value.as_object().ok_or_else(|| format!("{value} is not an object"))? {
                    if member_value.is_null() {
                        continue;
                    }
                    let member = structure
                        .members
                        .iter()
                        .find(|m| m.model_name == *key)
                        .ok_or_else(|| format!("`{}` has no member `{key}`", structure.name))?;
                    let setter = format_ident!("set_{}", member.word);
                    let built = self.member_value(member, member_value)?;
                    setters.push(quote!(.#setter(::std::option::Option::Some(#built))));
                }
                let fallible = structure.members.iter().any(|m| m.presence == Presence::Required);
                let finish = if fallible { quote!(.expect("required members are set")) } else { quote!() };
                Ok(quote!(#full::builder() #(#setters)* .build() #finish))
            }
            TypeDef::Union(union) => {
                let (key, member_value) = value
                    .as_object()
                    .and_then(|o| o.iter().find(|(_, v)| !v.is_null()))
                    .ok_or_else(|| format!("{value} is not a union value"))?;
                let variant = union
                    .variants
                    .iter()
                    // Parameters name members as the model does, not by their `@jsonName`.
                    .find(|v| v.model_name == *key)
                    .ok_or_else(|| format!("`{}` has no member `{key}`", union.name))?;
                let name = ident(&variant.name);
                Ok(match &variant.ty {
                    None => quote!(#full::#name),
                    Some(ty) => {
                        let built = self.value(ty, member_value)?;
                        let built = if variant.boxed { quote!(::std::boxed::Box::new(#built)) } else { built };
                        quote!(#full::#name(#built))
                    }
                })
            }
        }
    }

    /// `Render` for every structure, enum and union, every error and every output,
    /// and `RenderError` for every operation's error enum.
    fn render_impls(&self) -> TokenStream {
        let mut impls = Vec::new();
        for def in &self.service.types {
            let kind = match def {
                TypeDef::Structure(_) => TypeKind::Structure,
                TypeDef::Enum(_) => TypeKind::Enum,
                TypeDef::IntEnum(_) => TypeKind::IntEnum,
                TypeDef::Union(_) => TypeKind::Union,
            };
            let path = self.path(&TypePath { module: ModulePath::Types, name: def.name().to_owned(), kind });
            let body = match def {
                TypeDef::Structure(structure) => structure_render(structure),
                TypeDef::Enum(_) => quote!(Value::String(self.as_str().to_owned())),
                TypeDef::IntEnum(_) => quote!(Value::from(self.as_i32())),
                TypeDef::Union(union) => union_render(union, &path),
            };
            impls.push(quote! {
                impl Render for #path {
                    fn render(&self) -> Value { #body }
                }
            });
        }
        for error in &self.service.errors {
            let path =
                self.path(&TypePath { module: ModulePath::Error, name: error.name.clone(), kind: TypeKind::Structure });
            let body = structure_render(error);
            impls.push(quote! {
                impl Render for #path {
                    fn render(&self) -> Value { #body }
                }
            });
        }
        let model = &self.crates.model;
        for operation in &self.service.operations {
            let module = ident(&operation.module);
            let output = ident(&operation.output.name);
            let body = structure_render(&operation.output);
            let error = format_ident!("{}Error", codegen::resolve::naming::type_name(&operation.name));
            let arms: Vec<_> = operation
                .errors
                .iter()
                .map(|path| {
                    let variant = ident(&path.name);
                    quote!(#model::operation::#module::#error::#variant(error) => ::std::option::Option::Some(error.render()),)
                })
                .collect();
            // The error enums are `#[non_exhaustive]`: `Unhandled` and future variants fall through.
            let modeled = if arms.is_empty() {
                quote!(::std::option::Option::None)
            } else {
                quote!(match self { #(#arms)* _ => ::std::option::Option::None, })
            };
            impls.push(quote! {
                impl Render for #model::operation::#module::#output {
                    fn render(&self) -> Value { #body }
                }
                impl RenderError for #model::operation::#module::#error {
                    fn code(&self) -> ::std::option::Option<&str> {
                        #model::operation::#module::#error::code(self)
                    }
                    fn modeled(&self) -> ::std::option::Option<Value> {
                        #modeled
                    }
                }
            });
        }
        quote!(#(#impls)*)
    }

    fn type_def(&self, path: &TypePath) -> Result<&TypeDef, String> {
        self.service.types.iter().find(|t| t.name() == path.name).ok_or_else(|| format!("no type `{}`", path.name))
    }

    /// The path of a named type from the test crate.
    fn path(&self, path: &TypePath) -> TokenStream {
        let model = &self.crates.model;
        let name = ident(&path.name);
        match &path.module {
            ModulePath::Types => quote!(#model::types::#name),
            ModulePath::Error => quote!(#model::error::#name),
            ModulePath::Operation(module) => {
                let module = ident(module);
                quote!(#model::operation::#module::#name)
            }
        }
    }
}

/// A structure as a JSON object keyed by member names; absent members are left out.
fn structure_render(structure: &ir::Structure) -> TokenStream {
    let inserts = structure.members.iter().map(|member| {
        let field = ident(&member.field);
        let name = &member.model_name;
        match member.presence {
            Presence::Optional => quote! {
                if let ::std::option::Option::Some(value) = &self.#field {
                    object.insert(#name.to_owned(), value.render());
                }
            },
            _ => quote!(object.insert(#name.to_owned(), self.#field.render());),
        }
    });
    quote! {
        #[allow(unused_mut)]
        let mut object = Map::new();
        #(#inserts)*
        Value::Object(object)
    }
}

/// A union as a one-member JSON object; an unknown member as `null`.
fn union_render(union: &ir::Union, path: &TokenStream) -> TokenStream {
    let arms = union.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let wire = &variant.model_name;
        match variant.ty {
            None => quote!(#path::#name => (#wire, Value::Object(Map::new())),),
            Some(_) => quote!(#path::#name(value) => (#wire, value.render()),),
        }
    });
    quote! {
        let (name, value) = match self {
            #(#arms)*
            _ => return Value::Null,
        };
        Value::Object([(name.to_owned(), value)].into_iter().collect())
    }
}

/// An identifier from a resolved name, raw (`r#type`) or plain.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}
