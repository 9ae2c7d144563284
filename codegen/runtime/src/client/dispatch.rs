//! Sending one operation call: endpoint, signing, attempts with retries and timeouts.
//!
//! Non-generic on purpose: a protocol's generated writer passes the request it built
//! (`send`, or `invoke` for awsJson's `POST /` with a target header) and gets the
//! response (or a raw service error) back, so this code is compiled once, not once per
//! operation.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::config::Config;
use super::endpoint::{self, Endpoint};
use super::error::{
    ConstructionFailure, DispatchFailure, DispatchKind, RawServiceError, SdkError, TimeoutError, TimeoutKind,
};
use super::request::{HttpRequest, HttpResponse, Signing};
use super::retry::{self, RetryKind, TokenBucket};
use super::skew::ClockOffset;
use super::stall::{self, DownloadWatch, SendLimit, StalledStreamProtection, UploadBody};
use super::upload::FileBody;
use crate::credentials::{Credentials, ProvideCredentials};
use crate::json::{ReadJson, WriteJson};
use crate::rules::{EndpointError, ResolvedEndpoint};
use crate::sigv4::{SignableRequest, SigningKeyCache, SigningParams};
use crate::{ByteStream, ErrorMetadata};

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
    /// `@awsQueryCompatible`: an error's code is the awsQuery one its
    /// `x-amzn-query-error` header names, as the service's older clients saw it.
    pub query_compatible: bool,
    /// Operations with `@httpChecksumRequired`, by name: their requests carry the
    /// body's MD5 as `Content-MD5` (of the body as sent, after any compression).
    pub checksum_required: &'static [&'static str],
    /// The generated crate's own log events (feature `tracing`), `None` without them.
    pub tracer: Option<super::trace::Tracer>,
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
    /// The service's clock minus ours, learnt from clock-skew errors.
    clock: ClockOffset,
    /// Answers calls instead of the service (`Handle::mocked`).
    pub(crate) mock: Option<super::mock::Mock>,
}

impl Handle {
    /// A handle for a configuration. Never fails: a problem building the HTTP client
    /// is reported by the first call.
    pub fn new(config: &Config) -> Arc<Handle> {
        let http = match &config.http_client {
            Some(client) => Ok(client.clone()),
            None => {
                crate::credentials::install_default_crypto_provider();
                // A redirect is answered as an error, as AWS SDKs do: following it would
                // resend a signed POST as a GET, or to another host.
                let mut builder = reqwest::Client::builder()
                    .pool_idle_timeout(config.pool.idle_timeout)
                    .pool_max_idle_per_host(config.pool.max_idle_per_host)
                    .redirect(reqwest::redirect::Policy::none());
                if let Some(connect) = config.timeouts.connect {
                    builder = builder.connect_timeout(connect);
                }
                config
                    .trust_ca_bundle(builder)
                    .and_then(|builder| builder.build().map_err(|e| format!("cannot build the HTTP client: {e}")))
            }
        };
        let credentials = config.credentials.clone().map(crate::credentials::CredentialsCache::from_arc);
        Arc::new(Handle {
            config: config.clone(),
            http,
            signing_keys: SigningKeyCache::default(),
            bucket: TokenBucket::default(),
            credentials,
            clock: ClockOffset::default(),
            mock: None,
        })
    }

    /// The configuration the handle was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How far the service's clock is from ours, as learnt from a clock-skew error:
    /// `(offset, whether the service is behind)`; zero until such an error.
    pub fn clock_skew(&self) -> (Duration, bool) {
        (self.clock.get(), self.clock.is_behind())
    }

    /// The account id of the credentials calls are signed with, for endpoint rules
    /// that route by account (`AWS::Auth::AccountId`). They are loaded through the
    /// cache the call itself uses next, so nothing is fetched twice. `None` for a mock
    /// client, without a credentials provider (the call then fails saying so), or when
    /// the credentials do not carry an account id.
    pub async fn account_id(&self) -> Result<Option<String>, ConstructionFailure> {
        let (None, Some(cache)) = (&self.mock, &self.credentials) else { return Ok(None) };
        let credentials = cache
            .provide_credentials()
            .await
            .map_err(|e| ConstructionFailure::new("failed to load credentials", Some(Box::new(e))))?;
        Ok(credentials.account_id().map(str::to_owned))
    }
}

