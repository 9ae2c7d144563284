//! Every member whose value holds `@sensitive` data is marked sensitive (and so
//! redacted by `Debug`), whatever the path to it: the member itself, its target, or a
//! list element, map key or map value at any depth. The expected set is computed here
//! from the model's JSON, independently of the generator, and compared in full.

use std::collections::BTreeSet;

use codegen::ir::TypeDef;
use serde_json::Value;

/// Whether a member (its JSON) reaches sensitive data through lists and maps only.
fn reaches_sensitive(shapes: &serde_json::Map<String, Value>, member: &Value) -> bool {
    let marked = |traits: Option<&Value>| traits.and_then(|t| t.get("smithy.api#sensitive")).is_some();
    if marked(member.get("traits")) {
        return true;
    }
    let Some(target) = member["target"].as_str().and_then(|id| shapes.get(id)) else { return false };
    if marked(target.get("traits")) {
        return true;
    }
    match target["type"].as_str() {
        Some("list" | "set") => reaches_sensitive(shapes, &target["member"]),
        Some("map") => reaches_sensitive(shapes, &target["key"]) || reaches_sensitive(shapes, &target["value"]),
        _ => false,
    }
}

fn check(model_path: &str) -> usize {
    let text = std::fs::read_to_string(model_path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let shapes = json["shapes"].as_object().unwrap();
    let mut expected = BTreeSet::new();
    for (id, shape) in shapes {
        if !matches!(shape["type"].as_str(), Some("structure" | "union")) {
            continue;
        }
        for (name, member) in shape.get("members").and_then(Value::as_object).into_iter().flatten() {
            if reaches_sensitive(shapes, member) {
                expected.insert(format!("{id}${name}"));
            }
        }
    }

    let model = codegen::smithy::Model::from_json(&text).unwrap();
    let service = codegen::resolve::resolve(&model, None).unwrap();
    let mut structures: Vec<_> = service.errors.iter().collect();
    structures.extend(service.operations.iter().flat_map(|op| [&op.input, &op.output]));
    let mut marked = BTreeSet::new();
    for ty in &service.types {
        match ty {
            TypeDef::Structure(s) => structures.push(s),
            TypeDef::Union(u) => {
                for v in u.variants.iter().filter(|v| v.sensitive) {
                    marked.insert(format!("{}${}", u.shape_id, v.wire_name));
                }
            }
            _ => {}
        }
    }
    for s in structures {
        for m in s.members.iter().filter(|m| m.sensitive) {
            marked.insert(format!("{}${}", s.shape_id, m.model_name));
        }
    }
    // Only shapes the service reaches are generated: compare on those.
    let generated: BTreeSet<&str> = service
        .types
        .iter()
        .filter_map(|ty| match ty {
            TypeDef::Structure(s) => Some(s.shape_id.as_str()),
            TypeDef::Union(u) => Some(u.shape_id.as_str()),
            _ => None,
        })
        .chain(service.errors.iter().map(|s| s.shape_id.as_str()))
        .chain(service.operations.iter().flat_map(|op| [op.input.shape_id.as_str(), op.output.shape_id.as_str()]))
        .collect();
    expected.retain(|id| generated.contains(id.split('$').next().unwrap()));
    assert_eq!(marked, expected, "{model_path}: members marked sensitive vs members that reach sensitive data");
    expected.len()
}

#[test]
fn every_path_to_sensitive_data_is_redacted_in_the_hazards_model() {
    let count = check("tests/hazards/model.json");
    // The password member, a list of them, a list of lists, a map's values, a map's
    // keys, a list whose member carries the trait, and the error/union cases.
    assert!(count >= 6, "the hazards model has {count} sensitive paths; it should carry every kind");
}

#[test]
fn every_path_to_sensitive_data_is_redacted_in_ecr() {
    check("../models/ecr/ecr-2015-09-21.json");
}
