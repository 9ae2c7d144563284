//! Pass one, **closure**: what is generated. The operations bound to the service and
//! its resources (minus those whose streams are not supported), and every shape they
//! reach, each checked to exist and to be a data shape.

use std::collections::BTreeSet;

use super::{OperationRefs, Resolver, prelude_kind};
use crate::error::Diagnostic;
use crate::smithy::{ShapeKind, UNIT};

impl<'m> Resolver<'m> {
    /// The operations bound to the service and its resources, minus those whose
    /// streams are not supported.
    pub(super) fn collect_operations(&mut self) {
        let ShapeKind::Service(service) = &self.service.kind else { return };
        let service_errors: Vec<&'m str> = service.errors.iter().map(String::as_str).collect();
        let mut operation_ids: BTreeSet<&'m str> = service.operations.iter().map(String::as_str).collect();
        let mut resources: Vec<(&'m str, &'m str)> =
            service.resources.iter().map(|r| (r.as_str(), self.service.id.as_str())).collect();
        let mut seen_resources = BTreeSet::new();
        while let Some((resource_id, from)) = resources.pop() {
            if !seen_resources.insert(resource_id) {
                continue;
            }
            let Some(resource) = self.lookup(resource_id, from) else { continue };
            match &resource.kind {
                ShapeKind::Resource(r) => {
                    operation_ids.extend(r.operations.iter().map(String::as_str));
                    resources.extend(r.resources.iter().map(|child| (child.as_str(), resource_id)));
                }
                _ => self
                    .diagnostics
                    .push(Diagnostic::new(resource_id, "is bound as a resource but is not a resource shape")),
            }
        }
        if operation_ids.is_empty() {
            self.diagnostics.push(Diagnostic::new(&self.service.id, "the service has no operations"));
        }
        for id in operation_ids {
            let Some(shape) = self.lookup(id, &self.service.id) else { continue };
            let ShapeKind::Operation(operation) = &shape.kind else {
                self.diagnostics.push(Diagnostic::new(id, "is bound as an operation but is not an operation shape"));
                continue;
            };
            let io = |target: &'m Option<String>| target.as_deref().filter(|t| *t != UNIT);
            let mut refs = OperationRefs {
                shape,
                input: io(&operation.input),
                output: io(&operation.output),
                errors: operation.errors.iter().map(String::as_str).collect(),
            };
            for error in &service_errors {
                if !refs.errors.contains(error) {
                    refs.errors.push(error);
                }
            }
            if let Some(reason) = self.streaming_reason(&refs) {
                self.warnings.push(format!("skipped operation `{id}`: {reason}"));
                continue;
            }
            self.operations.insert(id, refs);
        }
    }

    /// Why an operation that streams cannot be generated. What is built: a `@streaming`
    /// blob bound with `@httpPayload` in a protocol with HTTP bindings, in an output
    /// (read as it arrives) or an input (sent from bytes or a file), both
    /// `RustType::ByteStream`. Event streams (`@streaming` unions) are not.
    pub(super) fn streaming_reason(&self, refs: &OperationRefs<'m>) -> Option<String> {
        for io in [refs.input, refs.output].into_iter().flatten() {
            let shape = self.model.shape(io)?;
            for (name, member) in &shape.members {
                let Some(target) = self.model.shape(&member.target) else { continue };
                if !(member.traits.streaming() || target.traits.streaming()) {
                    continue;
                }
                if matches!(target.kind, ShapeKind::Union) {
                    return Some(format!("member `{io}${name}` is an event stream; event streams are not supported"));
                }
                let payload = member.traits.has("smithy.api#httpPayload");
                if !payload || !self.protocol.honours_http_bindings() {
                    return Some(format!(
                        "member `{io}${name}` streams outside an HTTP payload; only `@httpPayload` streams are supported"
                    ));
                }
            }
        }
        None
    }

    /// Marks every shape reachable from the kept operations, checking each target exists
    /// and is a data shape.
    pub(super) fn walk_shapes(&mut self) {
        let mut stack: Vec<(&'m str, String)> = Vec::new();
        let operations: Vec<(&'m str, Vec<&'m str>)> = self
            .operations
            .iter()
            .map(|(id, refs)| {
                (*id, refs.input.into_iter().chain(refs.output).chain(refs.errors.iter().copied()).collect())
            })
            .collect();
        for (operation, shapes) in operations {
            for shape in shapes {
                stack.push((shape, operation.to_owned()));
            }
        }
        while let Some((id, from)) = stack.pop() {
            if prelude_kind(id).is_some() || id == UNIT {
                continue;
            }
            if !self.reachable.insert(id) {
                continue;
            }
            let Some(shape) = self.lookup(id, &from) else { continue };
            if matches!(shape.kind, ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Resource(_)) {
                self.diagnostics.push(Diagnostic::new(&from, format!("targets `{id}`, which is not a data shape")));
                continue;
            }
            if shape.traits.has("smithy.api#mixin") {
                self.diagnostics
                    .push(Diagnostic::new(&from, format!("targets the mixin `{id}`; mixins cannot be targeted")));
            }
            if matches!(shape.kind, ShapeKind::Enum | ShapeKind::IntEnum) {
                continue;
            }
            for member in shape.members.values() {
                if member.target == UNIT {
                    if !matches!(shape.kind, ShapeKind::Union) {
                        self.diagnostics
                            .push(Diagnostic::new(&member.id, "only union members may target smithy.api#Unit"));
                    }
                    continue;
                }
                self.member_targets.insert(member.target.as_str());
                stack.push((member.target.as_str(), member.id.clone()));
            }
        }
    }
}
