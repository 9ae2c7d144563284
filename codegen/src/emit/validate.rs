//! Client-side validation: `impl Validate` for structures with constraints (the
//! checks of every member, element and nested structure), and the crate's compiled
//! `@pattern` programs, shared by name.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::tokens::ident;
use crate::emit::tokens::RT;
use crate::ir::constraints::{Bounds, Constraints};
use crate::ir::regex::Regex;
use crate::ir::{Presence, RustType, Service, Structure, TypeDef, TypeKind};

fn validation() -> TokenStream {
    quote!(#RT::validation)
}

/// The name of each pattern's program in `crate::patterns`, by source: the words the
/// pattern spells out (`ARN_AWS_KMS_KEY`), else what its first character class admits
/// (`DIGITS`), then a hash of the source, so the name depends on that pattern alone and
/// adding a pattern renames no other. Two sources whose short names meet (a 32-bit
/// hash collision) both take the full 64-bit hash.
fn pattern_names(sources: impl IntoIterator<Item = String>) -> BTreeMap<String, String> {
    let hash = |source: &str| {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in source.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash
    };
    let mut by_short: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for source in sources.into_iter().collect::<std::collections::BTreeSet<_>>() {
        let short = format!("{}_{:08X}", describe_pattern(&source), hash(&source) >> 32);
        by_short.entry(short).or_default().push(source);
    }
    let mut names = BTreeMap::new();
    for (short, sources) in by_short {
        let collides = sources.len() > 1;
        for source in sources {
            let name =
                if collides { format!("{}_{:016X}", describe_pattern(&source), hash(&source)) } else { short.clone() };
            names.insert(source, name);
        }
    }
    names
}

/// A name in capitals for what a pattern matches, read from its source.
fn describe_pattern(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut first_class: Option<String> = None;
    let mut word = String::new();
    let mut i = 0;
    let flush = |word: &mut String, words: &mut Vec<String>| {
        let upper = word.to_ascii_uppercase();
        if word.len() >= 2 && word.starts_with(|c: char| c.is_ascii_alphabetic()) && !words.contains(&upper) {
            words.push(upper);
        }
        word.clear();
    };
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                flush(&mut word, &mut words);
                i += 1;
            }
            '[' => {
                flush(&mut word, &mut words);
                let start = i + 1;
                while i < chars.len() && !(chars[i] == ']' && i > start) {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                let class: String = chars[start..i.min(chars.len())].iter().collect();
                first_class.get_or_insert_with(|| describe_class(&class));
            }
            '{' => {
                flush(&mut word, &mut words);
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
            }
            '?' if i > 0 && chars[i - 1] == '(' => {
                // `(?:` and its kin: the letter after `?` is syntax, not text.
                i += 1;
            }
            c if c.is_ascii_alphanumeric() => word.push(c),
            _ => flush(&mut word, &mut words),
        }
        i += 1;
    }
    flush(&mut word, &mut words);
    if !words.is_empty() {
        return words.into_iter().take(4).collect::<Vec<_>>().join("_");
    }
    first_class.filter(|c| !c.is_empty()).unwrap_or_else(|| "PATTERN".to_owned())
}

/// What a character class admits, in a word or two (`LOWER_DIGITS`).
fn describe_class(class: &str) -> String {
    let negated = class.starts_with('^');
    let mut parts = Vec::new();
    let has = |range: &str| class.contains(range);
    match (has("a-z"), has("A-Z")) {
        (true, true) => parts.push("LETTERS"),
        (true, false) if has("a-f") || has("A-F") => parts.push("HEX"),
        (true, false) => parts.push("LOWER"),
        (false, true) => parts.push("UPPER"),
        (false, false) if has("a-f") || has("A-F") => parts.push("HEX"),
        _ => {}
    }
    if has("0-9") && !parts.contains(&"HEX") {
        parts.push("DIGITS");
    }
    if has("\\w") {
        parts.push("WORD");
    }
    if parts.is_empty() {
        parts.push("CHARS");
    }
    let text = parts.join("_");
    if negated { format!("NOT_{text}") } else { text }
}

