//! The engine against a made-up service whose calls a script answers.

use std::cell::RefCell;

use serde_json::{Value, json};

use super::*;

static MEMBERS: &[Member] = &[
    Member { flag: "name", wire: "name", kind: Kind::String, required: true, docs: "The name." },
    Member { flag: "count", wire: "count", kind: Kind::Integer, required: false, docs: "" },
    Member { flag: "force", wire: "force", kind: Kind::Boolean, required: false, docs: "" },
    Member {
        flag: "since",
        wire: "since",
        kind: Kind::Timestamp(crate::Format::EpochSeconds),
        required: false,
        docs: "",
    },
    Member { flag: "until", wire: "until", kind: Kind::Timestamp(crate::Format::DateTime), required: false, docs: "" },
    Member { flag: "body", wire: "body", kind: Kind::Blob, required: false, docs: "" },
    Member { flag: "digests", wire: "digests", kind: Kind::List(&Kind::String), required: false, docs: "" },
    Member { flag: "sizes", wire: "sizes", kind: Kind::List(&Kind::Integer), required: false, docs: "" },
    Member { flag: "config", wire: "config", kind: Kind::Structure(&CONFIG), required: false, docs: "" },
    Member { flag: "tags", wire: "tags", kind: Kind::List(&Kind::Structure(&TAG)), required: false, docs: "" },
    Member { flag: "labels", wire: "labels", kind: Kind::Map(&Kind::Integer), required: false, docs: "" },
    Member { flag: "mode", wire: "mode", kind: Kind::Enum(&["FAST", "SLOW"]), required: false, docs: "" },
];

static TAG: [Field; 2] = [Field { name: "Key", kind: Kind::String }, Field { name: "Value", kind: Kind::String }];

static CONFIG: [Field; 4] = [
    Field { name: "k", kind: Kind::List(&Kind::Integer) },
    Field { name: "on", kind: Kind::Boolean },
    Field { name: "tags", kind: Kind::List(&Kind::Structure(&TAG)) },
    Field { name: "inner", kind: Kind::Structure(&CONFIG) },
];

static PAGED_MEMBERS: &[Member] = &[
    Member { flag: "next-token", wire: "nextToken", kind: Kind::String, required: false, docs: "" },
    Member { flag: "max-results", wire: "maxResults", kind: Kind::Integer, required: false, docs: "" },
];

fn skeleton() -> &'static str {
    "{\"name\":\"string\",\"count\":0}"
}

static SERVICE: Service = Service {
    program: "demo",
    title: "Demo Service",
    version: "1.2.3",
    docs: "A service for tests.",
    operations: &[
        Operation {
            name: "PutThing",
            command: "put-thing",
            docs: "Puts a thing.",
            members: MEMBERS,
            input_skeleton: skeleton,
            output_skeleton: "{\"b\":1,\"a\":{\"z\":[],\"y\":{}}}",
            paginator: None,
        },
        Operation {
            name: "ListThings",
            command: "list-things",
            docs: "Lists things.",
            members: PAGED_MEMBERS,
            input_skeleton: skeleton,
            output_skeleton: "{}",
            paginator: Some(Paginator {
                input_token: "nextToken",
                output_token: &["nextToken"],
                result_key: Some(&["things"]),
                page_size: Some("maxResults"),
            }),
        },
    ],
    waiters: &[Waiter {
        command: "thing-ready",
        operation: 0,
        docs: "Waits for a thing.",
        definition: r#"{"minDelay":0,"maxDelay":0,"acceptors":[
            {"state":"success","matcher":{"output":{"path":"thing.state","expected":"READY","comparator":"stringEquals"}}},
            {"state":"failure","matcher":{"output":{"path":"thing.state","expected":"BROKEN","comparator":"stringEquals"}}},
            {"state":"retry","matcher":{"errorType":"ThingNotFound"}}]}"#,
    }],
};

