//! Lists every repository of the registry, page by page, with its URI and creation time.
//!
//! ```sh
//! cargo run -p ecr-client --example list_repositories
//! ```
//!
//! Region, credentials and endpoint come from the environment as AWS SDKs read them
//! (`AWS_REGION`, `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` or a profile,
//! `AWS_ENDPOINT_URL` for a local server); README's "Examples" section shows a run
//! against a local server.

use ecr_client::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env().await?;
    let client = Client::new(&config);
    let mut repositories = client.describe_repositories().into_paginator().page_size(100).items();
    let mut count = 0;
    while let Some(repository) = repositories.next().await {
        let repository = repository?;
        let created = repository.created_at().map(|at| at.to_string()).unwrap_or_default();
        println!(
            "{}\t{}\t{created}",
            repository.repository_name().unwrap_or_default(),
            repository.repository_uri().unwrap_or_default(),
        );
        count += 1;
    }
    eprintln!("{count} repositories");
    Ok(())
}
