#![cfg(feature = "blocking")]
//! Feature `blocking`: `send_blocking`, blocking pages and items, `wait_blocking`, on
//! the calling thread against the capture server and the mock; inside
//! `spawn_blocking` and async tasks too.

mod capture;

use std::time::Duration;

use ecr_client::operation::describe_image_scan_findings::{DescribeImageScanFindings, DescribeImageScanFindingsOutput};
use ecr_client::operation::describe_registry::{DescribeRegistry, DescribeRegistryOutput};
use ecr_client::operation::describe_repositories::{DescribeRepositories, DescribeRepositoriesOutput};
use ecr_client::types::{ImageIdentifier, ImageScanStatus, LayerAvailability, Repository, ScanStatus};
use ecr_client::{Client, Mock, SdkError};

#[test]
fn send_blocking_sends_signs_and_parses_on_the_calling_thread() {
    let (port, record) = capture::serve(vec![(
        200,
        vec![],
        r#"{"layers":[{"layerDigest":"sha256:aa","layerAvailability":"AVAILABLE","layerSize":3}]}"#,
    )]);
    let client = capture::client(port, None);
    let output = client
        .batch_check_layer_availability()
        .repository_name("team/app")
        .layer_digests("sha256:aa")
        .send_blocking()
        .unwrap();
    assert_eq!(output.layers()[0].layer_availability(), Some(&LayerAvailability::Available));
    let captured = record.lock().unwrap();
    assert_eq!(captured.len(), 1);
    assert_eq!(
        captured[0].header("x-amz-target"),
        Some("AmazonEC2ContainerRegistry_V20150921.BatchCheckLayerAvailability")
    );
    assert!(captured[0].header("authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 ")));
}

#[test]
fn a_service_error_arrives_typed() {
    let (port, _) = capture::serve(vec![(
        400,
        vec![("x-amzn-requestid", "req-1")],
        r#"{"__type":"RepositoryNotFoundException","message":"gone"}"#,
    )]);
    let client = capture::client(port, None);
    let error = client.describe_images().repository_name("gone").send_blocking().unwrap_err();
    assert!(error.as_service_error().is_some_and(|e| e.is_repository_not_found_exception()), "{error:?}");
    assert_eq!(error.meta().and_then(|m| m.request_id()), Some("req-1"));
}

#[test]
fn threads_share_the_blocking_runtime() {
    let canned = (200, vec![], r#"{"registryId":"123456789012"}"#);
    let (port, record) = capture::serve(vec![canned.clone(), canned.clone(), canned.clone(), canned]);
    let client = capture::client(port, None);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                client
                    .describe_registry()
                    .send_blocking()
                    .map(|o| o.registry_id().map(str::to_owned))
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap().unwrap(), Some("123456789012".to_owned()));
    }
    assert_eq!(record.lock().unwrap().len(), 4);
}

#[test]
fn pages_and_items_iterate_without_async() {
    let mock = Mock::new().on::<DescribeRepositories>(|input| {
        let repository = |name: &str| Repository::builder().repository_name(name).build();
        Ok(match input.next_token() {
            None => DescribeRepositoriesOutput::builder().repositories(repository("a")).next_token("2").build(),
            Some(_) => DescribeRepositoriesOutput::builder().repositories(repository("b")).build(),
        })
    });
    let client = Client::from_mock(mock);
    let names: Vec<String> = client
        .describe_repositories()
        .into_paginator()
        .items_blocking()
        .map(|r| r.unwrap().repository_name().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["a", "b"]);
    let pages = client.describe_repositories().into_paginator().send_blocking().collect::<Result<Vec<_>, _>>().unwrap();
    assert_eq!(pages.len(), 2);
}

#[test]
fn wait_blocking_polls_until_an_acceptor_decides() {
    let mock = Mock::new().on::<DescribeImageScanFindings>(|_| {
        Ok(DescribeImageScanFindingsOutput::builder()
            .image_scan_status(ImageScanStatus::builder().status(ScanStatus::Complete).build())
            .build())
    });
    let client = Client::from_mock(mock);
    let poll = client
        .wait_until_image_scan_complete()
        .repository_name("app")
        .image_id(ImageIdentifier::builder().image_tag("v1").build())
        .wait_blocking(Duration::from_secs(60))
        .unwrap()
        .unwrap();
    assert_eq!(poll.image_scan_status().and_then(|s| s.status()), Some(&ScanStatus::Complete));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_spawn_blocking_a_blocking_call_runs() {
    let mock = Mock::new()
        .on::<DescribeRegistry>(|_| Ok(DescribeRegistryOutput::builder().registry_id("r-1").build()))
        .on::<DescribeRepositories>(|_| {
            Ok(DescribeRepositoriesOutput::builder()
                .repositories(Repository::builder().repository_name("a").build())
                .build())
        });
    let client = Client::from_mock(mock);
    let (output, names) = tokio::task::spawn_blocking(move || {
        let output = client.describe_registry().send_blocking();
        let names: Vec<_> = client
            .describe_repositories()
            .into_paginator()
            .items_blocking()
            .map(|repository| repository.unwrap().repository_name().unwrap_or_default().to_owned())
            .collect();
        (output, names)
    })
    .await
    .unwrap();
    assert_eq!(output.unwrap().registry_id(), Some("r-1"));
    assert_eq!(names, ["a"]);
}

#[tokio::test]
async fn inside_an_async_task_a_blocking_call_still_completes() {
    // A current-thread runtime: the call cannot be driven by the thread it blocks.
    let mock = Mock::new().on::<DescribeRegistry>(|_| Ok(DescribeRegistryOutput::builder().registry_id("r-2").build()));
    let client = Client::from_mock(mock);
    let output = client.describe_registry().send_blocking().unwrap();
    assert_eq!(output.registry_id(), Some("r-2"));
    let mut items = client.describe_repositories().into_paginator().items_blocking();
    assert!(matches!(items.next(), Some(Err(SdkError::ConstructionFailure(_)))), "no answer for the operation");
}
