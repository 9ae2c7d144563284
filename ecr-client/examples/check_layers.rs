//! Asks which of the given layer digests a repository already holds, as a registry
//! client does before pushing (`BatchCheckLayerAvailability`).
//!
//! ```sh
//! cargo run -p ecr-client --example check_layers -- REPOSITORY sha256:DIGEST...
//! ```
//!
//! Configuration comes from the environment (see `list_repositories`).

use ecr_client::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(repository), digests) = (args.next(), args.collect::<Vec<_>>()) else {
        return Err("usage: check_layers REPOSITORY DIGEST...".into());
    };
    if digests.is_empty() {
        return Err("give at least one layer digest (sha256:...)".into());
    }
    let config = Config::from_env().await?;
    let client = Client::new(&config);
    let checked = client
        .batch_check_layer_availability()
        .repository_name(repository)
        .set_layer_digests(Some(digests))
        .send()
        .await?;
    for layer in checked.layers() {
        let availability = layer.layer_availability().map(|a| a.as_str()).unwrap_or("?");
        println!(
            "{}\t{availability}\t{} bytes",
            layer.layer_digest().unwrap_or_default(),
            layer.layer_size().unwrap_or_default()
        );
    }
    for failure in checked.failures() {
        let code = failure.failure_code().map(|c| c.as_str()).unwrap_or("?");
        println!(
            "{}\t{code}\t{}",
            failure.layer_digest().unwrap_or_default(),
            failure.failure_reason().unwrap_or_default()
        );
    }
    Ok(())
}