/// How the body of a 2xx response is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyMode {
    /// Read whole (up to `max_response_size`) before the attempt ends.
    Whole,
    /// Handed over unread once the headers are in, as a [`ByteStream`] (an output
    /// whose payload is `@streaming`); error responses are still read whole.
    Streamed,
}

/// A received body: read, or (a streamed 2xx) still on the connection.
enum ReceivedBody {
    Read(Vec<u8>),
    Unread(reqwest::Response),
}

/// Outcome of one attempt.
enum Attempt {
    /// A 2xx response; a streamed body is the stream, the response's own is empty.
    Success(HttpResponse, Option<ByteStream>),
    /// An error response, with its `Date` header.
    ServiceError(RawServiceError, Option<String>),
    Timeout(TimeoutError),
    Dispatch(DispatchFailure),
    /// A response arrived whose body was not read (larger than the limit).
    Unreadable {
        status: u16,
        message: String,
    },
}

/// Why a response could not be received.
enum ExchangeError {
    Http(reqwest::Error),
    /// A timeout or the stalled-stream protection ended the exchange.
    Limit(TimeoutKind),
    /// The body is larger than `max_response_size`; it was not (fully) read.
    TooLarge {
        status: u16,
        message: String,
    },
}

impl From<reqwest::Error> for ExchangeError {
    fn from(error: reqwest::Error) -> Self {
        ExchangeError::Http(error)
    }
}

/// Reads a response body of at most `limit` bytes: a larger `Content-Length` is
/// refused before reading, and counting stops a body without one at the limit.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
    protection: &StalledStreamProtection,
) -> Result<Vec<u8>, ExchangeError> {
    let status = response.status().as_u16();
    if let Some(declared) = response.content_length()
        && declared > limit
    {
        let message = format!(
            "the body declares {declared} bytes (Content-Length), more than the limit of {limit} bytes \
             (max_response_size); it was not read"
        );
        return Err(ExchangeError::TooLarge { status, message });
    }
    let capacity = response.content_length().unwrap_or(0).min(limit).min(1 << 20);
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut watch = DownloadWatch::new(protection);
    loop {
        let Ok(next) = watch.next(response.chunk()).await else {
            return Err(ExchangeError::Limit(TimeoutKind::StalledDownload));
        };
        let Some(chunk) = next? else { break };
        if body.len() as u64 + chunk.len() as u64 > limit {
            let message = format!(
                "the body is larger than the limit of {limit} bytes (max_response_size); the rest of it was not read"
            );
            return Err(ExchangeError::TooLarge { status, message });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Where a region comes from, for errors of calls made without one.
const NO_REGION: &str = "no region is configured (set it in the config, or AWS_REGION, or the profile's `region`)";

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
        signing: Signing,
    ) -> Result<Route, String> {
        let endpoint = endpoint::target(resolved, host_prefix)?;
        let (name, region) = endpoint::signing_override(resolved)?;
        let headers = resolved
            .headers
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |value| (name.to_ascii_lowercase(), value.clone())))
            .collect();
        let signing_region = region.or_else(|| handle.config.region.clone());
        let service_signing_name = service.signing_name.filter(|_| signing != Signing::Never);
        if service_signing_name.is_some() && signing_region.is_none() {
            return Err(format!("{NO_REGION}; requests are signed for a region"));
        }
        Ok(Route {
            endpoint,
            headers,
            signing_name: service_signing_name.map(|service_name| name.unwrap_or_else(|| service_name.to_owned())),
            signing_region,
        })
    }
}

/// Calls an awsJson operation: `body` is the serialized input, `resolved` the endpoint
/// the service's rules gave. Returns the body of a 2xx response, or the error after
/// retries are exhausted.
pub async fn invoke(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: &ResolvedEndpoint,
    host_prefix: Option<&str>,
    body: Vec<u8>,
) -> Result<Vec<u8>, SdkError<RawServiceError>> {
    invoke_signed(handle, service, operation, resolved, host_prefix, body, Signing::Required).await
}

/// [`invoke`], signed as `signing` says (an operation's `@auth`).
async fn invoke_signed(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: &ResolvedEndpoint,
    host_prefix: Option<&str>,
    body: Vec<u8>,
    signing: Signing,
) -> Result<Vec<u8>, SdkError<RawServiceError>> {
    let request = HttpRequest {
        method: "POST",
        path_and_query: "/".to_owned(),
        headers: vec![
            ("content-type".to_owned(), service.content_type.to_owned()),
            ("x-amz-target".to_owned(), format!("{}.{operation}", service.target_prefix)),
        ],
        body,
        streamed: None,
        signing,
    };
    send(handle, service, operation, resolved, host_prefix, request).await.map(|response| response.body)
}

