//! The generated ECR types against wire samples from the ECR API reference and the
//! awsJson rules: serialization, parsing, forward compatibility, error correction.

use aws_client_runtime::json;
use ecr_model::error::RepositoryNotFoundException;
use ecr_model::operation::batch_check_layer_availability::{
    BatchCheckLayerAvailabilityInput, BatchCheckLayerAvailabilityOutput,
};
use ecr_model::operation::describe_images::DescribeImagesOutput;
use ecr_model::types::{
    EncryptionConfiguration, EncryptionType, ImageIdentifier, LayerAvailability, LayerFailureCode, Tag,
    UpstreamRegistry,
};
use ecr_model::{BuildError, DateTime};
use serde_json::{Value, json};

/// The JSON form of `value` as text.
fn text<T: json::WriteJson>(value: &T) -> String {
    String::from_utf8(json::to_vec(value).unwrap()).unwrap()
}

const DIGEST: &str = "sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8";

#[test]
fn batch_check_layer_availability_request_matches_the_api_reference() {
    let input =
        BatchCheckLayerAvailabilityInput::builder().repository_name("amazonlinux").layer_digests(DIGEST).build();
    let body: Value = json::to_value(&input).unwrap();
    assert_eq!(body, json!({"layerDigests": [DIGEST], "repositoryName": "amazonlinux"}));
}

#[test]
fn batch_check_layer_availability_response_matches_the_api_reference() {
    let text = r#"{"failures":[],"layers":[{"layerAvailability":"AVAILABLE","layerDigest":"sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8","layerSize":91768077,"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip"}]}"#;
    let output: BatchCheckLayerAvailabilityOutput = json::from_slice(text.as_bytes()).unwrap();
    assert!(output.failures().is_empty());
    let layer = &output.layers()[0];
    assert_eq!(layer.layer_availability(), Some(&LayerAvailability::Available));
    assert_eq!(layer.layer_size(), Some(91_768_077));
    assert_eq!(layer.layer_digest(), Some(DIGEST));
    assert_eq!(layer.media_type(), Some("application/vnd.docker.image.rootfs.diff.tar.gzip"));
}

#[test]
fn enums_know_their_wire_text_and_keep_unknown_values() {
    assert_eq!(LayerAvailability::Available.as_str(), "AVAILABLE");
    assert_eq!(LayerFailureCode::from("MissingLayerDigest"), LayerFailureCode::MissingLayerDigest);
    assert_eq!(LayerFailureCode::InvalidLayerDigest.to_string(), "InvalidLayerDigest");
    // A member name that differs from its @enumValue travels as the value.
    assert_eq!(UpstreamRegistry::EcrPublic.as_str(), "ecr-public");
    assert_eq!("ecr-public".parse::<UpstreamRegistry>().unwrap(), UpstreamRegistry::EcrPublic);
    assert!(LayerAvailability::values().contains(&"UNAVAILABLE"));
    // A value from a newer API round-trips unchanged.
    let newer: LayerAvailability = json::from_slice("\"EVAPORATED\"".as_bytes()).unwrap();
    assert_eq!(newer, LayerAvailability::Unknown("EVAPORATED".to_owned()));
    assert_eq!(text(&newer), "\"EVAPORATED\"");
    // Enums work as map keys.
    let mut counts = std::collections::HashMap::new();
    counts.insert(LayerAvailability::Available, 1);
    assert_eq!(counts[&LayerAvailability::from("AVAILABLE")], 1);
}

#[test]
fn wire_names_that_are_not_camel_case_are_kept() {
    let tag = Tag::builder().key("team").value("infra").build().unwrap();
    assert_eq!(json::to_value(&tag).unwrap(), json!({"Key": "team", "Value": "infra"}));
    assert_eq!(tag.key(), "team");
}

#[test]
fn required_members_of_shared_structures_are_checked_by_build() {
    let error = Tag::builder().key("team").build().unwrap_err();
    assert_eq!(error, BuildError::missing_field("value", "Tag"));
    assert!(error.to_string().contains("value"), "{error}");
}

#[test]
fn builders_of_optional_only_structures_are_infallible() {
    let id = ImageIdentifier::builder().image_tag("v1").build();
    assert_eq!(id.image_tag(), Some("v1"));
    assert_eq!(id.image_digest(), None);
    assert_eq!(text(&id), r#"{"imageTag":"v1"}"#);
}

#[test]
fn responses_ignore_unknown_fields_and_read_null_as_absent() {
    let text = r#"{"imageDetails":[{"registryId":null,"repositoryName":"r","somethingNew":{"x":1},
        "imagePushedAt":1700000000.5,"imageTags":["a","b"],"imageSizeInBytes":12}],"nextToken":null}"#;
    let output: DescribeImagesOutput = json::from_slice(text.as_bytes()).unwrap();
    assert_eq!(output.next_token(), None);
    let detail = &output.image_details()[0];
    assert_eq!(detail.registry_id(), None);
    assert_eq!(detail.repository_name(), Some("r"));
    assert_eq!(detail.image_pushed_at(), Some(DateTime::from_millis(1_700_000_000_500)));
    assert_eq!(detail.image_tags(), ["a", "b"]);
    assert_eq!(detail.image_size_in_bytes(), Some(12));
}

#[test]
fn timestamps_serialize_as_epoch_seconds_with_fractions() {
    let text = r#"{"imageDetails":[{"imagePushedAt":1700000000.25}]}"#;
    let output: DescribeImagesOutput = json::from_slice(text.as_bytes()).unwrap();
    let back = json::to_value(&output).unwrap();
    assert_eq!(back, json!({"imageDetails": [{"imagePushedAt": 1700000000.25}]}));
}

#[test]
fn a_missing_required_output_member_does_not_fail_parsing() {
    // `encryptionType` is @required; a response without it reads as the zero value.
    let config: EncryptionConfiguration = json::from_slice(r#"{"kmsKey":"k"}"#.as_bytes()).unwrap();
    assert_eq!(config.encryption_type(), &EncryptionType::Unknown(String::new()));
    assert_eq!(config.kms_key(), Some("k"));
    let config: EncryptionConfiguration = json::from_slice(r#"{"encryptionType":null}"#.as_bytes()).unwrap();
    assert_eq!(config.encryption_type().as_str(), "");
}

#[test]
fn modeled_errors_display_their_code_and_message() {
    let error: RepositoryNotFoundException =
        json::from_slice(r#"{"message":"The repository with name 'r' does not exist"}"#.as_bytes()).unwrap();
    assert_eq!(error.to_string(), "RepositoryNotFoundException: The repository with name 'r' does not exist");
    let capitalised: RepositoryNotFoundException = json::from_slice(r#"{"Message":"m"}"#.as_bytes()).unwrap();
    assert_eq!(capitalised.message(), Some("m"));
    let empty = RepositoryNotFoundException::builder().build();
    assert_eq!(empty.to_string(), "RepositoryNotFoundException");
    let boxed: Box<dyn std::error::Error> = Box::new(empty);
    assert_eq!(boxed.to_string(), RepositoryNotFoundException::CODE);
}

#[test]
fn members_named_type_use_raw_identifiers() {
    let resource: ecr_model::types::Resource =
        json::from_slice(r#"{"type":"AwsEcrContainerImage","id":"x"}"#.as_bytes()).unwrap();
    assert_eq!(resource.r#type(), Some("AwsEcrContainerImage"));
    let built = ecr_model::types::Resource::builder().r#type("t").build();
    assert_eq!(built.r#type, Some("t".to_owned()));
    assert_eq!(json::to_value(&built).unwrap(), json!({"type": "t"}));
}
