//! The generated ECR client on the wire, against a capture server on 127.0.0.1:
//! request shape for the API reference sample, a signature re-computed independently
//! from the captured request, empty inputs, modeled and unmodeled errors, and required
//! members checked before any I/O.

mod capture;

use aws_client_runtime::serde_json::{self, Value, json};
use aws_client_runtime::sigv4::{hmac_sha256, sha256_hex};
use capture::{Captured, SECRET, client, serve};
use ecr_client::SdkError;
use ecr_client::operation::batch_check_layer_availability::BatchCheckLayerAvailabilityError;
use ecr_client::types::LayerAvailability;

const DIGEST: &str = "sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8";

/// Re-computes the SigV4 signature of a captured request from its parts (only the
/// HMAC/SHA-256 primitives are shared with the client).
fn expected_signature(request: &Captured) -> String {
    let authorization = request.header("authorization").unwrap();
    let signed_headers = authorization.split("SignedHeaders=").nth(1).unwrap().split(',').next().unwrap();
    let amz_date = request.header("x-amz-date").unwrap();
    let date = &amz_date[..8];
    let canonical_headers: String =
        signed_headers.split(';').map(|name| format!("{name}:{}\n", request.header(name).unwrap().trim())).collect();
    let canonical_request = format!("POST\n/\n\n{canonical_headers}\n{signed_headers}\n{}", sha256_hex(&request.body));
    let scope = format!("{date}/us-east-1/ecr/aws4_request");
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", sha256_hex(canonical_request.as_bytes()));
    let mut key = hmac_sha256(format!("AWS4{SECRET}").as_bytes(), date.as_bytes()).to_vec();
    for part in ["us-east-1", "ecr", "aws4_request"] {
        key = hmac_sha256(&key, part.as_bytes()).to_vec();
    }
    hmac_sha256(&key, string_to_sign.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn batch_check_layer_availability_on_the_wire() {
    let response = r#"{"failures":[],"layers":[{"layerAvailability":"AVAILABLE","layerDigest":"sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8","layerSize":91768077,"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip"}]}"#;
    let (port, record) = serve(vec![(200, vec![("x-amzn-RequestId", "req-1")], response)]);
    let output = client(port, None)
        .batch_check_layer_availability()
        .repository_name("amazonlinux")
        .layer_digests(DIGEST)
        .send()
        .await
        .unwrap();
    assert_eq!(output.layers()[0].layer_availability(), Some(&LayerAvailability::Available));
    assert_eq!(output.layers()[0].layer_size(), Some(91_768_077));

    let request = record.lock().unwrap()[0].clone();
    assert_eq!(request.request_line, "POST / HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(
        request.header("x-amz-target"),
        Some("AmazonEC2ContainerRegistry_V20150921.BatchCheckLayerAvailability")
    );
    assert_eq!(request.header("host"), Some(format!("127.0.0.1:{port}").as_str()));
    assert!(request.header("user-agent").unwrap().starts_with("ecr-client/"));
    assert_eq!(request.header("x-amz-security-token"), None);
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, json!({"layerDigests": [DIGEST], "repositoryName": "amazonlinux"}));
    let authorization = request.header("authorization").unwrap();
    assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{authorization}");
    assert!(authorization.contains("/us-east-1/ecr/aws4_request"), "signing name from the model: {authorization}");
    let signature = authorization.rsplit("Signature=").next().unwrap();
    assert_eq!(signature, expected_signature(&request));
}

#[tokio::test]
async fn put_image_and_session_tokens() {
    let (port, record) = serve(vec![(200, vec![], r#"{"image":{"repositoryName":"r","imageId":{"imageTag":"v1"}}}"#)]);
    let output = client(port, Some("session-token"))
        .put_image()
        .repository_name("repo")
        .image_manifest("{\"schemaVersion\":2}")
        .image_tag("v1")
        .send()
        .await
        .unwrap();
    assert_eq!(output.image().unwrap().image_id().unwrap().image_tag(), Some("v1"));
    let request = record.lock().unwrap()[0].clone();
    assert_eq!(request.header("x-amz-target"), Some("AmazonEC2ContainerRegistry_V20150921.PutImage"));
    assert_eq!(request.header("x-amz-security-token"), Some("session-token"));
    assert!(request.header("authorization").unwrap().contains("x-amz-security-token"));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, json!({"repositoryName": "repo", "imageManifest": "{\"schemaVersion\":2}", "imageTag": "v1"}));
    assert_eq!(
        request.header("authorization").unwrap().rsplit("Signature=").next().unwrap(),
        expected_signature(&request)
    );
}

#[tokio::test]
async fn an_empty_input_sends_an_empty_object_and_an_empty_body_is_an_empty_output() {
    let (port, record) = serve(vec![(200, vec![], "")]);
    let output = client(port, None).get_registry_policy().send().await.unwrap();
    assert_eq!(output.registry_id(), None);
    let request = record.lock().unwrap()[0].clone();
    assert_eq!(request.body, b"{}");
    assert_eq!(request.header("x-amz-target"), Some("AmazonEC2ContainerRegistry_V20150921.GetRegistryPolicy"));
}

#[tokio::test]
async fn modeled_errors_are_typed_and_convert_into_the_crate_error() {
    let body = r#"{"__type":"RepositoryNotFoundException","message":"The repository with name 'r' does not exist"}"#;
    let (port, _) = serve(vec![(400, vec![("x-amzn-RequestId", "req-9")], body)]);
    let error = client(port, None)
        .batch_check_layer_availability()
        .repository_name("repo")
        .layer_digests(DIGEST)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error.as_service_error(), Some(BatchCheckLayerAvailabilityError::RepositoryNotFoundException(_))));
    let shown = error.to_string();
    assert!(shown.contains("RepositoryNotFoundException"), "{shown}");
    assert!(shown.contains("does not exist"), "{shown}");
    assert!(shown.contains("req-9"), "{shown}");
    let crate_error: ecr_client::Error = error.into();
    assert!(matches!(crate_error, ecr_client::Error::RepositoryNotFoundException(_)));
}

#[tokio::test]
async fn unmodeled_errors_keep_code_message_status_and_request_id() {
    let (port, _) = serve(vec![(
        400,
        vec![("x-amzn-RequestId", "req-7"), ("X-Amzn-Errortype", "SomethingNew:http://internal/")],
        r#"{"Message":"new failure"}"#,
    )]);
    let error = client(port, None).describe_registry().send().await.unwrap_err();
    let meta = error.meta().unwrap();
    assert_eq!(meta.code(), Some("SomethingNew"));
    assert_eq!(meta.message(), Some("new failure"));
    assert_eq!(meta.request_id(), Some("req-7"));
    assert_eq!(meta.status(), Some(400));
    assert_eq!(error.as_service_error().unwrap().code(), Some("SomethingNew"));
    let shown = error.to_string();
    assert!(shown.contains("SomethingNew: new failure") && shown.contains("req-7"), "{shown}");
}

#[tokio::test]
async fn missing_required_members_fail_before_any_request() {
    let (port, record) = serve(vec![]);
    let error = client(port, None).batch_check_layer_availability().repository_name("repo").send().await.unwrap_err();
    assert!(matches!(error, SdkError::ConstructionFailure(_)));
    assert!(error.to_string().contains("layerDigests"), "{error}");
    assert!(record.lock().unwrap().is_empty());
}
