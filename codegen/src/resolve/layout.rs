//! Pass two, **layout**: every generated named type gets its Rust name and module
//! (`types`, `error`, or its operation's), and collisions are reported.

use std::collections::BTreeMap;

use super::{Resolver, naming};
use crate::error::Diagnostic;
use crate::ir::{ModulePath, TypeKind, TypePath};
use crate::smithy::{self, ShapeKind};

impl<'m> Resolver<'m> {
    /// Gives every generated item its name and module, checking for collisions.
    pub(super) fn assign_names(&mut self) {
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
