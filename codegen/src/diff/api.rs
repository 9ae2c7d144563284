//! The comparison of the resolved forms: operations, types, members, enum values, union
//! variants, operation errors, the endpoint rule set.
//!
//! Classification, for code written against the crates generated from the old revision:
//! - anything removed or retyped, a field switching between `Option<T>` and `T`, a
//!   builder's `build()` becoming fallible, a new member that requests must carry, or an
//!   enum value losing its variant is **breaking**;
//! - a new modeled error of an operation (responses that came back as `Unhandled` now
//!   arrive typed), a changed default, wire name, retryability or endpoint rule is
//!   **behavioural**;
//! - new operations, types, optional members, enum values (structures and enums are
//!   `#[non_exhaustive]`, enums keep unknown values as `Unknown(String)`) are
//!   **non-breaking**.
//!
//! "Input side" means reachable from an operation's input, "output side" from an output
//! or an error; a data structure may be both.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Impact, Kind, Report};
use crate::ir::endpoint::EndpointRules;
use crate::ir::{
    Docs, Enum, IntEnum, Member, ModulePath, Operation, Presence, RustType, Service, Structure, StructureRole, TypeDef,
    Union,
};

/// Which way a structure travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Sides {
    /// Reachable from an operation input.
    pub input: bool,
    /// Reachable from an operation output or an error.
    pub output: bool,
}

impl Sides {
    fn union(self, other: Sides) -> Sides {
        Sides { input: self.input || other.input, output: self.output || other.output }
    }

    /// The sides in words.
    pub(super) fn words(self) -> &'static str {
        match (self.input, self.output) {
            (true, true) => "input and output sides",
            (true, false) => "input side",
            _ => "output side",
        }
    }
}

/// A structure member present in both revisions, for the comparison of constraints.
#[derive(Debug, Clone)]
pub(super) struct MemberPair {
    /// The member as a Rust path.
    pub subject: String,
    /// The member in the old revision.
    pub old: Member,
    /// The member in the new revision.
    pub new: Member,
    /// Where the structure travels (both revisions together).
    pub sides: Sides,
}

struct Ctx<'a> {
    report: &'a mut Report,
    old_sides: BTreeMap<String, Sides>,
    new_sides: BTreeMap<String, Sides>,
    pairs: Vec<MemberPair>,
}

/// Compares the resolved forms, adding to `report`; returns the members present in both.
pub(super) fn compare(old: &Service, new: &Service, report: &mut Report) -> Vec<MemberPair> {
    let mut ctx = Ctx { report, old_sides: sides(old), new_sides: sides(new), pairs: Vec::new() };
    ctx.docs(&old.docs, &new.docs, "crate");
    operations(&mut ctx, old, new);
    types(&mut ctx, old, new);
    errors(&mut ctx, old, new);
    endpoint(&mut ctx, &old.endpoint, &new.endpoint);
    ctx.pairs
}

impl Ctx<'_> {
    fn push(&mut self, impact: Impact, kind: Kind, subject: impl Into<String>, detail: impl Into<String>) {
        self.report.changes.push(Change {
            impact,
            kind,
            subject: subject.into(),
            detail: detail.into(),
            affected: Vec::new(),
        });
    }

    fn docs(&mut self, old: &Docs, new: &Docs, subject: &str) {
        if old != new {
            self.report.docs_changed.push(subject.to_owned());
        }
    }

    fn deprecated(&mut self, old: &Option<String>, new: &Option<String>, subject: &str) {
        match (old, new) {
            (None, Some(message)) => {
                self.push(Impact::NonBreaking, Kind::Deprecation, subject, format!("now deprecated: {message}"))
            }
            (Some(_), None) => self.push(Impact::NonBreaking, Kind::Deprecation, subject, "no longer deprecated"),
            (Some(a), Some(b)) if a != b => self.report.docs_changed.push(subject.to_owned()),
            _ => {}
        }
    }

    fn type_sides(&self, name: &str) -> Sides {
        let get = |map: &BTreeMap<String, Sides>| map.get(name).copied().unwrap_or_default();
        get(&self.old_sides).union(get(&self.new_sides))
    }
}

/// Where each named type of `types` travels.
fn sides(service: &Service) -> BTreeMap<String, Sides> {
    let types: BTreeMap<&str, &TypeDef> = service.types.iter().map(|t| (t.name(), t)).collect();
    let mut sides = BTreeMap::new();
    for operation in &service.operations {
        for member in &operation.input.members {
            walk(&member.ty, &types, &mut sides, true);
        }
        for member in &operation.output.members {
            walk(&member.ty, &types, &mut sides, false);
        }
    }
    for error in &service.errors {
        for member in &error.members {
            walk(&member.ty, &types, &mut sides, false);
        }
    }
    sides
}

