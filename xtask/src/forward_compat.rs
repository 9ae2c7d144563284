//! The forward-compatibility fixture: a slice of the older ECR model
//! (`codegen/tests/fixtures/model_diff/ecr-older.json`) whose generated crates,
//! `older-ecr-model` and `older-ecr-client` under `codegen/tests/forward_compat/`, are
//! fed responses shaped by the current model by their hand-written test.
//!
//! Why a slice and not the whole older model: the generated code that decides forward
//! compatibility is the same for every shape (enums keep unknown values, structures skip
//! unknown fields, operation errors keep unknown codes), so four operations whose
//! shapes did change between the revisions give the same evidence as all 49, at a
//! tenth of the build time in every `cargo test`, `clippy` and `doc` run. The slice is
//! the older model itself with the service's operation list cut down and unreachable
//! shapes dropped, so what is generated is what the older model generates for them
//! (a test below compares the files with those of the whole older model). The whole
//! older model's crates were also built once by hand (`cargo xtask codegen --model
//! codegen/tests/fixtures/model_diff/ecr-older.json --out DIR`): clippy-clean with
//! `-D warnings`, about 35 s of `clippy` and 45 s of test build on two cores, which every
//! workspace-wide run would pay again; their endpoint tests fail exactly the four cases
//! below.
//!
//! The older model's endpoint test cases are kept, except the four that today's
//! partition table answers differently ([`DISAGREEING_ENDPOINT_TESTS`]); those are
//! asserted with today's answers in the fixture's test instead of being dropped silently.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::codegen::SyncReport;

/// The older revision of the ECR model, relative to the root.
pub const OLDER: &str = "codegen/tests/fixtures/model_diff/ecr-older.json";
/// The slice the fixture crates are generated from, relative to the root.
pub const MODEL: &str = "codegen/tests/forward_compat/model.json";
/// The operations kept: each has shapes that gained members, enum values or errors.
pub const OPERATIONS: &[&str] =
    &["BatchCheckLayerAvailability", "DescribeImages", "DescribeRepositories", "StartImageScan"];
/// Endpoint test cases of the older model that today's partition table (which marks the
/// iso partitions dual-stack capable) answers differently, by their documentation.
pub const DISAGREEING_ENDPOINT_TESTS: &[&str] = &[
    "For region us-iso-east-1 with FIPS enabled and DualStack enabled",
    "For region us-iso-east-1 with FIPS disabled and DualStack enabled",
    "For region us-isob-east-1 with FIPS enabled and DualStack enabled",
    "For region us-isob-east-1 with FIPS disabled and DualStack enabled",
];

/// Writes (or in check mode compares) the slice.
pub fn sync(check: bool) -> Result<SyncReport, String> {
    let root = crate::project_root();
    let older = std::fs::read_to_string(root.join(OLDER)).map_err(|e| format!("cannot read {OLDER}: {e}"))?;
    let slice = slice(&older)?;
    crate::codegen::sync_file(&root.join(MODEL), MODEL, &slice, check)
}

/// The older model with only [`OPERATIONS`], the shapes they reach, and the endpoint
/// test cases today's partition table agrees with.
pub fn slice(older: &str) -> Result<String, String> {
    let mut model: Value = serde_json::from_str(older).map_err(|e| format!("{OLDER}: {e}"))?;
    let shapes = model["shapes"].as_object_mut().ok_or("the model has no shapes")?;
    let service_id = shapes
        .iter()
        .find(|(_, shape)| shape["type"] == "service")
        .map(|(id, _)| id.clone())
        .ok_or("the model has no service")?;
    let namespace = service_id.split('#').next().unwrap_or_default().to_owned();
    let service = shapes.get_mut(&service_id).expect("found above");
    let kept: Vec<Value> =
        OPERATIONS.iter().map(|op| serde_json::json!({"target": format!("{namespace}#{op}")})).collect();
    service["operations"] = Value::Array(kept);
    if let Some(cases) =
        service.pointer_mut("/traits/smithy.rules#endpointTests/testCases").and_then(Value::as_array_mut)
    {
        cases.retain(|case| !DISAGREEING_ENDPOINT_TESTS.contains(&case["documentation"].as_str().unwrap_or_default()));
    }
    let reachable = reachable(shapes, &service_id);
    shapes.retain(|id, _| reachable.contains(id));
    // `Value` sorts keys; the generator follows the model's member order, so each
    // shape's members are written in the order of the older model's text.
    let parsed = codegen::smithy::Model::from_json(older).map_err(|e| format!("{OLDER}: {e:?}"))?;
    let order: BTreeMap<&str, &[String]> =
        parsed.shapes.iter().map(|(id, shape)| (id.as_str(), shape.member_order.as_slice())).collect();
    let mut text = serde_json::to_string_pretty(&InModelOrder { value: &model, order: &order, at: At::Top })
        .map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// Where in the model a value stands, for [`InModelOrder`].
#[derive(Clone, Copy)]
enum At<'a> {
    Top,
    Shapes,
    Shape(&'a str),
    Members(&'a str),
    Other,
}

/// A model value serialized with each shape's members in the order `order` gives.
struct InModelOrder<'a> {
    value: &'a Value,
    order: &'a BTreeMap<&'a str, &'a [String]>,
    at: At<'a>,
}

impl serde::Serialize for InModelOrder<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let Value::Object(map) = self.value else { return self.value.serialize(serializer) };
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        if let At::Members(id) = self.at {
            let order = self.order.get(id).copied().unwrap_or_default();
            entries.sort_by_key(|(name, _)| order.iter().position(|own| own == *name).unwrap_or(usize::MAX));
        }
        let mut out = serializer.serialize_map(Some(entries.len()))?;
        for (key, value) in entries {
            let at = match self.at {
                At::Top if key == "shapes" => At::Shapes,
                At::Shapes => At::Shape(key),
                At::Shape(id) if key == "members" => At::Members(id),
                _ => At::Other,
            };
            out.serialize_entry(key, &InModelOrder { value, order: self.order, at })?;
        }
        out.end()
    }
}

