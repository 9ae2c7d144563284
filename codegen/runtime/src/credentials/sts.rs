//! The two STS calls credentials need, `AssumeRole` (SigV4-signed with the
//! source credentials) and `AssumeRoleWithWebIdentity` (unsigned: the web
//! identity token is the proof), as small form-encoded POSTs to the regional
//! STS endpoint, with the few response fields read by [`crate::xml`].

use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::Url;
use reqwest::header::CONTENT_TYPE;

use super::context::{ProviderConfig, service_error};
use super::endpoints::{configured_endpoint_from_files, default_endpoint, fips_and_dual_stack};
use super::http::parse_time;
use super::{Credentials, CredentialsError};
use crate::protocol::percent::encode as form_encode;
use crate::sigv4::{SignableRequest, SigningParams, sign};
use crate::xml;

const VERSION: &str = "2011-06-15";
const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// What `AssumeRole` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RoleRequest {
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<u32>,
}

/// A session name for calls that were not given one: unique enough per
/// process and visible in CloudTrail as coming from this runtime.
pub(crate) fn default_session_name(kind: &str) -> String {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    format!("awsjson-{kind}-{millis}")
}

/// The STS endpoint: configured (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`,
/// the profile's `[services]` entry `sts` or `endpoint_url`), else the
/// regional endpoint of `region` (FIPS / dual stack as configured).
fn endpoint(config: &ProviderConfig, provider: &'static str, region: &str) -> Result<Url, CredentialsError> {
    let fail = |message: String| CredentialsError::provider_error(provider, message);
    let env = config.env();
    let url = match configured_endpoint_from_files(env, "STS").map_err(fail)? {
        Some(url) => url,
        None => {
            let (fips, dual_stack) = fips_and_dual_stack(env).map_err(fail)?;
            default_endpoint("sts", region, fips, dual_stack)
        }
    };
    Url::parse(&url).map_err(|e| fail(format!("the STS endpoint `{url}` is not a valid URL: {e}")))
}

/// `AssumeRole` with `source` credentials.
pub(crate) async fn assume_role(
    config: &ProviderConfig,
    provider: &'static str,
    source: &Credentials,
    request: &RoleRequest,
) -> Result<Credentials, CredentialsError> {
    let session_name = request.session_name.clone().unwrap_or_else(|| default_session_name("assume-role"));
    let mut params = vec![
        ("Action", "AssumeRole".to_owned()),
        ("Version", VERSION.to_owned()),
        ("RoleArn", request.role_arn.clone()),
        ("RoleSessionName", session_name),
    ];
    if let Some(external_id) = &request.external_id {
        params.push(("ExternalId", external_id.clone()));
    }
    if let Some(duration) = request.duration_seconds {
        params.push(("DurationSeconds", duration.to_string()));
    }
    call(config, provider, "AssumeRole", &params, Some(source)).await
}

/// `AssumeRoleWithWebIdentity` with the web identity `token`.
pub(crate) async fn assume_role_with_web_identity(
    config: &ProviderConfig,
    provider: &'static str,
    role_arn: &str,
    session_name: Option<&str>,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    let session_name = session_name.map_or_else(|| default_session_name("web-identity"), str::to_owned);
    let params = vec![
        ("Action", "AssumeRoleWithWebIdentity".to_owned()),
        ("Version", VERSION.to_owned()),
        ("RoleArn", role_arn.to_owned()),
        ("RoleSessionName", session_name),
        ("WebIdentityToken", token.to_owned()),
    ];
    call(config, provider, "AssumeRoleWithWebIdentity", &params, None).await
}

async fn call(
    config: &ProviderConfig,
    provider: &'static str,
    action: &str,
    params: &[(&str, String)],
    signer: Option<&Credentials>,
) -> Result<Credentials, CredentialsError> {
    let region = config.sts_region();
    let url = endpoint(config, provider, &region)?;
    let body: String =
        params.iter().map(|(key, value)| format!("{key}={}", form_encode(value))).collect::<Vec<_>>().join("&");
    let what = format!("STS {action} (POST {url})");
    let build = |http: &reqwest::Client, target: Url| {
        let mut request = http.post(target).header(CONTENT_TYPE, FORM).body(body.clone());
        if let Some(credentials) = signer {
            let host = match url.port() {
                Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
                None => url.host_str().unwrap_or_default().to_owned(),
            };
            let headers = vec![("host".to_owned(), host), ("content-type".to_owned(), FORM.to_owned())];
            let uri = match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_owned(),
            };
            let signable = SignableRequest { method: "POST", uri: &uri, headers: &headers, body: body.as_bytes() };
            let params = SigningParams {
                access_key_id: credentials.access_key_id(),
                secret_access_key: credentials.secret_access_key(),
                session_token: credentials.session_token(),
                region: &region,
                service: "sts",
                time: SystemTime::now(),
            };
            for (name, value) in sign(&signable, &params).headers {
                let mut value = reqwest::header::HeaderValue::from_str(&value).map_err(|_| {
                    CredentialsError::provider_error(provider, format!("{what}: the signature makes an invalid header"))
                })?;
                value.set_sensitive(name != "x-amz-date");
                request = request.header(name, value);
            }
        }
        Ok(request)
    };
    let (status, body) = config.call(provider, &what, &url, error_code, build).await?;
    if !status.is_success() {
        return Err(service_error(provider, &what, status, &body, error_code_and_message));
    }
    parse_credentials(provider, &what, action, &body)
}

