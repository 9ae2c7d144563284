//! The generated SSO-OIDC client (restJson1, unsigned token calls) beside botocore:
//! the same calls build the same requests (see `codegen/tests/services/botocore_diff.rs`).

#[path = "../../../botocore_diff.rs"]
mod botocore_diff;
#[path = "../../../capture.rs"]
mod capture;

use aws_client_runtime::serde_json::json;
use botocore_diff::{Call, assert_same, botocore_requests};
use sso_oidc_client::{Client, Config, Credentials, RetryConfig};

#[tokio::test]
async fn requests_match_botocore() {
    let calls: Vec<Call> = vec![
        (
            "sso-oidc",
            "create_token",
            json!({"clientId": "id", "clientSecret": "secret", "grantType": "refresh_token", "refreshToken": "r", "scope": ["a", "b"]}),
        ),
        (
            "sso-oidc",
            "register_client",
            json!({"clientName": "demo", "clientType": "public", "scopes": ["sso:account:access"]}),
        ),
    ];
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../botocore_requests.py");
    let Some(theirs) = botocore_requests(script, &calls) else { return };
    let (port, record) = capture::serve(vec![(200, vec![], "{}"); calls.len()]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    let oidc = Client::new(&config);
    let _ = oidc
        .create_token()
        .client_id("id")
        .client_secret("secret")
        .grant_type("refresh_token")
        .refresh_token("r")
        .scope("a")
        .scope("b")
        .send()
        .await;
    let _ = oidc.register_client().client_name("demo").client_type("public").scopes("sso:account:access").send().await;
    assert_same(&calls, &record.lock().unwrap(), &theirs);
}
