//! botocore's restJson1 and awsQuery suites → Smithy models with their binding traits.
//!
//! The shapes, operations and service come from [`translate::model`] (as for the
//! awsJson suites); this adds what those protocols read from the model: HTTP
//! bindings (`@http`, `@httpLabel`, `@httpQuery`, `@httpQueryParams`, `@httpHeader`,
//! `@httpPrefixHeaders`, `@httpPayload`, `@httpResponseCode`, `@httpError`,
//! `@mediaType`) for restJson1, XML names (`@xmlName`, `@xmlFlattened`,
//! `@xmlNamespace`, `@awsQueryError`) for awsQuery, and for both the idempotency
//! tokens and checksum requirements the cases exercise. The restJson1 model is a
//! [`SUITES`](super::SUITES) entry with generated crates; the awsQuery one is written
//! as a model only until the generator speaks that protocol.

use serde_json::{Map, Value, json};

use super::translate;

/// Which protocol's traits to add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bindings {
    RestJson,
    Query,
}

/// The model of one protocol's test groups, with `service` as the service's name.
pub fn model(
    namespace: &str,
    protocol_trait: &str,
    service: &str,
    bindings: Bindings,
    groups: &[&Value],
    generated_from: &str,
) -> Result<Value, String> {
    // These suites name no target prefix; the service's name stands in for it.
    let named: Vec<Value> = groups
        .iter()
        .map(|group| {
            let mut group = (*group).clone();
            group["metadata"]["targetPrefix"] = json!(service);
            group
        })
        .collect();
    let mut model = translate::model(namespace, protocol_trait, &named.iter().collect::<Vec<_>>(), generated_from)?;
    let shapes = model["shapes"].as_object_mut().ok_or("the model has no shapes")?;
    let id = |name: &str| format!("{namespace}#{name}");
    for group in groups {
        for (name, shape) in group["shapes"].as_object().ok_or("a test group has no `shapes`")? {
            let smithy = shapes.get_mut(&id(name)).ok_or_else(|| format!("`{name}` was not translated"))?;
            shape_traits(bindings, shape, smithy)?;
            for (member_name, member) in shape["members"].as_object().into_iter().flatten() {
                let target = &mut smithy["members"][member_name];
                member_traits(bindings, shape, member_name, member, target)?;
            }
        }
        // A `@mediaType` string is its target's trait in Smithy, the member's flag in botocore.
        for shape in group["shapes"].as_object().into_iter().flatten().map(|(_, shape)| shape) {
            for member in shape["members"].as_object().into_iter().flatten().map(|(_, member)| member) {
                if member["jsonvalue"] == json!(true) && bindings == Bindings::RestJson {
                    let target = member["shape"].as_str().ok_or("a member names no shape")?;
                    set_trait(shapes, &id(target), "smithy.api#mediaType", json!("application/json"))?;
                }
            }
        }
        for case in group["cases"].as_array().ok_or("a test group has no `cases`")? {
            let given = &case["given"];
            let operation = given["name"].as_str().ok_or("a case names no operation")?;
            if bindings == Bindings::RestJson {
                let http = &given["http"];
                let mut trait_value = json!({
                    "method": http["method"].as_str().ok_or_else(|| format!("`{operation}` has no HTTP method"))?,
                    "uri": http["requestUri"].as_str().ok_or_else(|| format!("`{operation}` has no request URI"))?,
                });
                if let Some(code) = http["responseCode"].as_u64() {
                    trait_value["code"] = json!(code);
                }
                set_trait(shapes, &id(operation), "smithy.api#http", trait_value)?;
            }
            if given["httpChecksumRequired"] == json!(true) {
                set_trait(shapes, &id(operation), "smithy.api#httpChecksumRequired", json!({}))?;
            }
        }
    }
    if bindings == Bindings::Query {
        // awsQuery answers in this namespace (`<OpResponse xmlns="https://example.com/">`).
        set_trait(shapes, &id(service), "smithy.api#xmlNamespace", json!({ "uri": "https://example.com/" }))?;
    }
    Ok(model)
}

