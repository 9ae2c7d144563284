//! The IMDSv2 provider against a local metadata server on 127.0.0.1
//! (through `AWS_EC2_METADATA_SERVICE_ENDPOINT`).

#![cfg(feature = "client")]

#[path = "credentials_support.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, UNIX_EPOCH};

use aws_client_runtime::credentials::{CredentialsError, CredentialsErrorKind, ImdsProvider, ProvideCredentials};
use support::{Recorded, Reply, Server, closed_port_url, env, http};

const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/instance-role";

const CREDENTIALS: &str = r#"{
  "Code" : "Success",
  "LastUpdated" : "2029-12-31T23:00:00Z",
  "Type" : "AWS-HMAC",
  "AccessKeyId" : "ASIAINSTANCE",
  "SecretAccessKey" : "instance-secret",
  "Token" : "instance-session-token",
  "Expiration" : "2030-01-01T00:00:00Z"
}"#;

/// Seconds since the epoch of 2030-01-01T00:00:00Z.
const EXPIRATION_SECS: u64 = 1_893_456_000;

/// A well-behaved metadata service: token `imds-token-N` for the N-th PUT;
/// GETs need the latest token.
fn metadata_service(request: &Recorded, puts: &AtomicUsize) -> Reply {
    match (request.method.as_str(), request.path.as_str()) {
        ("PUT", TOKEN_PATH) => {
            if request.header("x-aws-ec2-metadata-token-ttl-seconds") != Some("21600") {
                return Reply::new(400, "missing TTL");
            }
            let n = puts.fetch_add(1, Ordering::SeqCst) + 1;
            Reply::new(200, format!("imds-token-{n}")).header("x-aws-ec2-metadata-token-ttl-seconds", "21600")
        }
        ("GET", path) => {
            let expected = format!("imds-token-{}", puts.load(Ordering::SeqCst));
            if request.header("x-aws-ec2-metadata-token") != Some(expected.as_str()) {
                return Reply::new(401, "");
            }
            match path {
                ROLES_PATH => Reply::new(200, "instance-role\nsecond-role\n"),
                ROLE_PATH => Reply::new(200, CREDENTIALS),
                _ => Reply::new(404, "not found"),
            }
        }
        _ => Reply::new(405, ""),
    }
}

async fn start_metadata_service() -> Server {
    let puts = Arc::new(AtomicUsize::new(0));
    Server::start(move |request| metadata_service(request, &puts)).await
}

fn provider_for(endpoint: &str) -> ImdsProvider {
    ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint)]), http())
}

fn summary(server: &Server) -> Vec<String> {
    server.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect()
}

#[tokio::test]
async fn token_then_role_then_credentials() {
    let server = start_metadata_service().await;
    let provider = provider_for(&format!("{}/", server.url()));
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAINSTANCE");
    assert_eq!(credentials.secret_access_key(), "instance-secret");
    assert_eq!(credentials.session_token(), Some("instance-session-token"));
    assert_eq!(credentials.expiry(), Some(UNIX_EPOCH + Duration::from_secs(EXPIRATION_SECS)));
    assert_eq!(credentials.provider_name(), "imds");

    let requests = server.requests();
    assert_eq!(
        summary(&server),
        [format!("PUT {TOKEN_PATH}"), format!("GET {ROLES_PATH}"), format!("GET {ROLE_PATH}")]
    );
    assert_eq!(requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    assert_eq!(requests[0].header("x-aws-ec2-metadata-token"), None);
    assert_eq!(requests[1].header("x-aws-ec2-metadata-token"), Some("imds-token-1"));
    assert_eq!(requests[2].header("x-aws-ec2-metadata-token"), Some("imds-token-1"));

    // The session token is cached: no second PUT.
    provider.provide_credentials().await.unwrap();
    assert_eq!(summary(&server).iter().filter(|r| r.starts_with("PUT")).count(), 1);
    assert_eq!(server.requests().len(), 5);

    let debug = format!("{provider:?}");
    assert!(!debug.contains("imds-token"), "{debug}");
}

#[tokio::test]
async fn unauthorized_gets_a_new_token_once() {
    let puts = Arc::new(AtomicUsize::new(0));
    let rejected = Arc::new(AtomicUsize::new(0));
    let server = Server::start(move |request| {
        // Reject the first GET as if the token had expired.
        if request.method == "GET" && rejected.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::new(401, "");
        }
        metadata_service(request, &puts)
    })
    .await;
    let credentials = provider_for(&server.url()).provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAINSTANCE");
    assert_eq!(
        summary(&server),
        [
            format!("PUT {TOKEN_PATH}"),
            format!("GET {ROLES_PATH}"),
            format!("PUT {TOKEN_PATH}"),
            format!("GET {ROLES_PATH}"),
            format!("GET {ROLE_PATH}"),
        ]
    );
    assert_eq!(server.requests()[4].header("x-aws-ec2-metadata-token"), Some("imds-token-2"));
}