/// The sources of every `@pattern` the validation of the service checks.
fn pattern_sources(service: &Service) -> Vec<String> {
    fn collect(constraints: &Constraints, found: &mut Vec<String>) {
        if let Some(regex) = &constraints.pattern {
            found.push(regex.source.clone());
        }
        for nested in [&constraints.element, &constraints.key].into_iter().flatten() {
            collect(nested, found);
        }
    }
    let mut found = Vec::new();
    for structure in validated_structures(service) {
        for member in &structure.members {
            collect(&member.constraints, &mut found);
        }
    }
    found
}

/// The structures that get a `Validate` impl: validated data types and operation inputs.
fn validated_structures(service: &Service) -> impl Iterator<Item = &Structure> {
    service
        .types
        .iter()
        .filter_map(|ty| match ty {
            TypeDef::Structure(s) if s.validated => Some(s),
            _ => None,
        })
        .chain(service.operations.iter().map(|op| &op.input).filter(|input| input.validated))
}

/// Every compiled pattern the validation uses, by program name.
pub fn patterns(service: &Service) -> BTreeMap<String, Regex> {
    fn collect(constraints: &Constraints, names: &BTreeMap<String, String>, found: &mut BTreeMap<String, Regex>) {
        if let Some(regex) = &constraints.pattern
            && let Some(name) = names.get(&regex.source)
        {
            found.insert(name.clone(), regex.clone());
        }
        for nested in [&constraints.element, &constraints.key].into_iter().flatten() {
            collect(nested, names, found);
        }
    }
    let names = pattern_names(pattern_sources(service));
    let mut found = BTreeMap::new();
    for structure in validated_structures(service) {
        for member in &structure.members {
            collect(&member.constraints, &names, &mut found);
        }
    }
    found
}

