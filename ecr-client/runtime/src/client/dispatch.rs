//! Sending one operation call: endpoint, signing, attempts with retries and timeouts.
//!
//! Non-generic on purpose: generated code passes the serialized input and gets the
//! response body (or a raw service error) back, so this code is compiled once, not
//! once per operation.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::config::Config;
use super::endpoint::{self, Endpoint};
use super::error::{
    ConstructionFailure, DispatchFailure, DispatchKind, RawServiceError, SdkError, TimeoutError, TimeoutKind,
};
use super::retry::{self, RetryKind, TokenBucket};
use crate::ErrorMetadata;
use crate::credentials::{Credentials, ProvideCredentials};
use crate::rules::{EndpointError, ResolvedEndpoint};
use crate::sigv4::{SignableRequest, SigningKeyCache, SigningParams};

/// What generated code tells the runtime about its service.
#[derive(Debug, Clone, Copy)]
pub struct ServiceInfo {
    /// Prefix of `X-Amz-Target` (the service shape's name).
    pub target_prefix: &'static str,
    /// `Content-Type` of the protocol.
    pub content_type: &'static str,
    /// SigV4 signing name; `None` for an unsigned service.
    pub signing_name: Option<&'static str>,
    /// Suffix of the service-specific `AWS_ENDPOINT_URL_<suffix>` variable.
    pub env_suffix: &'static str,
    /// `User-Agent` product token, e.g. `name/version`.
    pub user_agent: &'static str,
    /// Codes of modeled `@retryable` errors, with whether they are throttling.
    pub retryable_errors: &'static [(&'static str, bool)],
}

/// What a client shares between calls: configuration, HTTP connections, signing keys,
/// cached credentials and the retry token bucket.
#[derive(Debug)]
pub struct Handle {
    config: Config,
    http: Result<reqwest::Client, String>,
    signing_keys: SigningKeyCache,
    bucket: TokenBucket,
    credentials: Option<crate::credentials::CredentialsCache>,
}

impl Handle {
    /// A handle for a configuration. Never fails: a problem building the HTTP client
    /// is reported by the first call.
    pub fn new(config: &Config) -> Arc<Handle> {
        let http = match &config.http_client {
            Some(client) => Ok(client.clone()),
            None => {
                crate::credentials::install_default_crypto_provider();
                let mut builder = reqwest::Client::builder().pool_idle_timeout(Duration::from_secs(30));
                if let Some(connect) = config.timeouts.connect {
                    builder = builder.connect_timeout(connect);
                }
                builder.build().map_err(|e| format!("cannot build the HTTP client: {e}"))
            }
        };
        let credentials = config.credentials.clone().map(crate::credentials::CredentialsCache::from_arc);
        Arc::new(Handle {
            config: config.clone(),
            http,
            signing_keys: SigningKeyCache::default(),
            bucket: TokenBucket::default(),
            credentials,
        })
    }

    /// The configuration the handle was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// Outcome of one attempt.
enum Attempt {
    Success(Vec<u8>),
    ServiceError(RawServiceError),
    Timeout(TimeoutError),
    Dispatch(DispatchFailure),
}

/// Where one call goes and how it is signed, from the endpoint the rule set resolved.
struct Route {
    endpoint: Endpoint,
    /// Headers the endpoint adds.
    headers: Vec<(String, String)>,
    /// Signing name and region, the endpoint's `authSchemes` first.
    signing_name: Option<String>,
    signing_region: Option<String>,
}

impl Route {
    fn new(
        handle: &Handle,
        service: &ServiceInfo,
        resolved: &ResolvedEndpoint,
        host_prefix: Option<&str>,
    ) -> Result<Route, String> {
        let endpoint = endpoint::target(resolved, host_prefix)?;
        let (name, region) = endpoint::signing_override(resolved)?;
        let headers = resolved
            .headers
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |value| (name.to_ascii_lowercase(), value.clone())))
            .collect();
        let signing_region = region.or_else(|| handle.config.region.clone());
        if service.signing_name.is_some() && signing_region.is_none() {
            return Err("no region is configured to sign requests for: set it in the config, or AWS_REGION, or the \
                        profile's `region`"
                .to_owned());
        }
        Ok(Route {
            endpoint,
            headers,
            signing_name: service.signing_name.map(|service_name| name.unwrap_or_else(|| service_name.to_owned())),
            signing_region,
        })
    }
}

