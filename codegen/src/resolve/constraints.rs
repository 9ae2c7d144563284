//! `@length`, `@range` and `@pattern` for client-side validation: collected from a
//! member and its target (the member's own win), and from list elements and map
//! keys and values; and which structures need a validation pass at all.
//!
//! A `@pattern` the matcher cannot run (look-around, back-references) is skipped
//! with one warning per distinct expression: validation fails open, never the build.

use std::collections::BTreeSet;

use super::Resolver;
use crate::ir::constraints::{Bounds, Constraints};
use crate::ir::{self, RustType, TypeKind};
use crate::smithy::{Member, ShapeKind, Traits};

const LENGTH: &str = "smithy.api#length";
const RANGE: &str = "smithy.api#range";
const PATTERN: &str = "smithy.api#pattern";

impl Resolver<'_> {
    /// The constraints of a member's value.
    pub(super) fn constraints(&mut self, member: &Member) -> Constraints {
        self.constraints_of(&member.traits, &member.target, &member.id, 0)
    }

    fn constraints_of(&mut self, own: &Traits, target: &str, at: &str, depth: usize) -> Constraints {
        let shape = self.model.shape(target);
        let inherited = shape.map(|s| s.traits.clone()).unwrap_or_default();
        let pick = |id: &str| if own.has(id) { own.clone() } else { inherited.clone() };
        let mut constraints = Constraints::default();
        let bounds = |this: &mut Self, id: &str| {
            let traits = pick(id);
            this.check(traits.bounds(at, id)).flatten().map(|b| Bounds {
                min: b.min.as_ref().and_then(serde_json::Number::as_f64),
                max: b.max.as_ref().and_then(serde_json::Number::as_f64),
            })
        };
        let declares_own = [LENGTH, RANGE, PATTERN].iter().any(|id| own.has(id));
        constraints.inherited_from = (!declares_own).then(|| target.to_owned());
        constraints.length = bounds(self, LENGTH);
        constraints.range = bounds(self, RANGE);
        let pattern_traits = pick(PATTERN);
        if let Some(source) = self.check(pattern_traits.pattern(at)).flatten() {
            match super::regex::compile(source) {
                Ok(regex) => constraints.pattern = Some(regex),
                Err(reason) => {
                    constraints.unchecked_pattern = Some(source.to_owned());
                    self.skipped_patterns.entry((source.to_owned(), reason)).or_default().push(at.to_owned());
                }
            }
        }
        // Elements of collections; `depth` guards against recursive list shapes.
        if let Some(shape) = shape.filter(|_| depth < 8) {
            let nested = |this: &mut Self, name: &str| {
                shape.members.get(name).map(|m| this.constraints_of(&m.traits, &m.target, &m.id, depth + 1))
            };
            match shape.kind {
                ShapeKind::List => {
                    constraints.element = nested(self, "member").filter(Constraints::is_declared).map(Box::new)
                }
                ShapeKind::Map => {
                    constraints.key = nested(self, "key").filter(Constraints::is_declared).map(Box::new);
                    constraints.element = nested(self, "value").filter(Constraints::is_declared).map(Box::new);
                }
                _ => {}
            }
        }
        constraints
    }

    /// One warning per distinct `@pattern` that cannot be validated, naming its uses.
    pub(super) fn flush_pattern_warnings(&mut self) {
        for ((source, reason), mut uses) in std::mem::take(&mut self.skipped_patterns) {
            uses.sort();
            uses.dedup();
            let shown: Vec<String> = uses.iter().take(3).map(|u| format!("`{u}`")).collect();
            let more = if uses.len() > 3 { format!(" and {} more", uses.len() - 3) } else { String::new() };
            self.warnings.push(format!(
                "@pattern `{source}` is not validated on the client ({reason}); used by {}{more}",
                shown.join(", ")
            ));
        }
    }
}

/// Marks the structures (data types and operation inputs) that have something to
/// validate, directly or through members, elements and nested structures.
pub fn mark_validated(types: &mut [ir::TypeDef], operations: &mut [ir::Operation]) {
    let mut needed: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = needed.len();
        for ty in types.iter() {
            if let ir::TypeDef::Structure(s) = ty
                && !needed.contains(&s.name)
                && needs(s, &needed)
            {
                needed.insert(s.name.clone());
            }
        }
        if needed.len() == before {
            break;
        }
    }
    // Only values a caller sends are validated: a type that appears in outputs alone
    // gets no `Validate` impl, which nothing would call.
    let sent = sent_structures(types, operations);
    for ty in types.iter_mut() {
        if let ir::TypeDef::Structure(s) = ty {
            s.validated = needed.contains(&s.name) && sent.contains(&s.name);
        }
    }
    for operation in operations {
        operation.input.validated = needs(&operation.input, &needed);
    }
}

/// The structures reachable from some operation's input, through members, list
/// elements, map values and union variants.
fn sent_structures(types: &[ir::TypeDef], operations: &[ir::Operation]) -> BTreeSet<String> {
    fn named(ty: &RustType, out: &mut Vec<String>) {
        match ty {
            RustType::Named(path) => out.push(path.name.clone()),
            RustType::List { member, .. } => named(member, out),
            RustType::Map { value, .. } => named(value, out),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    for operation in operations {
        for member in &operation.input.members {
            named(&member.ty, &mut pending);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        for ty in types {
            match ty {
                ir::TypeDef::Structure(s) if s.name == name => {
                    s.members.iter().for_each(|m| named(&m.ty, &mut pending));
                }
                ir::TypeDef::Union(u) if u.name == name => {
                    u.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(|ty| named(ty, &mut pending));
                }
                _ => {}
            }
        }
    }
    seen
}

fn needs(structure: &ir::Structure, validated: &BTreeSet<String>) -> bool {
    structure.members.iter().any(|m| !m.constraints.is_empty() || contains_validated(&m.ty, validated))
}

/// Whether values of `ty` hold a structure that is validated.
pub fn contains_validated(ty: &RustType, validated: &BTreeSet<String>) -> bool {
    match ty {
        RustType::Named(path) => path.kind == TypeKind::Structure && validated.contains(&path.name),
        RustType::List { member, .. } => contains_validated(member, validated),
        RustType::Map { value, .. } => contains_validated(value, validated),
        _ => false,
    }
}
