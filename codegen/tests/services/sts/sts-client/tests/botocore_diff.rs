//! The generated STS client (awsQuery) beside botocore: the same calls build the same
//! requests (see `codegen/tests/services/botocore_diff.rs`).

#[path = "../../../botocore_diff.rs"]
mod botocore_diff;
#[path = "../../../capture.rs"]
mod capture;

use aws_client_runtime::serde_json::json;
use botocore_diff::{Call, assert_same, botocore_requests};
use sts_client::types::{PolicyDescriptorType, Tag};
use sts_client::{Client, Config, Credentials, RetryConfig};

#[tokio::test]
async fn requests_match_botocore() {
    let calls: Vec<Call> = vec![
        ("sts", "get_caller_identity", json!({})),
        (
            "sts",
            "assume_role",
            json!({
                "RoleArn": "arn:aws:iam::123456789012:role/demo",
                "RoleSessionName": "session+name@x",
                "DurationSeconds": 900,
                "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
                "Tags": [{"Key": "Project", "Value": "Unicorn"}, {"Key": "Team", "Value": "A+B /x"}],
                "TransitiveTagKeys": ["Project"],
                "ExternalId": "ext=1,2@x"
            }),
        ),
        (
            "sts",
            "assume_role_with_web_identity",
            json!({"RoleArn": "arn:aws:iam::123456789012:role/web", "RoleSessionName": "web-session", "WebIdentityToken": "tok.en"}),
        ),
    ];
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../botocore_requests.py");
    let Some(theirs) = botocore_requests(script, &calls) else { return };
    let (port, record) = capture::serve(vec![(200, vec![], ""); calls.len()]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    let sts = Client::new(&config);
    // The answers are empty, so the outputs fail to read; only the requests matter here.
    let _ = sts.get_caller_identity().send().await;
    let _ = sts
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("session+name@x")
        .duration_seconds(900)
        .policy_arns(PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build())
        .tags(Tag::builder().key("Project").value("Unicorn").build().unwrap())
        .tags(Tag::builder().key("Team").value("A+B /x").build().unwrap())
        .transitive_tag_keys("Project")
        .external_id("ext=1,2@x")
        .send()
        .await;
    let _ = sts
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/web")
        .role_session_name("web-session")
        .web_identity_token("tok.en")
        .send()
        .await;
    assert_same(&calls, &record.lock().unwrap(), &theirs);
}
