//! Endpoint rule sets: types every parameter and expression, binds `assign`ed
//! variables, checks function arity and argument types, and turns the model's
//! `endpointTests` into typed cases. A model without a rule set gets a small default
//! one (`https://{endpointPrefix}.{Region}.{dnsSuffix}`, FIPS and dual-stack
//! variants, endpoint override), so every client resolves endpoints the same way.

use heck::ToSnakeCase;
use serde_json::{Value, json};

use crate::error::Diagnostic;
use crate::ir::endpoint::{
    AttrStep, BindingSource, BuiltIn, Condition, EndpointBinding, EndpointParam, EndpointRules, EndpointTest,
    ExpectedEndpoint, Expr, ExprKind, Function, Literal, ParamPresence, Property, Rule, RuleBody, TemplatePart,
    ValueType,
};
use crate::ir::{Docs, RustType};
use crate::smithy::context_params::{StaticContextParam, StaticValue};
use crate::smithy::rules::{self, Expectation, RuleKind, TemplatePiece};
use crate::smithy::traits::Traits;

/// Trait ids read here.
const RULE_SET: &str = "smithy.rules#endpointRuleSet";
const TESTS: &str = "smithy.rules#endpointTests";

/// The service's endpoint rules (the model's, or the default ones), with warnings
/// for built-ins the client does not fill and test cases that cannot apply.
pub fn endpoint_rules(
    owner: &str,
    traits: &Traits,
    endpoint_prefix: &str,
    html_to_markdown: &dyn Fn(&str) -> String,
) -> Result<(EndpointRules, Vec<String>), Diagnostic> {
    let (rule_set, synthesized) = match traits.get(RULE_SET) {
        Some(value) => (rules::rule_set(owner, value)?, false),
        None => (rules::rule_set(owner, &default_rule_set(endpoint_prefix))?, true),
    };
    let mut warnings = Vec::new();
    let mut params = Vec::new();
    for param in &rule_set.parameters {
        let location = || format!("{owner} endpoint rule set parameters.{}", param.name);
        let ty = match param.kind.as_str() {
            "string" => ValueType::Str,
            "boolean" => ValueType::Bool,
            "stringarray" => ValueType::StrArray,
            other => return Err(Diagnostic::new(location(), format!("unknown parameter type `{other}`"))),
        };
        let presence =
            match (&param.default, param.required) {
                (Some(value), _) => ParamPresence::Default(literal_of(ty, value).ok_or_else(|| {
                    Diagnostic::new(location(), format!("default {value} is not a {}", type_name(ty)))
                })?),
                (None, true) => ParamPresence::Required,
                (None, false) => ParamPresence::Optional,
            };
        let built_in = param.built_in.as_deref().map(|name| match name {
            "AWS::Region" => BuiltIn::Region,
            "AWS::UseFIPS" => BuiltIn::UseFips,
            "AWS::UseDualStack" => BuiltIn::UseDualStack,
            "SDK::Endpoint" => BuiltIn::Endpoint,
            "AWS::Auth::AccountId" => BuiltIn::AccountId,
            "AWS::Auth::AccountIdEndpointMode" => BuiltIn::AccountIdEndpointMode,
            other => {
                warnings.push(format!(
                    "endpoint parameter `{}`: built-in `{other}` is not filled by the client",
                    param.name
                ));
                BuiltIn::Other(other.to_owned())
            }
        });
        params.push(EndpointParam {
            name: param.name.clone(),
            field: field_name(&param.name),
            ty,
            presence,
            built_in,
            docs: Docs(param.documentation.as_deref().map(html_to_markdown).unwrap_or_default()),
            deprecated: param.deprecated.clone(),
        });
    }
    params.sort_by(|a, b| a.field.cmp(&b.field));
    for pair in params.windows(2) {
        if pair[0].field == pair[1].field {
            return Err(Diagnostic::new(
                format!("{owner} endpoint rule set parameters"),
                format!("`{}` and `{}` both become the field `{}`", pair[0].name, pair[1].name, pair[0].field),
            ));
        }
    }
    let typer = Typer { owner, params: &params };
    let rules = typer.rules(&rule_set.rules, &Scope::default())?;
    let mut tests = Vec::new();
    if let Some(value) = traits.get(TESTS) {
        for (index, case) in rules::test_cases(owner, value)?.into_iter().enumerate() {
            match typer.test(&case) {
                Ok(test) => tests.push(test),
                Err(reason) => {
                    warnings.push(format!("endpoint test {index} ({}) skipped: {reason}", case.documentation))
                }
            }
        }
    }
    let mut endpoint = EndpointRules { params, rules, tests, synthesized, client_context: Vec::new() };
    endpoint.client_context = super::context_params::client_context_params(owner, traits, &endpoint, html_to_markdown)?;
    Ok((endpoint, warnings))
}

