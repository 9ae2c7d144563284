//! The generated ECR client against a third-party implementation of the service: a local
//! moto server (version pinned in `real_server/requirements.txt`) with SigV4 signature
//! checking and IAM permissions on. `cargo xtask test` (or `cargo xtask real-server` alone)
//! starts the server, creates the keys (`real_server/set_up_auth.py`) and runs this file;
//! plain `cargo test` skips it.
//!
//! Each test works in its own region, so registry-wide settings (registry policy,
//! scanning and replication configuration) of one test never meet another's.
//!
//! moto behaviours these tests step around, because they are moto's and not ours:
//! - Pagination is ignored (`maxResults`/`nextToken` are not read and no `nextToken` is
//!   returned), so no test pages.
//! - Operations moto lacks (`GetDownloadUrlForLayer` among those that exist in its code,
//!   and everything from pull-through cache rules to signing configuration) answer an
//!   HTML page with status 500. Only `GetDownloadUrlForLayer` is called, once, with retries
//!   off, to check that such an answer still gives a readable error.
//! - `PutImage` names the image by the SHA-256 of its layer digests joined together, not
//!   of the manifest bytes, so the image digest is checked for form and consistency
//!   between operations, never against the manifest's hash.
//! - `PutImage` on a repository that does not exist raises a plain Python exception (an
//!   HTML 500 instead of `RepositoryNotFoundException`), so it is not called that way.
//! - `DescribeImages` reports the config blob's size as `imageSizeInBytes` (only checked
//!   to be positive) and ignores its `filter`; `ListImages` reads only `tagStatus`;
//!   `BatchGetImage` ignores `acceptedMediaTypes`. None of these filters is sent.
//! - `DescribeImageScanFindings` returns one canned finding; only its shape is checked.
//! - A tag pushed again into an `IMMUTABLE` repository fails with
//!   `ImageAlreadyExistsException` where ECR answers `ImageTagAlreadyExistsException`, so
//!   that case is not exercised (the repository under test stays `MUTABLE` for pushes).
//! - The server closes every connection and serves ~100 requests per second: the suite
//!   makes fewer than a hundred calls.
//!
//! Two of moto's answers are handled by the runtime rather than avoided, since any
//! server in front of a service may send them: error bodies carrying the message twice
//! (`message` and `Message`), and 403s from the signature and permission checks written
//! in the query protocol's XML.

#[path = "real_server/support.rs"]
mod support;

use aws_client_runtime::base64;
use ecr_client::Credentials;
use ecr_client::error::{
    ImageAlreadyExistsException, InvalidLayerPartException, InvalidParameterException,
    RepositoryAlreadyExistsException, RepositoryNotEmptyException, RepositoryNotFoundException,
    UploadNotFoundException,
};
use ecr_client::operation::batch_get_image::BatchGetImageOutput;
use ecr_client::operation::complete_layer_upload::CompleteLayerUploadError;
use ecr_client::operation::create_repository::CreateRepositoryError;
use ecr_client::operation::delete_lifecycle_policy::DeleteLifecyclePolicyError;
use ecr_client::operation::delete_repository::DeleteRepositoryError;
use ecr_client::operation::describe_image_scan_findings::DescribeImageScanFindingsError;
use ecr_client::operation::describe_images::DescribeImagesError;
use ecr_client::operation::describe_repositories::DescribeRepositoriesError;
use ecr_client::operation::get_registry_policy::GetRegistryPolicyError;
use ecr_client::operation::get_repository_policy::GetRepositoryPolicyError;
use ecr_client::operation::put_image::PutImageError;
use ecr_client::operation::put_lifecycle_policy::PutLifecyclePolicyError;
use ecr_client::operation::put_registry_policy::PutRegistryPolicyError;
use ecr_client::operation::start_image_scan::StartImageScanError;
use ecr_client::operation::upload_layer_part::UploadLayerPartError;
use ecr_client::primitives::Blob;
use ecr_client::types::{
    EncryptionConfiguration, EncryptionType, ImageFailureCode, ImageIdentifier, ImageScanningConfiguration,
    ImageTagMutability, LayerAvailability, LayerFailureCode, RegistryScanningRule, ReplicationConfiguration,
    ReplicationDestination, ReplicationRule, ScanFrequency, ScanStatus, ScanType, ScanningConfigurationFailureCode,
    ScanningRepositoryFilter, ScanningRepositoryFilterType, Tag,
};
use ecr_client::{Client, SdkError};
use support::{Key, MANIFEST_MEDIA_TYPE, TestImage, digest, is_digest, service_error};

