//! The protocol conformance harness, shared by the awsJson1_0, awsJson1_1 and awsQuery
//! suites.
//!
//! Each suite's generated `cases.rs` holds one function per botocore case that builds
//! the input from the case's `params` with the generated builders and sends it through
//! the generated client. This harness serves each call from a one-shot server on
//! 127.0.0.1 and compares: for an input case, the captured request with `serialized`
//! (method, URI, host, listed and required headers, body as JSON values or as a
//! form's fields in any order); for an output
//! case, the typed output rendered back to JSON with `result`, or the typed error with
//! `errorCode`, `errorMessage` and `error`. Cases that do not apply to this client are
//! listed, with the reason, in [`NOT_APPLICABLE`].

use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::mpsc;

use aws_client_runtime::client::{Config, RetryConfig, SdkError, reqwest};
use aws_client_runtime::serde_json::{self, Map, Value};
use aws_client_runtime::{Blob, DateTime};

/// Cases this client deliberately does not support, or that this harness cannot check,
/// each with its reason.
const NOT_APPLICABLE: &[(&str, &str)] = &[
    (
        "RestJsonQueryIdempotencyTokenAutoFill",
        "the case expects a fixed placeholder token; the client fills in a random UUID",
    ),
    (
        "HttpPrefixHeadersResponse",
        "an empty prefix collects every response header, and this harness's server adds Content-Length and \
         Connection to the case's headers",
    ),
    (
        "QueryProtocolIdempotencyTokenAutoFill",
        "expects the all-zero token a test hook of the reference SDK fills in; the client fills a random \
         version 4 UUID (botocore's protocol-tests-ignore-list.json skips this operation's cases too)",
    ),
];

/// One case of a suite: its id and the generated call.
pub struct Case {
    pub id: &'static str,
    pub call: fn(Config) -> Pending,
}

/// A generated call in flight.
pub type Pending = Pin<Box<dyn Future<Output = Outcome>>>;

/// How a call ended, rendered for comparison.
pub enum Outcome {
    /// The typed output, rendered as botocore writes results.
    Output(Value),
    /// A service error: the code the typed error reports, the message, and the modeled
    /// error structure rendered (`None` when the error is not a modeled one).
    ServiceError { code: Option<String>, message: Option<String>, modeled: Option<Value> },
    /// Any other failure.
    Failure(String),
}

/// Renders a typed value as botocore writes parameters and results: timestamps as
/// epoch seconds, blobs as their text, non-finite floats as strings.
pub trait Render {
    fn render(&self) -> Value;
}

/// What the harness needs from an operation's error enum.
pub trait RenderError {
    fn code(&self) -> Option<&str>;
    fn modeled(&self) -> Option<Value>;
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Output(output) => write!(f, "output {output}"),
            Outcome::ServiceError { code, message, modeled } => {
                write!(f, "service error {code:?} ({message:?}), modeled as {modeled:?}")
            }
            Outcome::Failure(failure) => write!(f, "failure: {failure}"),
        }
    }
}

/// The outcome of a generated call.
pub fn outcome<O: Render, E: RenderError + std::fmt::Display>(result: Result<O, SdkError<E>>) -> Outcome {
    match result {
        Ok(output) => Outcome::Output(output.render()),
        Err(SdkError::ServiceError(error)) => Outcome::ServiceError {
            code: error.err().code().map(str::to_owned),
            message: error.meta().message().map(str::to_owned),
            modeled: error.err().modeled(),
        },
        Err(other) => Outcome::Failure(other.to_string()),
    }
}

/// Runs both suites of one protocol, prints `N passed, N failed` and fails on a failure.
pub fn run(protocol: &str, input_suite: &str, output_suite: &str, input_cases: &[Case], output_cases: &[Case]) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let (mut passed, mut failed, mut not_applicable) = (0, Vec::new(), Vec::new());
    for (kind, suite, cases) in [("input", input_suite, input_cases), ("output", output_suite, output_cases)] {
        let groups: Vec<Value> = serde_json::from_str(suite).expect("the suite is JSON");
        let expected: Vec<&Value> = groups.iter().flat_map(|g| g["cases"].as_array().expect("cases")).collect();
        assert_eq!(expected.len(), cases.len(), "{kind} cases.rs is stale: run `cargo xtask codegen`");
        for (case, expected) in cases.iter().zip(expected) {
            assert_eq!(expected["id"], case.id, "{kind} cases.rs is stale: run `cargo xtask codegen`");
            if let Some((id, reason)) = NOT_APPLICABLE.iter().find(|(id, _)| *id == case.id) {
                not_applicable.push(format!("{id}: {reason}"));
                continue;
            }
            let result = match kind {
                "input" => runtime.block_on(check_input(case, expected)),
                _ => runtime.block_on(check_output(case, expected)),
            };
            match result {
                Ok(()) => passed += 1,
                Err(reason) => failed.push(format!("{kind} {}: {reason}", case.id)),
            }
        }
    }
    let total = passed + failed.len() + not_applicable.len();
    println!(
        "{protocol} conformance: {total} cases: {passed} passed, {} failed, {} not applicable",
        failed.len(),
        not_applicable.len()
    );
    for line in &not_applicable {
        println!("  not applicable: {line}");
    }
    for line in &failed {
        println!("  FAILED {line}");
    }
    assert!(failed.is_empty(), "{protocol}: {} of {total} cases failed:\n{}", failed.len(), failed.join("\n"));
}

