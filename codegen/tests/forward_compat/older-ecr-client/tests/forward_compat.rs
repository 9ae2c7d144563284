//! Forward compatibility: this client is generated from the older ECR model (a slice of
//! four operations, see `xtask/src/forward_compat.rs`), and the service it talks to
//! already speaks the current model. Responses below use members, enum values and
//! error codes that only the current model has (checked against both models first), and
//! the old client must read them: new enum values as `Unknown` with the raw string,
//! new fields ignored, new error codes as the unhandled variant with code and message.
//!
//! Also here: the four endpoint test cases of the older model that today's partition
//! table answers differently (the slice leaves them out of the generated tests).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use aws_client_runtime::serde_json::{self, Value};
use older_ecr_client::endpoint::{EndpointParams, resolve_endpoint};
use older_ecr_client::operation::start_image_scan::StartImageScanError;
use older_ecr_client::types::{ImageTagMutability, LayerAvailability, ScanStatus};
use older_ecr_client::{Client, Config, Credentials, RetryConfig};

const OLDER: &str = include_str!("../../model.json");
const CURRENT: &str = include_str!("../../../fixtures/model_diff/ecr-current.json");

/// Asserts that `member` of `shape` (or, for an enum, the value `member`) exists in the
/// current model and not in the older one: the response really is shaped by the newer model.
fn only_in_current(shape: &str, member: &str) {
    let has = |text: &str| {
        let model: Value = serde_json::from_str(text).unwrap();
        let members = &model["shapes"][format!("com.amazonaws.ecr#{shape}")]["members"];
        members.as_object().is_some_and(|m| {
            m.contains_key(member) || m.values().any(|v| v["traits"]["smithy.api#enumValue"] == member)
        })
    };
    assert!(has(CURRENT), "{shape}.{member} is in the current model");
    assert!(!has(OLDER), "{shape}.{member} is not in the older model");
}

/// Serves one canned response on 127.0.0.1 and returns the port.
fn serve_once(status: u16, body: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim_end().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        reader.read_exact(&mut vec![0; length]).unwrap();
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.1\r\nx-amzn-requestid: fc-1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = stream;
        stream.write_all(response.as_bytes()).unwrap();
    });
    port
}

fn client(port: u16) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::new(&config)
}

#[tokio::test]
async fn new_enum_values_and_fields_of_describe_images() {
    only_in_current("ImageDetail", "imageStatus");
    only_in_current("ImageDetail", "lastArchivedAt");
    only_in_current("ImageDetail", "subjectManifestDigest");
    only_in_current("ScanStatus", "IMAGE_ARCHIVED");
    let port = serve_once(
        200,
        r#"{"imageDetails":[{"registryId":"123456789012","repositoryName":"app","imageDigest":"sha256:aa",
            "imageTags":["v1"],"imageSizeInBytes":1024,"imageStatus":"ARCHIVED","lastArchivedAt":1.7e9,
            "lastActivatedAt":1.6e9,"subjectManifestDigest":"sha256:bb",
            "imageScanStatus":{"status":"IMAGE_ARCHIVED","description":"archived"}}]}"#,
    );
    let output = client(port).describe_images().repository_name("app").send().await.unwrap();
    let image = &output.image_details()[0];
    assert_eq!(image.image_digest(), Some("sha256:aa"));
    assert_eq!(image.image_tags(), ["v1"]);
    assert_eq!(image.image_size_in_bytes(), Some(1024));
    let status = image.image_scan_status().unwrap().status().unwrap();
    assert_eq!(status, &ScanStatus::Unknown("IMAGE_ARCHIVED".to_owned()));
    assert_eq!(status.as_str(), "IMAGE_ARCHIVED");
    assert_eq!(image.image_scan_status().unwrap().description(), Some("archived"));
}