fn walk(ty: &RustType, types: &BTreeMap<&str, &TypeDef>, sides: &mut BTreeMap<String, Sides>, input: bool) {
    match ty {
        RustType::List { member, .. } => walk(member, types, sides, input),
        RustType::Map { key, value, .. } => {
            walk(key, types, sides, input);
            walk(value, types, sides, input);
        }
        RustType::Named(path) if path.module == ModulePath::Types => {
            let entry: &mut Sides = sides.entry(path.name.clone()).or_default();
            let seen = if input { &mut entry.input } else { &mut entry.output };
            if *seen {
                return;
            }
            *seen = true;
            match types.get(path.name.as_str()) {
                Some(TypeDef::Structure(structure)) => {
                    for member in &structure.members {
                        walk(&member.ty, types, sides, input);
                    }
                }
                Some(TypeDef::Union(union)) => {
                    for ty in union.variants.iter().filter_map(|v| v.ty.as_ref()) {
                        walk(ty, types, sides, input);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn operations(ctx: &mut Ctx<'_>, old: &Service, new: &Service) {
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    for (name, op) in &new_ops {
        if !old_ops.contains_key(name) {
            let detail = format!(
                "new operation `{name}`: `operation::{}::{{{}, {}, {name}Error}}`",
                op.module, op.input.name, op.output.name
            );
            ctx.push(Impact::NonBreaking, Kind::OperationAdded, format!("Client::{}", op.module), detail);
        }
    }
    for (name, op) in &old_ops {
        let Some(new_op) = new_ops.get(name) else {
            let detail = format!("operation `{name}` removed with `operation::{}`", op.module);
            ctx.push(Impact::Breaking, Kind::OperationRemoved, format!("Client::{}", op.module), detail);
            continue;
        };
        let module = format!("operation::{}", new_op.module);
        let client = format!("Client::{}", new_op.module);
        ctx.docs(&op.docs, &new_op.docs, &client);
        ctx.deprecated(&op.deprecated, &new_op.deprecated, &client);
        let input = Sides { input: true, output: false };
        let output = Sides { input: false, output: true };
        structure(ctx, &format!("{module}::{}", new_op.input.name), &op.input, &new_op.input, input);
        structure(ctx, &format!("{module}::{}", new_op.output.name), &op.output, &new_op.output, output);
        let error_enum = format!("{module}::{name}Error");
        let old_errors: BTreeSet<&str> = op.errors.iter().map(|e| e.name.as_str()).collect();
        let new_errors: BTreeSet<&str> = new_op.errors.iter().map(|e| e.name.as_str()).collect();
        for added in new_errors.difference(&old_errors) {
            let detail =
                format!("new variant `{added}`: responses with this code came back as the unhandled variant before");
            ctx.push(Impact::Behavioural, Kind::OperationErrorAdded, &error_enum, detail);
        }
        for removed in old_errors.difference(&new_errors) {
            let detail = format!("variant `{removed}` removed");
            ctx.push(Impact::Breaking, Kind::OperationErrorRemoved, &error_enum, detail);
        }
        if op.host_prefix != new_op.host_prefix || op.endpoint_bindings != new_op.endpoint_bindings {
            let detail = format!(
                "host prefix {:?} → {:?}; endpoint bindings {:?} → {:?}",
                op.host_prefix, new_op.host_prefix, op.endpoint_bindings, new_op.endpoint_bindings
            );
            ctx.push(Impact::Behavioural, Kind::OperationEndpoint, &client, detail);
        }
    }
}

fn types(ctx: &mut Ctx<'_>, old: &Service, new: &Service) {
    let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|t| (t.name(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> = new.types.iter().map(|t| (t.name(), t)).collect();
    for (name, ty) in &new_types {
        if !old_types.contains_key(name) {
            let detail = format!("new {} from `{}`", kind_word(ty), shape_id(ty));
            ctx.push(Impact::NonBreaking, Kind::TypeAdded, format!("types::{name}"), detail);
        }
    }
    for (name, old_ty) in &old_types {
        let subject = format!("types::{name}");
        let Some(new_ty) = new_types.get(name) else {
            let detail = format!("{} from `{}` removed", kind_word(old_ty), shape_id(old_ty));
            ctx.push(Impact::Breaking, Kind::TypeRemoved, subject, detail);
            continue;
        };
        match (old_ty, new_ty) {
            (TypeDef::Structure(a), TypeDef::Structure(b)) => structure(ctx, &subject, a, b, ctx.type_sides(name)),
            (TypeDef::Enum(a), TypeDef::Enum(b)) => string_enum(ctx, &subject, a, b),
            (TypeDef::IntEnum(a), TypeDef::IntEnum(b)) => int_enum(ctx, &subject, a, b),
            (TypeDef::Union(a), TypeDef::Union(b)) => union(ctx, &subject, a, b),
            (a, b) => {
                let detail = format!("{} → {}", kind_word(a), kind_word(b));
                ctx.push(Impact::Breaking, Kind::TypeKindChanged, subject, detail);
            }
        }
    }
}

fn errors(ctx: &mut Ctx<'_>, old: &Service, new: &Service) {
    let old_errors: BTreeMap<&str, &Structure> = old.errors.iter().map(|e| (e.name.as_str(), e)).collect();
    let new_errors: BTreeMap<&str, &Structure> = new.errors.iter().map(|e| (e.name.as_str(), e)).collect();
    for (name, error) in &new_errors {
        if !old_errors.contains_key(name) {
            let detail = format!("new error from `{}`", error.shape_id);
            ctx.push(Impact::NonBreaking, Kind::TypeAdded, format!("error::{name}"), detail);
        }
    }
    for (name, error) in &old_errors {
        let subject = format!("error::{name}");
        match new_errors.get(name) {
            Some(new_error) => structure(ctx, &subject, error, new_error, Sides { input: false, output: true }),
            None => {
                let detail = format!("error from `{}` removed", error.shape_id);
                ctx.push(Impact::Breaking, Kind::TypeRemoved, subject, detail);
            }
        }
    }
}

fn structure(ctx: &mut Ctx<'_>, subject: &str, old: &Structure, new: &Structure, sides: Sides) {
    ctx.docs(&old.docs, &new.docs, subject);
    ctx.deprecated(&old.deprecated, &new.deprecated, subject);
    if let (StructureRole::Error(a), StructureRole::Error(b)) = (&old.role, &new.role)
        && (a.fault != b.fault || a.http_status != b.http_status || a.retryable != b.retryable)
    {
        let detail = format!(
            "fault {:?} → {:?}, HTTP status {:?} → {:?}, retryable {:?} → {:?}",
            a.fault, b.fault, a.http_status, b.http_status, a.retryable, b.retryable
        );
        ctx.push(Impact::Behavioural, Kind::ErrorTraits, subject, detail);
    }
    let old_members: BTreeMap<&str, &Member> = old.members.iter().map(|m| (m.model_name.as_str(), m)).collect();
    let new_members: BTreeMap<&str, &Member> = new.members.iter().map(|m| (m.model_name.as_str(), m)).collect();
    for (name, member) in &new_members {
        if old_members.contains_key(name) {
            continue;
        }
        let must_send = sides.input && (member.required || member.presence == Presence::Required);
        let (impact, note) = if must_send {
            (Impact::Breaking, ", required: requests built without it now fail")
        } else {
            (Impact::NonBreaking, "")
        };
        let detail = format!("`{}: {}` on the {}{note}", member.field, field_type(member), sides.words());
        ctx.push(impact, Kind::MemberAdded, format!("{subject}::{}", member.field), detail);
    }
    for (name, member) in &old_members {
        match new_members.get(name) {
            Some(new_member) => {
                ctx.pairs.push(MemberPair {
                    subject: format!("{subject}::{}", new_member.field),
                    old: (*member).clone(),
                    new: (*new_member).clone(),
                    sides,
                });
                member_change(ctx, subject, member, new_member, sides);
            }
            None => {
                let detail = format!("`{}: {}` removed from the {}", member.field, field_type(member), sides.words());
                ctx.push(Impact::Breaking, Kind::MemberRemoved, format!("{subject}::{}", member.field), detail);
            }
        }
    }
    let fallible = Structure::builder_is_fallible;
    match (fallible(old), fallible(new)) {
        (false, true) => {
            let detail = "the builder's `build()` now returns a `Result` (a member became required)";
            ctx.push(Impact::Breaking, Kind::BuilderFallibility, subject, detail);
        }
        (true, false) => {
            let detail = "the builder's `build()` no longer returns a `Result` (no member is required now)";
            ctx.push(Impact::Breaking, Kind::BuilderFallibility, subject, detail);
        }
        _ => {}
    }
}

fn member_change(ctx: &mut Ctx<'_>, parent: &str, old: &Member, new: &Member, sides: Sides) {
    let subject = format!("{parent}::{}", new.field);
    ctx.docs(&old.docs, &new.docs, &subject);
    ctx.deprecated(&old.deprecated, &new.deprecated, &subject);
    if old.ty != new.ty || old.field != new.field {
        let (before, after) = (type_text(&old.ty), type_text(&new.ty));
        if before != after || old.field != new.field {
            let detail = format!("`{}: {before}` → `{}: {after}`", old.field, new.field);
            ctx.push(Impact::Breaking, Kind::MemberRetyped, &subject, detail);
        } else {
            let detail = format!("same Rust type `{after}`, other wire encoding: {:?} → {:?}", old.ty, new.ty);
            ctx.push(Impact::Behavioural, Kind::MemberRetyped, &subject, detail);
        }
    }
    let optional = |m: &Member| m.presence == Presence::Optional;
    if optional(old) != optional(new) {
        let detail = format!("field `{}` → `{}` on the {}", field_type(old), field_type(new), sides.words());
        ctx.push(Impact::Breaking, Kind::MemberOptionality, &subject, detail);
    } else if old.presence != new.presence {
        let detail = format!(
            "{} → {} on the {}: values not set or not received now read as the new one",
            presence_text(&old.presence),
            presence_text(&new.presence),
            sides.words()
        );
        ctx.push(Impact::Behavioural, Kind::MemberDefault, &subject, detail);
    }
    if old.required != new.required && optional(old) == optional(new) {
        let (impact, detail) = match (new.required, sides.input) {
            (true, true) => {
                (Impact::Breaking, format!("now `@required` on the {}: requests without it fail", sides.words()))
            }
            (true, false) => (Impact::NonBreaking, format!("now `@required` on the {}", sides.words())),
            (false, _) => (Impact::NonBreaking, format!("no longer `@required` on the {}", sides.words())),
        };
        ctx.push(impact, Kind::MemberRequired, &subject, detail);
    }
    if old.wire_name != new.wire_name || old.idempotency_token != new.idempotency_token {
        let detail = format!(
            "wire name `{}` → `{}`, idempotency token {} → {}",
            old.wire_name, new.wire_name, old.idempotency_token, new.idempotency_token
        );
        ctx.push(Impact::Behavioural, Kind::MemberWire, &subject, detail);
    }
    if old.sensitive != new.sensitive {
        let detail = format!("sensitive {} → {} (what `Debug` prints)", old.sensitive, new.sensitive);
        ctx.push(Impact::NonBreaking, Kind::MemberWire, &subject, detail);
    }
}

fn string_enum(ctx: &mut Ctx<'_>, subject: &str, old: &Enum, new: &Enum) {
    ctx.docs(&old.docs, &new.docs, subject);
    ctx.deprecated(&old.deprecated, &new.deprecated, subject);
    let old_values: BTreeMap<&str, _> = old.variants.iter().map(|v| (v.value.as_str(), v)).collect();
    let new_values: BTreeMap<&str, _> = new.variants.iter().map(|v| (v.value.as_str(), v)).collect();
    for (value, variant) in &new_values {
        if !old_values.contains_key(value) {
            let detail =
                format!("`{value}`: crates generated before read it as `{}(\"{value}\")`", old.unknown_variant);
            ctx.push(Impact::NonBreaking, Kind::EnumValueAdded, format!("{subject}::{}", variant.name), detail);
        }
    }
    for (value, variant) in &old_values {
        let variant_subject = format!("{subject}::{}", variant.name);
        let Some(new_variant) = new_values.get(value) else {
            let detail = format!("`{value}` removed; the value would now read as `{}`", new.unknown_variant);
            ctx.push(Impact::Breaking, Kind::EnumValueRemoved, variant_subject, detail);
            continue;
        };
        if variant.name != new_variant.name {
            let detail = format!("`{value}`: variant `{}` → `{}`", variant.name, new_variant.name);
            ctx.push(Impact::Breaking, Kind::EnumVariantRenamed, &variant_subject, detail);
        }
        ctx.docs(&variant.docs, &new_variant.docs, &variant_subject);
        ctx.deprecated(&variant.deprecated, &new_variant.deprecated, &variant_subject);
    }
    if old.unknown_variant != new.unknown_variant {
        let detail = format!("catch-all variant `{}` → `{}`", old.unknown_variant, new.unknown_variant);
        ctx.push(Impact::Breaking, Kind::EnumVariantRenamed, subject, detail);
    }
}

fn int_enum(ctx: &mut Ctx<'_>, subject: &str, old: &IntEnum, new: &IntEnum) {
    ctx.docs(&old.docs, &new.docs, subject);
    ctx.deprecated(&old.deprecated, &new.deprecated, subject);
    let old_values: BTreeMap<i32, _> = old.variants.iter().map(|v| (v.value, v)).collect();
    let new_values: BTreeMap<i32, _> = new.variants.iter().map(|v| (v.value, v)).collect();
    for (value, variant) in &new_values {
        if !old_values.contains_key(value) {
            let detail = format!("`{value}`: crates generated before read it as `{}({value})`", old.unknown_variant);
            ctx.push(Impact::NonBreaking, Kind::EnumValueAdded, format!("{subject}::{}", variant.name), detail);
        }
    }
    for (value, variant) in &old_values {
        let variant_subject = format!("{subject}::{}", variant.name);
        match new_values.get(value) {
            None => {
                let detail = format!("`{value}` removed; the value would now read as `{}`", new.unknown_variant);
                ctx.push(Impact::Breaking, Kind::EnumValueRemoved, variant_subject, detail);
            }
            Some(new_variant) => {
                if variant.name != new_variant.name {
                    let detail = format!("`{value}`: variant `{}` → `{}`", variant.name, new_variant.name);
                    ctx.push(Impact::Breaking, Kind::EnumVariantRenamed, &variant_subject, detail);
                }
                ctx.docs(&variant.docs, &new_variant.docs, &variant_subject);
            }
        }
    }
}

fn union(ctx: &mut Ctx<'_>, subject: &str, old: &Union, new: &Union) {
    ctx.docs(&old.docs, &new.docs, subject);
    ctx.deprecated(&old.deprecated, &new.deprecated, subject);
    let old_variants: BTreeMap<&str, _> = old.variants.iter().map(|v| (v.wire_name.as_str(), v)).collect();
    let new_variants: BTreeMap<&str, _> = new.variants.iter().map(|v| (v.wire_name.as_str(), v)).collect();
    let text = |ty: &Option<RustType>| ty.as_ref().map_or_else(|| "()".to_owned(), type_text);
    for (wire, variant) in &new_variants {
        if !old_variants.contains_key(wire) {
            let detail = format!(
                "`{}({})`: crates generated before read it as `{}`",
                variant.name,
                text(&variant.ty),
                old.unknown_variant
            );
            ctx.push(Impact::NonBreaking, Kind::UnionVariantAdded, format!("{subject}::{}", variant.name), detail);
        }
    }
    for (wire, variant) in &old_variants {
        let variant_subject = format!("{subject}::{}", variant.name);
        let Some(new_variant) = new_variants.get(wire) else {
            let detail = format!("`{}({})` removed", variant.name, text(&variant.ty));
            ctx.push(Impact::Breaking, Kind::UnionVariantRemoved, variant_subject, detail);
            continue;
        };
        if variant.ty != new_variant.ty || variant.name != new_variant.name {
            let detail = format!(
                "`{}({})` → `{}({})`",
                variant.name,
                text(&variant.ty),
                new_variant.name,
                text(&new_variant.ty)
            );
            ctx.push(Impact::Breaking, Kind::UnionVariantRetyped, &variant_subject, detail);
        }
        ctx.docs(&variant.docs, &new_variant.docs, &variant_subject);
        ctx.deprecated(&variant.deprecated, &new_variant.deprecated, &variant_subject);
    }
}

fn endpoint(ctx: &mut Ctx<'_>, old: &EndpointRules, new: &EndpointRules) {
    if old.rules != new.rules {
        let detail = format!(
            "the rule set's rules changed ({} → {} top-level rules); check the endpoint test cases",
            old.rules.len(),
            new.rules.len()
        );
        ctx.push(Impact::Behavioural, Kind::EndpointRules, "endpoint::resolve_endpoint", detail);
    }
    let old_params: BTreeMap<&str, _> = old.params.iter().map(|p| (p.name.as_str(), p)).collect();
    let new_params: BTreeMap<&str, _> = new.params.iter().map(|p| (p.name.as_str(), p)).collect();
    for (name, param) in &new_params {
        if !old_params.contains_key(name) {
            let detail = format!("new parameter `{name}` ({:?}, {:?})", param.ty, param.presence);
            ctx.push(
                Impact::NonBreaking,
                Kind::EndpointParamAdded,
                format!("endpoint::EndpointParams::{}", param.field),
                detail,
            );
        }
    }
    for (name, param) in &old_params {
        let subject = format!("endpoint::EndpointParams::{}", param.field);
        let Some(new_param) = new_params.get(name) else {
            ctx.push(Impact::Breaking, Kind::EndpointParamRemoved, subject, format!("parameter `{name}` removed"));
            continue;
        };
        if param.ty != new_param.ty || param.field != new_param.field {
            let detail = format!("`{name}`: {:?} → {:?}", param.ty, new_param.ty);
            ctx.push(Impact::Breaking, Kind::EndpointParamChanged, &subject, detail);
        } else if param.presence != new_param.presence || param.built_in != new_param.built_in {
            let detail = format!(
                "`{name}`: {:?} → {:?}, built-in {:?} → {:?}",
                param.presence, new_param.presence, param.built_in, new_param.built_in
            );
            ctx.push(Impact::Behavioural, Kind::EndpointParamChanged, &subject, detail);
        }
        ctx.docs(&param.docs, &new_param.docs, &subject);
    }
    let key = |test: &crate::ir::endpoint::EndpointTest| format!("{:?}", (&test.params, &test.expect));
    let old_tests: BTreeMap<String, &str> = old.tests.iter().map(|t| (key(t), t.docs.as_str())).collect();
    let new_tests: BTreeMap<String, &str> = new.tests.iter().map(|t| (key(t), t.docs.as_str())).collect();
    for (test, docs) in &new_tests {
        if !old_tests.contains_key(test) {
            ctx.push(Impact::NonBreaking, Kind::EndpointTestAdded, "endpoint tests", (*docs).to_owned());
        }
    }
    for (test, docs) in &old_tests {
        if !new_tests.contains_key(test) {
            ctx.push(Impact::NonBreaking, Kind::EndpointTestRemoved, "endpoint tests", (*docs).to_owned());
        }
    }
}

fn kind_word(ty: &TypeDef) -> &'static str {
    match ty {
        TypeDef::Structure(_) => "structure",
        TypeDef::Enum(_) => "enum",
        TypeDef::IntEnum(_) => "int enum",
        TypeDef::Union(_) => "union",
    }
}

fn shape_id(ty: &TypeDef) -> &str {
    match ty {
        TypeDef::Structure(s) => &s.shape_id,
        TypeDef::Enum(e) => &e.shape_id,
        TypeDef::IntEnum(e) => &e.shape_id,
        TypeDef::Union(u) => &u.shape_id,
    }
}

/// The field's type as written in the generated struct.
fn field_type(member: &Member) -> String {
    match member.presence {
        Presence::Optional => format!("Option<{}>", type_text(&member.ty)),
        _ => type_text(&member.ty),
    }
}

fn presence_text(presence: &Presence) -> String {
    match presence {
        Presence::Optional => "optional".to_owned(),
        Presence::Required => "required (no default)".to_owned(),
        Presence::Defaulted(expr) => format!("default {expr:?}"),
    }
}

/// A Rust type as users spell it, with generated types relative to the model crate.
pub(super) fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::String => "String".to_owned(),
        RustType::Bool => "bool".to_owned(),
        RustType::Byte => "i8".to_owned(),
        RustType::Short => "i16".to_owned(),
        RustType::Integer => "i32".to_owned(),
        RustType::Long => "i64".to_owned(),
        RustType::Float => "f32".to_owned(),
        RustType::Double => "f64".to_owned(),
        RustType::BigInteger => "BigInteger".to_owned(),
        RustType::BigDecimal => "BigDecimal".to_owned(),
        RustType::Blob => "Blob".to_owned(),
        RustType::ByteStream => "ByteStream".to_owned(),
        RustType::Timestamp(_) => "DateTime".to_owned(),
        RustType::Document => "Document".to_owned(),
        RustType::List { member, sparse } => {
            let inner = type_text(member);
            if *sparse { format!("Vec<Option<{inner}>>") } else { format!("Vec<{inner}>") }
        }
        RustType::Map { key, value, sparse } => {
            let value = type_text(value);
            let value = if *sparse { format!("Option<{value}>") } else { value };
            format!("HashMap<{}, {value}>", type_text(key))
        }
        RustType::Named(path) => match &path.module {
            ModulePath::Types => format!("types::{}", path.name),
            ModulePath::Error => format!("error::{}", path.name),
            ModulePath::Operation(module) => format!("operation::{module}::{}", path.name),
        },
    }
}