/// Sends the case's input and compares the request with `serialized`.
async fn check_input(case: &Case, expected: &Value) -> Result<(), String> {
    let serialized = &expected["serialized"];
    // The suites' endpoint is `example.com`, with a path where `host` has one; every
    // host name the call may use (with an `@endpoint` prefix) resolves to the server.
    let host = serialized["host"].as_str().unwrap_or("example.com");
    let (host_name, path) = host.split_once('/').map_or((host, String::new()), |(h, p)| (h, format!("/{p}")));
    let server = Server::start(200, &Map::new(), "{}");
    let config = config(&format!("http://example.com:{}{path}", server.port), &["example.com", host_name]);
    let outcome = (case.call)(config).await;
    let request = server.captured.try_recv().map_err(|_| format!("no request was sent: {outcome}"))?;
    let mut problems = Vec::new();
    let (method, rest) = request.request_line.split_once(' ').unwrap_or_default();
    let uri = rest.split(' ').next().unwrap_or_default();
    if Some(method) != serialized["method"].as_str() {
        problems.push(format!("method {method}, expected {}", serialized["method"]));
    }
    if !same_uri(uri, serialized["uri"].as_str().unwrap_or_default()) {
        problems.push(format!("URI {uri}, expected {}", serialized["uri"]));
    }
    if serialized.get("host").is_some() {
        let sent = request.header("host").unwrap_or_default();
        let sent = sent.rsplit_once(':').map_or(sent, |(name, _)| name);
        if sent != host_name {
            problems.push(format!("host {sent}, expected {host_name}"));
        }
    }
    for (name, value) in serialized["headers"].as_object().into_iter().flatten() {
        if request.header(name) != value.as_str() {
            problems.push(format!("header {name}: {:?}, expected {value}", request.header(name)));
        }
    }
    for name in serialized["requireHeaders"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if request.header(name).is_none() {
            problems.push(format!("required header {name} is missing"));
        }
    }
    for name in serialized["forbidHeaders"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if request.header(name).is_some() {
            problems.push(format!("forbidden header {name} was sent"));
        }
    }
    if let Some(body) = serialized["body"].as_str() {
        let sent = String::from_utf8_lossy(&request.body);
        let equal = match (serde_json::from_str::<Value>(body), serde_json::from_str::<Value>(&sent)) {
            (Ok(expected), Ok(actual)) => json_equal(&expected, &actual),
            _ if is_form(&request) => form_fields(body) == form_fields(&sent),
            _ => body == sent,
        };
        if !equal {
            problems.push(format!("body {sent}, expected {body}"));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

/// Serves the case's response to its call and compares the outcome.
async fn check_output(case: &Case, expected: &Value) -> Result<(), String> {
    let response = &expected["response"];
    let status = response["status_code"].as_u64().and_then(|s| u16::try_from(s).ok()).ok_or("no status code")?;
    let empty = Map::new();
    let headers = response["headers"].as_object().unwrap_or(&empty);
    let server = Server::start(status, headers, response["body"].as_str().unwrap_or_default());
    let outcome = (case.call)(config(&format!("http://127.0.0.1:{}", server.port), &[])).await;
    match (outcome, expected.get("result"), expected["errorCode"].as_str()) {
        (Outcome::Output(actual), Some(result), _) if json_equal(result, &actual) => Ok(()),
        (Outcome::ServiceError { code, message, modeled }, None, Some(error_code)) => {
            let mut problems = Vec::new();
            if code.as_deref() != Some(error_code) {
                problems.push(format!("code {code:?}, expected {error_code}"));
            }
            if let Some(error_message) = expected["errorMessage"].as_str()
                && message.as_deref() != Some(error_message)
            {
                problems.push(format!("message {message:?}, expected {error_message}"));
            }
            match (expected.get("error"), &modeled) {
                (Some(error), Some(actual)) if !json_equal(error, actual) => {
                    problems.push(format!("error {actual}, expected {error}"));
                }
                (Some(_), None) => problems.push("the error is not the modeled one".to_owned()),
                _ => {}
            }
            if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
        }
        (outcome, result, code) => Err(format!("got {outcome}, expected result {result:?} or error {code:?}")),
    }
}

/// A client configuration for the server: no signing, no retries, and the given host
/// names resolving to 127.0.0.1.
fn config(endpoint: &str, local_hosts: &[&str]) -> Config {
    aws_client_runtime::credentials::install_default_crypto_provider();
    let mut http = reqwest::Client::builder();
    for host in local_hosts {
        http = http.resolve(host, SocketAddr::from(([127, 0, 0, 1], 0)));
    }
    Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .http_client(http.build().expect("an HTTP client"))
        .build()
}

/// Whether two request URIs are the same: equal paths, and the same query parameters
/// in the same order per key (the order between different keys means nothing).
fn same_uri(sent: &str, expected: &str) -> bool {
    let split = |uri: &str| {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let mut pairs: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty()).collect();
        pairs.sort_by_key(|pair| pair.split('=').next().unwrap_or_default());
        (path.to_owned(), pairs.join("&"))
    };
    split(sent) == split(expected)
}

/// Whether the request's body is a form (awsQuery), whose fields may come in any order.
fn is_form(request: &Request) -> bool {
    request.header("content-type").is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"))
}

/// A form body's `key=value` fields, sorted.
fn form_fields(body: &str) -> Vec<&str> {
    let mut fields: Vec<&str> = body.split('&').filter(|field| !field.is_empty()).collect();
    fields.sort_unstable();
    fields
}

/// Equal JSON values, numbers compared as floats (to within rounding of the last digit).
fn json_equal(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            e == a || (e - a).abs() <= 4.0 * f64::EPSILON * e.abs().max(a.abs())
        }
        (Value::Array(e), Value::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(e, a)| json_equal(e, a)),
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len() && e.iter().all(|(k, e)| a.get(k).is_some_and(|a| json_equal(e, a)))
        }
        _ => expected == actual,
    }
}

