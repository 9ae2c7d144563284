//! No secret in anything the client prints: configuration, credentials, the client,
//! and calls failing in every way (service errors that quote the request back,
//! retries exhausted, timeouts, resets, unreadable and oversized bodies, refused
//! connections, construction and credentials failures), through `Debug`, `Display`
//! and each error's `source()` chain. The access key id may show; the secret key,
//! the session token, signatures and `Authorization` values never do.

mod scripted;

use std::error::Error as StdError;
use std::fmt::{Debug, Display};
use std::time::Duration;

use aws_client_runtime::credentials::Environment;
use ecr_client::{Client, Config, Credentials, RetryConfig, SdkError, TimeoutConfig};
use scripted::{Behaviour, Server, json, typed};

const ACCESS_KEY: &str = "AKIDSECRETSTEST";
const SECRET_KEY: &str = "secret-key-wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
/// A session token with `/` and `+`, as real ones have.
const TOKEN: &str = "IQoJb3JpZ2luX2Vj/session+token//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==";

/// Everything printed about a value.
fn printed(value: &(impl Debug + Display)) -> String {
    format!("{value:?}\n{value}")
}

/// `Debug` and `Display` of an error and of every error in its `source()` chain.
fn printed_chain(error: &(dyn StdError + 'static)) -> String {
    let mut text = format!("{error:?}\n{error}");
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(&format!("\n{inner:?}\n{inner}"));
        cause = inner.source();
    }
    text
}

/// Fails naming the secret when `text` holds one of `secrets`.
fn assert_clean(text: &str, secrets: &[String], what: &str) {
    for secret in secrets {
        assert!(!text.contains(secret.as_str()), "{what} shows `{secret}`:\n{text}");
    }
}

/// The secrets no output may hold: keys, token (also JSON-escaped) and what the
/// server saw in `Authorization` (the signatures and the whole header values).
fn secrets(servers: &[&Server]) -> Vec<String> {
    let mut secrets = vec![SECRET_KEY.to_owned(), TOKEN.to_owned(), TOKEN.replace('/', "\\/")];
    for server in servers {
        for request in server.requests() {
            if let Some(authorization) = request.header("authorization") {
                secrets.push(authorization.to_owned());
                secrets.push(authorization.rsplit("Signature=").next().unwrap().to_owned());
            }
        }
    }
    secrets
}

fn config(url: &str) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, Some(TOKEN.to_owned()), None, "test"))
        .endpoint_url(url)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(300)))
        .build()
}

#[tokio::test]
async fn configuration_credentials_and_clients_print_no_secret() {
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY, Some(TOKEN.to_owned()), None, "test");
    let shown = format!("{credentials:?}");
    assert!(shown.contains(ACCESS_KEY), "the access key id may show: {shown}");
    assert_clean(&shown, &secrets(&[]), "Credentials");

    let server = Server::start(vec![json(200, "{}")]).await;
    let config = config(&server.url());
    let client = Client::new(&config);
    client.describe_registry().send().await.unwrap();
    let shown = format!("{config:?}\n{:?}\n{client:?}", config.to_builder());
    assert!(shown.contains(ACCESS_KEY), "{shown}");
    assert_clean(&shown, &secrets(&[&server]), "the configuration or the client after a call");

    let environment = Environment::from_vars(
        [("AWS_ACCESS_KEY_ID", ACCESS_KEY), ("AWS_SECRET_ACCESS_KEY", SECRET_KEY), ("AWS_SESSION_TOKEN", TOKEN)]
            .map(|(name, value)| (name.to_owned(), value.to_owned())),
    );
    let from_env = Config::builder().region("us-east-1").from_environment(environment).unwrap().build();
    let server = Server::start(vec![json(200, "{}")]).await;
    let client = Client::new(&from_env.to_builder().endpoint_url(server.url()).build());
    client.describe_registry().send().await.unwrap();
    assert_eq!(server.requests()[0].header("x-amz-security-token"), Some(TOKEN), "the chain found the token");
    assert_clean(&format!("{from_env:?}\n{client:?}"), &secrets(&[&server]), "a configuration from the environment");
}

