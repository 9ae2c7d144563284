//! botocore's protocol-test shapes → a Smithy 2.0 JSON AST model.
//!
//! One model per protocol: the shapes of every test group of the input and the output
//! suite, one operation per operation name (its input from the input suite, its
//! output from the output suite, the union of the errors), and a service named after
//! the target prefix with the protocol trait.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// Translates the test groups of one protocol (input and output suites) into a model.
/// `generated_from` goes into the model's metadata (JSON has no comments).
pub fn model(namespace: &str, protocol_trait: &str, groups: &[&Value], generated_from: &str) -> Result<Value, String> {
    let metadata = &groups.first().ok_or("no test groups")?["metadata"];
    let target_prefix = text(metadata, "targetPrefix")?;
    let mut shapes = BTreeMap::new();
    let mut operations: BTreeMap<String, Operation> = BTreeMap::new();
    for group in groups {
        for (name, shape) in group["shapes"].as_object().ok_or("a test group has no `shapes`")? {
            let translated = shape_to_smithy(namespace, name, shape)?;
            match shapes.get(name) {
                Some(existing) if *existing != translated => {
                    return Err(format!("shape `{name}` is defined differently in two test groups"));
                }
                _ => shapes.insert(name.clone(), translated),
            };
        }
        for case in group["cases"].as_array().ok_or("a test group has no `cases`")? {
            let given = &case["given"];
            let name = text(given, "name")?;
            operations.entry(name.to_owned()).or_default().merge(name, given)?;
        }
    }
    let mut model = Map::new();
    for (name, shape) in shapes {
        model.insert(format!("{namespace}#{name}"), shape);
    }
    for (name, operation) in &operations {
        model.insert(format!("{namespace}#{name}"), operation.to_smithy(namespace));
    }
    let mut service = json!({
        "type": "service",
        "version": text(metadata, "apiVersion")?,
        "operations": operations.keys().map(|name| json!({ "target": format!("{namespace}#{name}") })).collect::<Vec<_>>(),
        "traits": {
            "aws.api#service": { "sdkId": target_prefix },
            "smithy.api#title": format!("{target_prefix} protocol conformance service"),
        }
    });
    service["traits"][protocol_trait] = json!({});
    model.insert(format!("{namespace}#{target_prefix}"), service);
    Ok(json!({ "smithy": "2.0", "metadata": { "generated": generated_from }, "shapes": model }))
}

/// What the test groups say about one operation, merged.
#[derive(Default)]
struct Operation {
    input: Option<String>,
    output: Option<String>,
    errors: Vec<String>,
    traits: Map<String, Value>,
}

impl Operation {
    fn merge(&mut self, name: &str, given: &Value) -> Result<(), String> {
        for (slot, key) in [(&mut self.input, "input"), (&mut self.output, "output")] {
            if let Some(shape) = given[key]["shape"].as_str() {
                if slot.as_deref().is_some_and(|existing| existing != shape) {
                    return Err(format!("operation `{name}` has two different {key} shapes"));
                }
                *slot = Some(shape.to_owned());
            }
        }
        for error in given["errors"].as_array().into_iter().flatten() {
            let shape = text(error, "shape")?.to_owned();
            if !self.errors.contains(&shape) {
                self.errors.push(shape);
            }
        }
        let mut traits = Map::new();
        if let Some(docs) = given["documentation"].as_str() {
            traits.insert("smithy.api#documentation".to_owned(), json!(docs));
        }
        if given["idempotent"] == json!(true) {
            traits.insert("smithy.api#idempotent".to_owned(), json!({}));
        }
        if let Some(prefix) = given["endpoint"]["hostPrefix"].as_str() {
            traits.insert("smithy.api#endpoint".to_owned(), json!({ "hostPrefix": prefix }));
        }
        if let Some(encodings) = given["requestcompression"].get("encodings") {
            traits.insert("smithy.api#requestCompression".to_owned(), json!({ "encodings": encodings }));
        }
        for (id, value) in traits {
            match self.traits.get(&id) {
                Some(existing) if *existing != value && id != "smithy.api#documentation" => {
                    return Err(format!("operation `{name}` has two different `{id}` traits"));
                }
                _ => self.traits.insert(id, value),
            };
        }
        Ok(())
    }