/// Sends a request a protocol wrote to the endpoint `resolved`, signed as
/// `request.signing` says, with retries and timeouts. Returns the 2xx response, or the
/// error after retries are exhausted.
pub async fn send(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: &ResolvedEndpoint,
    host_prefix: Option<&str>,
    request: HttpRequest,
) -> Result<HttpResponse, SdkError<RawServiceError>> {
    let sent = send_with(handle, service, operation, resolved, host_prefix, request, BodyMode::Whole).await;
    sent.map(|(response, _)| response)
}

/// [`send`] for an operation whose output streams: a 2xx response comes back as soon
/// as its headers are in, its body unread as a [`ByteStream`] (the response's own
/// body is empty). The operation, attempt and first-byte timeouts end with the
/// headers; a body that then stops moving ends its stream with an error after the
/// stalled-stream protection's grace period (with the protection off, nothing bounds
/// it). `max_response_size` does not apply to the stream. Error responses are read
/// whole and typed as [`send`] does.
pub async fn send_streaming(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: &ResolvedEndpoint,
    host_prefix: Option<&str>,
    request: HttpRequest,
) -> Result<(HttpResponse, ByteStream), SdkError<RawServiceError>> {
    let sent = send_with(handle, service, operation, resolved, host_prefix, request, BodyMode::Streamed).await;
    sent.map(|(response, body)| (response, body.unwrap_or_default()))
}

async fn send_with(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: &ResolvedEndpoint,
    host_prefix: Option<&str>,
    mut request: HttpRequest,
    mode: BodyMode,
) -> Result<(HttpResponse, Option<ByteStream>), SdkError<RawServiceError>> {
    let file = super::upload::declare_payload(&mut request)
        .await
        .map_err(|message| SdkError::construction(format!("{operation}: {message}")))?;
    if service.checksum_required.contains(&operation) {
        if file.is_some() {
            return Err(SdkError::construction(format!(
                "{operation}: the operation requires Content-MD5, which is not computed for a payload sent from a file; \
                 send the bytes instead"
            )));
        }
        request.headers.push(("content-md5".to_owned(), super::content_md5::content_md5(&request.body)));
    }
    let route = Route::new(handle, service, resolved, host_prefix, request.signing).map_err(SdkError::construction)?;
    let call = Call { service, operation, route: &route, request: &request, file: file.as_ref(), mode };
    match handle.config.timeouts.operation {
        Some(limit) => {
            match tokio::time::timeout(limit, invoke_with_retries(handle, &call, Some(Instant::now() + limit))).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::TimeoutError(TimeoutError::new(TimeoutKind::Operation, limit))),
            }
        }
        None => invoke_with_retries(handle, &call, None).await,
    }
}

/// What every attempt of one call sends, and how its response is taken.
struct Call<'a> {
    service: &'a ServiceInfo,
    operation: &'a str,
    route: &'a Route,
    request: &'a HttpRequest,
    /// The file a streamed payload is sent from, instead of the request's body.
    file: Option<&'a FileBody>,
    mode: BodyMode,
}

