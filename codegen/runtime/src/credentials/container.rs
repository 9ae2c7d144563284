//! [`ContainerProvider`]: credentials from the container credentials
//! endpoint (ECS task roles, EKS Pod Identity and the like).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};

use super::http::{describe, parse_credentials_json, read_body, status_error};
use super::{Credentials, CredentialsError, CredentialsFuture, Environment, ProvideCredentials};

const NAME: &str = "container";

/// The host `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is relative to.
const RELATIVE_BASE: &str = "http://169.254.170.2";

/// The total time allowed for the request, body included.
const TIMEOUT: Duration = Duration::from_secs(5);

const RELATIVE_URI: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
const TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

/// Credentials from the container credentials endpoint.
///
/// * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (checked first): the endpoint
///   is `http://169.254.170.2` followed by this path.
/// * `AWS_CONTAINER_CREDENTIALS_FULL_URI`: the whole URL. As in the AWS SDKs,
///   `https` may name any host, but plain `http` only a loopback address
///   (`127.0.0.0/8`, `[::1]`, `localhost`) or the ECS / EKS link-local
///   endpoints `169.254.170.2`, `169.254.170.23` and `[fd00:ec2::23]`;
///   anything else is a provider error.
/// * Neither set (or blank): not configured.
///
/// The `Authorization` header is the content of the file named by
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every request, so a
/// rotated token is picked up; surrounding whitespace removed), else the
/// value of `AWS_CONTAINER_AUTHORIZATION_TOKEN`, else absent.
///
/// The response is the JSON document `{"AccessKeyId", "SecretAccessKey",
/// "Token", "Expiration"}`. The request has a total timeout of 5 seconds;
/// the connect timeout is the HTTP client's (1 second with
/// [`super::metadata_http_client`]). Once configured, every failure
/// (unreachable endpoint, HTTP error, unreadable JSON, bad date) is a
/// provider error.
#[derive(Clone, Debug)]
pub struct ContainerProvider {
    env: Environment,
    http: reqwest::Client,
}

impl ContainerProvider {
    /// A provider reading `env` and sending requests with `http`.
    pub fn new(env: Environment, http: reqwest::Client) -> Self {
        ContainerProvider { env, http }
    }

    /// The endpoint, validated.
    #[doc(hidden)]
    pub fn endpoint(&self) -> Result<Url, CredentialsError> {
        if let Some(relative) = self.env.non_empty_var(RELATIVE_URI) {
            let separator = if relative.starts_with('/') { "" } else { "/" };
            let url = format!("{RELATIVE_BASE}{separator}{relative}");
            return Url::parse(&url).map_err(|e| {
                CredentialsError::provider_error(NAME, format!("{RELATIVE_URI} does not make a valid URL: {e}"))
            });
        }
        let Some(full) = self.env.non_empty_var(FULL_URI) else {
            return Err(CredentialsError::not_configured(
                NAME,
                format!("neither {RELATIVE_URI} nor {FULL_URI} is set"),
            ));
        };
        let url = Url::parse(&full)
            .map_err(|e| CredentialsError::provider_error(NAME, format!("{FULL_URI} is not a valid URL: {e}")))?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(CredentialsError::provider_error(NAME, format!("{FULL_URI} names no host")));
        }
        match url.scheme() {
            "https" => Ok(url),
            "http" if allowed_http_host(&url) => Ok(url),
            "http" => Err(CredentialsError::provider_error(
                NAME,
                format!(
                    "{FULL_URI} uses plain http with host `{}`; only loopback hosts and the container \
                     credentials addresses 169.254.170.2, 169.254.170.23 and fd00:ec2::23 are allowed over http",
                    url.host_str().unwrap_or("")
                ),
            )),
            other => Err(CredentialsError::provider_error(
                NAME,
                format!("{FULL_URI} has the scheme `{other}`; only http and https are supported"),
            )),
        }
    }

    /// The `Authorization` header value, if any.
    fn authorization(&self) -> Result<Option<HeaderValue>, CredentialsError> {
        let (token, origin) = if let Some(path) = self.env.non_empty_var(TOKEN_FILE) {
            let text = self.env.read_to_string(std::path::Path::new(&path)).map_err(|e| {
                let message = format!("cannot read the token file {path} named by {TOKEN_FILE}: {e}");
                CredentialsError::provider_error(NAME, message).with_source(e)
            })?;
            (text.trim().to_owned(), TOKEN_FILE)
        } else if let Some(token) = self.env.non_empty_var(TOKEN) {
            (token, TOKEN)
        } else {
            return Ok(None);
        };
        if token.is_empty() {
            return Err(CredentialsError::provider_error(NAME, format!("the token from {origin} is empty")));
        }
        let mut value = HeaderValue::from_str(&token).map_err(|_| {
            let message =
                format!("the token from {origin} is not a valid HTTP header value (line breaks or control characters)");
            CredentialsError::provider_error(NAME, message)
        })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let url = self.endpoint()?;
        let authorization = self.authorization()?;
        let mut request = self.http.get(self.env.route(&url)).timeout(TIMEOUT).header(ACCEPT, "application/json");
        if let Some(authorization) = authorization {
            request = request.header(AUTHORIZATION, authorization);
        }
        let response = request.send().await.map_err(|e| {
            CredentialsError::provider_error(NAME, format!("GET {url} {}", describe(&e))).with_source(e)
        })?;
        let status = response.status();
        let body = read_body(NAME, url.as_str(), response).await?;
        if !status.is_success() {
            return Err(status_error(NAME, "GET", url.as_str(), status, &body));
        }
        parse_credentials_json(NAME, &body)
    }
}

/// Whether plain http may be used with the host of `url`.
fn allowed_http_host(url: &Url) -> bool {
    const ECS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
    const EKS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
    const EKS_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23);
    let Some(host) = url.host_str() else { return false };
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| {
            ip.is_loopback() || ip == EKS_V6 || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        });
    }
    match host.parse::<Ipv4Addr>() {
        Ok(ip) => ip.is_loopback() || ip == ECS || ip == EKS,
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