    fn to_smithy(&self, namespace: &str) -> Value {
        let target = |shape: &Option<String>| {
            shape.as_ref().map_or_else(|| "smithy.api#Unit".to_owned(), |s| format!("{namespace}#{s}"))
        };
        let mut errors: Vec<&String> = self.errors.iter().collect();
        errors.sort();
        json!({
            "type": "operation",
            "input": { "target": target(&self.input) },
            "output": { "target": target(&self.output) },
            "errors": errors.iter().map(|e| json!({ "target": format!("{namespace}#{e}") })).collect::<Vec<_>>(),
            "traits": self.traits,
        })
    }
}

/// One botocore shape as a Smithy shape.
fn shape_to_smithy(namespace: &str, name: &str, shape: &Value) -> Result<Value, String> {
    let kind = text(shape, "type")?;
    let reference = |member: &Value| -> Result<Value, String> {
        Ok(json!({ "target": format!("{namespace}#{}", text(member, "shape")?) }))
    };
    let mut traits = Map::new();
    if let Some(docs) = shape["documentation"].as_str() {
        traits.insert("smithy.api#documentation".to_owned(), json!(docs));
    }
    let mut smithy = match kind {
        "structure" if shape["document"] == json!(true) => json!({ "type": "document" }),
        "structure" => {
            let required: Vec<&str> =
                shape["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let mut members = Map::new();
            for (member_name, member) in
                shape["members"].as_object().ok_or_else(|| format!("`{name}` has no members"))?
            {
                let mut translated = reference(member)?;
                let mut member_traits = Map::new();
                if required.contains(&member_name.as_str()) {
                    member_traits.insert("smithy.api#required".to_owned(), json!({}));
                }
                if member["hostLabel"] == json!(true) {
                    member_traits.insert("smithy.api#hostLabel".to_owned(), json!({}));
                }
                if let Some(location_name) = member["locationName"].as_str() {
                    member_traits.insert("smithy.api#jsonName".to_owned(), json!(location_name));
                }
                if !member_traits.is_empty() {
                    translated["traits"] = Value::Object(member_traits);
                }
                members.insert(member_name.clone(), translated);
            }
            if shape["exception"] == json!(true) {
                let fault = if shape["fault"] == json!(true) { "server" } else { "client" };
                traits.insert("smithy.api#error".to_owned(), json!(fault));
            }
            let kind = if shape["union"] == json!(true) { "union" } else { "structure" };
            json!({ "type": kind, "members": members })
        }
        "list" => json!({ "type": "list", "member": reference(&shape["member"])? }),
        "map" => json!({ "type": "map", "key": reference(&shape["key"])?, "value": reference(&shape["value"])? }),
        "string" if shape.get("enum").is_some() => {
            let mut members = Map::new();
            for value in shape["enum"].as_array().into_iter().flatten() {
                let value = value.as_str().ok_or_else(|| format!("`{name}` has a non-string enum value"))?;
                members.insert(
                    enum_member_name(value),
                    json!({ "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": value } }),
                );
            }
            json!({ "type": "enum", "members": members })
        }
        "timestamp" => {
            if let Some(format) = shape["timestampFormat"].as_str() {
                let smithy_format = match format {
                    "iso8601" => "date-time",
                    "rfc822" => "http-date",
                    "unixTimestamp" => "epoch-seconds",
                    other => return Err(format!("`{name}` has an unknown timestamp format `{other}`")),
                };
                traits.insert("smithy.api#timestampFormat".to_owned(), json!(smithy_format));
            }
            json!({ "type": "timestamp" })
        }
        "string" | "blob" | "boolean" | "integer" | "long" | "float" | "double" => json!({ "type": kind }),
        other => return Err(format!("`{name}` has a shape type this translation does not know: `{other}`")),
    };
    if !traits.is_empty() {
        smithy["traits"] = Value::Object(traits);
    }
    Ok(smithy)
}

