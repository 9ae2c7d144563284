//! The broken-model corpus: every malformed or unsupported model is a diagnostic
//! naming the shape or member (and line where known), never a panic.

use codegen::{Diagnostics, EmitOptions};

fn options() -> EmitOptions {
    EmitOptions {
        model_label: "test.json".to_owned(),
        regenerate_command: "test".to_owned(),
        model_crate: "test-model".to_owned(),
        client_crate: "test-client".to_owned(),
        model_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"../model\" }".to_owned(),
    }
}

/// A minimal valid awsJson service around `extra` shapes; `op_input` is the operation input.
fn model(extra: &str) -> String {
    format!(
        r#"{{
  "smithy": "2.0",
  "shapes": {{
    "t#Svc": {{
      "type": "service", "version": "1",
      "operations": [{{ "target": "t#Op" }}],
      "traits": {{ "aws.protocols#awsJson1_1": {{}} }}
    }},
    "t#Op": {{ "type": "operation", "input": {{ "target": "t#OpInput" }} }}{extra}
  }}
}}"#
    )
}

fn errors_of(json: &str) -> Diagnostics {
    match codegen::generate(json, &options()) {
        Ok(_) => panic!("the model was accepted:\n{json}"),
        Err(diagnostics) => diagnostics,
    }
}

/// Asserts some diagnostic is at `location` and its message contains `phrase`.
fn check(json: &str, location: &str, phrase: &str) {
    let diagnostics = errors_of(json);
    assert!(
        diagnostics.0.iter().any(|d| d.location == location && d.message.contains(phrase)),
        "expected a diagnostic at `{location}` containing `{phrase}`, got:\n{diagnostics}"
    );
}

#[test]
fn valid_base_model_is_accepted() {
    let json = model(r#", "t#OpInput": { "type": "structure", "members": {} }"#);
    assert!(codegen::generate(&json, &options()).is_ok());
}

#[test]
fn bad_json_names_the_line() {
    let diagnostics =
        errors_of("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {\n    \"t#A\": {\"type\": \"string\",}\n  }\n}");
    let d = &diagnostics.0[0];
    assert_eq!(d.location, "model");
    assert_eq!(d.line, Some(4), "{d}");
    assert!(d.message.contains("not a Smithy JSON AST document"), "{d}");
}

#[test]
fn missing_version() {
    check(r#"{"shapes": {}}"#, "model", "missing the `smithy` version key");
}

#[test]
fn unsupported_version() {
    check(r#"{"smithy": "3.0", "shapes": {}}"#, "model", "unsupported Smithy version `3.0`");
}

#[test]
fn unknown_shape_type() {
    let json = model(r#", "t#OpInput": { "type": "structure", "members": {} }, "t#Weird": { "type": "tuple" }"#);
    check(&json, "t#Weird", "unknown shape type `tuple`");
    let d = errors_of(&json).0.into_iter().find(|d| d.location == "t#Weird").unwrap();
    assert!(d.line.is_some(), "the line of the shape is given: {d}");
}

#[test]
fn dangling_target() {
    let json = model(r#", "t#OpInput": { "type": "structure", "members": { "a": { "target": "t#Nowhere" } } }"#);
    check(&json, "t#OpInput$a", "refers to `t#Nowhere`, which is not defined");
}

#[test]
fn missing_service() {
    check(r#"{"smithy": "2.0", "shapes": {"t#A": {"type": "string"}}}"#, "model", "no service shape");
}

#[test]
fn two_services_without_a_choice() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "t#A": {"type": "service", "version": "1"},
        "t#B": {"type": "service", "version": "1"}}}"#;
    check(json, "model", "2 services (t#A, t#B)");
}

#[test]
fn duplicate_names_after_case_conversion() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "a": { "target": "t#image_detail" }, "b": { "target": "t#ImageDetail" } } },
        "t#image_detail": { "type": "structure", "members": {} },
        "t#ImageDetail": { "type": "structure", "members": {} }"#,
    );
    check(&json, "t#image_detail", "collides with that of `t#ImageDetail`");
}