/// The account moto puts every resource in.
const ACCOUNT: &str = "123456789012";

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build().unwrap()
}

fn by_tag(image_tag: &str) -> ImageIdentifier {
    ImageIdentifier::builder().image_tag(image_tag).build()
}

/// Asserts the parts every modeled error must carry: its code, a message naming
/// `mentions`, status 400 and a request id.
fn assert_service_error<E: std::fmt::Debug>(error: &SdkError<E>, code: &str, mentions: &str) {
    let (actual_code, message, status, request_id) = service_error(error);
    assert_eq!(actual_code, code, "{error:?}");
    assert!(message.contains(mentions), "message {message:?} should mention {mentions:?}");
    assert_eq!(status, 400, "{error:?}");
    assert!(!request_id.is_empty(), "no request id in {error:?}");
}

/// Uploads a blob in parts of at most `part_len` bytes, checking `lastByteReceived` after
/// each, and completes the upload; returns the digest the server computed.
async fn upload_blob(client: &Client, repository: &str, blob: &[u8], part_len: usize) -> String {
    let started = client.initiate_layer_upload().repository_name(repository).send().await.unwrap();
    let upload_id = started.upload_id().unwrap().to_owned();
    assert!(started.part_size().unwrap() > 0);
    let mut first = 0;
    for part in blob.chunks(part_len) {
        let last = first + part.len() - 1;
        let uploaded = client
            .upload_layer_part()
            .repository_name(repository)
            .upload_id(&upload_id)
            .part_first_byte(first as i64)
            .part_last_byte(last as i64)
            .layer_part_blob(Blob::new(part))
            .send()
            .await
            .unwrap();
        assert_eq!(uploaded.last_byte_received(), Some(last as i64));
        assert_eq!(uploaded.upload_id(), Some(upload_id.as_str()));
        first = last + 1;
    }
    let completed = client
        .complete_layer_upload()
        .repository_name(repository)
        .upload_id(&upload_id)
        .layer_digests(digest(blob))
        .send()
        .await
        .unwrap();
    assert_eq!(completed.repository_name(), Some(repository));
    assert_eq!(completed.registry_id(), Some(ACCOUNT));
    // The server hashes the bytes it received: equal digests prove the base64 blobs
    // arrived byte for byte.
    assert_eq!(completed.layer_digest(), Some(digest(blob).as_str()));
    completed.layer_digest().unwrap().to_owned()
}