/// Calls an operation: `body` is the serialized input, `resolved` the endpoint the
/// service's rules gave. Returns the body of a 2xx response, or the error after
/// retries are exhausted.
pub async fn invoke(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: &ResolvedEndpoint,
    host_prefix: Option<&str>,
    body: Vec<u8>,
) -> Result<Vec<u8>, SdkError<RawServiceError>> {
    let route = Route::new(handle, service, resolved, host_prefix).map_err(SdkError::construction)?;
    match handle.config.timeouts.operation {
        Some(limit) => match tokio::time::timeout(
            limit,
            invoke_with_retries(handle, service, operation, &route, body, Some(Instant::now() + limit)),
        )
        .await
        {
            Ok(result) => result,
            Err(_) => Err(SdkError::TimeoutError(TimeoutError::new(TimeoutKind::Operation, limit))),
        },
        None => invoke_with_retries(handle, service, operation, &route, body, None).await,
    }
}

async fn invoke_with_retries(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    route: &Route,
    body: Vec<u8>,
    deadline: Option<Instant>,
) -> Result<Vec<u8>, SdkError<RawServiceError>> {
    let http = handle.http.as_ref().map_err(|message| SdkError::construction(message.clone()))?;
    let target = format!("{}.{operation}", service.target_prefix);
    let retry_config = &handle.config.retry;
    let mut retry_cost = None;
    let mut attempt_number = 1;
    loop {
        let credentials = match (&handle.credentials, service.signing_name) {
            (Some(cache), Some(_)) => Some(cache.provide_credentials().await.map_err(|e| {
                SdkError::ConstructionFailure(ConstructionFailure::new("failed to load credentials", Some(Box::new(e))))
            })?),
            (None, Some(_)) => {
                return Err(SdkError::construction(
                    "no credentials provider is configured (use Config::from_env or set credentials)",
                ));
            }
            (_, None) => None,
        };
        let outcome = attempt(handle, http, service, route, &target, &body, credentials.as_ref()).await;
        let (kind, error) = match outcome {
            Attempt::Success(bytes) => {
                handle.bucket.release(retry_cost);
                return Ok(bytes);
            }
            Attempt::ServiceError(raw) => {
                let kind =
                    retry::classify_response(raw.meta.status().unwrap_or(0), raw.meta.code(), service.retryable_errors);
                let meta = raw.meta.clone();
                (kind, SdkError::ServiceError(super::error::ServiceError::new(raw, meta)))
            }
            Attempt::Timeout(timeout) => (Some(RetryKind::Timeout), SdkError::TimeoutError(timeout)),
            Attempt::Dispatch(failure) => {
                let kind =
                    matches!(failure.kind(), DispatchKind::Connect | DispatchKind::Io).then_some(RetryKind::Transient);
                (kind, SdkError::DispatchFailure(failure))
            }
        };
        let Some(kind) = kind else { return Err(error) };
        if attempt_number >= retry_config.max_attempts {
            return Err(error);
        }
        let Some(cost) = handle.bucket.acquire(kind) else { return Err(error) };
        let delay = retry::backoff(retry_config, attempt_number);
        if let Some(deadline) = deadline
            && Instant::now() + delay >= deadline
        {
            // Waiting would outlive the operation timeout: give up with the last error.
            return Err(error);
        }
        tokio::time::sleep(delay).await;
        retry_cost = Some(cost);
        attempt_number += 1;
    }
}

