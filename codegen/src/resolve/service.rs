//! Pass four, **lowering**, and pass five, the **whole-service passes**: every kept
//! shape becomes its IR item (`operations.rs`, `structures.rs`, `enums_unions.rs`), then
//! the passes that need all of them at once mark zero values and validation and attach
//! paginators, endpoint context bindings and waiters. [`super::Resolver::run`] calls them
//! in order.

use super::facts::Facts;
use super::{Resolver, docs, naming};
use crate::ir::endpoint::EndpointRules;
use crate::ir::{self, ModulePath, RustType, StructureRole, TypeKind, TypePath};
use crate::smithy::{self, ShapeKind};

impl<'m> Resolver<'m> {
    /// The service's endpoint rules: the model's rule set, or the conventional rules
    /// built from the endpoint prefix.
    pub(super) fn endpoint_rules(&mut self) -> EndpointRules {
        let traits = &self.service.traits;
        let owner = self.service.id.as_str();
        // A malformed `aws.api#service` is reported once, by `assemble`.
        let service_field = |field| traits.object_string(owner, "aws.api#service", field).ok().flatten();
        let default_prefix = service_field("endpointPrefix")
            .map(str::to_owned)
            .unwrap_or_else(|| naming::crate_stem(service_field("sdkId").unwrap_or(smithy::shape_name(owner))));
        let to_markdown = |html: &str| docs::html_to_markdown(html, &|_| None);
        match super::endpoint::endpoint_rules(owner, traits, &default_prefix, &to_markdown) {
            Ok((rules, warnings)) => {
                self.warnings.extend(warnings);
                rules
            }
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                EndpointRules {
                    params: Vec::new(),
                    rules: Vec::new(),
                    tests: Vec::new(),
                    synthesized: true,
                    client_context: Vec::new(),
                }
            }
        }
    }

    /// Every kept operation, sorted by name, with the endpoint parameters it binds.
    pub(super) fn build_operations(&mut self, facts: &Facts, endpoint: &EndpointRules) -> Vec<ir::Operation> {
        let mut operations = Vec::new();
        let operation_ids: Vec<&'m str> = self.operations.keys().copied().collect();
        for id in operation_ids {
            let Some(mut operation) = self.build_operation(id, facts) else { continue };
            let shape = self.operations[id].shape;
            let input_shape = self.operations[id].input.and_then(|input| self.model.shape(input));
            match super::endpoint::operation_bindings(shape, &operation.input, input_shape, endpoint) {
                Ok((bindings, warnings)) => {
                    operation.endpoint_bindings = bindings;
                    self.warnings.extend(warnings);
                }
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
            operations.push(operation);
        }
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        operations
    }

    /// The named types of the `types` module and the error structures, each sorted by
    /// Rust name.
    pub(super) fn build_types(&mut self, facts: &Facts) -> (Vec<ir::TypeDef>, Vec<ir::Structure>) {
        let mut types = Vec::new();
        let mut errors = Vec::new();
        let paths: Vec<(String, TypePath)> = self.paths.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (id, path) in paths {
            let Some(shape) = self.model.shape(&id) else { continue };
            match path.kind {
                TypeKind::Structure => {
                    let role = if path.module == ModulePath::Error {
                        match self.error_info(shape) {
                            Some(info) => StructureRole::Error(info),
                            None => continue,
                        }
                    } else {
                        StructureRole::Data
                    };
                    let is_error = matches!(role, StructureRole::Error(_));
                    let mut structure = self.build_structure(shape, path.name.clone(), role, facts);
                    if let StructureRole::Error(info) = &mut structure.role {
                        info.message_member = structure
                            .members
                            .iter()
                            .position(|m| m.model_name.eq_ignore_ascii_case("message") && m.ty == RustType::String);
                    }
                    if is_error { errors.push(structure) } else { types.push(ir::TypeDef::Structure(structure)) }
                }
                TypeKind::Enum => types.push(ir::TypeDef::Enum(self.build_enum(shape, path.name.clone(), facts))),
                TypeKind::IntEnum => {
                    types.push(ir::TypeDef::IntEnum(self.build_int_enum(shape, path.name.clone(), facts)))
                }
                TypeKind::Union => types.push(ir::TypeDef::Union(self.build_union(shape, path.name.clone(), facts))),
            }
        }
        types.sort_by(|a, b| a.name().cmp(b.name()));
        errors.sort_by(|a, b| a.name.cmp(&b.name));
        (types, errors)
    }

    /// `@paginated` on each operation, with the service's defaults merged in, checked
    /// against the built input and output.
    pub(super) fn attach_paginators(&mut self, operations: &mut [ir::Operation], types: &[ir::TypeDef]) {
        let service_paginated = self.check(self.service.traits.paginated(&self.service.id)).flatten();
        for (id, refs) in &self.operations {
            let Some(own) = refs.shape.traits.paginated(id).map_err(|d| self.diagnostics.push(d)).ok().flatten() else {
                continue;
            };
            let module = &self.operation_modules[id];
            let Some(operation) = operations.iter_mut().find(|op| &op.module == module) else { continue };
            match super::paginator::paginator(id, operation, &own, service_paginated.as_ref(), types) {
                Ok(paginator) => operation.paginator = Some(paginator),
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }
    }

    /// `smithy.waiters#waitable` on each operation, its paths typed against the built
    /// input and output.
    pub(super) fn attach_waiters(&mut self, operations: &mut [ir::Operation], types: &[ir::TypeDef], facts: &Facts) {
        let to_markdown = |html: &str| docs::html_to_markdown(html, &|name| facts.references.get(name).cloned());
        for (id, refs) in &self.operations {
            let definitions = match refs.shape.traits.waiters(id) {
                Ok(definitions) if definitions.is_empty() => continue,
                Ok(definitions) => definitions,
                Err(diagnostic) => {
                    self.diagnostics.push(diagnostic);
                    continue;
                }
            };
            let module = &self.operation_modules[id];
            let Some(operation) = operations.iter_mut().find(|op| &op.module == module) else { continue };
            match super::waiter::waiters(id, &definitions, operation, types, &to_markdown) {
                Ok(waiters) => operation.waiters = waiters,
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }
    }

    /// The service itself, around its lowered items.
    pub(super) fn assemble(
        &mut self,
        operations: Vec<ir::Operation>,
        types: Vec<ir::TypeDef>,
        errors: Vec<ir::Structure>,
        endpoint: EndpointRules,
        facts: &Facts,
    ) -> ir::Service {
        let traits = &self.service.traits;
        let owner = self.service.id.as_str();
        let name = smithy::shape_name(owner).to_owned();
        self.flush_pattern_warnings();
        let sdk_id = self.sdk_id().unwrap_or_else(|| name.clone());
        ir::Service {
            shape_id: owner.to_owned(),
            crate_stem: naming::crate_stem(&sdk_id),
            env_suffix: naming::env_suffix(&sdk_id),
            sdk_id,
            name,
            version: match &self.service.kind {
                ShapeKind::Service(s) => s.version.clone(),
                _ => String::new(),
            },
            title: self.check(traits.string(owner, "smithy.api#title")).flatten().map(str::to_owned),
            protocol: self.protocol,
            query_compatible: traits.has("aws.protocols#awsQueryCompatible"),
            signing_name: self
                .check(traits.object_string(owner, "aws.auth#sigv4", "name"))
                .flatten()
                .map(str::to_owned),
            endpoint_prefix: self.endpoint_prefix(),
            docs: self.docs(traits, owner, facts),
            operations,
            types,
            errors,
            warnings: std::mem::take(&mut self.warnings),
            endpoint,
        }
    }

    /// `aws.api#service` `sdkId`, if given.
    fn sdk_id(&mut self) -> Option<String> {
        let owner = self.service.id.as_str();
        self.check(self.service.traits.object_string(owner, "aws.api#service", "sdkId")).flatten().map(str::to_owned)
    }

    /// `aws.api#service` `endpointPrefix`, if given.
    fn endpoint_prefix(&mut self) -> Option<String> {
        let owner = self.service.id.as_str();
        self.check(self.service.traits.object_string(owner, "aws.api#service", "endpointPrefix"))
            .flatten()
            .map(str::to_owned)
    }
}