/// Traits of a whole shape: error codes and statuses, XML names of list members
/// and map keys and values, namespaces.
fn shape_traits(bindings: Bindings, shape: &Value, smithy: &mut Value) -> Result<(), String> {
    let error = &shape["error"];
    match bindings {
        Bindings::RestJson => {
            if let Some(status) = error["httpStatusCode"].as_u64() {
                smithy["traits"]["smithy.api#httpError"] = json!(status);
            }
        }
        Bindings::Query => {
            if let Some(code) = error["code"].as_str() {
                let mut value = json!({ "code": code });
                if let Some(status) = error["httpStatusCode"].as_u64() {
                    value["httpResponseCode"] = json!(status);
                }
                smithy["traits"]["aws.protocols#awsQueryError"] = value;
            }
            if let Some(name) = shape["locationName"].as_str() {
                smithy["traits"]["smithy.api#xmlName"] = json!(name);
            }
            if let Some(namespace) = namespace(&shape["xmlNamespace"]) {
                smithy["traits"]["smithy.api#xmlNamespace"] = namespace;
            }
            for part in ["member", "key", "value"] {
                let botocore = &shape[part];
                if let Some(name) = botocore["locationName"].as_str() {
                    smithy[part]["traits"]["smithy.api#xmlName"] = json!(name);
                }
                if let Some(namespace) = namespace(&botocore["xmlNamespace"]) {
                    smithy[part]["traits"]["smithy.api#xmlNamespace"] = namespace;
                }
            }
        }
    }
    Ok(())
}

/// Traits of one structure member. [`translate`] made its `locationName` a
/// `@jsonName`; that stays only for a restJson1 body member.
fn member_traits(
    bindings: Bindings,
    structure: &Value,
    name: &str,
    member: &Value,
    smithy: &mut Value,
) -> Result<(), String> {
    let mut traits = smithy["traits"].as_object().cloned().unwrap_or_default();
    let location_name = member["locationName"].as_str();
    if member["idempotencyToken"] == json!(true) {
        traits.insert("smithy.api#idempotencyToken".to_owned(), json!({}));
    }
    match bindings {
        Bindings::RestJson => {
            let binding = match member["location"].as_str() {
                None => None,
                Some("uri") => Some(("smithy.api#httpLabel", json!({}))),
                Some("querystring") => Some(match location_name {
                    Some(key) => ("smithy.api#httpQuery", json!(key)),
                    None => ("smithy.api#httpQueryParams", json!({})),
                }),
                Some("header") => Some(("smithy.api#httpHeader", json!(required(location_name, name)?))),
                Some("headers") => Some(("smithy.api#httpPrefixHeaders", json!(location_name.unwrap_or("")))),
                Some("statusCode") => Some(("smithy.api#httpResponseCode", json!({}))),
                Some(other) => return Err(format!("member `{name}` has an unknown location `{other}`")),
            };
            if let Some((id, value)) = binding {
                traits.remove("smithy.api#jsonName");
                traits.insert(id.to_owned(), value);
            }
            if structure["payload"].as_str() == Some(name) {
                traits.insert("smithy.api#httpPayload".to_owned(), json!({}));
            }
        }
        Bindings::Query => {
            if let Some(location_name) = traits.remove("smithy.api#jsonName") {
                traits.insert("smithy.api#xmlName".to_owned(), location_name);
            }
            if member["flattened"] == json!(true) {
                traits.insert("smithy.api#xmlFlattened".to_owned(), json!({}));
            }
            if let Some(namespace) = namespace(&member["xmlNamespace"]) {
                traits.insert("smithy.api#xmlNamespace".to_owned(), namespace);
            }
        }
    }
    if !traits.is_empty() {
        smithy["traits"] = Value::Object(traits);
    }
    Ok(())
}

fn required<'a>(location_name: Option<&'a str>, member: &str) -> Result<&'a str, String> {
    location_name.ok_or_else(|| format!("header member `{member}` names no header"))
}

/// botocore writes a namespace as its URI or as `{prefix, uri}`; Smithy as the latter.
fn namespace(value: &Value) -> Option<Value> {
    match value {
        Value::String(uri) => Some(json!({ "uri": uri })),
        Value::Object(_) => Some(value.clone()),
        _ => None,
    }
}

