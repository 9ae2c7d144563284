//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) request signing, in the
//! `Authorization` header.
//!
//! [`sign`] turns a [`SignableRequest`] (method, path and query as sent,
//! headers as sent including `host`, body) and [`SigningParams`] (credentials,
//! region, signing name, time) into a [`Signature`]: the headers to set on the
//! request, plus the intermediate canonical request and string to sign for
//! diagnostics. [`SigningKeyCache::sign_cached`] does the same while reusing
//! the derived signing key, which changes only once a day per credential,
//! region and signing name.
//!
//! Canonicalization follows the AWS documentation and its published test
//! suite (`tests/sigv4_suite.rs` runs all of it):
//!
//! * **URI**: the path as sent is normalized (dot segments removed, empty
//!   segments collapsed, `/` when empty) and then percent-encoded once more, so
//!   that a `%` sent on the wire appears as `%25` ("double encoding", what every
//!   service except object storage expects). Malformed escapes need no special
//!   care: `%` is always encoded.
//! * **Query**: parameters split on `&`, a name without `=` has an empty value;
//!   names and values are percent-decoded (a malformed escape is kept
//!   literally, `+` is a literal plus) and re-encoded with the RFC 3986
//!   unreserved set, then sorted by encoded name, then encoded value.
//! * **Headers**: names lower-cased; values trimmed, runs of whitespace
//!   (including folded line breaks) collapsed to one space; repeated headers
//!   joined with `,` in the order given; sorted by name. `x-amz-date` (and
//!   `x-amz-security-token` when a session token is given) are those of the
//!   signature, replacing any the request already has. Never signed:
//!   `authorization` (the signature itself) and `user-agent`,
//!   `x-amzn-trace-id`, `expect`, `transfer-encoding` (which proxies and HTTP
//!   stacks add or rewrite).
//! * **Payload**: hex SHA-256 of the body, or the value of the request's
//!   `x-amz-content-sha256` header when it has one (a payload hashed as it was
//!   read from a file, or `UNSIGNED-PAYLOAD`): services check the payload
//!   against that header, so the signature must cover the same value.
//!
//! Signing never fails and never panics: any input produces a signature (a
//! request the server will reject if it was nonsense).
//!
//! ```
//! use std::time::SystemTime;
//! use aws_client_runtime::sigv4::{SignableRequest, SigningKeyCache, SigningParams};
//!
//! let cache = SigningKeyCache::default(); // one per client, shared
//! let body = br#"{"name":"x"}"#;
//! let mut headers = vec![
//!     ("host".to_owned(), "example.amazonaws.com".to_owned()),
//!     ("content-type".to_owned(), "application/x-amz-json-1.1".to_owned()),
//!     ("x-amz-target".to_owned(), "Example_20240101.DoThing".to_owned()),
//! ];
//! let params = SigningParams {
//!     access_key_id: "AKIDEXAMPLE",
//!     secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
//!     session_token: None,
//!     region: "us-east-1",
//!     service: "service",
//!     time: SystemTime::now(),
//! };
//! let signature = cache.sign_cached(&SignableRequest { method: "POST", uri: "/", headers: &headers, body }, &params);
//! signature.apply(&mut headers); // x-amz-date, authorization
//! assert!(signature.authorization().contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,"));
//! assert_eq!(headers.len(), 5);
//! ```

use std::fmt;
use std::time::SystemTime;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

mod cache;
mod canonical;
mod time;

#[cfg(test)]
mod tests;

pub use cache::SigningKeyCache;

/// The signing algorithm, first word of the `Authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Name of the header carrying the signing time (`yyyymmddThhmmssZ`).
pub const X_AMZ_DATE: &str = "x-amz-date";

/// Name of the header carrying the session token of temporary credentials.
pub const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";

/// Name of the header carrying the payload's hex SHA-256, or [`UNSIGNED_PAYLOAD`].
pub const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";

/// The `x-amz-content-sha256` value of a payload left out of the signature.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Name of the header carrying the signature.
pub const AUTHORIZATION: &str = "authorization";

/// What `Debug` shows in place of a secret.
const REDACTED: &str = "** redacted **";

/// What to sign with.
///
/// `Debug` shows the access key id, region, signing name and time, never the
/// secret access key or the session token.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// Access key id, sent in clear in the credential scope.
    pub access_key_id: &'a str,
    /// Secret access key; only ever used to derive the signing key.
    pub secret_access_key: &'a str,
    /// Session token of temporary credentials; sent (and signed) as
    /// `x-amz-security-token` when present.
    pub session_token: Option<&'a str>,
    /// Region of the credential scope, e.g. `us-east-1`.
    pub region: &'a str,
    /// Signing name of the credential scope (the model's `aws.auth#sigv4`
    /// name, usually the endpoint prefix).
    pub service: &'a str,
    /// Signing time; becomes `x-amz-date` and the scope's date (UTC).
    pub time: SystemTime,
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.map(|_| REDACTED))
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &time::amz_date_time(self.time))
            .finish()
    }
}

/// The request as it will be sent.
#[derive(Clone, Copy)]
pub struct SignableRequest<'a> {
    /// HTTP method as sent, e.g. `POST`.
    pub method: &'a str,
    /// Path and optional query exactly as sent (already percent-encoded),
    /// e.g. `/` or `/a/b?x=1&y`. A fragment is ignored; an absolute URI
    /// (`https://host/path`) is accepted and its scheme and authority ignored.
    pub uri: &'a str,
    /// Header names (any case) and values as sent. Must include `host`
    /// (`name[:port]`, port only when not the scheme's default), because HTTP
    /// stacks usually add it only when sending.
    pub headers: &'a [(String, String)],
    /// The body, exactly as sent.
    pub body: &'a [u8],
}

