//! Room two, **resolve**: from the service shape to the resolved form in [`crate::ir`].
//!
//! Finds the closure of operations and shapes reachable from the service, gives
//! every generated item its final Rust name, decides which members are optional,
//! which are boxed, how timestamps travel, and turns documentation into Markdown.
//! All problems are collected and reported together.

mod bindings;
mod constraints;
pub mod context_params;
pub mod docs;
pub mod endpoint;
mod enums_unions;
mod examples;
pub mod ignored_traits;
pub mod naming;
mod nullability;
mod paginator;
pub mod partitions;
pub mod regex;
pub mod regex_witness;
mod sensitive;
mod shapes;
mod waiter;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Diagnostic, Diagnostics};
use crate::ir::{self, ModulePath, Protocol, TypeKind, TypePath};
use crate::smithy::{self, Model, Shape, ShapeKind, UNIT};

/// Resolves the service `service_id` of `model` (or its only service when `None`).
pub fn resolve(model: &Model, service_id: Option<&str>) -> Result<ir::Service, Diagnostics> {
    let service = find_service(model, service_id).map_err(Diagnostics::one)?;
    let protocol = protocol_of(service).map_err(Diagnostics::one)?;
    let mut resolver = Resolver::new(model, service, protocol);
    resolver.run()
}

fn find_service<'m>(model: &'m Model, service_id: Option<&str>) -> Result<&'m Shape, Diagnostic> {
    let services: Vec<&Shape> =
        model.shapes.values().filter(|shape| matches!(shape.kind, ShapeKind::Service(_))).collect();
    match service_id {
        Some(id) => services
            .into_iter()
            .find(|shape| shape.id == id)
            .ok_or_else(|| Diagnostic::new(id, "no service shape with this id in the model")),
        None => match services.as_slice() {
            [only] => Ok(only),
            [] => Err(Diagnostic::new("model", "the model has no service shape")),
            many => Err(Diagnostic::new(
                "model",
                format!(
                    "the model has {} services ({}); name the one to generate",
                    many.len(),
                    many.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
        },
    }
}

/// The service's protocol. A service may declare several; like the AWS SDKs, the
/// generator takes the first it knows in its order of preference (`Protocol::ALL`). A
/// service declaring none it knows (restXml, ec2Query) is refused, naming them.
fn protocol_of(service: &Shape) -> Result<Protocol, Diagnostic> {
    let traits = &service.traits;
    if let Some(protocol) = Protocol::ALL.into_iter().find(|p| traits.has(p.trait_id())) {
        return Ok(protocol);
    }
    let declared: Vec<&str> =
        traits.0.keys().filter(|id| id.starts_with("aws.protocols#")).map(String::as_str).collect();
    let known = Protocol::ALL.map(Protocol::trait_id).join(", ");
    Err(Diagnostic::new(
        &service.id,
        if declared.is_empty() {
            format!("the service declares no protocol; the generator knows {known}")
        } else {
            format!("unsupported protocol {}; the generator knows {known}", declared.join(", "))
        },
    ))
}

/// The prelude shapes every model may target without defining them.
fn prelude_kind(id: &str) -> Option<ShapeKind> {
    let name = id.strip_prefix("smithy.api#")?;
    Some(match name {
        "String" => ShapeKind::String,
        "Blob" => ShapeKind::Blob,
        "Boolean" | "PrimitiveBoolean" => ShapeKind::Boolean,
        "Byte" | "PrimitiveByte" => ShapeKind::Byte,
        "Short" | "PrimitiveShort" => ShapeKind::Short,
        "Integer" | "PrimitiveInteger" => ShapeKind::Integer,
        "Long" | "PrimitiveLong" => ShapeKind::Long,
        "Float" | "PrimitiveFloat" => ShapeKind::Float,
        "Double" | "PrimitiveDouble" => ShapeKind::Double,
        "BigInteger" => ShapeKind::BigInteger,
        "BigDecimal" => ShapeKind::BigDecimal,
        "Timestamp" => ShapeKind::Timestamp,
        "Document" => ShapeKind::Document,
        _ => return None,
    })
}

/// An operation kept for generation, with its shapes.
struct OperationRefs<'m> {
    shape: &'m Shape,
    input: Option<&'m str>,
    output: Option<&'m str>,
    errors: Vec<&'m str>,
}

struct Resolver<'m> {
    model: &'m Model,
    service: &'m Shape,
    /// Operations by shape id.
    operations: BTreeMap<&'m str, OperationRefs<'m>>,
    /// Every shape reachable from a kept operation.
    reachable: BTreeSet<&'m str>,
    /// Shapes that some member targets (as opposed to only being an operation's input/output).
    member_targets: BTreeSet<&'m str>,
    /// Where each generated named type lives.
    paths: BTreeMap<String, TypePath>,
    /// Operation module per operation shape id.
    operation_modules: BTreeMap<&'m str, String>,
    /// Service-level `rename` overrides.
    renames: BTreeMap<String, String>,
    diagnostics: Diagnostics,
    warnings: Vec<String>,
    /// `@pattern`s that cannot be validated: (expression, why) → the members using it,
    /// so each distinct problem is reported once, not once per use.
    skipped_patterns: BTreeMap<(String, String), Vec<String>>,
    /// The service's protocol, decided first: member bindings and timestamp defaults
    /// depend on it.
    protocol: Protocol,
}

