//! The generated SSO client (restJson1, bearer-token calls sent unsigned) beside
//! botocore: the same calls build the same requests (see
//! `codegen/tests/services/botocore_diff.rs`).

#[path = "../../../botocore_diff.rs"]
mod botocore_diff;
#[path = "../../../capture.rs"]
mod capture;

use aws_client_runtime::serde_json::json;
use botocore_diff::{Call, assert_same, botocore_requests};
use sso_client::{Client, Config, Credentials, RetryConfig};

#[tokio::test]
async fn requests_match_botocore() {
    let calls: Vec<Call> = vec![
        (
            "sso",
            "get_role_credentials",
            json!({"roleName": "Admin Role", "accountId": "123456789012", "accessToken": "tok/en=="}),
        ),
        ("sso", "list_accounts", json!({"maxResults": 5, "nextToken": "n/1", "accessToken": "tok"})),
        ("sso", "logout", json!({"accessToken": "tok"})),
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
    let sso = Client::new(&config);
    let _ = sso
        .get_role_credentials()
        .role_name("Admin Role")
        .account_id("123456789012")
        .access_token("tok/en==")
        .send()
        .await;
    let _ = sso.list_accounts().max_results(5).next_token("n/1").access_token("tok").send().await;
    let _ = sso.logout().access_token("tok").send().await;
    assert_same(&calls, &record.lock().unwrap(), &theirs);
}