#[tokio::test]
async fn push_and_pull_an_image_like_a_registry_client() {
    let Some(server) = support::server() else { return };
    let client = server.client("us-east-1", Key::Allowed);
    let repository = "push-pull/app";

    let created = client
        .create_repository()
        .repository_name(repository)
        .tags(tag("team", "build"))
        .tags(tag("cost-centre", "42"))
        .image_scanning_configuration(ImageScanningConfiguration::builder().scan_on_push(true).build())
        .encryption_configuration(
            EncryptionConfiguration::builder().encryption_type(EncryptionType::Aes256).build().unwrap(),
        )
        .send()
        .await
        .unwrap();
    let created = created.repository().unwrap();
    assert_eq!(created.repository_name(), Some(repository));
    assert_eq!(created.registry_id(), Some(ACCOUNT));
    assert_eq!(
        created.repository_arn(),
        Some(format!("arn:aws:ecr:us-east-1:{ACCOUNT}:repository/{repository}").as_str())
    );
    assert_eq!(
        created.repository_uri(),
        Some(format!("{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/{repository}").as_str())
    );
    assert!(created.image_scanning_configuration().unwrap().scan_on_push());
    assert_eq!(created.encryption_configuration().unwrap().encryption_type(), &EncryptionType::Aes256);
    assert_eq!(created.image_tag_mutability(), Some(&ImageTagMutability::Mutable));
    let created_at = created.created_at().unwrap().as_secs_f64();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64();
    assert!((created_at - now).abs() < 600.0, "createdAt {created_at} is not about now ({now})");

    // Blobs: the layer in two parts, the config in one.
    let image = TestImage::new(3000);
    let layer_digest = upload_blob(&client, repository, &image.layer, 1024 * 2).await;
    let config_digest = upload_blob(&client, repository, &image.config, image.config.len()).await;

    let never_uploaded = digest(b"never uploaded");
    let checked = client
        .batch_check_layer_availability()
        .repository_name(repository)
        .layer_digests(&layer_digest)
        .layer_digests(&config_digest)
        .layer_digests(&never_uploaded)
        .layer_digests("sha256:not-a-digest")
        .send()
        .await
        .unwrap();
    let sizes: Vec<(&str, Option<&LayerAvailability>, Option<i64>)> =
        checked.layers().iter().map(|l| (l.layer_digest().unwrap(), l.layer_availability(), l.layer_size())).collect();
    assert_eq!(
        sizes,
        [
            (layer_digest.as_str(), Some(&LayerAvailability::Available), Some(3000)),
            (config_digest.as_str(), Some(&LayerAvailability::Available), Some(image.config.len() as i64)),
        ]
    );
    let failures: Vec<(&str, Option<&LayerFailureCode>)> =
        checked.failures().iter().map(|f| (f.layer_digest().unwrap(), f.failure_code())).collect();
    assert_eq!(
        failures,
        [
            (never_uploaded.as_str(), Some(&LayerFailureCode::MissingLayerDigest)),
            ("sha256:not-a-digest", Some(&LayerFailureCode::InvalidLayerDigest)),
        ]
    );

    let put = client
        .put_image()
        .repository_name(repository)
        .image_manifest(&image.manifest)
        .image_manifest_media_type(MANIFEST_MEDIA_TYPE)
        .image_tag("v1")
        .send()
        .await
        .unwrap();
    let put = put.image().unwrap();
    assert_eq!(put.image_manifest(), Some(image.manifest.as_str()));
    assert_eq!(put.image_id().unwrap().image_tag(), Some("v1"));
    let image_digest = put.image_id().unwrap().image_digest().unwrap().to_owned();
    assert!(is_digest(&image_digest), "{image_digest}");

    // The same manifest under the same tag again.
    let error = client
        .put_image()
        .repository_name(repository)
        .image_manifest(&image.manifest)
        .image_manifest_media_type(MANIFEST_MEDIA_TYPE)
        .image_tag("v1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        error.as_service_error(),
        Some(PutImageError::ImageAlreadyExistsException(ImageAlreadyExistsException { .. }))
    ));
    assert!(error.as_service_error().unwrap().is_image_already_exists_exception());
    assert_service_error(&error, "ImageAlreadyExistsException", "v1");
    // The same manifest under a second tag is the same image.
    let retagged = client
        .put_image()
        .repository_name(repository)
        .image_manifest(&image.manifest)
        .image_manifest_media_type(MANIFEST_MEDIA_TYPE)
        .image_tag("latest")
        .send()
        .await
        .unwrap();
    assert_eq!(retagged.image().unwrap().image_id().unwrap().image_digest(), Some(image_digest.as_str()));

    let pulled: BatchGetImageOutput = client
        .batch_get_image()
        .repository_name(repository)
        .image_ids(by_tag("v1"))
        .image_ids(by_tag("v9"))
        .send()
        .await
        .unwrap();
    assert_eq!(pulled.images().len(), 1);
    let pulled_image = &pulled.images()[0];
    assert_eq!(pulled_image.image_manifest().map(str::as_bytes), Some(image.manifest.as_bytes()));
    assert_eq!(pulled_image.image_id().unwrap().image_digest(), Some(image_digest.as_str()));
    assert_eq!(pulled_image.repository_name(), Some(repository));
    assert_eq!(pulled.failures().len(), 1);
    assert_eq!(pulled.failures()[0].failure_code(), Some(&ImageFailureCode::ImageNotFound));
    assert_eq!(pulled.failures()[0].image_id().unwrap().image_tag(), Some("v9"));

    let listed = client.list_images().repository_name(repository).send().await.unwrap();
    let ids: Vec<(Option<&str>, Option<&str>)> =
        listed.image_ids().iter().map(|id| (id.image_digest(), id.image_tag())).collect();
    assert_eq!(ids, [(Some(image_digest.as_str()), Some("v1")), (Some(image_digest.as_str()), Some("latest"))]);
    assert_eq!(listed.next_token(), None);

    let described = client.describe_images().repository_name(repository).send().await.unwrap();
    let detail = &described.image_details()[0];
    assert_eq!(described.image_details().len(), 1);
    assert_eq!(detail.image_digest(), Some(image_digest.as_str()));
    assert_eq!(detail.image_tags(), ["v1", "latest"]);
    assert_eq!(detail.repository_name(), Some(repository));
    assert_eq!(detail.registry_id(), Some(ACCOUNT));
    assert_eq!(detail.image_manifest_media_type(), Some(MANIFEST_MEDIA_TYPE));
    assert!(detail.image_size_in_bytes().is_some_and(|size| size > 0));
    let pushed_at = detail.image_pushed_at().unwrap().as_secs_f64();
    assert!((pushed_at - now).abs() < 600.0, "imagePushedAt {pushed_at} is not about now ({now})");
    let error = client.describe_images().repository_name(repository).image_ids(by_tag("v9")).send().await.unwrap_err();
    assert!(error.as_service_error().unwrap().is_image_not_found_exception(), "{error:?}");
    assert_service_error(&error, "ImageNotFoundException", "v9");
    assert!(matches!(error.as_service_error(), Some(DescribeImagesError::ImageNotFoundException(_))));

    // Scans: none yet, one started, a second the same day refused.
    let error = client
        .describe_image_scan_findings()
        .repository_name(repository)
        .image_id(by_tag("v1"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(DescribeImageScanFindingsError::ScanNotFoundException(_))),
        "{error:?}"
    );
    assert_service_error(&error, "ScanNotFoundException", repository);
    let scan = client.start_image_scan().repository_name(repository).image_id(by_tag("v1")).send().await.unwrap();
    assert_eq!(scan.image_scan_status().unwrap().status(), Some(&ScanStatus::InProgress));
    assert_eq!(scan.image_id().unwrap().image_digest(), Some(image_digest.as_str()));
    let error = client.start_image_scan().repository_name(repository).image_id(by_tag("v1")).send().await.unwrap_err();
    assert!(matches!(error.as_service_error(), Some(StartImageScanError::LimitExceededException(_))), "{error:?}");
    let findings =
        client.describe_image_scan_findings().repository_name(repository).image_id(by_tag("v1")).send().await.unwrap();
    assert_eq!(findings.image_scan_status().unwrap().status(), Some(&ScanStatus::Complete));
    let findings = findings.image_scan_findings().unwrap();
    assert!(findings.image_scan_completed_at().is_some());
    assert!(!findings.findings().is_empty());
    assert!(findings.findings().iter().all(|finding| finding.name().is_some() && finding.severity().is_some()));

    // A repository with an image is not deleted without `force`.
    let error = client.delete_repository().repository_name(repository).send().await.unwrap_err();
    assert!(matches!(
        error.as_service_error(),
        Some(DeleteRepositoryError::RepositoryNotEmptyException(RepositoryNotEmptyException { .. }))
    ));
    assert_service_error(&error, "RepositoryNotEmptyException", repository);

    let deleted = client
        .batch_delete_image()
        .repository_name(repository)
        .image_ids(by_tag("v1"))
        .image_ids(by_tag("v9"))
        .image_ids(ImageIdentifier::builder().image_digest(&image_digest).image_tag("latest").build())
        .send()
        .await
        .unwrap();
    let deleted_ids: Vec<(Option<&str>, Option<&str>)> =
        deleted.image_ids().iter().map(|id| (id.image_digest(), id.image_tag())).collect();
    assert_eq!(deleted_ids, [(Some(image_digest.as_str()), Some("v1")), (Some(image_digest.as_str()), Some("latest"))]);
    assert_eq!(deleted.failures().len(), 1);
    assert_eq!(deleted.failures()[0].failure_code(), Some(&ImageFailureCode::ImageNotFound));
    assert!(client.list_images().repository_name(repository).send().await.unwrap().image_ids().is_empty());

    let deleted = client.delete_repository().repository_name(repository).send().await.unwrap();
    assert_eq!(deleted.repository().unwrap().repository_name(), Some(repository));
    let error = client.describe_repositories().repository_names(repository).send().await.unwrap_err();
    assert!(matches!(
        error.as_service_error(),
        Some(DescribeRepositoriesError::RepositoryNotFoundException(RepositoryNotFoundException { .. }))
    ));
    assert_service_error(&error, "RepositoryNotFoundException", repository);
}