fn set_trait(shapes: &mut Map<String, Value>, id: &str, name: &str, value: Value) -> Result<(), String> {
    let shape = shapes.get_mut(id).ok_or_else(|| format!("no shape `{id}` for `{name}`"))?;
    shape["traits"][name] = value;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{DATA_DIR, SUITES, Translation};

    fn groups(file: &str) -> Vec<Value> {
        let path = crate::project_root().join(DATA_DIR).join(file);
        serde_json::from_str(&std::fs::read_to_string(path).expect("suite file")).expect("suite JSON")
    }

    /// Every case's operation and every group's shape is in the model, with the
    /// protocol's bindings on every member botocore binds; two runs agree.
    #[test]
    fn translations_are_complete_and_deterministic() {
        for suite in SUITES {
            let Translation::Bindings { service, bindings } = suite.translation else { continue };
            let all: Vec<Value> = groups(suite.input).into_iter().chain(groups(suite.output)).collect();
            let refs: Vec<&Value> = all.iter().collect();
            let build = || model(suite.namespace, suite.protocol_trait, service, bindings, &refs, "test");
            let first = build().expect("translates");
            assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&build().unwrap()).unwrap());
            let shapes = first["shapes"].as_object().unwrap();
            let (mut operations, mut bound) = (0, 0);
            for group in &all {
                for (name, shape) in group["shapes"].as_object().unwrap() {
                    let smithy = &shapes[&format!("{}#{name}", suite.namespace)];
                    for (member_name, member) in shape["members"].as_object().into_iter().flatten() {
                        let traits = &smithy["members"][member_name]["traits"];
                        let expected = match (bindings, member["location"].as_str()) {
                            (Bindings::RestJson, Some("uri")) => Some("smithy.api#httpLabel"),
                            (Bindings::RestJson, Some("header")) => Some("smithy.api#httpHeader"),
                            (Bindings::RestJson, Some("headers")) => Some("smithy.api#httpPrefixHeaders"),
                            (Bindings::RestJson, Some("statusCode")) => Some("smithy.api#httpResponseCode"),
                            (Bindings::Query, _) if member["flattened"] == json!(true) => {
                                Some("smithy.api#xmlFlattened")
                            }
                            _ => None,
                        };
                        if let Some(expected) = expected {
                            assert!(traits.get(expected).is_some(), "{name}.{member_name}: no {expected}");
                            bound += 1;
                        }
                    }
                }
                for case in group["cases"].as_array().unwrap() {
                    let operation =
                        &shapes[&format!("{}#{}", suite.namespace, case["given"]["name"].as_str().unwrap())];
                    assert_eq!(operation["type"], "operation", "{}", case["id"]);
                    if bindings == Bindings::RestJson {
                        assert!(operation["traits"]["smithy.api#http"]["uri"].is_string(), "{}", case["id"]);
                    }
                    operations += 1;
                }
            }
            assert!(operations > 70 && bound > 10, "{}: {operations} cases, {bound} bound members", suite.dir);
        }
    }

    #[test]
    fn query_error_codes_and_xml_names_translate() {
        let group = json!({
            "metadata": { "apiVersion": "2020-01-08" },
            "shapes": {
                "Custom": { "type": "structure", "members": {}, "exception": true,
                            "error": { "code": "Customized", "httpStatusCode": 402, "senderFault": true } },
                "Out": { "type": "structure", "members": {
                    "list": { "shape": "L", "flattened": true, "locationName": "item" } } },
                "L": { "type": "list", "member": { "shape": "S", "locationName": "m" } },
                "S": { "type": "string" }
            },
            "cases": [{ "id": "c", "given": { "name": "Op", "output": { "shape": "Out" }, "errors": [{ "shape": "Custom" }] } }]
        });
        let model = model("ns", "aws.protocols#awsQuery", "Svc", Bindings::Query, &[&group], "test").unwrap();
        let shapes = &model["shapes"];
        assert_eq!(
            shapes["ns#Custom"]["traits"]["aws.protocols#awsQueryError"],
            json!({ "code": "Customized", "httpResponseCode": 402 })
        );
        assert_eq!(
            shapes["ns#Out"]["members"]["list"]["traits"],
            json!({ "smithy.api#xmlName": "item", "smithy.api#xmlFlattened": {} })
        );
        assert_eq!(shapes["ns#L"]["member"]["traits"], json!({ "smithy.api#xmlName": "m" }));
        assert_eq!(shapes["ns#Svc"]["traits"]["smithy.api#xmlNamespace"], json!({ "uri": "https://example.com/" }));
    }
}
