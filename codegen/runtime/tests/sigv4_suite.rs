//! Runs the AWS Signature Version 4 test suite (`tests/data/sigv4/`, Apache
//! 2.0, see its `LICENSE` and `NOTICE`) against `aws_client_runtime::sigv4`.
//!
//! Every directory holding a `<name>.req` is a case, found by walking the
//! suite. Each raw request is parsed, signed with the suite's credentials at
//! its time, and four stages are compared: the canonical request (`.creq`),
//! the string to sign (`.sts`), the `Authorization` value (`.authz`) and the
//! signed request (`.sreq`: request line exactly, headers as a multiset, body).
//! All cases run; a failure reports every case's result.

#![cfg(feature = "client")]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use aws_client_runtime::sigv4::{SignableRequest, SigningKeyCache, SigningParams, sign};

/// Cases the suite ships; discovery must find at least this many.
const EXPECTED_CASES: usize = 34;

/// 20150830T123600Z as seconds since the Unix epoch.
const SUITE_TIME: u64 = 1_440_938_160;

/// The session token of `get-vanilla-with-session-token`, whose `.req` does
/// not carry it (the suite gives it only in the expected outputs).
const VANILLA_SESSION_TOKEN: &str = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

/// How a case uses temporary credentials.
enum Token {
    /// Passed to the signer, which adds and signs `x-amz-security-token`.
    Signed(String),
    /// Added to the request after signing, unsigned (a service that wants it
    /// so is signed without a session token).
    AddedAfterSigning(String),
}

/// Known inconsistencies of the suite's own files, each with the reason. A
/// listed case must still show the inconsistency (so that a corrected suite
/// makes the entry fail and get removed).
const ERRATA: &[(&str, &str)] = &[(
    "get-vanilla-with-session-token",
    "its .sreq carries the Authorization of get-vanilla (Signature=5fa00fa3…) instead of the one in its own .authz; \
     the .sreq is compared with the .authz value in its place",
)];

/// A raw HTTP/1.1 request of the suite.
struct RawRequest {
    request_line: String,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sigv4")
}

/// Reads a suite file as text with CRLF line ends turned into LF.
fn read(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{} is not UTF-8: {e}", path.display()))?;
    Ok(text.replace("\r\n", "\n"))
}

/// Reads an expected output, without a final line end an editor may add.
fn read_expected(path: &Path) -> Result<String, String> {
    let text = read(path)?;
    Ok(text.strip_suffix('\n').map(str::to_owned).unwrap_or(text))
}

/// Every case directory (one holding `<its name>.req`), sorted, named by its
/// path relative to the suite.
fn discover(dir: &Path, suite: &Path, cases: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut subdirs: Vec<PathBuf> =
        entries.filter_map(Result::ok).map(|entry| entry.path()).filter(|path| path.is_dir()).collect();
    subdirs.sort();
    for subdir in subdirs {
        let Some(name) = subdir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        if subdir.join(format!("{name}.req")).is_file() {
            let relative = subdir.strip_prefix(suite).unwrap_or(&subdir).to_string_lossy().replace('\\', "/");
            cases.push((relative, subdir.clone()));
        }
        discover(&subdir, suite, cases)?;
    }
    Ok(())
}

/// Parses a request: request line, header lines (a line starting with a space
/// or tab continues the previous value), an empty line, then the body.
fn parse_request(text: &str) -> Result<RawRequest, String> {
    let (head, body) = match text.split_once("\n\n") {
        Some((head, body)) => (head, body),
        None => (text.strip_suffix('\n').unwrap_or(text), ""),
    };
    let mut lines = head.split('\n');
    let request_line = lines.next().unwrap_or_default().to_owned();
    // The target may contain spaces (normalize-path/get-space): the method is
    // before the first space, the version after the last.
    let (method, rest) = request_line.split_once(' ').ok_or_else(|| format!("bad request line {request_line:?}"))?;
    let (target, version) = rest.rsplit_once(' ').ok_or_else(|| format!("bad request line {request_line:?}"))?;
    if !version.starts_with("HTTP/") {
        return Err(format!("bad request line {request_line:?}"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers.last_mut().ok_or_else(|| format!("continuation line first: {line:?}"))?;
            value.push('\n');
            value.push_str(line);
        } else {
            let (name, value) = line.split_once(':').ok_or_else(|| format!("bad header line {line:?}"))?;
            headers.push((name.to_owned(), value.trim_start_matches([' ', '\t']).to_owned()));
        }
    }
    Ok(RawRequest {
        request_line: request_line.clone(),
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: body.as_bytes().to_vec(),
    })
}

/// Headers as a multiset of (lower-case name, value without surrounding
/// whitespace).
fn header_multiset(headers: &[(String, String)]) -> BTreeMap<(String, String), usize> {
    let mut set = BTreeMap::new();
    for (name, value) in headers {
        *set.entry((name.trim().to_ascii_lowercase(), value.trim().to_owned())).or_insert(0) += 1;
    }
    set
}

/// The session token of a case, if it uses one.
fn token_for(case: &str, suite: &Path) -> Result<Option<Token>, String> {
    let example_token = || -> Result<String, String> {
        // The readme ends with the example token, alone on the last line.
        let readme = read(&suite.join("post-sts-token/readme.txt"))?;
        readme.lines().rev().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned).ok_or("empty readme".into())
    };
    Ok(match case {
        "get-vanilla-with-session-token" => Some(Token::Signed(VANILLA_SESSION_TOKEN.to_owned())),
        "post-sts-token/post-sts-header-before" => Some(Token::Signed(example_token()?)),
        "post-sts-token/post-sts-header-after" => Some(Token::AddedAfterSigning(example_token()?)),
        _ => None,
    })
}

