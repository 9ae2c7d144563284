//! Unions serialize from a reference to the set member: no value is cloned on the way
//! out, so a deeply nested union (a document-like type) is not copied once per level.

fn generated_choice() -> String {
    let model = std::fs::read_to_string("tests/hazards/model.json").unwrap();
    let options = codegen::EmitOptions {
        model_label: "model.json".to_owned(),
        regenerate_command: "test".to_owned(),
        model_crate: "hazards-model".to_owned(),
        client_crate: "hazards-client".to_owned(),
        model_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"model\" }".to_owned(),
    };
    let generated = codegen::generate(&model, &options).unwrap();
    generated.model_files["src/types/_choice.rs"].clone()
}

#[test]
fn union_serialization_takes_values_by_reference() {
    let text = generated_choice();
    let start = text.find("impl ::serde::Serialize for Choice").expect("a Serialize impl");
    let end = start + text[start..].find("\nimpl").unwrap_or(text.len() - start);
    let serialize = &text[start..end];
    // Every kind of variant is there: boxed recursion, a list of unions, a
    // timestamp with its own format, a string and a unit member.
    for variant in ["Self::Again(value)", "Self::Nested(value)", "Self::At(value)", "Self::Name(value)"] {
        assert!(serialize.contains(variant), "{variant} missing:\n{serialize}");
    }
    assert!(!serialize.contains("clone"), "a value is copied to be serialized:\n{serialize}");
}