async fn invoke_with_retries(
    handle: &Handle,
    call: &Call<'_>,
    deadline: Option<Instant>,
) -> Result<(HttpResponse, Option<ByteStream>), SdkError<RawServiceError>> {
    let Call { service, operation, route, request, .. } = *call;
    let http = handle.http.as_ref().map_err(|message| SdkError::construction(message.clone()))?;
    let retry_config = &handle.config.retry;
    let mut retry_cost = None;
    let mut attempt_number = 1;
    // Set once a clock-skew error corrected the clock: that resend is free (no token, no
    // backoff, not counted against `max_attempts`), and happens at most once per call.
    let mut skew_corrected = false;
    loop {
        super::trace::attempt(attempt_number);
        let credentials = match (&handle.credentials, route.signing_name.is_some(), request.signing) {
            (_, false, _) | (_, _, Signing::Never) | (None, _, Signing::Optional) => None,
            // Optional signing: a source that fails means the call goes unsigned.
            (Some(cache), true, Signing::Optional) => cache.provide_credentials().await.ok(),
            (Some(cache), true, Signing::Required) => Some(cache.provide_credentials().await.map_err(|e| {
                SdkError::ConstructionFailure(ConstructionFailure::new("failed to load credentials", Some(Box::new(e))))
            })?),
            (None, true, Signing::Required) => {
                return Err(SdkError::construction(
                    "no credentials provider is configured (use Config::from_env or set credentials)",
                ));
            }
        };
        // Which clock offset signs this attempt: a skew error is judged against it, so
        // calls signed before another call corrected the clock are resent too.
        let offset = handle.clock.current();
        let signer = credentials.as_ref().map(|credentials| (credentials, handle.clock.time(offset)));
        let outcome = attempt(handle, http, call, signer).await;
        let (kind, error) = match outcome {
            Attempt::Success(response, body) => {
                handle.bucket.release(retry_cost);
                return Ok((response, body));
            }
            Attempt::ServiceError(raw, date) => {
                if !skew_corrected && handle.clock.correct(raw.meta.code(), date.as_deref(), offset) {
                    skew_corrected = true;
                    attempt_number += 1;
                    continue;
                }
                let kind =
                    retry::classify_response(raw.meta.status().unwrap_or(0), raw.meta.code(), service.retryable_errors);
                let meta = raw.meta.clone();
                (kind, SdkError::ServiceError(super::error::ServiceError::new(raw, meta)))
            }
            Attempt::Timeout(timeout) => (Some(RetryKind::Timeout), SdkError::TimeoutError(timeout)),
            Attempt::Dispatch(failure) => {
                // Connect and I/O failures retry; a header block too large would come back the same.
                let kind =
                    matches!(failure.kind(), DispatchKind::Connect | DispatchKind::Io).then_some(RetryKind::Transient);
                (kind, SdkError::DispatchFailure(failure))
            }
            Attempt::Unreadable { status, message } => (None, SdkError::response(message, status, None)),
        };
        let Some(kind) = kind else { return Err(error) };
        let retries_done = attempt_number - u32::from(skew_corrected);
        if retries_done >= retry_config.max_attempts {
            return Err(error);
        }
        let Some(cost) = handle.bucket.acquire(kind) else { return Err(error) };
        let delay = retry::backoff(retry_config, retries_done);
        if let Some(deadline) = deadline
            && Instant::now() + delay >= deadline
        {
            // Waiting would outlive the operation timeout: give up with the last error.
            return Err(error);
        }
        super::trace::retry(service, operation, attempt_number, &error, delay);
        tokio::time::sleep(delay).await;
        retry_cost = Some(cost);
        attempt_number += 1;
    }
}

