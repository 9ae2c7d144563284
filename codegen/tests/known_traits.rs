//! Every trait any model of the repository uses is in the generator's table, either
//! honoured or ignored with a reason: a trait in neither list would be dropped without
//! a word, so it fails here until someone decides which it is.

use std::path::{Path, PathBuf};

/// Every Smithy model checked into the repository (the generated services, the test
/// fixtures and the revisions the model diff compares).
fn models() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    let mut pending = vec![root.join("models"), root.join("codegen/tests")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("\"smithy\"") && text.contains("\"shapes\"") {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_trait_of_every_model_is_honoured_or_ignored_with_a_reason() {
    let models = models();
    assert!(models.len() >= 7, "the repository's models were not found: {models:?}");
    let mut unknown = Vec::new();
    for path in &models {
        let text = std::fs::read_to_string(path).unwrap();
        let model = codegen::smithy::Model::from_json(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        for line in codegen::resolve::ignored_traits::report(&model) {
            if line.ends_with(codegen::resolve::ignored_traits::UNKNOWN) {
                unknown.push(format!("{}: {line}", path.display()));
            }
        }
    }
    assert!(unknown.is_empty(), "traits in neither list:\n{}", unknown.join("\n"));
}

/// A protocol the generator does not speak is refused with an error naming it, never
/// generated as if it were another: each refused protocol on a minimal service.
#[test]
fn models_of_refused_protocols_are_not_generated() {
    let options = codegen::EmitOptions {
        model_label: "m.json".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        model_crate: "m-model".to_owned(),
        client_crate: "m-client".to_owned(),
        model_runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"../m-model\" }".to_owned(),
    };
    assert!(!codegen::resolve::ignored_traits::REFUSED.is_empty());
    for protocol in codegen::resolve::ignored_traits::REFUSED {
        let text = format!(
            r#"{{"smithy": "2.0", "shapes": {{
            "t#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "t#Op"}}],
                       "traits": {{"{protocol}": {{}}}}}},
            "t#Op": {{"type": "operation"}}}}}}"#
        );
        let Err(error) = codegen::generate(&text, &options) else {
            panic!("a service declaring {protocol} was generated");
        };
        let message = format!("{error}");
        assert!(message.contains(protocol), "the refusal does not name {protocol}: {message}");
    }
}
