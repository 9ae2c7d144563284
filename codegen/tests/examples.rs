//! `@examples` and `smithy.test#smokeTests` through the whole generator: what fits the
//! shapes becomes tests and rustdoc examples, what does not is a warning naming the
//! operation and the case. The generated code itself is compiled and run in the
//! hazards crates (`codegen/tests/hazards/`) and in `ecr-model`/`ecr-client`.

use codegen::{EmitOptions, Generated};

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

/// A service with one operation `t#Op` carrying `op_traits`, an input with a string,
/// an enum and a list of structures, and one modeled error.
fn generate(op_traits: &str) -> Generated {
    let json = format!(
        r#"{{
  "smithy": "2.0",
  "shapes": {{
    "t#Svc": {{
      "type": "service", "version": "1",
      "operations": [{{ "target": "t#Op" }}],
      "traits": {{ "aws.protocols#awsJson1_1": {{}}, "aws.api#service": {{ "sdkId": "Svc" }} }}
    }},
    "t#Op": {{
      "type": "operation",
      "input": {{ "target": "t#OpInput" }},
      "output": {{ "target": "t#OpOutput" }},
      "errors": [{{ "target": "t#Oops" }}],
      "traits": {op_traits}
    }},
    "t#OpInput": {{
      "type": "structure",
      "members": {{
        "name": {{ "target": "smithy.api#String" }},
        "color": {{ "target": "t#Color" }},
        "items": {{ "target": "t#Items" }}
      }}
    }},
    "t#OpOutput": {{ "type": "structure", "members": {{ "count": {{ "target": "smithy.api#Integer" }} }} }},
    "t#Color": {{ "type": "enum", "members": {{ "RED": {{ "target": "smithy.api#Unit", "traits": {{ "smithy.api#enumValue": "red" }} }} }} }},
    "t#Items": {{ "type": "list", "member": {{ "target": "t#Item" }} }},
    "t#Item": {{
      "type": "structure",
      "members": {{ "id": {{ "target": "smithy.api#String", "traits": {{ "smithy.api#required": {{}} }} }} }}
    }},
    "t#Oops": {{ "type": "structure", "members": {{ "message": {{ "target": "smithy.api#String" }} }}, "traits": {{ "smithy.api#error": "client" }} }},
    "t#Other": {{ "type": "structure", "members": {{}}, "traits": {{ "smithy.api#error": "server" }} }}
  }}
}}"#
    );
    codegen::generate(&json, &options()).unwrap_or_else(|e| panic!("generation failed: {e}"))
}

/// Asserts exactly these warnings (by fragment, in order).
fn check_warnings(generated: &Generated, expected: &[&str]) {
    assert_eq!(generated.warnings.len(), expected.len(), "{:#?}", generated.warnings);
    for (warning, fragment) in generated.warnings.iter().zip(expected) {
        assert!(warning.contains(fragment), "expected `{fragment}` in `{warning}`");
    }
}

#[test]
fn a_fitting_example_becomes_a_test_and_a_doc_example() {
    let generated = generate(
        r#"{ "smithy.api#examples": [{
            "title": "Paint it",
            "documentation": "Sets a color.",
            "input": { "name": "n", "color": "red", "items": [{ "id": "a" }] },
            "output": { "count": 1 }
        }] }"#,
    );
    check_warnings(&generated, &[]);
    let tests = &generated.model_files["src/operation/op/examples.rs"];
    assert!(tests.contains("fn paint_it()"), "{tests}");
    assert!(tests.contains(".color(crate::types::Color::Red)"), "{tests}");
    assert!(tests.contains(".items(crate::types::Item::builder().id(\"a\").build()?)"), "{tests}");
    assert!(tests.contains("\"color\": \"red\""), "{tests}");
    assert!(generated.model_files["src/operation/op.rs"].contains("#[cfg(test)]\nmod examples;"));
    let client = &generated.client_files["src/fluent_builders/op.rs"];
    assert!(client.contains("/// **Paint it.** Sets a color."), "{client}");
    assert!(client.contains("/// ```no_run"), "{client}");
    assert!(client.contains("///     .color(types::Color::Red)"), "{client}");
}

