//! [`ImdsProvider`]: credentials of the instance role from the EC2 instance
//! metadata service, version 2 (session tokens).

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

use super::http::{describe, excerpt, parse_credentials_json, read_body, status_error};
use super::{Credentials, CredentialsError, CredentialsFuture, Environment, ProvideCredentials};

const NAME: &str = "imds";

const DEFAULT_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";

/// The session token lifetime asked for, in seconds (the maximum).
const TOKEN_TTL_SECS: u64 = 21_600;
/// A cached token is dropped this long before its TTL ends.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);
/// The total time allowed for each request.
const TIMEOUT: Duration = Duration::from_secs(1);

/// Credentials of the instance's IAM role from the EC2 instance metadata
/// service (IMDSv2).
///
/// * `AWS_EC2_METADATA_DISABLED=true` (any case): not configured.
/// * Endpoint: `AWS_EC2_METADATA_SERVICE_ENDPOINT` (e.g.
///   `http://127.0.0.1:8080`), else `http://[fd00:ec2::254]` when
///   `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, else
///   `http://169.254.169.254`.
/// * `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds:
///   21600` gives a session token, cached until its TTL (as returned in the
///   same header, else 21600 s) minus a minute; then, with the token in
///   `x-aws-ec2-metadata-token`, `GET
///   /latest/meta-data/iam/security-credentials/` gives the role name (first
///   line) and `GET /latest/meta-data/iam/security-credentials/<role>` the
///   credentials `{"Code": "Success", "AccessKeyId", "SecretAccessKey",
///   "Token", "Expiration"}`. A `401` drops the cached token and tries once
///   more with a new one.
/// * Each request may take 1 second in all (the connect timeout is the HTTP
///   client's: 1 second with [`super::metadata_http_client`]). A server
///   error or an interrupted response is retried once; a connection failure
///   or timeout is not.
/// * Not configured (the chain's "nothing found"): the service cannot be
///   reached or times out on the token request (not on EC2), refuses tokens
///   (`403`, `404` or `405`), or has no role attached (`404` on the role
///   list). Every other failure is a provider error.
#[derive(Clone)]
pub struct ImdsProvider {
    env: Environment,
    http: reqwest::Client,
    token: Arc<Mutex<Option<CachedToken>>>,
}

struct CachedToken {
    /// The endpoint the token belongs to.
    base: String,
    value: HeaderValue,
    valid_until: Instant,
}

/// A response: status, headers and body.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// Why a request produced no response.
struct SendError {
    /// Connection failure or timeout: nothing answered.
    unreachable: bool,
    error: CredentialsError,
}

impl ImdsProvider {
    /// A provider reading `env` and sending requests with `http`. Clones
    /// share the cached session token.
    pub fn new(env: Environment, http: reqwest::Client) -> Self {
        ImdsProvider { env, http, token: Arc::new(Mutex::new(None)) }
    }

    fn disabled(&self) -> bool {
        self.env.non_empty_var("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The endpoint, without a trailing `/`.
    fn endpoint(&self) -> Result<String, CredentialsError> {
        if let Some(endpoint) = self.env.non_empty_var("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            let url = reqwest::Url::parse(&endpoint).map_err(|e| {
                let message = format!("AWS_EC2_METADATA_SERVICE_ENDPOINT is not a valid URL: {e}");
                CredentialsError::provider_error(NAME, message)
            })?;
            if !matches!(url.scheme(), "http" | "https") {
                let message = "AWS_EC2_METADATA_SERVICE_ENDPOINT must be an http or https URL";
                return Err(CredentialsError::provider_error(NAME, message));
            }
            return Ok(endpoint.trim_end_matches('/').to_owned());
        }
        match self.env.non_empty_var("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") {
            None => Ok(DEFAULT_ENDPOINT.to_owned()),
            Some(mode) if mode.eq_ignore_ascii_case("ipv4") => Ok(DEFAULT_ENDPOINT.to_owned()),
            Some(mode) if mode.eq_ignore_ascii_case("ipv6") => Ok(IPV6_ENDPOINT.to_owned()),
            Some(mode) => Err(CredentialsError::provider_error(
                NAME,
                format!(
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is `{}`; expected IPv4 or IPv6",
                    excerpt(mode.as_bytes())
                ),
            )),
        }
    }