fn error_code(body: &[u8]) -> Option<String> {
    xml::find_text(std::str::from_utf8(body).ok()?, &["Error", "Code"]).ok()?
}

fn error_code_and_message(body: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(body).ok()?;
    let code = xml::find_text(text, &["Error", "Code"]).ok()??;
    Some((code, xml::find_text(text, &["Error", "Message"]).ok().flatten().unwrap_or_default()))
}

/// The credentials of a successful response; errors never quote the body.
fn parse_credentials(
    provider: &'static str,
    what: &str,
    action: &str,
    body: &[u8],
) -> Result<Credentials, CredentialsError> {
    let fail = |detail: &str| CredentialsError::provider_error(provider, format!("{what}: the response {detail}"));
    let text = std::str::from_utf8(body).map_err(|_| fail("is not UTF-8"))?;
    let response = format!("{action}Response");
    let result = format!("{action}Result");
    // The path only: an XML error message may quote text, and the text is secret.
    let fields = read_result(text, &response, &result)
        .map_err(|error| fail(&format!("is not well-formed XML (at {})", error.path())))?;
    let field = |name: &str| {
        fields.iter().find(|(field, value)| field == name && !value.is_empty()).map(|(_, value)| value.clone())
    };
    let access_key_id = field("AccessKeyId").ok_or_else(|| fail("has no Credentials/AccessKeyId"))?;
    let secret_access_key = field("SecretAccessKey").ok_or_else(|| fail("has no Credentials/SecretAccessKey"))?;
    let session_token = field("SessionToken").ok_or_else(|| fail("has no Credentials/SessionToken"))?;
    let expiration = field("Expiration").ok_or_else(|| fail("has no Credentials/Expiration"))?;
    let expiry = parse_time(&expiration).ok_or_else(|| fail("has an Expiration that is not an RFC 3339 date-time"))?;
    let credentials = Credentials::new(access_key_id, secret_access_key, Some(session_token), Some(expiry), provider);
    let arn = field("Arn");
    Ok(match arn.as_deref().and_then(account_from_arn) {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}

/// The texts of `Credentials/*` and `AssumedRoleUser/Arn` under
/// `<{Action}Response><{Action}Result>`, read in one pass; other elements are skipped.
fn read_result(text: &str, response: &str, result: &str) -> Result<Vec<(String, String)>, xml::XmlError> {
    let mut reader = xml::XmlReader::new(text);
    let root = reader.root()?;
    let mut fields = Vec::new();
    if root.name() != response {
        return Ok(fields);
    }
    while let Some(section) = reader.next_child(&root)? {
        if section.name() != result {
            continue;
        }
        while let Some(group) = reader.next_child(&section)? {
            let wanted = |name: &str| match group.name() {
                "Credentials" => true,
                "AssumedRoleUser" => name == "Arn",
                _ => false,
            };
            while let Some(leaf) = reader.next_child(&group)? {
                if wanted(leaf.name()) {
                    fields.push((leaf.name().to_owned(), reader.text(&leaf)?.into_owned()));
                }
            }
        }
    }
    Ok(fields)
}

/// The account id of an ARN (`arn:partition:service:region:ACCOUNT:…`).
pub(crate) fn account_from_arn(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty() && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_from_arns() {
        assert_eq!(account_from_arn("arn:aws:sts::123456789012:assumed-role/r/s"), Some("123456789012"));
        assert_eq!(account_from_arn("arn:aws:iam::role"), None);
        assert_eq!(account_from_arn("nonsense"), None);
    }

    #[test]
    fn responses_parse_without_quoting_secrets() {
        let ok = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId>\
                  <SecretAccessKey>S3CRET</SecretAccessKey><SessionToken>T0KEN</SessionToken>\
                  <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>\
                  <Arn>arn:aws:sts::210987654321:assumed-role/x/y</Arn></AssumedRoleUser></AssumeRoleResult>\
                  </AssumeRoleResponse>";
        let credentials = parse_credentials("t", "STS AssumeRole", "AssumeRole", ok.as_bytes()).unwrap();
        assert_eq!(credentials.account_id(), Some("210987654321"));
        assert_eq!(credentials.session_token(), Some("T0KEN"));
        let broken = ok.replace("<Expiration>2030-01-01T00:00:00Z</Expiration>", "<Expiration>soon</Expiration>");
        let error = parse_credentials("t", "STS AssumeRole", "AssumeRole", broken.as_bytes()).unwrap_err();
        assert!(!error.to_string().contains("S3CRET") && !error.to_string().contains("T0KEN"), "{error}");
    }
}