/// A request as the server received it.
struct Request {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A one-shot HTTP server: answers one request with a canned response and hands the
/// request over.
struct Server {
    port: u16,
    captured: mpsc::Receiver<Request>,
}

impl Server {
    fn start(status: u16, headers: &Map<String, Value>, body: &str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let port = listener.local_addr().expect("an address").port();
        let mut response =
            format!("HTTP/1.1 {status} Canned\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
        for (name, value) in headers {
            response.push_str(&format!("{name}: {}\r\n", value.as_str().unwrap_or_default()));
        }
        response.push_str("\r\n");
        response.push_str(body);
        let (sender, captured) = mpsc::channel();
        std::thread::spawn(move || {
            let Ok((stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
            let mut request_line = String::new();
            reader.read_line(&mut request_line).expect("a request line");
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("a header line");
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
            }
            let length = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().expect("a length"));
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("the body");
            let _ = sender.send(Request { request_line: request_line.trim_end().to_owned(), headers, body });
            let mut stream = stream;
            let _ = stream.write_all(response.as_bytes());
        });
        Server { port, captured }
    }
}

impl Render for String {
    fn render(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Render for bool {
    fn render(&self) -> Value {
        Value::Bool(*self)
    }
}

macro_rules! render_integers {
    ($($ty:ty),*) => {$(
        impl Render for $ty {
            fn render(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
render_integers!(i8, i16, i32, i64);

impl Render for f64 {
    fn render(&self) -> Value {
        match self {
            v if v.is_nan() => Value::from("NaN"),
            v if *v == f64::INFINITY => Value::from("Infinity"),
            v if *v == f64::NEG_INFINITY => Value::from("-Infinity"),
            v => Value::from(*v),
        }
    }
}

impl Render for f32 {
    fn render(&self) -> Value {
        // Through its shortest decimal text, as botocore writes a float it parsed.
        match self.to_string().parse::<f64>() {
            Ok(value) => value.render(),
            Err(_) => f64::from(*self).render(),
        }
    }
}

impl Render for Blob {
    fn render(&self) -> Value {
        Value::String(String::from_utf8_lossy(self.as_ref()).into_owned())
    }
}

impl Render for DateTime {
    fn render(&self) -> Value {
        Value::from(self.as_secs_f64())
    }
}

impl Render for Value {
    fn render(&self) -> Value {
        self.clone()
    }
}

impl<T: Render> Render for Box<T> {
    fn render(&self) -> Value {
        (**self).render()
    }
}

impl<T: Render> Render for Option<T> {
    fn render(&self) -> Value {
        self.as_ref().map_or(Value::Null, Render::render)
    }
}

impl<T: Render> Render for Vec<T> {
    fn render(&self) -> Value {
        Value::Array(self.iter().map(Render::render).collect())
    }
}

impl<K: Render, V: Render> Render for std::collections::HashMap<K, V> {
    fn render(&self) -> Value {
        let key = |k: &K| match k.render() {
            Value::String(text) => text,
            other => other.to_string(),
        };
        Value::Object(self.iter().map(|(k, v)| (key(k), v.render())).collect())
    }
}
