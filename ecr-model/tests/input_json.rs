//! Inputs read from JSON files (`from_json`) and their skeletons (`json_skeleton`):
//! the JSON form is the wire form, skeletons name every member and read back, and the
//! serde form (the crate's `serde` feature) is the generated JSON form.
#![cfg(feature = "serde")]

use ecr_model::operation::batch_get_image::BatchGetImageInput;
use ecr_model::operation::create_repository::CreateRepositoryInput;
use ecr_model::operation::describe_images::DescribeImagesInput;
use ecr_model::operation::put_registry_scanning_configuration::PutRegistryScanningConfigurationInput;
use ecr_model::operation::put_replication_configuration::PutReplicationConfigurationInput;
use ecr_model::operation::start_image_scan::StartImageScanInput;
use ecr_model::types::{EncryptionConfiguration, EncryptionType, ImageScanningConfiguration, Tag};

use aws_client_runtime::input_json::InputJsonError;
use serde_json::{Value, json};

#[test]
fn an_input_reads_from_its_wire_form() {
    let text = r#"{
        "repositoryName": "team/app",
        "tags": [{"Key": "team", "Value": "build"}],
        "imageScanningConfiguration": {"scanOnPush": true},
        "encryptionConfiguration": {"encryptionType": "AES256"},
        "registryId": null
    }"#;
    let expected = CreateRepositoryInput::builder()
        .repository_name("team/app")
        .tags(Tag::builder().key("team").value("build").build().unwrap())
        .image_scanning_configuration(ImageScanningConfiguration::builder().scan_on_push(true).build())
        .encryption_configuration(
            EncryptionConfiguration::builder().encryption_type(EncryptionType::Aes256).build().unwrap(),
        )
        .build();
    assert_eq!(CreateRepositoryInput::from_json(text), Ok(expected.clone()));
    // And it is what serde_json writes for the type.
    let written = serde_json::to_string(&expected).unwrap();
    assert_eq!(CreateRepositoryInput::from_json(&written), Ok(expected));
}

#[test]
fn unknown_members_are_named_by_path() {
    let text = r#"{"repositoryName": "app", "tags": [{"Key": "k", "Value": "v", "Valeu": "w"}], "scanOnPush": true}"#;
    assert_eq!(
        CreateRepositoryInput::from_json(text),
        Err(InputJsonError::UnknownMembers(vec!["scanOnPush".to_owned(), "tags[0].Valeu".to_owned()]))
    );
    let error = CreateRepositoryInput::from_json(text).unwrap_err().to_string();
    assert_eq!(error, "the input JSON has members the input does not know: scanOnPush, tags[0].Valeu");
}

#[test]
fn a_value_of_the_wrong_type_is_reported_with_its_position() {
    let text = "{\n  \"repositoryName\": \"app\",\n  \"imageScanningConfiguration\": {\"scanOnPush\": \"yes\"}\n}";
    assert_eq!(
        CreateRepositoryInput::from_json(text),
        Err(InputJsonError::Invalid {
            message: "invalid type: string \"yes\", expected a boolean at line 3 column 52".to_owned()
        })
    );
}

/// Reads a skeleton back and checks that writing it gives the skeleton again: every
/// member is known, every placeholder fits its type.
fn check_skeleton<T>(skeleton: &str, read: impl Fn(&str) -> Result<T, InputJsonError>) -> Value
where
    T: serde::Serialize + aws_client_runtime::json::WriteJson + aws_client_runtime::json::ReadJson,
    T: PartialEq + std::fmt::Debug,
{
    let input = read(skeleton).unwrap_or_else(|e| panic!("{e}\n{skeleton}"));
    let document: Value = serde_json::from_str(skeleton).unwrap();
    assert_eq!(serde_json::to_value(&input).unwrap(), document);
    assert_eq!(aws_client_runtime::json::to_value(&input).unwrap(), document);
    assert_eq!(aws_client_runtime::json::from_value(&document), Ok(input));
    document
}

#[test]
fn skeletons_name_every_member_and_read_back() {
    let create = check_skeleton(CreateRepositoryInput::json_skeleton(), CreateRepositoryInput::from_json);
    assert_eq!(
        create,
        json!({
            "encryptionConfiguration": {"encryptionType": "AES256", "kmsKey": "string"},
            "imageScanningConfiguration": {"scanOnPush": false},
            "imageTagMutability": "IMMUTABLE",
            "imageTagMutabilityExclusionFilters": [{"filter": "string", "filterType": "WILDCARD"}],
            "registryId": "string",
            "repositoryName": "string",
            "tags": [{"Key": "string", "Value": "string"}]
        })
    );
    check_skeleton(BatchGetImageInput::json_skeleton(), BatchGetImageInput::from_json);
    check_skeleton(DescribeImagesInput::json_skeleton(), DescribeImagesInput::from_json);
    check_skeleton(StartImageScanInput::json_skeleton(), StartImageScanInput::from_json);
    check_skeleton(PutReplicationConfigurationInput::json_skeleton(), PutReplicationConfigurationInput::from_json);
    let scanning = check_skeleton(
        PutRegistryScanningConfigurationInput::json_skeleton(),
        PutRegistryScanningConfigurationInput::from_json,
    );
    assert_eq!(scanning["rules"][0]["repositoryFilters"][0], json!({"filter": "string", "filterType": "WILDCARD"}));
}
