//! Pushes a small image the way a registry client does, with the API alone: creates
//! the repository if needed, uploads the layer and the image configuration in parts
//! (`InitiateLayerUpload`, `UploadLayerPart`, `CompleteLayerUpload`), then puts the
//! manifest naming both under a tag (`PutImage`).
//!
//! ```sh
//! cargo run -p ecr-client --example push_image -- REPOSITORY [TAG]
//! ```
//!
//! Configuration comes from the environment (see `list_repositories`). The layer is
//! 5,000 deterministic bytes, not a real file system archive: enough for the registry,
//! not for `docker run`.

use awsjson_runtime::sigv4::sha256_hex;
use ecr_client::primitives::Blob;
use ecr_client::types::ImageIdentifier;
use ecr_client::{Client, Config};

const MANIFEST_MEDIA_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let Some(repository) = args.next() else {
        return Err("usage: push_image REPOSITORY [TAG]".into());
    };
    let tag = args.next().unwrap_or_else(|| "latest".to_owned());
    let config = Config::from_env().await?;
    let client = Client::new(&config);

    match client.create_repository().repository_name(&repository).send().await {
        Ok(created) => {
            println!("created {}", created.repository().and_then(|r| r.repository_uri()).unwrap_or_default())
        }
        Err(error) if error.as_service_error().is_some_and(|e| e.is_repository_already_exists_exception()) => {
            println!("{repository} exists");
        }
        Err(error) => return Err(error.into()),
    }

    let layer: Vec<u8> = (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let config_json = format!(
        r#"{{"architecture":"amd64","os":"linux","config":{{"Cmd":["/bin/true"]}},"rootfs":{{"type":"layers","diff_ids":["{}"]}}}}"#,
        digest(&layer)
    );
    for blob in [layer.as_slice(), config_json.as_bytes()] {
        let digest = digest(blob);
        let known =
            client.batch_check_layer_availability().repository_name(&repository).layer_digests(&digest).send().await?;
        if known.layers().iter().any(|l| l.layer_availability().is_some_and(|a| a.as_str() == "AVAILABLE")) {
            println!("{digest} already uploaded");
            continue;
        }
        upload(&client, &repository, blob).await?;
        println!("{digest} uploaded ({} bytes)", blob.len());
    }

    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"{MANIFEST_MEDIA_TYPE}","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","size":{},"digest":"{}"}},"layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":{},"digest":"{}"}}]}}"#,
        config_json.len(),
        digest(config_json.as_bytes()),
        layer.len(),
        digest(&layer),
    );
    let put = client
        .put_image()
        .repository_name(&repository)
        .image_tag(&tag)
        .image_manifest(manifest)
        .image_manifest_media_type(MANIFEST_MEDIA_TYPE)
        .send()
        .await?;
    let image_id =
        put.image().and_then(|image| image.image_id()).cloned().unwrap_or_else(|| ImageIdentifier::builder().build());
    println!("pushed {repository}:{tag} as {}", image_id.image_digest().unwrap_or_default());
    Ok(())
}

/// Uploads one blob in the parts the registry asks for.
async fn upload(client: &Client, repository: &str, blob: &[u8]) -> Result<(), ecr_client::Error> {
    let started = client.initiate_layer_upload().repository_name(repository).send().await?;
    let upload_id = started.upload_id().unwrap_or_default().to_owned();
    let part_size = usize::try_from(started.part_size().unwrap_or(0)).ok().filter(|&n| n > 0).unwrap_or(blob.len());
    let mut first = 0;
    for part in blob.chunks(part_size) {
        let last = first + part.len() - 1;
        client
            .upload_layer_part()
            .repository_name(repository)
            .upload_id(&upload_id)
            .part_first_byte(first as i64)
            .part_last_byte(last as i64)
            .layer_part_blob(Blob::new(part))
            .send()
            .await?;
        first = last + 1;
    }
    client
        .complete_layer_upload()
        .repository_name(repository)
        .upload_id(&upload_id)
        .layer_digests(digest(blob))
        .send()
        .await?;
    Ok(())
}

/// The content digest of a blob, as registries name it.
fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", sha256_hex(bytes))
}
