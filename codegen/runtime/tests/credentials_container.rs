//! The container credentials provider against a local HTTP server on
//! 127.0.0.1 (through `AWS_CONTAINER_CREDENTIALS_FULL_URI`).

#![cfg(feature = "client")]

#[path = "credentials_support.rs"]
mod support;

use std::time::{Duration, UNIX_EPOCH};

use aws_client_runtime::credentials::{ContainerProvider, CredentialsErrorKind, ProvideCredentials};
use support::{Reply, Server, TempDir, closed_port_url, env, http};

const CREDENTIALS: &str = r#"{
  "AccessKeyId": "ASIACONTAINER",
  "SecretAccessKey": "container-secret",
  "Token": "container-token",
  "Expiration": "2030-01-02T03:04:05Z",
  "RoleArn": "arn:aws:iam::123456789012:role/task"
}"#;

/// Seconds since the epoch of 2030-01-02T03:04:05Z.
const EXPIRATION_SECS: u64 = 1_893_553_445;

async fn credentials_server() -> Server {
    Server::start(|_| Reply::new(200, CREDENTIALS).header("Content-Type", "application/json")).await
}

#[tokio::test]
async fn full_uri_with_authorization_token() {
    let server = credentials_server().await;
    let uri = format!("{}/v2/credentials?id=7", server.url());
    let provider = ContainerProvider::new(
        env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc==")]),
        http(),
    );
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIACONTAINER");
    assert_eq!(credentials.secret_access_key(), "container-secret");
    assert_eq!(credentials.session_token(), Some("container-token"));
    assert_eq!(credentials.expiry(), Some(UNIX_EPOCH + Duration::from_secs(EXPIRATION_SECS)));
    assert_eq!(credentials.provider_name(), "container");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/v2/credentials?id=7");
    assert_eq!(requests[0].header("authorization"), Some("Basic abc=="));
}

#[tokio::test]
async fn token_file_wins_and_is_read_each_time() {
    let server = credentials_server().await;
    let dir = TempDir::new("token");
    let token_file = dir.write("token", "first-token\n");
    let provider = ContainerProvider::new(
        env(&[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &format!("{}/creds", server.url())),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token_file),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token-loses"),
        ]),
        http(),
    );
    provider.provide_credentials().await.unwrap();
    dir.write("token", "second-token");
    provider.provide_credentials().await.unwrap();
    let tokens: Vec<_> = server.requests().iter().map(|r| r.header("authorization").unwrap().to_owned()).collect();
    assert_eq!(tokens, ["first-token", "second-token"]);
}

#[tokio::test]
async fn no_token_no_header_and_missing_token_file_is_an_error() {
    let server = credentials_server().await;
    let uri = format!("{}/creds", server.url());
    let provider = ContainerProvider::new(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]), http());
    provider.provide_credentials().await.unwrap();
    assert_eq!(server.requests()[0].header("authorization"), None);

    let provider = ContainerProvider::new(
        env(&[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/nonexistent/awsjson/token"),
        ]),
        http(),
    );
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    assert!(error.message().starts_with("cannot read the token file /nonexistent/awsjson/token named by"), "{error}");
    assert_eq!(server.requests().len(), 1, "no request without the token");

    let provider = ContainerProvider::new(
        env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\u{1}b")]),
        http(),
    );
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(error.message().contains("not a valid HTTP header value"), "{error}");
}

#[tokio::test]
async fn non_loopback_http_full_uri_is_rejected() {
    for uri in [
        "http://203.0.113.7/creds",
        "http://example.com/creds",
        "http://169.254.169.254/latest",
        "http://[2001:db8::1]/creds",
        "ftp://127.0.0.1/creds",
        "not a url",
    ] {
        let provider = ContainerProvider::new(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri)]), http());
        let error = provider.provide_credentials().await.unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Provider, "{uri}: {error}");
        assert_eq!(error.provider(), "container");
        assert!(error.message().contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"), "{uri}: {error}");
    }
}

#[tokio::test]
async fn allowed_full_uri_hosts_pass_validation() {
    // Each of these passes validation, so the failure is the connection to
    // a closed loopback port.
    let closed = closed_port_url().await;
    let port = closed.rsplit(':').next().unwrap().to_owned();
    for uri in [
        format!("http://127.0.0.1:{port}/c"),
        format!("http://127.1.2.3:{port}/c"),
        format!("http://localhost:{port}/c"),
        format!("http://[::1]:{port}/c"),
    ] {
        let provider = ContainerProvider::new(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]), http());
        let error = provider.provide_credentials().await.unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Provider);
        assert!(error.message().starts_with(&format!("GET {uri} ")), "{uri}: {error}");
    }
}

#[tokio::test]
async fn relative_uri_targets_the_ecs_address() {
    // RELATIVE_URI wins over FULL_URI. The request goes through an HTTP
    // proxy that is the local test server, so nothing leaves 127.0.0.1 and
    // the request line shows the absolute URL.
    let server = credentials_server().await;
    let through_proxy = reqwest::Client::builder().proxy(reqwest::Proxy::http(server.url()).unwrap()).build().unwrap();
    let provider = ContainerProvider::new(
        env(&[
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/never"),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "relative-token"),
        ]),
        through_proxy,
    );
    assert_eq!(provider.provide_credentials().await.unwrap().access_key_id(), "ASIACONTAINER");
    let requests = server.requests();
    assert_eq!(requests[0].path, "http://169.254.170.2/v2/credentials/abc");
    assert_eq!(requests[0].header("authorization"), Some("relative-token"));
}

#[tokio::test]
async fn not_configured_without_variables() {
    let provider = ContainerProvider::new(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", " ")]), http());
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(error.is_not_configured());
    assert_eq!(
        error.to_string(),
        "container credentials provider not configured: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
         nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
    );
}

async fn error_for(status: u16, body: &'static str) -> aws_client_runtime::credentials::CredentialsError {
    let server = Server::start(move |_| Reply::new(status, body)).await;
    let uri = format!("{}/creds", server.url());
    let provider = ContainerProvider::new(env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri)]), http());
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Provider, "{error}");
    assert_eq!(error.provider(), "container");
    error
}

#[tokio::test]
async fn bad_responses_are_provider_errors() {
    let error = error_for(500, r#"{"message":"boom"}"#).await;
    assert!(error.message().ends_with(r#"returned HTTP 500 Internal Server Error: {"message":"boom"}"#), "{error}");

    let error = error_for(200, r#"{"AccessKeyId": "A", "SecretAccessKey": "#).await;
    assert_eq!(error.message(), "the credentials response is not valid JSON (line 1, column 40)");

    let error = error_for(200, "[1, 2]").await;
    assert_eq!(error.message(), "the credentials response is not a JSON object");

    let error = error_for(200, r#"{"AccessKeyId": "A", "Token": "super-secret-token"}"#).await;
    assert_eq!(error.message(), "the credentials response has no `SecretAccessKey`");

    let error = error_for(200, r#"{"AccessKeyId": 5, "SecretAccessKey": "top-secret"}"#).await;
    assert_eq!(error.message(), "`AccessKeyId` in the credentials response is not a string");
    assert!(!error.to_string().contains("top-secret"));

    let body = r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "2030-13-45T00:00:00Z"}"#;
    let error = error_for(200, body).await;
    assert_eq!(error.message(), "`Expiration` is not an RFC 3339 date-time: `2030-13-45T00:00:00Z`");
}
