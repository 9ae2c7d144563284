//! `smithy.waiters#waitable`: the waiters the reader decoded ([`crate::smithy::waiters`]),
//! their JMESPath paths typed against the operation's input and output. A path that
//! cannot be typed is an error naming the waiter; nothing is dropped silently.

use serde_json::Value;

use super::naming;
use crate::error::Diagnostic;
use crate::ir::waiter::{Acceptor, AcceptorState, Comparator, Matcher, Path, PathKind, StructRef, ValueKind, Waiter};
use crate::ir::{Docs, Operation, Presence, RustType, Structure, TypeDef, TypeKind};
use crate::smithy::jmespath::{self, Comparison, Expr};
use crate::smithy::waiters::{
    AcceptorDefinition, MatcherDefinition, PathComparator, PathMatcher, WaiterDefinition, WaiterState,
};

/// The waiters declared on the operation `id`, as the reader decoded them.
pub fn waiters(
    id: &str,
    definitions: &[WaiterDefinition],
    operation: &Operation,
    types: &[TypeDef],
    html_to_markdown: &dyn Fn(&str) -> String,
) -> Result<Vec<Waiter>, Diagnostic> {
    let typer = Typer { operation, types };
    definitions
        .iter()
        .map(|definition| {
            let location = format!("{id} waiter {}", definition.name);
            let acceptors = definition
                .acceptors
                .iter()
                .enumerate()
                .map(|(index, acceptor)| {
                    typer.acceptor(acceptor).map_err(|m| Diagnostic::new(&location, format!("acceptor {index}: {m}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let word = naming::snake_name(&definition.name).word;
            Ok(Waiter {
                method: format!("wait_until_{word}"),
                type_name: format!("{}Waiter", naming::type_name(&definition.name)),
                word,
                operation: operation.name.clone(),
                operation_module: operation.module.clone(),
                docs: Docs(html_to_markdown(definition.documentation.as_deref().unwrap_or_default())),
                deprecated: definition.deprecated,
                min_delay: definition.min_delay,
                max_delay: definition.max_delay,
                acceptors,
                source: definition.source.clone(),
                name: definition.name.clone(),
            })
        })
        .collect()
}

/// Types a JMESPath expression evaluated on the operation's input
/// (`operationContextParams`), with the same subset and checks as waiter paths.
pub fn input_path(text: &str, operation: &Operation, types: &[TypeDef]) -> Result<Path, String> {
    let expr = jmespath::parse(text)?;
    let root = single(PathKind::RootPart(StructRef::Input), ValueKind::Struct(StructRef::Input));
    Typer { operation, types }.expr(&expr, &root)
}

struct Typer<'a> {
    operation: &'a Operation,
    types: &'a [TypeDef],
}

fn single(kind: PathKind, ty: ValueKind) -> Path {
    Path { kind, ty, many: false }
}

impl Typer<'_> {
    fn acceptor(&self, acceptor: &AcceptorDefinition) -> Result<Acceptor, String> {
        let state = match acceptor.state {
            WaiterState::Success => AcceptorState::Success,
            WaiterState::Failure => AcceptorState::Failure,
            WaiterState::Retry => AcceptorState::Retry,
        };
        let matcher = match &acceptor.matcher {
            MatcherDefinition::Success(success) => Matcher::Success(*success),
            // An error named by shape id matches by the shape's name, which is its code.
            MatcherDefinition::ErrorType(code) => {
                Matcher::ErrorType(code.rsplit('#').next().unwrap_or(code).to_owned())
            }
            MatcherDefinition::Output(matcher) => self.path_matcher(matcher, false)?,
            MatcherDefinition::InputOutput(matcher) => self.path_matcher(matcher, true)?,
        };
        Ok(Acceptor { state, matcher })
    }

    fn path_matcher(&self, matcher: &PathMatcher, input_output: bool) -> Result<Matcher, String> {
        let comparator = match matcher.comparator {
            PathComparator::StringEquals => Comparator::StringEquals,
            PathComparator::BooleanEquals => Comparator::BooleanEquals,
            PathComparator::AllStringEquals => Comparator::AllStringEquals,
            PathComparator::AnyStringEquals => Comparator::AnyStringEquals,
        };
        let text = &matcher.text;
        let root_ty = if input_output { ValueKind::InputOutput } else { ValueKind::Struct(StructRef::Output) };
        let root = single(PathKind::Root, root_ty);
        let path = self.expr(&matcher.path, &root).map_err(|m| format!("path `{text}`: {m}"))?;
        check_comparator(&path, comparator, &matcher.expected).map_err(|m| format!("path `{text}`: {m}"))?;
        Ok(Matcher::Path { path, comparator, expected: matcher.expected.clone(), input_output })
    }

    fn structure(&self, reference: &StructRef) -> Option<&Structure> {
        match reference {
            StructRef::Input => Some(&self.operation.input),
            StructRef::Output => Some(&self.operation.output),
            StructRef::Named(name) => self.types.iter().find_map(|ty| match ty {
                TypeDef::Structure(s) if &s.name == name => Some(s),
                _ => None,
            }),
        }
    }

    /// Types `expr` evaluated on `current`.
    fn expr(&self, expr: &Expr, current: &Path) -> Result<Path, String> {
        let boxed = |path: Path| Box::new(path);
        let boolean = |kind| single(kind, ValueKind::Bool);
        Ok(match expr {
            Expr::Current => current.clone(),
            Expr::Field(name) => self.field(current, name)?,
            Expr::Sub(left, right) => {
                let left = self.expr(left, current)?;
                if left.many {
                    return Err("a field of a projection must follow `[*]` or `[]`".to_owned());
                }
                self.expr(right, &left)?
            }
            Expr::Index(base, index) => {
                let base = self.expr(base, current)?;
                let element = list_element(&base)?;
                single(PathKind::Index(boxed(base), *index), element)
            }
            Expr::Project(base, rest) | Expr::Flatten(base, rest) => {
                let flatten = matches!(expr, Expr::Flatten(..));
                let base = self.expr(base, current)?;
                if base.many && !flatten {
                    return Err("projections of projections are not supported (use `[]` to flatten)".to_owned());
                }
                let element = list_element(&base)?;
                let rest_is_flatten = matches!(**rest, Expr::Flatten(..));
                let rest = self.expr(rest, &single(PathKind::Current, element))?;
                if rest.many && !rest_is_flatten {
                    // `a[*].b[*]` would nest lists; `a[*].b[]` flattens them.
                    return Err("projections of projections are not supported (use `[]` to flatten)".to_owned());
                }
                let ty = rest.ty.clone();
                Path {
                    kind: PathKind::Project { base: boxed(base), condition: None, rest: boxed(rest) },
                    ty,
                    many: true,
                }
            }
            Expr::Filter(base, condition, rest) => {
                let base = self.expr(base, current)?;
                if base.many {
                    return Err("filters of projections are not supported".to_owned());
                }
                let element = single(PathKind::Current, list_element(&base)?);
                let condition = self.expr(condition, &element)?;
                let rest = self.expr(rest, &element)?;
                if rest.many {
                    return Err("projections after a filter are not supported".to_owned());
                }
                let ty = rest.ty.clone();
                let kind =
                    PathKind::Project { base: boxed(base), condition: Some(boxed(condition)), rest: boxed(rest) };
                Path { kind, ty, many: true }
            }
            Expr::Call(function, args) => {
                let args = args.iter().map(|a| self.expr(a, current)).collect::<Result<Vec<_>, _>>()?;
                match (function.as_str(), args.as_slice()) {
                    ("length", [subject]) => {
                        if !subject.many
                            && !matches!(subject.ty, ValueKind::Str | ValueKind::List { .. } | ValueKind::Map)
                        {
                            return Err("`length` takes a string, a list, a map or a projection".to_owned());
                        }
                        single(PathKind::Length(boxed(subject.clone())), ValueKind::Num)
                    }
                    ("contains", [subject, search]) => {
                        let searchable = subject.many
                            || matches!(subject.ty, ValueKind::Str)
                            || matches!(&subject.ty, ValueKind::List { element, .. } if scalar_kind(element).is_some());
                        if !searchable || search.many {
                            return Err(
                                "`contains` takes a string, a list of scalars or a projection, and a value".to_owned()
                            );
                        }
                        boolean(PathKind::Contains(boxed(subject.clone()), boxed(search.clone())))
                    }
                    ("keys", [map]) if !map.many && map.ty == ValueKind::Map => {
                        Path { kind: PathKind::Keys(boxed(map.clone())), ty: ValueKind::Str, many: true }
                    }
                    _ => return Err(format!("function `{function}` with {} argument(s) is not supported", args.len())),
                }
            }
            Expr::Compare(op, left, right) => {
                let (left, right) = (self.expr(left, current)?, self.expr(right, current)?);
                if left.many || right.many {
                    return Err("comparisons of projections are not supported".to_owned());
                }
                let comparable = match (&left.ty, &right.ty) {
                    (a, b) if a == b => matches!(a, ValueKind::Str | ValueKind::Bool | ValueKind::Num),
                    (ValueKind::Null, b) | (b, ValueKind::Null) => {
                        matches!(b, ValueKind::Str | ValueKind::Bool | ValueKind::Num)
                    }
                    _ => false,
                };
                let ordered = matches!(op, Comparison::Eq | Comparison::Ne)
                    || left.ty == ValueKind::Num && right.ty == ValueKind::Num;
                if !comparable || !ordered {
                    return Err(format!("cannot compare a {:?} with a {:?} by {op:?}", left.ty, right.ty));
                }
                boolean(PathKind::Compare(*op, boxed(left), boxed(right)))
            }
            Expr::And(a, b) => boolean(PathKind::And(boxed(self.expr(a, current)?), boxed(self.expr(b, current)?))),
            Expr::Or(a, b) => boolean(PathKind::Or(boxed(self.expr(a, current)?), boxed(self.expr(b, current)?))),
            Expr::Not(a) => boolean(PathKind::Not(boxed(self.expr(a, current)?))),
            Expr::Literal(value) => match value {
                Value::String(s) => single(PathKind::Str(s.clone()), ValueKind::Str),
                Value::Bool(b) => boolean(PathKind::Bool(*b)),
                Value::Number(n) => single(PathKind::Num(n.as_f64().unwrap_or_default()), ValueKind::Num),
                Value::Null => single(PathKind::Null, ValueKind::Null),
                _ => return Err("list and object literals are not supported".to_owned()),
            },
        })
    }

    fn field(&self, base: &Path, name: &str) -> Result<Path, String> {
        if base.many {
            return Err(format!("`{name}` of a projection must follow `[*]` or `[]`"));
        }
        if base.ty == ValueKind::InputOutput {
            let part = match name {
                "input" => StructRef::Input,
                "output" => StructRef::Output,
                _ => return Err(format!("an inputOutput path starts with `input` or `output`, not `{name}`")),
            };
            return Ok(single(PathKind::RootPart(part.clone()), ValueKind::Struct(part)));
        }
        let ValueKind::Struct(reference) = &base.ty else {
            return Err(format!("`{name}` is a field of something that is not a structure"));
        };
        let structure = self.structure(reference).ok_or_else(|| format!("unknown structure {reference:?}"))?;
        let member = structure
            .members
            .iter()
            .find(|m| m.model_name == name)
            .ok_or_else(|| format!("`{}` has no member `{name}`", structure.name))?;
        let ty = value_kind(&member.ty).ok_or_else(|| format!("member `{name}` has a type paths cannot read"))?;
        Ok(single(
            PathKind::Field {
                base: Box::new(base.clone()),
                field: member.field.clone(),
                optional: member.presence == Presence::Optional,
                boxed: member.boxed,
                stored: member.ty.clone(),
            },
            ty,
        ))
    }
}

/// The element kind of a list path.
fn list_element(base: &Path) -> Result<ValueKind, String> {
    match &base.ty {
        ValueKind::List { element, .. } => {
            value_kind(element).ok_or_else(|| "the list's elements cannot be read".to_owned())
        }
        _ => Err("`[...]` applies to lists only".to_owned()),
    }
}

/// How a stored type reads in a path.
pub fn value_kind(ty: &RustType) -> Option<ValueKind> {
    Some(match ty {
        RustType::List { member, sparse } => ValueKind::List { element: (**member).clone(), sparse: *sparse },
        RustType::Map { .. } => ValueKind::Map,
        RustType::Named(path) => match path.kind {
            TypeKind::Structure | TypeKind::Union => ValueKind::Struct(StructRef::Named(path.name.clone())),
            TypeKind::Enum => ValueKind::Str,
            TypeKind::IntEnum => return None,
        },
        other => scalar_kind(other)?,
    })
}

/// Strings, booleans and numbers.
fn scalar_kind(ty: &RustType) -> Option<ValueKind> {
    Some(match ty {
        RustType::String => ValueKind::Str,
        RustType::Named(path) if path.kind == TypeKind::Enum => ValueKind::Str,
        RustType::Bool => ValueKind::Bool,
        RustType::Byte | RustType::Short | RustType::Integer | RustType::Long | RustType::Float | RustType::Double => {
            ValueKind::Num
        }
        _ => return None,
    })
}

fn check_comparator(path: &Path, comparator: Comparator, expected: &str) -> Result<(), String> {
    let strings = path.ty == ValueKind::Str
        || matches!(&path.ty, ValueKind::List { element, .. } if scalar_kind(element) == Some(ValueKind::Str));
    match comparator {
        Comparator::StringEquals if !path.many && path.ty == ValueKind::Str => Ok(()),
        Comparator::BooleanEquals if !path.many && path.ty == ValueKind::Bool => {
            if expected == "true" || expected == "false" {
                Ok(())
            } else {
                Err(format!("booleanEquals expects `true` or `false`, not `{expected}`"))
            }
        }
        Comparator::AllStringEquals | Comparator::AnyStringEquals
            if strings && (path.many || path.ty != ValueKind::Str) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "{comparator:?} does not apply to a {}{:?}",
            if path.many { "projection of " } else { "" },
            path.ty
        )),
    }
}
