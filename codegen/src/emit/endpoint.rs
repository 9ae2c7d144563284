//! The endpoint resolver: a rule set compiled to straight-line Rust.
//!
//! Each rule is a labelled block; a condition that does not hold (a `false`, an
//! unset parameter, a failed parse) `break`s out of it to the next rule. Bindings
//! are borrowed where they can be, so a resolution allocates little more than the URL.

use proc_macro2::{Ident, Literal as TokenLiteral, TokenStream};
use quote::{format_ident, quote};

use super::tokens;
use crate::emit::tokens::RT;
use crate::ir::Service;
use crate::ir::endpoint::{
    AttrStep, EndpointRules, Expr, ExprKind, Function, ParamPresence, Property, Rule, RuleBody, TemplatePart, ValueType,
};

/// The runtime's rules library.
pub fn rules_path() -> TokenStream {
    quote!(#RT::rules)
}

/// `src/endpoint.rs` of the client crate.
pub fn endpoint_module(service: &Service) -> TokenStream {
    let rules = &service.endpoint;
    let params = super::endpoint_params::params_struct(rules);
    let resolver = resolver(rules);
    let origin = if rules.synthesized {
        "The model declares no rule set, so these are the conventional AWS rules: the \
         endpoint override, else `https://{prefix}.{region}.{DNS suffix}` with FIPS and dual-stack variants."
    } else {
        "Compiled from the model's `smithy.rules#endpointRuleSet`."
    };
    let doc = format!(
        "Where requests go: the endpoint rule set as Rust.\n\n{origin}\n\n[`resolve_endpoint`] is what every call \
         runs, with [`EndpointParams::from_config`] plus any parameters the operation binds."
    );
    let tests = if rules.tests.is_empty() {
        quote!()
    } else {
        quote!(
            #[cfg(test)]
            mod tests;
        )
    };
    let doc_lines = tokens::inner_doc_lines(&doc);
    quote! {
        #doc_lines
        pub use #RT::rules::{EndpointError, ResolvedEndpoint};
        #params
        #resolver
        #tests
    }
}

fn resolver(rules: &EndpointRules) -> TokenStream {
    let mut emitter =
        Emitter { rules, next: 0, labels: 0, narrowed: Vec::new(), bind_as: None, required_used: Vec::new() };
    let mut body = Vec::new();
    let diverges = emitter.rules(&rules.rules, &mut body, true);
    if !diverges {
        body.push(quote!(::std::result::Result::Err(EndpointError::new("no endpoint rule matched the parameters"))));
    }
    let prologue = rules.params.iter().filter(|p| emitter.required_used.contains(&p.field)).map(|param| {
        let field = tokens::ident(&param.field);
        let message = format!("the endpoint parameter `{}` is required", param.name);
        let unwrap = unwrap_param(&field, param.ty);
        quote! {
            let ::std::option::Option::Some(#field) = #unwrap else {
                return ::std::result::Result::Err(EndpointError::new(#message));
            };
        }
    });
    quote! {
        /// Resolves the endpoint for `params` by the service's rule set.
        ///
        /// # Errors
        ///
        /// When an error rule of the rule set matches (e.g. an invalid combination
        /// of settings), a required parameter is unset, or no rule matches.
        pub fn resolve_endpoint(params: &EndpointParams) -> ::std::result::Result<ResolvedEndpoint, EndpointError> {
            #(#prologue)*
            #(#body)*
        }
    }
}

/// `params.field` as an `Option` of its borrowed form.
fn unwrap_param(field: &Ident, ty: ValueType) -> TokenStream {
    match ty {
        ValueType::Bool => quote!(params.#field),
        _ => quote!(params.#field.as_deref()),
    }
}

/// A boolean test, kept symbolic so that negations read naturally.
enum Test {
    /// An atomic boolean expression.
    Atom(TokenStream),
    /// Its negation.
    NotAtom(TokenStream),
    /// `a == b` (or `!=` when negated).
    Eq(TokenStream, TokenStream, bool),
    /// `x.is_some()` (or `is_none()` when negated).
    IsSome(TokenStream, bool),
    /// A constant.
    Const(bool),
}

impl Test {
    fn negate(self) -> Test {
        match self {
            Test::Atom(t) => Test::NotAtom(t),
            Test::NotAtom(t) => Test::Atom(t),
            Test::Eq(a, b, eq) => Test::Eq(a, b, !eq),
            Test::IsSome(t, some) => Test::IsSome(t, !some),
            Test::Const(b) => Test::Const(!b),
        }
    }

    /// The test as an expression that can stand as an operand.
    fn operand(&self) -> TokenStream {
        match self {
            Test::Atom(t) => t.clone(),
            Test::NotAtom(t) => quote!(!#t),
            Test::Eq(a, b, true) => quote!((#a == #b)),
            Test::Eq(a, b, false) => quote!((#a != #b)),
            Test::IsSome(t, true) => quote!(#t.is_some()),
            Test::IsSome(t, false) => quote!(#t.is_none()),
            Test::Const(b) => quote!(#b),
        }
    }

    /// The test as the condition of an `if`.
    fn condition(&self) -> TokenStream {
        match self {
            Test::Eq(a, b, true) => quote!(#a == #b),
            Test::Eq(a, b, false) => quote!(#a != #b),
            other => other.operand(),
        }
    }
}

/// Where a failed condition goes: `break 'label` (with a value inside `isSet`).
struct Fail {
    label: TokenStream,
    value: Option<TokenStream>,
    used: bool,
}

impl Fail {
    fn exit(&mut self) -> TokenStream {
        self.used = true;
        let label = &self.label;
        match &self.value {
            Some(value) => quote!(break #label #value),
            None => quote!(break #label),
        }
    }
}

struct Emitter<'a> {
    rules: &'a EndpointRules,
    next: usize,
    labels: usize,
    /// Optional parameters an enclosing `isSet` condition bound to a local of their name.
    narrowed: Vec<String>,
    /// The name the next library call's result is bound to (an `assign`), instead of a temporary.
    bind_as: Option<Ident>,
    /// Required parameters the rules read (bound once at the top).
    required_used: Vec<String>,
}

impl Emitter<'_> {
    fn temp(&mut self) -> Ident {
        self.next += 1;
        format_ident!("tmp_{}", self.next)
    }

    /// Emits rules in order; returns whether control never gets past them. At the
    /// `tail` of the function, the rule that always applies yields its result as the
    /// function's value instead of `return`ing it.
    fn rules(&mut self, rules: &[Rule], out: &mut Vec<TokenStream>, tail: bool) -> bool {
        for rule in rules {
            if self.rule(rule, out, tail) {
                // Later rules could never be reached.
                return true;
            }
        }
        false
    }

    /// Emits one rule; returns whether it always applies (so control never gets past it).
    fn rule(&mut self, rule: &Rule, out: &mut Vec<TokenStream>, tail: bool) -> bool {
        self.labels += 1;
        let label: TokenStream = format!("'rule_{}", self.labels).parse().unwrap_or_default();
        let mut fail = Fail { label: label.clone(), value: None, used: false };
        let mut stmts = Vec::new();
        let narrowed = self.narrowed.len();
        for condition in &rule.conditions {
            self.condition(condition, &mut stmts, &mut fail);
        }
        let placed = self.rule_body(rule, label, stmts, fail, tail, out);
        self.narrowed.truncate(narrowed);
        placed
    }

    /// Emits a rule's body after its conditions; see [`Emitter::rule`].
    fn rule_body(
        &mut self,
        rule: &Rule,
        label: TokenStream,
        mut stmts: Vec<TokenStream>,
        mut fail: Fail,
        tail: bool,
        out: &mut Vec<TokenStream>,
    ) -> bool {
        let result = match &rule.body {
            RuleBody::Endpoint { url, headers, properties } => {
                let url = self.string_value(url, &mut stmts, &mut fail);
                let mut built = quote!(ResolvedEndpoint::new(#url));
                for (name, values) in headers {
                    let values: Vec<TokenStream> =
                        values.iter().map(|v| self.value(v, &mut stmts, &mut fail)).collect();
                    built =
                        quote!(#built.with_header(#name, ::std::vec![#(::std::borrow::ToOwned::to_owned(#values)),*]));
                }
                for (name, property) in properties {
                    let value = self.property(property, &mut stmts, &mut fail);
                    built = quote!(#built.with_property(#name, #value));
                }
                quote!(::std::result::Result::Ok(#built))
            }
            RuleBody::Error(message) => {
                let message = self.string_value(message, &mut stmts, &mut fail);
                quote!(::std::result::Result::Err(EndpointError::new(#message)))
            }
            RuleBody::Tree(children) => {
                // Inline at the tail when nothing above can fail; otherwise a block.
                let inline = tail && !fail.used;
                let diverges = self.rules(children, &mut stmts, inline);
                if !diverges {
                    let message =
                        format!("no endpoint rule matched the parameters (in the rules at {})", rule.location);
                    let error = quote!(::std::result::Result::Err(EndpointError::new(#message)));
                    stmts.push(if inline { error } else { quote!(return #error;) });
                }
                return self.close(label, stmts, fail.used, inline, out);
            }
        };
        let inline = tail && !fail.used;
        stmts.push(if inline { result } else { quote!(return #result;) });
        self.close(label, stmts, fail.used, inline, out)
    }

    /// Places a rule's statements: inline, in a plain block, or in a labelled block
    /// its failing conditions break out of. Returns whether the rule always applies.
    fn close(
        &mut self,
        label: TokenStream,
        stmts: Vec<TokenStream>,
        breaks: bool,
        inline: bool,
        out: &mut Vec<TokenStream>,
    ) -> bool {
        if breaks {
            out.push(quote!(#label: { #(#stmts)* }));
        } else if inline {
            out.extend(stmts);
        } else {
            out.push(quote!({ #(#stmts)* }));
        }
        !breaks
    }

    fn condition(&mut self, condition: &crate::ir::endpoint::Condition, stmts: &mut Vec<TokenStream>, fail: &mut Fail) {
        // `isSet(OptionalParam)`: bind the value once for everything the rule encloses.
        if let (ExprKind::IsSet(inner), None) = (&condition.expr.kind, &condition.assign)
            && let ExprKind::Param(field) = &inner.kind
            && !self.narrowed.contains(field)
            && self.rules.params.iter().any(|p| &p.field == field && p.presence == ParamPresence::Optional)
        {
            let ident = tokens::ident(field);
            let unwrap = unwrap_param(&ident, inner.ty);
            let exit = fail.exit();
            stmts.push(quote!(let ::std::option::Option::Some(#ident) = #unwrap else { #exit; };));
            self.narrowed.push(field.clone());
            return;
        }
        if condition.expr.ty == ValueType::Bool {
            let test = self.test(&condition.expr, stmts, fail);
            match &condition.assign {
                Some(name) => {
                    let name = tokens::ident(name);
                    let value = test.operand();
                    let exit = fail.exit();
                    stmts.push(quote! { let #name = #value; if !#name { #exit; } });
                }
                None => {
                    let failing = test.negate().condition();
                    let exit = fail.exit();
                    stmts.push(quote! { if #failing { #exit; } });
                }
            }
        } else {
            let assign = condition.assign.as_deref().map(tokens::ident);
            if let (Some(name), ExprKind::Call(..)) = (&assign, &condition.expr.kind) {
                self.bind_as = Some(name.clone());
            }
            let value = self.value(&condition.expr, stmts, fail);
            self.bind_as = None;
            match assign {
                Some(name) if name == value.to_string() => {}
                Some(name) => stmts.push(quote!(let #name = #value;)),
                None => stmts.push(quote!(let _ = #value;)),
            }
        }
    }

    fn property(&mut self, property: &Property, stmts: &mut Vec<TokenStream>, fail: &mut Fail) -> TokenStream {
        let rules = rules_path();
        match property {
            Property::Value(expr) if expr.ty == ValueType::Bool => {
                let value = self.test(expr, stmts, fail).operand();
                quote!(#RT::Document::Bool(#value))
            }
            Property::Value(expr) => {
                let value = self.value(expr, stmts, fail);
                quote!(#rules::string(#value))
            }
            Property::Int(n) => quote!(#RT::Document::from(#n)),
            Property::Array(items) => {
                let items: Vec<TokenStream> = items.iter().map(|item| self.property(item, stmts, fail)).collect();
                quote!(#RT::Document::Array(::std::vec![#(#items),*]))
            }
            Property::Record(fields) => {
                let fields: Vec<TokenStream> = fields
                    .iter()
                    .map(|(key, item)| {
                        let item = self.property(item, stmts, fail);
                        quote!((#key, #item))
                    })
                    .collect();
                quote!(#rules::record([#(#fields),*]))
            }
        }
    }

    /// A boolean expression as a test; statements it needs go to `stmts`.
    fn test(&mut self, expr: &Expr, stmts: &mut Vec<TokenStream>, fail: &mut Fail) -> Test {
        let rules = rules_path();
        match &expr.kind {
            ExprKind::Bool(b) => Test::Const(*b),
            ExprKind::IsSet(inner) => self.is_set(inner, stmts),
            ExprKind::Not(inner) => self.test(inner, stmts, fail).negate(),
            ExprKind::BoolEquals(a, b) => {
                let (a, b) = (self.test(a, stmts, fail), self.test(b, stmts, fail));
                match (a, b) {
                    (Test::Const(c), other) | (other, Test::Const(c)) => {
                        if c {
                            other
                        } else {
                            other.negate()
                        }
                    }
                    (a, b) => Test::Eq(a.operand(), b.operand(), true),
                }
            }
            ExprKind::StrEquals(a, b) => {
                let (a, b) = (self.value(a, stmts, fail), self.value(b, stmts, fail));
                Test::Eq(a, b, true)
            }
            ExprKind::Call(Function::IsValidHostLabel, args) => {
                let (s, sub) = (self.value(&args[0], stmts, fail), self.test(&args[1], stmts, fail).operand());
                Test::Atom(quote!(#rules::is_valid_host_label(#s, #sub)))
            }
            ExprKind::Call(Function::IsVirtualHostableS3Bucket, args) => {
                let (s, sub) = (self.value(&args[0], stmts, fail), self.test(&args[1], stmts, fail).operand());
                Test::Atom(quote!(#rules::is_virtual_hostable_s3_bucket(#s, #sub)))
            }
            _ => Test::Atom(self.value(expr, stmts, fail)),
        }
    }

    /// `isSet(expr)`: whether the expression has a value.
    fn is_set(&mut self, expr: &Expr, stmts: &mut Vec<TokenStream>) -> Test {
        if let ExprKind::Param(field) = &expr.kind {
            let param = self.rules.params.iter().find(|p| &p.field == field);
            if param.is_some_and(|p| p.presence == ParamPresence::Optional) {
                let field = tokens::ident(field);
                return Test::IsSome(quote!(params.#field), true);
            }
        }
        // Evaluate in a block of its own that yields `false` where a part is missing.
        let label: TokenStream = format!("'set_{}", self.next + 1).parse().unwrap_or_default();
        let temp = self.temp();
        let mut fail = Fail { label: label.clone(), value: Some(quote!(false)), used: false };
        let mut inner = Vec::new();
        let value = if expr.ty == ValueType::Bool {
            self.test(expr, &mut inner, &mut fail).operand()
        } else {
            self.value(expr, &mut inner, &mut fail)
        };
        if !fail.used {
            return Test::Const(true);
        }
        stmts.push(quote! {
            let #temp = #label: {
                #(#inner)*
                let _ = #value;
                true
            };
        });
        Test::Atom(quote!(#temp))
    }

    /// A string expression as something `Into<String>`: a template's text is built
    /// in place rather than borrowed from a temporary.
    fn string_value(&mut self, expr: &Expr, stmts: &mut Vec<TokenStream>, fail: &mut Fail) -> TokenStream {
        match &expr.kind {
            ExprKind::Template(parts) => {
                let pieces: Vec<TokenStream> = parts
                    .iter()
                    .map(|part| match part {
                        TemplatePart::Text(text) => quote!(#text),
                        TemplatePart::Expr(expr) => self.value(expr, stmts, fail),
                    })
                    .collect();
                quote!([#(#pieces),*].concat())
            }
            _ => self.value(expr, stmts, fail),
        }
    }

    /// A non-boolean expression's value in borrowed form (`&str`, `&[String]`,
    /// `&Partition`) or as an owned place (`Arn`, `Url`); booleans as operands.
    fn value(&mut self, expr: &Expr, stmts: &mut Vec<TokenStream>, fail: &mut Fail) -> TokenStream {
        let rules = rules_path();
        match &expr.kind {
            ExprKind::Str(s) => quote!(#s),
            ExprKind::Int(n) => {
                let n = TokenLiteral::usize_unsuffixed(*n);
                quote!(#n)
            }
            ExprKind::Template(_) => {
                let text = self.string_value(expr, stmts, fail);
                let temp = self.temp();
                stmts.push(quote!(let #temp = #text;));
                quote!(#temp.as_str())
            }
            ExprKind::Param(field) => {
                let param = self.rules.params.iter().find(|p| &p.field == field);
                let (ty, presence) = param.map_or((expr.ty, ParamPresence::Optional), |p| (p.ty, p.presence.clone()));
                let ident = tokens::ident(field);
                match presence {
                    ParamPresence::Optional if self.narrowed.contains(field) => quote!(#ident),
                    ParamPresence::Optional => {
                        let temp = self.temp();
                        let unwrap = unwrap_param(&ident, ty);
                        let exit = fail.exit();
                        stmts.push(quote!(let ::std::option::Option::Some(#temp) = #unwrap else { #exit; };));
                        quote!(#temp)
                    }
                    ParamPresence::Required => {
                        if !self.required_used.contains(field) {
                            self.required_used.push(field.clone());
                        }
                        quote!(#ident)
                    }
                    ParamPresence::Default(_) => match ty {
                        ValueType::Bool => quote!(params.#ident),
                        ValueType::StrArray => quote!(params.#ident.as_slice()),
                        _ => quote!(params.#ident.as_str()),
                    },
                }
            }
            ExprKind::Var(name) => {
                let name = tokens::ident(name);
                quote!(#name)
            }
            ExprKind::GetAttr(target, steps) => {
                let mut value = self.value(target, stmts, fail);
                let mut ty = target.ty;
                for step in steps {
                    match step {
                        AttrStep::Field(field, field_ty) => {
                            let field = format_ident!("{field}");
                            value = match (ty, field_ty) {
                                (ValueType::Partition, _) | (_, ValueType::Bool) => quote!(#value.#field),
                                (_, ValueType::StrArray) => quote!(#value.#field.as_slice()),
                                _ => quote!(#value.#field.as_str()),
                            };
                            ty = *field_ty;
                        }
                        AttrStep::Index(index) => {
                            let temp = self.temp();
                            let exit = fail.exit();
                            let element = if *index == 0 {
                                quote!(#value.first())
                            } else {
                                let index = TokenLiteral::usize_unsuffixed(*index);
                                quote!(#value.get(#index))
                            };
                            stmts.push(quote!(let ::std::option::Option::Some(#temp) = #element else { #exit; };));
                            value = quote!(#temp.as_str());
                            ty = ValueType::Str;
                        }
                    }
                }
                value
            }
            ExprKind::Call(function, args) => {
                let temp = match self.bind_as.take() {
                    Some(name) => name,
                    None => self.temp(),
                };
                let (call, optional, access) = match function {
                    Function::Substring => {
                        let [s, start, stop, reverse] = [&args[0], &args[1], &args[2], &args[3]];
                        let s = self.value(s, stmts, fail);
                        let (start, stop) = (self.value(start, stmts, fail), self.value(stop, stmts, fail));
                        let reverse = self.test(reverse, stmts, fail).operand();
                        (quote!(#rules::substring(#s, #start, #stop, #reverse)), true, quote!(#temp.as_str()))
                    }
                    Function::ParseUrl => {
                        let s = self.value(&args[0], stmts, fail);
                        (quote!(#rules::parse_url(#s)), true, quote!(#temp))
                    }
                    Function::ParseArn => {
                        let s = self.value(&args[0], stmts, fail);
                        (quote!(#rules::parse_arn(#s)), true, quote!(#temp))
                    }
                    Function::Partition => {
                        let s = self.value(&args[0], stmts, fail);
                        (quote!(#rules::partition(#s)), true, quote!(#temp))
                    }
                    Function::UriEncode => {
                        let s = self.value(&args[0], stmts, fail);
                        (quote!(#rules::uri_encode(#s)), false, quote!(#temp.as_str()))
                    }
                    Function::IsValidHostLabel | Function::IsVirtualHostableS3Bucket => {
                        return self.test(expr, stmts, fail).operand();
                    }
                };
                if optional {
                    let exit = fail.exit();
                    stmts.push(quote!(let ::std::option::Option::Some(#temp) = #call else { #exit; };));
                } else {
                    stmts.push(quote!(let #temp = #call;));
                }
                access
            }
            ExprKind::Bool(_)
            | ExprKind::IsSet(_)
            | ExprKind::Not(_)
            | ExprKind::BoolEquals(..)
            | ExprKind::StrEquals(..) => self.test(expr, stmts, fail).operand(),
        }
    }
}
