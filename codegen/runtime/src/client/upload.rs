//! A `@streaming` request payload on its way out: its hash (or `UNSIGNED-PAYLOAD`)
//! declared in `x-amz-content-sha256` before the first attempt, and a payload from a
//! file opened afresh for each attempt, so that a retry sends the same bytes from the
//! start.
//!
//! A file is read twice per call when it is signed: once through the hasher (the
//! signature covers its SHA-256, which must be known before the first byte is sent),
//! then once per attempt as the connection takes it. Neither read holds it in memory.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::request::{HttpRequest, StreamedPayload};
use super::stall::{StalledStreamProtection, UploadBody, UploadWatch};
use crate::sigv4::{UNSIGNED_PAYLOAD, X_AMZ_CONTENT_SHA256, sha256_hex, sha256_hex_of_reader};

/// A payload sent from a file: where, and its length when it was hashed.
#[derive(Debug, Clone)]
pub(super) struct FileBody {
    path: PathBuf,
    length: u64,
}

impl FileBody {
    /// The `Content-Length` of the request (`@requiresLength`): from the file's metadata,
    /// or the bytes hashed.
    pub(super) fn length(&self) -> u64 {
        self.length
    }

    /// The body of one attempt: the file opened again and read from its start.
    pub(super) fn open(&self, protection: &StalledStreamProtection) -> std::io::Result<(UploadBody, UploadWatch)> {
        let file = File::open(&self.path).map_err(|error| named(&self.path, "open", error))?;
        Ok(UploadBody::from_file(file, self.path.clone(), self.length, protection))
    }
}

/// Declares the payload hash of a request with a streamed payload in its
/// `x-amz-content-sha256` header (unless the request already has one) and returns the
/// file to send, if the payload is one. The error names the file that cannot be read.
pub(super) async fn declare_payload(request: &mut HttpRequest) -> Result<Option<FileBody>, String> {
    let Some(StreamedPayload { file, unsigned }) = request.streamed.clone() else { return Ok(None) };
    let declared = request.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(X_AMZ_CONTENT_SHA256));
    let (hash, file) = match (file, unsigned) {
        (None, true) => (UNSIGNED_PAYLOAD.to_owned(), None),
        (None, false) => (sha256_hex(&request.body), None),
        (Some(path), true) => {
            let metadata = std::fs::metadata(&path);
            let length = metadata.map_err(|error| named(&path, "read the metadata of", error).to_string())?.len();
            (UNSIGNED_PAYLOAD.to_owned(), Some(FileBody { path, length }))
        }
        (Some(path), false) => {
            // Hashing a large file takes a while: off the async threads.
            let hashing = path.clone();
            let hashed = tokio::task::spawn_blocking(move || hash_file(&hashing))
                .await
                .map_err(|error| format!("hashing `{}` was interrupted: {error}", path.display()))?;
            let (hash, length) = hashed.map_err(|error| error.to_string())?;
            (hash, Some(FileBody { path, length }))
        }
    };
    if !declared {
        request.headers.push((X_AMZ_CONTENT_SHA256.to_owned(), hash));
    }
    Ok(file)
}

/// The SHA-256 and length of the file at `path`.
fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let file = File::open(path).map_err(|error| named(path, "open", error))?;
    sha256_hex_of_reader(file).map_err(|error| named(path, "read", error))
}

/// `error` with a message saying what was done to which file.
fn named(path: &Path, doing: &str, error: std::io::Error) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("cannot {doing} `{}`: {error}", path.display()))
}
