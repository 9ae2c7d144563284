//! Client-side validation from the model's constraints: inputs that break
//! `@length`, `@range` or `@pattern` fail before any I/O with the operation, member
//! path and rule; turning validation off sends them.

mod capture;

use capture::{client, serve};
use ecr_client::SdkError;
use ecr_client::types::ImageIdentifier;

const DIGEST: &str = "sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8";

fn construction_message<E: std::fmt::Debug>(error: SdkError<E>) -> String {
    let SdkError::ConstructionFailure(failure) = &error else { panic!("expected a construction failure: {error:?}") };
    failure.to_string()
}

#[tokio::test]
async fn invalid_inputs_fail_before_sending() {
    let (port, record) = serve(vec![]);
    let ecr = client(port, None);
    let cases: Vec<(ecr_client::fluent_builders::BatchCheckLayerAvailabilityFluentBuilder, &str)> = vec![
        (
            ecr.batch_check_layer_availability().repository_name("r").set_layer_digests(Some(vec![])),
            "`layerDigests` must have 1 to 100 entries, has 0",
        ),
        (
            ecr.batch_check_layer_availability()
                .repository_name("r")
                .set_layer_digests(Some(vec![DIGEST.to_owned(); 101])),
            "`layerDigests` must have 1 to 100 entries, has 101",
        ),
        (
            ecr.batch_check_layer_availability().repository_name("a").layer_digests(DIGEST),
            "`repositoryName` must have 2 to 256 characters, has 1",
        ),
        (
            ecr.batch_check_layer_availability().repository_name("r").registry_id("abc").layer_digests(DIGEST),
            "`registryId` must match the pattern `^[0-9]{12}$`",
        ),
        (
            ecr.batch_check_layer_availability().repository_name("UPPER/case").layer_digests(DIGEST),
            "`repositoryName` must match the pattern",
        ),
    ];
    for (call, expected) in cases {
        let message = construction_message(call.send().await.unwrap_err());
        assert!(message.starts_with("BatchCheckLayerAvailability: the input is invalid"), "{message}");
        assert!(message.contains(expected), "{message} lacks {expected}");
    }
    assert!(record.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn nested_members_and_every_violation_are_reported() {
    let (port, _) = serve(vec![]);
    let long_tag = "t".repeat(400);
    let message = construction_message(
        client(port, None)
            .batch_get_image()
            .repository_name("r")
            .image_ids(ImageIdentifier::builder().image_tag(long_tag).build())
            .image_ids(ImageIdentifier::builder().image_digest(DIGEST).build())
            .send()
            .await
            .unwrap_err(),
    );
    assert!(message.contains("`imageIds[0].imageTag` must have 1 to 300 characters, has 400"), "{message}");
    assert!(!message.contains("imageIds[1]"), "{message}");
    let message = construction_message(
        client(port, None).describe_images().repository_name("r").max_results(0).send().await.unwrap_err(),
    );
    assert!(message.contains("`maxResults` must be between 1 and 1000, is 0"), "{message}");
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    let (port, record) = serve(vec![(200, vec![], r#"{"layers":[],"failures":[]}"#)]);
    let config = client(port, None).config().to_builder().validate_inputs(false).build();
    ecr_client::Client::new(&config)
        .batch_check_layer_availability()
        .repository_name("a")
        .layer_digests(DIGEST)
        .send()
        .await
        .unwrap();
    assert_eq!(record.lock().unwrap().len(), 1);
}
