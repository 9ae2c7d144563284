//! Room one, **read**: a serde mirror of the Smithy 2.0 JSON AST.
//!
//! Nothing here knows about Rust names or any particular service. Every shape is
//! checked for its basic form while reading, and problems are reported with the
//! shape id, member and (where it can be found) the line in the JSON text.

pub mod context_params;
pub mod examples;
pub mod http;
pub mod jmespath;
pub mod partitions;
pub mod rules;
mod shape;
pub mod traits;
pub mod waiters;

use std::collections::BTreeMap;

pub use shape::{Member, Shape, ShapeKind};
pub use traits::{DefaultValue, LengthRange, Paginated, Traits};

use crate::error::{Diagnostic, Diagnostics};

/// Shape id of the unit type (`smithy.api#Unit`): "no input" / "no output" / a unit union member.
pub const UNIT: &str = "smithy.api#Unit";

/// A parsed Smithy model: shapes by absolute shape id, sorted.
#[derive(Debug, Clone)]
pub struct Model {
    /// The `smithy` version string ("2.0", "1.0").
    pub version: String,
    /// All shapes defined in the model (prelude shapes are not listed here).
    pub shapes: BTreeMap<String, Shape>,
    /// The JSON text the model came from, kept to point at lines in diagnostics.
    source: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    smithy: Option<serde_json::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    metadata: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    shapes: BTreeMap<String, Box<serde_json::value::RawValue>>,
}