/// Answers calls from a script and records the inputs.
struct Script {
    answers: RefCell<Vec<Result<Value, CallError>>>,
    inputs: RefCell<Vec<(usize, Value)>>,
}

impl Script {
    fn new(answers: Vec<Result<Value, CallError>>) -> Script {
        Script { answers: RefCell::new(answers), inputs: RefCell::new(Vec::new()) }
    }
}

impl Call for Script {
    fn call(&self, operation: usize, input: &str) -> Result<Value, CallError> {
        self.inputs.borrow_mut().push((operation, serde_json::from_str(input).unwrap()));
        let mut answers = self.answers.borrow_mut();
        assert!(!answers.is_empty(), "more calls than scripted");
        answers.remove(0)
    }
}

/// Runs the tool against a script; returns the exit code, output, errors and inputs.
fn run_with(args: &[&str], answers: Vec<Result<Value, CallError>>) -> (u8, String, String, Vec<(usize, Value)>) {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let script = std::rc::Rc::new(Script::new(answers));
    let (code, out, err) = {
        let script = script.clone();
        run::run(&SERVICE, &args, &move |_config| Box::new(Shared(script.clone())) as Box<dyn Call>)
    };
    let inputs = script.inputs.borrow().clone();
    (code, out, err, inputs)
}

struct Shared(std::rc::Rc<Script>);

impl Call for Shared {
    fn call(&self, operation: usize, input: &str) -> Result<Value, CallError> {
        self.0.call(operation, input)
    }
}

const REGION: [&str; 2] = ["--region", "us-east-1"];

fn with_region<'a>(args: &[&'a str]) -> Vec<&'a str> {
    REGION.iter().copied().chain(args.iter().copied()).collect()
}