#[tokio::test]
async fn new_enum_values_and_fields_of_describe_repositories() {
    only_in_current("Repository", "imageTagMutabilityExclusionFilters");
    only_in_current("ImageTagMutability", "IMMUTABLE_WITH_EXCLUSION");
    let port = serve_once(
        200,
        r#"{"repositories":[{"repositoryName":"app","repositoryUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/app",
            "imageTagMutability":"IMMUTABLE_WITH_EXCLUSION",
            "imageTagMutabilityExclusionFilters":[{"filterType":"WILDCARD","filter":"latest*"}]}]}"#,
    );
    let output = client(port).describe_repositories().send().await.unwrap();
    let repository = &output.repositories()[0];
    assert_eq!(repository.repository_name(), Some("app"));
    let mutability = repository.image_tag_mutability().unwrap();
    assert_eq!(mutability, &ImageTagMutability::Unknown("IMMUTABLE_WITH_EXCLUSION".to_owned()));
    assert_eq!(mutability.as_str(), "IMMUTABLE_WITH_EXCLUSION");
}

#[tokio::test]
async fn a_new_layer_availability_is_kept() {
    only_in_current("LayerAvailability", "ARCHIVED");
    let port =
        serve_once(200, r#"{"layers":[{"layerDigest":"sha256:cc","layerAvailability":"ARCHIVED"}],"failures":[]}"#);
    let output =
        client(port).batch_check_layer_availability().repository_name("app").layer_digests("sha256:cc").send().await;
    let output = output.unwrap();
    let layer = &output.layers()[0];
    assert_eq!(layer.layer_availability(), Some(&LayerAvailability::Unknown("ARCHIVED".to_owned())));
}

#[tokio::test]
async fn a_new_error_code_is_unhandled_with_code_and_message() {
    let current: Value = serde_json::from_str(CURRENT).unwrap();
    let errors = current["shapes"]["com.amazonaws.ecr#StartImageScan"]["errors"].to_string();
    assert!(errors.contains("com.amazonaws.ecr#ImageArchivedException"), "the current model lists it: {errors}");
    let older: Value = serde_json::from_str(OLDER).unwrap();
    assert!(older["shapes"].get("com.amazonaws.ecr#ImageArchivedException").is_none());
    let port = serve_once(400, r#"{"__type":"ImageArchivedException","message":"The image is archived."}"#);
    let error = client(port)
        .start_image_scan()
        .repository_name("app")
        .image_id(older_ecr_client::types::ImageIdentifier::builder().image_tag("v1").build())
        .send()
        .await
        .unwrap_err();
    let service_error = error.as_service_error().expect("a service error, not a dispatch failure");
    assert!(matches!(service_error, StartImageScanError::Unhandled(_)), "{service_error:?}");
    assert_eq!(service_error.code(), Some("ImageArchivedException"));
    let meta = error.meta().unwrap();
    assert_eq!(meta.message(), Some("The image is archived."));
    assert_eq!(meta.status(), Some(400));
    assert_eq!(meta.request_id(), Some("fc-1"));
}

/// The older model expects an error for dual-stack in the iso partitions; today's
/// partition table (`models/partitions.json`) says they support dual-stack, so the same
/// rules now give an endpoint. Listed here with today's answers rather than dropped.
#[test]
fn endpoint_cases_the_partition_table_now_answers_differently() {
    let cases = [
        ("us-iso-east-1", true, "https://api.ecr-fips.us-iso-east-1.api.aws.ic.gov"),
        ("us-iso-east-1", false, "https://api.ecr.us-iso-east-1.api.aws.ic.gov"),
        ("us-isob-east-1", true, "https://api.ecr-fips.us-isob-east-1.api.aws.scloud"),
        ("us-isob-east-1", false, "https://api.ecr.us-isob-east-1.api.aws.scloud"),
    ];
    for (region, fips, url) in cases {
        let mut params = EndpointParams::default();
        params.region = Some(region.to_owned());
        params.use_fips = fips;
        params.use_dual_stack = true;
        let endpoint = resolve_endpoint(&params).expect("today the partition supports dual-stack");
        assert_eq!(endpoint.url, url, "{region}, FIPS {fips}");
    }
}