fn compare(failures: &mut Vec<String>, case: &str, stage: &str, expected: &str, actual: &str) {
    if expected != actual {
        failures.push(format!("[{case}] {stage} differs\n--- expected\n{expected}\n--- actual\n{actual}"));
    }
}

/// Runs one case; returns one message per failed stage.
fn run_case(case: &str, dir: &Path, suite: &Path, cache: &SigningKeyCache) -> Result<Vec<String>, String> {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let file = |ext: &str| dir.join(format!("{name}.{ext}"));
    let request = parse_request(&read(&file("req"))?)?;
    let token = token_for(case, suite)?;

    let signed_token = match &token {
        Some(Token::Signed(token)) => Some(token.as_str()),
        _ => None,
    };
    let params = SigningParams {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        session_token: signed_token,
        region: "us-east-1",
        service: "service",
        time: UNIX_EPOCH + Duration::from_secs(SUITE_TIME),
    };
    let signable = SignableRequest {
        method: &request.method,
        uri: &request.target,
        headers: &request.headers,
        body: &request.body,
    };
    let signature = sign(&signable, &params);

    let mut failures = Vec::new();
    let expected_creq = read_expected(&file("creq"))?;
    if expected_creq.lines().any(|l| l.starts_with("x-amz-security-token:")) != signed_token.is_some() {
        failures.push(format!("[{case}] the harness's session token does not match whether the .creq signs one"));
    }
    compare(&mut failures, case, "canonical request (.creq)", &expected_creq, &signature.canonical_request);
    compare(&mut failures, case, "string to sign (.sts)", &read_expected(&file("sts"))?, &signature.string_to_sign);
    let expected_authz = read_expected(&file("authz"))?;
    compare(&mut failures, case, "authorization (.authz)", &expected_authz, signature.authorization());

    let cached = cache.sign_cached(&signable, &params);
    if cached != signature {
        failures.push(format!("[{case}] SigningKeyCache::sign_cached differs from sign"));
    }

    // The signed request: the original with the signature's headers set, plus
    // a token added after signing where the case wants it unsigned.
    let mut headers = request.headers.clone();
    signature.apply(&mut headers);
    if let Some(Token::AddedAfterSigning(token)) = &token {
        headers.push(("X-Amz-Security-Token".to_owned(), token.clone()));
    }
    let mut expected = parse_request(&read(&file("sreq"))?)?;
    if let Some((_, why)) = ERRATA.iter().find(|(erratum, _)| *erratum == case) {
        let authorization = expected.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case("authorization"));
        match authorization {
            Some((_, value)) if value.trim() != expected_authz => value.clone_from(&expected_authz),
            _ => failures.push(format!("[{case}] erratum no longer present, remove it from ERRATA: {why}")),
        }
    }
    compare(&mut failures, case, "signed request line (.sreq)", &expected.request_line, &request.request_line);
    let (expected_headers, actual_headers) = (header_multiset(&expected.headers), header_multiset(&headers));
    if expected_headers != actual_headers {
        failures.push(format!(
            "[{case}] signed request headers (.sreq) differ\n--- expected\n{expected_headers:#?}\n--- actual\n{actual_headers:#?}"
        ));
    }
    if expected.body != request.body {
        failures.push(format!("[{case}] signed request body (.sreq) differs"));
    }
    Ok(failures)
}

#[test]
fn aws_sigv4_test_suite() {
    let suite = suite_dir();
    for notice in ["LICENSE", "NOTICE"] {
        assert!(suite.join(notice).is_file(), "the suite's {notice} file is missing from {}", suite.display());
    }
    let mut cases = Vec::new();
    if let Err(error) = discover(&suite, &suite, &mut cases) {
        panic!("discovering cases: {error}");
    }
    assert!(
        cases.len() >= EXPECTED_CASES,
        "found {} cases under {}, expected at least {EXPECTED_CASES}",
        cases.len(),
        suite.display()
    );

    let cache = SigningKeyCache::new();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (case, dir) in &cases {
        let case_failures = run_case(case, dir, &suite, &cache).unwrap_or_else(|e| vec![format!("[{case}] {e}")]);
        report.push(format!("{} {case}", if case_failures.is_empty() { "pass" } else { "FAIL" }));
        failures.extend(case_failures);
    }
    for (erratum, _) in ERRATA {
        assert!(cases.iter().any(|(case, _)| case == erratum), "erratum for unknown case {erratum}");
    }
    let passed = report.iter().filter(|line| line.starts_with("pass")).count();
    assert!(
        failures.is_empty(),
        "{passed}/{} cases pass\n{}\n\n{}",
        cases.len(),
        report.join("\n"),
        failures.join("\n\n")
    );
}