#[test]
fn flags_become_the_wire_json_of_the_input() {
    let args = with_region(&[
        "put-thing",
        "--name",
        "n1",
        "--count=7",
        "--no-force",
        "--since",
        "2024-05-01T12:00:00Z",
        "--until",
        "1714564800",
        "--body",
        "hi",
        "--digests",
        "sha256:a",
        "sha256:b",
        "--sizes",
        "[1, 2]",
        "--config",
        "{\"k\": [1]}",
        "--mode",
        "FAST",
    ]);
    let (code, out, err, inputs) = run_with(&args, vec![Ok(json!({}))]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let expected = json!({
        "name": "n1", "count": 7, "force": false, "since": 1714564800, "until": "2024-05-01T12:00:00Z",
        "body": "aGk=", "digests": ["sha256:a", "sha256:b"], "sizes": [1, 2], "config": {"k": [1]}, "mode": "FAST"
    });
    assert_eq!(inputs, vec![(0, expected)]);
}

#[test]
fn timestamps_take_iso_8601_forms_and_epoch_seconds() {
    let epoch = crate::Format::EpochSeconds;
    assert_eq!(value::timestamp("2024-05-01", epoch).unwrap(), json!(1714521600));
    assert_eq!(value::timestamp("2024-05-01T02:00:00+02:00", epoch).unwrap(), json!(1714521600));
    assert_eq!(value::timestamp("2024-05-01T00:00:00", epoch).unwrap(), json!(1714521600));
    assert_eq!(value::timestamp("1714521600.5", epoch).unwrap(), json!(1714521600.5));
    let error = value::timestamp("yesterday", epoch).unwrap_err();
    assert!(error.contains("`yesterday` is not a timestamp"), "{error}");
}

#[test]
fn file_values_are_read_and_fileb_gives_blob_bytes() {
    let dir = std::env::temp_dir().join(format!("awsjson-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("config.json");
    std::fs::write(&text, "{\"from\": \"file\"}").unwrap();
    let bytes = dir.join("body.bin");
    std::fs::write(&bytes, [0u8, 255, 1]).unwrap();
    let config = format!("file://{}", text.display());
    let body = format!("fileb://{}", bytes.display());
    let args = with_region(&["put-thing", "--name", "n", "--config", &config, "--body", &body]);
    let (code, _, err, inputs) = run_with(&args, vec![Ok(json!({}))]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(inputs[0].1, json!({"name": "n", "config": {"from": "file"}, "body": "AP8B"}));
    // Bytes into a text member are refused rather than mangled.
    let args = with_region(&["put-thing", "--name", &body]);
    let (code, _, err, _) = run_with(&args, vec![]);
    assert_eq!(code, EXIT_USAGE);
    assert!(err.contains("only blob members take"), "{err}");
    let missing = with_region(&["put-thing", "--name", "file:///no/such/file"]);
    let (code, _, err, _) = run_with(&missing, vec![]);
    assert_eq!(code, EXIT_USAGE);
    assert!(err.contains("cannot read `/no/such/file`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_command_lines_exit_252_before_any_call() {
    let cases: &[(&[&str], &str)] = &[
        (&["put-thing"], "the following arguments are required: --name"),
        (&["put-thing", "--name", "n", "--nam", "x"], "unknown option --nam (did you mean --name?)"),
        (&["put-thing", "--name", "a", "--name", "b"], "--name is given more than once"),
        (&["put-thing", "--name", "n", "--count", "seven"], "--count: `seven` is not a whole number"),
        (&["put-thing", "--name", "n", "--force=yes"], "--force takes no value"),
        (&["put-thing", "--name", "n", "--config", "[1]"], "--config expects a JSON object"),
        (&["put-thing", "--name", "n", "--no-verify-ssl"], "--ca-bundle"),
        (&["put-thing", "--name", "n", "--max-items", "2"], "put-thing is not paginated"),
        (&["put-thing", "--name", "n", "extra"], "unexpected argument `extra`"),
        (&["--name", "n", "put-thing"], "unknown option --name (before the command's name"),
        (&["take-thing"], "`take-thing` is not a command of demo"),
        (&["wait", "thing-gone"], "`thing-gone` is not a waiter of demo"),
        (&["list-things", "--page-size", "0"], "--page-size expects a positive number"),
        (&["put-thing", "--name", "n", "--output", "yaml"], "--output `yaml` is not one of json, text, table"),
        (&["put-thing", "--cli-input-json", "[]"], "--cli-input-json expects a JSON object"),
        (&["put-thing", "--name", "n", "--query", "a[?"], "--query: `a[?` is not a JMESPath expression"),
        (&[], "a command is needed"),
    ];
    for (args, message) in cases {
        let (code, out, err, inputs) = run_with(&with_region(args), vec![]);
        assert_eq!(code, EXIT_USAGE, "{args:?}: {err}");
        assert!(out.is_empty() && inputs.is_empty(), "{args:?}");
        assert!(err.starts_with("demo: error: ") && err.contains(message), "{args:?}: {err}");
    }
}

#[test]
fn cli_input_json_is_the_base_and_flags_override_it() {
    let args = with_region(&["put-thing", "--cli-input-json", "{\"name\": \"json\", \"count\": 1}", "--count", "2"]);
    let (code, _, err, inputs) = run_with(&args, vec![Ok(json!({}))]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(inputs[0].1, json!({"name": "json", "count": 2}));
}

#[test]
fn output_is_indented_by_four_spaces_in_response_order() {
    let answer: Value =
        serde_json::from_str("{\"zeta\": 1, \"alpha\": {\"b\": [true, null], \"a\": \"é\"}, \"e\": []}").unwrap();
    let (code, out, _, _) = run_with(&with_region(&["put-thing", "--name", "n"]), vec![Ok(answer)]);
    assert_eq!(code, 0);
    let expected = "{\n    \"zeta\": 1,\n    \"alpha\": {\n        \"b\": [\n            true,\n            null\n        ],\n        \
                    \"a\": \"é\"\n    },\n    \"e\": []\n}\n";
    assert_eq!(out, expected);
}

#[test]
fn skeletons_are_printed_without_calling() {
    let (code, out, _, inputs) = run_with(&["put-thing", "--generate-cli-skeleton"], vec![]);
    assert_eq!((code, inputs.len()), (0, 0));
    assert_eq!(out, "{\n    \"name\": \"string\",\n    \"count\": 0\n}\n");
    let (code, out, _, _) = run_with(&["put-thing", "--generate-cli-skeleton", "output"], vec![]);
    assert_eq!(code, 0);
    assert_eq!(out, "{\n    \"b\": 1,\n    \"a\": {\n        \"z\": [],\n        \"y\": {}\n    }\n}\n");
}

#[test]
fn errors_are_worded_and_coded_as_the_aws_cli_does() {
    let service = CallError::Service { code: "ThingNotFound".to_owned(), message: "no thing n".to_owned() };
    let (code, out, err, _) = run_with(&with_region(&["put-thing", "--name", "n"]), vec![Err(service)]);
    assert_eq!((code, out.as_str()), (EXIT_SERVICE, ""));
    assert_eq!(err, "\nAn error occurred (ThingNotFound) when calling the PutThing operation: no thing n\n");
    let other = CallError::Other("dispatch failure: connection refused".to_owned());
    let (code, _, err, _) = run_with(&with_region(&["put-thing", "--name", "n"]), vec![Err(other)]);
    assert_eq!(code, EXIT_OTHER);
    assert!(err.contains("connection refused"), "{err}");
    let input = CallError::Input("unknown member `extra`".to_owned());
    let (code, _, err, _) = run_with(&with_region(&["put-thing", "--name", "n"]), vec![Err(input)]);
    assert_eq!(code, EXIT_USAGE);
    assert!(err.contains("Parameter validation failed:\nunknown member `extra`"), "{err}");
}

fn page(things: &[i64], next: Option<&str>) -> Result<Value, CallError> {
    let mut page = json!({"things": things, "count": things.len()});
    if let Some(next) = next {
        page["nextToken"] = json!(next);
    }
    Ok(page)
}

#[test]
fn pages_are_merged_and_the_token_left_out() {
    let pages = vec![page(&[1, 2], Some("t1")), page(&[3], Some("t2")), page(&[], None)];
    let (code, out, err, inputs) = run_with(&with_region(&["list-things", "--page-size", "2"]), pages);
    assert_eq!(code, 0, "{err}");
    let output: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(output, json!({"things": [1, 2, 3], "count": 2}));
    let sent: Vec<Value> = inputs.into_iter().map(|(_, input)| input).collect();
    assert_eq!(
        sent,
        vec![
            json!({"maxResults": 2}),
            json!({"maxResults": 2, "nextToken": "t1"}),
            json!({"maxResults": 2, "nextToken": "t2"})
        ]
    );
}

#[test]
fn max_items_stops_inside_a_page_and_the_token_resumes_there() {
    let pages = vec![page(&[1, 2], Some("t1")), page(&[3, 4], Some("t2"))];
    let (code, out, _, inputs) = run_with(&with_region(&["list-things", "--max-items", "3"]), pages);
    assert_eq!((code, inputs.len()), (0, 2));
    let output: Value = serde_json::from_str(&out).unwrap();
    let token = paginate::token_for_tests("nextToken", "t1", Some(1));
    assert_eq!(output, json!({"things": [1, 2, 3], "count": 2, "NextToken": token}));
    // Resuming asks for the same page again and skips what was printed.
    let pages = vec![page(&[3, 4], None)];
    let (code, out, _, inputs) = run_with(&with_region(&["list-things", "--starting-token", &token]), pages);
    assert_eq!(code, 0);
    assert_eq!(inputs[0].1, json!({"nextToken": "t1"}));
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), json!({"things": [4], "count": 2}));
}

#[test]
fn no_paginate_sends_one_request_and_prints_it_whole() {
    let (code, out, _, inputs) =
        run_with(&with_region(&["list-things", "--no-paginate"]), vec![page(&[1], Some("t1"))]);
    assert_eq!((code, inputs.len()), (0, 1));
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), json!({"things": [1], "count": 1, "nextToken": "t1"}));
}

#[test]
fn a_repeated_token_ends_paging() {
    let pages = vec![page(&[1], Some("same")), page(&[2], Some("same"))];
    let (code, out, _, inputs) = run_with(&with_region(&["list-things"]), pages);
    assert_eq!((code, inputs.len()), (0, 2));
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["things"], json!([1, 2]));
}

#[test]
fn waiting_retries_until_an_acceptor_decides() {
    let not_found = || Err(CallError::Service { code: "ThingNotFound".to_owned(), message: String::new() });
    let answers =
        vec![not_found(), Ok(json!({"thing": {"state": "PENDING"}})), Ok(json!({"thing": {"state": "READY"}}))];
    let (code, out, err, inputs) = run_with(&with_region(&["wait", "thing-ready", "--name", "n"]), answers);
    assert_eq!((code, out.as_str(), err.as_str(), inputs.len()), (0, "", "", 3));
    let (code, _, err, _) = run_with(
        &with_region(&["wait", "thing-ready", "--name", "n"]),
        vec![Ok(json!({"thing": {"state": "BROKEN"}}))],
    );
    assert_eq!(code, EXIT_OTHER);
    assert!(err.contains("Waiter ThingReady failed: Waiter encountered a terminal failure state"), "{err}");
    let denied = CallError::Service { code: "AccessDenied".to_owned(), message: "no".to_owned() };
    let (code, _, err, _) = run_with(&with_region(&["wait", "thing-ready", "--name", "n"]), vec![Err(denied)]);
    assert_eq!(code, EXIT_SERVICE);
    assert!(err.contains("An error occurred (AccessDenied) when calling the PutThing operation: no"), "{err}");
}

#[test]
fn waiter_paths_are_jmespath() {
    let value = json!({"a": {"b": [{"c": "x"}, {"c": "y"}, {"d": 1}]}});
    assert_eq!(wait::search(&value, "a.b[].c").unwrap(), json!(["x", "y"]));
    assert_eq!(wait::search(&value, "length(a.b)").unwrap(), json!(3));
    assert_eq!(wait::search(&value, "a.missing").unwrap(), Value::Null);
    assert_eq!(wait::search(&value, "a.b[?c=='x'].c").unwrap(), json!(["x"]));
    assert!(wait::search(&value, "a.b[?").unwrap_err().contains("is not a JMESPath expression"));
}

#[test]
fn help_and_version_need_no_configuration() {
    let (code, out, _, _) = run_with(&["--version"], vec![]);
    assert_eq!((code, out.as_str()), (0, "demo/1.2.3\n"));
    let (code, out, _, _) = run_with(&["help"], vec![]);
    assert_eq!(code, 0);
    assert!(out.contains("A service for tests.") && out.contains("  list-things\n") && out.contains("  wait\n"));
    let (code, out, _, _) = run_with(&["put-thing", "help"], vec![]);
    assert_eq!(code, 0);
    assert!(out.contains("Puts a thing.") && out.contains("--name (string, required)\n     The name."), "{out}");
    assert!(out.contains("--force | --no-force") && out.contains("Possible values: FAST, SLOW"), "{out}");
    let (code, out, _, _) = run_with(&["wait", "thing-ready", "help"], vec![]);
    assert_eq!(code, 0);
    assert!(out.contains("Polls `put-thing`"), "{out}");
}

#[test]
fn stopping_inside_the_first_page_resumes_from_the_start() {
    let (code, out, _, _) = run_with(&with_region(&["list-things", "--max-items", "2"]), vec![page(&[1, 2, 3], None)]);
    assert_eq!(code, 0);
    let output: Value = serde_json::from_str(&out).unwrap();
    let token = output["NextToken"].as_str().unwrap().to_owned();
    let decoded: Value = serde_json::from_slice(&crate::base64::decode(&token).unwrap()).unwrap();
    assert_eq!(decoded, json!({"boto_truncate_amount": 2}));
    let args = with_region(&["list-things", "--starting-token", &token]);
    let (code, out, _, inputs) = run_with(&args, vec![page(&[1, 2, 3], None)]);
    assert_eq!((code, inputs[0].1.clone()), (0, json!({})));
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["things"], json!([3]));
}

#[test]
fn shorthand_is_typed_by_the_members_kinds() {
    let args = with_region(&[
        "put-thing",
        "--name",
        "n",
        "--tags",
        "Key=a,Value=b",
        "Key='x,y',Value=\"c=d\"",
        "--config",
        "k=1,2,3,on=true,tags=[{Key=t,Value=u}],inner={on=false,k=[4]}",
        "--labels",
        "a=1, b=2",
    ]);
    let (code, _, err, inputs) = run_with(&args, vec![Ok(json!({}))]);
    assert_eq!(code, 0, "{err}");
    let expected = json!({
        "name": "n",
        "tags": [{"Key": "a", "Value": "b"}, {"Key": "x,y", "Value": "c=d"}],
        "config": {"k": [1, 2, 3], "on": true, "tags": [{"Key": "t", "Value": "u"}], "inner": {"on": false, "k": [4]}},
        "labels": {"a": 1, "b": 2},
    });
    assert_eq!(inputs[0].1, expected);
}

#[test]
fn bad_shorthand_names_the_key_and_the_problem() {
    let cases: &[(&str, &str)] = &[
        ("bogus=1", "--config: unknown key `bogus`; the keys are k, on, tags, inner"),
        ("on=maybe", "--config.on: `maybe` is not `true` or `false`"),
        ("k=[1", "`[` is not closed"),
        ("inner=plain", "--config.inner: expects `key=value` pairs, got `plain`"),
        ("tags=[{Key='a}]", "quote is not closed"),
        ("just-text", "expected `key=value`, found `just-text`"),
    ];
    for (value, message) in cases {
        let (code, _, err, inputs) = run_with(&with_region(&["put-thing", "--name", "n", "--config", value]), vec![]);
        assert_eq!((code, inputs.len()), (EXIT_USAGE, 0), "{value}: {err}");
        assert!(err.contains(message), "{value}: {err}");
    }
}

fn repositories() -> Value {
    serde_json::from_str(
        r#"{"repositories": [
            {"repositoryName": "a", "createdAt": 1.5, "scan": {"scanOnPush": true}, "tags": ["x", "y"]},
            {"repositoryName": "b", "createdAt": 2, "scan": {"scanOnPush": false}}
        ], "registryId": "123"}"#,
    )
    .unwrap()
}