#[test]
fn duplicate_member_names_after_case_conversion() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "fooBar": { "target": "smithy.api#String" }, "foo_bar": { "target": "smithy.api#String" } } }"#,
    );
    check(&json, "t#OpInput$foo_bar", "collides with that of member `fooBar`");
}

#[test]
fn map_without_key() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "m": { "target": "t#M" } } },
        "t#M": { "type": "map", "value": { "target": "smithy.api#String" } }"#,
    );
    check(&json, "t#M", "`map` shape without `key`");
}

#[test]
fn map_with_non_string_key() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "m": { "target": "t#M" } } },
        "t#M": { "type": "map", "key": { "target": "smithy.api#Integer" }, "value": { "target": "smithy.api#String" } }"#,
    );
    check(&json, "t#M$key", "map keys must target a string or enum shape");
}

#[test]
fn cyclic_list_of_itself() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "l": { "target": "t#L" } } },
        "t#L": { "type": "list", "member": { "target": "t#L" } }"#,
    );
    check(&json, "t#L", "contains itself through lists and maps only");
}

#[test]
fn unsupported_protocol() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "t#Svc": {"type": "service", "version": "1", "operations": [], "traits": {"aws.protocols#restXml": {}}}}}"#;
    check(json, "t#Svc", "unsupported protocol aws.protocols#restXml");
}

#[test]
fn malformed_trait_value() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "a": { "target": "smithy.api#String", "traits": { "smithy.api#jsonName": 5 } } } }"#,
    );
    check(&json, "t#OpInput$a", "trait `smithy.api#jsonName` must be a string, found 5");
}

#[test]
fn unknown_timestamp_format() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "a": { "target": "smithy.api#Timestamp", "traits": { "smithy.api#timestampFormat": "unix" } } } }"#,
    );
    check(&json, "t#OpInput$a", "unknown @timestampFormat `unix`");
}

#[test]
fn invalid_shape_id() {
    let json = model(r#", "t#OpInput": { "type": "structure", "members": {} }, "no-hash": { "type": "string" }"#);
    check(&json, "no-hash", "not of the form namespace#Name");
}

#[test]
fn list_without_member() {
    let json = model(r#", "t#OpInput": { "type": "structure", "members": {} }, "t#L": { "type": "list" }"#);
    check(&json, "t#L", "`list` shape without `member`");
}

#[test]
fn operation_error_without_error_trait() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "t#Svc": {"type": "service", "version": "1", "operations": [{"target": "t#Op"}], "traits": {"aws.protocols#awsJson1_0": {}}},
        "t#Op": {"type": "operation", "errors": [{"target": "t#NotAnError"}]},
        "t#NotAnError": {"type": "structure", "members": {}}}}"#;
    check(json, "t#Op", "lists `t#NotAnError` as an error, but it is not a structure with the @error trait");
}

#[test]
fn enum_with_duplicate_values() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "e": { "target": "t#E" } } },
        "t#E": { "type": "enum", "members": {
            "A": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "x" } },
            "B": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "x" } } } }"#,
    );
    check(&json, "t#E", "the same Rust value `x`");
}

#[test]
fn member_targeting_an_operation() {
    let json = model(r#", "t#OpInput": { "type": "structure", "members": { "a": { "target": "t#Op" } } }"#);
    check(&json, "t#OpInput$a", "targets `t#Op`, which is not a data shape");
}

#[test]
fn shapes_is_not_an_object() {
    check(r#"{"smithy": "2.0", "shapes": []}"#, "model", "not a Smithy JSON AST document");
}

#[test]
fn several_problems_are_reported_together() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": { "a": { "target": "t#Gone1" }, "b": { "target": "t#Gone2" } } }"#,
    );
    let diagnostics = errors_of(&json);
    assert_eq!(diagnostics.0.len(), 2, "{diagnostics}");
}

