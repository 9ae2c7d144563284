//! The peer side of `cargo xtask bench`: the official AWS SDK against the stub server.
//!
//! The same program as `../ours` (see there for the arguments and what is printed), with
//! `aws-config` loading region, credentials and `AWS_ENDPOINT_URL` from the environment.
//! The SDK's response deserializers are not public, so `parse` is not offered here: its
//! parse cost is measured end to end by the `DescribeImages` calls.

use std::time::{Duration, Instant};

use aws_sdk_ecr::Client;
use aws_sdk_ecr::operation::describe_images::DescribeImagesOutput;
use aws_sdk_ecr::types::LayerAvailability;

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
        _ => Err("usage: bench-peer calls ROUNDS N DESCRIBES IMAGES".into()),
    }
}

async fn calls(rounds: usize, per_round: usize, describes: usize, images: usize) -> Result<()> {
    let config = aws_config::load_from_env().await;
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

fn check_images(output: &DescribeImagesOutput, images: usize) -> Result<()> {
    let details = output.image_details();
    let tagged = details.iter().filter(|detail| !detail.image_tags().is_empty()).count();
    if details.len() != images || tagged != images || details[0].image_pushed_at().is_none() {
        return Err(format!("expected {images} tagged images, got {} ({tagged} tagged)", details.len()).into());
    }
    Ok(())
}