#[tokio::test]
async fn layer_upload_errors() {
    let Some(server) = support::server() else { return };
    let client = server.client("us-east-2", Key::Allowed);
    let repository = "uploads";
    client.create_repository().repository_name(repository).send().await.unwrap();

    let error = client
        .upload_layer_part()
        .repository_name(repository)
        .upload_id("00000000-0000-0000-0000-000000000000")
        .part_first_byte(0)
        .part_last_byte(3)
        .layer_part_blob(Blob::new(b"abcd".to_vec()))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error.as_service_error(),
            Some(UploadLayerPartError::UploadNotFoundException(UploadNotFoundException { .. }))
        ),
        "{error:?}"
    );
    assert_service_error(&error, "UploadNotFoundException", "00000000-0000-0000-0000-000000000000");

    let upload_id = client
        .initiate_layer_upload()
        .repository_name(repository)
        .send()
        .await
        .unwrap()
        .upload_id()
        .unwrap()
        .to_owned();
    let part = |first: i64, bytes: &'static [u8]| {
        client
            .upload_layer_part()
            .repository_name(repository)
            .upload_id(&upload_id)
            .part_first_byte(first)
            .part_last_byte(first + bytes.len() as i64 - 1)
            .layer_part_blob(Blob::new(bytes))
            .send()
    };
    assert_eq!(part(0, b"abcd").await.unwrap().last_byte_received(), Some(3));
    // A part that does not start right after the last byte received.
    let error = part(10, b"efgh").await.unwrap_err();
    assert!(
        matches!(
            error.as_service_error(),
            Some(UploadLayerPartError::InvalidLayerPartException(InvalidLayerPartException { .. }))
        ),
        "{error:?}"
    );
    assert!(error.as_service_error().unwrap().is_invalid_layer_part_exception());
    assert_service_error(&error, "InvalidLayerPartException", &upload_id);
    // The modeled members of the error are read from its body.
    let Some(UploadLayerPartError::InvalidLayerPartException(details)) = error.as_service_error() else {
        unreachable!()
    };
    assert_eq!(details.upload_id(), Some(upload_id.as_str()));
    assert_eq!(details.repository_name(), Some(repository));
    assert_eq!(details.registry_id(), Some(ACCOUNT));
    assert_eq!(details.last_valid_byte_received(), Some(3));
    assert_eq!(part(4, b"efgh").await.unwrap().last_byte_received(), Some(7));

    let complete = || {
        client
            .complete_layer_upload()
            .repository_name(repository)
            .upload_id(&upload_id)
            .layer_digests(digest(b"abcdefgh"))
            .send()
    };
    assert_eq!(complete().await.unwrap().layer_digest(), Some(digest(b"abcdefgh").as_str()));
    // The upload is gone once completed.
    let error = complete().await.unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(CompleteLayerUploadError::UploadNotFoundException(_))),
        "{error:?}"
    );
    assert_service_error(&error, "UploadNotFoundException", &upload_id);

    // No images were pushed: an empty repository is deleted without `force`.
    client.delete_repository().repository_name(repository).send().await.unwrap();
}

