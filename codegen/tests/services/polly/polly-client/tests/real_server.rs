//! The generated Polly client (restJson1) against a local moto server with signature
//! checking on: the server and keys of `ecr-client/tests/real_server.rs`, set up by
//! `cargo xtask real-server` (or the whole `cargo xtask test`); plain `cargo test`
//! skips these tests.
//!
//! Two phases, as moto allows: with signature checking on (`signed_` tests), a signed
//! `PutLexicon` is accepted and one signed with a wrong secret refused; moto refuses
//! every signed restJson1 request without a body under checking (botocore's own reads
//! too), so before checking is turned on (`unchecked_` tests, run by the real-server
//! step first) a lexicon is put (its name in the path, its content in the body), read
//! back, listed and deleted, after which reading it fails with the modeled error, and
//! the voices of one language are listed through the query string.

use std::io::Write;
use std::sync::Once;

use aws_client_runtime::serde_json::{self, Value};
use polly_client::operation::get_lexicon::GetLexiconError;
use polly_client::types::LanguageCode;
use polly_client::{Client, Config, Credentials, RetryConfig, SdkError};

/// Set by the real-server step, as for the ECR tests.
const ENDPOINT_VAR: &str = "ECR_REAL_SERVER_ENDPOINT";
const KEYS_VAR: &str = "ECR_REAL_SERVER_KEYS";
const REQUIRED_VAR: &str = "ECR_REAL_SERVER_REQUIRED";
/// Set by the real-server step before it turns signature checking on.
const UNCHECKED_ENDPOINT_VAR: &str = "REAL_SERVER_UNCHECKED_ENDPOINT";
const UNCHECKED_REQUIRED_VAR: &str = "REAL_SERVER_UNCHECKED_REQUIRED";

/// Says once that the tests are skipped, and why.
fn skipped(var: &str) {
    static SKIPPED: Once = Once::new();
    SKIPPED.call_once(|| {
        // Straight to stderr: the test harness hides the output of passing tests.
        let _ = writeln!(std::io::stderr(), "real_server: skipped: {var} is not set (see `cargo xtask real-server`)");
    });
}

/// The server before signature checking, or `None` outside that phase.
fn unchecked_server() -> Option<String> {
    let Ok(endpoint) = std::env::var(UNCHECKED_ENDPOINT_VAR) else {
        assert!(
            std::env::var_os(UNCHECKED_REQUIRED_VAR).is_none(),
            "{UNCHECKED_REQUIRED_VAR} is set but {UNCHECKED_ENDPOINT_VAR} is not"
        );
        skipped(UNCHECKED_ENDPOINT_VAR);
        return None;
    };
    Some(endpoint)
}

/// The endpoint and the `allowed` user's key and secret, or `None` without a server.
fn server() -> Option<(String, String, String)> {
    let (Ok(endpoint), Ok(keys)) = (std::env::var(ENDPOINT_VAR), std::env::var(KEYS_VAR)) else {
        assert!(
            std::env::var_os(REQUIRED_VAR).is_none(),
            "{REQUIRED_VAR} is set but {ENDPOINT_VAR} or {KEYS_VAR} is not"
        );
        skipped(ENDPOINT_VAR);
        return None;
    };
    let keys: Value = serde_json::from_str(&keys).unwrap_or_else(|e| panic!("{KEYS_VAR} is not JSON: {e}"));
    let field = |name: &str| keys["allowed"][name].as_str().unwrap_or_else(|| panic!("no allowed.{name}")).to_owned();
    Some((endpoint, field("id"), field("secret")))
}

fn client(endpoint: &str, secret: &str, id: &str) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(id, secret, None, None, "real-server"))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .build();
    Client::new(&config)
}

const LEXICON: &str = r#"<?xml version="1.0" encoding="UTF-8"?><lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US"><lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme></lexicon>"#;

#[tokio::test]
async fn signed_a_lexicon_put_is_accepted() {
    let Some((endpoint, id, secret)) = server() else { return };
    client(&endpoint, &secret, &id).put_lexicon().name("signed").content(LEXICON).send().await.unwrap();
}

#[tokio::test]
async fn signed_a_wrong_secret_is_refused() {
    let Some((endpoint, id, _)) = server() else { return };
    let polly = client(&endpoint, "not-the-secret", &id);
    let error = polly.put_lexicon().name("refused").content(LEXICON).send().await.unwrap_err();
    let SdkError::ServiceError(service_error) = &error else { panic!("{error:?}") };
    assert_eq!(service_error.meta().code(), Some("SignatureDoesNotMatch"), "{error}");
    assert_eq!(service_error.meta().status(), Some(403));
}

#[tokio::test]
async fn unchecked_a_lexicon_is_put_read_listed_and_deleted() {
    let Some(endpoint) = unchecked_server() else { return };
    let polly = client(&endpoint, "any-secret", "AKIDUNCHECKED");
    polly.put_lexicon().name("w3c").content(LEXICON).send().await.unwrap();

    let read = polly.get_lexicon().name("w3c").send().await.unwrap();
    let lexicon = read.lexicon().expect("the lexicon");
    assert_eq!((lexicon.name(), lexicon.content()), (Some("w3c"), Some(LEXICON)));
    let attributes = read.lexicon_attributes().expect("its attributes");
    assert_eq!(attributes.language_code(), Some(&LanguageCode::EnUs));
    assert_eq!(attributes.lexemes_count(), 1);

    let listed = polly.list_lexicons().send().await.unwrap();
    assert!(listed.lexicons().iter().any(|l| l.name() == Some("w3c")), "{listed:?}");

    polly.delete_lexicon().name("w3c").send().await.unwrap();
    let error = polly.get_lexicon().name("w3c").send().await.unwrap_err();
    let SdkError::ServiceError(service_error) = &error else { panic!("{error:?}") };
    assert!(
        matches!(service_error.err(), GetLexiconError::LexiconNotFoundException(_)),
        "a deleted lexicon is not found: {error}"
    );
}

#[tokio::test]
async fn unchecked_voices_are_listed_by_language() {
    let Some(endpoint) = unchecked_server() else { return };
    let voices = client(&endpoint, "any-secret", "AKIDUNCHECKED")
        .describe_voices()
        .language_code(LanguageCode::EnGb)
        .send()
        .await
        .unwrap();
    assert!(!voices.voices().is_empty());
    assert!(voices.voices().iter().all(|v| v.language_code() == Some(&LanguageCode::EnGb)), "{voices:?}");
}
