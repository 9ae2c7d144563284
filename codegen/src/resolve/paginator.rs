//! `@paginated`: the operation's trait merged over the service's defaults, each
//! member path checked against the input and output structures.

use crate::error::Diagnostic;
use crate::ir::pagination::{DeclaredPagination, Items, Paginator, PathStep};
use crate::ir::{Member, Operation, Presence, RustType, Structure, TypeDef};
use crate::smithy::Paginated;

/// The operation's paginator, or a diagnostic naming the member path that is wrong.
pub fn paginator(
    id: &str,
    operation: &Operation,
    own: &Paginated,
    service: Option<&Paginated>,
    types: &[TypeDef],
) -> Result<Paginator, Diagnostic> {
    let pick =
        |own: &Option<String>, inherited: Option<&Option<String>>| own.clone().or_else(|| inherited.cloned().flatten());
    let input_token = pick(&own.input_token, service.map(|s| &s.input_token));
    let output_token = pick(&own.output_token, service.map(|s| &s.output_token));
    let page_size = pick(&own.page_size, service.map(|s| &s.page_size));
    let (Some(input_token), Some(output_token)) = (input_token, output_token) else {
        return Err(Diagnostic::new(id, "@paginated needs an inputToken and an outputToken (here or on the service)"));
    };
    let error =
        |what: &str, path: &str, message: String| Diagnostic::new(id, format!("@paginated {what} `{path}`: {message}"));
    let input_member = operation
        .input
        .members
        .iter()
        .find(|m| m.model_name == input_token)
        .ok_or_else(|| error("inputToken", &input_token, "no such input member".to_owned()))?;
    let (output_path, token_type) =
        path(&operation.output, &output_token, types).map_err(|m| error("outputToken", &output_token, m))?;
    if token_type != input_member.ty {
        return Err(error("outputToken", &output_token, "its type differs from the inputToken's".to_owned()));
    }
    let items = match own.items.as_deref() {
        None => None,
        Some(items) => {
            let (path, collection) = path(&operation.output, items, types).map_err(|m| error("items", items, m))?;
            if !matches!(collection, RustType::List { .. } | RustType::Map { .. }) {
                return Err(error("items", items, "is not a list or a map".to_owned()));
            }
            Some(Items { path, collection })
        }
    };
    let declared = DeclaredPagination {
        input_token: input_token.clone(),
        output_token: output_token.clone(),
        items: own.items.clone(),
        page_size: page_size.clone(),
    };
    let page_size = match page_size {
        None => None,
        Some(name) => {
            let member = operation
                .input
                .members
                .iter()
                .find(|m| m.model_name == name)
                .ok_or_else(|| error("pageSize", &name, "no such input member".to_owned()))?;
            if !matches!(member.ty, RustType::Integer | RustType::Long | RustType::Short | RustType::Byte) {
                return Err(error("pageSize", &name, "is not an integer".to_owned()));
            }
            Some((member.field.clone(), member.ty.clone()))
        }
    };
    Ok(Paginator {
        input_token: input_member.word.clone(),
        output_token: output_path,
        token_type,
        items,
        page_size,
        declared,
    })
}

/// Follows `a.b.c` through structure members from `start`; returns the steps and the
/// type at the end.
pub fn path(start: &Structure, dotted: &str, types: &[TypeDef]) -> Result<(Vec<PathStep>, RustType), String> {
    let mut structure = start;
    let mut steps = Vec::new();
    let mut segments = dotted.split('.').peekable();
    while let Some(segment) = segments.next() {
        let member = find(structure, segment)?;
        steps.push(PathStep {
            field: member.field.clone(),
            optional: member.presence == Presence::Optional,
            boxed: member.boxed,
        });
        if segments.peek().is_none() {
            return Ok((steps, member.ty.clone()));
        }
        structure = match &member.ty {
            RustType::Named(path) => types
                .iter()
                .find_map(|ty| match ty {
                    TypeDef::Structure(s) if s.name == path.name => Some(s),
                    _ => None,
                })
                .ok_or_else(|| format!("`{segment}` is not a structure"))?,
            _ => return Err(format!("`{segment}` is not a structure")),
        };
    }
    Err("the path is empty".to_owned())
}

fn find<'s>(structure: &'s Structure, name: &str) -> Result<&'s Member, String> {
    structure
        .members
        .iter()
        .find(|m| m.model_name == name)
        .ok_or_else(|| format!("`{}` has no member `{name}`", structure.name))
}
