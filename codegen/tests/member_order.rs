//! Members follow the model's order (as AWS's documentation lists them), and the order
//! of the top-level `shapes` object changes nothing: the output depends on each
//! shape's own text, not on where the shape stands.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

fn options() -> codegen::EmitOptions {
    codegen::EmitOptions {
        model_label: "model.json".to_owned(),
        regenerate_command: "test".to_owned(),
        model_crate: "hazards-model".to_owned(),
        client_crate: "hazards-client".to_owned(),
        model_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"model\" }".to_owned(),
    }
}

/// The model with its shapes written in the given order (each shape's text untouched).
fn with_shapes_ordered(model: &str, reverse: bool) -> String {
    #[derive(serde::Deserialize)]
    struct Top {
        smithy: serde_json::Value,
        shapes: BTreeMap<String, Box<RawValue>>,
    }
    let top: Top = serde_json::from_str(model).unwrap();
    let mut entries: Vec<String> = top
        .shapes
        .iter()
        .map(|(id, shape)| format!("{}:{}", serde_json::to_string(id).unwrap(), shape.get()))
        .collect();
    if reverse {
        entries.reverse();
    }
    format!("{{\"smithy\":{},\"shapes\":{{{}}}}}", top.smithy, entries.join(","))
}

#[test]
fn reordering_the_shapes_object_changes_no_generated_byte() {
    let model = std::fs::read_to_string("tests/hazards/model.json").unwrap();
    let forward = codegen::generate(&with_shapes_ordered(&model, false), &options()).unwrap();
    let backward = codegen::generate(&with_shapes_ordered(&model, true), &options()).unwrap();
    assert!(forward.model_files == backward.model_files, "model files differ with the shapes reordered");
    assert!(forward.client_files == backward.client_files, "client files differ with the shapes reordered");
}

#[test]
fn fields_follow_the_order_the_model_lists_members_in() {
    let model = std::fs::read_to_string("tests/hazards/model.json").unwrap();
    let service = codegen::resolve::resolve(&codegen::smithy::Model::from_json(&model).unwrap(), None).unwrap();
    let names = |name: &str| -> Vec<String> {
        let structure = service
            .types
            .iter()
            .find_map(|ty| match ty {
                codegen::ir::TypeDef::Structure(s) if s.name == name => Some(s),
                _ => None,
            })
            .expect("the structure");
        structure.members.iter().map(|m| m.model_name.clone()).collect()
    };
    // The model lists these members out of alphabetical order.
    assert_eq!(names("Fleet"), ["Name", "Status", "Active"]);
    assert_eq!(names("FleetMember"), ["Name", "State", "Healthy", "Load", "Tags"]);
}
