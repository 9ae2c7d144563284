//! `Client::from_mock`: canned outputs and errors per operation, recorded inputs, and
//! the client's own checks and typing around them, with no network at all.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_client_runtime::serde_json::json;
use ecr_client::error::RepositoryNotFoundException;
use ecr_client::operation::batch_check_layer_availability::{
    BatchCheckLayerAvailability, BatchCheckLayerAvailabilityError, BatchCheckLayerAvailabilityInput,
    BatchCheckLayerAvailabilityOutput,
};
use ecr_client::operation::describe_repositories::{DescribeRepositories, DescribeRepositoriesOutput};
use ecr_client::types::{Layer, LayerAvailability, Repository};
use ecr_client::{Client, Mock, MockError, SdkError};

fn layer(digest: &str) -> Layer {
    Layer::builder().layer_digest(digest).layer_availability(LayerAvailability::Available).layer_size(42).build()
}

#[tokio::test]
async fn answers_with_the_canned_output_and_records_typed_inputs() {
    let mock = Mock::new().on::<BatchCheckLayerAvailability>(|input| {
        Ok(BatchCheckLayerAvailabilityOutput::builder()
            .set_layers(Some(input.layer_digests().iter().map(|d| layer(d)).collect()))
            .build())
    });
    let client = Client::from_mock(mock.clone());
    let output = client
        .batch_check_layer_availability()
        .repository_name("team/app")
        .layer_digests("sha256:aa")
        .layer_digests("sha256:bb")
        .send()
        .await
        .unwrap();
    assert_eq!(output.layers(), [layer("sha256:aa"), layer("sha256:bb")]);
    assert_eq!(
        mock.inputs::<BatchCheckLayerAvailability>(),
        [BatchCheckLayerAvailabilityInput::builder()
            .repository_name("team/app")
            .layer_digests("sha256:aa")
            .layer_digests("sha256:bb")
            .build()]
    );
    let calls = mock.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].operation(), "BatchCheckLayerAvailability");
    assert_eq!(calls[0].input(), &json!({"repositoryName": "team/app", "layerDigests": ["sha256:aa", "sha256:bb"]}));
}

#[tokio::test]
async fn a_modeled_error_arrives_typed_with_its_metadata() {
    let mock = Mock::new().on::<BatchCheckLayerAvailability>(|_| {
        Err(MockError::modeled(&RepositoryNotFoundException::builder().message("no such repository").build()))
    });
    let client = Client::from_mock(mock);
    let error = client
        .batch_check_layer_availability()
        .repository_name("gone")
        .layer_digests("sha256:aa")
        .send()
        .await
        .unwrap_err();
    let meta = error.meta().unwrap();
    assert_eq!(
        (meta.code(), meta.message(), meta.status(), meta.request_id()),
        (Some("RepositoryNotFoundException"), Some("no such repository"), Some(400), Some("mock-request"))
    );
    match error.into_service_error() {
        BatchCheckLayerAvailabilityError::RepositoryNotFoundException(e) => {
            assert_eq!(e.message(), Some("no such repository"));
        }
        other => panic!("not the modeled error: {other:?}"),
    }
}

#[tokio::test]
async fn an_unlisted_error_is_unhandled_and_not_retried() {
    let answered = Arc::new(AtomicUsize::new(0));
    let counter = answered.clone();
    let mock = Mock::new().on::<BatchCheckLayerAvailability>(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        Err(MockError::service(400, "ThrottlingException", "slow down"))
    });
    let client = Client::from_mock(mock);
    let error = client
        .batch_check_layer_availability()
        .repository_name("app")
        .layer_digests("sha256:aa")
        .send()
        .await
        .unwrap_err();
    let Some(BatchCheckLayerAvailabilityError::Unhandled(unhandled)) = error.as_service_error() else {
        panic!("not unhandled: {error:?}");
    };
    assert_eq!((unhandled.meta().code(), unhandled.meta().message()), (Some("ThrottlingException"), Some("slow down")));
    assert_eq!(answered.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_operation_without_an_answer_fails_before_any_io_and_is_recorded() {
    let mock = Mock::new();
    let client = Client::from_mock(mock.clone());
    let error = client.describe_registry().send().await.unwrap_err();
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "failed to construct request: DescribeRegistry: the mock has no answer for this operation"
    );
    assert_eq!(mock.calls().len(), 1);
}

#[tokio::test]
async fn the_client_checks_inputs_before_the_mock_sees_them() {
    let mock =
        Mock::new().on::<BatchCheckLayerAvailability>(|_| Ok(BatchCheckLayerAvailabilityOutput::builder().build()));
    let client = Client::from_mock(mock.clone());
    // Too short for the model's `@length(min: 2)`, and a required member is missing.
    let invalid = client.batch_check_layer_availability().repository_name("a").layer_digests("sha256:aa").send().await;
    assert!(matches!(invalid, Err(SdkError::ConstructionFailure(_))), "{invalid:?}");
    let missing = client.batch_check_layer_availability().repository_name("app").send().await;
    assert!(matches!(missing, Err(SdkError::ConstructionFailure(_))), "{missing:?}");
    assert!(mock.calls().is_empty());
}

#[tokio::test]
async fn paginators_page_through_mocked_answers() {
    let mock = Mock::new().on::<DescribeRepositories>(|input| {
        let repository = |name: &str| Repository::builder().repository_name(name).build();
        Ok(match input.next_token() {
            None => DescribeRepositoriesOutput::builder()
                .repositories(repository("a1"))
                .repositories(repository("a2"))
                .next_token("page-2")
                .build(),
            Some("page-2") => DescribeRepositoriesOutput::builder().repositories(repository("b1")).build(),
            Some(other) => panic!("unexpected token {other}"),
        })
    });
    let client = Client::from_mock(mock.clone());
    let mut items = client.describe_repositories().into_paginator().page_size(2).items();
    let mut names = Vec::new();
    while let Some(repository) = items.next().await {
        names.push(repository.unwrap().repository_name().unwrap().to_owned());
    }
    assert_eq!(names, ["a1", "a2", "b1"]);
    let tokens: Vec<Option<String>> =
        mock.inputs::<DescribeRepositories>().iter().map(|i| i.next_token().map(str::to_owned)).collect();
    assert_eq!(tokens, [None, Some("page-2".to_owned())]);
}

#[tokio::test]
async fn json_answers_work_for_any_operation_name() {
    let mock = Mock::new().on_json("DescribeRegistry", |input| {
        assert_eq!(input, &json!({}));
        Ok(json!({"registryId": "123456789012", "replicationConfiguration": {"rules": []}, "unknownField": 1}))
    });
    let client = Client::from_mock(mock);
    let output = client.describe_registry().send().await.unwrap();
    assert_eq!(output.registry_id(), Some("123456789012"));
}