#[tokio::test]
async fn repository_settings_policies_and_tags() {
    let Some(server) = support::server() else { return };
    let client = server.client("us-west-2", Key::Allowed);
    let repository = "settings";
    let arn = format!("arn:aws:ecr:us-west-2:{ACCOUNT}:repository/{repository}");
    client.create_repository().repository_name(repository).tags(tag("stage", "test")).send().await.unwrap();

    let error = client.create_repository().repository_name(repository).send().await.unwrap_err();
    assert!(matches!(
        error.as_service_error(),
        Some(CreateRepositoryError::RepositoryAlreadyExistsException(RepositoryAlreadyExistsException { .. }))
    ));
    assert_eq!(error.as_service_error().unwrap().code(), Some("RepositoryAlreadyExistsException"));
    assert_service_error(&error, "RepositoryAlreadyExistsException", repository);
    // The client refuses the name from the model's @pattern before sending; with
    // validation off, the server's own check answers.
    let error = client.create_repository().repository_name("Not A Valid Name!").send().await.unwrap_err();
    assert!(
        matches!(&error, ecr_client::SdkError::ConstructionFailure(f) if f.to_string().contains("`repositoryName` must match")),
        "{error:?}"
    );
    let unchecked = ecr_client::Client::new(&client.config().to_builder().validate_inputs(false).build());
    let error = unchecked.create_repository().repository_name("Not A Valid Name!").send().await.unwrap_err();
    assert!(matches!(
        error.as_service_error(),
        Some(CreateRepositoryError::InvalidParameterException(InvalidParameterException { .. }))
    ));
    assert_service_error(&error, "InvalidParameterException", "repositoryName");

    let described = client.describe_repositories().repository_names(repository).send().await.unwrap();
    assert_eq!(described.repositories().len(), 1);
    assert_eq!(described.repositories()[0].repository_arn(), Some(arn.as_str()));
    let all = client.describe_repositories().send().await.unwrap();
    assert!(all.repositories().iter().any(|r| r.repository_name() == Some(repository)));

    // Tags.
    client.tag_resource().resource_arn(&arn).tags(tag("owner", "ci")).tags(tag("stage", "prod")).send().await.unwrap();
    let listed = client.list_tags_for_resource().resource_arn(&arn).send().await.unwrap();
    let mut tags: Vec<(&str, &str)> = listed.tags().iter().map(|t| (t.key(), t.value())).collect();
    tags.sort();
    assert_eq!(tags, [("owner", "ci"), ("stage", "prod")]);
    client.untag_resource().resource_arn(&arn).tag_keys("stage").send().await.unwrap();
    let listed = client.list_tags_for_resource().resource_arn(&arn).send().await.unwrap();
    let tags: Vec<(&str, &str)> = listed.tags().iter().map(|t| (t.key(), t.value())).collect();
    assert_eq!(tags, [("owner", "ci")]);

    // Tag mutability and scanning configuration.
    let mutability = client
        .put_image_tag_mutability()
        .repository_name(repository)
        .image_tag_mutability(ImageTagMutability::Immutable)
        .send()
        .await
        .unwrap();
    assert_eq!(mutability.image_tag_mutability(), Some(&ImageTagMutability::Immutable));
    assert_eq!(mutability.repository_name(), Some(repository));
    let scanning = client
        .put_image_scanning_configuration()
        .repository_name(repository)
        .image_scanning_configuration(ImageScanningConfiguration::builder().scan_on_push(true).build())
        .send()
        .await
        .unwrap();
    assert!(scanning.image_scanning_configuration().unwrap().scan_on_push());
    let described = client.describe_repositories().repository_names(repository).send().await.unwrap();
    let settings = &described.repositories()[0];
    assert_eq!(settings.image_tag_mutability(), Some(&ImageTagMutability::Immutable));
    assert!(settings.image_scanning_configuration().unwrap().scan_on_push());
    let scanning = client
        .batch_get_repository_scanning_configuration()
        .repository_names(repository)
        .repository_names("missing")
        .send()
        .await
        .unwrap();
    assert_eq!(scanning.scanning_configurations().len(), 1);
    assert_eq!(scanning.scanning_configurations()[0].repository_name(), Some(repository));
    assert_eq!(scanning.scanning_configurations()[0].repository_arn(), Some(arn.as_str()));
    assert_eq!(scanning.failures().len(), 1);
    assert_eq!(scanning.failures()[0].repository_name(), Some("missing"));
    assert_eq!(scanning.failures()[0].failure_code(), Some(&ScanningConfigurationFailureCode::RepositoryNotFound));

    // Repository policy.
    let error = client.get_repository_policy().repository_name(repository).send().await.unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(GetRepositoryPolicyError::RepositoryPolicyNotFoundException(_))),
        "{error:?}"
    );
    assert_service_error(&error, "RepositoryPolicyNotFoundException", repository);
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"pull","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}}]}}"#
    );
    let set = client.set_repository_policy().repository_name(repository).policy_text(&policy).send().await.unwrap();
    assert_eq!(set.policy_text(), Some(policy.as_str()));
    let got = client.get_repository_policy().repository_name(repository).send().await.unwrap();
    assert_eq!(got.policy_text(), Some(policy.as_str()));
    assert_eq!(got.registry_id(), Some(ACCOUNT));
    let deleted = client.delete_repository_policy().repository_name(repository).send().await.unwrap();
    assert_eq!(deleted.policy_text(), Some(policy.as_str()));
    let error = client
        .set_repository_policy()
        .repository_name(repository)
        .policy_text("{\"Statement\":42}")
        .send()
        .await
        .unwrap_err();
    assert_service_error(&error, "InvalidParameterException", "policy");

    // Lifecycle policy: a valid one round-trips, an invalid one is refused.
    let lifecycle = r#"{"rules":[{"rulePriority":1,"description":"expire untagged","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#;
    let put = client
        .put_lifecycle_policy()
        .repository_name(repository)
        .lifecycle_policy_text(lifecycle)
        .send()
        .await
        .unwrap();
    assert_eq!(put.lifecycle_policy_text(), Some(lifecycle));
    let got = client.get_lifecycle_policy().repository_name(repository).send().await.unwrap();
    assert_eq!(got.lifecycle_policy_text(), Some(lifecycle));
    assert!(got.last_evaluated_at().is_some());
    let invalid = r#"{"rules":[{"rulePriority":1,"selection":{"tagStatus":"sometimes","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}"#;
    let error = client
        .put_lifecycle_policy()
        .repository_name(repository)
        .lifecycle_policy_text(invalid)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(PutLifecyclePolicyError::InvalidParameterException(_))),
        "{error:?}"
    );
    assert_service_error(&error, "InvalidParameterException", "LifecyclePolicyText");
    client.delete_lifecycle_policy().repository_name(repository).send().await.unwrap();
    let error = client.delete_lifecycle_policy().repository_name(repository).send().await.unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(DeleteLifecyclePolicyError::LifecyclePolicyNotFoundException(_))),
        "{error:?}"
    );
    assert_service_error(&error, "LifecyclePolicyNotFoundException", repository);

    client.delete_repository().repository_name(repository).send().await.unwrap();
}