async fn attempt(
    handle: &Handle,
    http: &reqwest::Client,
    service: &ServiceInfo,
    route: &Route,
    target: &str,
    body: &[u8],
    credentials: Option<&Credentials>,
) -> Attempt {
    let endpoint = &route.endpoint;
    // Every awsJson operation is bound to `/`, which joins the endpoint's own path
    // (`https://host/custom` is called at `/custom/`).
    let path = if endpoint.path.ends_with('/') { endpoint.path.clone() } else { format!("{}/", endpoint.path) };
    let url = format!("{}://{}{path}", endpoint.scheme, endpoint.authority);
    let mut headers: Vec<(String, String)> = vec![
        ("host".to_owned(), endpoint.authority.clone()),
        ("content-type".to_owned(), service.content_type.to_owned()),
        ("x-amz-target".to_owned(), target.to_owned()),
    ];
    headers.extend(route.headers.iter().cloned());
    if let (Some(credentials), Some(signing_name), Some(region)) =
        (credentials, route.signing_name.as_deref(), route.signing_region.as_deref())
    {
        let request = SignableRequest { method: "POST", uri: &path, headers: &headers, body };
        let params = SigningParams {
            access_key_id: credentials.access_key_id(),
            secret_access_key: credentials.secret_access_key(),
            session_token: credentials.session_token(),
            region,
            service: signing_name,
            time: SystemTime::now(),
        };
        let signature = handle.signing_keys.sign_cached(&request, &params);
        signature.apply(&mut headers);
    }
    let mut request = http.post(url).body(body.to_vec()).header("user-agent", service.user_agent);
    for (name, value) in headers.iter().filter(|(name, _)| name != "host") {
        request = request.header(name.as_str(), value.as_str());
    }
    let exchange = async {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let header = {
            let headers = response.headers().clone();
            move |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
        };
        let bytes = response.bytes().await?;
        Ok::<_, reqwest::Error>((status, header, bytes))
    };
    let result = match handle.config.timeouts.attempt {
        Some(limit) => match tokio::time::timeout(limit, exchange).await {
            Ok(result) => result,
            Err(_) => return Attempt::Timeout(TimeoutError::new(TimeoutKind::Attempt, limit)),
        },
        None => exchange.await,
    };
    match result {
        Ok((status, _, bytes)) if (200..300).contains(&status) => Attempt::Success(bytes.to_vec()),
        Ok((status, header, bytes)) => {
            let meta = ErrorMetadata::from_response(status, &header, &bytes);
            Attempt::ServiceError(RawServiceError { meta, body: bytes.to_vec() })
        }
        Err(error) if error.is_timeout() && error.is_connect() => Attempt::Timeout(TimeoutError::new(
            TimeoutKind::Connect,
            handle.config.timeouts.connect.unwrap_or_default(),
        )),
        Err(error) => {
            let kind = if error.is_connect() {
                DispatchKind::Connect
            } else if error.is_request() || error.is_body() || error.is_decode() {
                DispatchKind::Io
            } else {
                DispatchKind::Other
            };
            Attempt::Dispatch(DispatchFailure::new(kind, Box::new(error)))
        }
    }
}

/// Parses a 2xx response body as an operation's output (an empty body is `{}`).
pub fn parse_output<T: serde::de::DeserializeOwned, E>(body: &[u8]) -> Result<T, SdkError<E>> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { body };
    serde_json::from_slice(body).map_err(|error| {
        let excerpt: String = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        SdkError::response(format!("cannot parse the output from `{excerpt}`"), 200, Some(Box::new(error)))
    })
}

/// Calls an operation end to end: serializes `input`, [`invoke`]s at the resolved
/// endpoint, parses the output, and types a service error with `from_response`
/// (the operation's error enum).
#[allow(clippy::too_many_arguments)] // one flat call keeps generated code short
pub async fn call<I: serde::Serialize, O: serde::de::DeserializeOwned, E>(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: Result<ResolvedEndpoint, EndpointError>,
    host_prefix: Option<&str>,
    input: &I,
    from_response: fn(&ErrorMetadata, &[u8]) -> E,
) -> Result<O, SdkError<E>> {
    let body = serde_json::to_vec(input).map_err(|error| {
        SdkError::ConstructionFailure(ConstructionFailure::new(
            format!("{operation}: cannot serialize the input"),
            Some(Box::new(error)),
        ))
    })?;
    let resolved = resolved.map_err(|error| {
        SdkError::ConstructionFailure(ConstructionFailure::new(format!("{operation}: {error}"), Some(Box::new(error))))
    })?;
    let response = invoke(handle, service, operation, &resolved, host_prefix, body)
        .await
        .map_err(|error| error.map_service_error(|raw| from_response(&raw.meta, &raw.body_for_typing())))?;
    parse_output(&response)
}
