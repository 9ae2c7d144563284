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
//! not for `docker run`. Content digests are SHA-256, computed by a short function
//! below so that the example needs nothing beyond `ecr-client` and `tokio`; a real
//! program would take a hashing crate such as `sha2`.

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
    let hash: String = sha256(bytes).iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hash}")
}

/// SHA-256 (FIPS 180-4): 64-byte blocks, padded with `0x80`, zeros and the bit length.
fn sha256(bytes: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut state: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut message = bytes.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((bytes.len() as u64) * 8).to_be_bytes());
    for block in message.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = state;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let choice = (e & f) ^ (!e & g);
            let t1 = h.wrapping_add(s1).wrapping_add(choice).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let majority = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(majority);
            (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
        }
        for (slot, value) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *slot = slot.wrapping_add(value);
        }
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_of_known_inputs() {
        let hex = |b: &[u8]| super::digest(b);
        assert_eq!(hex(b"abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(b""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        let long = vec![b'a'; 1000];
        assert_eq!(hex(&long), "sha256:41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    }
}
