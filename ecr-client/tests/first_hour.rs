//! Three everyday programs written the way `aws-sdk-ecr` users write them, run against
//! the mock client: list repositories with their image counts, check which layers a
//! repository holds, and create a repository with a lifecycle policy (tolerating
//! `RepositoryAlreadyExistsException`) and tag it. They compile with these documented
//! differences only (see "Coming from aws-sdk-ecr" in the crate docs):
//!
//! - configuration is `Config::from_env().await?` rather than
//!   `aws_config::load_defaults(BehaviorVersion::latest()).await`;
//! - a paginator's `items()` is already the stream (no `.send()` after it).
//!
//! Everything is named through `ecr_client`, the one crate such a program depends on.

use std::sync::{Arc, Mutex};

use ecr_client::error::{ProvideErrorMetadata, RepositoryAlreadyExistsException};
use ecr_client::operation::batch_check_layer_availability::{
    BatchCheckLayerAvailability, BatchCheckLayerAvailabilityOutput,
};
use ecr_client::operation::create_repository::{CreateRepository, CreateRepositoryError};
use ecr_client::operation::describe_repositories::{DescribeRepositories, DescribeRepositoriesOutput};
use ecr_client::operation::list_images::{ListImages, ListImagesOutput};
use ecr_client::operation::put_lifecycle_policy::{PutLifecyclePolicy, PutLifecyclePolicyOutput};
use ecr_client::operation::tag_resource::{TagResource, TagResourceOutput};
use ecr_client::types::{ImageIdentifier, Layer, LayerAvailability, Repository, Tag};
use ecr_client::{Client, Error, Mock, MockError};

/// Program 1: every repository with the number of images in it.
async fn image_counts(client: &Client) -> Result<Vec<(String, usize)>, Error> {
    let mut counts = Vec::new();
    let mut repositories = client.describe_repositories().into_paginator().items();
    while let Some(repository) = repositories.next().await {
        let repository = repository?;
        let name = repository.repository_name().unwrap_or_default().to_owned();
        let images = client.list_images().repository_name(&name).into_paginator().items().try_collect().await?;
        counts.push((name, images.len()));
    }
    Ok(counts)
}

/// Program 2: which of these layers the repository already holds.
async fn layers_present(client: &Client, repository: &str, digests: &[&str]) -> Result<Vec<String>, Error> {
    let mut request = client.batch_check_layer_availability().repository_name(repository);
    for digest in digests {
        request = request.layer_digests(*digest);
    }
    let output = match request.send().await {
        Ok(output) => output,
        Err(error) => {
            // `code()` on the call's error comes from `ProvideErrorMetadata`, as in aws-sdk.
            eprintln!("checking layers failed ({}): {error}", error.code().unwrap_or("no error code"));
            return Err(error.into());
        }
    };
    Ok(output
        .layers()
        .iter()
        .filter(|layer| layer.layer_availability() == Some(&LayerAvailability::Available))
        .filter_map(|layer| layer.layer_digest().map(str::to_owned))
        .collect())
}

const POLICY: &str = r#"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#;

/// Program 3: create (or find) a repository, give it a lifecycle policy, tag it.
async fn create_tagged(client: &Client, name: &str) -> Result<String, Error> {
    let arn = match client.create_repository().repository_name(name).send().await {
        Ok(created) => created.repository().and_then(|r| r.repository_arn()).unwrap_or_default().to_owned(),
        Err(error) => match error.into_service_error() {
            CreateRepositoryError::RepositoryAlreadyExistsException(_) => {
                format!("arn:aws:ecr:us-east-1:123456789012:repository/{name}")
            }
            other => {
                eprintln!("{}: {}", other.code().unwrap_or("error"), other.message().unwrap_or_default());
                return Err(other.into());
            }
        },
    };
    client.put_lifecycle_policy().repository_name(name).lifecycle_policy_text(POLICY).send().await?;
    client.tag_resource().resource_arn(&arn).tags(Tag::builder().key("team").value("platform").build()?).send().await?;
    Ok(arn)
}

fn repository(name: &str) -> Repository {
    Repository::builder()
        .repository_name(name)
        .repository_arn(format!("arn:aws:ecr:us-east-1:123456789012:repository/{name}"))
        .build()
}