/// Shape ids reachable from `root` through operations, members, lists, maps and errors.
fn reachable(shapes: &serde_json::Map<String, Value>, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_owned()];
    while let Some(id) = stack.pop() {
        let Some(shape) = shapes.get(&id) else { continue };
        if !seen.insert(id) {
            continue;
        }
        let single = ["input", "output", "member", "key", "value"].into_iter().filter_map(|key| shape.get(key));
        let listed = ["operations", "resources", "errors", "mixins"]
            .into_iter()
            .filter_map(|key| shape.get(key).and_then(Value::as_array))
            .flatten();
        let members = shape.get("members").and_then(Value::as_object).into_iter().flat_map(|m| m.values());
        for reference in single.chain(listed).chain(members) {
            if let Some(target) = reference["target"].as_str() {
                stack.push(target.to_owned());
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file without its `Validate` impl: a type that the slice's operations only
    /// receive is not validated there, while in the whole model another operation sends it.
    fn without_validate(text: &str) -> String {
        const START: &str = "\nimpl ::aws_client_runtime::validation::Validate for ";
        let Some(start) = text.find(START) else { return text.to_owned() };
        let end = text[start + 1..].find("\n}\n").map_or(text.len(), |at| start + 1 + at + 3);
        format!("{}{}", &text[..start], &text[end..])
    }

    /// The slice's generated files are the whole older model's, but for the header line
    /// (which names the model file), the files that list every operation or type, and the
    /// `Validate` impls of types only the whole model's other operations send.
    #[test]
    fn the_slice_generates_what_the_whole_older_model_generates() {
        let target = crate::codegen::TARGETS.iter().find(|t| t.model == MODEL).unwrap();
        let slice = crate::codegen::generate_in_memory(target).unwrap();
        let older = std::fs::read_to_string(crate::project_root().join(OLDER)).unwrap();
        let options = codegen::EmitOptions {
            model_label: MODEL.to_owned(),
            regenerate_command: "cargo xtask codegen".to_owned(),
            model_crate: "older-ecr-model".to_owned(),
            client_crate: "older-ecr-client".to_owned(),
            model_runtime_dependency: String::new(),
            client_runtime_dependency: String::new(),
            client_model_dependency: String::new(),
        };
        let whole = codegen::generate(&older, &options).unwrap();
        let mut compared = 0;
        for (slice_files, whole_files) in
            [(&slice.model_files, &whole.model_files), (&slice.client_files, &whole.client_files)]
        {
            for (path, text) in slice_files {
                let per_item = ["src/types/", "src/error/", "src/operation/", "src/fluent_builders/"];
                if !per_item.iter().any(|dir| path.starts_with(dir)) {
                    continue;
                }
                let whole_text = whole_files.get(path).map(|whole| {
                    if text.contains("validation::Validate for ") { whole.clone() } else { without_validate(whole) }
                });
                assert_eq!(Some(text), whole_text.as_ref(), "{path}");
                compared += 1;
            }
        }
        // At least one file per operation, type, error and fluent builder (paginators add more).
        assert!(compared >= 4 + 17 + 7 + 4, "only {compared} files compared");
    }

    #[test]
    fn the_slice_keeps_the_chosen_operations_and_what_they_reach() {
        let older = std::fs::read_to_string(crate::project_root().join(OLDER)).unwrap();
        let slice: Value = serde_json::from_str(&slice(&older).unwrap()).unwrap();
        let shapes = slice["shapes"].as_object().unwrap();
        let operations: Vec<&str> =
            shapes.iter().filter(|(_, s)| s["type"] == "operation").map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            operations,
            [
                "com.amazonaws.ecr#BatchCheckLayerAvailability",
                "com.amazonaws.ecr#DescribeImages",
                "com.amazonaws.ecr#DescribeRepositories",
                "com.amazonaws.ecr#StartImageScan"
            ]
        );
        assert!(shapes.contains_key("com.amazonaws.ecr#ImageDetail"));
        assert!(!shapes.contains_key("com.amazonaws.ecr#PutImageRequest"), "unreachable shapes are dropped");
        let older: Value = serde_json::from_str(&older).unwrap();
        for (id, shape) in shapes.iter().filter(|(_, s)| s["type"] != "service") {
            assert_eq!(shape, &older["shapes"][id], "{id} is copied unchanged");
        }
    }
}
