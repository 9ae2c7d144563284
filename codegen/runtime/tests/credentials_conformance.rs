//! The AWS SDKs' credentials conformance corpus (`credentials_corpus/`, from
//! smithy-rs, Apache-2.0: see its LICENSE and NOTICE), run through the real
//! providers. Scenarios replay their recorded HTTP traffic from a local
//! server (`credentials_conformance/replay.rs`) that also checks what the
//! client sent; nothing goes to the network. Prints one summary line per
//! part.

#![cfg(feature = "client")]

#[path = "credentials_conformance/replay.rs"]
mod replay;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use aws_client_runtime::client::RetryConfig;
use aws_client_runtime::credentials::profile::{FileKind, ProfileSet};
use aws_client_runtime::credentials::{
    ContainerProvider, Credentials, CredentialsError, DefaultCredentialsChain, Environment, ImdsEndpointMode,
    ImdsProvider, ProfileProvider, ProvideCredentials, ProviderConfig, SsoTokenProvider, describe_profile_chain,
};
use serde_json::{Map, Value};

thread_local! {
    /// The scenario being checked (for [`CASE_MEANINGS`]).
    static CURRENT_CASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/credentials_corpus");

/// Cases left out, with the reason. (The corpus file of the console `login`
/// provider is not copied at all.)
const EXCLUDED: &[(&str, &str)] =
    &[("login-provider-test-cases.json", "the AWS console `aws login` credentials provider is not implemented yet")];

/// Form values the recordings do not pin down: generated session names carry
/// the time of recording.
const VOLATILE_FORM_KEYS: &[&str] = &["RoleSessionName"];

/// Recordings captured with another role and token than their own case
/// names (their `RoleArn` and `WebIdentityToken` differ from the case's
/// `env.json` and files), so those values are not compared there; every
/// other part of the request still is.
const DRIFTED_RECORDINGS: &[&str] = &[
    "web_identity_token_env",
    "web_identity_token_invalid_jwt",
    "web_identity_token_profile",
    "web_identity_token_source_profile",
];
const DRIFTED_FORM_KEYS: &[&str] = &["RoleSessionName", "RoleArn", "WebIdentityToken"];

/// Where our error wording differs from the corpus's (which is the Rust
/// SDK's), the words of ours that carry the same meaning: the corpus phrase,
/// then ours. `NOT_CONFIGURED` means "the chain found no configured source".
const NOT_CONFIGURED: &str = "<not configured>";
const MEANINGS: &[(&str, &str)] = &[
    ("the credential provider was not enabled", NOT_CONFIGURED),
    ("request forbidden: IMDS is disabled", "HTTP 403"),
    ("provider was not enabled", "credential_source Environment"),
    (
        "failed to read `/home/.aws/sso/cache/dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json`: No such file or directory (os error 2)",
        "dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json: cannot be read: No such file or directory (os error 2); run `aws sso login --profile sso-test`",
    ),
    (
        "an error occurred while loading credentials: Error retrieving credentials: external process exited with code exit status: 1",
        "exited unsuccessfully (exit status: 1)",
    ),
    ("an error occurred while loading credentials", "HTTP 503"),
    (
        "`web_identity_token_file` was specified but `role_arn` was missing",
        "`web_identity_token_file` but `role_arn` is missing",
    ),
    (
        "InvalidIdentityTokenException: No OpenIDConnect provider found in your account",
        "InvalidIdentityToken: No OpenIDConnect provider found in your account",
    ),
    (
        "Error retrieving credentials from external process, could not parse response: invalid JSON in response",
        "the command's output is not valid JSON",
    ),
    ("could not parse profile file", "line 2: a property with an empty key"),
    ("selected profile will resolve an access token instead of credentials", "configures an SSO session token"),
    ("profile must contain `source_profile`", "neither `source_profile` nor `credential_source`"),
    ("profile contained both source_profile and credential_source", "both `source_profile` and `credential_source`"),
    ("profile missing aws_secret_access_key", "no aws_secret_access_key"),
    ("profile missing aws_access_key_id", "no aws_access_key_id"),
    ("profile `B` did not contain credential information", "profile `B` has no credentials"),
    ("profile `A` did not contain credential information", "profile `A` has no credentials"),
    ("could not find source profile B referenced from A", "`source_profile = B`, which is not defined"),
    ("No profiles were defined", "profile `A`: no shared config or credentials file exists"),
    ("profile formed an infinite loop", "form a cycle: `A` -> `B` -> `A`"),
    ("`role_arn` was missing", "`role_arn` is missing"),
    (
        "if `sso_role_name` is set, then `sso_account_id` must also be set",
        "sets `sso_role_name` but not `sso_account_id`",
    ),
    (
        "if `sso_account_id` is set, then `sso_role_name` must also be set",
        "sets `sso_account_id` but not `sso_role_name`",
    ),
    (
        "`sso_region` can only be specified in the [sso-session] config when a session name is given",
        "`[sso-session A]` (used by profile `A`) has no `sso_region`",
    ),
    ("sso-session named `oops` (referenced by profile `A`) was not found", "no `[sso-session oops]` section"),
    ("No environment variables were set to configure ECS provider", NOT_CONFIGURED),
    ("URI did not specify a host", "not a valid URL"),
    ("`error` is not a valid endpoint mode", "`error`, not a valid endpoint mode"),
    ("`IPv7` is not a valid endpoint mode", "`IPv7`, not a valid endpoint mode"),
    ("invalid uri character", "not a valid URL"),
    ("Profile definition must end with ']'", "without a closing `]`"),
    ("Expected a profile definition", "before the first `[section]`"),
    ("Property did not have a name", "a property with an empty key"),
    ("Expected an '=' sign defining a property", "expected `key = value`"),
    ("Expected a property definition, found continuation", "follows no `key = value` property"),
    ("Expected a property definition", "follows no `key = value` property"),
    ("Expected an '=' sign defining a sub-property", "`key = value` for a sub-property"),
    ("Sub-property did not have a name", "a sub-property with an empty key"),
];

/// Cases whose error we deliberately classify differently from the corpus,
/// with our words and the reason.
const CASE_MEANINGS: &[(&str, &str, &str)] = &[(
    "imds_no_iam_role",
    "credential_source Ec2InstanceMetadata: imds credentials provider not configured: GET \
     http://169.254.169.254/latest/meta-data/iam/security-credentials/ returned HTTP 404: no IAM role",
    "the profile names Ec2InstanceMetadata as its source explicitly, so an instance without a role fails that \
     profile (an error naming it) instead of counting as \"nothing configured\"",
)];

/// Whether our error `message` (with `not_configured` its kind) means what
/// the corpus's `expected` says.
fn error_matches(expected: &str, message: &str, not_configured: bool) -> bool {
    if let Some((_, ours, _)) =
        CASE_MEANINGS.iter().find(|(case, _, _)| CURRENT_CASE.with(|c| c.borrow().as_str() == *case))
    {
        return message.contains(ours) && !not_configured;
    }
    match MEANINGS.iter().find(|(theirs, _)| *theirs == expected) {
        Some((_, ours)) if *ours == NOT_CONFIGURED => not_configured,
        Some((_, ours)) => message.contains(ours),
        None => message.contains(expected),
    }
}

/// The results of one part.
#[derive(Default)]
struct Tally {
    passed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, name: &str, problems: Vec<String>) {
        if problems.is_empty() {
            self.passed += 1;
        } else {
            self.failures.push(format!("{name}: {}", problems.join("; ")));
        }
    }

    fn report(&self, part: &str) -> bool {
        let total = self.passed + self.failures.len();
        println!(
            "credentials conformance ({part}): {total} cases: {} passed, {} failed",
            self.passed,
            self.failures.len()
        );
        for failure in &self.failures {
            println!("  FAILED {failure}");
        }
        self.failures.is_empty()
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(label: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("awsjson-conformance-{}-{n}-{label}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("scratch dir");
        Scratch(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_tree(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else { return };
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn environment(vars: &Value, root: &Path, route: Option<&str>) -> Environment {
    let vars = vars.as_object().cloned().unwrap_or_default();
    let env = Environment::from_vars(vars.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned())))
        .with_test_fs_root(root.to_path_buf());
    match route {
        Some(base) => env.with_test_route(base),
        None => env,
    }
}

fn provider_config(env: Environment) -> ProviderConfig {
    let direct = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(5)).build().expect("client");
    ProviderConfig::new(env)
        .with_retry_config(RetryConfig::standard().with_fixed_jitter(0.0))
        .with_metadata_http_client(direct.clone())
        .with_service_http_client(direct)
}

fn compare_credentials(expected: &Map<String, Value>, got: &Credentials) -> Vec<String> {
    let mut problems = Vec::new();
    let text = |key: &str| expected.get(key).and_then(Value::as_str);
    for (key, ours) in [
        ("access_key_id", Some(got.access_key_id())),
        ("secret_access_key", Some(got.secret_access_key())),
        ("session_token", got.session_token()),
        ("account_id", got.account_id()),
    ] {
        if text(key) != ours {
            // Secrets are compared, never printed.
            let shown =
                if key.starts_with("secret") || key == "session_token" { "(differs)" } else { ours.unwrap_or("none") };
            problems.push(format!(
                "{key}: got {shown}, expected {}",
                if key == "access_key_id" || key == "account_id" {
                    text(key).unwrap_or("none")
                } else {
                    "another value"
                }
            ));
        }
    }
    let expiry = got.expiry().map(|t| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    if expected.get("expiry").and_then(Value::as_u64) != expiry {
        problems.push(format!("expiry {expiry:?}, expected {:?}", expected.get("expiry")));
    }
    problems
}

fn check_result(expected: &Value, result: Result<Credentials, CredentialsError>) -> Vec<String> {
    match (expected.get("Ok"), expected.get("ErrorContains").and_then(Value::as_str), result) {
        (Some(Value::Object(ok)), _, Ok(credentials)) => compare_credentials(ok, &credentials),
        (Some(_), _, Err(error)) => vec![format!("expected credentials, got error: {error}")],
        (None, Some(expected), Err(error)) => {
            if error_matches(expected, &error.to_string(), error.is_not_configured()) {
                Vec::new()
            } else {
                vec![format!("error `{error}` does not mean `{expected}`")]
            }
        }
        (None, Some(_), Ok(credentials)) => vec![format!("expected an error, got {credentials:?}")],
        _ => vec!["unreadable expected result".to_owned()],
    }
}

#[derive(Clone, Copy)]
enum Scenario {
    DefaultChain,
    ProfileProvider,
    TokenProvider,
}

async fn run_scenario(dir: &Path, kind: Scenario) -> Vec<String> {
    let case = read_json(&dir.join("test-case.json"));
    let vars = read_json(&dir.join("env.json"));
    let traffic_path = dir.join("http-traffic.json");
    let exchanges = if traffic_path.exists() {
        match replay::load(&read_json(&traffic_path)) {
            Ok(exchanges) => exchanges,
            Err(e) => return vec![format!("unreadable recording: {e}")],
        }
    } else {
        Vec::new()
    };
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let volatile = if DRIFTED_RECORDINGS.contains(&name.as_str()) { DRIFTED_FORM_KEYS } else { VOLATILE_FORM_KEYS };
    let server = replay::Replay::start(exchanges, volatile).await;
    let scratch = Scratch::new("scenario");
    copy_tree(&dir.join("fs"), &scratch.0);
    let env = environment(&vars, &scratch.0, Some(&server.base));
    let config = provider_config(env);
    let mut problems = match kind {
        Scenario::DefaultChain => {
            check_result(&case["result"], DefaultCredentialsChain::with_config(config).provide_credentials().await)
        }
        Scenario::ProfileProvider => {
            check_result(&case["result"], ProfileProvider::with_config(config).provide_credentials().await)
        }
        Scenario::TokenProvider => match (SsoTokenProvider::new(config).token().await, case["result"].get("Ok")) {
            (Ok(token), Some(ok)) => {
                let expiration = aws_client_runtime::DateTime::try_from(token.expiration()).map(|t| t.to_string());
                let mut problems = Vec::new();
                if Some(token.token()) != ok["token"].as_str() {
                    problems.push("token differs".to_owned());
                }
                if expiration.ok().as_deref() != ok["expiration"].as_str() {
                    problems.push("expiration differs".to_owned());
                }
                problems
            }
            (Err(error), _) => vec![format!("token error: {error}")],
            (Ok(_), None) => vec!["expected an error, got a token".to_owned()],
        },
    };
    let log = server.log.lock().expect("log");
    problems.extend(log.mismatches.iter().cloned());
    if case["result"].get("Ok").is_some() && log.used < server.total {
        problems.push(format!("only {} of {} recorded requests were made", log.used, server.total));
    }
    problems
}

async fn scenarios(part: &str, kind: Scenario) -> Tally {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(Path::new(CORPUS).join(part))
        .expect("corpus part")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("test-case.json").exists())
        .collect();
    dirs.sort();
    let mut tally = Tally::default();
    for dir in dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        CURRENT_CASE.with(|c| *c.borrow_mut() = name.clone());
        let problems = tokio::time::timeout(Duration::from_secs(30), run_scenario(&dir, kind))
            .await
            .unwrap_or_else(|_| vec!["timed out".to_owned()]);
        tally.record(&name, problems);
    }
    tally
}

fn profile_parser() -> Tally {
    let suite = read_json(&Path::new(CORPUS).join("profile-parser-tests.json"));
    let mut tally = Tally::default();
    for case in suite["tests"].as_array().expect("tests") {
        let name = case["name"].as_str().unwrap_or("?");
        let mut set = ProfileSet::default();
        let mut error = None;
        for (key, kind) in [("configFile", FileKind::Config), ("credentialsFile", FileKind::Credentials)] {
            if let Some(text) = case["input"][key].as_str() {
                match ProfileSet::parse(text, kind) {
                    Ok(parsed) => set.merge(parsed),
                    Err(e) => error = error.or(Some(e.to_string())),
                }
            }
        }
        let output = &case["output"];
        let problems = match (output.get("errorContaining").and_then(Value::as_str), error) {
            (Some(expected), Some(error)) if error_matches(expected, &error, false) => Vec::new(),
            (Some(expected), Some(error)) => vec![format!("error `{error}` does not mean `{expected}`")],
            (Some(_), None) => vec!["expected an error".to_owned()],
            (None, Some(error)) => vec![format!("unexpected error: {error}")],
            (None, None) => {
                let mut problems = Vec::new();
                let table = |names: Vec<&str>, get: &dyn Fn(&str) -> Option<Value>| -> Value {
                    Value::Object(names.into_iter().filter_map(|n| Some((n.to_owned(), get(n)?))).collect())
                };
                let section = |profile: &aws_client_runtime::credentials::profile::Profile| -> Value {
                    Value::Object(
                        profile
                            .keys()
                            .map(|k| (k.to_owned(), Value::String(profile.get(k).unwrap_or_default().to_owned())))
                            .collect(),
                    )
                };
                let profiles = table(set.names().collect(), &|n| set.get(n).map(section));
                if profiles != output["config"]["profiles"] {
                    problems.push(format!("profiles {profiles}, expected {}", output["config"]["profiles"]));
                }
                if let Some(expected) = output["config"].get("sso_sessions") {
                    let sessions = table(set.sso_session_names().collect(), &|n| set.sso_session(n).map(section));
                    if &sessions != expected {
                        problems.push(format!("sso sessions {sessions}, expected {expected}"));
                    }
                }
                problems
            }
        };
        tally.record(name, problems);
    }
    tally
}

/// Writes a `[profile]`/`[sso-session]` config file for an assume-role case.
fn config_text(input: &Value) -> String {
    let mut text = String::new();
    for (table, prefix) in [("profiles", "profile"), ("sso_sessions", "sso-session")] {
        for (name, properties) in input[table].as_object().into_iter().flatten() {
            text.push_str(&format!("[{prefix} {name}]\n"));
            for (key, value) in properties.as_object().into_iter().flatten() {
                text.push_str(&format!("{key} = {}\n", value.as_str().unwrap_or_default()));
            }
        }
    }
    text
}

fn assume_role() -> Tally {
    let suite = read_json(&Path::new(CORPUS).join("assume-role-tests.json"));
    let mut tally = Tally::default();
    for case in suite.as_array().expect("cases") {
        let name = case["docs"].as_str().unwrap_or("?");
        let set = ProfileSet::parse(&config_text(&case["input"]), FileKind::Config).expect("generated config parses");
        let selected = case["input"]["selected_profile"].as_str().unwrap_or_default();
        let result = describe_profile_chain(&set, selected);
        let problems =
            match (case["output"].get("ProfileChain"), case["output"].get("Error").and_then(Value::as_str), result) {
                (Some(expected), _, Ok(chain)) if Value::Array(chain.clone()) == *expected => Vec::new(),
                (Some(expected), _, Ok(chain)) => vec![format!("chain {}, expected {expected}", Value::Array(chain))],
                (Some(_), _, Err(error)) => vec![format!("unexpected error: {error}")],
                (None, Some(expected), Err(error))
                    if error_matches(expected, &error.to_string(), error.is_not_configured()) =>
                {
                    Vec::new()
                }
                (None, Some(expected), Err(error)) => vec![format!("error `{error}` does not mean `{expected}`")],
                (None, _, Ok(chain)) => vec![format!("expected an error, got {}", Value::Array(chain))],
                _ => vec!["unreadable case".to_owned()],
            };
        tally.record(name, problems);
    }
    tally
}

fn ecs() -> Tally {
    let suite = read_json(&Path::new(CORPUS).join("ecs-tests.json"));
    let mut tally = Tally::default();
    let http = reqwest::Client::new();
    for case in suite["tests"].as_array().expect("tests") {
        let name = case["docs"].as_str().unwrap_or("?");
        let scratch = Scratch::new("ecs");
        let env = environment(&case["env"], &scratch.0, None);
        let result = ContainerProvider::new(env, http.clone()).endpoint().map(|url| url.to_string());
        tally.record(name, check_endpoint(&case["result"], result));
    }
    tally
}

fn check_endpoint(expected: &Value, result: Result<String, CredentialsError>) -> Vec<String> {
    let error = expected.get("ErrorContains").or_else(|| expected.get("Err")).and_then(Value::as_str);
    match (expected.get("Ok").and_then(Value::as_str), error, result) {
        (Some(url), _, Ok(ours)) if url == ours => Vec::new(),
        (Some(url), _, Ok(ours)) => vec![format!("URL {ours}, expected {url}")],
        (Some(_), _, Err(error)) => vec![format!("unexpected error: {error}")],
        (None, Some(expected), Err(error))
            if error_matches(expected, &error.to_string(), error.is_not_configured()) =>
        {
            Vec::new()
        }
        (None, Some(expected), Err(error)) => vec![format!("error `{error}` does not mean `{expected}`")],
        (None, _, Ok(ours)) => vec![format!("expected an error, got {ours}")],
        _ => vec!["unreadable case".to_owned()],
    }
}

fn imds_config() -> Tally {
    let suite = read_json(&Path::new(CORPUS).join("imds-config/imds-endpoint-tests.json"));
    let mut tally = Tally::default();
    let http = reqwest::Client::new();
    for case in suite["tests"].as_array().expect("tests") {
        let name = case["docs"].as_str().unwrap_or("?");
        let scratch = Scratch::new("imds");
        for (file, text) in case["fs"].as_object().into_iter().flatten() {
            std::fs::write(scratch.0.join(file), text.as_str().unwrap_or_default()).expect("write");
        }
        let mut provider = ImdsProvider::new(environment(&case["env"], &scratch.0, None), http.clone());
        if let Some(endpoint) = case["endpoint_override"].as_str() {
            provider = provider.with_endpoint(endpoint);
        }
        match case["mode_override"].as_str() {
            Some("IPv6") => provider = provider.with_endpoint_mode(ImdsEndpointMode::IPv6),
            Some("IPv4") => provider = provider.with_endpoint_mode(ImdsEndpointMode::IPv4),
            _ => {}
        }
        let result = provider.endpoint().map(|base| format!("{base}/latest/api/token"));
        tally.record(name, check_endpoint(&case["result"], result));
    }
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_conformance_corpus() {
    aws_client_runtime::credentials::install_default_crypto_provider();
    let mut green = true;
    green &= scenarios("default-credential-provider-chain", Scenario::DefaultChain).await.report("default chain");
    green &= scenarios("profile-provider", Scenario::ProfileProvider).await.report("profile provider");
    green &= scenarios("default-token-provider-chain", Scenario::TokenProvider).await.report("token provider");
    green &= profile_parser().report("profile parser");
    green &= assume_role().report("assume role");
    green &= ecs().report("ECS");
    green &= imds_config().report("IMDS config");
    for (what, why) in EXCLUDED {
        println!("credentials conformance: excluded {what}: {why}");
    }
    for (case, _, why) in CASE_MEANINGS {
        println!("credentials conformance: {case} expects another kind of error on purpose: {why}");
    }
    assert!(green, "credentials conformance cases failed (see above)");
}
