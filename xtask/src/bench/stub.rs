//! The stub ECR server `cargo xtask bench` measures calls against.
//!
//! It listens on 127.0.0.1 (a free port), keeps connections alive, and answers by the
//! `X-Amz-Target` header with canned awsJson 1.1 bodies: one available layer for
//! `BatchCheckLayerAvailability`, the given body for `DescribeImages`, two repositories
//! for `DescribeRepositories`, an
//! `UnknownOperationException` otherwise. It checks nothing else (no signature), sets
//! `TCP_NODELAY` and writes each response in one piece, so no client waits on a delayed ACK.
//! One thread per connection; the threads end with the process.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

/// The body of the stub's `BatchCheckLayerAvailability` answer.
pub const LAYERS_BODY: &str = r#"{"failures":[],"layers":[{"layerAvailability":"AVAILABLE","layerDigest":"sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8","layerSize":2795724,"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip"}]}"#;

/// The body of the stub's `DescribeRepositories` answer: two repositories.
pub const REPOSITORIES_BODY: &str = r#"{"repositories":[{"repositoryArn":"arn:aws:ecr:us-east-1:123456789012:repository/bench/service","registryId":"123456789012","repositoryName":"bench/service","repositoryUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/service","createdAt":1700000000.0,"imageTagMutability":"MUTABLE","imageScanningConfiguration":{"scanOnPush":true},"encryptionConfiguration":{"encryptionType":"AES256"}},{"repositoryArn":"arn:aws:ecr:us-east-1:123456789012:repository/bench/worker","registryId":"123456789012","repositoryName":"bench/worker","repositoryUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/bench/worker","createdAt":1700003600.5,"imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":false},"encryptionConfiguration":{"encryptionType":"KMS","kmsKey":"arn:aws:kms:us-east-1:123456789012:key/1234abcd"}}]}"#;

const TARGET_PREFIX: &str = "AmazonEC2ContainerRegistry_V20150921.";

/// Starts the stub; returns its base URL (`http://127.0.0.1:PORT`).
pub fn start(describe_images_body: Vec<u8>) -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind the stub server: {e}"))?;
    let address = listener.local_addr().map_err(|e| format!("stub server address: {e}"))?;
    let describe_images_body = Arc::new(describe_images_body);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let body = Arc::clone(&describe_images_body);
            std::thread::spawn(move || {
                // A client closing its connection ends the thread; nothing to report.
                let _ = serve(stream, &body);
            });
        }
    });
    Ok(format!("http://{address}"))
}

/// A `DescribeImages` answer of `images` image details, each with tags, digest, size,
/// timestamps, scan status and findings, as ECR returns them.
pub fn describe_images_body(images: usize) -> Vec<u8> {
    let details: Vec<serde_json::Value> = (0..images)
        .map(|index| {
            let pushed = 1_700_000_000.0 + index as f64 * 3_600.5;
            serde_json::json!({
                "registryId": "123456789012",
                "repositoryName": "bench/service",
                "imageDigest": format!("sha256:{:064x}", (index as u128 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834)),
                "imageTags": [format!("v1.{index}.0"), format!("build-{}", 40_000 + index), "latest-candidate"],
                "imageSizeInBytes": 31_457_280 + index as i64 * 4_099,
                "imagePushedAt": pushed,
                "imageScanStatus": {"status": "COMPLETE", "description": "The scan was completed successfully."},
                "imageScanFindingsSummary": {
                    "imageScanCompletedAt": pushed + 95.25,
                    "vulnerabilitySourceUpdatedAt": pushed - 7_200.0,
                    "findingSeverityCounts": {"HIGH": index % 4, "MEDIUM": index % 9 + 1, "LOW": 12, "INFORMATIONAL": 3}
                },
                "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "artifactMediaType": "application/vnd.docker.container.image.v1+json",
                "lastRecordedPullTime": pushed + 86_400.125,
                "imageStatus": "ACTIVE"
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "imageDetails": details })).expect("JSON values serialize")
}

fn serve(stream: TcpStream, describe_images_body: &[u8]) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut body = Vec::new();
    let mut requests = 0u64;
    loop {
        let mut content_length = 0usize;
        let mut target = String::new();
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("x-amz-target") {
                    target = value.trim().to_owned();
                }
            }
        }
        body.resize(content_length, 0);
        reader.read_exact(&mut body)?;
        requests += 1;
        let (status, answer) = match target.strip_prefix(TARGET_PREFIX) {
            Some("BatchCheckLayerAvailability") => ("200 OK", LAYERS_BODY.as_bytes()),
            Some("DescribeImages") => ("200 OK", describe_images_body),
            Some("DescribeRepositories") => ("200 OK", REPOSITORIES_BODY.as_bytes()),
            _ => ("400 Bad Request", &br#"{"__type":"UnknownOperationException"}"#[..]),
        };
        let mut response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\n\
             x-amzn-requestid: 00000000-0000-4000-8000-{requests:012}\r\n\r\n",
            answer.len()
        )
        .into_bytes();
        response.extend_from_slice(answer);
        writer.write_all(&response)?;
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;

    /// Sends one request on `stream` and returns the status line and body of the answer.
    fn call(stream: &mut BufReader<TcpStream>, target: &str) -> (String, String) {
        let body = r#"{"repositoryName":"r"}"#;
        let request = format!(
            "POST / HTTP/1.1\r\nhost: stub\r\nX-Amz-Target: {target}\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.get_mut().write_all(request.as_bytes()).unwrap();
        let mut status = String::new();
        stream.read_line(&mut status).unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            stream.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.strip_prefix("content-length: ") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut answer = vec![0; length];
        stream.read_exact(&mut answer).unwrap();
        (status.trim_end().to_owned(), String::from_utf8(answer).unwrap())
    }

    #[test]
    fn answers_by_target_on_one_kept_alive_connection() {
        let url = super::start(br#"{"imageDetails":[]}"#.to_vec()).unwrap();
        let address = url.strip_prefix("http://").unwrap();
        let mut stream = BufReader::new(TcpStream::connect(address).unwrap());
        let prefix = "AmazonEC2ContainerRegistry_V20150921";
        assert_eq!(
            call(&mut stream, &format!("{prefix}.BatchCheckLayerAvailability")),
            ("HTTP/1.1 200 OK".to_owned(), super::LAYERS_BODY.to_owned())
        );
        assert_eq!(
            call(&mut stream, &format!("{prefix}.DescribeImages")),
            ("HTTP/1.1 200 OK".to_owned(), r#"{"imageDetails":[]}"#.to_owned())
        );
        assert_eq!(
            call(&mut stream, &format!("{prefix}.ListImages")),
            ("HTTP/1.1 400 Bad Request".to_owned(), r#"{"__type":"UnknownOperationException"}"#.to_owned())
        );
    }

    #[test]
    fn the_large_answer_holds_every_image_with_tags_and_timestamps() {
        let body: serde_json::Value = serde_json::from_slice(&super::describe_images_body(3)).unwrap();
        let details = body["imageDetails"].as_array().unwrap();
        assert_eq!(details.len(), 3);
        assert_eq!(details[1]["imageTags"], serde_json::json!(["v1.1.0", "build-40001", "latest-candidate"]));
        assert_eq!(details[1]["imagePushedAt"], serde_json::json!(1_700_003_600.5));
        assert_eq!(details[1]["imageDigest"].as_str().unwrap().len(), "sha256:".len() + 64);
        assert_ne!(details[0]["imageDigest"], details[1]["imageDigest"]);
    }
}
