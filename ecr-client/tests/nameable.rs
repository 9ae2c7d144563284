//! Every type a program is handed by the client can be named through `ecr_client`, the
//! one crate it depends on; and the names `aws-sdk-ecr` users reach for exist. This
//! file only has to compile: each annotation names a type from a public signature.

use ecr_client::config::{Builder, Config, ConfigError, Credentials, Environment, Region, RetryConfig, TimeoutConfig};
use ecr_client::error::{
    BuildError, ConstructionFailure, DispatchFailure, DispatchKind, ErrorMetadata, ProvideErrorMetadata, ResponseError,
    SdkError, ServiceError, TimeoutError, TimeoutKind, Unhandled, WaiterError,
};
use ecr_client::fluent_builders::{DescribeRepositoriesFluentBuilder, DescribeRepositoriesPaginator};
use ecr_client::operation::describe_repositories::{DescribeRepositoriesError, DescribeRepositoriesOutput};
use ecr_client::operation::list_images::ListImagesError;
use ecr_client::types::{Repository, Tag};
use ecr_client::{Client, ItemStream, PageStream};

#[allow(dead_code, clippy::type_complexity)]
fn signatures(client: &Client) {
    let paginator: DescribeRepositoriesPaginator = client.describe_repositories().into_paginator();
    let _: PageStream<DescribeRepositoriesFluentBuilder> = paginator.send();
    let _: ItemStream<DescribeRepositoriesFluentBuilder, Repository> =
        client.describe_repositories().into_paginator().items();
    let _: Result<Tag, BuildError> = Tag::builder().build();
    #[cfg(feature = "serde")]
    let _: Result<
        ecr_client::operation::create_repository::CreateRepositoryInput,
        ecr_client::error::InputJsonError,
    > = ecr_client::operation::create_repository::CreateRepositoryInput::from_json("{}");
    let _: fn(SdkError<DescribeRepositoriesError>) -> Option<ServiceError<DescribeRepositoriesError>> = |e| match e {
        SdkError::ServiceError(service) => Some(service),
        _ => None,
    };
    let _: fn(&ServiceError<ListImagesError>) -> &ErrorMetadata = ServiceError::meta;
    let _: fn(Unhandled) -> ListImagesError = ListImagesError::from;
    let _: Option<fn(WaiterError<DescribeRepositoriesOutput, DescribeRepositoriesError>)> = None;
    let _: Option<(ConstructionFailure, DispatchFailure, DispatchKind, TimeoutError, TimeoutKind, ResponseError)> =
        None;
    let _: fn() -> Builder = Config::builder;
    let _: Option<(ConfigError, Credentials, Environment, RetryConfig, TimeoutConfig)> = None;
    let _: Option<&dyn ProvideErrorMetadata> = None;
}

#[test]
fn aws_sdk_names_configure_a_client() {
    let config = Builder::default().region(Region::new("eu-west-1")).build();
    assert_eq!(config.region(), Some("eu-west-1"));
    let _client = Client::new(&config);
}