/// `src/patterns.rs` of the model crate.
pub fn patterns_module(service: &Service) -> TokenStream {
    let statics = patterns(service).into_iter().map(|(name, regex)| {
        let name = format_ident!("{name}");
        let doc = format!(" Matches `{}`.", regex.source);
        let program = super::regex::program(&regex, &quote!(#RT::rules::Inst));
        quote! {
            #[doc = #doc]
            pub(crate) static #name: &[#RT::rules::Inst] = #program;
        }
    });
    quote! {
        //! The `@pattern` constraints the validation checks, compiled; each is named
        //! for what it matches and shows its source.
        #(#statics)*
    }
}

/// Whether the data type called `name` is a validated structure.
pub fn is_validated(service: &Service, name: &str) -> bool {
    service.types.iter().any(|ty| matches!(ty, TypeDef::Structure(s) if s.name == name && s.validated))
}

/// `impl Validate` for a structure that has something to check (nothing otherwise).
pub fn validate_impl(structure: &Structure, service: &Service) -> TokenStream {
    if !structure.validated {
        return TokenStream::new();
    }
    let validated = |name: &str| is_validated(service, name);
    let validated: &dyn Fn(&str) -> bool = &validated;
    let names = pattern_names(pattern_sources(service));
    let name = format_ident!("{}", structure.name);
    let v = validation();
    let checks = structure.members.iter().filter_map(|member| {
        let field = ident(&member.field);
        let wire = &member.wire_name;
        let shown = if member.sensitive { quote!(#v::Shown::Redacted) } else { quote!(#v::Shown::Value) };
        let body = checks(&quote!(value), &member.ty, &member.constraints, validated, &names, &shown, 0)?;
        // A member boxed to break a cycle holds `Box<T>`: the checks take the `&T` inside.
        let body = if member.boxed { quote!(let value = &**value; #body) } else { body };
        Some(match member.presence {
            Presence::Optional => quote! {
                if let ::std::option::Option::Some(value) = &self.#field {
                    let at = at.field(#wire);
                    #body
                }
            },
            _ => quote! {
                {
                    let value = &self.#field;
                    let at = at.field(#wire);
                    #body
                }
            },
        })
    });
    quote! {
        impl #v::Validate for #name {
            fn validate(&self, at: &#v::Path<'_>, violations: &mut ::std::vec::Vec<#v::Violation>) {
                #(#checks)*
            }
        }
    }
}

fn bound_u64(bound: Option<f64>) -> TokenStream {
    match bound {
        Some(b) if b >= 0.0 => {
            let b = Literal::u64_unsuffixed(b as u64);
            quote!(::std::option::Option::Some(#b))
        }
        _ => quote!(::std::option::Option::None),
    }
}

fn bound_i64(bound: Option<f64>) -> TokenStream {
    match bound {
        Some(b) => {
            let b = Literal::i64_unsuffixed(b as i64);
            quote!(::std::option::Option::Some(#b))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn bound_f64(bound: Option<f64>) -> TokenStream {
    match bound {
        Some(b) => {
            let b = Literal::f64_unsuffixed(b);
            quote!(::std::option::Option::Some(#b))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The checks of `value` (a `&T` expression) at `at`; `None` when there are none.
fn checks(
    value: &TokenStream,
    ty: &RustType,
    constraints: &Constraints,
    validated: &dyn Fn(&str) -> bool,
    names: &BTreeMap<String, String>,
    shown: &TokenStream,
    depth: usize,
) -> Option<TokenStream> {
    let v = validation();
    let mut out = Vec::new();
    if let Some(Bounds { min, max }) = constraints.length {
        let (min, max) = (bound_u64(min), bound_u64(max));
        let measured = match ty {
            RustType::String => Some((quote!(#value.chars().count()), "characters")),
            RustType::Blob => Some((quote!(::std::convert::AsRef::<[u8]>::as_ref(#value).len()), "bytes")),
            RustType::List { .. } | RustType::Map { .. } => Some((quote!(#value.len()), "entries")),
            _ => None,
        };
        if let Some((count, unit)) = measured {
            out.push(quote!(#v::length(#count, #min, #max, #unit, &at, violations);));
        }
    }
    if let Some(Bounds { min, max }) = constraints.range {
        match ty {
            RustType::Byte | RustType::Short | RustType::Integer => {
                let (min, max) = (bound_i64(min), bound_i64(max));
                out.push(quote!(#v::range_integer(i64::from(*#value), #min, #max, #shown, &at, violations);));
            }
            RustType::Long => {
                let (min, max) = (bound_i64(min), bound_i64(max));
                out.push(quote!(#v::range_integer(*#value, #min, #max, #shown, &at, violations);));
            }
            RustType::Float | RustType::Double => {
                let (min, max) = (bound_f64(min), bound_f64(max));
                out.push(quote!(#v::range_float(f64::from(*#value), #min, #max, #shown, &at, violations);));
            }
            _ => {}
        }
    }
    if let (Some(regex), RustType::String) = (&constraints.pattern, ty) {
        let source = &regex.source;
        let program = format_ident!("{}", names.get(source).map_or("PATTERN", String::as_str));
        out.push(quote!(#v::pattern(crate::patterns::#program, #source, #value, &at, violations);));
    }
    if let RustType::Named(path) = ty
        && path.kind == TypeKind::Structure
        && validated(&path.name)
    {
        out.push(quote!(#v::Validate::validate(#value, &at, violations);));
    }
    let item = format_ident!("item_{depth}");
    let element = |ty: &RustType, sparse: bool, constraints: Option<&Constraints>| {
        let empty = Constraints::default();
        let body = checks(&quote!(#item), ty, constraints.unwrap_or(&empty), validated, names, shown, depth + 1)?;
        Some(if sparse { quote!(if let ::std::option::Option::Some(#item) = #item { #body }) } else { body })
    };
    match ty {
        RustType::List { member, sparse } => {
            if let Some(body) = element(member, *sparse, constraints.element.as_deref()) {
                let index = format_ident!("index_{depth}");
                out.push(quote! {
                    for (#index, #item) in #value.iter().enumerate() {
                        let at = at.index(#index);
                        #body
                    }
                });
            }
        }
        RustType::Map { key, value: value_ty, sparse } => {
            let key_name = format_ident!("key_{depth}");
            let key_checks = constraints
                .key
                .as_deref()
                .and_then(|c| checks(&quote!(#key_name), key, c, validated, names, shown, depth + 1));
            let value_checks = element(value_ty, *sparse, constraints.element.as_deref());
            match (key_checks, value_checks) {
                (None, None) => {}
                // Keys alone: iterate the keys (a `(key, _)` pattern is clippy's `for_kv_map`).
                (Some(key_checks), None) => out.push(quote! {
                    for #key_name in #value.keys() {
                        let at = at.key(#key_name.as_str());
                        #key_checks
                    }
                }),
                (key_checks, Some(value_checks)) => out.push(quote! {
                    for (#key_name, #item) in #value {
                        let at = at.key(#key_name.as_str());
                        #key_checks
                        #value_checks
                    }
                }),
            }
        }
        _ => {}
    }
    (!out.is_empty()).then(|| quote!(#(#out)*))
}
