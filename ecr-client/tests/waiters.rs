//! Generated waiters against the capture server: success after polls, a failure
//! acceptor, an unexpected error, and a time-out, each with the request the waiter
//! sends.

mod capture;

use std::time::Duration;

use aws_client_runtime::serde_json::{self, Value};
use capture::{Canned, client, serve};
use ecr_client::types::ImageIdentifier;
use ecr_client::waiters::WaiterError;

fn status(status: &'static str) -> Canned {
    let body = match status {
        "IN_PROGRESS" => r#"{"imageScanStatus":{"status":"IN_PROGRESS"},"repositoryName":"r"}"#,
        "COMPLETE" => r#"{"imageScanStatus":{"status":"COMPLETE"},"imageScanFindings":{"findings":[]}}"#,
        _ => r#"{"imageScanStatus":{"status":"FAILED","description":"unsupported"}}"#,
    };
    (200, vec![], body)
}

fn waiter(port: u16) -> ecr_client::waiters::ImageScanCompleteWaiter {
    client(port, None)
        .wait_until_image_scan_complete()
        .repository_name("repo")
        .image_id(ImageIdentifier::builder().image_tag("v1").build())
        .min_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(10))
}

#[tokio::test]
async fn succeeds_after_two_polls() {
    let (port, record) = serve(vec![status("IN_PROGRESS"), status("COMPLETE")]);
    let output = waiter(port).wait(Duration::from_secs(5)).await.unwrap().unwrap();
    assert!(output.image_scan_findings.is_some());
    let requests = record.lock().unwrap();
    assert_eq!(requests.len(), 2);
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body, serde_json::json!({"repositoryName": "repo", "imageId": {"imageTag": "v1"}}));
    assert_eq!(
        requests[1].header("x-amz-target"),
        Some("AmazonEC2ContainerRegistry_V20150921.DescribeImageScanFindings")
    );
}

#[tokio::test]
async fn a_failure_acceptor_ends_the_wait() {
    let (port, record) = serve(vec![status("IN_PROGRESS"), status("FAILED")]);
    let error = waiter(port).wait(Duration::from_secs(5)).await.unwrap_err();
    let WaiterError::FailureState(Ok(output)) = &error else { panic!("{error:?}") };
    assert_eq!(output.image_scan_status.as_ref().and_then(|s| s.description.as_deref()), Some("unsupported"));
    assert!(error.to_string().contains("failure state"), "{error}");
    assert_eq!(record.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn an_error_no_acceptor_expects_ends_the_wait() {
    let missing = r#"{"__type":"RepositoryNotFoundException","message":"no such repository"}"#;
    let (port, _) = serve(vec![(400, vec![], missing)]);
    let error = waiter(port).wait(Duration::from_secs(5)).await.unwrap_err();
    let WaiterError::UnexpectedError(sdk_error) = &error else { panic!("{error:?}") };
    assert!(sdk_error.as_service_error().is_some_and(|e| e.is_repository_not_found_exception()));
}

#[tokio::test]
async fn the_wait_times_out() {
    let (port, record) = serve((0..100).map(|_| status("IN_PROGRESS")).collect());
    let started = std::time::Instant::now();
    let error = waiter(port).wait(Duration::from_millis(150)).await.unwrap_err();
    let WaiterError::TimedOut { attempts, .. } = error else { panic!("{error:?}") };
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(attempts >= 3, "{attempts}");
    assert_eq!(record.lock().unwrap().len() as u32, attempts);
}
