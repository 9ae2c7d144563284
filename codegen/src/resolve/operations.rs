//! Lowering operations: the input and output structures, the request line and auth
//! (through `bindings.rs`), modeled errors, `@endpoint` host prefixes and request
//! compression.

use super::facts::Facts;
use super::{Resolver, naming};
use crate::error::Diagnostic;
use crate::ir::{self, Docs, ModulePath, RustType, StructureRole};
use crate::smithy::{self, Shape, ShapeKind};

impl<'m> Resolver<'m> {
    pub(super) fn build_operation(&mut self, id: &'m str, facts: &Facts) -> Option<ir::Operation> {
        let refs = &self.operations[id];
        let (shape, input, output, errors) = (refs.shape, refs.input, refs.output, refs.errors.clone());
        let op_name = smithy::shape_name(id).to_owned();
        let module = self.operation_modules[id].clone();
        let io_structure = |this: &mut Self, shape_id: Option<&'m str>, suffix: &str, role: StructureRole| {
            let name = format!("{}{suffix}", naming::type_name(&op_name));
            match shape_id.and_then(|s| this.model.shape(s)) {
                Some(io) if io.kind == ShapeKind::Structure => Some(this.build_structure(io, name, role, facts)),
                Some(io) => {
                    this.diagnostics.push(Diagnostic::new(id, format!("{suffix} `{}` is not a structure", io.id)));
                    None
                }
                None => Some(ir::Structure {
                    word: naming::snake_name(&name).word,
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
            checksum_required: shape.traits.http_checksum_required(),
            unsigned_payload: shape.traits.has("aws.auth#unsignedPayload"),
            endpoint_bindings: Vec::new(),
            paginator: None,
            waiters: Vec::new(),
            examples: Vec::new(),
            smoke_tests: Vec::new(),
            input,
            output,
            errors: error_paths,
            docs: self.docs(&shape.traits, id, facts),
            deprecated: self.check(shape.traits.deprecated(id)).flatten(),
        })
    }

    /// Parses `@endpoint(hostPrefix)`: `{label}`s must name `@hostLabel` input members.
    pub(super) fn host_prefix(&mut self, operation: &Shape, input: &ir::Structure) -> Option<ir::HostPrefix> {
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
}
