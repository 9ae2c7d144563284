//! Unit tests of the signer's edge cases; the AWS test suite runs in
//! `tests/sigv4_suite.rs`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::canonical::{canonical_query, canonical_uri, decode, encode, normalize_value};
use super::*;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "session-token-value";

/// 2015-08-30T12:36:00Z, the test suite's time.
fn suite_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

fn params(session_token: Option<&str>) -> SigningParams<'_> {
    SigningParams {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: SECRET,
        session_token,
        region: "us-east-1",
        service: "service",
        time: suite_time(),
    }
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
}

fn sign_get(uri: &str, extra: &[(&str, &str)], token: Option<&str>) -> Signature {
    let mut all = headers(&[("Host", "example.amazonaws.com")]);
    all.extend(headers(extra));
    sign(&SignableRequest { method: "GET", uri, headers: &all, body: b"" }, &params(token))
}

fn creq_line(signature: &Signature, index: usize) -> &str {
    signature.canonical_request.lines().nth(index).unwrap_or_default()
}

#[test]
fn hashes_match_published_vectors() {
    assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231 test cases 2 (short key) and 6 (key longer than the block).
    assert_eq!(
        hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        hex(&hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First")),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
}

#[test]
fn empty_query_values() {
    assert_eq!(canonical_query(""), "");
    assert_eq!(canonical_query("a"), "a=");
    assert_eq!(canonical_query("a="), "a=");
    assert_eq!(canonical_query("b&a=1&&"), "a=1&b=");
    assert_eq!(canonical_query("=v"), "=v");
    assert_eq!(creq_line(&sign_get("/?flag", &[], None), 2), "flag=");
    assert_eq!(creq_line(&sign_get("/?", &[], None), 2), "");
}

#[test]
fn repeated_keys_sort_by_value() {
    assert_eq!(canonical_query("b=2&a=2&a=1&a=10"), "a=1&a=10&a=2&b=2");
    // Sorted by the encoded form: `%` sorts before letters, upper before lower.
    assert_eq!(canonical_query("b=1&B=1&%C3%A9=1&a-b=1"), "%C3%A9=1&B=1&a-b=1&b=1");
}

#[test]
fn query_is_decoded_and_reencoded_once() {
    assert_eq!(canonical_query("k=a%20b&s=a b"), "k=a%20b&s=a%20b");
    assert_eq!(canonical_query("x=%7e%2d%41"), "x=~-A");
    assert_eq!(canonical_query("p=a+b"), "p=a%2Bb", "`+` is a literal plus");
    assert_eq!(canonical_query("v=a=b"), "v=a%3Db");
    assert_eq!(canonical_query("%E1%88%B4=%e1%88%b4"), "%E1%88%B4=%E1%88%B4");
    assert_eq!(canonical_query("u=\u{1234}"), "u=%E1%88%B4");
}

#[test]
fn malformed_percent_encoding_is_literal() {
    assert_eq!(decode("%"), b"%");
    assert_eq!(decode("%4"), b"%4");
    assert_eq!(decode("%zz%41%"), b"%zzA%");
    assert_eq!(decode("%%41"), b"%A");
    assert_eq!(canonical_query("a=%zz&b=%4&c=%"), "a=%25zz&b=%254&c=%25");
    assert_eq!(canonical_uri("/a%zz/%"), "/a%25zz/%25");
    // Decoded bytes need not be UTF-8.
    assert_eq!(canonical_query("x=%FF%FE"), "x=%FF%FE");
}

#[test]
fn encoded_unicode_path_is_encoded_again() {
    // Raw characters are encoded once (the suite's get-utf8).
    assert_eq!(canonical_uri("/\u{1234}"), "/%E1%88%B4");
    // A path sent encoded is encoded again, as services other than object
    // storage compute it.
    assert_eq!(canonical_uri("/%E1%88%B4"), "/%25E1%2588%25B4");
    assert_eq!(canonical_uri("/documents%20and%20settings/"), "/documents%2520and%2520settings/");
    assert_eq!(encode("-._~AZaz09 /$".as_bytes()), "-._~AZaz09%20%2F%24");
}

#[test]
fn path_normalization() {
    for (path, canonical) in [
        ("", "/"),
        ("/", "/"),
        ("//", "/"),
        ("relative/path", "/relative/path"),
        ("/./", "/"),
        ("/.", "/"),
        ("/..", "/"),
        ("/../../a", "/a"),
        ("/a/b/..", "/a/"),
        ("/a/b/../", "/a/"),
        ("/a/./b/../c", "/a/c"),
        ("//a//b//", "/a/b/"),
        ("/a/b/c/./../../g", "/a/g"),
        ("/%2E%2E/a", "/%252E%252E/a"),
        ("/a.b/..c/...", "/a.b/..c/..."),
    ] {
        assert_eq!(canonical_uri(path), canonical, "path {path:?}");
    }
}

#[test]
fn uri_forms() {
    let plain = sign_get("/a/b?x=1", &[], None);
    assert_eq!(sign_get("/a/b?x=1#fragment", &[], None), plain);
    assert_eq!(sign_get("https://example.amazonaws.com/a/b?x=1", &[], None), plain);
    assert_eq!(creq_line(&sign_get("https://example.amazonaws.com", &[], None), 1), "/");
    assert_eq!(creq_line(&sign_get("https://example.amazonaws.com?q", &[], None), 2), "q=");
    // Not a scheme: `://` inside the path.
    assert_eq!(creq_line(&sign_get("/a://b", &[], None), 1), "/a%3A/b");
}

#[test]
fn header_values_are_trimmed_and_collapsed() {
    assert_eq!(normalize_value("  a   b\t\tc \r\n   d  "), "a b c d");
    assert_eq!(normalize_value(""), "");
    assert_eq!(normalize_value(" \t "), "");
    let signature = sign_get("/", &[("X-Empty", ""), ("x-list", "1"), ("X-List", " 2 ")], None);
    assert!(signature.canonical_request.contains("\nx-empty:\n"), "{}", signature.canonical_request);
    assert!(signature.canonical_request.contains("\nx-list:1,2\n"), "{}", signature.canonical_request);
}

#[test]
fn session_token_is_added_and_signed() {
    let signature = sign_get("/", &[], Some(TOKEN));
    let names: Vec<&str> = signature.headers.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, [X_AMZ_DATE, X_AMZ_SECURITY_TOKEN, AUTHORIZATION]);
    assert_eq!(signature.header(X_AMZ_DATE), Some("20150830T123600Z"));
    assert_eq!(signature.header(X_AMZ_SECURITY_TOKEN), Some(TOKEN));
    assert!(signature.canonical_request.contains(&format!("\nx-amz-security-token:{TOKEN}\n")));
    assert!(signature.authorization().contains("SignedHeaders=host;x-amz-date;x-amz-security-token, "));

    let without = sign_get("/", &[], None);
    assert_eq!(without.headers.len(), 2);
    assert_eq!(without.header(X_AMZ_SECURITY_TOKEN), None);
    assert!(without.authorization().contains("SignedHeaders=host;x-amz-date, "));
}

#[test]
fn own_date_token_and_authorization_headers_are_replaced_not_duplicated() {
    let fresh = sign_get("/", &[], Some(TOKEN));
    let stale = sign_get(
        "/",
        &[
            ("X-Amz-Date", "19990101T000000Z"),
            ("X-AMZ-SECURITY-TOKEN", "old-token"),
            ("Authorization", "AWS4-HMAC-SHA256 stale"),
            ("User-Agent", "agent/1.0"),
            ("X-Amzn-Trace-Id", "Root=1"),
        ],
        Some(TOKEN),
    );
    assert_eq!(stale, fresh);

    // Without a session token of its own, a token header of the request is
    // an ordinary header, and signed.
    let kept = sign_get("/", &[("X-Amz-Security-Token", "request-token")], None);
    assert!(kept.canonical_request.contains("\nx-amz-security-token:request-token\n"));
    assert_eq!(kept.header(X_AMZ_SECURITY_TOKEN), None);
}

#[test]
fn apply_replaces_headers_case_insensitively() {
    let signature = sign_get("/", &[], Some(TOKEN));
    let mut request = headers(&[("Host", "h"), ("X-Amz-Date", "old"), ("authorization", "old"), ("X-Other", "1")]);
    signature.apply(&mut request);
    let names: Vec<&str> = request.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Host", "X-Other", "x-amz-date", "x-amz-security-token", "authorization"]);
    assert_eq!(request[4].1, signature.authorization());
}

#[test]
fn body_method_and_scope_reach_the_signature() {
    let hs = headers(&[("host", "example.amazonaws.com")]);
    let p = params(None);
    let get = sign(&SignableRequest { method: "GET", uri: "/", headers: &hs, body: b"" }, &p);
    let post = sign(&SignableRequest { method: "POST", uri: "/", headers: &hs, body: b"{}" }, &p);
    assert!(post.canonical_request.starts_with("POST\n"));
    assert!(post.canonical_request.ends_with(&sha256_hex(b"{}")));
    assert_ne!(get.signature, post.signature);
    let other_region = sign(
        &SignableRequest { method: "GET", uri: "/", headers: &hs, body: b"" },
        &SigningParams { region: "eu-west-1", ..p },
    );
    assert!(other_region.string_to_sign.contains("\n20150830/eu-west-1/service/aws4_request\n"));
    assert_ne!(other_region.signature, get.signature);
    assert_eq!(get.signature.len(), 64);
    assert!(get.authorization().ends_with(&format!("Signature={}", get.signature)));
}

#[test]
fn a_declared_payload_hash_is_signed_instead_of_the_body() {
    let p = params(None);
    let file_hash = sha256_hex(b"content of a file");
    let declared = headers(&[("host", "example.amazonaws.com"), ("X-Amz-Content-Sha256", &file_hash)]);
    let signature = sign(&SignableRequest { method: "PUT", uri: "/", headers: &declared, body: b"" }, &p);
    assert!(signature.canonical_request.ends_with(&format!("\n{file_hash}")), "{}", signature.canonical_request);
    assert!(signature.canonical_request.contains(&format!("x-amz-content-sha256:{file_hash}\n")));

    let unsigned = headers(&[("host", "example.amazonaws.com"), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD")]);
    let signature = sign(&SignableRequest { method: "PUT", uri: "/", headers: &unsigned, body: b"any body" }, &p);
    assert!(signature.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));

    let plain = headers(&[("host", "example.amazonaws.com")]);
    let signature = sign(&SignableRequest { method: "PUT", uri: "/", headers: &plain, body: b"any body" }, &p);
    assert!(signature.canonical_request.ends_with(&sha256_hex(b"any body")));
}

#[test]
fn cache_returns_the_same_signature_as_uncached() {
    let cache = SigningKeyCache::new();
    assert!(cache.is_empty());
    let hs = headers(&[("host", "example.amazonaws.com")]);
    let request = SignableRequest { method: "POST", uri: "/", headers: &hs, body: b"{}" };
    for token in [None, Some(TOKEN)] {
        let p = params(token);
        assert_eq!(cache.sign_cached(&request, &p), sign(&request, &p));
        assert_eq!(cache.sign_cached(&request, &p), sign(&request, &p), "second use, from the cache");
    }
    assert_eq!(cache.len(), 1, "the token is not part of the signing key");

    // Same scope, another secret: a different key, not the cached one.
    let other = SigningParams { secret_access_key: "another-secret", ..params(None) };
    assert_eq!(cache.sign_cached(&request, &other), sign(&request, &other));
    // Another day.
    let tomorrow = SigningParams { time: suite_time() + Duration::from_secs(86_400), ..params(None) };
    assert_eq!(cache.sign_cached(&request, &tomorrow), sign(&request, &tomorrow));
    assert_eq!(cache.len(), 3);

    // Bounded: many scopes keep only the most recent few, and still sign right.
    let regions: Vec<String> = (0..20).map(|i| format!("region-{i}")).collect();
    for region in &regions {
        let p = SigningParams { region, ..params(None) };
        assert_eq!(cache.sign_cached(&request, &p), sign(&request, &p));
    }
    assert!(cache.len() <= 4, "{}", cache.len());
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn cache_is_shared_between_threads() {
    let cache = std::sync::Arc::new(SigningKeyCache::default());
    let expected = sign_get("/", &[], None);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let cache = std::sync::Arc::clone(&cache);
            std::thread::spawn(move || {
                let hs = headers(&[("Host", "example.amazonaws.com")]);
                cache.sign_cached(&SignableRequest { method: "GET", uri: "/", headers: &hs, body: b"" }, &params(None))
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().ok(), Some(expected.clone()));
    }
    assert_eq!(cache.len(), 1);
}

#[test]
fn debug_never_shows_secrets() {
    let p = params(Some(TOKEN));
    let shown = format!("{p:?}");
    assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("AKIDEXAMPLE") && shown.contains("20150830T123600Z"), "{shown}");

    let cache = SigningKeyCache::new();
    let hs = headers(&[("host", "example.amazonaws.com")]);
    let _ = cache.sign_cached(&SignableRequest { method: "GET", uri: "/", headers: &hs, body: b"" }, &p);
    let key = hex(&derive_signing_key(SECRET, "20150830", "us-east-1", "service"));
    let shown = format!("{cache:?}");
    assert!(!shown.contains(SECRET) && !shown.contains(&key), "{shown}");
    assert!(shown.contains("20150830/us-east-1/service"), "{shown}");
    let shown = format!("{:?}", SignableRequest { method: "GET", uri: "/", headers: &hs, body: b"secret body" });
    assert!(!shown.contains("secret body"), "{shown}");

    let signature = sign_get("/", &[], Some(TOKEN));
    let shown = format!("{signature:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains(&signature.signature) && shown.contains("x-amz-security-token"), "{shown}");
    assert!(shown.contains("Credential=AKIDEXAMPLE/") && shown.contains("Signature=** redacted **"), "{shown}");
    let sent = headers(&[("Host", "h"), ("X-Amz-Security-Token", TOKEN), ("AUTHORIZATION", "AWS4-HMAC-SHA256 old")]);
    let shown = format!("{:?}", SignableRequest { method: "GET", uri: "/", headers: &sent, body: b"" });
    assert!(!shown.contains(TOKEN) && !shown.contains("old") && shown.contains("\"h\""), "{shown}");
}

#[test]
fn arbitrary_input_does_not_panic() {
    // A small deterministic generator over troublesome characters.
    let alphabet =
        ["%", "/", ".", "..", "?", "&", "=", "#", "+", " ", "\t", "\n", "a", "Z", "%4", "%zz", "ሴ", "é", "://", ":"];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % u64::try_from(n).unwrap_or(1)).unwrap_or(0)
    };
    for _ in 0..2_000 {
        let len = next(12);
        let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
        let hs = vec![(text.clone(), text.clone()), ("host".to_owned(), text.clone())];
        let p = SigningParams { region: &text, service: &text, session_token: Some(&text), ..params(None) };
        let signature = sign(&SignableRequest { method: &text, uri: &text, headers: &hs, body: text.as_bytes() }, &p);
        assert_eq!(signature.signature.len(), 64);
    }
    let times = [UNIX_EPOCH - Duration::from_secs(1), SystemTime::now(), UNIX_EPOCH + Duration::from_secs(1 << 40)];
    for time in times {
        let signature = sign(
            &SignableRequest { method: "GET", uri: "/", headers: &[], body: b"" },
            &SigningParams { time, ..params(None) },
        );
        assert!(signature.canonical_request.contains("\nx-amz-date:"), "{}", signature.canonical_request);
    }
}
