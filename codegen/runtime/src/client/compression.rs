//! Request compression (`@requestCompression`): an operation that lists `gzip` among
//! its encodings has its body gzipped when the body is at least the configured
//! minimum size and compression is not turned off, and says so in `Content-Encoding`.
//!
//! Settings, as AWS SDKs read them: `disable_request_compression` (environment
//! `AWS_DISABLE_REQUEST_COMPRESSION`, profile `disable_request_compression`; `true` or
//! `false`, off by default) and `request_min_compression_size_bytes` (environment
//! `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, profile
//! `request_min_compression_size_bytes`; an integer from 0 to 10485760, 10240 by
//! default). A value outside those rules is an error naming where it came from.

use super::dispatch::Handle;
use super::error::{ConstructionFailure, SdkError};
use crate::credentials::{self, Environment};
use crate::rules::ResolvedEndpoint;

/// The minimum body size, in bytes, that is compressed when nothing else is configured.
pub const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10_240;

/// The largest minimum size AWS SDKs accept (10 MiB).
pub const MAX_MIN_COMPRESSION_SIZE: u32 = 10_485_760;

/// Whether `size` is an acceptable minimum compression size; the error says why not.
pub(crate) fn check_min_size(size: u32, source: &str) -> Result<u32, String> {
    if size <= MAX_MIN_COMPRESSION_SIZE {
        Ok(size)
    } else {
        Err(format!("{source} is {size}; expected an integer from 0 to {MAX_MIN_COMPRESSION_SIZE}"))
    }
}

/// `disable_request_compression` from the environment, else the profile.
pub(crate) fn disabled_from(env: &Environment) -> Result<Option<bool>, String> {
    credentials::bool_setting(env, "AWS_DISABLE_REQUEST_COMPRESSION", "disable_request_compression")
}

/// `request_min_compression_size_bytes` from the environment, else the profile.
pub(crate) fn min_size_from(env: &Environment) -> Result<Option<u32>, String> {
    const VARIABLE: &str = "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES";
    const KEY: &str = "request_min_compression_size_bytes";
    let (value, source) = match env.non_empty_var(VARIABLE) {
        Some(value) => (value, format!("environment variable {VARIABLE}")),
        None => match credentials::try_profile_setting(env, KEY).map_err(|e| format!("shared file {e}"))? {
            Some(value) => (value, format!("profile setting `{KEY}`")),
            None => return Ok(None),
        },
    };
    let size = value
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("{source} is `{value}`; expected an integer from 0 to {MAX_MIN_COMPRESSION_SIZE}"))?;
    check_min_size(size, &source).map(Some)
}

/// The body to send and the `Content-Encoding` it needs: gzipped when the operation
/// accepts gzip, compression is on and the body is at least `min_size` bytes; else
/// the body unchanged.
pub(crate) fn compress(
    encodings: &[&str],
    disabled: bool,
    min_size: u32,
    body: Vec<u8>,
) -> std::io::Result<(Vec<u8>, Option<&'static str>)> {
    let wanted = !disabled && encodings.iter().any(|e| e.eq_ignore_ascii_case("gzip"));
    if !wanted || (body.len() as u64) < u64::from(min_size) {
        return Ok((body, None));
    }
    gzip(&body).map(|body| (body, Some("gzip")))
}

#[cfg(feature = "gzip")]
fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write as _;

    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::default());
    encoder.write_all(body)?;
    encoder.finish()
}

/// Without the `gzip` feature no generated code asks for compression: a client whose
/// service compresses turns the feature on in its manifest.
#[cfg(not(feature = "gzip"))]
fn gzip(_: &[u8]) -> std::io::Result<Vec<u8>> {
    Err(std::io::Error::other("gzip needs the runtime's `gzip` feature, which this client was built without"))
}

/// The body gzipped as the operation's `@requestCompression` and the configuration
/// allow, with `Content-Encoding` added to the request's headers when it is.
pub(crate) fn compress_body<E>(
    handle: &Handle,
    operation: &str,
    encodings: &[&str],
    body: Vec<u8>,
    mut resolved: ResolvedEndpoint,
) -> Result<(Vec<u8>, ResolvedEndpoint), SdkError<E>> {
    if encodings.is_empty() {
        return Ok((body, resolved));
    }
    let config = handle.config();
    let min_size = check_min_size(
        config.request_min_compression_size_bytes(),
        "the configured request_min_compression_size_bytes",
    )
    .map_err(|message| {
        SdkError::ConstructionFailure(ConstructionFailure::new(format!("{operation}: {message}"), None))
    })?;
    let (body, encoding) =
        compress(encodings, config.disable_request_compression(), min_size, body).map_err(|error| {
            SdkError::ConstructionFailure(ConstructionFailure::new(
                format!("{operation}: cannot compress the request body"),
                Some(Box::new(error)),
            ))
        })?;
    if let Some(encoding) = encoding {
        resolved.headers.push(("content-encoding".to_owned(), vec![encoding.to_owned()]));
    }
    Ok((body, resolved))
}

#[cfg(all(test, feature = "gzip"))]
mod tests {
    use std::io::Read as _;

    use super::*;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
        out
    }

    #[test]
    fn bodies_at_the_minimum_are_gzipped_and_read_back_whole() {
        let body = br#"{"data":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#.to_vec();
        let (sent, encoding) = compress(&["gzip"], false, body.len() as u32, body.clone()).unwrap();
        assert_eq!(encoding, Some("gzip"));
        assert_eq!(&sent[..2], &[0x1f, 0x8b], "a gzip member starts with its magic bytes");
        assert_eq!(gunzip(&sent), body);
    }

    #[test]
    fn small_bodies_other_encodings_and_a_disabled_setting_send_the_body_as_is() {
        let body = b"{}".to_vec();
        for (encodings, disabled, min) in [(&["gzip"][..], false, 3), (&["br"][..], false, 0), (&["gzip"][..], true, 0)]
        {
            assert_eq!(compress(encodings, disabled, min, body.clone()).unwrap(), (body.clone(), None));
        }
    }

    #[test]
    fn settings_follow_the_sdks_rules() {
        let env =
            |pairs: &[(&str, &str)]| Environment::from_vars(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        assert_eq!(min_size_from(&env(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "0")])), Ok(Some(0)));
        assert_eq!(
            min_size_from(&env(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485760")])),
            Ok(Some(10_485_760))
        );
        for bad in ["10485761", "-1", "ten"] {
            let error = min_size_from(&env(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", bad)])).unwrap_err();
            assert!(error.contains("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES"), "{error}");
        }
        assert_eq!(disabled_from(&env(&[("AWS_DISABLE_REQUEST_COMPRESSION", "true")])), Ok(Some(true)));
        assert!(disabled_from(&env(&[("AWS_DISABLE_REQUEST_COMPRESSION", "yes")])).is_err());
        assert_eq!(min_size_from(&env(&[])), Ok(None));
    }
}