/// The Rust field of a parameter.
pub fn field_name(name: &str) -> String {
    let field = name.to_snake_case();
    if syn::parse_str::<syn::Ident>(&field).is_ok() { field } else { format!("{field}_") }
}

/// The rules of a model that declares none: the conventional AWS endpoint.
fn default_rule_set(prefix: &str) -> Value {
    let is_true = |name: &str| json!({"fn": "booleanEquals", "argv": [{"ref": name}, true]});
    let endpoint = |url: String| json!({"conditions": [], "type": "endpoint", "endpoint": {"url": url}});
    json!({
        "version": "1.0",
        "parameters": {
            "Region": {"builtIn": "AWS::Region", "required": false, "type": "String",
                "documentation": "The AWS region used to dispatch the request."},
            "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "type": "Boolean",
                "documentation": "When true, send this request to the FIPS-compliant regional endpoint."},
            "UseDualStack": {"builtIn": "AWS::UseDualStack", "required": true, "default": false, "type": "Boolean",
                "documentation": "When true, use the dual-stack endpoint."},
            "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "type": "String",
                "documentation": "Override the endpoint used to send this request."}
        },
        "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "type": "tree", "rules": [
                {"conditions": [is_true("UseFIPS")], "type": "error",
                    "error": "Invalid Configuration: FIPS and custom endpoint are not supported"},
                {"conditions": [is_true("UseDualStack")], "type": "error",
                    "error": "Invalid Configuration: Dualstack and custom endpoint are not supported"},
                {"conditions": [], "type": "endpoint", "endpoint": {"url": {"ref": "Endpoint"}}}
            ]},
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}],
                "type": "tree", "rules": [
                {"conditions": [is_true("UseFIPS"), is_true("UseDualStack")], "type": "endpoint",
                    "endpoint": {"url": format!("https://{prefix}-fips.{{Region}}.{{PartitionResult#dualStackDnsSuffix}}")}},
                {"conditions": [is_true("UseFIPS")], "type": "endpoint",
                    "endpoint": {"url": format!("https://{prefix}-fips.{{Region}}.{{PartitionResult#dnsSuffix}}")}},
                {"conditions": [is_true("UseDualStack")], "type": "endpoint",
                    "endpoint": {"url": format!("https://{prefix}.{{Region}}.{{PartitionResult#dualStackDnsSuffix}}")}},
                endpoint(format!("https://{prefix}.{{Region}}.{{PartitionResult#dnsSuffix}}"))
            ]},
            {"conditions": [], "type": "error", "error": "Invalid Configuration: Missing Region"}
        ]
    })
}

pub(super) fn type_name(ty: ValueType) -> &'static str {
    match ty {
        ValueType::Bool => "boolean",
        ValueType::Str => "string",
        ValueType::StrArray => "string array",
        ValueType::Int => "integer",
        ValueType::Partition => "partition",
        ValueType::Arn => "ARN",
        ValueType::Url => "URL",
    }
}

/// A JSON value as a literal of a parameter type.
fn literal_of(ty: ValueType, value: &Value) -> Option<Literal> {
    match (ty, value) {
        (ValueType::Bool, Value::Bool(b)) => Some(Literal::Bool(*b)),
        (ValueType::Str, Value::String(s)) => Some(Literal::Str(s.clone())),
        (ValueType::StrArray, Value::Array(items)) => {
            items.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<_>>().map(Literal::StrArray)
        }
        _ => None,
    }
}

/// Any JSON value as a literal (expected properties).
fn any_literal(value: &Value) -> Option<Literal> {
    Some(match value {
        Value::Bool(b) => Literal::Bool(*b),
        Value::String(s) => Literal::Str(s.clone()),
        Value::Number(n) => Literal::Int(n.as_i64()?),
        Value::Array(items) => Literal::Array(items.iter().map(any_literal).collect::<Option<_>>()?),
        Value::Object(map) => {
            Literal::Record(map.iter().map(|(k, v)| Some((k.clone(), any_literal(v)?))).collect::<Option<_>>()?)
        }
        Value::Null => return None,
    })
}

