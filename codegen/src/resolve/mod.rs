//! Room two, **resolve**: from the service shape to the resolved form in [`crate::ir`].
//!
//! Finds the closure of operations and shapes reachable from the service, gives
//! every generated item its final Rust name, decides which members are optional,
//! which are boxed, how timestamps travel, and turns documentation into Markdown.
//! All problems are collected and reported together.

mod bindings;
mod closure;
mod constraints;
pub mod context_params;
pub mod docs;
pub mod endpoint;
mod enums_unions;
mod examples;
mod facts;
pub mod ignored_traits;
mod layout;
pub mod naming;
mod nullability;
mod operations;
mod paginator;
pub mod partitions;
pub mod regex;
pub mod regex_witness;
mod sensitive;
mod service;
mod structures;
mod types;
mod waiter;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Diagnostic, Diagnostics};
use crate::ir::{self, Protocol, TypePath};
use crate::smithy::{Model, Shape, ShapeKind};

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

    /// The passes, in order. Each reads what earlier ones produced; the run stops after
    /// a pass whose results later ones rely on if it found problems, and otherwise
    /// collects every problem before reporting them together.
    fn run(&mut self) -> Result<ir::Service, Diagnostics> {
        // 1. Closure (`closure.rs`): the kept operations and every shape they reach.
        self.collect_operations();
        self.walk_shapes();
        std::mem::take(&mut self.diagnostics).into_result(())?;
        // 2. Layout (`layout.rs`): the Rust name and module of every generated type.
        self.assign_names();
        std::mem::take(&mut self.diagnostics).into_result(())?;
        // 3. Facts (`facts.rs`): cross-references and recursion edges, read-only from here.
        let facts = self.facts();
        // 4. Lowering (`service.rs`, `operations.rs`, `structures.rs`, `enums_unions.rs`,
        //    with bindings from `bindings.rs` and types from `types.rs`).
        let endpoint = self.endpoint_rules();
        let mut operations = self.build_operations(&facts, &endpoint);
        let (mut types, mut errors) = self.build_types(&facts);
        // 5. Whole-service passes over the lowered items.
        nullability::mark_needs_zero(&mut types, &mut errors, &operations);
        constraints::mark_validated(&mut types, &mut operations);
        self.attach_paginators(&mut operations, &types);
        self.bind_operation_contexts(&mut operations, &types, &endpoint);
        self.attach_waiters(&mut operations, &types, &facts);
        let mut service = self.assemble(operations, types, errors, endpoint, &facts);
        // 6. Examples and smoke tests (`examples.rs`), typed against the finished service.
        self.attach_examples(&mut service);
        std::mem::take(&mut self.diagnostics).into_result(service)
    }

    /// Unwraps a trait accessor result, recording the diagnostic on error.
    fn check<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|d| self.diagnostics.push(d)).ok()
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

    /// The kind of a target shape, prelude included.
    fn kind_of(&self, id: &str) -> Option<ShapeKind> {
        prelude_kind(id).or_else(|| self.model.shape(id).map(|s| s.kind.clone()))
    }
}
