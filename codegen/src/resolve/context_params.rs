//! Endpoint parameters set from outside the rule set: `operationContextParams`
//! (paths into an operation's input) and `clientContextParams` (service-specific
//! settings of the client configuration).

use super::Resolver;

use super::endpoint::type_name;
use crate::error::Diagnostic;
use crate::ir::endpoint::{BindingSource, ClientContextParam, EndpointBinding, EndpointRules, ValueType};
use crate::ir::{Docs, RustType};
use crate::smithy::context_params::{ContextParamType, OperationContextParam};
use crate::smithy::traits::Traits;

impl Resolver<'_> {
    /// Adds each operation's `operationContextParams` bindings (after the types are
    /// built: paths reach into any structure), keeping bindings sorted by field.
    pub(super) fn bind_operation_contexts(
        &mut self,
        operations: &mut [crate::ir::Operation],
        types: &[crate::ir::TypeDef],
        endpoint: &EndpointRules,
    ) {
        for operation in operations.iter_mut() {
            let Some(id) =
                self.operations.keys().copied().find(|id| self.operation_modules.get(id) == Some(&operation.module))
            else {
                continue;
            };
            let shape = self.operations[id].shape;
            match operation_context_bindings(shape, operation, types, endpoint) {
                Ok((bindings, warnings)) => {
                    operation.endpoint_bindings.extend(bindings);
                    operation.endpoint_bindings.sort_by(|a, b| a.field.cmp(&b.field));
                    self.warnings.extend(warnings);
                }
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }
    }
}

/// The service's `clientContextParams`: each names a parameter of the rule set (of
/// the same type) that the client configuration sets. Sorted by name.
pub fn client_context_params(
    owner: &str,
    traits: &Traits,
    rules: &EndpointRules,
    html_to_markdown: &dyn Fn(&str) -> String,
) -> Result<Vec<ClientContextParam>, Diagnostic> {
    let mut params = Vec::new();
    for setting in traits.client_context_params(owner)? {
        let name = &setting.name;
        let location = format!("{owner} clientContextParams.{name}");
        let ty = match setting.ty {
            ContextParamType::Boolean => ValueType::Bool,
            ContextParamType::String => ValueType::Str,
            ContextParamType::StringArray => ValueType::StrArray,
        };
        let param = rules
            .params
            .iter()
            .find(|p| &p.name == name)
            .ok_or_else(|| Diagnostic::new(&location, "names no parameter of the endpoint rule set".to_owned()))?;
        if param.ty != ty || param.built_in.is_some() {
            return Err(Diagnostic::new(
                location,
                format!(
                    "is a {} setting, but the rule set's parameter is a {}{}",
                    type_name(ty),
                    type_name(param.ty),
                    if param.built_in.is_some() { " built-in" } else { "" }
                ),
            ));
        }
        let docs = setting.documentation.as_deref().map(html_to_markdown).unwrap_or_default();
        params.push(ClientContextParam { name: setting.name, field: param.field.clone(), ty, docs: Docs(docs) });
    }
    Ok(params)
}

/// The endpoint parameters an operation binds by `operationContextParams`: JMESPath
/// expressions on the input (nested members `A.B`, projections `A[*].B`, flattening
/// `A[]`, `keys(A)`), typed against the input and every structure it reaches. A path
/// outside that subset is left unbound with a warning saying why; a path whose value
/// does not fit the parameter's type is an error.
pub fn operation_context_bindings(
    operation: &crate::smithy::Shape,
    ir_operation: &crate::ir::Operation,
    types: &[crate::ir::TypeDef],
    rules: &EndpointRules,
) -> Result<(Vec<EndpointBinding>, Vec<String>), Diagnostic> {
    use crate::ir::waiter::ValueKind;
    let id = operation.id.as_str();
    let (mut bindings, mut warnings) = (Vec::new(), Vec::new());
    for OperationContextParam { name, path: text } in operation.traits.operation_context_params(id)? {
        let param = rules.params.iter().find(|p| p.name == name).ok_or_else(|| {
            Diagnostic::new(id, format!("binds `{name}`, which is not a parameter of the endpoint rule set"))
        })?;
        let path = match super::waiter::input_path(&text, ir_operation, types) {
            Ok(path) => path,
            Err(reason) => {
                warnings.push(format!("{id}: endpoint parameter `{name}` is not bound: path `{text}`: {reason}"));
                continue;
            }
        };
        let strings = |element: &RustType| {
            matches!(element, RustType::String)
                || matches!(element, RustType::Named(p) if p.kind == crate::ir::TypeKind::Enum)
        };
        let fits = match (param.ty, path.many, &path.ty) {
            (ValueType::Str, false, ValueKind::Str) | (ValueType::Bool, false, ValueKind::Bool) => true,
            (ValueType::StrArray, true, ValueKind::Str) => true,
            // `Lists[]`: the projection's values are lists, flattened into one.
            (ValueType::StrArray, true, ValueKind::List { element, sparse: false }) => strings(element),
            (ValueType::StrArray, false, ValueKind::List { element, sparse: false }) => strings(element),
            _ => false,
        };
        if !fits {
            return Err(Diagnostic::new(
                id,
                format!(
                    "operationContextParams `{name}`: path `{text}` yields {}{:?}, which does not fit the parameter's type {}",
                    if path.many { "a projection of " } else { "" },
                    path.ty,
                    type_name(param.ty)
                ),
            ));
        }
        bindings.push(EndpointBinding { field: param.field.clone(), ty: param.ty, source: BindingSource::Path(path) });
    }
    Ok((bindings, warnings))
}
