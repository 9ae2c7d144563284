//! The generated STS client (awsQuery) against a local moto server with signature
//! checking on: the server and keys of `ecr-client/tests/real_server.rs`, set up by
//! `cargo xtask real-server` (or the whole `cargo xtask test`); plain `cargo test`
//! skips these tests.
//!
//! `GetCallerIdentity` names the signing user, `AssumeRole` of the role the set-up
//! created returns session credentials, and a call signed with them is answered as
//! the assumed role; a request signed with a wrong secret is refused.

use std::io::Write;
use std::sync::Once;

use aws_client_runtime::serde_json::{self, Value};
use sts_client::{Client, Config, Credentials, RetryConfig, SdkError};

/// Set by the real-server step, as for the ECR tests.
const ENDPOINT_VAR: &str = "ECR_REAL_SERVER_ENDPOINT";
const KEYS_VAR: &str = "ECR_REAL_SERVER_KEYS";
const REQUIRED_VAR: &str = "ECR_REAL_SERVER_REQUIRED";

const ACCOUNT: &str = "123456789012";
/// The role `set_up_auth.py` creates, which the `allowed` user may assume.
const ROLE: &str = "arn:aws:iam::123456789012:role/ecr-session";

/// The endpoint and the `allowed` user's key and secret, or `None` without a server.
fn server() -> Option<(String, String, String)> {
    let (Ok(endpoint), Ok(keys)) = (std::env::var(ENDPOINT_VAR), std::env::var(KEYS_VAR)) else {
        assert!(
            std::env::var_os(REQUIRED_VAR).is_none(),
            "{REQUIRED_VAR} is set but {ENDPOINT_VAR} or {KEYS_VAR} is not"
        );
        static SKIPPED: Once = Once::new();
        SKIPPED.call_once(|| {
            // Straight to stderr: the test harness hides the output of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "real_server: skipped: {ENDPOINT_VAR} is not set (see `cargo xtask real-server`)"
            );
        });
        return None;
    };
    let keys: Value = serde_json::from_str(&keys).unwrap_or_else(|e| panic!("{KEYS_VAR} is not JSON: {e}"));
    let field = |name: &str| keys["allowed"][name].as_str().unwrap_or_else(|| panic!("no allowed.{name}")).to_owned();
    Some((endpoint, field("id"), field("secret")))
}

fn client(endpoint: &str, credentials: Credentials) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials)
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .build();
    Client::new(&config)
}

#[tokio::test]
async fn caller_identity_then_assumed_role_credentials() {
    let Some((endpoint, id, secret)) = server() else { return };
    let user = client(&endpoint, Credentials::new(id, secret, None, None, "real-server"));

    let identity = user.get_caller_identity().send().await.unwrap();
    assert_eq!(identity.account(), Some(ACCOUNT));
    assert_eq!(identity.arn(), Some("arn:aws:iam::123456789012:user/ecr-tester"));

    let assumed = user.assume_role().role_arn(ROLE).role_session_name("sts-client-test").send().await.unwrap();
    let credentials = assumed.credentials().expect("credentials");
    assert!(credentials.access_key_id().starts_with("ASIA"), "{}", credentials.access_key_id());
    let role_user = assumed.assumed_role_user().expect("the assumed role user");
    assert!(role_user.arn().ends_with(":assumed-role/ecr-session/sts-client-test"), "{}", role_user.arn());

    let session = client(
        &endpoint,
        Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            Some(credentials.session_token().to_owned()),
            None,
            "assumed",
        ),
    );
    let as_role = session.get_caller_identity().send().await.unwrap();
    assert_eq!(as_role.arn(), Some(role_user.arn()));
    assert_eq!(as_role.account(), Some(ACCOUNT));
}

#[tokio::test]
async fn a_wrong_secret_is_refused() {
    let Some((endpoint, id, _)) = server() else { return };
    let wrong = client(&endpoint, Credentials::new(id, "not-the-secret", None, None, "real-server"));
    let error = wrong.get_caller_identity().send().await.unwrap_err();
    let SdkError::ServiceError(service_error) = &error else { panic!("{error:?}") };
    assert_eq!(service_error.meta().code(), Some("SignatureDoesNotMatch"), "{error}");
    assert_eq!(service_error.meta().status(), Some(403));
}