    /// Sends one request, retrying once after a server error or a transport
    /// failure other than a connection failure or timeout.
    async fn send(&self, method: Method, url: &str, header: (&str, HeaderValue)) -> Result<Reply, SendError> {
        let mut retried = false;
        loop {
            let request = self.http.request(method.clone(), url).timeout(TIMEOUT).header(header.0, header.1.clone());
            let failure = match request.send().await {
                Ok(response) if response.status().is_server_error() && !retried => None,
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match read_body(NAME, url, response).await {
                        Ok(body) => return Ok(Reply { status, headers, body }),
                        Err(error) => Some(SendError { unreachable: false, error }),
                    }
                }
                Err(e) => {
                    let unreachable = e.is_connect() || e.is_timeout();
                    let error = CredentialsError::provider_error(NAME, format!("{method} {url} {}", describe(&e)));
                    Some(SendError { unreachable, error: error.with_source(e) })
                }
            };
            match failure {
                Some(failure) if failure.unreachable || retried => return Err(failure),
                _ => retried = true,
            }
        }
    }

    /// A session token for `base`, cached or new.
    async fn token(&self, base: &str) -> Result<HeaderValue, CredentialsError> {
        {
            let cached = self.token.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(token) = cached.as_ref()
                && token.base == base
                && Instant::now() < token.valid_until
            {
                return Ok(token.value.clone());
            }
        }
        let url = format!("{base}{TOKEN_PATH}");
        let reply = self.send(Method::PUT, &url, (TTL_HEADER, HeaderValue::from(TOKEN_TTL_SECS))).await.map_err(
            |SendError { unreachable, error }| {
                if unreachable {
                    let message = format!("the instance metadata service is not reachable: {}", error.message());
                    CredentialsError::not_configured(NAME, message)
                } else {
                    error
                }
            },
        )?;
        match reply.status {
            StatusCode::OK => {}
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => {
                let message = format!("PUT {url} returned HTTP {}: no IMDSv2 session tokens here", reply.status);
                return Err(CredentialsError::not_configured(NAME, message));
            }
            status => return Err(status_error(NAME, "PUT", &url, status, &reply.body)),
        }
        let text = String::from_utf8_lossy(&reply.body);
        let mut value = match HeaderValue::from_str(text.trim()) {
            Ok(value) if !value.is_empty() => value,
            _ => {
                let message = format!("PUT {url} returned an empty or malformed session token");
                return Err(CredentialsError::provider_error(NAME, message));
            }
        };
        value.set_sensitive(true);
        let ttl = reply
            .headers
            .get(TTL_HEADER)
            .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
            .unwrap_or(TOKEN_TTL_SECS)
            .min(TOKEN_TTL_SECS);
        let lifetime = Duration::from_secs(ttl).saturating_sub(TOKEN_MARGIN.min(Duration::from_secs(ttl / 2)));
        let token = CachedToken { base: base.to_owned(), value: value.clone(), valid_until: Instant::now() + lifetime };
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = Some(token);
        Ok(value)
    }

    /// `GET base + path` with a session token; after a `401`, once more with
    /// a new token.
    async fn get(&self, base: &str, path: &str) -> Result<(String, Reply), CredentialsError> {
        let url = format!("{base}{path}");
        let mut retried = false;
        loop {
            let token = self.token(base).await?;
            let reply = self.send(Method::GET, &url, (TOKEN_HEADER, token)).await.map_err(|e| e.error)?;
            if reply.status == StatusCode::UNAUTHORIZED && !retried {
                *self.token.lock().unwrap_or_else(PoisonError::into_inner) = None;
                retried = true;
                continue;
            }
            return Ok((url, reply));
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if self.disabled() {
            return Err(CredentialsError::not_configured(NAME, "AWS_EC2_METADATA_DISABLED is true"));
        }
        let base = self.endpoint()?;
        let (url, reply) = self.get(&base, ROLES_PATH).await?;
        match reply.status {
            status if status.is_success() => {}
            StatusCode::NOT_FOUND => {
                let message = format!("GET {url} returned HTTP 404: no IAM role is attached to the instance");
                return Err(CredentialsError::not_configured(NAME, message));
            }
            status => return Err(status_error(NAME, "GET", &url, status, &reply.body)),
        }
        let roles = String::from_utf8_lossy(&reply.body);
        let Some(role) = roles.lines().map(str::trim).find(|line| !line.is_empty()) else {
            let message = format!("GET {url} returned no role name: no IAM role is attached to the instance");
            return Err(CredentialsError::not_configured(NAME, message));
        };
        if !role.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)) {
            let message = format!("GET {url} returned a malformed role name `{}`", excerpt(role.as_bytes()));
            return Err(CredentialsError::provider_error(NAME, message));
        }
        let (url, reply) = self.get(&base, &format!("{ROLES_PATH}{role}")).await?;
        if !reply.status.is_success() {
            return Err(status_error(NAME, "GET", &url, reply.status, &reply.body));
        }
        parse_credentials_json(NAME, &reply.body)
    }
}

impl fmt::Debug for ImdsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.token.lock().unwrap_or_else(PoisonError::into_inner).is_some();
        f.debug_struct("ImdsProvider")
            .field("env", &self.env)
            .field("http", &self.http)
            .field("session_token", &if cached { "cached (redacted)" } else { "none" })
            .finish()
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
