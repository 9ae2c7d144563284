//! Helpers shared by the HTTP providers ([`super::ContainerProvider`] and
//! [`super::ImdsProvider`]): bounded body reading, transport error
//! descriptions and the credentials JSON document both endpoints return.

use std::error::Error;

use serde_json::{Map, Value};

use super::{Credentials, CredentialsError};
use crate::{DateTime, Format};

/// The largest response body read from a credentials endpoint.
const MAX_BODY: usize = 64 * 1024;

/// The longest excerpt of a response quoted in an error message.
const MAX_EXCERPT: usize = 200;

/// Reads the whole body of `response`, failing beyond [`MAX_BODY`] bytes.
pub(crate) async fn read_body(
    provider: &'static str,
    url: &str,
    mut response: reqwest::Response,
) -> Result<Vec<u8>, CredentialsError> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY {
                    let message = format!("the response from {url} is larger than {MAX_BODY} bytes");
                    return Err(CredentialsError::provider_error(provider, message));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => {
                let message = format!("reading the response from {url} {}", describe(&e));
                return Err(CredentialsError::provider_error(provider, message).with_source(e));
            }
        }
    }
}

/// A short description of a transport failure: `timed out`, `could not
/// connect` or `failed`, followed by the innermost cause (e.g. `Connection
/// refused`).
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    let mut innermost: &dyn Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    if std::ptr::addr_eq(innermost, error) { kind.to_owned() } else { format!("{kind} ({innermost})") }
}

/// A provider error for an unexpected HTTP status, quoting the start of the
/// body (error bodies hold no credentials).
pub(crate) fn status_error(
    provider: &'static str,
    method: &str,
    url: &str,
    status: reqwest::StatusCode,
    body: &[u8],
) -> CredentialsError {
    let mut message = format!("{method} {url} returned HTTP {status}");
    let detail = excerpt(body);
    if !detail.is_empty() {
        message.push_str(": ");
        message.push_str(&detail);
    }
    CredentialsError::provider_error(provider, message)
}

/// At most [`MAX_EXCERPT`] characters of `bytes`, lossily decoded, with
/// control characters replaced, for error messages.
pub(crate) fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    let mut out: String = text.chars().take(MAX_EXCERPT).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.chars().count() > MAX_EXCERPT {
        out.push('…');
    }
    out
}

/// Credentials from the JSON document of the container and instance metadata
/// endpoints: `AccessKeyId`, `SecretAccessKey`, optional `Token`,
/// `Expiration` (RFC 3339) and `AccountId`, and an optional `Code` that must
/// be `Success`.
///
/// Errors name `provider` and the problem; they never quote the document,
/// which holds secrets.
pub(crate) fn parse_credentials_json(provider: &'static str, body: &[u8]) -> Result<Credentials, CredentialsError> {
    let fail = |message: String| CredentialsError::provider_error(provider, message);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        fail(format!("the credentials response is not valid JSON (line {}, column {})", e.line(), e.column()))
    })?;
    let Value::Object(object) = value else {
        return Err(fail("the credentials response is not a JSON object".to_owned()));
    };
    if let Some(code) = object.get("Code").filter(|code| !code.is_null())
        && code.as_str() != Some("Success")
    {
        let code = code.as_str().map_or_else(|| code.to_string(), str::to_owned);
        let mut message = format!("the credentials response has Code `{}`", excerpt(code.as_bytes()));
        if let Some(Value::String(text)) = object.get("Message") {
            message.push_str(": ");
            message.push_str(&excerpt(text.as_bytes()));
        }
        return Err(fail(message));
    }
    let required = |name: &str| {
        string_field(&object, name)
            .map_err(&fail)?
            .ok_or_else(|| fail(format!("the credentials response has no `{name}`")))
    };
    let access_key_id = required("AccessKeyId")?;
    let secret_access_key = required("SecretAccessKey")?;
    let session_token = string_field(&object, "Token").map_err(&fail)?.map(str::to_owned);
    let expiry = match string_field(&object, "Expiration").map_err(&fail)? {
        None => None,
        Some(text) => {
            let invalid =
                |_| fail(format!("`Expiration` is not an RFC 3339 date-time: `{}`", excerpt(text.as_bytes())));
            let instant = DateTime::parse(text, Format::DateTime).map_err(invalid)?;
            Some(std::time::SystemTime::try_from(instant).map_err(invalid)?)
        }
    };
    let credentials = Credentials::new(access_key_id, secret_access_key, session_token, expiry, provider);
    Ok(match string_field(&object, "AccountId").map_err(&fail)? {
        Some(account_id) => credentials.with_account_id(account_id),
        None => credentials,
    })
}

/// The string member `name`: `None` when absent, null or empty.
fn string_field<'a>(object: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, String> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(format!("`{name}` in the credentials response is not a string")),
    }
}

/// Parses an RFC 3339 date-time into a `SystemTime`.
pub(crate) fn parse_time(text: &str) -> Option<std::time::SystemTime> {
    let instant = DateTime::parse(text.trim(), Format::DateTime).ok()?;
    std::time::SystemTime::try_from(instant).ok()
}

/// Sends `request`, naming `what` (say `POST https://sts…/`) in errors;
/// `unreachable` tells whether nothing answered (connection failure or
/// timeout).
pub(crate) async fn send(
    provider: &'static str,
    what: &str,
    request: reqwest::RequestBuilder,
) -> Result<(reqwest::StatusCode, Vec<u8>), (bool, CredentialsError)> {
    match request.send().await {
        Ok(response) => {
            let status = response.status();
            let body = read_body(provider, what, response).await.map_err(|e| (false, e))?;
            Ok((status, body))
        }
        Err(e) => {
            let unreachable = e.is_connect() || e.is_timeout();
            let error = CredentialsError::provider_error(provider, format!("{what} {}", describe(&e))).with_source(e);
            Err((unreachable, error))
        }
    }
}
