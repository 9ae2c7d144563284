//! Starts a basic vulnerability scan of a pushed image and waits for it with the
//! model's `ImageScanComplete` waiter, then prints the counts of findings by severity.
//!
//! ```sh
//! cargo run -p ecr-client --example wait_for_scan -- REPOSITORY [TAG]
//! ```
//!
//! Configuration comes from the environment (see `list_repositories`). Push an image
//! first, e.g. with the `push_image` example.

use std::time::Duration;

use ecr_client::error::WaiterError;
use ecr_client::types::ImageIdentifier;
use ecr_client::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let Some(repository) = args.next() else {
        return Err("usage: wait_for_scan REPOSITORY [TAG]".into());
    };
    let tag = args.next().unwrap_or_else(|| "latest".to_owned());
    let config = Config::from_env().await?;
    let client = Client::new(&config);
    let image = ImageIdentifier::builder().image_tag(&tag).build();

    let started = client.start_image_scan().repository_name(&repository).image_id(image.clone()).send().await?;
    let status = started.image_scan_status().and_then(|s| s.status()).map(|s| s.as_str().to_owned());
    println!("scan of {repository}:{tag} started: {}", status.unwrap_or_default());

    let outcome = client
        .wait_until_image_scan_complete()
        .repository_name(&repository)
        .image_id(image)
        .wait(Duration::from_secs(600))
        .await;
    let findings = match outcome {
        Ok(poll) => poll?,
        Err(WaiterError::FailureState(poll)) => {
            let description =
                poll.ok().and_then(|o| o.image_scan_status().and_then(|s| s.description().map(str::to_owned)));
            return Err(format!("the scan failed: {}", description.unwrap_or_default()).into());
        }
        Err(WaiterError::TimedOut { elapsed, attempts }) => {
            return Err(format!("no result after {elapsed:?} ({attempts} polls)").into());
        }
        Err(other) => return Err(format!("waiting failed: {other:?}").into()),
    };
    let counts = findings.image_scan_findings().and_then(|f| f.finding_severity_counts());
    match counts {
        Some(counts) if !counts.is_empty() => {
            for (severity, count) in counts {
                println!("{}\t{count}", severity.as_str());
            }
        }
        _ => println!("no findings"),
    }
    Ok(())
}