/// A Smithy identifier for an enum value: the value itself when it is one, else its
/// alphanumerics with a leading `V` when it would start with a digit.
fn enum_member_name(value: &str) -> String {
    let mut name: String = value.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'V');
    }
    name
}

fn text<'a>(value: &'a Value, key: &str) -> Result<&'a str, String> {
    value[key].as_str().ok_or_else(|| format!("missing text field `{key}` in {value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(shapes: Value, given: Value) -> Value {
        json!({
            "metadata": { "apiVersion": "2020-01-01", "targetPrefix": "Svc" },
            "shapes": shapes,
            "cases": [{ "id": "case", "given": given }]
        })
    }

    #[test]
    fn shapes_operations_and_service_translate() {
        let input = group(
            json!({
                "In": { "type": "structure", "required": ["label"], "members": {
                    "label": { "shape": "String", "hostLabel": true },
                    "at": { "shape": "When", "locationName": "At" },
                    "kind": { "shape": "Kind" }
                }},
                "String": { "type": "string" },
                "When": { "type": "timestamp", "timestampFormat": "rfc822" },
                "Kind": { "type": "string", "enum": ["Foo", "1"] }
            }),
            json!({ "name": "Op", "input": { "shape": "In" }, "endpoint": { "hostPrefix": "{label}." } }),
        );
        let output = group(
            json!({
                "Oops": { "type": "structure", "members": {}, "exception": true, "fault": true },
                "Doc": { "type": "structure", "members": {}, "document": true },
                "U": { "type": "structure", "union": true, "members": { "doc": { "shape": "Doc" } } }
            }),
            json!({ "name": "Op", "output": { "shape": "U" }, "errors": [{ "shape": "Oops" }] }),
        );
        let model = model("ns", "aws.protocols#awsJson1_0", &[&input, &output], "test").unwrap();
        let shapes = &model["shapes"];
        assert_eq!(
            shapes["ns#In"]["members"]["label"]["traits"],
            json!({ "smithy.api#required": {}, "smithy.api#hostLabel": {} })
        );
        assert_eq!(shapes["ns#In"]["members"]["at"]["traits"], json!({ "smithy.api#jsonName": "At" }));
        assert_eq!(shapes["ns#When"]["traits"], json!({ "smithy.api#timestampFormat": "http-date" }));
        assert_eq!(shapes["ns#Kind"]["members"]["V1"]["traits"], json!({ "smithy.api#enumValue": "1" }));
        assert_eq!(shapes["ns#Oops"]["traits"], json!({ "smithy.api#error": "server" }));
        assert_eq!(shapes["ns#Doc"], json!({ "type": "document" }));
        assert_eq!(shapes["ns#U"]["type"], "union");
        assert_eq!(
            shapes["ns#Op"],
            json!({
                "type": "operation",
                "input": { "target": "ns#In" },
                "output": { "target": "ns#U" },
                "errors": [{ "target": "ns#Oops" }],
                "traits": { "smithy.api#endpoint": { "hostPrefix": "{label}." } }
            })
        );
        assert_eq!(shapes["ns#Svc"]["operations"], json!([{ "target": "ns#Op" }]));
        assert_eq!(shapes["ns#Svc"]["traits"]["aws.protocols#awsJson1_0"], json!({}));
    }

    #[test]
    fn conflicting_definitions_are_refused() {
        let first = group(json!({ "S": { "type": "string" } }), json!({ "name": "Op", "input": { "shape": "S" } }));
        let second = group(json!({ "S": { "type": "blob" } }), json!({ "name": "Op" }));
        let error = model("ns", "aws.protocols#awsJson1_0", &[&first, &second], "test").unwrap_err();
        assert!(error.contains("shape `S` is defined differently"), "{error}");
        let other_input =
            group(json!({ "T": { "type": "string" } }), json!({ "name": "Op", "input": { "shape": "T" } }));
        let error = model("ns", "aws.protocols#awsJson1_0", &[&first, &other_input], "test").unwrap_err();
        assert!(error.contains("two different input shapes"), "{error}");
    }
}