async fn attempt(
    handle: &Handle,
    http: &reqwest::Client,
    call: &Call<'_>,
    signer: Option<(&Credentials, SystemTime)>,
) -> Attempt {
    let Call { service, route, request, file, mode, .. } = *call;
    let endpoint = &route.endpoint;
    let path = super::request::join_path(&endpoint.path, &request.path_and_query);
    let url = format!("{}://{}{path}", endpoint.scheme, endpoint.authority);
    let body = request.body.as_slice();
    let mut headers: Vec<(String, String)> = vec![("host".to_owned(), endpoint.authority.clone())];
    headers.extend(request.headers.iter().cloned());
    headers.extend(route.headers.iter().cloned());
    // What an error response must not quote back: the signature and the session token.
    let mut secrets = Vec::new();
    if let (Some((credentials, time)), Some(signing_name), Some(region)) =
        (signer, route.signing_name.as_deref(), route.signing_region.as_deref())
    {
        let request = SignableRequest { method: request.method, uri: &path, headers: &headers, body };
        let params = SigningParams {
            access_key_id: credentials.access_key_id(),
            secret_access_key: credentials.secret_access_key(),
            session_token: credentials.session_token(),
            region,
            service: signing_name,
            time,
        };
        let signature = handle.signing_keys.sign_cached(&request, &params);
        signature.apply(&mut headers);
        secrets.push(signature.signature);
        secrets.extend(credentials.session_token().map(str::to_owned));
    }
    let protection = &handle.config.stalled_stream;
    let ((upload, upload_watch), length) = match file {
        // A file that went away since it was hashed is not retried: it will not come back.
        Some(file) => match file.open(protection) {
            Ok(upload) => (upload, file.length()),
            Err(error) => return Attempt::Dispatch(DispatchFailure::new(DispatchKind::Other, Box::new(error))),
        },
        None => (UploadBody::new(body.to_vec(), protection), body.len() as u64),
    };
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap_or(reqwest::Method::POST);
    // A request without a body whose method does not expect one (a REST `GET`, say)
    // says nothing about its length.
    let bodiless =
        length == 0 && !matches!(method, reqwest::Method::POST | reqwest::Method::PUT | reqwest::Method::PATCH);
    let mut request =
        http.request(method, url).body(reqwest::Body::wrap(upload)).header("user-agent", service.user_agent);
    if !bodiless {
        request = request.header("content-length", length);
    }
    for (name, value) in headers.iter().filter(|(name, _)| name != "host") {
        request = request.header(name.as_str(), value.as_str());
    }
    let timeouts = &handle.config.timeouts;
    let exchange = async {
        let response = match stall::watch_send(request.send(), &upload_watch, protection, timeouts.first_byte).await {
            Ok(response) => response?,
            Err(SendLimit::FirstByte) => return Err(ExchangeError::Limit(TimeoutKind::FirstByte)),
            Err(SendLimit::StalledUpload) => return Err(ExchangeError::Limit(TimeoutKind::StalledUpload)),
        };
        let status = response.status().as_u16();
        let received = response.headers().clone();
        super::trace::response(status, &|name| header_value(&received, name));
        if mode == BodyMode::Streamed && (200..300).contains(&status) {
            return Ok((status, received, ReceivedBody::Unread(response)));
        }
        let bytes = read_body(response, handle.config.max_response_size, protection).await?;
        Ok::<_, ExchangeError>((status, received, ReceivedBody::Read(bytes)))
    };
    let result = match timeouts.attempt {
        Some(limit) => match tokio::time::timeout(limit, exchange).await {
            Ok(result) => result,
            Err(_) => return Attempt::Timeout(TimeoutError::new(TimeoutKind::Attempt, limit)),
        },
        None => exchange.await,
    };
    match result {
        // Only a 2xx body is left unread.
        Ok((status, received, ReceivedBody::Unread(response))) => {
            let stream = super::body_stream::response_body(response, protection);
            Attempt::Success(HttpResponse { status, headers: header_list(&received), body: Vec::new() }, Some(stream))
        }
        Ok((status, received, ReceivedBody::Read(body))) if (200..300).contains(&status) => {
            Attempt::Success(HttpResponse { status, headers: header_list(&received), body }, None)
        }
        Ok((status, received, ReceivedBody::Read(mut bytes))) => {
            let header = |name: &str| header_value(&received, name);
            // Some services quote the canonical request, session token included, in the
            // message of a signature mismatch: neither it nor the signature reaches the error.
            for secret in &secrets {
                bytes = redact(bytes, secret);
            }
            let mut meta = ErrorMetadata::from_response(status, &header, &bytes);
            if service.query_compatible
                && let Some((code, _)) =
                    crate::protocol::rest::errors::query_compatible_code(header("x-amzn-query-error").as_deref())
            {
                let (message, request_id) = (meta.message().map(str::to_owned), meta.request_id().map(str::to_owned));
                meta = ErrorMetadata::new(Some(code), message, request_id, Some(status));
            }
            // Not an AWS error at all (a proxy's page, a plain-text 503): say what came.
            if meta.code().is_none()
                && meta.message().is_none()
                && serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err()
                && let Some(description) = super::excerpt::describe(header("content-type").as_deref(), &bytes)
            {
                meta = ErrorMetadata::new(None, Some(description), meta.request_id().map(str::to_owned), Some(status));
            }
            Attempt::ServiceError(
                RawServiceError { meta, headers: header_list(&received), body: bytes },
                header("date"),
            )
        }
        Err(ExchangeError::TooLarge { status, message }) => Attempt::Unreadable { status, message },
        Err(ExchangeError::Limit(kind)) => {
            let after = match kind {
                TimeoutKind::FirstByte => timeouts.first_byte.unwrap_or_default(),
                _ => protection.grace_period(),
            };
            Attempt::Timeout(TimeoutError::new(kind, after))
        }
        Err(ExchangeError::Http(error)) if headers_too_large(&error) => {
            Attempt::Dispatch(DispatchFailure::new(DispatchKind::HeadersTooLarge, Box::new(error)))
        }
        Err(ExchangeError::Http(error)) if error.is_timeout() && error.is_connect() => Attempt::Timeout(
            TimeoutError::new(TimeoutKind::Connect, handle.config.timeouts.connect.unwrap_or_default()),
        ),
        Err(ExchangeError::Http(error)) => {
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

/// A response header's first value, when it is text.
fn header_value(received: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    received.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
}

/// A response's headers as a list. A value that is not visible ASCII is kept as
/// Latin-1 text, as HTTP allows, rather than dropped.
fn header_list(received: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    received
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().iter().map(|&b| char::from(b)).collect()))
        .collect()
}

/// Whether the response's header block was refused as too large (too many headers, or
/// more bytes than the connection buffers).
fn headers_too_large(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            // `is_parse_too_large` needs hyper's server side; its message is stable.
            return hyper.is_parse() && hyper.to_string().contains("too large");
        }
        source = cause.source();
    }
    false
}