#[test]
fn streaming_operations_are_skipped_with_a_warning() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "t#Svc": {"type": "service", "version": "1", "operations": [{"target": "t#Ok"}, {"target": "t#Stream"}], "traits": {"aws.protocols#awsJson1_0": {}}},
        "t#Ok": {"type": "operation"},
        "t#Stream": {"type": "operation", "output": {"target": "t#StreamOutput"}},
        "t#StreamOutput": {"type": "structure", "members": {"events": {"target": "t#Events"}}},
        "t#Events": {"type": "union", "traits": {"smithy.api#streaming": {}}, "members": {"a": {"target": "t#Event"}}},
        "t#Event": {"type": "structure", "members": {}}}}"#;
    let generated = codegen::generate(json, &options()).expect("streaming operations do not fail the model");
    assert_eq!(generated.stats.operations, 1);
    assert_eq!(generated.warnings.len(), 1);
    assert!(generated.warnings[0].contains("skipped operation `t#Stream`"), "{:?}", generated.warnings);
    assert!(!generated.model_files.keys().any(|path| path.contains("stream")), "no file for the skipped operation");
}

/// The base model with `rules` as the service's endpoint rule set.
fn with_rule_set(rules: &str) -> String {
    model(r#", "t#OpInput": { "type": "structure", "members": {} }"#).replacen(
        r#""traits": { "aws.protocols#awsJson1_1": {} }"#,
        &format!(r#""traits": {{ "aws.protocols#awsJson1_1": {{}}, "smithy.rules#endpointRuleSet": {rules} }}"#),
        1,
    )
}

const PARAMS: &str = r#""parameters": { "Region": { "type": "string" }, "UseFIPS": { "type": "boolean", "required": true, "default": false } }"#;

#[test]
fn endpoint_rule_sets_are_type_checked_with_their_path() {
    let error = |rule: &str| with_rule_set(&format!(r#"{{ {PARAMS}, "rules": [{rule}] }}"#));
    let at = "t#Svc endpoint rule set rules[0].conditions[0]";
    check(
        &error(r#"{"conditions": [{"fn": "frobnicate", "argv": []}], "type": "error", "error": "x"}"#),
        at,
        "unknown function `frobnicate`",
    );
    check(
        &error(r#"{"conditions": [{"fn": "not", "argv": [true, false]}], "type": "error", "error": "x"}"#),
        at,
        "takes 1 argument, not 2",
    );
    check(
        &error(
            r#"{"conditions": [{"fn": "stringEquals", "argv": [{"ref": "UseFIPS"}, "x"]}], "type": "error", "error": "x"}"#,
        ),
        at,
        "argument 1 of `stringEquals` is a boolean, expected a string",
    );
    check(
        &error(r#"{"conditions": [{"fn": "isSet", "argv": [{"ref": "Nope"}]}], "type": "error", "error": "x"}"#),
        at,
        "`Nope` is neither",
    );
    check(
        &error(
            r#"{"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}, {"fn": "getAttr", "argv": [{"ref": "P"}, "nope"]}], "type": "error", "error": "x"}"#,
        ),
        "t#Svc endpoint rule set rules[0].conditions[1]",
        "a partition has no attribute `nope`",
    );
    check(
        &error(r#"{"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{Region"}}"#),
        "t#Svc endpoint rule set rules[0].endpoint.url",
        "unclosed",
    );
    check(
        &error(r#"{"conditions": [], "type": "sideways"}"#),
        "t#Svc endpoint rule set rules[0]",
        "unknown rule type `sideways`",
    );
    check(
        &with_rule_set(r#"{ "parameters": { "Region": { "type": "number" } }, "rules": [] }"#),
        "t#Svc endpoint rule set parameters.Region",
        "unknown parameter type `number`",
    );
}

#[test]
fn a_valid_rule_set_generates_a_resolver() {
    let json = with_rule_set(&format!(
        r#"{{ {PARAMS}, "rules": [{{"conditions": [{{"fn": "isSet", "argv": [{{"ref": "Region"}}]}}], "type": "endpoint", "endpoint": {{"url": "https://svc.{{Region}}.example"}}}}, {{"conditions": [], "type": "error", "error": "no region"}}] }}"#
    ));
    let generated = codegen::generate(&json, &options()).expect("the rule set compiles");
    let resolver = &generated.client_files["src/endpoint.rs"];
    assert!(resolver.contains("pub fn resolve_endpoint"), "{resolver}");
    assert!(resolver.contains("\"https://svc.\""), "{resolver}");
}

#[test]
fn unsupported_partition_patterns_are_reported() {
    let partitions = r#"{"partitions": [{"id": "p", "regionRegex": "^(?=x)", "regions": {}, "outputs": {}}]}"#;
    let errors = codegen::partition_table(partitions, "//").unwrap_err();
    let text = errors.to_string();
    assert!(text.contains("partitions p") && text.contains("look-around"), "{text}");
    assert!(text.contains("output `name`"), "{text}");
}

/// The base model with `traits` (JSON members) on the operation and `members` in its input.
fn with_operation_traits(traits: &str, members: &str) -> String {
    model(&format!(r#", "t#OpInput": {{ "type": "structure", "members": {{ {members} }} }}"#))
        .replacen(r#""t#Op": { "type": "operation", "input": { "target": "t#OpInput" } }"#, &format!(r#""t#Op": {{ "type": "operation", "input": {{ "target": "t#OpInput" }}, "output": {{ "target": "t#OpInput" }}, "traits": {{ {traits} }} }}"#), 1)
}

#[test]
fn paginators_and_waiters_name_what_is_wrong() {
    let members = r#""Token": { "target": "smithy.api#String" }, "Items": { "target": "smithy.api#String" }"#;
    check(
        &with_operation_traits(r#""smithy.api#paginated": { "inputToken": "Token", "outputToken": "Next" }"#, members),
        "t#Op",
        "@paginated outputToken `Next`",
    );
    check(
        &with_operation_traits(
            r#""smithy.api#paginated": { "inputToken": "Token", "outputToken": "Token", "items": "Items" }"#,
            members,
        ),
        "t#Op",
        "is not a list or a map",
    );
    let waiter = |path: &str| {
        with_operation_traits(
            &format!(
                r#""smithy.waiters#waitable": {{ "Done": {{ "acceptors": [{{ "state": "success", "matcher": {{ "output": {{ "path": "{path}", "expected": "x", "comparator": "stringEquals" }} }} }}] }} }}"#
            ),
            members,
        )
    };
    check(&waiter("Missing"), "t#Op waiter Done", "has no member `Missing`");
    check(&waiter("Token[*]"), "t#Op waiter Done", "applies to lists only");
    check(&waiter("Token == "), "t#Op waiter Done", "`Token == ` ends too early");
    check(&waiter("length(Token)"), "t#Op waiter Done", "StringEquals does not apply");
}

#[test]
fn a_sensitive_error_message_is_not_displayed() {
    let json = model(
        r#", "t#OpInput": { "type": "structure", "members": {} },
        "t#Secret": { "type": "string", "traits": { "smithy.api#sensitive": {} } },
        "t#Oops": { "type": "structure", "members": { "message": { "target": "t#Secret" } }, "traits": { "smithy.api#error": "client" } }"#,
    )
    .replacen(r#""t#Op": { "type": "operation", "input": { "target": "t#OpInput" } }"#, r#""t#Op": { "type": "operation", "input": { "target": "t#OpInput" }, "errors": [{ "target": "t#Oops" }] }"#, 1);
    let generated = codegen::generate(&json, &options()).expect("the model generates");
    let error = &generated.model_files["src/error/_oops.rs"];
    assert!(error.contains("(message redacted)"), "{error}");
    assert!(!error.contains("{message}"), "{error}");
}
