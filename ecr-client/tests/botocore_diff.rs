//! The ECR client (awsJson 1.1) beside botocore: the same calls build the same requests
//! (see `codegen/tests/services/botocore_diff.rs`).

#[path = "../../codegen/tests/services/botocore_diff.rs"]
mod botocore_diff;
#[path = "../../codegen/tests/services/capture.rs"]
mod capture;

use aws_client_runtime::serde_json::json;
use botocore_diff::{Call, assert_same, botocore_requests};
use ecr_client::types::{DescribeImagesFilter, ImageIdentifier, TagStatus};
use ecr_client::{Client, Config, Credentials, RetryConfig};

#[tokio::test]
async fn requests_match_botocore() {
    let calls: Vec<Call> = vec![
        ("ecr", "describe_repositories", json!({"maxResults": 10})),
        (
            "ecr",
            "describe_images",
            json!({
                "repositoryName": "team/app",
                "imageIds": [{"imageTag": "v1.2"}],
                "filter": {"tagStatus": "TAGGED"},
                "maxResults": 100
            }),
        ),
        (
            "ecr",
            "batch_check_layer_availability",
            json!({"repositoryName": "app", "layerDigests": ["sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"]}),
        ),
    ];
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../codegen/tests/services/botocore_requests.py");
    let Some(theirs) = botocore_requests(script, &calls) else { return };
    let (port, record) = capture::serve(vec![(200, vec![], "{}"); calls.len()]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    let ecr = Client::new(&config);
    let _ = ecr.describe_repositories().max_results(10).send().await;
    let _ = ecr
        .describe_images()
        .repository_name("team/app")
        .image_ids(ImageIdentifier::builder().image_tag("v1.2").build())
        .filter(DescribeImagesFilter::builder().tag_status(TagStatus::Tagged).build())
        .max_results(100)
        .send()
        .await;
    let _ = ecr
        .batch_check_layer_availability()
        .repository_name("app")
        .layer_digests("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
        .send()
        .await;
    assert_same(&calls, &record.lock().unwrap(), &theirs);
}