#[test]
fn text_output_is_the_aws_cli_s_lines() {
    let args = with_region(&["put-thing", "--name", "n", "--output", "text"]);
    let (code, out, _, _) = run_with(&args, vec![Ok(repositories())]);
    assert_eq!(code, 0);
    let expected = "123\nREPOSITORIES\t1.5\ta\nSCAN\tTrue\nTAGS\tx\nTAGS\ty\nREPOSITORIES\t2\tb\nSCAN\tFalse\n";
    assert_eq!(out, expected);
    assert_eq!(output::text(&json!(["a", "b"])), "a\tb\n");
    assert_eq!(output::text(&json!(null)), "None\n");
}

#[test]
fn query_applies_to_the_merged_pages_in_every_format() {
    let pages = vec![page(&[1, 2], Some("t1")), page(&[3], None)];
    let args = with_region(&["list-things", "--query", "things[?@ > `1`]", "--output", "text"]);
    let (code, out, err, _) = run_with(&args, pages);
    assert_eq!((code, out.as_str()), (0, "2\t3\n"), "{err}");
    let pages = vec![page(&[1, 2], Some("t1")), page(&[3], None)];
    let args = with_region(&["list-things", "--query", "{n: length(things)}"]);
    let (_, out, _, _) = run_with(&args, pages);
    assert_eq!(out, "{\n    \"n\": 3\n}\n");
    let pages = vec![page(&[1, 2], Some("t1")), page(&[3], None)];
    let (_, out, _, _) = run_with(&with_region(&["list-things", "--query", "things", "--output", "table"]), pages);
    let expected = "\
--------------
| ListThings |
+------------+
|  1         |
|  2         |
|  3         |
+------------+
";
    assert_eq!(out, expected);
}