#[tokio::test]
async fn registry_settings_and_authorization_token() {
    let Some(server) = support::server() else { return };
    let region = "eu-west-1";
    let client = server.client(region, Key::Allowed);

    // Registry policy.
    let error = client.get_registry_policy().send().await.unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(GetRegistryPolicyError::RegistryPolicyNotFoundException(_))),
        "{error:?}"
    );
    assert_service_error(&error, "RegistryPolicyNotFoundException", ACCOUNT);
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"replicate","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::210987654321:root"}},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":"arn:aws:ecr:{region}:{ACCOUNT}:repository/*"}}]}}"#
    );
    let put = client.put_registry_policy().policy_text(&policy).send().await.unwrap();
    assert_eq!((put.registry_id(), put.policy_text()), (Some(ACCOUNT), Some(policy.as_str())));
    assert_eq!(client.get_registry_policy().send().await.unwrap().policy_text(), Some(policy.as_str()));
    let error = client
        .put_registry_policy()
        .policy_text(policy.replace("ecr:ReplicateImage", "ecr:DeleteRepository"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(PutRegistryPolicyError::InvalidParameterException(_))),
        "{error:?}"
    );
    assert_service_error(&error, "InvalidParameterException", "registry policy");
    assert_eq!(client.delete_registry_policy().send().await.unwrap().policy_text(), Some(policy.as_str()));

    // Registry scanning configuration applies to repositories created afterwards.
    let filter = ScanningRepositoryFilter::builder()
        .filter("prod-*")
        .filter_type(ScanningRepositoryFilterType::Wildcard)
        .build()
        .unwrap();
    let rule = RegistryScanningRule::builder()
        .scan_frequency(ScanFrequency::ScanOnPush)
        .repository_filters(filter.clone())
        .build()
        .unwrap();
    let put = client
        .put_registry_scanning_configuration()
        .scan_type(ScanType::Basic)
        .rules(rule.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(put.registry_scanning_configuration().unwrap().rules(), std::slice::from_ref(&rule));
    let got = client.get_registry_scanning_configuration().send().await.unwrap();
    assert_eq!(got.registry_id(), Some(ACCOUNT));
    let configuration = got.scanning_configuration().unwrap();
    assert_eq!(configuration.scan_type(), Some(&ScanType::Basic));
    assert_eq!(configuration.rules(), [rule]);
    client.create_repository().repository_name("prod-api").send().await.unwrap();
    let scanning =
        client.batch_get_repository_scanning_configuration().repository_names("prod-api").send().await.unwrap();
    assert_eq!(scanning.scanning_configurations()[0].scan_frequency(), Some(&ScanFrequency::ScanOnPush));
    assert_eq!(scanning.scanning_configurations()[0].applied_scan_filters(), [filter]);
    client.delete_repository().repository_name("prod-api").send().await.unwrap();

    // Replication, read back through DescribeRegistry.
    let replication = ReplicationConfiguration::builder()
        .rules(
            ReplicationRule::builder()
                .destinations(
                    ReplicationDestination::builder().region("us-west-2").registry_id(ACCOUNT).build().unwrap(),
                )
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let put =
        client.put_replication_configuration().replication_configuration(replication.clone()).send().await.unwrap();
    assert_eq!(put.replication_configuration(), Some(&replication));
    let registry = client.describe_registry().send().await.unwrap();
    assert_eq!(registry.registry_id(), Some(ACCOUNT));
    assert_eq!(registry.replication_configuration(), Some(&replication));

    // The authorization token is base64 of `AWS:<password>`.
    let token = client.get_authorization_token().send().await.unwrap();
    let data = &token.authorization_data()[0];
    let decoded = String::from_utf8(base64::decode(data.authorization_token().unwrap()).unwrap()).unwrap();
    let (user, password) = decoded.split_once(':').unwrap();
    assert_eq!(user, "AWS");
    assert!(!password.is_empty());
    assert_eq!(data.proxy_endpoint(), Some(format!("https://{ACCOUNT}.dkr.ecr.{region}.amazonaws.com").as_str()));
    assert!(data.expires_at().is_some());
}

#[tokio::test]
async fn signature_checking_and_permissions() {
    let Some(server) = support::server() else { return };
    let region = "eu-central-1";

    // The right key, and session credentials of a role (signed with their token).
    server.client(region, Key::Allowed).describe_repositories().send().await.unwrap();
    let session = server.client(region, Key::Session);
    session.create_repository().repository_name("from-a-session").send().await.unwrap();
    session.delete_repository().repository_name("from-a-session").send().await.unwrap();

    let allowed_id = server.key_id("allowed");
    let cases = [
        (
            "a wrong secret",
            Credentials::new(allowed_id.as_str(), "not-the-secret", None, None, "test"),
            "SignatureDoesNotMatch",
            "signature",
        ),
        (
            "an unknown key id",
            Credentials::new("AKIAUNKNOWNKEY000000", "whatever", None, None, "test"),
            "InvalidClientTokenId",
            "security token",
        ),
        (
            "session credentials without their token",
            Credentials::new(server.key_id("session").as_str(), "whatever", None, None, "test"),
            "InvalidClientTokenId",
            "security token",
        ),
    ];
    for (what, credentials, code, mentions) in cases {
        let error = server.client_with(region, credentials).describe_repositories().send().await.unwrap_err();
        let (actual_code, message, status, request_id) = service_error(&error);
        assert_eq!((actual_code.as_str(), status), (code, 403), "{what}: {error:?}");
        assert!(message.contains(mentions), "{what}: {message}");
        assert!(!request_id.is_empty(), "{what}: {error:?}");
        // For example "service error: SignatureDoesNotMatch: The request signature we
        // calculated does not match … (status 403, request id …)".
        let shown = error.to_string();
        assert!(shown.contains(&format!("{code}: {message} (status 403, request id {request_id})")), "{what}: {shown}");
    }

    // A valid key whose user may do nothing on ECR.
    let error = server.client(region, Key::Denied).describe_repositories().send().await.unwrap_err();
    let (code, message, status, _) = service_error(&error);
    assert_eq!((code.as_str(), status), ("AccessDenied", 403), "{error:?}");
    assert!(message.contains("ecr:DescribeRepositories") && message.contains("user/no-ecr"), "{message}");
    assert!(error.as_service_error().unwrap().code() == Some("AccessDenied"));
}

#[tokio::test]
async fn an_operation_moto_lacks_is_a_readable_server_error() {
    let Some(server) = support::server() else { return };
    let client = server.client("ap-southeast-2", Key::Allowed);
    let error = client
        .get_download_url_for_layer()
        .repository_name("any")
        .layer_digest(digest(b"any"))
        .send()
        .await
        .unwrap_err();
    let meta = error.meta().unwrap_or_else(|| panic!("expected a service error, got {error:?}"));
    assert_eq!(meta.status(), Some(500), "{error:?}");
    assert!(error.to_string().contains("status 500"), "{error}");
}