/// Variables bound by enclosing conditions: rule-set name, Rust name, type.
#[derive(Debug, Clone, Default)]
struct Scope(Vec<(String, String, ValueType)>);

struct Typer<'a> {
    owner: &'a str,
    params: &'a [EndpointParam],
}

impl Typer<'_> {
    fn error(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(format!("{} endpoint rule set {path}", self.owner), message)
    }

    fn rules(&self, rules: &[rules::Rule], scope: &Scope) -> Result<Vec<Rule>, Diagnostic> {
        rules.iter().map(|rule| self.rule(rule, scope.clone())).collect()
    }

    fn rule(&self, rule: &rules::Rule, mut scope: Scope) -> Result<Rule, Diagnostic> {
        let mut conditions = Vec::new();
        for (index, condition) in rule.conditions.iter().enumerate() {
            let path = format!("{}.conditions[{index}]", rule.location);
            let expr = self.expr(&condition.expr, &scope, &path)?;
            let assign = condition.assign.as_ref().map(|name| {
                let mut ident = field_name(name);
                // Keep clear of the names the emitter uses itself.
                if ident == "params" || ident.starts_with("tmp") {
                    ident.push('_');
                }
                scope.0.push((name.clone(), ident.clone(), expr.ty));
                ident
            });
            conditions.push(Condition { expr, assign });
        }
        let body = match &rule.kind {
            RuleKind::Endpoint { url, headers, properties } => {
                let url = self.string(url, &scope, &format!("{}.endpoint.url", rule.location))?;
                let headers = headers
                    .iter()
                    .map(|(name, values)| {
                        let path = format!("{}.endpoint.headers.{name}", rule.location);
                        let values = values.iter().map(|v| self.string(v, &scope, &path)).collect::<Result<_, _>>()?;
                        Ok((name.clone(), values))
                    })
                    .collect::<Result<_, Diagnostic>>()?;
                let mut properties: Vec<(String, Property)> = properties
                    .iter()
                    .map(|(name, value)| {
                        let path = format!("{}.endpoint.properties.{name}", rule.location);
                        Ok((name.clone(), self.property(value, &scope, &path)?))
                    })
                    .collect::<Result<_, Diagnostic>>()?;
                properties.sort_by(|a, b| a.0.cmp(&b.0));
                RuleBody::Endpoint { url, headers, properties }
            }
            RuleKind::Error(message) => {
                RuleBody::Error(self.string(message, &scope, &format!("{}.error", rule.location))?)
            }
            RuleKind::Tree(rules) => RuleBody::Tree(self.rules(rules, &scope)?),
        };
        Ok(Rule { location: rule.location.clone(), conditions, body })
    }

    fn property(&self, value: &rules::Expr, scope: &Scope, path: &str) -> Result<Property, Diagnostic> {
        Ok(match value {
            rules::Expr::Int(n) => Property::Int(*n),
            rules::Expr::Array(items) => Property::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.property(item, scope, &format!("{path}[{i}]")))
                    .collect::<Result<_, _>>()?,
            ),
            rules::Expr::Record(fields) => Property::Record(
                fields
                    .iter()
                    .map(|(key, item)| Ok((key.clone(), self.property(item, scope, &format!("{path}.{key}"))?)))
                    .collect::<Result<_, Diagnostic>>()?,
            ),
            other => {
                let expr = self.expr(other, scope, path)?;
                if !matches!(expr.ty, ValueType::Str | ValueType::Bool) {
                    return Err(self.error(path, format!("a property value is a {}", type_name(expr.ty))));
                }
                Property::Value(expr)
            }
        })
    }

    fn string(&self, expr: &rules::Expr, scope: &Scope, path: &str) -> Result<Expr, Diagnostic> {
        let typed = self.expr(expr, scope, path)?;
        if typed.ty != ValueType::Str {
            return Err(self.error(path, format!("expected a string, found a {}", type_name(typed.ty))));
        }
        Ok(typed)
    }

    fn reference(&self, name: &str, scope: &Scope, path: &str) -> Result<Expr, Diagnostic> {
        if let Some((_, ident, ty)) = scope.0.iter().rev().find(|(n, _, _)| n == name) {
            return Ok(Expr { kind: ExprKind::Var(ident.clone()), ty: *ty, optional: false });
        }
        let param = self
            .params
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| self.error(path, format!("`{name}` is neither a parameter nor an assigned variable")))?;
        Ok(Expr {
            kind: ExprKind::Param(param.field.clone()),
            ty: param.ty,
            optional: param.presence == ParamPresence::Optional,
        })
    }

    fn expr(&self, expr: &rules::Expr, scope: &Scope, path: &str) -> Result<Expr, Diagnostic> {
        let plain = |kind, ty| Expr { kind, ty, optional: false };
        Ok(match expr {
            rules::Expr::Str(pieces) => match pieces.as_slice() {
                [TemplatePiece::Text(text)] => plain(ExprKind::Str(text.clone()), ValueType::Str),
                pieces => {
                    let parts = pieces
                        .iter()
                        .map(|piece| {
                            let part = match piece {
                                TemplatePiece::Text(text) => return Ok(TemplatePart::Text(text.clone())),
                                TemplatePiece::Ref(name) => self.reference(name, scope, path)?,
                                TemplatePiece::Attr(name, attr) => {
                                    self.get_attr(self.reference(name, scope, path)?, attr, path)?
                                }
                            };
                            if part.ty != ValueType::Str {
                                return Err(self.error(path, format!("a template part is a {}", type_name(part.ty))));
                            }
                            Ok(TemplatePart::Expr(part))
                        })
                        .collect::<Result<_, Diagnostic>>()?;
                    plain(ExprKind::Template(parts), ValueType::Str)
                }
            },
            rules::Expr::Bool(b) => plain(ExprKind::Bool(*b), ValueType::Bool),
            rules::Expr::Int(n) => plain(
                ExprKind::Int(usize::try_from(*n).map_err(|_| self.error(path, format!("{n} is negative")))?),
                ValueType::Int,
            ),
            rules::Expr::Array(_) | rules::Expr::Record(_) => {
                return Err(self.error(path, "lists and records are only allowed as endpoint property values"));
            }
            rules::Expr::Ref(name) => self.reference(name, scope, path)?,
            rules::Expr::Call { function, args } => self.call(function, args, scope, path)?,
        })
    }

    fn call(&self, function: &str, args: &[rules::Expr], scope: &Scope, path: &str) -> Result<Expr, Diagnostic> {
        use ValueType::{Arn, Bool, Int, Partition, Str, Url};
        if function == "getAttr" {
            let [target, rules::Expr::Str(attr)] = args else {
                return Err(self.error(path, "`getAttr` takes a value and a literal path"));
            };
            let [TemplatePiece::Text(attr)] = attr.as_slice() else {
                return Err(self.error(path, "the path of `getAttr` must be plain text"));
            };
            return self.get_attr(self.expr(target, scope, path)?, attr, path);
        }
        let (signature, result, optional): (&[ValueType], ValueType, bool) = match function {
            "isSet" => {
                let [arg] = args else { return Err(self.error(path, "`isSet` takes one argument")) };
                let arg = self.expr(arg, scope, path)?;
                return Ok(Expr { kind: ExprKind::IsSet(Box::new(arg)), ty: Bool, optional: false });
            }
            "not" => (&[Bool], Bool, false),
            "booleanEquals" => (&[Bool, Bool], Bool, false),
            "stringEquals" => (&[Str, Str], Bool, false),
            "substring" => (&[Str, Int, Int, Bool], Str, true),
            "isValidHostLabel" => (&[Str, Bool], Bool, false),
            "parseURL" => (&[Str], Url, true),
            "uriEncode" => (&[Str], Str, false),
            "aws.partition" => (&[Str], Partition, true),
            "aws.parseArn" => (&[Str], Arn, true),
            "aws.isVirtualHostableS3Bucket" => (&[Str, Bool], Bool, false),
            other => return Err(self.error(path, format!("unknown function `{other}`"))),
        };
        if args.len() != signature.len() {
            let plural = if signature.len() == 1 { "" } else { "s" };
            let message = format!("`{function}` takes {} argument{plural}, not {}", signature.len(), args.len());
            return Err(self.error(path, message));
        }
        let mut typed = Vec::new();
        for (index, (arg, expected)) in args.iter().zip(signature).enumerate() {
            let arg = self.expr(arg, scope, &format!("{path}.argv[{index}]"))?;
            if arg.ty != *expected {
                return Err(self.error(
                    path,
                    format!(
                        "argument {} of `{function}` is a {}, expected a {}",
                        index + 1,
                        type_name(arg.ty),
                        type_name(*expected)
                    ),
                ));
            }
            typed.push(arg);
        }
        let boxed = |typed: &mut Vec<Expr>| Box::new(typed.remove(0));
        let kind = match function {
            "not" => ExprKind::Not(boxed(&mut typed)),
            "booleanEquals" => ExprKind::BoolEquals(boxed(&mut typed), boxed(&mut typed)),
            "stringEquals" => ExprKind::StrEquals(boxed(&mut typed), boxed(&mut typed)),
            "substring" => ExprKind::Call(Function::Substring, typed),
            "isValidHostLabel" => ExprKind::Call(Function::IsValidHostLabel, typed),
            "parseURL" => ExprKind::Call(Function::ParseUrl, typed),
            "uriEncode" => ExprKind::Call(Function::UriEncode, typed),
            "aws.partition" => ExprKind::Call(Function::Partition, typed),
            "aws.parseArn" => ExprKind::Call(Function::ParseArn, typed),
            _ => ExprKind::Call(Function::IsVirtualHostableS3Bucket, typed),
        };
        Ok(Expr { kind, ty: result, optional })
    }

    /// `getAttr(target, "a.b[1]")`: field names of partitions, ARNs and URLs, and
    /// indexes into string arrays.
    fn get_attr(&self, target: Expr, attr: &str, path: &str) -> Result<Expr, Diagnostic> {
        let mut steps = Vec::new();
        let mut ty = target.ty;
        let mut optional = target.optional;
        for segment in attr.split('.') {
            let (name, indexes) = segment.split_once('[').map_or((segment, ""), |(n, rest)| (n, rest));
            if !name.is_empty() {
                let (field, field_ty) = field_of(ty, name)
                    .ok_or_else(|| self.error(path, format!("a {} has no attribute `{name}`", type_name(ty))))?;
                steps.push(AttrStep::Field(field, field_ty));
                ty = field_ty;
            }
            if !indexes.is_empty() {
                for index in format!("[{indexes}").split('[').skip(1) {
                    let index = index
                        .strip_suffix(']')
                        .and_then(|n| n.parse::<usize>().ok())
                        .ok_or_else(|| self.error(path, format!("malformed index in `{attr}`")))?;
                    if ty != ValueType::StrArray {
                        return Err(self.error(path, format!("cannot index a {} in `{attr}`", type_name(ty))));
                    }
                    steps.push(AttrStep::Index(index));
                    ty = ValueType::Str;
                    optional = true;
                }
            }
        }
        if steps.is_empty() {
            return Err(self.error(path, format!("empty `getAttr` path `{attr}`")));
        }
        Ok(Expr { kind: ExprKind::GetAttr(Box::new(target), steps), ty, optional })
    }

    fn test(&self, case: &rules::TestCase) -> Result<EndpointTest, String> {
        let mut params = Vec::new();
        for (name, value) in &case.params {
            let param =
                self.params.iter().find(|p| &p.name == name).ok_or_else(|| format!("unknown parameter `{name}`"))?;
            let value = literal_of(param.ty, value).ok_or_else(|| format!("`{name}` = {value} has the wrong type"))?;
            params.push((param.field.clone(), value));
        }
        params.sort_by(|a, b| a.0.cmp(&b.0));
        let expect = match &case.expect {
            Expectation::Error(message) => Err(message.clone()),
            Expectation::Endpoint { url, headers, properties } => {
                let mut properties = properties
                    .iter()
                    .map(|(k, v)| {
                        Ok((k.clone(), any_literal(v).ok_or_else(|| format!("property `{k}` holds a null"))?))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                properties.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(ExpectedEndpoint { url: url.clone(), headers: headers.clone(), properties })
            }
        };
        Ok(EndpointTest { docs: case.documentation.clone(), params, expect })
    }
}

/// The Rust field and type of a named attribute.
fn field_of(ty: ValueType, name: &str) -> Option<(&'static str, ValueType)> {
    use ValueType::{Bool, Str, StrArray};
    Some(match (ty, name) {
        (ValueType::Partition, "name") => ("name", Str),
        (ValueType::Partition, "dnsSuffix") => ("dns_suffix", Str),
        (ValueType::Partition, "dualStackDnsSuffix") => ("dual_stack_dns_suffix", Str),
        (ValueType::Partition, "supportsFIPS") => ("supports_fips", Bool),
        (ValueType::Partition, "supportsDualStack") => ("supports_dual_stack", Bool),
        (ValueType::Partition, "implicitGlobalRegion") => ("implicit_global_region", Str),
        (ValueType::Arn, "partition") => ("partition", Str),
        (ValueType::Arn, "service") => ("service", Str),
        (ValueType::Arn, "region") => ("region", Str),
        (ValueType::Arn, "accountId") => ("account_id", Str),
        (ValueType::Arn, "resourceId") => ("resource_id", StrArray),
        (ValueType::Url, "scheme") => ("scheme", Str),
        (ValueType::Url, "authority") => ("authority", Str),
        (ValueType::Url, "path") => ("path", Str),
        (ValueType::Url, "normalizedPath") => ("normalized_path", Str),
        (ValueType::Url, "isIp") => ("is_ip", Bool),
        _ => return None,
    })
}

/// The endpoint parameters an operation sets from `staticContextParams` on the
/// operation and `contextParam` on input members (`operationContextParams`, which
/// need every type, are [`super::context_params::operation_context_bindings`]).
pub fn operation_bindings(
    operation: &crate::smithy::Shape,
    input: &crate::ir::Structure,
    input_shape: Option<&crate::smithy::Shape>,
    rules: &EndpointRules,
) -> Result<(Vec<EndpointBinding>, Vec<String>), Diagnostic> {
    let id = operation.id.as_str();
    let mut bindings = Vec::new();
    let warnings = Vec::new();
    let param = |name: &str, location: &str| {
        rules.params.iter().find(|p| p.name == name).ok_or_else(|| {
            Diagnostic::new(location, format!("binds `{name}`, which is not a parameter of the endpoint rule set"))
        })
    };
    for StaticContextParam { name, value } in operation.traits.static_context_params(id)? {
        let param = param(&name, id)?;
        let value = match (param.ty, value) {
            (ValueType::Bool, StaticValue::Bool(b)) => Literal::Bool(b),
            (ValueType::Str, StaticValue::Str(s)) => Literal::Str(s),
            (ValueType::StrArray, StaticValue::StrArray(items)) => Literal::StrArray(items),
            _ => {
                return Err(Diagnostic::new(
                    id,
                    format!("staticContextParams `{name}` has no value of type {}", type_name(param.ty)),
                ));
            }
        };
        bindings.push(EndpointBinding {
            field: param.field.clone(),
            ty: param.ty,
            source: BindingSource::Static(value),
        });
    }
    let member = |model_name: &str| input.members.iter().find(|m| m.model_name == model_name);
    let check_type = |param: &EndpointParam, member: &crate::ir::Member, location: &str| {
        let fits = matches!(
            (param.ty, &member.ty),
            (ValueType::Str, RustType::String) | (ValueType::Bool, RustType::Bool)
        ) || matches!((param.ty, &member.ty), (ValueType::StrArray, RustType::List { member, sparse: false }) if **member == RustType::String);
        if fits {
            Ok(())
        } else {
            Err(Diagnostic::new(
                location,
                format!(
                    "cannot bind endpoint parameter `{}` ({}) to this member's type",
                    param.name,
                    type_name(param.ty)
                ),
            ))
        }
    };
    for (name, smithy_member) in input_shape.map(|s| &s.members).into_iter().flatten() {
        let location = smithy_member.id.as_str();
        let Some(param_name) = smithy_member.traits.context_param(location)? else { continue };
        let param = param(&param_name, location)?;
        let Some(member) = member(name) else { continue };
        check_type(param, member, location)?;
        bindings.push(EndpointBinding {
            field: param.field.clone(),
            ty: param.ty,
            source: BindingSource::Member(member.field.clone()),
        });
    }
    bindings.sort_by(|a, b| a.field.cmp(&b.field));
    Ok((bindings, warnings))
}
