//! Lowering enums, integer enums and unions to [`crate::ir`] items: their variants,
//! the catch-all variant that keeps values a newer service sends, and their docs.

use super::facts::Facts;
use super::{Resolver, naming};
use crate::error::Diagnostic;
use crate::ir::{self, Docs};
use crate::smithy::{Shape, ShapeKind, UNIT};

impl<'m> Resolver<'m> {
    pub(super) fn build_enum(&mut self, shape: &'m Shape, name: String, facts: &Facts) -> ir::Enum {
        let mut variants = Vec::new();
        if shape.kind == ShapeKind::String {
            let values = self.check(shape.traits.legacy_enum(&shape.id)).flatten().unwrap_or_default();
            for (value, variant_name) in values {
                variants.push(ir::EnumVariant {
                    name: naming::type_name(variant_name.as_deref().unwrap_or(&value)),
                    value,
                    docs: Docs::default(),
                    deprecated: None,
                });
            }
        } else {
            for (member_name, member) in &shape.members {
                if member.target != UNIT {
                    self.diagnostics.push(Diagnostic::new(&member.id, "enum members must target smithy.api#Unit"));
                }
                let value =
                    self.check(member.traits.enum_value_string(&member.id)).flatten().unwrap_or(member_name).to_owned();
                variants.push(ir::EnumVariant {
                    name: naming::type_name(member_name),
                    value,
                    docs: self.member_docs(member, facts),
                    deprecated: self.check(member.traits.deprecated(&member.id)).flatten(),
                });
            }
        }
        if variants.is_empty() {
            self.diagnostics.push(Diagnostic::new(&shape.id, "enum has no values"));
        }
        self.check_unique(&shape.id, variants.iter().map(|v| v.name.as_str()), "variant");
        self.check_unique(&shape.id, variants.iter().map(|v| v.value.as_str()), "value");
        let unknown_variant = catch_all_name(variants.iter().map(|v| v.name.as_str()));
        ir::Enum {
            word: naming::snake_name(&name).word,
            shape_id: shape.id.clone(),
            name,
            variants,
            unknown_variant,
            docs: self.docs(&shape.traits, &shape.id, facts),
            deprecated: self.check(shape.traits.deprecated(&shape.id)).flatten(),
        }
    }

    pub(super) fn build_int_enum(&mut self, shape: &'m Shape, name: String, facts: &Facts) -> ir::IntEnum {
        let mut variants = Vec::new();
        for (member_name, member) in &shape.members {
            match self.check(member.traits.enum_value_int(&member.id)).flatten() {
                Some(value) => variants.push(ir::IntEnumVariant {
                    name: naming::type_name(member_name),
                    value: value as i32,
                    docs: self.member_docs(member, facts),
                }),
                None => {
                    self.diagnostics.push(Diagnostic::new(&member.id, "intEnum member without an integer @enumValue"))
                }
            }
        }
        if variants.is_empty() {
            self.diagnostics.push(Diagnostic::new(&shape.id, "intEnum has no values"));
        }
        self.check_unique(&shape.id, variants.iter().map(|v| v.name.as_str()), "variant");
        let values: Vec<String> = variants.iter().map(|v| v.value.to_string()).collect();
        self.check_unique(&shape.id, values.iter().map(String::as_str), "value");
        let unknown_variant = catch_all_name(variants.iter().map(|v| v.name.as_str()));
        ir::IntEnum {
            word: naming::snake_name(&name).word,
            shape_id: shape.id.clone(),
            name,
            variants,
            unknown_variant,
            docs: self.docs(&shape.traits, &shape.id, facts),
            deprecated: self.check(shape.traits.deprecated(&shape.id)).flatten(),
        }
    }

    pub(super) fn build_union(&mut self, shape: &'m Shape, name: String, facts: &Facts) -> ir::Union {
        let mut variants = Vec::new();
        for (member_name, member) in shape.ordered_members() {
            let ty = if member.target == UNIT {
                None
            } else {
                match self.rust_type(&member.target, &member.traits, &member.id, ir::Location::Body, &mut Vec::new()) {
                    Some(ty) => Some(ty),
                    None => continue,
                }
            };
            let (Some(wire_name), Some(xml)) = (self.wire_name(member, member_name), self.xml_layout(member)) else {
                continue;
            };
            variants.push(ir::UnionVariant {
                name: naming::type_name(member_name),
                model_name: member_name.to_owned(),
                word: naming::snake_name(member_name).word,
                wire_name,
                ty,
                xml,
                boxed: facts.boxed_edges.contains(&(shape.id.clone(), member.target.clone())),
                docs: self.member_docs(member, facts),
                deprecated: self.check(member.traits.deprecated(&member.id)).flatten(),
                sensitive: self.reaches_sensitive(member, 0),
            });
        }
        if variants.is_empty() {
            self.diagnostics.push(Diagnostic::new(&shape.id, "union has no members"));
        }
        self.check_unique(&shape.id, variants.iter().map(|v| v.name.as_str()), "variant");
        let unknown_variant = catch_all_name(variants.iter().map(|v| v.name.as_str()));
        let sensitive = shape.traits.sensitive() || variants.iter().any(|v| v.sensitive);
        ir::Union {
            word: naming::snake_name(&name).word,
            shape_id: shape.id.clone(),
            name,
            variants,
            unknown_variant,
            docs: self.docs(&shape.traits, &shape.id, facts),
            deprecated: self.check(shape.traits.deprecated(&shape.id)).flatten(),
            sensitive,
        }
    }
}

/// The catch-all variant name: `Unknown`, unless a real variant already has it.
fn catch_all_name<'a>(mut names: impl Iterator<Item = &'a str> + Clone) -> String {
    ["Unknown", "UnknownValue", "UnknownVariant", "Unrecognized"]
        .into_iter()
        .find(|candidate| !names.clone().any(|n| n == *candidate))
        .map_or_else(|| format!("Unknown{}", names.by_ref().count()), str::to_owned)
}
