//! Lowering structures and their members: Rust names, bindings, types, presence,
//! boxing, constraints and documentation (enums and unions are in `enums_unions.rs`).

use std::collections::{BTreeMap, BTreeSet};

use super::facts::Facts;
use super::{Resolver, docs, naming};
use crate::error::Diagnostic;
use crate::ir::{self, Docs, StructureRole};
use crate::smithy::{self, Member, Shape, ShapeKind, Traits};

impl<'m> Resolver<'m> {
    pub(super) fn error_info(&mut self, shape: &Shape) -> Option<ir::ErrorInfo> {
        let fault = match self.check(shape.traits.error(&shape.id))?? {
            "server" => ir::Fault::Server,
            _ => ir::Fault::Client,
        };
        let http_status = self.check(shape.traits.http_error(&shape.id))?;
        let query_error = self.check(shape.traits.aws_query_error(&shape.id))?.map(|e| (e.code, e.status));
        // In awsQuery the custom code is the one the service sends.
        let code = match (&query_error, self.protocol) {
            (Some((code, _)), ir::Protocol::AwsQuery) => code.clone(),
            _ => smithy::shape_name(&shape.id).to_owned(),
        };
        Some(ir::ErrorInfo {
            query_error,
            code,
            fault,
            http_status,
            retryable: shape.traits.retryable(),
            message_member: None,
        })
    }

    pub(super) fn build_structure(
        &mut self,
        shape: &'m Shape,
        name: String,
        role: StructureRole,
        facts: &Facts,
    ) -> ir::Structure {
        let mut members = Vec::new();
        let mut words: BTreeMap<String, &str> = BTreeMap::new();
        for (member_name, member) in shape.ordered_members() {
            let Some(built) = self.build_member(shape, member_name, member, &role, facts) else { continue };
            for derived in [built.word.clone(), format!("set_{}", built.word), format!("get_{}", built.word)] {
                if derived == "builder" || derived == "build" {
                    self.diagnostics.push(Diagnostic::new(
                        &member.id,
                        format!("its Rust name `{derived}` collides with a generated method"),
                    ));
                }
                if let Some(other) = words.insert(derived.clone(), member_name) {
                    self.diagnostics.push(Diagnostic::new(
                        &member.id,
                        format!("its Rust name `{derived}` collides with that of member `{other}`"),
                    ));
                }
            }
            members.push(built);
        }
        ir::Structure {
            word: naming::snake_name(&name).word,
            shape_id: shape.id.clone(),
            builder: naming::builder_name(&name),
            name,
            members,
            docs: self.docs(&shape.traits, &shape.id, facts),
            deprecated: self.check(shape.traits.deprecated(&shape.id)).flatten(),
            role,
            needs_zero: false,
            validated: false,
        }
    }

    pub(super) fn build_member(
        &mut self,
        container: &Shape,
        name: &str,
        member: &Member,
        role: &StructureRole,
        facts: &Facts,
    ) -> Option<ir::Member> {
        let binding = self.binding(member, role)?;
        let location = Self::location(&binding);
        let ty = self.rust_type(&member.target, &member.traits, &member.id, location, &mut Vec::new())?;
        let wire_name = self.wire_name(member, name)?;
        let xml = self.xml_layout(member)?;
        let snake = naming::snake_name(name);
        let presence = self.presence(member, &ty, role)?;
        let media_type = match self.model.shape(&member.target) {
            Some(target) => self.check(target.traits.media_type(&target.id))?.map(str::to_owned),
            None => None,
        };
        Some(ir::Member {
            model_name: name.to_owned(),
            wire_name,
            binding,
            xml,
            field: snake.ident,
            word: snake.word,
            presence,
            required: member.traits.required(),
            boxed: facts.boxed_edges.contains(&(container.id.clone(), member.target.clone())),
            docs: self.member_docs(member, facts),
            deprecated: self.check(member.traits.deprecated(&member.id)).flatten(),
            sensitive: self.reaches_sensitive(member, 0),
            idempotency_token: member.traits.idempotency_token(),
            media_type,
            constraints: self.constraints(member),
            target: member.target.clone(),
            ty,
        })
    }

    pub(super) fn check_unique<'a>(&mut self, owner: &str, names: impl Iterator<Item = &'a str>, what: &str) {
        let mut seen = BTreeSet::new();
        for name in names {
            if !seen.insert(name) {
                self.diagnostics
                    .push(Diagnostic::new(owner, format!("two members give the same Rust {what} `{name}`")));
            }
        }
    }

    pub(super) fn docs(&mut self, traits: &Traits, owner: &str, facts: &Facts) -> Docs {
        match self.check(traits.documentation(owner)).flatten() {
            Some(html) => Docs(docs::html_to_markdown(html, &|name| facts.references.get(name).cloned())),
            None => Docs::default(),
        }
    }

    /// A member's documentation, falling back to its target shape's.
    pub(super) fn member_docs(&mut self, member: &Member, facts: &Facts) -> Docs {
        let own = self.docs(&member.traits, &member.id, facts);
        if !own.0.is_empty() {
            return own;
        }
        match self.model.shape(&member.target) {
            Some(target)
                if !matches!(
                    target.kind,
                    ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum
                ) =>
            {
                self.docs(&target.traits.clone(), &target.id, facts)
            }
            _ => Docs::default(),
        }
    }
}