#[tokio::test]
async fn short_token_ttl_is_honoured() {
    let puts = Arc::new(AtomicUsize::new(0));
    let server = Server::start(move |request| {
        let reply = metadata_service(request, &puts);
        if request.method == "PUT" {
            // The service grants 2 seconds; the provider keeps it for 1.
            let mut reply = reply;
            reply.headers = vec![("x-aws-ec2-metadata-token-ttl-seconds".into(), "2".into())];
            return reply;
        }
        reply
    })
    .await;
    let provider = provider_for(&server.url());
    provider.provide_credentials().await.unwrap();
    provider.provide_credentials().await.unwrap();
    assert_eq!(summary(&server).iter().filter(|r| r.starts_with("PUT")).count(), 1);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    provider.provide_credentials().await.unwrap();
    assert_eq!(summary(&server).iter().filter(|r| r.starts_with("PUT")).count(), 2);
}

#[tokio::test]
async fn disabled_by_environment() {
    for value in ["true", "TRUE", " True "] {
        let server = start_metadata_service().await;
        let provider = ImdsProvider::new(
            env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url()), ("AWS_EC2_METADATA_DISABLED", value)]),
            http(),
        );
        let error = provider.provide_credentials().await.unwrap_err();
        assert_eq!(error.to_string(), "imds credentials provider not configured: AWS_EC2_METADATA_DISABLED is true");
        assert!(server.requests().is_empty());
    }
    // Any other value leaves it enabled.
    let server = start_metadata_service().await;
    let provider = ImdsProvider::new(
        env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &server.url()), ("AWS_EC2_METADATA_DISABLED", "false")]),
        http(),
    );
    provider.provide_credentials().await.unwrap();
}

#[tokio::test]
async fn service_down_is_not_configured_and_quick() {
    let started = Instant::now();
    let error = provider_for(&closed_port_url().await).provide_credentials().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(900), "{:?}", started.elapsed());
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(error.message().starts_with("the instance metadata service is not reachable: PUT http://127.0.0.1:"));
    assert!(error.message().contains(" could not connect"), "{error}");
}

#[tokio::test]
async fn silent_service_times_out_after_one_second() {
    let server = Server::start(|_| Reply::new(200, "late").delayed(Duration::from_secs(10))).await;
    let started = Instant::now();
    let error = provider_for(&server.url()).provide_credentials().await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_millis(1_900), "{elapsed:?}");
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(error.message().contains("timed out"), "{error}");
    assert_eq!(server.requests().len(), 1, "a timeout is not retried");
}

async fn error_with(
    handler: impl Fn(&Recorded, &AtomicUsize) -> Option<Reply> + Send + Sync + 'static,
) -> (CredentialsError, Vec<String>) {
    let puts = Arc::new(AtomicUsize::new(0));
    let server =
        Server::start(move |request| handler(request, &puts).unwrap_or_else(|| metadata_service(request, &puts))).await;
    let error = provider_for(&server.url()).provide_credentials().await.unwrap_err();
    assert_eq!(error.provider(), "imds");
    (error, summary(&server))
}

