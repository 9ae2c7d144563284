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
