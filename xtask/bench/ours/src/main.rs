//! Our side of `cargo xtask bench`: the generated ECR client against the stub server.
//!
//! `bench-ours calls ROUNDS N DESCRIBES IMAGES` reads region, credentials and
//! `AWS_ENDPOINT_URL` from the environment, makes one warm-up call, then ROUNDS rounds of
//! N `BatchCheckLayerAvailability` calls (printing `call_ns` per round, the mean per call)
//! and DESCRIBES `DescribeImages` calls (printing `describe_ns` per call), checking that
//! each answer holds what the stub sent. `bench-ours parse FILE ITERATIONS IMAGES` parses a
//! `DescribeImages` response body into the generated output type with its generated reader,
//! printing `parse_ns` per iteration. The peer and the floor take the same arguments.

use std::time::{Duration, Instant};

use ecr_client::operation::describe_images::DescribeImagesOutput;
use ecr_client::types::LayerAvailability;
use ecr_client::{Client, Config};

/// No mode runs longer than this, whatever its counts say.
const BUDGET: Duration = Duration::from_secs(60);
/// The digest the stub reports as available.
const DIGEST: &str = "sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |index: usize| -> Result<usize> { Ok(args.get(index).ok_or("missing argument")?.parse()?) };
    match args.first().map(String::as_str) {
        Some("calls") => calls(number(1)?, number(2)?, number(3)?, number(4)?).await,
        Some("parse") => parse(args.get(1).ok_or("missing FILE")?, number(2)?, number(3)?),
        _ => Err("usage: bench-ours calls ROUNDS N DESCRIBES IMAGES | parse FILE ITERATIONS IMAGES".into()),
    }
}

async fn calls(rounds: usize, per_round: usize, describes: usize, images: usize) -> Result<()> {
    let config = Config::from_env().await?;
    let client = Client::new(&config);
    let started = Instant::now();
    check_layers(&client).await?;
    describe(&client, images).await?;
    for _ in 0..rounds {
        let round = Instant::now();
        let mut done = 0;
        while done < per_round && started.elapsed() < BUDGET {
            check_layers(&client).await?;
            done += 1;
        }
        println!("call_ns {}", round.elapsed().as_nanos() as f64 / done.max(1) as f64);
    }
    for _ in 0..describes {
        if started.elapsed() >= BUDGET {
            break;
        }
        let call = Instant::now();
        describe(&client, images).await?;
        println!("describe_ns {}", call.elapsed().as_nanos());
    }
    Ok(())
}

async fn check_layers(client: &Client) -> Result<()> {
    let output = client.batch_check_layer_availability().repository_name("bench").layer_digests(DIGEST).send().await?;
    match output.layers() {
        [layer] if layer.layer_availability() == Some(&LayerAvailability::Available) => Ok(()),
        other => Err(format!("unexpected layers: {other:?}").into()),
    }
}

async fn describe(client: &Client, images: usize) -> Result<()> {
    let output = client.describe_images().repository_name("bench").send().await?;
    check_images(&output, images)
}

fn parse(file: &str, iterations: usize, images: usize) -> Result<()> {
    let body = std::fs::read(file)?;
    let started = Instant::now();
    for _ in 0..iterations {
        if started.elapsed() >= BUDGET {
            break;
        }
        let parse = Instant::now();
        let output: DescribeImagesOutput = ecr_client::json::from_slice(std::hint::black_box(&body))?;
        let elapsed = parse.elapsed();
        check_images(&output, images)?;
        println!("parse_ns {}", elapsed.as_nanos());
    }
    Ok(())
}

fn check_images(output: &DescribeImagesOutput, images: usize) -> Result<()> {
    let details = output.image_details();
    let tagged = details.iter().filter(|detail| !detail.image_tags().is_empty()).count();
    if details.len() != images || tagged != images || details[0].image_pushed_at().is_none() {
        return Err(format!("expected {images} tagged images, got {} ({tagged} tagged)", details.len()).into());
    }
    Ok(())
}
