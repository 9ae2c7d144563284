//! Pass three, **facts**: what later passes need about the whole model, computed once
//! before lowering and read-only from then on: the intra-doc link targets of model
//! names, and the containment edges that must be boxed to break recursion.

use std::collections::{BTreeMap, BTreeSet};

use super::{Resolver, naming};
use crate::ir::TypeKind;
use crate::smithy::{self, ShapeKind};

/// Facts computed once before lowering; no pass changes them.
pub(super) struct Facts {
    /// Rust paths for `<a>Name</a>` cross-references in documentation, by model name.
    pub(super) references: BTreeMap<String, String>,
    /// (container, target) edges between structures and unions that close a
    /// containment cycle, and so are boxed.
    pub(super) boxed_edges: BTreeSet<(String, String)>,
}

impl<'m> Resolver<'m> {
    /// Computes the facts.
    pub(super) fn facts(&self) -> Facts {
        Facts { references: self.reference_paths(), boxed_edges: self.boxed_edges() }
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
            let base = path.rust_path();
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