#[test]
fn table_output_boxes_sections_by_key() {
    let args = with_region(&["put-thing", "--name", "n", "--output", "table"]);
    let (code, out, _, _) = run_with(&args, vec![Ok(repositories())]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().all(|l| l.chars().count() == lines[0].chars().count()), "{out}");
    assert_eq!(lines[1].trim_matches(|c| c == '|' || c == ' '), "PutThing");
    assert!(out.contains("|  registryId |  123 "), "a lone scalar is a key-value row: {out}");
    assert!(out.contains("|| createdAt  | repositoryName  ||"), "a list of objects has one header: {out}");
    for expected in [
        "registryId",
        "123",
        "repositories",
        "createdAt",
        "repositoryName",
        "scanOnPush",
        "True",
        "False",
        "tags",
        " x ",
    ] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
    assert!(out.contains("||") && out.contains("|||"), "nested sections are indented: {out}");
}

#[test]
fn global_options_reach_the_configuration() {
    let args: Vec<String> = [
        "put-thing",
        "--name",
        "n",
        "--region",
        "eu-west-1",
        "--endpoint-url",
        "http://127.0.0.1:1",
        "--ca-bundle",
        "/corp/ca.pem",
        "--cli-connect-timeout",
        "0",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .collect();
    let seen = std::rc::Rc::new(RefCell::new(None));
    let record = seen.clone();
    let (code, _, err) = run::run(&SERVICE, &args, &move |config| {
        *record.borrow_mut() = Some(config.clone());
        Box::new(Script::new(vec![Ok(json!({}))])) as Box<dyn Call>
    });
    assert_eq!(code, 0, "{err}");
    let config = seen.borrow().clone().unwrap();
    assert_eq!(config.region(), Some("eu-west-1"));
    assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:1"));
    assert_eq!(config.ca_bundle(), Some(std::path::Path::new("/corp/ca.pem")));
}

#[test]
fn a_table_too_wide_for_80_columns_turns_its_rows_into_key_value_pairs() {
    let long = "x".repeat(60);
    let answer = json!({"items": [{"name": "a", "arn": long, "uri": long}]});
    let (code, out, _, _) =
        run_with(&with_region(&["put-thing", "--name", "n", "--output", "table"]), vec![Ok(answer)]);
    assert_eq!(code, 0);
    assert!(out.lines().all(|line| line.chars().count() <= 80), "{out}");
    assert!(out.contains("||  arn  |  xxxx") && out.contains("||  name |  a "), "{out}");
}

#[test]
fn a_streamed_payload_member_is_taken_out_of_the_input_as_a_path() {
    let (rest, path) = super::take_file_member(r#"{"Name":"a","Body":"fileb:///tmp/blob.bin"}"#, "Body").unwrap();
    assert_eq!(rest, r#"{"Name":"a"}"#);
    assert_eq!(path, Some(std::path::PathBuf::from("/tmp/blob.bin")));
    let (rest, path) = super::take_file_member(r#"{"Name":"a"}"#, "Body").unwrap();
    assert_eq!((rest.as_str(), path), (r#"{"Name":"a"}"#, None));
    let error = super::take_file_member(r#"{"Body":3}"#, "Body").unwrap_err();
    assert_eq!(error, "`Body` is the path of the file to send, a string");
    assert!(super::take_file_member(r#"{"Body":""}"#, "Body").unwrap_err().contains("empty"));
}