#[tokio::test]
async fn failed_calls_print_no_secret() {
    let token_in_json = format!(r#"{{"registryId":"{TOKEN}""#);
    let cases: Vec<(&str, Vec<Behaviour>)> = vec![
        ("a signature mismatch quoting the request", vec![Behaviour::EchoHeaders]),
        ("retries exhausted", vec![json(500, ""); 3]),
        ("an HTML page", vec![typed(502, "text/html", "<html>Bad Gateway</html>"); 3]),
        ("silence", vec![Behaviour::Hang; 3]),
        ("a reset", vec![Behaviour::ResetAfter(b"HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\n{".to_vec()); 3]),
        ("an unreadable output", vec![json(200, &token_in_json)]),
        ("an oversized body", vec![json(200, &format!("{{{}}}", " ".repeat(5000)))]),
    ];
    for (what, script) in cases {
        let server = Server::start(script).await;
        let config = config(&server.url()).to_builder().max_response_size(4096).build();
        let call = Client::new(&config).describe_registry().send();
        let error = tokio::time::timeout(Duration::from_secs(10), call).await.unwrap().unwrap_err();
        assert!(server.count() > 0 && server.requests()[0].header("authorization").is_some(), "{what}");
        assert_clean(&printed_chain(&error), &secrets(&[&server]), what);
        if what.starts_with("a signature mismatch") {
            let SdkError::ServiceError(service_error) = &error else { panic!("{error:?}") };
            let message = service_error.meta().message().unwrap();
            assert!(message.contains("x-amz-security-token:** redacted **"), "{message}");
            assert!(message.contains("Signature=** redacted **"), "{message}");
            assert!(message.contains(&format!("Credential={ACCESS_KEY}/")), "{message}");
        }
        assert_clean(&printed(&ecr_client::Error::from(error)), &secrets(&[&server]), what);
    }
}

#[tokio::test]
async fn failures_before_or_without_a_response_print_no_secret() {
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port())
    };
    let no_region = Config::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, Some(TOKEN.to_owned()), None, "test"))
        .endpoint_url(&refused)
        .build();
    // Container credentials whose document is unusable (a bad expiry) after the keys.
    let document = format!(
        r#"{{"AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET_KEY}","Token":"{TOKEN}","Expiration":"soon"}}"#
    );
    let container = Server::start(vec![json(200, &document)]).await;
    let environment = Environment::from_vars(
        [
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/credentials", container.url())),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", TOKEN.to_owned()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ]
        .map(|(name, value)| (name.to_owned(), value)),
    );
    let bad_credentials =
        Config::builder().region("us-east-1").endpoint_url(&refused).from_environment(environment).unwrap().build();
    let mut errors: Vec<(&str, SdkError<_>)> = Vec::new();
    for (what, config) in [
        ("a refused connection", config(&refused)),
        ("no region", no_region),
        ("unusable container credentials", bad_credentials),
    ] {
        let call = Client::new(&config).describe_registry().send();
        errors.push((what, tokio::time::timeout(Duration::from_secs(10), call).await.unwrap().unwrap_err()));
    }
    assert_eq!(container.requests()[0].header("authorization"), Some(TOKEN), "the provider was asked");
    let missing_member = Client::new(&config(&refused)).batch_check_layer_availability().send().await.unwrap_err();
    assert!(matches!(missing_member, SdkError::ConstructionFailure(_)));
    assert_clean(&printed_chain(&missing_member), &secrets(&[]), "a missing member");
    for (what, error) in errors {
        let text = printed_chain(&error);
        assert_clean(&text, &secrets(&[]), what);
        assert_clean(&printed(&ecr_client::Error::from(error)), &secrets(&[]), what);
    }
}