/// `body` with every occurrence of `secret` (also with JSON's escaped `\/`) replaced.
fn redact(body: Vec<u8>, secret: &str) -> Vec<u8> {
    let mut body = body;
    for needle in [secret.to_owned(), secret.replace('/', "\\/")] {
        let needle = needle.as_bytes();
        if needle.is_empty() || !body.windows(needle.len()).any(|window| window == needle) {
            continue;
        }
        let mut redacted = Vec::with_capacity(body.len());
        let mut rest = body.as_slice();
        while !rest.is_empty() {
            if rest.starts_with(needle) {
                redacted.extend_from_slice(b"** redacted **");
                rest = &rest[needle.len()..];
            } else {
                redacted.push(rest[0]);
                rest = &rest[1..];
            }
        }
        body = redacted;
    }
    body
}

/// Parses a 2xx response body as an operation's output (an empty body is `{}`).
///
/// The error never quotes a JSON body or its values, since they may be `@sensitive`
/// members: it names the member path and the byte offset. A body that is not JSON at
/// all (a proxy's page) is quoted in part.
pub fn parse_output<T: ReadJson, E>(body: &[u8]) -> Result<T, SdkError<E>> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { body };
    crate::json::from_slice(body).map_err(|error| {
        let looks_like_json = matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'['));
        let message = if looks_like_json {
            format!("cannot parse the output ({} bytes of JSON, not quoted)", body.len())
        } else {
            let excerpt: String = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
            format!("cannot parse the output from `{excerpt}`")
        };
        SdkError::response(message, 200, Some(Box::new(error)))
    })
}

/// The endpoint the rules resolved, or a construction failure saying why there is none.
pub(crate) fn explain_endpoint_error<E>(
    handle: &Handle,
    operation: &str,
    resolved: Result<ResolvedEndpoint, EndpointError>,
) -> Result<ResolvedEndpoint, SdkError<E>> {
    resolved.map_err(|error| {
        // Without a region most rule sets fail in their own words ("Missing Region");
        // the hint says where a region comes from.
        let message = match handle.config.region {
            None => format!("{operation}: {NO_REGION}"),
            Some(_) => operation.to_owned(),
        };
        SdkError::ConstructionFailure(ConstructionFailure::new(message, Some(Box::new(error))))
    })
}

/// Calls an awsJson operation end to end: serializes `input`, sends it to the resolved
/// endpoint signed as `signing` says, parses the output, and types a service error
/// with `from_response` (the operation's error enum).
#[allow(clippy::too_many_arguments)] // one flat call keeps generated code short
pub async fn call<I: WriteJson, O: ReadJson, E>(
    handle: &Handle,
    service: &ServiceInfo,
    operation: &str,
    resolved: Result<ResolvedEndpoint, EndpointError>,
    host_prefix: Option<&str>,
    request_compression: &[&str],
    signing: Signing,
    input: &I,
    from_response: fn(&ErrorMetadata, &[u8]) -> E,
) -> Result<O, SdkError<E>> {
    let body = crate::json::to_vec(input).map_err(|error| {
        SdkError::ConstructionFailure(ConstructionFailure::new(
            format!("{operation}: cannot serialize the input"),
            Some(Box::new(error)),
        ))
    })?;
    if let Some(mock) = &handle.mock {
        let response = mock
            .respond(operation, &body)
            .map_err(|error| error.map_service_error(|raw| from_response(&raw.meta, &raw.body_for_typing())))?;
        return parse_output(&response);
    }
    let resolved = explain_endpoint_error(handle, operation, resolved)?;
    let (body, resolved) = super::compression::compress_body(handle, operation, request_compression, body, resolved)?;
    let call = invoke_signed(handle, service, operation, &resolved, host_prefix, body, signing);
    let response = super::trace::in_call_span(service, operation, call)
        .await
        .map_err(|error| error.map_service_error(|raw| from_response(&raw.meta, &raw.body_for_typing())))?;
    parse_output(&response)
}