#[tokio::test]
async fn dropped_connections_are_retried_once() {
    let (error, requests) = error_with(|r, _| (r.method == "PUT").then(Reply::hang_up)).await;
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    assert!(error.message().starts_with("PUT http://127.0.0.1:"), "{error}");
    assert_eq!(requests, [format!("PUT {TOKEN_PATH}"), format!("PUT {TOKEN_PATH}")]);
}

#[tokio::test]
async fn no_role_attached_is_not_configured() {
    let (error, _) = error_with(|r, _| (r.path == ROLES_PATH).then(|| Reply::new(404, "Not Found"))).await;
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(error.message().ends_with("returned HTTP 404: no IAM role is attached to the instance"), "{error}");

    let (error, _) = error_with(|r, _| (r.path == ROLES_PATH).then(|| Reply::new(200, "\n"))).await;
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
}

#[tokio::test]
async fn token_refused_is_not_configured() {
    let (error, requests) = error_with(|r, _| (r.method == "PUT").then(|| Reply::new(403, "Forbidden"))).await;
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(error.message().ends_with("returned HTTP 403 Forbidden: no IMDSv2 session tokens here"), "{error}");
    assert_eq!(requests.len(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_once() {
    // One 500, then success.
    let failures = AtomicUsize::new(0);
    let handler = move |r: &Recorded, _: &AtomicUsize| {
        (r.path == ROLES_PATH && failures.fetch_add(1, Ordering::SeqCst) == 0).then(|| Reply::new(500, "oops"))
    };
    let puts = Arc::new(AtomicUsize::new(0));
    let server = Server::start(move |r| handler(r, &puts).unwrap_or_else(|| metadata_service(r, &puts))).await;
    provider_for(&server.url()).provide_credentials().await.unwrap();
    assert_eq!(summary(&server).iter().filter(|r| *r == &format!("GET {ROLES_PATH}")).count(), 2);

    // Always 500: a provider error after two attempts.
    let (error, requests) = error_with(|r, _| (r.path == ROLE_PATH).then(|| Reply::new(503, "busy"))).await;
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    assert!(error.message().ends_with("instance-role returned HTTP 503 Service Unavailable: busy"), "{error}");
    assert_eq!(requests.iter().filter(|r| *r == &format!("GET {ROLE_PATH}")).count(), 2);
}

#[tokio::test]
async fn bad_credentials_documents_are_provider_errors() {
    let cases: [(&'static str, &str); 4] = [
        (
            r#"{"Code": "AssumeRoleUnauthorizedAccess", "Message": "denied"}"#,
            "the credentials response has Code `AssumeRoleUnauthorizedAccess`: denied",
        ),
        ("{not json", "the credentials response is not valid JSON (line 1, column 2)"),
        (r#"{"Code": "Success", "SecretAccessKey": "S"}"#, "the credentials response has no `AccessKeyId`"),
        (
            r#"{"Code": "Success", "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "tomorrow"}"#,
            "`Expiration` is not an RFC 3339 date-time: `tomorrow`",
        ),
    ];
    for (body, expected) in cases {
        let (error, _) = error_with(move |r, _| (r.path == ROLE_PATH).then(|| Reply::new(200, body))).await;
        assert_eq!(error.kind(), CredentialsErrorKind::Provider);
        assert_eq!(error.message(), expected);
        assert_eq!(error.to_string(), format!("imds credentials provider failed: {expected}"));
    }
}

#[tokio::test]
async fn malformed_role_name_is_rejected() {
    let (error, requests) =
        error_with(|r, _| (r.path == ROLES_PATH).then(|| Reply::new(200, "../../../etc/passwd\n"))).await;
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    assert!(error.message().ends_with("returned a malformed role name `../../../etc/passwd`"), "{error}");
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn bad_endpoint_settings_are_provider_errors() {
    let error = provider_for("not a url").provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    assert!(error.message().starts_with("AWS_EC2_METADATA_SERVICE_ENDPOINT is not a valid URL"), "{error}");

    let provider = ImdsProvider::new(env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")]), http());
    let error = provider.provide_credentials().await.unwrap_err();
    assert_eq!(
        error.message(),
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is `IPv5`, not a valid endpoint mode; expected IPv4 or IPv6"
    );
}
