//! The floor of `cargo xtask bench`: a hand-written awsJson caller with no generated code.
//!
//! The same arguments and output as `../ours`. Each call posts a fixed body with
//! `reqwest`, hashes it and derives an HMAC-SHA256 signature the way SigV4 does (key
//! chain, then one signature; not a full canonical request, which the stub does not
//! check), and reads the answer with `serde_json` into plain structs. What any client
//! must do, and nothing else: the lowest cost a generated client could reach.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// No mode runs longer than this, whatever its counts say.
const BUDGET: Duration = Duration::from_secs(60);
/// The digest the stub reports as available.
const DIGEST: &str = "sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8";
const TARGET_PREFIX: &str = "AmazonEC2ContainerRegistry_V20150921";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LayersOutput {
    #[serde(default)]
    layers: Vec<Layer>,
    #[serde(default)]
    failures: Vec<LayerFailure>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Layer {
    layer_digest: Option<String>,
    layer_availability: Option<String>,
    layer_size: Option<i64>,
    media_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LayerFailure {
    layer_digest: Option<String>,
    failure_code: Option<String>,
    failure_reason: Option<String>,
}

/// The plain form of `DescribeImages`' output: the floor for parsing it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImagesOutput {
    #[serde(default)]
    image_details: Vec<ImageDetail>,
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImageDetail {
    registry_id: Option<String>,
    repository_name: Option<String>,
    image_digest: Option<String>,
    #[serde(default)]
    image_tags: Vec<String>,
    image_size_in_bytes: Option<i64>,
    image_pushed_at: Option<f64>,
    image_scan_status: Option<ScanStatus>,
    image_scan_findings_summary: Option<FindingsSummary>,
    image_manifest_media_type: Option<String>,
    artifact_media_type: Option<String>,
    last_recorded_pull_time: Option<f64>,
    subject_manifest_digest: Option<String>,
    image_status: Option<String>,
    last_archived_at: Option<f64>,
    last_activated_at: Option<f64>,
}

#[derive(Deserialize)]
struct ScanStatus {
    status: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FindingsSummary {
    image_scan_completed_at: Option<f64>,
    vulnerability_source_updated_at: Option<f64>,
    finding_severity_counts: Option<HashMap<String, i32>>,
}

/// Where and as whom to call, from the environment.
struct Target {
    http: reqwest::Client,
    endpoint: String,
    region: String,
    secret: String,
    access_key: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |index: usize| -> Result<usize> { Ok(args.get(index).ok_or("missing argument")?.parse()?) };
    match args.first().map(String::as_str) {
        Some("calls") => calls(number(1)?, number(2)?, number(3)?, number(4)?).await,
        Some("parse") => parse(args.get(1).ok_or("missing FILE")?, number(2)?, number(3)?),
        _ => Err("usage: bench-floor calls ROUNDS N DESCRIBES IMAGES | parse FILE ITERATIONS IMAGES".into()),
    }
}

async fn calls(rounds: usize, per_round: usize, describes: usize, images: usize) -> Result<()> {
    let variable = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let target = Target {
        http: reqwest::Client::builder().build()?,
        endpoint: variable("AWS_ENDPOINT_URL")?,
        region: variable("AWS_REGION")?,
        secret: variable("AWS_SECRET_ACCESS_KEY")?,
        access_key: variable("AWS_ACCESS_KEY_ID")?,
    };
    let started = Instant::now();
    check_layers(&target).await?;
    describe(&target, images).await?;
    for _ in 0..rounds {
        let round = Instant::now();
        let mut done = 0;
        while done < per_round && started.elapsed() < BUDGET {
            check_layers(&target).await?;
            done += 1;
        }
        println!("call_ns {}", round.elapsed().as_nanos() as f64 / done.max(1) as f64);
    }
    for _ in 0..describes {
        if started.elapsed() >= BUDGET {
            break;
        }
        let call = Instant::now();
        describe(&target, images).await?;
        println!("describe_ns {}", call.elapsed().as_nanos());
    }
    Ok(())
}

async fn check_layers(target: &Target) -> Result<()> {
    let body = format!(r#"{{"repositoryName":"bench","layerDigests":["{DIGEST}"]}}"#);
    let answer = post(target, "BatchCheckLayerAvailability", body).await?;
    let output: LayersOutput = serde_json::from_slice(&answer)?;
    if let Some(failure) = output.failures.first() {
        let LayerFailure { layer_digest, failure_code, failure_reason } = failure;
        return Err(format!("layer failure: {layer_digest:?} {failure_code:?} {failure_reason:?}").into());
    }
    match output.layers.as_slice() {
        [layer] if layer.layer_availability.as_deref() == Some("AVAILABLE") => {
            std::hint::black_box((&layer.layer_digest, layer.layer_size, &layer.media_type));
            Ok(())
        }
        _ => Err("unexpected layers".into()),
    }
}

async fn describe(target: &Target, images: usize) -> Result<()> {
    let answer = post(target, "DescribeImages", r#"{"repositoryName":"bench"}"#.to_owned()).await?;
    check_images(&serde_json::from_slice(&answer)?, images)
}

async fn post(target: &Target, operation: &str, body: String) -> Result<Vec<u8>> {
    let date = "20261123";
    let amz_date = "20261123T120000Z";
    let payload_hash = hex(&Sha256::digest(body.as_bytes()));
    let mut key = hmac(format!("AWS4{}", target.secret).as_bytes(), date.as_bytes());
    for part in [target.region.as_str(), "ecr", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{date}/{}/ecr/aws4_request\n{payload_hash}", target.region);
    let signature = hex(&hmac(&key, to_sign.as_bytes()));
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{date}/{}/ecr/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={signature}",
        target.access_key, target.region
    );
    let response = target
        .http
        .post(&target.endpoint)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", format!("{TARGET_PREFIX}.{operation}"))
        .header("x-amz-date", amz_date)
        .header("authorization", authorization)
        .body(body)
        .send()
        .await?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()).into());
    }
    Ok(response.bytes().await?.to_vec())
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn parse(file: &str, iterations: usize, images: usize) -> Result<()> {
    let body = std::fs::read(file)?;
    let started = Instant::now();
    for _ in 0..iterations {
        if started.elapsed() >= BUDGET {
            break;
        }
        let parse = Instant::now();
        let output: ImagesOutput = serde_json::from_slice(std::hint::black_box(&body))?;
        let elapsed = parse.elapsed();
        check_images(&output, images)?;
        println!("parse_ns {}", elapsed.as_nanos());
    }
    Ok(())
}

fn check_images(output: &ImagesOutput, images: usize) -> Result<()> {
    let details = &output.image_details;
    let tagged = details.iter().filter(|detail| !detail.image_tags.is_empty()).count();
    if details.len() != images || tagged != images || details[0].image_pushed_at.is_none() {
        return Err(format!("expected {images} tagged images, got {} ({tagged} tagged)", details.len()).into());
    }
    let first = &details[0];
    std::hint::black_box((
        &output.next_token,
        &first.registry_id,
        &first.repository_name,
        &first.image_digest,
        first.image_size_in_bytes,
        first.image_scan_status.as_ref().map(|status| (&status.status, &status.description)),
        first.image_scan_findings_summary.as_ref().map(|summary| {
            (summary.image_scan_completed_at, summary.vulnerability_source_updated_at, &summary.finding_severity_counts)
        }),
        (&first.image_manifest_media_type, &first.artifact_media_type, &first.subject_manifest_digest),
        (first.last_recorded_pull_time, &first.image_status, first.last_archived_at, first.last_activated_at),
    ));
    Ok(())
}
