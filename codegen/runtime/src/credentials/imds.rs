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
/// The total time allowed for each request, by default.
const TIMEOUT: Duration = Duration::from_secs(1);
/// Attempts per request, by default.
const DEFAULT_ATTEMPTS: u32 = 2;

/// Per-request limits, read from the settings at each fetch.
#[derive(Clone, Copy)]
struct Limits {
    attempts: u32,
    timeout: Duration,
}

/// Credentials of the instance's IAM role from the EC2 instance metadata
/// service (IMDSv2).
///
/// * `AWS_EC2_METADATA_DISABLED=true` (any case): not configured.
/// * Endpoint, first found: [`ImdsProvider::with_endpoint`],
///   `AWS_EC2_METADATA_SERVICE_ENDPOINT` (e.g. `http://127.0.0.1:8080`), the
///   profile's `ec2_metadata_service_endpoint`; else by endpoint mode
///   ([`ImdsProvider::with_endpoint_mode`],
///   `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, profile
///   `ec2_metadata_service_endpoint_mode`; `IPv4` or `IPv6`, any case):
///   `http://169.254.169.254` or `http://[fd00:ec2::254]`.
/// * `PUT /latest/api/token` with `x-aws-ec2-metadata-token-ttl-seconds`
///   (21600 s unless [`ImdsProvider::with_token_ttl`] says otherwise) gives a
///   session token, cached until its TTL (as returned in the same header)
///   minus a minute; then, with the token in
///   `x-aws-ec2-metadata-token`, `GET
///   /latest/meta-data/iam/security-credentials/` gives the role name (first
///   line) and `GET /latest/meta-data/iam/security-credentials/<role>` the
///   credentials `{"Code": "Success", "AccessKeyId", "SecretAccessKey",
///   "Token", "Expiration"}`. A `401` drops the cached token and tries once
///   more with a new one.
/// * Each request may take 1 second in all (`AWS_METADATA_SERVICE_TIMEOUT` /
///   profile `metadata_service_timeout`, in seconds; the connect timeout is
///   the HTTP client's: 1 second with [`super::metadata_http_client`]). A
///   server error or an interrupted response is tried again, up to 2
///   attempts in all (`AWS_METADATA_SERVICE_NUM_ATTEMPTS` / profile
///   `metadata_service_num_attempts`); a connection failure or timeout is
///   not.
/// * Not configured (the chain's "nothing found"): the service cannot be
///   reached or times out on the token request (not on EC2), refuses tokens
///   (`403`, `404` or `405`), or has no role attached (`404` on the role
///   list). Every other failure is a provider error.
#[derive(Clone)]
pub struct ImdsProvider {
    env: Environment,
    http: reqwest::Client,
    token: Arc<Mutex<Option<CachedToken>>>,
    endpoint: Option<String>,
    mode: Option<ImdsEndpointMode>,
    token_ttl: Duration,
}

/// Which default address the instance metadata service is reached at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImdsEndpointMode {
    /// `http://169.254.169.254`.
    IPv4,
    /// `http://[fd00:ec2::254]`.
    IPv6,
}