impl<'m> Resolver<'m> {
    fn new(model: &'m Model, service: &'m Shape, protocol: Protocol) -> Resolver<'m> {
        let renames = match &service.kind {
            ShapeKind::Service(s) => s.rename.clone(),
            _ => BTreeMap::new(),
        };
        Resolver {
            model,
            service,
            operations: BTreeMap::new(),
            reachable: BTreeSet::new(),
            member_targets: BTreeSet::new(),
            paths: BTreeMap::new(),
            operation_modules: BTreeMap::new(),
            renames,
            diagnostics: Diagnostics::default(),
            warnings: Vec::new(),
            skipped_patterns: BTreeMap::new(),
            protocol,
        }
    }

    fn run(&mut self) -> Result<ir::Service, Diagnostics> {
        self.collect_operations();
        self.walk_shapes();
        std::mem::take(&mut self.diagnostics).into_result(())?;
        self.assign_names();
        std::mem::take(&mut self.diagnostics).into_result(())?;
        let mut service = self.build();
        self.attach_examples(&mut service);
        std::mem::take(&mut self.diagnostics).into_result(service)
    }

    /// Looks up a shape that must exist, recording a diagnostic at `from` when it does not.
    fn lookup(&mut self, id: &str, from: &str) -> Option<&'m Shape> {
        match self.model.shape(id) {
            Some(shape) => Some(shape),
            None => {
                self.diagnostics.push(Diagnostic::at_line(
                    from,
                    format!("refers to `{id}`, which is not defined in the model"),
                    self.model.line_of(from.split('$').next().unwrap_or(from)),
                ));
                None
            }
        }
    }

    /// The operations bound to the service and its resources, minus streaming ones.
    fn collect_operations(&mut self) {
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
                self.warnings.push(format!("skipped operation `{id}`: {reason}; streaming is not supported"));
                continue;
            }
            self.operations.insert(id, refs);
        }
    }

    /// Why an operation cannot be generated: a member of its input or output streams.
    fn streaming_reason(&self, refs: &OperationRefs<'m>) -> Option<String> {
        for io in [refs.input, refs.output].into_iter().flatten() {
            let shape = self.model.shape(io)?;
            for (name, member) in &shape.members {
                let streams = member.traits.streaming()
                    || self.model.shape(&member.target).is_some_and(|target| target.traits.streaming());
                if streams {
                    return Some(format!("member `{io}${name}` targets a streaming shape"));
                }
            }
        }
        None
    }

    /// Marks every shape reachable from the kept operations, checking each target exists
    /// and is a data shape.
    fn walk_shapes(&mut self) {
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

    /// The kind of a target shape, prelude included.
    fn kind_of(&self, id: &str) -> Option<ShapeKind> {
        prelude_kind(id).or_else(|| self.model.shape(id).map(|s| s.kind.clone()))
    }

    /// Gives every generated item its name and module, checking for collisions.
    fn assign_names(&mut self) {
        let mut taken: BTreeMap<(ModulePath, String), &'m str> = BTreeMap::new();
        let reachable: Vec<&'m str> = self.reachable.iter().copied().collect();
        for id in reachable {
            let Some(shape) = self.model.shape(id) else { continue };
            let kind = match &shape.kind {
                ShapeKind::Structure => TypeKind::Structure,
                ShapeKind::Union => TypeKind::Union,
                ShapeKind::Enum => TypeKind::Enum,
                ShapeKind::IntEnum => TypeKind::IntEnum,
                ShapeKind::String if shape.traits.has("smithy.api#enum") => TypeKind::Enum,
                _ => continue,
            };
            let is_error = shape.traits.has("smithy.api#error");
            // Inputs and outputs are generated under their operation; a structure that
            // is also a member target is generated in `types` as well.
            if kind == TypeKind::Structure && !is_error && !self.member_targets.contains(id) {
                let is_io = self.operations.values().any(|op| op.input == Some(id) || op.output == Some(id));
                if is_io {
                    continue;
                }
            }
            let module = if is_error { ModulePath::Error } else { ModulePath::Types };
            let name = naming::type_name(self.renames.get(id).map_or(smithy::shape_name(id), String::as_str));
            if let Some(other) = taken.insert((module.clone(), name.clone()), id) {
                self.diagnostics.push(Diagnostic::new(
                    id,
                    format!("its Rust name `{name}` collides with that of `{other}`; add a `rename` to the service"),
                ));
            }
            self.paths.insert(id.to_owned(), TypePath { module, name, kind });
        }
        let mut modules: BTreeMap<String, &'m str> = BTreeMap::new();
        for id in self.operations.keys().copied().collect::<Vec<_>>() {
            let module = naming::snake_name(smithy::shape_name(id)).ident;
            if let Some(other) = modules.insert(module.clone(), id) {
                self.diagnostics
                    .push(Diagnostic::new(id, format!("its module name `{module}` collides with that of `{other}`")));
            }
            self.operation_modules.insert(id, module);
        }
    }
}
