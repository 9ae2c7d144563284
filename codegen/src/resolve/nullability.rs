//! Smithy 2.0 nullability in client mode: which members are `Option`s, which have
//! defaults (and their values), and which structures need a zero value so that a
//! missing required output member can be error-corrected.

use std::collections::{BTreeMap, BTreeSet};

use super::Resolver;
use crate::error::Diagnostic;
use crate::ir::{self, ModulePath, Presence, RustType, StructureRole, TypeKind};
use crate::smithy::{DefaultValue, Member, Shape, ShapeKind};

impl Resolver<'_> {
    /// Smithy 2.0 nullability in client mode.
    pub(super) fn presence(&mut self, member: &Member, ty: &RustType, role: &StructureRole) -> Option<Presence> {
        if *role == StructureRole::Input || member.traits.client_optional() {
            return Some(Presence::Optional);
        }
        let target = self.model.shape(&member.target);
        let default = member.traits.default_value().or_else(|| self.implicit_default(member, target));
        match default {
            Some(DefaultValue::Null) => Some(Presence::Optional),
            Some(value) => match default_expr(&value, ty) {
                Ok(expr) => Some(Presence::Defaulted(expr.unwrap_or(ir::DefaultExpr::Zero))),
                Err(message) => {
                    self.diagnostics.push(Diagnostic::new(&member.id, message));
                    None
                }
            },
            None if member.traits.required() => Some(Presence::Required),
            None => Some(Presence::Optional),
        }
    }

    /// Smithy 1.0 models: members targeting unboxed numbers and booleans default to zero.
    fn implicit_default(&self, member: &Member, target: Option<&Shape>) -> Option<DefaultValue> {
        if !self.model.version.starts_with('1') || member.traits.has("smithy.api#box") {
            return None;
        }
        let primitive_prelude = member.target.starts_with("smithy.api#Primitive");
        let unboxed_user_shape = target.is_some_and(|t| {
            !t.traits.has("smithy.api#box")
                && matches!(
                    t.kind,
                    ShapeKind::Boolean
                        | ShapeKind::Byte
                        | ShapeKind::Short
                        | ShapeKind::Integer
                        | ShapeKind::Long
                        | ShapeKind::Float
                        | ShapeKind::Double
                )
        });
        (primitive_prelude || unboxed_user_shape).then(|| match self.kind_of(&member.target) {
            Some(ShapeKind::Boolean) => DefaultValue::Bool(false),
            _ => DefaultValue::Number(0.into()),
        })
    }
}

/// Turns a `@default` into an expression, or `None` when it is the type's zero value.
fn default_expr(value: &DefaultValue, ty: &RustType) -> Result<Option<ir::DefaultExpr>, String> {
    use ir::DefaultExpr as E;
    let mismatch = || Err(format!("@default value {value:?} does not fit the member's type"));
    Ok(match (value, ty) {
        (DefaultValue::Bool(b), RustType::Bool) => (*b).then_some(E::Bool(true)),
        (DefaultValue::Number(n), RustType::Byte | RustType::Short | RustType::Integer | RustType::Long) => {
            let Some(v) = n.as_i64() else { return mismatch() };
            let fits = match ty {
                RustType::Byte => i8::try_from(v).is_ok(),
                RustType::Short => i16::try_from(v).is_ok(),
                RustType::Integer => i32::try_from(v).is_ok(),
                _ => true,
            };
            if !fits {
                return mismatch();
            }
            (v != 0).then_some(E::Integer(v))
        }
        (DefaultValue::Number(n), RustType::Float | RustType::Double) => {
            let Some(v) = n.as_f64() else { return mismatch() };
            (v != 0.0).then_some(E::Float(v))
        }
        (DefaultValue::Number(n), RustType::Timestamp(_)) => {
            let Some(v) = n.as_f64() else { return mismatch() };
            (v != 0.0).then_some(E::Timestamp(v))
        }
        (DefaultValue::Number(n), RustType::Named(p)) if p.kind == TypeKind::IntEnum => {
            let Some(v) = n.as_i64().filter(|v| i32::try_from(*v).is_ok()) else { return mismatch() };
            Some(E::IntEnum(v))
        }
        (DefaultValue::String(s), RustType::String) => (!s.is_empty()).then(|| E::String(s.clone())),
        (DefaultValue::String(s), RustType::Named(p)) if p.kind == TypeKind::Enum => Some(E::String(s.clone())),
        (DefaultValue::String(s), RustType::Blob) => {
            let bytes = aws_client_runtime::base64::decode(s)
                .map_err(|error| format!("@default blob `{s}` is not base64: {error}"))?;
            (!bytes.is_empty()).then_some(E::Blob(bytes))
        }
        // A stream starts empty; nothing else could be its default.
        (DefaultValue::String(s), RustType::ByteStream) if s.is_empty() => None,
        (DefaultValue::EmptyList, RustType::List { .. }) | (DefaultValue::EmptyMap, RustType::Map { .. }) => None,
        (value, RustType::Document) => {
            let json = match value {
                DefaultValue::Null => serde_json::Value::Null,
                DefaultValue::Bool(b) => (*b).into(),
                DefaultValue::Number(n) => n.clone().into(),
                DefaultValue::String(s) => s.clone().into(),
                DefaultValue::EmptyList => serde_json::Value::Array(Vec::new()),
                DefaultValue::EmptyMap => serde_json::Value::Object(Default::default()),
                DefaultValue::Document(v) => v.clone(),
            };
            (!json.is_null()).then(|| E::Document(json.to_string()))
        }
        _ => return mismatch(),
    })
}

fn needs_zero_value(presence: &Presence) -> bool {
    matches!(presence, Presence::Required | Presence::Defaulted(ir::DefaultExpr::Zero))
}

/// A named type by module and name, so a data type and an error of the same name stay apart.
type Key = (ModulePath, String);

/// Marks the named types that need a zero value: targets of non-optional members
/// without a non-zero default, transitively.
pub(super) fn mark_needs_zero(types: &mut [ir::TypeDef], errors: &mut [ir::Structure], operations: &[ir::Operation]) {
    fn zero_targets(structure: &ir::Structure) -> Vec<Key> {
        structure
            .members
            .iter()
            .filter(|m| needs_zero_value(&m.presence))
            .filter_map(|m| match &m.ty {
                RustType::Named(path) => Some((path.module.clone(), path.name.clone())),
                _ => None,
            })
            .collect()
    }
    let data = types.iter().filter_map(|t| match t {
        ir::TypeDef::Structure(s) => Some(((ModulePath::Types, s.name.clone()), s)),
        _ => None,
    });
    let errs = errors.iter().map(|s| ((ModulePath::Error, s.name.clone()), s));
    let targets_of: BTreeMap<Key, Vec<Key>> = data.chain(errs).map(|(key, s)| (key, zero_targets(s))).collect();
    // Operation inputs and outputs are never targets, but their members seed the search.
    let mut queue: Vec<Key> = targets_of
        .values()
        .flatten()
        .cloned()
        .chain(operations.iter().flat_map(|o| [&o.input, &o.output]).flat_map(zero_targets))
        .collect();
    let mut needed: BTreeSet<Key> = BTreeSet::new();
    while let Some(key) = queue.pop() {
        if needed.insert(key.clone()) {
            queue.extend(targets_of.get(&key).into_iter().flatten().cloned());
        }
    }
    for ty in types {
        if let ir::TypeDef::Structure(s) = ty {
            s.needs_zero = needed.contains(&(ModulePath::Types, s.name.clone()));
        }
    }
    for error in errors {
        error.needs_zero = needed.contains(&(ModulePath::Error, error.name.clone()));
    }
}
