//! A generated client's requests set beside botocore's for the same calls: method,
//! path, query parameters, the headers that carry meaning, whether it is signed, and
//! the body (JSON compared as values, forms as sets of fields). botocore builds its
//! requests in `botocore_requests.py` without sending them; the real-server step of
//! `cargo xtask test` runs these comparisons with the Python of its virtual environment
//! (`BOTOCORE_PYTHON`). Plain `cargo test` skips them and says so.

use std::io::Write;
use std::process::{Command, Stdio};

use aws_client_runtime::serde_json::{self, Value, json};

use super::capture::Captured;

const PYTHON_VAR: &str = "BOTOCORE_PYTHON";
const REQUIRED_VAR: &str = "BOTOCORE_REQUIRED";

/// One call: botocore's service name, its method name, and the parameters.
pub type Call = (&'static str, &'static str, Value);

/// botocore's requests for `calls`, built by the script at `script`
/// (`codegen/tests/services/botocore_requests.py`), or `None` when no Python with
/// botocore is given.
pub fn botocore_requests(script: &str, calls: &[Call]) -> Option<Vec<Value>> {
    let Ok(python) = std::env::var(PYTHON_VAR) else {
        assert!(std::env::var_os(REQUIRED_VAR).is_none(), "{REQUIRED_VAR} is set but {PYTHON_VAR} is not");
        let _ = writeln!(
            std::io::stderr(),
            "botocore_diff: skipped: {PYTHON_VAR} is not set (see `cargo xtask real-server`)"
        );
        return None;
    };
    let input: Vec<Value> = calls
        .iter()
        .map(|(service, operation, params)| json!({"service": service, "operation": operation, "params": params}))
        .collect();
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    child.stdin.take().unwrap().write_all(serde_json::to_string(&input).unwrap().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{script} failed ({})", output.status);
    Some(serde_json::from_slice(&output.stdout).expect("the script prints JSON"))
}

/// Compares each of our captured requests with botocore's for the same call, and
/// fails naming every difference.
pub fn assert_same(calls: &[Call], ours: &[Captured], theirs: &[Value]) {
    assert_eq!(ours.len(), calls.len(), "one captured request per call");
    let mut differences = Vec::new();
    for ((call, ours), theirs) in calls.iter().zip(ours).zip(theirs) {
        for difference in compare(ours, theirs) {
            differences.push(format!("{}: {difference}", call.1));
        }
    }
    assert!(differences.is_empty(), "requests that differ from botocore's:\n{}", differences.join("\n"));
}

fn compare(ours: &Captured, theirs: &Value) -> Vec<String> {
    let mut differences = Vec::new();
    let mut parts = ours.request_line.split(' ');
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method != theirs["method"] {
        differences.push(format!("method {method}, botocore {}", theirs["method"]));
    }
    if path != theirs["path"] {
        differences.push(format!("path {path}, botocore {}", theirs["path"]));
    }
    let mut our_query = decoded_pairs(query);
    let mut their_query: Vec<(String, String)> = theirs["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap().to_owned(), pair[1].as_str().unwrap().to_owned()))
        .collect();
    our_query.sort();
    their_query.sort();
    if our_query != their_query {
        differences.push(format!("query {our_query:?}, botocore {their_query:?}"));
    }
    let their_headers = theirs["headers"].as_object().unwrap();
    for (name, value) in their_headers {
        let value = value.as_str().unwrap();
        match ours.header(name) {
            Some(ours) if media_type(ours) == media_type(value) => {}
            other => differences.push(format!("header {name}: {other:?}, botocore {value:?}")),
        }
    }
    for (name, value) in &ours.headers {
        let meaningful = name.starts_with("x-amz") && !matches!(name.as_str(), "x-amz-date" | "x-amz-security-token");
        if (meaningful || name == "content-type") && !their_headers.contains_key(name) {
            differences.push(format!("header {name}: {value:?}, which botocore does not send"));
        }
    }
    let signed = ours.header("authorization").is_some();
    if signed != theirs["signed"] {
        differences.push(format!("signed: {signed}, botocore {}", theirs["signed"]));
    }
    let our_body = String::from_utf8_lossy(&ours.body);
    let their_body = theirs["body"].as_str().unwrap();
    let same_body = match media_type(ours.header("content-type").unwrap_or_default()) {
        "application/x-www-form-urlencoded" => {
            let (mut a, mut b) = (decoded_pairs(&our_body), decoded_pairs(their_body));
            a.sort();
            b.sort();
            a == b
        }
        media if media.contains("json") && !our_body.is_empty() && !their_body.is_empty() => {
            serde_json::from_str::<Value>(&our_body).ok() == serde_json::from_str::<Value>(their_body).ok()
        }
        _ => our_body == their_body,
    };
    if !same_body {
        differences.push(format!("body {our_body:?}, botocore {their_body:?}"));
    }
    differences
}

/// `key=value` pairs of a query string or form, percent-decoded (`+` as a space).
fn decoded_pairs(text: &str) -> Vec<(String, String)> {
    let decode = |part: &str| {
        let bytes = part.replace('+', " ").into_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
            match (bytes[i], hex) {
                (b'%', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                }
                (byte, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// The media type of a `Content-Type` value, without parameters.
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or_default().trim()
}
