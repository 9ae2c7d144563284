//! Lowering reachable shapes to [`crate::ir`] items: operations, structures (enums and
//! unions are in `enums_unions.rs`),
//! members with their Rust types, optionality, boxing and documentation.

use std::collections::{BTreeMap, BTreeSet};

use super::{Resolver, docs, naming};
use crate::error::Diagnostic;
use crate::ir::{self, Docs, ModulePath, RustType, StructureRole, TypeKind, TypePath};
use crate::smithy::{self, Member, Shape, ShapeKind, Traits};

impl<'m> Resolver<'m> {
    pub(super) fn build(&mut self) -> ir::Service {
        let references = self.reference_paths();
        let boxed_edges = self.boxed_edges();
        let mut ctx = BuildContext { references, boxed_edges };

        let traits = &self.service.traits;
        let owner = self.service.id.as_str();
        let name = smithy::shape_name(owner).to_owned();
        let sdk_id = self.check(traits.object_string(owner, "aws.api#service", "sdkId")).flatten().map(str::to_owned);
        let endpoint_prefix =
            self.check(traits.object_string(owner, "aws.api#service", "endpointPrefix")).flatten().map(str::to_owned);
        let default_prefix =
            endpoint_prefix.clone().unwrap_or_else(|| naming::crate_stem(sdk_id.as_deref().unwrap_or(&name)));
        let to_markdown = |html: &str| docs::html_to_markdown(html, &|_| None);
        let endpoint = match super::endpoint::endpoint_rules(owner, traits, &default_prefix, &to_markdown) {
            Ok((rules, warnings)) => {
                self.warnings.extend(warnings);
                rules
            }
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                ir::endpoint::EndpointRules {
                    params: Vec::new(),
                    rules: Vec::new(),
                    tests: Vec::new(),
                    synthesized: true,
                    client_context: Vec::new(),
                }
            }
        };
        let mut operations = Vec::new();
        let mut paginated = Vec::new();
        let mut waitable = Vec::new();
        let operation_ids: Vec<&'m str> = self.operations.keys().copied().collect();
        for id in operation_ids {
            if let Some(mut operation) = self.build_operation(id, &mut ctx) {
                let shape = self.operations[id].shape;
                if let Some(trait_value) = self.check(shape.traits.paginated(id)).flatten() {
                    paginated.push((id, operation.name.clone(), trait_value));
                }
                if let Some(trait_value) = shape.traits.get("smithy.waiters#waitable") {
                    waitable.push((id, operation.name.clone(), trait_value));
                }
                let input_shape = self.operations[id].input.and_then(|input| self.model.shape(input));
                match super::endpoint::operation_bindings(shape, &operation.input, input_shape, &endpoint) {
                    Ok((bindings, warnings)) => {
                        operation.endpoint_bindings = bindings;
                        self.warnings.extend(warnings);
                    }
                    Err(diagnostic) => self.diagnostics.push(diagnostic),
                }
                operations.push(operation);
            }
        }
        operations.sort_by(|a, b| a.name.cmp(&b.name));

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
                    let mut structure = self.build_structure(shape, path.name.clone(), role, &mut ctx);
                    if let StructureRole::Error(info) = &mut structure.role {
                        info.message_member = structure
                            .members
                            .iter()
                            .position(|m| m.model_name.eq_ignore_ascii_case("message") && m.ty == RustType::String);
                    }
                    if is_error { errors.push(structure) } else { types.push(ir::TypeDef::Structure(structure)) }
                }
                TypeKind::Enum => types.push(ir::TypeDef::Enum(self.build_enum(shape, path.name.clone(), &ctx))),
                TypeKind::IntEnum => {
                    types.push(ir::TypeDef::IntEnum(self.build_int_enum(shape, path.name.clone(), &ctx)))
                }
                TypeKind::Union => types.push(ir::TypeDef::Union(self.build_union(shape, path.name.clone(), &mut ctx))),
            }
        }
        types.sort_by(|a, b| a.name().cmp(b.name()));
        errors.sort_by(|a, b| a.name.cmp(&b.name));
        super::nullability::mark_needs_zero(&mut types, &mut errors, &operations);
        super::constraints::mark_validated(&mut types, &mut operations);
        let service_paginated = self.check(self.service.traits.paginated(&self.service.id)).flatten();
        for (id, name, own) in paginated {
            let Some(operation) = operations.iter_mut().find(|op| op.name == name) else { continue };
            match super::paginator::paginator(id, operation, &own, service_paginated.as_ref(), &types) {
                Ok(paginator) => operation.paginator = Some(paginator),
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }
        self.bind_operation_contexts(&mut operations, &types, &endpoint);
        let to_markdown = |html: &str| docs::html_to_markdown(html, &|name| ctx.references.get(name).cloned());
        for (id, name, value) in waitable {
            let Some(operation) = operations.iter_mut().find(|op| op.name == name) else { continue };
            match super::waiter::waiters(id, value, operation, &types, &to_markdown) {
                Ok(waiters) => operation.waiters = waiters,
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }

        ir::Service {
            shape_id: owner.to_owned(),
            sdk_id: sdk_id.unwrap_or_else(|| name.clone()),
            name,
            version: match &self.service.kind {
                ShapeKind::Service(s) => s.version.clone(),
                _ => String::new(),
            },
            title: self.check(traits.string(owner, "smithy.api#title")).flatten().map(str::to_owned),
            protocol: self.protocol,
            signing_name: self
                .check(traits.object_string(owner, "aws.auth#sigv4", "name"))
                .flatten()
                .map(str::to_owned),
            endpoint_prefix,
            docs: self.docs(traits, owner, &ctx),
            operations,
            types,
            errors,
            warnings: {
                self.flush_pattern_warnings();
                std::mem::take(&mut self.warnings)
            },
            endpoint,
        }
    }

    /// Unwraps a trait accessor result, recording the diagnostic on error.
    pub(super) fn check<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|d| self.diagnostics.push(d)).ok()
    }

    fn build_operation(&mut self, id: &'m str, ctx: &mut BuildContext) -> Option<ir::Operation> {
        let refs = &self.operations[id];
        let (shape, input, output, errors) = (refs.shape, refs.input, refs.output, refs.errors.clone());
        let op_name = smithy::shape_name(id).to_owned();
        let module = self.operation_modules[id].clone();
        let mut io_structure = |this: &mut Self, shape_id: Option<&'m str>, suffix: &str, role: StructureRole| {
            let name = format!("{}{suffix}", naming::type_name(&op_name));
            match shape_id.and_then(|s| this.model.shape(s)) {
                Some(io) if io.kind == ShapeKind::Structure => Some(this.build_structure(io, name, role, ctx)),
                Some(io) => {
                    this.diagnostics.push(Diagnostic::new(id, format!("{suffix} `{}` is not a structure", io.id)));
                    None
                }
                None => Some(ir::Structure {
                    shape_id: format!("{id}${suffix}"),
                    builder: naming::builder_name(&name),
                    name,
                    members: Vec::new(),
                    docs: Docs::default(),
                    deprecated: None,
                    role,
                    needs_zero: false,
                    validated: false,
                }),
            }
        };
        let mut input = io_structure(self, input, "Input", StructureRole::Input)?;
        let output = io_structure(self, output, "Output", StructureRole::Output)?;
        let request_line = self.request_line(shape, smithy::shape_name(&self.service.id), &mut input)?;
        self.check_bindings(&input);
        self.check_bindings(&output);
        let signed = self.service.traits.has("aws.auth#sigv4");
        let auth = self.auth(shape, signed);
        let mut error_paths = Vec::new();
        for error in errors {
            match self.paths.get(error) {
                Some(path) if path.module == ModulePath::Error => error_paths.push(path.clone()),
                _ => self.diagnostics.push(Diagnostic::new(
                    id,
                    format!("lists `{error}` as an error, but it is not a structure with the @error trait"),
                )),
            }
        }
        error_paths.sort();
        error_paths.dedup();
        let host_prefix = self.host_prefix(shape, &input);
        // Only gzip is implemented; an encoding the runtime does not know is left out,
        // as AWS SDKs skip encodings they do not support.
        let request_compression = self
            .check(shape.traits.request_compression(id))
            .flatten()
            .unwrap_or_default()
            .into_iter()
            .filter(|encoding| encoding == "gzip")
            .collect();
        Some(ir::Operation {
            names: naming::operation_names(&op_name),
            name: op_name,
            request_line,
            auth,
            module,
            host_prefix,
            request_compression,
            endpoint_bindings: Vec::new(),
            paginator: None,
            waiters: Vec::new(),
            examples: Vec::new(),
            smoke_tests: Vec::new(),
            input,
            output,
            errors: error_paths,
            docs: self.docs(&shape.traits, id, ctx),
            deprecated: self.check(shape.traits.deprecated(id)).flatten(),
        })
    }

    /// Parses `@endpoint(hostPrefix)`: `{label}`s must name `@hostLabel` input members.
    fn host_prefix(&mut self, operation: &Shape, input: &ir::Structure) -> Option<ir::HostPrefix> {
        let template = self.check(operation.traits.host_prefix(&operation.id)).flatten()?.to_owned();
        let mut parts = Vec::new();
        let mut rest = template.as_str();
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(ir::HostPrefixPart::Literal(rest[..start].to_owned()));
            }
            let Some(end) = rest[start..].find('}') else {
                self.diagnostics
                    .push(Diagnostic::new(&operation.id, format!("hostPrefix `{template}` has an unclosed `{{`")));
                return None;
            };
            let label = &rest[start + 1..start + end];
            let member = input.members.iter().find(|m| m.model_name == label);
            let input_shape =
                self.operations.get(operation.id.as_str()).and_then(|op| op.input).and_then(|id| self.model.shape(id));
            let is_host_label = input_shape
                .and_then(|shape| shape.members.get(label))
                .is_some_and(|m| m.traits.has("smithy.api#hostLabel"));
            match member {
                Some(member) if is_host_label && member.ty == RustType::String => {
                    parts.push(ir::HostPrefixPart::Label {
                        field: member.field.clone(),
                        model_name: member.model_name.clone(),
                    })
                }
                _ => {
                    self.diagnostics.push(Diagnostic::new(
                        &operation.id,
                        format!("hostPrefix label `{label}` must name a string input member with @hostLabel"),
                    ));
                    return None;
                }
            }
            rest = &rest[start + end + 1..];
        }
        if !rest.is_empty() {
            parts.push(ir::HostPrefixPart::Literal(rest.to_owned()));
        }
        Some(ir::HostPrefix { parts })
    }

    fn error_info(&mut self, shape: &Shape) -> Option<ir::ErrorInfo> {
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

    fn build_structure(
        &mut self,
        shape: &'m Shape,
        name: String,
        role: StructureRole,
        ctx: &mut BuildContext,
    ) -> ir::Structure {
        let mut members = Vec::new();
        let mut words: BTreeMap<String, &str> = BTreeMap::new();
        for (member_name, member) in shape.ordered_members() {
            let Some(built) = self.build_member(shape, member_name, member, &role, ctx) else { continue };
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
            shape_id: shape.id.clone(),
            builder: naming::builder_name(&name),
            name,
            members,
            docs: self.docs(&shape.traits, &shape.id, ctx),
            deprecated: self.check(shape.traits.deprecated(&shape.id)).flatten(),
            role,
            needs_zero: false,
            validated: false,
        }
    }

    fn build_member(
        &mut self,
        container: &Shape,
        name: &str,
        member: &Member,
        role: &StructureRole,
        ctx: &mut BuildContext,
    ) -> Option<ir::Member> {
        let binding = self.binding(member, role)?;
        let location = Self::location(&binding);
        let ty = self.rust_type(&member.target, &member.traits, &member.id, location, &mut Vec::new())?;
        let wire_name = self.wire_name(member, name)?;
        let xml = self.xml_layout(member)?;
        let snake = naming::snake_name(name);
        let presence = self.presence(member, &ty, role)?;
        Some(ir::Member {
            model_name: name.to_owned(),
            wire_name,
            binding,
            xml,
            field: snake.ident,
            word: snake.word,
            presence,
            required: member.traits.required(),
            boxed: ctx.boxed_edges.contains(&(container.id.clone(), member.target.clone())),
            docs: self.member_docs(member, ctx),
            deprecated: self.check(member.traits.deprecated(&member.id)).flatten(),
            sensitive: self.reaches_sensitive(member, 0),
            idempotency_token: member.traits.idempotency_token(),
            constraints: self.constraints(member),
            target: member.target.clone(),
            ty,
        })
    }

    /// The Rust type for a target; `stack` holds the collection shapes being expanded.
    pub(super) fn rust_type(
        &mut self,
        target: &str,
        member_traits: &Traits,
        owner: &str,
        location: ir::Location,
        stack: &mut Vec<String>,
    ) -> Option<RustType> {
        if let Some(path) = self.paths.get(target) {
            return Some(RustType::Named(path.clone()));
        }
        let kind = self.kind_of(target)?;
        let shape = self.model.shape(target);
        Some(match kind {
            ShapeKind::String => RustType::String,
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::Byte => RustType::Byte,
            ShapeKind::Short => RustType::Short,
            ShapeKind::Integer => RustType::Integer,
            ShapeKind::Long => RustType::Long,
            ShapeKind::Float => RustType::Float,
            ShapeKind::Double => RustType::Double,
            ShapeKind::BigInteger => RustType::BigInteger,
            ShapeKind::BigDecimal => RustType::BigDecimal,
            ShapeKind::Blob => RustType::Blob,
            ShapeKind::Document => RustType::Document,
            ShapeKind::Timestamp => {
                let format = match self.check(member_traits.timestamp_format(owner))? {
                    Some(format) => Some(format),
                    None => shape.and_then(|s| self.check(s.traits.timestamp_format(&s.id)).flatten()),
                };
                RustType::Timestamp(match format {
                    Some("date-time") => ir::TimestampFormat::DateTime,
                    Some("http-date") => ir::TimestampFormat::HttpDate,
                    Some("epoch-seconds") => ir::TimestampFormat::EpochSeconds,
                    _ => self.protocol.default_timestamp_format(location),
                })
            }
            ShapeKind::List | ShapeKind::Map => {
                let shape = shape?;
                if stack.iter().any(|s| s == target) {
                    self.diagnostics.push(Diagnostic::new(
                        target,
                        "contains itself through lists and maps only, with no structure or union to break the cycle",
                    ));
                    return None;
                }
                stack.push(target.to_owned());
                let sparse = shape.traits.sparse();
                let inner = |this: &mut Self, name: &str, stack: &mut Vec<String>| {
                    let member = &shape.members[name];
                    this.rust_type(&member.target, &member.traits, &member.id, location, stack).map(Box::new)
                };
                let ty = if kind == ShapeKind::List {
                    RustType::List { member: inner(self, "member", stack)?, sparse }
                } else {
                    let key = inner(self, "key", stack)?;
                    let key_ok = matches!(&*key, RustType::String)
                        || matches!(&*key, RustType::Named(p) if p.kind == TypeKind::Enum);
                    if !key_ok {
                        self.diagnostics.push(Diagnostic::new(
                            format!("{target}$key"),
                            "map keys must target a string or enum shape",
                        ));
                        return None;
                    }
                    RustType::Map { key, value: inner(self, "value", stack)?, sparse }
                };
                stack.pop();
                ty
            }
            ShapeKind::Enum
            | ShapeKind::IntEnum
            | ShapeKind::Structure
            | ShapeKind::Union
            | ShapeKind::Service(_)
            | ShapeKind::Operation(_)
            | ShapeKind::Resource(_) => {
                self.diagnostics.push(Diagnostic::new(owner, format!("cannot use `{target}` as a member type here")));
                return None;
            }
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

    pub(super) fn docs(&mut self, traits: &Traits, owner: &str, ctx: &BuildContext) -> Docs {
        match self.check(traits.documentation(owner)).flatten() {
            Some(html) => Docs(docs::html_to_markdown(html, &|name| ctx.references.get(name).cloned())),
            None => Docs::default(),
        }
    }

    /// A member's documentation, falling back to its target shape's.
    pub(super) fn member_docs(&mut self, member: &Member, ctx: &BuildContext) -> Docs {
        let own = self.docs(&member.traits, &member.id, ctx);
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
                self.docs(&target.traits.clone(), &target.id, ctx)
            }
            _ => Docs::default(),
        }
    }

    /// Intra-doc link targets for `<a>Name</a>` cross-references, by model name.
    fn reference_paths(&self) -> BTreeMap<String, String> {
        let mut by_name: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut add = |name: String, path: String| {
            by_name
                .entry(name)
                .and_modify(|existing| {
                    if existing.as_ref() != Some(&path) {
                        *existing = None;
                    }
                })
                .or_insert(Some(path));
        };
        for (id, path) in &self.paths {
            let base = type_path_string(path);
            add(smithy::shape_name(id).to_owned(), base.clone());
            if let Some(shape) = self.model.shape(id)
                && path.kind == TypeKind::Structure
            {
                for member_name in shape.members.keys() {
                    let snake = naming::snake_name(member_name);
                    let target =
                        if snake.ident == snake.word { format!("{base}::{}", snake.ident) } else { base.clone() };
                    add(format!("{}${member_name}", smithy::shape_name(id)), target);
                }
            }
        }
        for (id, refs) in &self.operations {
            let module = &self.operation_modules[id];
            let op_name = smithy::shape_name(id);
            add(op_name.to_owned(), format!("crate::operation::{module}"));
            for (io, suffix) in [(refs.input, "Input"), (refs.output, "Output")] {
                if let Some(io) = io
                    && !self.paths.contains_key(io)
                {
                    add(
                        smithy::shape_name(io).to_owned(),
                        format!("crate::operation::{module}::{}{suffix}", naming::type_name(op_name)),
                    );
                }
            }
        }
        by_name.into_iter().filter_map(|(name, path)| Some((name, path?))).collect()
    }

    /// Edges (container, target) between structures/unions that close a containment cycle
    /// not broken by a list or map, and so must be boxed.
    fn boxed_edges(&self) -> BTreeSet<(String, String)> {
        let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for id in &self.reachable {
            let Some(shape) = self.model.shape(id) else { continue };
            if !matches!(shape.kind, ShapeKind::Structure | ShapeKind::Union) {
                continue;
            }
            let edges = graph.entry(id).or_default();
            for member in shape.members.values() {
                if matches!(
                    self.model.shape(&member.target).map(|s| &s.kind),
                    Some(ShapeKind::Structure | ShapeKind::Union)
                ) {
                    edges.insert(member.target.as_str());
                }
            }
        }
        let reaches = |from: &str, to: &str| {
            let mut stack = vec![from];
            let mut seen = BTreeSet::new();
            while let Some(node) = stack.pop() {
                if node == to {
                    return true;
                }
                if seen.insert(node) {
                    stack.extend(graph.get(node).into_iter().flatten().copied());
                }
            }
            false
        };
        let mut boxed = BTreeSet::new();
        for (container, targets) in &graph {
            for target in targets {
                if reaches(target, container) {
                    boxed.insert(((*container).to_owned(), (*target).to_owned()));
                }
            }
        }
        boxed
    }
}

/// Facts computed once before lowering.
pub(super) struct BuildContext {
    pub(super) references: BTreeMap<String, String>,
    pub(super) boxed_edges: BTreeSet<(String, String)>,
}

/// `crate::types::Name`-style path of a named type.
pub(crate) fn type_path_string(path: &TypePath) -> String {
    match &path.module {
        ModulePath::Types => format!("crate::types::{}", path.name),
        ModulePath::Error => format!("crate::error::{}", path.name),
        ModulePath::Operation(module) => format!("crate::operation::{module}::{}", path.name),
    }
}