#[tokio::test]
async fn program_one_lists_repositories_with_image_counts() {
    let mock = Mock::new()
        .on::<DescribeRepositories>(|_| {
            Ok(DescribeRepositoriesOutput::builder()
                .repositories(repository("app"))
                .repositories(repository("base"))
                .build())
        })
        .on::<ListImages>(|input| {
            let n = if input.repository_name() == Some("app") { 2 } else { 0 };
            let mut output = ListImagesOutput::builder();
            for i in 0..n {
                output = output.image_ids(ImageIdentifier::builder().image_tag(format!("v{i}")).build());
            }
            Ok(output.build())
        });
    let counts = image_counts(&Client::from_mock(mock)).await.unwrap();
    assert_eq!(counts, [("app".to_owned(), 2), ("base".to_owned(), 0)]);
}

#[tokio::test]
async fn program_two_checks_layers() {
    let mock = Mock::new().on::<BatchCheckLayerAvailability>(|input| {
        let mut output = BatchCheckLayerAvailabilityOutput::builder();
        for (i, digest) in input.layer_digests().iter().enumerate() {
            let availability = if i == 0 { LayerAvailability::Available } else { LayerAvailability::Unavailable };
            output = output.layers(Layer::builder().layer_digest(digest).layer_availability(availability).build());
        }
        Ok(output.build())
    });
    let present = layers_present(&Client::from_mock(mock), "app", &["sha256:aa", "sha256:bb"]).await.unwrap();
    assert_eq!(present, ["sha256:aa"]);
    let mock = Mock::new().on::<BatchCheckLayerAvailability>(|_| Err(MockError::service(400, "Denied", "no")));
    let error = layers_present(&Client::from_mock(mock), "app", &["sha256:aa"]).await.unwrap_err();
    assert_eq!(error.code(), Some("Denied"));
}

#[tokio::test]
async fn program_three_creates_or_finds_a_repository_then_tags_it() {
    let tagged = Arc::new(Mutex::new(Vec::new()));
    let seen = tagged.clone();
    let mock = Mock::new()
        .on::<CreateRepository>(|_| {
            Err(MockError::modeled(&RepositoryAlreadyExistsException::builder().message("exists").build()))
        })
        .on::<PutLifecyclePolicy>(|input| {
            assert_eq!(input.lifecycle_policy_text(), Some(POLICY));
            Ok(PutLifecyclePolicyOutput::builder().build())
        })
        .on::<TagResource>(move |input| {
            seen.lock().unwrap().push((input.resource_arn().unwrap_or_default().to_owned(), input.tags().to_vec()));
            Ok(TagResourceOutput::builder().build())
        });
    let arn = create_tagged(&Client::from_mock(mock), "team/app").await.unwrap();
    assert_eq!(arn, "arn:aws:ecr:us-east-1:123456789012:repository/team/app");
    let (tagged_arn, tags) = tagged.lock().unwrap()[0].clone();
    assert_eq!(tagged_arn, arn);
    assert_eq!(tags[0].key(), "team");

    // Any other error reaches the caller as the crate's error, code and all.
    let mock = Mock::new().on::<CreateRepository>(|_| Err(MockError::service(400, "AccessDeniedException", "no")));
    let error = create_tagged(&Client::from_mock(mock), "team/app").await.unwrap_err();
    assert_eq!(error.code(), Some("AccessDeniedException"));
    assert_eq!(error.to_string(), "AccessDeniedException: no (status 400, request id mock-request)");
}

#[test]
fn examples_need_no_dependency_but_ecr_client() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("aws_client_runtime"), "{} names the runtime crate", path.display());
    }
}

#[cfg(feature = "serde")]
#[tokio::test]
async fn a_whole_input_read_from_json_is_sent_as_it_is() {
    use ecr_client::operation::create_repository::{CreateRepositoryInput, CreateRepositoryOutput};
    let input = CreateRepositoryInput::from_json(
        r#"{"repositoryName":"team/app","imageTagMutability":"IMMUTABLE","tags":[{"Key":"team","Value":"a"}]}"#,
    )
    .unwrap();
    let mock = Mock::new().on::<CreateRepository>(|_| Ok(CreateRepositoryOutput::builder().build()));
    let client = Client::from_mock(mock.clone());
    client.create_repository().set_input(input.clone()).send().await.unwrap();
    // Setters called afterwards still apply.
    client.create_repository().set_input(input.clone()).repository_name("team/other").send().await.unwrap();
    let sent = mock.inputs::<CreateRepository>();
    assert_eq!(sent[0], input);
    assert_eq!(sent[1].repository_name(), Some("team/other"));
    assert_eq!(sent[1].tags(), input.tags());
}
