//! The hazards model's generated smoke tests, run against a stub of its service.
//!
//! The synthetic hazards service exists nowhere, so without this step its smoke tests
//! would only ever print that they were skipped. The stub answers `Ping` by the region
//! the request was signed for, which is how the model's cases differ: `eu-west-1`
//! succeeds, any other region is throttled with the service's modeled error. So
//! `PingSucceeds` must get its success, `PingThrottled` the named error and `PingFails`
//! a modeled one; the step then checks that each case reached the stub, signed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The variables the hazards client's smoke tests read (from its `sdkId`).
const ENDPOINT_VAR: &str = "HAZARDS_REAL_SERVER_ENDPOINT";
const KEYS_VAR: &str = "HAZARDS_REAL_SERVER_KEYS";
const REQUIRED_VAR: &str = "HAZARDS_REAL_SERVER_REQUIRED";
/// Keys the stub accepts; it checks their id in each request's credential scope.
const ACCESS_KEY_ID: &str = "AKIDHAZARDSSTUB";
/// A request that does not finish arriving within this is dropped.
const READ_LIMIT: Duration = Duration::from_secs(10);

/// `cargo xtask hazards-smoke`: this step alone.
pub fn run_command(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("unknown hazards-smoke argument `{arg}`"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run(&crate::project_root(), &cargo)
}

/// Runs `cargo test -p hazards-client --lib smoke_tests` against the stub.
pub fn run(root: &Path, cargo: &str) -> Result<(), String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind the stub: {e}"))?;
    let endpoint = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let recorder = Arc::clone(&seen);
    // The thread lives until the process ends; it only ever serves loopback connections.
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let recorder = Arc::clone(&recorder);
            std::thread::spawn(move || serve(stream, &recorder));
        }
    });
    let keys = format!(r#"{{"allowed": {{"id": "{ACCESS_KEY_ID}", "secret": "stub-secret"}}}}"#);
    let status = Command::new(cargo)
        .args(["test", "--quiet", "--package", "hazards-client", "--lib", "smoke_tests"])
        .env(ENDPOINT_VAR, &endpoint)
        .env(KEYS_VAR, keys)
        .env(REQUIRED_VAR, "1")
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the hazards smoke tests failed against the stub ({status})"));
    }
    let mut seen = seen.lock().map_err(|_| "the stub's record is poisoned")?.clone();
    seen.sort();
    let expected = ["eu-west-1 Ping", "us-west-2 Ping", "us-west-2 Ping"];
    if seen != expected {
        return Err(format!("the stub expected the signed calls {expected:?}, got {seen:?}"));
    }
    println!("==> hazards smoke tests: 3 cases against the stub, each answered as its case expects");
    Ok(())
}

/// Answers every request of one connection until it closes.
fn serve(stream: TcpStream, seen: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(READ_LIMIT));
    let Ok(mut writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let region = signed_region(&request.authorization);
        let operation = request.target.rsplit('.').next().unwrap_or_default().to_owned();
        if let Ok(mut seen) = seen.lock() {
            seen.push(format!("{} {operation}", region.as_deref().unwrap_or("unsigned")));
        }
        let (status, body) = match region.as_deref() {
            Some("eu-west-1") => ("200 OK", "{}".to_owned()),
            Some(_) => ("400 Bad Request", r#"{"__type":"ThrottledError","message":"slow down"}"#.to_owned()),
            None => ("403 Forbidden", r#"{"__type":"MissingAuthenticationToken","message":"unsigned"}"#.to_owned()),
        };
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.0\r\nx-amzn-requestid: stub\r\n\
             content-length: {}\r\n\r\n{body}",
            body.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// The headers the stub looks at.
struct Request {
    authorization: String,
    target: String,
}

/// Reads one request (headers and body); `None` at the end of the connection or on
/// anything malformed.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut request = Request { authorization: String::new(), target: String::new() };
    let mut length = 0usize;
    let mut line = String::new();
    let mut first = true;
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            if first {
                continue;
            }
            break;
        }
        first = false;
        if let Some((name, value)) = trimmed.split_once(':') {
            let value = value.trim().to_owned();
            match name.to_ascii_lowercase().as_str() {
                "authorization" => request.authorization = value,
                "x-amz-target" => request.target = value,
                "content-length" => length = value.parse().ok()?,
                _ => {}
            }
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    Some(request)
}

/// The region of a SigV4 `Authorization` header signed with the stub's key:
/// `Credential=<key>/<date>/<region>/<service>/aws4_request`.
fn signed_region(authorization: &str) -> Option<String> {
    let credential = authorization.split("Credential=").nth(1)?.split(',').next()?;
    let mut scope = credential.split('/');
    if scope.next()? != ACCESS_KEY_ID {
        return None;
    }
    let _date = scope.next()?;
    scope.next().map(str::to_owned)
}