impl ImdsEndpointMode {
    /// `IPv4` or `IPv6`, in any case.
    fn parse(text: &str, origin: &str) -> Result<Self, CredentialsError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ipv4" => Ok(ImdsEndpointMode::IPv4),
            "ipv6" => Ok(ImdsEndpointMode::IPv6),
            _ => Err(CredentialsError::provider_error(
                NAME,
                format!("{origin} is `{}`, not a valid endpoint mode; expected IPv4 or IPv6", excerpt(text.as_bytes())),
            )),
        }
    }
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
        ImdsProvider {
            env,
            http,
            token: Arc::new(Mutex::new(None)),
            endpoint: None,
            mode: None,
            token_ttl: Duration::from_secs(TOKEN_TTL_SECS),
        }
    }

    /// Uses this endpoint (e.g. `http://127.0.0.1:8080`), whatever the
    /// environment and profile say.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Uses this endpoint mode unless an endpoint is configured explicitly
    /// or by `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
    #[must_use]
    pub fn with_endpoint_mode(mut self, mode: ImdsEndpointMode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Asks for session tokens of this lifetime (1 second to 6 hours;
    /// default 6 hours).
    #[must_use]
    pub fn with_token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl.clamp(Duration::from_secs(1), Duration::from_secs(TOKEN_TTL_SECS));
        self
    }

    /// A setting of the selected profile; a bad shared file is a provider error.
    fn profile_setting(&self, key: &str) -> Result<Option<String>, CredentialsError> {
        super::try_profile_setting(&self.env, key)
            .map_err(|e| CredentialsError::provider_error(NAME, format!("shared file {e}")).with_source(e))
    }

    /// A numeric setting: the variable, else the profile key.
    fn number_setting(&self, variable: &str, key: &str) -> Result<Option<u64>, CredentialsError> {
        let (value, origin) = match self.env.non_empty_var(variable) {
            Some(value) => (value, variable.to_owned()),
            None => match self.profile_setting(key)? {
                Some(value) => (value, format!("profile setting `{key}`")),
                None => return Ok(None),
            },
        };
        match value.trim().parse::<u64>() {
            Ok(number) if number > 0 => Ok(Some(number)),
            _ => Err(CredentialsError::provider_error(
                NAME,
                format!("{origin} is `{}`; expected a positive whole number", excerpt(value.as_bytes())),
            )),
        }
    }

    fn disabled(&self) -> bool {
        self.env.non_empty_var("AWS_EC2_METADATA_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The endpoint, without a trailing `/`.
    #[doc(hidden)]
    pub fn endpoint(&self) -> Result<String, CredentialsError> {
        let configured = match &self.endpoint {
            Some(endpoint) => Some((endpoint.clone(), "the configured endpoint".to_owned())),
            None => match self.env.non_empty_var("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
                Some(endpoint) => Some((endpoint, "AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned())),
                None => self
                    .profile_setting("ec2_metadata_service_endpoint")?
                    .map(|endpoint| (endpoint, "profile setting `ec2_metadata_service_endpoint`".to_owned())),
            },
        };
        if let Some((endpoint, origin)) = configured {
            let url = reqwest::Url::parse(endpoint.trim())
                .map_err(|e| CredentialsError::provider_error(NAME, format!("{origin} is not a valid URL: {e}")))?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
                let message = format!("{origin} must be an http or https URL with a host");
                return Err(CredentialsError::provider_error(NAME, message));
            }
            return Ok(endpoint.trim().trim_end_matches('/').to_owned());
        }
        let mode = match self.mode {
            Some(mode) => mode,
            None => match self.env.non_empty_var("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") {
                Some(mode) => ImdsEndpointMode::parse(&mode, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")?,
                None => match self.profile_setting("ec2_metadata_service_endpoint_mode")? {
                    Some(mode) => {
                        ImdsEndpointMode::parse(&mode, "profile setting `ec2_metadata_service_endpoint_mode`")?
                    }
                    None => ImdsEndpointMode::IPv4,
                },
            },
        };
        Ok(match mode {
            ImdsEndpointMode::IPv4 => DEFAULT_ENDPOINT,
            ImdsEndpointMode::IPv6 => IPV6_ENDPOINT,
        }
        .to_owned())
    }

    /// Sends one request, retrying once after a server error or a transport
    /// failure other than a connection failure or timeout.
    async fn send(
        &self,
        limits: Limits,
        method: Method,
        url: &str,
        header: (&str, HeaderValue),
    ) -> Result<Reply, SendError> {
        let target = reqwest::Url::parse(url).map_err(|e| SendError {
            unreachable: false,
            error: CredentialsError::provider_error(NAME, format!("{url} is not a valid URL: {e}")),
        })?;
        let target = self.env.route(&target);
        let mut attempt = 1;
        loop {
            let retried = attempt >= limits.attempts;
            let request = self
                .http
                .request(method.clone(), target.clone())
                .timeout(limits.timeout)
                .header(header.0, header.1.clone());
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
                _ => attempt += 1,
            }
        }
    }

    /// A session token for `base`, cached or new.
    async fn token(&self, limits: Limits, base: &str) -> Result<HeaderValue, CredentialsError> {
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
        let ttl_secs = self.token_ttl.as_secs();
        let reply = self.send(limits, Method::PUT, &url, (TTL_HEADER, HeaderValue::from(ttl_secs))).await.map_err(
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
            .unwrap_or(ttl_secs)
            .min(ttl_secs);
        let lifetime = Duration::from_secs(ttl).saturating_sub(TOKEN_MARGIN.min(Duration::from_secs(ttl / 2)));
        let token = CachedToken { base: base.to_owned(), value: value.clone(), valid_until: Instant::now() + lifetime };
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = Some(token);
        Ok(value)
    }

    /// `GET base + path` with a session token; after a `401`, once more with
    /// a new token.
    async fn get(&self, limits: Limits, base: &str, path: &str) -> Result<(String, Reply), CredentialsError> {
        let url = format!("{base}{path}");
        let mut retried = false;
        loop {
            let token = self.token(limits, base).await?;
            let reply = self.send(limits, Method::GET, &url, (TOKEN_HEADER, token)).await.map_err(|e| e.error)?;
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
        let attempts = self.number_setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts")?;
        let timeout = self.number_setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout")?;
        let limits = Limits {
            attempts: attempts.map_or(DEFAULT_ATTEMPTS, |n| u32::try_from(n).unwrap_or(u32::MAX)),
            timeout: timeout.map_or(TIMEOUT, Duration::from_secs),
        };
        let (url, reply) = self.get(limits, &base, ROLES_PATH).await?;
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
        let (url, reply) = self.get(limits, &base, &format!("{ROLES_PATH}{role}")).await?;
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
