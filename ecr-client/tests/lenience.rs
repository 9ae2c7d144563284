//! Responses that AWS's own SDKs read and a strict parser would refuse: `null` for
//! members of every kind (including those read through a serde `with` module), `null`
//! items in lists and maps, a key sent twice, and timestamps in the other form. Each
//! is sent over the wire from a capture server on 127.0.0.1 and must parse as botocore
//! parses it, instead of failing the whole call.

mod capture;

use ecr_client::primitives::DateTime;
use ecr_client::types::FindingSeverity;

async fn describe_images(body: &'static str) -> ecr_client::operation::describe_images::DescribeImagesOutput {
    let (port, _) = capture::serve(vec![(200, vec![], body)]);
    capture::client(port, None).describe_images().repository_name("app").send().await.unwrap()
}

#[tokio::test]
async fn null_for_a_defaulted_double_reads_as_zero() {
    let (port, _) = capture::serve(vec![(
        200,
        vec![],
        r#"{"repositoryName":"app","imageScanFindings":{"enhancedFindings":[
            {"score":null,"scoreDetails":{"cvss":{"score":null,"scoringVector":"v"}},
             "packageVulnerabilityDetails":{"cvss":[{"baseScore":null,"scoringVector":"v"}]}},
            {"score":7.5}]}}"#,
    )]);
    let output = capture::client(port, None)
        .describe_image_scan_findings()
        .repository_name("app")
        .image_id(ecr_client::types::ImageIdentifier::builder().image_tag("v1").build())
        .send()
        .await
        .unwrap();
    let findings = output.image_scan_findings().unwrap().enhanced_findings();
    assert_eq!(findings[0].score(), 0.0);
    let details = findings[0].score_details().unwrap().cvss().unwrap();
    assert_eq!(details.score(), 0.0);
    let cvss = findings[0].package_vulnerability_details().unwrap().cvss();
    assert_eq!(cvss[0].base_score(), 0.0);
    assert_eq!(findings[1].score(), 7.5);
}

#[tokio::test]
async fn null_items_of_lists_and_maps_are_dropped() {
    let output = describe_images(
        r#"{"imageDetails":[null,{"imageTags":["v1",null,"v2"],
            "imageScanFindingsSummary":{"findingSeverityCounts":{"HIGH":3,"LOW":null}}},null]}"#,
    )
    .await;
    assert_eq!(output.image_details().len(), 1);
    let image = &output.image_details()[0];
    assert_eq!(image.image_tags(), ["v1", "v2"]);
    let counts = image.image_scan_findings_summary().unwrap().finding_severity_counts().unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[&FindingSeverity::High], 3);
}

#[tokio::test]
async fn a_key_sent_twice_keeps_its_last_value() {
    let output = describe_images(
        r#"{"imageDetails":[{"imageDigest":"sha256:old","imageSizeInBytes":1,"imageDigest":"sha256:new"}],
            "nextToken":null}"#,
    )
    .await;
    let image = &output.image_details()[0];
    assert_eq!(image.image_digest(), Some("sha256:new"));
    assert_eq!(image.image_size_in_bytes(), Some(1));
}

#[tokio::test]
async fn a_timestamp_as_text_where_the_model_says_epoch_seconds() {
    let output = describe_images(
        r#"{"imageDetails":[{"imagePushedAt":"2019-12-16T23:48:18Z"},{"imagePushedAt":"1576540098.5"},
            {"imagePushedAt":1576540098}]}"#,
    )
    .await;
    let pushed: Vec<_> = output.image_details().iter().map(|i| i.image_pushed_at()).collect();
    assert_eq!(
        pushed,
        [
            Some(DateTime::from_secs(1_576_540_098)),
            Some(DateTime::from_millis(1_576_540_098_500)),
            Some(DateTime::from_secs(1_576_540_098))
        ]
    );
}

#[tokio::test]
async fn a_value_of_the_wrong_kind_is_still_an_error() {
    let (port, _) = capture::serve(vec![(200, vec![], r#"{"imageDetails":[{"imageTags":"v1"}]}"#)]);
    let error = capture::client(port, None).describe_images().repository_name("app").send().await.unwrap_err();
    assert!(error.to_string().contains("cannot parse the output"), "{error}");
}