#[test]
fn examples_that_do_not_fit_are_warnings_and_the_rest_is_generated() {
    let generated = generate(
        r#"{ "smithy.api#examples": [
            { "title": "Fits", "input": { "name": "n" } },
            { "title": "Wrong type", "input": { "name": 5 } },
            { "title": "Unknown member", "input": { "shade": "dark" } },
            { "title": "Unknown enum value", "input": { "color": "blue" } },
            { "title": "Missing required nested member", "input": { "items": [{}] } },
            { "title": "Foreign error", "input": {}, "error": { "shapeId": "t#Other", "content": {} } }
        ] }"#,
    );
    check_warnings(
        &generated,
        &[
            "operation `t#Op`: example `Wrong type` does not fit the shapes (input.name: expected a string, found 5)",
            "example `Unknown member` does not fit the shapes (input: `OpInput` has no member `shade`)",
            "example `Unknown enum value` does not fit the shapes (input.color: `blue` is not a value of `Color`)",
            "example `Missing required nested member` does not fit the shapes (input.items[0].id: the required member is missing)",
            "example `Foreign error` does not fit the shapes (`t#Other` is not an error of the operation)",
        ],
    );
    let tests = &generated.model_files["src/operation/op/examples.rs"];
    assert!(tests.contains("fn fits()"), "{tests}");
    assert_eq!(tests.matches("#[test]").count(), 1, "{tests}");
}

#[test]
fn an_error_example_parses_into_the_error_type() {
    let generated = generate(
        r#"{ "smithy.api#examples": [
            { "title": "Oops", "input": {}, "error": { "shapeId": "t#Oops", "content": { "message": "m" } } }
        ] }"#,
    );
    check_warnings(&generated, &[]);
    let tests = &generated.model_files["src/operation/op/examples.rs"];
    assert!(tests.contains("let parsed: crate::error::Oops"), "{tests}");
    assert!(tests.contains("crate::error::Oops::builder().message(\"m\").build()"), "{tests}");
    let client = &generated.client_files["src/fluent_builders/op.rs"];
    assert!(client.contains("It fails with [`Oops`](crate::error::Oops)."), "{client}");
    assert!(client.contains("let result = client.op().send().await;"), "{client}");
}

#[test]
fn smoke_tests_read_variables_named_after_the_service() {
    let generated = generate(
        r#"{ "smithy.test#smokeTests": [
            { "id": "OpWorks", "params": { "name": "n" }, "vendorParams": { "region": "eu-west-1" }, "expect": { "success": {} } },
            { "id": "OpOops", "params": {}, "expect": { "failure": { "errorId": "t#Oops" } } },
            { "id": "OpBad", "params": { "nope": 1 }, "expect": { "success": {} } },
            { "id": "OpForeign", "params": {}, "expect": { "failure": { "errorId": "t#Other" } } },
            { "id": "OpFips", "params": {}, "vendorParams": { "useFips": true, "useDualstack": false }, "expect": { "success": {} } }
        ] }"#,
    );
    check_warnings(
        &generated,
        &[
            "operation `t#Op`: smoke test `OpBad` does not fit the shapes (params: `OpInput` has no member `nope`)",
            "smoke test `OpForeign` does not fit the shapes (`t#Other` is not an error of the operation)",
            "smoke test `OpFips`: vendorParams `useFips` are ignored",
        ],
    );
    let smoke = &generated.client_files["src/smoke_tests.rs"];
    assert!(smoke.contains("const ENDPOINT_VAR: &str = \"SVC_REAL_SERVER_ENDPOINT\";"), "{smoke}");
    assert!(smoke.contains("async fn op_works()"), "{smoke}");
    assert!(smoke.contains("client(\"eu-west-1\")"), "{smoke}");
    assert!(smoke.contains(".op().name(\"n\").send().await"), "{smoke}");
    assert!(smoke.contains("== ::std::option::Option::Some(\"Oops\")"), "{smoke}");
    assert!(!smoke.contains("op_bad"), "{smoke}");
    assert!(generated.client_files["src/lib.rs"].contains("mod smoke_tests;"));
}

#[test]
fn without_examples_nothing_is_added() {
    let generated = generate("{}");
    check_warnings(&generated, &[]);
    assert!(!generated.model_files.contains_key("src/operation/op/examples.rs"));
    assert!(!generated.model_files["src/operation/op.rs"].contains("mod examples"));
    assert!(!generated.client_files.contains_key("src/smoke_tests.rs"));
    assert!(!generated.client_files["src/lib.rs"].contains("smoke_tests"));
}
