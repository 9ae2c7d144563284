//! [`ProviderConfig`]: what the credentials providers share (environment,
//! HTTP clients, region, retry settings), and the one place their calls to
//! AWS services (STS, SSO, SSO-OIDC) are sent and retried.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::StatusCode;

use super::http::{excerpt, send};
use super::{CredentialsError, Environment};
use crate::client::RetryConfig;
use crate::client::retry::{backoff, classify_response};

/// The region STS is called in when none is configured, as in the AWS SDKs.
const FALLBACK_STS_REGION: &str = "us-east-1";

/// What the credentials providers share: the [`Environment`] they read, the
/// HTTP clients they send with, the region STS is called in and the retry
/// settings of their calls to AWS services.
///
/// Cheap to clone. HTTP clients not given are built on first use: one for
/// the container and instance metadata endpoints (see
/// [`super::metadata_http_client`]), one for STS, SSO and SSO-OIDC (proxies
/// honoured, 3.1 s connect timeout, 30 s per request).
#[derive(Clone)]
pub struct ProviderConfig {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    env: Environment,
    region: Option<String>,
    retry: RetryConfig,
    metadata_http: OnceLock<reqwest::Client>,
    service_http: OnceLock<reqwest::Client>,
}

impl ProviderConfig {
    /// Providers reading `env`, with the default retry settings and the
    /// region found in `env` (see [`super::default_region`]).
    pub fn new(env: Environment) -> Self {
        ProviderConfig {
            inner: Arc::new(Inner {
                env,
                region: None,
                retry: RetryConfig::default(),
                metadata_http: OnceLock::new(),
                service_http: OnceLock::new(),
            }),
        }
    }

    fn with_inner(self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Arc::unwrap_or_clone(self.inner);
        change(&mut inner);
        ProviderConfig { inner: Arc::new(inner) }
    }

    /// Calls STS in this region (instead of the one found in the environment).
    #[must_use]
    pub fn with_region(self, region: impl Into<String>) -> Self {
        let region = region.into();
        self.with_inner(|inner| inner.region = Some(region))
    }

    /// Retries calls to STS, SSO and SSO-OIDC with these settings.
    #[must_use]
    pub fn with_retry_config(self, retry: RetryConfig) -> Self {
        self.with_inner(|inner| inner.retry = retry)
    }

    /// Sends container and instance metadata requests with this client.
    #[must_use]
    pub fn with_metadata_http_client(self, http: reqwest::Client) -> Self {
        self.with_inner(|inner| inner.metadata_http = OnceLock::from(http))
    }

    /// Sends STS, SSO and SSO-OIDC requests with this client.
    #[must_use]
    pub fn with_service_http_client(self, http: reqwest::Client) -> Self {
        self.with_inner(|inner| inner.service_http = OnceLock::from(http))
    }

    /// The environment the providers read.
    pub fn env(&self) -> &Environment {
        &self.inner.env
    }

    /// The region STS is called in: the configured one, else the
    /// environment's, else `us-east-1`.
    pub(crate) fn sts_region(&self) -> String {
        self.inner
            .region
            .clone()
            .or_else(|| super::default_region(&self.inner.env))
            .unwrap_or_else(|| FALLBACK_STS_REGION.to_owned())
    }

    pub(crate) fn metadata_http(&self, provider: &'static str) -> Result<reqwest::Client, CredentialsError> {
        client(&self.inner.metadata_http, provider, super::metadata_http_client)
    }

    fn service_http(&self, provider: &'static str) -> Result<reqwest::Client, CredentialsError> {
        client(&self.inner.service_http, provider, || {
            super::install_default_crypto_provider();
            reqwest::Client::builder()
                .connect_timeout(Duration::from_millis(3100))
                .timeout(Duration::from_secs(30))
                .build()
        })
    }

    /// Sends a request to an AWS service and returns the status and body of
    /// the last attempt. `build` makes the request for a URL (called once
    /// per attempt, so signatures are fresh); `what` names the call in
    /// errors, e.g. `STS AssumeRole (POST https://sts…/)`. Transport
    /// failures, throttling and server errors are retried with the retry
    /// settings; `error_code` reads the service's error code from a body.
    pub(crate) async fn call(
        &self,
        provider: &'static str,
        what: &str,
        url: &reqwest::Url,
        error_code: fn(&[u8]) -> Option<String>,
        build: impl Fn(&reqwest::Client, reqwest::Url) -> Result<reqwest::RequestBuilder, CredentialsError>,
    ) -> Result<(StatusCode, Vec<u8>), CredentialsError> {
        let http = self.service_http(provider)?;
        let target = self.inner.env.route(url);
        let retry = &self.inner.retry;
        let mut attempt = 1;
        loop {
            let request = build(&http, target.clone())?;
            match send(provider, what, request).await {
                Ok((status, body)) if status.is_success() => return Ok((status, body)),
                Ok((status, body)) => {
                    let code = error_code(&body);
                    let retryable = classify_response(status.as_u16(), code.as_deref(), &[]).is_some();
                    if attempt >= retry.max_attempts() || !retryable {
                        return Ok((status, body));
                    }
                }
                Err((_, error)) if attempt >= retry.max_attempts() => return Err(error),
                Err(_) => {}
            }
            tokio::time::sleep(backoff(retry, attempt)).await;
            attempt += 1;
        }
    }
}

fn client(
    cell: &OnceLock<reqwest::Client>,
    provider: &'static str,
    build: impl FnOnce() -> reqwest::Result<reqwest::Client>,
) -> Result<reqwest::Client, CredentialsError> {
    if let Some(client) = cell.get() {
        return Ok(client.clone());
    }
    let client = build().map_err(|e| {
        CredentialsError::provider_error(provider, format!("cannot build the HTTP client: {e}")).with_source(e)
    })?;
    Ok(cell.get_or_init(|| client).clone())
}

/// A provider error for a failed call to an AWS service: `what` failed with
/// the HTTP status, and the service's error code and message when `parse`
/// finds them (error bodies hold no credentials), else the start of the body.
pub(crate) fn service_error(
    provider: &'static str,
    what: &str,
    status: StatusCode,
    body: &[u8],
    parse: fn(&[u8]) -> Option<(String, String)>,
) -> CredentialsError {
    let detail = match parse(body) {
        Some((code, message)) if message.is_empty() => excerpt(code.as_bytes()),
        Some((code, message)) => format!("{}: {}", excerpt(code.as_bytes()), excerpt(message.as_bytes())),
        None => excerpt(body),
    };
    let mut message = format!("{what} returned HTTP {status}");
    if !detail.is_empty() {
        message.push_str(": ");
        message.push_str(&detail);
    }
    CredentialsError::provider_error(provider, message)
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("env", &self.inner.env)
            .field("region", &self.inner.region)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}