/// `Debug` shows the body's length only, and hides the values of
/// `authorization` and `x-amz-security-token` headers.
impl fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let hidden = [AUTHORIZATION, X_AMZ_SECURITY_TOKEN].iter().any(|h| name.trim().eq_ignore_ascii_case(h));
                (name.as_str(), if hidden { REDACTED } else { value.as_str() })
            })
            .collect();
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Result of signing.
///
/// `Debug` hides the session token (in the headers and the canonical request) and
/// the signature (alone and in `authorization`): a signed request can be replayed
/// for minutes, so neither belongs in logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    /// Headers to add to the request: `x-amz-date`, then `x-amz-security-token`
    /// when a session token is given, then `authorization`. Names lower-case.
    ///
    /// Set them, replacing any header of the same name the request already
    /// has (see [`Signature::apply`]); appending a second `x-amz-date` would
    /// break the signature.
    pub headers: Vec<(&'static str, String)>,
    /// The canonical request that was hashed (for diagnosing signature
    /// mismatches: many services return theirs in the error message).
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The signature, 64 lower-case hex digits.
    pub signature: String,
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = self.header(X_AMZ_SECURITY_TOKEN).filter(|token| !token.trim().is_empty());
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(name, value)| match *name {
                X_AMZ_SECURITY_TOKEN => (*name, REDACTED.to_owned()),
                AUTHORIZATION if !self.signature.is_empty() => (*name, value.replace(&self.signature, REDACTED)),
                _ => (*name, value.clone()),
            })
            .collect();
        let canonical_request = match token {
            Some(token) => self.canonical_request.replace(token.trim(), REDACTED),
            None => self.canonical_request.clone(),
        };
        f.debug_struct("Signature")
            .field("headers", &headers)
            .field("canonical_request", &canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("signature", &REDACTED)
            .finish()
    }
}

impl Signature {
    /// The value of the `authorization` header.
    #[must_use]
    pub fn authorization(&self) -> &str {
        self.header(AUTHORIZATION).unwrap_or_default()
    }

    /// The value of one of [`Signature::headers`] by its lower-case name.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// Sets the signature's headers on a header list: removes every header
    /// whose name (compared case-insensitively) is one of the signature's,
    /// then appends the signature's headers in order.
    pub fn apply(&self, headers: &mut Vec<(String, String)>) {
        headers.retain(|(name, _)| !self.headers.iter().any(|(ours, _)| name.trim().eq_ignore_ascii_case(ours)));
        headers.extend(self.headers.iter().map(|(name, value)| ((*name).to_owned(), value.clone())));
    }
}

/// Signs `request` with `params`, deriving the signing key afresh.
///
/// Prefer [`SigningKeyCache::sign_cached`] when signing many requests: the
/// key derivation costs four HMACs, the rest of signing two hashes and one
/// HMAC.
#[must_use]
pub fn sign(request: &SignableRequest<'_>, params: &SigningParams<'_>) -> Signature {
    sign_with(request, params, |date| derive_signing_key(params.secret_access_key, date, params.region, params.service))
}

/// Signs with a signing key obtained from `signing_key(yyyymmdd)`.
fn sign_with(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    signing_key: impl FnOnce(&str) -> [u8; 32],
) -> Signature {
    let amz_date = time::amz_date_time(params.time);
    let date = time::date_part(&amz_date);
    let scope = format!("{date}/{}/{}/aws4_request", params.region, params.service);

    let canonical = canonical::canonical_request(request, &amz_date, params.session_token);
    let string_to_sign = format!("{ALGORITHM}\n{amz_date}\n{scope}\n{}", sha256_hex(canonical.text.as_bytes()));
    let signature = hex(&hmac_sha256(&signing_key(date), string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={signature}",
        params.access_key_id, canonical.signed_headers
    );

    let mut headers = Vec::with_capacity(3);
    headers.push((X_AMZ_DATE, amz_date));
    if let Some(token) = params.session_token {
        headers.push((X_AMZ_SECURITY_TOKEN, token.to_owned()));
    }
    headers.push((AUTHORIZATION, authorization));
    Signature { headers, canonical_request: canonical.text, string_to_sign, signature }
}

/// Derives the signing key: `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date),
/// region), service), "aws4_request")`, with `date` as `yyyymmdd`.
fn derive_signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut secret = Vec::with_capacity(4 + secret_access_key.len());
    secret.extend_from_slice(b"AWS4");
    secret.extend_from_slice(secret_access_key.as_bytes());
    let k_date = hmac_sha256(&secret, date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, b"aws4_request")
}

/// SHA-256 of `bytes` as 64 lower-case hex digits (the SigV4 payload hash;
/// `e3b0c442…b855` for an empty body).
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of everything `reader` yields, as [`sha256_hex`] gives it, with the number
/// of bytes read: a file's payload hash without holding the file in memory.
pub fn sha256_hex_of_reader(mut reader: impl std::io::Read) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    let mut length = 0;
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok((hex(&hasher.finalize()), length)),
            Ok(read) => {
                hasher.update(&buffer[..read]);
                length += read as u64;
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

/// HMAC-SHA256 of `data` under `key` (any key length).
#[must_use]
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length (long keys are hashed, short ones
    // padded), so `new_from_slice` cannot fail; the fallback is unreachable.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return [0; 32];
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}
