//! The `ecr` command-line tool (feature `cli`) against the local moto server of
//! `real_server.rs`: operations through flags and through `--cli-input-json`,
//! skeletons read back, output and exit codes as the AWS CLI has them.
//!
//! `cargo xtask test` (or `cargo xtask real-server`) builds the tool and runs this file
//! with the server's endpoint and keys; plain `cargo test` skips it, and so does a
//! build without the `cli` feature (which has no tool to run). moto's behaviours the
//! tests step around are listed in `real_server.rs`; pagination in particular is not
//! served by moto, so `--max-items` here exercises the tool's own truncation.

#[path = "real_server/support.rs"]
#[allow(dead_code)] // the helpers this file does not use serve real_server.rs
mod support;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use aws_client_runtime::serde_json::{self, Value, json};
use support::{TestImage, digest};

/// The tool, when this test binary was built with the `cli` feature.
const TOOL: Option<&str> = option_env!("CARGO_BIN_EXE_ecr");

/// The account moto puts every resource in.
const ACCOUNT: &str = "123456789012";

/// How to run the tool against the server, or `None` after saying why not.
struct Tool {
    path: &'static str,
    endpoint: String,
    key: (String, String),
    home: PathBuf,
    region: &'static str,
}

fn tool(region: &'static str) -> Option<Tool> {
    support::server()?;
    let Some(path) = TOOL else {
        assert!(
            std::env::var_os("ECR_REAL_SERVER_REQUIRED").is_none(),
            "the real-server step must build this test with `--features cli`"
        );
        let _ = writeln!(std::io::stderr(), "cli_real_server: skipped: built without the `cli` feature");
        return None;
    };
    let keys: Value = serde_json::from_str(&std::env::var("ECR_REAL_SERVER_KEYS").unwrap()).unwrap();
    let field = |name: &str| keys["allowed"][name].as_str().unwrap().to_owned();
    // An empty home: no profile of the person running the tests is read.
    let home = std::env::temp_dir().join(format!("ecr-cli-test-{region}-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let endpoint = server_endpoint();
    Some(Tool { path, endpoint, key: (field("id"), field("secret")), home, region })
}

fn server_endpoint() -> String {
    std::env::var("ECR_REAL_SERVER_ENDPOINT").unwrap()
}

/// What one run of the tool gave.
#[derive(Debug)]
struct Run {
    code: i32,
    out: String,
    err: String,
}

impl Run {
    /// The output as JSON, failing the test when the run failed.
    fn json(&self) -> Value {
        assert_eq!(self.code, 0, "the tool failed: {}", self.err);
        if self.out.is_empty() { json!({}) } else { serde_json::from_str(&self.out).unwrap() }
    }
}

impl Tool {
    fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(self.path)
            .args(["--endpoint-url", &self.endpoint, "--region", self.region])
            .args(args)
            .env_clear()
            .env("HOME", &self.home)
            .env("AWS_ACCESS_KEY_ID", &self.key.0)
            .env("AWS_SECRET_ACCESS_KEY", &self.key.1)
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            out: String::from_utf8(output.stdout).unwrap(),
            err: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// Runs `command` with `input` through `--cli-input-json`.
    fn run_json(&self, command: &str, input: &Value) -> Run {
        self.run(&[command, "--cli-input-json", &input.to_string()])
    }

    /// Writes a file in the tool's home and returns its path.
    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.home.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }
}

impl Drop for Tool {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

#[test]
fn repositories_policies_and_tags_through_flags_and_input_json() {
    let Some(ecr) = tool("eu-west-3") else { return };
    let created = ecr.run(&[
        "create-repository",
        "--repository-name",
        "cli-flags",
        "--image-tag-mutability",
        "MUTABLE",
        // The AWS CLI's shorthand for a structure and a list of structures.
        "--image-scanning-configuration",
        "scanOnPush=true",
        "--tags",
        "Key=team,Value=a",
    ]);
    // The AWS CLI's layout: four spaces, the response's own order of keys.
    assert!(created.out.starts_with("{\n    \"repository\": {\n        \""), "{}", created.out);
    let repository = &created.json()["repository"];
    assert_eq!(repository["repositoryName"], "cli-flags");
    assert_eq!(repository["imageScanningConfiguration"]["scanOnPush"], true);
    let arn = repository["repositoryArn"].as_str().unwrap().to_owned();

    let by_json =
        ecr.run_json("create-repository", &json!({"repositoryName": "cli-json", "imageTagMutability": "IMMUTABLE"}));
    assert_eq!(by_json.json()["repository"]["imageTagMutability"], "IMMUTABLE");

    let again = ecr.run(&["create-repository", "--repository-name", "cli-json"]);
    assert_eq!(again.code, 254, "{again:?}");
    assert!(
        again.err.starts_with(
            "\nAn error occurred (RepositoryAlreadyExistsException) when calling the CreateRepository operation: "
        ),
        "{}",
        again.err
    );

    // The same call through flags and through its input JSON gives the same output.
    let flags = ecr.run(&["describe-repositories", "--repository-names", "cli-flags", "cli-json"]);
    let input = ecr.run_json("describe-repositories", &json!({"repositoryNames": ["cli-flags", "cli-json"]}));
    assert_eq!(flags.out, input.out);
    let names: Vec<Value> =
        flags.json()["repositories"].as_array().unwrap().iter().map(|r| r["repositoryName"].clone()).collect();
    assert_eq!(names, vec![json!("cli-flags"), json!("cli-json")]);

    // --max-items truncates and its token resumes (moto does not page, the tool does).
    let first = ecr.run(&["describe-repositories", "--max-items", "1"]).json();
    assert_eq!(first["repositories"].as_array().unwrap().len(), 1);
    let token = first["NextToken"].as_str().expect("a NextToken after one of two items").to_owned();
    let rest = ecr.run(&["describe-repositories", "--starting-token", &token]).json();
    assert_eq!(rest["repositories"].as_array().unwrap().len(), 1);
    assert_ne!(rest["repositories"][0]["repositoryName"], first["repositories"][0]["repositoryName"]);
    assert!(rest.get("NextToken").is_none());

    // --query and the three output formats on the (auto-paginated) listing.
    let names = ecr.run(&["describe-repositories", "--query", "repositories[].repositoryName", "--output", "text"]);
    assert_eq!((names.code, names.out.as_str()), (0, "cli-flags\tcli-json\n"), "{}", names.err);
    let count = ecr.run(&["describe-repositories", "--query", "length(repositories)"]);
    assert_eq!(count.out, "2\n");
    let text = ecr.run(&["describe-repositories", "--output", "text"]);
    let rows: Vec<&str> = text.out.lines().filter(|l| l.starts_with("REPOSITORIES\t")).collect();
    assert_eq!(rows.len(), 2, "{}", text.out);
    assert!(rows[0].contains("\tcli-flags\t") && rows[0].contains(&arn), "{}", text.out);
    let table = ecr.run(&["describe-repositories", "--max-items", "1", "--output", "table"]);
    assert_eq!(table.code, 0, "{}", table.err);
    let lines: Vec<&str> = table.out.lines().collect();
    assert_eq!(lines[1].trim_matches(|c| c == '|' || c == ' '), "DescribeRepositories");
    assert!(
        table.out.contains("repositoryName") && table.out.contains("  cli-flags ") && table.out.contains("NextToken")
    );
    assert!(!table.out.contains("cli-json"), "{}", table.out);
    let debug = ecr.run(&["describe-repositories", "--debug", "--query", "repositories[0].repositoryName"]);
    assert_eq!(debug.out, "\"cli-flags\"\n");
    assert!(debug.err.contains("debug: DescribeRepositories with input {}: ok after "), "{}", debug.err);

    let policy = json!({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
        "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]});
    let policy_file = ecr.file("lifecycle.json", policy.to_string().as_bytes());
    let put = ecr.run(&[
        "put-lifecycle-policy",
        "--repository-name",
        "cli-flags",
        "--lifecycle-policy-text",
        &format!("file://{policy_file}"),
    ]);
    assert_eq!(put.json()["repositoryName"], "cli-flags");
    let got = ecr.run_json("get-lifecycle-policy", &json!({"repositoryName": "cli-flags"})).json();
    let text: Value = serde_json::from_str(got["lifecyclePolicyText"].as_str().unwrap()).unwrap();
    assert_eq!(text, policy);
    ecr.run(&["delete-lifecycle-policy", "--repository-name", "cli-flags"]).json();
    let gone = ecr.run(&["get-lifecycle-policy", "--repository-name", "cli-flags"]);
    assert_eq!(gone.code, 254);
    assert!(gone.err.contains("(LifecyclePolicyNotFoundException) when calling the GetLifecyclePolicy operation"));

    let statement = json!({"Version": "2012-10-17", "Statement": [{"Sid": "pull", "Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": ["ecr:BatchGetImage"]}]});
    let set = ecr.run_json(
        "set-repository-policy",
        &json!({"repositoryName": "cli-json", "policyText": statement.to_string(), "force": true}),
    );
    assert_eq!(set.json()["repositoryName"], "cli-json");
    let got = ecr.run(&["get-repository-policy", "--repository-name", "cli-json"]).json();
    assert_eq!(serde_json::from_str::<Value>(got["policyText"].as_str().unwrap()).unwrap(), statement);
    ecr.run(&["delete-repository-policy", "--repository-name", "cli-json"]).json();

    ecr.run(&["tag-resource", "--resource-arn", &arn, "--tags", r#"[{"Key": "env", "Value": "test"}]"#]).json();
    let tags = ecr.run_json("list-tags-for-resource", &json!({"resourceArn": arn})).json();
    let keys: Vec<&str> = tags["tags"].as_array().unwrap().iter().map(|t| t["Key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["team", "env"]);
    ecr.run(&["untag-resource", "--resource-arn", &arn, "--tag-keys", "team", "env"]).json();
    assert_eq!(ecr.run(&["list-tags-for-resource", "--resource-arn", &arn]).json()["tags"], json!([]));

    let mutability =
        ecr.run(&["put-image-tag-mutability", "--repository-name", "cli-json", "--image-tag-mutability", "MUTABLE"]);
    assert_eq!(mutability.json()["imageTagMutability"], "MUTABLE");
    let scanning = ecr.run_json(
        "put-image-scanning-configuration",
        &json!({"repositoryName": "cli-flags", "imageScanningConfiguration": {"scanOnPush": false}}),
    );
    assert_eq!(scanning.json()["imageScanningConfiguration"]["scanOnPush"], false);

    for name in ["cli-flags", "cli-json"] {
        let deleted = ecr.run(&["delete-repository", "--repository-name", name, "--force"]).json();
        assert_eq!(deleted["repository"]["repositoryName"], name);
    }
    let missing = ecr.run(&["describe-repositories", "--repository-names", "cli-flags"]);
    assert_eq!(missing.code, 254);
    assert!(missing.err.contains("(RepositoryNotFoundException) when calling the DescribeRepositories operation"));
}

#[test]
fn an_image_pushed_scanned_and_deleted_through_the_tool() {
    let Some(ecr) = tool("ap-south-2") else { return };
    ecr.run(&["create-repository", "--repository-name", "cli-images"]).json();
    let image = TestImage::new(3000);
    for blob in [&image.layer, &image.config] {
        let upload = ecr.run(&["initiate-layer-upload", "--repository-name", "cli-images"]).json();
        let upload_id = upload["uploadId"].as_str().unwrap().to_owned();
        let blob_file = ecr.file("blob.bin", blob);
        let last = (blob.len() - 1).to_string();
        let part = ecr.run(&[
            "upload-layer-part",
            "--repository-name",
            "cli-images",
            "--upload-id",
            &upload_id,
            "--part-first-byte",
            "0",
            "--part-last-byte",
            &last,
            "--layer-part-blob",
            &format!("fileb://{blob_file}"),
        ]);
        assert_eq!(part.json()["lastByteReceived"], json!(blob.len() - 1));
        let completed = ecr.run_json(
            "complete-layer-upload",
            &json!({"repositoryName": "cli-images", "uploadId": upload_id, "layerDigests": [digest(blob)]}),
        );
        // Equal digests: the fileb:// bytes arrived byte for byte.
        assert_eq!(completed.json()["layerDigest"], json!(digest(blob)));
    }
    let layer = digest(&image.layer);
    let check =
        ecr.run(&["batch-check-layer-availability", "--repository-name", "cli-images", "--layer-digests", &layer]);
    assert_eq!(check.json()["layers"][0]["layerAvailability"], "AVAILABLE");

    let manifest_file = ecr.file("manifest.json", image.manifest.as_bytes());
    let put = ecr.run(&[
        "put-image",
        "--repository-name",
        "cli-images",
        "--image-tag",
        "v1",
        "--image-manifest",
        &format!("file://{manifest_file}"),
    ]);
    let image_digest = put.json()["image"]["imageId"]["imageDigest"].as_str().unwrap().to_owned();

    let listed = ecr.run(&["list-images", "--repository-name", "cli-images"]).json();
    assert_eq!(listed["imageIds"], json!([{"imageDigest": image_digest, "imageTag": "v1"}]));
    let described = ecr.run_json("describe-images", &json!({"repositoryName": "cli-images"})).json();
    assert_eq!(described["imageDetails"][0]["imageTags"], json!(["v1"]));
    let got =
        ecr.run(&["batch-get-image", "--repository-name", "cli-images", "--image-ids", r#"[{"imageTag": "v1"}]"#]);
    assert_eq!(got.json()["images"][0]["imageManifest"].as_str(), Some(image.manifest.as_str()));

    let scan = ecr.run(&["start-image-scan", "--repository-name", "cli-images", "--image-id", r#"{"imageTag": "v1"}"#]);
    assert_eq!(scan.json()["imageId"]["imageDigest"], json!(image_digest));
    let wait = ecr.run(&[
        "wait",
        "image-scan-complete",
        "--repository-name",
        "cli-images",
        "--image-id",
        r#"{"imageTag": "v1"}"#,
    ]);
    assert_eq!((wait.code, wait.out.as_str()), (0, ""), "{wait:?}");
    let findings = ecr.run(&[
        "describe-image-scan-findings",
        "--repository-name",
        "cli-images",
        "--image-id",
        r#"{"imageTag": "v1"}"#,
    ]);
    assert_eq!(findings.json()["imageScanStatus"]["status"], "COMPLETE");

    let deleted = ecr.run_json(
        "batch-delete-image",
        &json!({"repositoryName": "cli-images", "imageIds": [{"imageDigest": image_digest}]}),
    );
    assert_eq!(deleted.json()["imageIds"][0]["imageDigest"], json!(image_digest));
    ecr.run(&["delete-repository", "--repository-name", "cli-images"]).json();
}

#[test]
fn registry_operations_through_the_tool() {
    let Some(ecr) = tool("ca-west-1") else { return };
    let token = ecr.run(&["get-authorization-token"]).json();
    assert!(token["authorizationData"][0]["authorizationToken"].is_string());
    assert_eq!(ecr.run(&["describe-registry"]).json()["registryId"], ACCOUNT);

    let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "replicate", "Effect": "Allow",
        "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": ["ecr:ReplicateImage"],
        "Resource": format!("arn:aws:ecr:ca-west-1:{ACCOUNT}:repository/*")}]});
    ecr.run(&["put-registry-policy", "--policy-text", &policy.to_string()]).json();
    let got = ecr.run_json("get-registry-policy", &json!({})).json();
    assert_eq!(serde_json::from_str::<Value>(got["policyText"].as_str().unwrap()).unwrap(), policy);
    ecr.run(&["delete-registry-policy"]).json();

    let rules =
        r#"[{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}]"#;
    ecr.run(&["put-registry-scanning-configuration", "--scan-type", "ENHANCED", "--rules", rules]).json();
    let scanning = ecr.run(&["get-registry-scanning-configuration"]).json();
    assert_eq!(scanning["scanningConfiguration"]["scanType"], "ENHANCED");

    let replication = json!({"replicationConfiguration": {"rules": [{"destinations": [{"region": "us-west-2", "registryId": ACCOUNT}]}]}});
    let put = ecr.run_json("put-replication-configuration", &replication).json();
    assert_eq!(put["replicationConfiguration"]["rules"][0]["destinations"][0]["region"], "us-west-2");
}

#[test]
fn every_input_skeleton_reads_back_and_bad_input_stops_before_sending() {
    let Some(ecr) = tool("eu-north-1") else { return };
    let help = ecr.run(&["help"]);
    let commands: Vec<&str> = help
        .out
        .lines()
        .skip_while(|l| *l != "COMMANDS")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(str::trim)
        .collect();
    assert!(commands.len() > 50, "{}", help.out);
    for command in commands.iter().filter(|c| **c != "wait") {
        let skeleton = ecr.run(&[command, "--generate-cli-skeleton"]);
        assert_eq!(skeleton.code, 0, "{command}: {}", skeleton.err);
        assert!(skeleton.out.starts_with("{\n    \"") || skeleton.out == "{}\n", "{command}: {}", skeleton.out);
        // The skeleton is accepted by the input reader; no request is made, as the
        // endpoint is closed (a refused connection, exit 255, is the only other outcome).
        let closed = Command::new(ecr.path)
            .args(["--endpoint-url", "http://127.0.0.1:9", "--region", "eu-north-1", "--cli-read-timeout", "2"])
            .args([command, "--cli-input-json", &skeleton.out])
            .env_clear()
            .env("HOME", &ecr.home)
            .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .env("AWS_MAX_ATTEMPTS", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&closed.stderr);
        assert!(
            closed.status.code() == Some(255) || err.contains("Parameter validation failed"),
            "{command}: {:?} {err}",
            closed.status
        );
        assert!(!err.contains("unknown member") && !err.contains("not valid JSON"), "{command}: {err}");
        let output = ecr.run(&[command, "--generate-cli-skeleton", "output"]);
        assert_eq!(output.code, 0, "{command}: {}", output.err);
        serde_json::from_str::<Value>(&output.out).unwrap();
    }
    let unknown = ecr.run_json("describe-repositories", &json!({"repositoryNames": ["a"], "extra": 1}));
    assert_eq!(unknown.code, 252, "{unknown:?}");
    assert!(unknown.err.contains("extra"), "{}", unknown.err);
    let too_long = ecr.run(&["describe-repositories", "--repository-names", &"x".repeat(300)]);
    assert_eq!(too_long.code, 252, "{too_long:?}");
}

/// The cells of a table (its text between the `|` borders), in order, for comparing
/// two tables by content when their column widths differ.
fn cells(table: &str) -> Vec<String> {
    table
        .lines()
        .filter(|line| !line.trim_matches('|').starts_with(['+', '-']))
        .flat_map(|line| line.split('|').map(str::trim).filter(|cell| !cell.is_empty()).map(str::to_owned))
        .collect()
}

#[test]
fn output_and_errors_match_the_aws_cli() {
    let Some(ecr) = tool("sa-east-1") else { return };
    let aws_cli = std::env::var("ECR_REAL_SERVER_AWS_CLI").expect("the real-server step names the AWS CLI");
    let aws = |args: &[&str]| {
        let output = Command::new(&aws_cli)
            .args(["ecr", "--endpoint-url", &ecr.endpoint])
            .args(args)
            .env_clear()
            .env("HOME", &ecr.home)
            .env("AWS_DEFAULT_REGION", ecr.region)
            .env("AWS_ACCESS_KEY_ID", &ecr.key.0)
            .env("AWS_SECRET_ACCESS_KEY", &ecr.key.1)
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            out: String::from_utf8(output.stdout).unwrap(),
            err: String::from_utf8(output.stderr).unwrap(),
        }
    };
    for name in ["cmp-one", "cmp-two"] {
        ecr.run(&["create-repository", "--repository-name", name, "--tags", "Key=k,Value=v"]).json();
    }
    let listing = ["describe-repositories"];
    let (ours, theirs) = (ecr.run(&listing), aws(&listing));
    assert_eq!(theirs.code, 0, "{}", theirs.err);
    assert_eq!(ours.out, theirs.out, "json output, byte for byte");
    for format in ["text", "table"] {
        let args = ["describe-repositories", "--output", format];
        let (ours, theirs) = (ecr.run(&args), aws(&args));
        match format {
            "text" => assert_eq!(ours.out, theirs.out, "text output, byte for byte"),
            _ => assert_eq!(
                cells(&ours.out),
                cells(&theirs.out),
                "table output by content:\n{}\n{}",
                ours.out,
                theirs.out
            ),
        }
    }
    let query =
        ["describe-repositories", "--query", "repositories[].[repositoryName, imageTagMutability]", "--output", "text"];
    assert_eq!(ecr.run(&query).out, aws(&query).out);
    let check =
        ["batch-check-layer-availability", "--repository-name", "cmp-one", "--layer-digests", "sha256:00", "sha256:11"];
    let (ours, theirs) = (ecr.run(&check), aws(&check));
    assert_eq!(ours.json(), serde_json::from_str::<Value>(&theirs.out).unwrap(), "same value");
    // A service error: the same words; the exit code is the AWS CLI v2's (254), where the
    // pinned v1 exits 255.
    let missing = ["describe-repositories", "--repository-names", "cmp-none"];
    let (ours, theirs) = (ecr.run(&missing), aws(&missing));
    assert_eq!((ours.code, theirs.code), (254, 255));
    assert_eq!(ours.err, theirs.err);
    for name in ["cmp-one", "cmp-two"] {
        ecr.run(&["delete-repository", "--repository-name", name]).json();
    }
}