impl Model {
    /// Parses a Smithy JSON AST document.
    ///
    /// All problems that can be found are returned together, each naming the shape id.
    pub fn from_json(text: &str) -> Result<Model, Diagnostics> {
        let raw: RawModel = serde_json::from_str(text).map_err(|err| {
            Diagnostics::one(Diagnostic::at_line(
                "model",
                format!("not a Smithy JSON AST document: {err}"),
                Some(err.line()),
            ))
        })?;
        let version = match raw.smithy {
            Some(serde_json::Value::String(version)) => version,
            Some(other) => {
                return Err(Diagnostics::one(Diagnostic::new(
                    "model",
                    format!("`smithy` must be a version string such as \"2.0\", found {other}"),
                )));
            }
            None => {
                return Err(Diagnostics::one(Diagnostic::new("model", "missing the `smithy` version key")));
            }
        };
        if !(version.starts_with("1.") || version.starts_with("2.")) && version != "1" && version != "2" {
            return Err(Diagnostics::one(Diagnostic::new(
                "model",
                format!("unsupported Smithy version `{version}` (expected 1.x or 2.x)"),
            )));
        }
        let mut diagnostics = Diagnostics::default();
        let mut shapes = BTreeMap::new();
        let mut applies: Vec<(String, Traits)> = Vec::new();
        for (id, value) in raw.shapes {
            // Finding the line scans the text, so it is done only for shapes with a problem.
            let line = || line_of_key(text, &id);
            if let Err(message) = validate_shape_id(id.split_once('$').map_or(id.as_str(), |(shape, _)| shape)) {
                diagnostics.push(Diagnostic::at_line(&id, message, line()));
                continue;
            }
            let parsed = serde_json::from_str::<serde_json::Value>(value.get())
                .and_then(|json| Ok((json, shape::member_order(value.get())?)))
                .map_err(|err| Diagnostic::new(&id, format!("malformed shape: {err}")))
                .and_then(|(json, order)| Shape::from_json(&id, json, order));
            match parsed {
                Ok(shape::Parsed::Shape(shape)) => {
                    shapes.insert(id, *shape);
                }
                Ok(shape::Parsed::Apply(traits)) => applies.push((id, traits)),
                Err(mut diagnostic) => {
                    if diagnostic.line.is_none() {
                        diagnostic.line = line();
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
        for (id, traits) in applies {
            // `apply` may also target a member: `ns#Shape$member`.
            let (shape_id, member) = match id.split_once('$') {
                Some((shape_id, member)) => (shape_id.to_owned(), Some(member.to_owned())),
                None => (id.clone(), None),
            };
            let target = shapes.get_mut(&shape_id).and_then(|shape: &mut Shape| match &member {
                Some(member) => shape.members.get_mut(member).map(|m| &mut m.traits),
                None => Some(&mut shape.traits),
            });
            match target {
                Some(existing) => existing.0.extend(traits.0),
                None => {
                    diagnostics.push(Diagnostic::new(&id, "`apply` targets a shape that is not defined in the model"))
                }
            }
        }
        diagnostics.into_result(())?;
        let mut model = Model { version, shapes, source: text.to_owned() };
        model.flatten_mixins()?;
        Ok(model)
    }

    /// The 1-based line of the JSON text at which a shape is defined, when it can be found.
    pub fn line_of(&self, shape_id: &str) -> Option<usize> {
        line_of_key(&self.source, shape_id)
    }

    /// Looks a shape up by absolute id.
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Copies members and traits of mixins into the shapes that use them, so later
    /// rooms see flat shapes. Mixin shapes themselves stay in the model but are never
    /// reachable from a service.
    fn flatten_mixins(&mut self) -> Result<(), Diagnostics> {
        let ids: Vec<String> = self.shapes.keys().cloned().collect();
        let mut diagnostics = Diagnostics::default();
        for id in ids {
            let mut seen = Vec::new();
            match self.collect_mixins(&id, &mut seen) {
                Ok((members, traits)) => {
                    let shape = self.shapes.get_mut(&id).expect("id taken from the map");
                    for (name, member) in members {
                        shape.members.entry(name).or_insert(member);
                    }
                    for (trait_id, value) in traits.0 {
                        shape.traits.0.entry(trait_id).or_insert(value);
                    }
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        diagnostics.into_result(())
    }

    fn collect_mixins(
        &self,
        id: &str,
        seen: &mut Vec<String>,
    ) -> Result<(BTreeMap<String, Member>, Traits), Diagnostic> {
        let shape = &self.shapes[id];
        let mut members = BTreeMap::new();
        let mut traits = Traits::default();
        for mixin in &shape.mixins {
            if seen.iter().any(|s| s == mixin) || mixin == id {
                return Err(Diagnostic::new(id, format!("mixin cycle through `{mixin}`")));
            }
            let Some(mixin_shape) = self.shapes.get(mixin) else {
                return Err(Diagnostic::new(id, format!("mixin `{mixin}` is not defined in the model")));
            };
            if !mixin_shape.traits.has("smithy.api#mixin") {
                return Err(Diagnostic::new(id, format!("`{mixin}` is used as a mixin but lacks the @mixin trait")));
            }
            seen.push(mixin.clone());
            let (inner_members, inner_traits) = self.collect_mixins(mixin, seen)?;
            seen.pop();
            members.extend(inner_members);
            for (name, member) in &mixin_shape.members {
                let mut member = member.clone();
                member.id = format!("{id}${name}");
                members.insert(name.clone(), member);
            }
            traits.0.extend(inner_traits.0);
            for (trait_id, value) in &mixin_shape.traits.0 {
                if trait_id != "smithy.api#mixin" {
                    traits.0.insert(trait_id.clone(), value.clone());
                }
            }
        }
        Ok((members, traits))
    }
}

/// Checks `namespace#Name` form: a dotted namespace of identifiers, `#`, an identifier.
fn validate_shape_id(id: &str) -> Result<(), String> {
    let Some((namespace, name)) = id.split_once('#') else {
        return Err(format!("shape id `{id}` is not of the form namespace#Name"));
    };
    let valid_identifier = |s: &str| {
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if namespace.split('.').all(valid_identifier) && valid_identifier(name) {
        Ok(())
    } else {
        Err(format!("shape id `{id}` is not a valid absolute shape id"))
    }
}

/// Returns the shape name part of an absolute shape id (`ns#Name` → `Name`).
pub fn shape_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

/// Finds the line on which `"key":` appears first in a JSON text.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let needle = format!("\"{key}\"");
    let offset = text.find(&needle)?;
    Some(text[..offset].bytes().filter(|b| *b == b'\n').count() + 1)
}
