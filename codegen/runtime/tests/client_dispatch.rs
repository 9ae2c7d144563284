#![cfg(feature = "client")]
//! The client dispatch (`aws_client_runtime::client::invoke`) against a scripted local
//! HTTP/1.1 server on 127.0.0.1: request shape and signing, retries of transient,
//! throttling and modeled retryable errors, attempt and operation timeouts, I/O and
//! connect failures, and construction failures that send nothing.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_client_runtime::Unhandled;
use aws_client_runtime::client::{
    Config, Handle, HttpRequest, RetryConfig, SdkError, ServiceInfo, Signing, TimeoutConfig, TimeoutKind, invoke, send,
};
use aws_client_runtime::credentials::Credentials;
use aws_client_runtime::rules::{ResolvedEndpoint, record};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

static SERVICE: ServiceInfo = ServiceInfo {
    target_prefix: "Svc_2020",
    content_type: "application/x-amz-json-1.1",
    signing_name: Some("svc"),
    env_suffix: "SVC",
    user_agent: "svc-client/0.1.0",
    retryable_errors: &[("Busy", false)],
    query_compatible: false,
    checksum_required: &[],
    tracer: None,
};

/// What the server does with one accepted request.
#[derive(Clone, Debug)]
enum Behaviour {
    /// Answers with a status, extra headers and a body.
    Respond(u16, Vec<(&'static str, String)>, String),
    /// Reads the request and never answers (the socket stays open).
    Hang,
    /// Reads the request and closes the socket without answering.
    Reset,
}

fn ok(body: &str) -> Behaviour {
    Behaviour::Respond(200, vec![], body.to_owned())
}

fn status(code: u16) -> Behaviour {
    Behaviour::Respond(code, vec![], String::new())
}

fn error(code: u16, error_type: &str) -> Behaviour {
    Behaviour::Respond(code, vec![], format!(r#"{{"__type":"{error_type}"}}"#))
}

/// One request as the server read it (header names lowercased).
#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Recorded {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A scripted server: one behaviour per accepted connection, in order.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    async fn start(script: Vec<Behaviour>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let recorded = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let requests = recorded.clone();
                let script = script.clone();
                tokio::spawn(async move { serve(stream, requests, script).await });
            }
        });
        Server { port, requests }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

async fn serve(mut stream: TcpStream, requests: Arc<Mutex<Vec<Recorded>>>, script: Arc<Mutex<VecDeque<Behaviour>>>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(index) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break index;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let path = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    body.truncate(length);
    // Take the behaviour and record the request together, so counts match the script.
    let behaviour = {
        let mut requests = requests.lock().unwrap();
        requests.push(Recorded { method, path, headers, body });
        script.lock().unwrap().pop_front()
    };
    let behaviour =
        behaviour.unwrap_or_else(|| Behaviour::Respond(418, vec![], r#"{"__type":"ScriptExhausted"}"#.to_owned()));
    match behaviour {
        Behaviour::Respond(code, extra, body) => {
            let mut response = format!(
                "HTTP/1.1 {code} Scripted\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in extra {
                response.push_str(&format!("{name}: {value}\r\n"));
            }
            response.push_str("\r\n");
            response.push_str(&body);
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            drop(stream);
        }
        Behaviour::Reset => drop(stream),
    }
}

fn credentials() -> Credentials {
    Credentials::new("AKID", "SECRET", None, None, "test")
}

fn fast_retries() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(5))
}

fn config(port: u16) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(credentials())
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(fast_retries())
        .build()
}

type Outcome = Result<Vec<u8>, SdkError<aws_client_runtime::client::RawServiceError>>;

/// Calls `Op` with `body`, failing the test if it takes more than five seconds.
async fn call(config: &Config, body: &str) -> Outcome {
    let handle = Handle::new(config);
    let endpoint = ResolvedEndpoint::new(config.endpoint_override("SVC").expect("tests configure an endpoint"));
    bounded(invoke(&handle, &SERVICE, "Op", &endpoint, None, body.as_bytes().to_vec())).await
}

async fn bounded<F: Future<Output = Outcome>>(future: F) -> Outcome {
    tokio::time::timeout(Duration::from_secs(5), future).await.expect("the call did not finish within 5 s")
}

#[tokio::test]
async fn a_request_is_posted_signed_and_its_body_returned() {
    let server = Server::start(vec![ok(r#"{"answer":42}"#)]).await;
    let body = call(&config(server.port), r#"{"question":"?"}"#).await.unwrap();
    assert_eq!(body, br#"{"answer":42}"#);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(request.header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(request.header("x-amz-target"), Some("Svc_2020.Op"));
    assert_eq!(request.header("user-agent"), Some("svc-client/0.1.0"));
    assert_eq!(request.header("host"), Some(format!("127.0.0.1:{}", server.port).as_str()));
    let date = request.header("x-amz-date").expect("x-amz-date");
    assert_eq!(date.len(), 16, "basic ISO 8601: {date}");
    assert!(date.ends_with('Z') && date.as_bytes()[8] == b'T', "{date}");
    let authorization = request.header("authorization").expect("authorization");
    let scope = format!("AWS4-HMAC-SHA256 Credential=AKID/{}/us-east-1/svc/aws4_request", &date[..8]);
    assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"), "{authorization}");
    assert!(authorization.starts_with(&scope), "{authorization}");
    assert!(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-target,"), "{authorization}");
    assert!(authorization.contains("Signature="), "{authorization}");
    assert_eq!(request.header("x-amz-security-token"), None);
    assert_eq!(request.body, br#"{"question":"?"}"#);
    // The body is streamed (for the stall protection) with its length declared once.
    let lengths: Vec<_> = request.headers.iter().filter(|(name, _)| name == "content-length").collect();
    assert_eq!(lengths, [&("content-length".to_owned(), "16".to_owned())]);
    assert_eq!(request.header("transfer-encoding"), None);
    assert_eq!(server.url(), format!("http://127.0.0.1:{}", server.port));
}

#[tokio::test]
async fn endpoint_headers_and_auth_schemes_shape_the_request() {
    let server = Server::start(vec![ok("{}")]).await;
    let config = config(server.port);
    let sigv4 = record([
        ("name", "sigv4".into()),
        ("signingName", "other-svc".into()),
        ("signingRegion", "eu-central-1".into()),
    ]);
    let endpoint = ResolvedEndpoint::new(format!("http://127.0.0.1:{}/base", server.port))
        .with_header("X-Endpoint-Extra", vec!["one".to_owned()])
        .with_property("authSchemes", aws_client_runtime::Document::Array(vec![sigv4]));
    let handle = Handle::new(&config);
    bounded(invoke(&handle, &SERVICE, "Op", &endpoint, None, b"{}".to_vec())).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.path, "/base/");
    assert_eq!(request.header("x-endpoint-extra"), Some("one"));
    let authorization = request.header("authorization").unwrap();
    assert!(authorization.contains("/eu-central-1/other-svc/aws4_request"), "{authorization}");
    assert!(authorization.contains("x-endpoint-extra"), "the endpoint's headers are signed: {authorization}");

    let unsupported = ResolvedEndpoint::new(server.url())
        .with_property("authSchemes", aws_client_runtime::Document::Array(vec![record([("name", "sigv4a".into())])]));
    let error = bounded(invoke(&handle, &SERVICE, "Op", &unsupported, None, b"{}".to_vec())).await.unwrap_err();
    assert!(format!("{error:?}").contains("sigv4a"), "{error:?}");
    assert_eq!(server.count(), 1, "nothing is sent when the endpoint cannot be used");
}

/// A REST-shaped request: `GET` with a path and query below the endpoint's path,
/// protocol headers, no body.
fn rest_get(signing: Signing) -> HttpRequest {
    HttpRequest {
        method: "GET",
        path_and_query: "/v1/lexicons/my%20lexicon?max=2".to_owned(),
        headers: vec![("x-bound-header".to_owned(), "bound".to_owned())],
        body: Vec::new(),
        streamed: None,
        signing,
    }
}

#[tokio::test]
async fn protocol_requests_keep_their_method_path_and_headers_and_responses_their_headers() {
    let reply = Behaviour::Respond(200, vec![("x-amzn-requestid", "req-1".to_owned())], r#"{"a":1}"#.to_owned());
    let server = Server::start(vec![reply]).await;
    let config = config(server.port);
    let handle = Handle::new(&config);
    let endpoint = ResolvedEndpoint::new(format!("http://127.0.0.1:{}/base", server.port));
    let response = tokio::time::timeout(
        Duration::from_secs(5),
        send(&handle, &SERVICE, "GetLexicon", &endpoint, None, rest_get(Signing::Required)),
    )
    .await
    .expect("within 5 s")
    .unwrap();
    assert_eq!((response.status, response.body.as_slice()), (200, br#"{"a":1}"#.as_slice()));
    assert_eq!(response.header("X-Amzn-RequestId"), Some("req-1"));

    let request = &server.requests()[0];
    assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/base/v1/lexicons/my%20lexicon?max=2"));
    assert_eq!(request.header("x-bound-header"), Some("bound"));
    assert_eq!(request.header("x-amz-target"), None, "only awsJson names a target");
    let authorization = request.header("authorization").expect("signed");
    assert!(authorization.contains("SignedHeaders=host;x-amz-date;x-bound-header,"), "{authorization}");
}

#[tokio::test]
async fn unsigned_and_optionally_signed_requests() {
    let server = Server::start(vec![ok("{}"), ok("{}"), ok("{}")]).await;
    let endpoint = ResolvedEndpoint::new(server.url());
    let bounded_send = |handle: std::sync::Arc<Handle>, signing| {
        let endpoint = endpoint.clone();
        async move {
            tokio::time::timeout(
                Duration::from_secs(5),
                send(&handle, &SERVICE, "Op", &endpoint, None, rest_get(signing)),
            )
            .await
            .expect("within 5 s")
        }
    };
    // Never signed, even with credentials at hand.
    bounded_send(Handle::new(&config(server.port)), Signing::Never).await.unwrap();
    // Optional: signed when credentials load...
    bounded_send(Handle::new(&config(server.port)), Signing::Optional).await.unwrap();
    // ...and sent unsigned without a credentials provider, where a required signature fails.
    let without_credentials =
        Config::builder().region("us-east-1").endpoint_url(server.url()).retry_config(fast_retries()).build();
    bounded_send(Handle::new(&without_credentials), Signing::Optional).await.unwrap();
    let error = bounded_send(Handle::new(&without_credentials), Signing::Required).await.unwrap_err();
    assert!(format!("{error:?}").contains("no credentials provider"), "{error:?}");

    let signed: Vec<bool> = server.requests().iter().map(|r| r.header("authorization").is_some()).collect();
    assert_eq!(signed, [false, true, false], "the failed call sent nothing");
}

#[tokio::test]
async fn session_credentials_send_and_sign_the_security_token() {
    let server = Server::start(vec![ok("{}")]).await;
    let config = config(server.port)
        .to_builder()
        .credentials(Credentials::new("AKID", "SECRET", Some("SESSION".to_owned()), None, "test"))
        .build();
    call(&config, "{}").await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("x-amz-security-token"), Some("SESSION"));
    let authorization = request.header("authorization").unwrap();
    assert!(authorization.contains("x-amz-security-token"), "{authorization}");
}

#[tokio::test]
async fn transient_statuses_are_retried() {
    let server = Server::start(vec![status(503), ok(r#"{"n":2}"#)]).await;
    assert_eq!(call(&config(server.port), "{}").await.unwrap(), br#"{"n":2}"#);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn throttling_errors_are_retried() {
    let server = Server::start(vec![error(400, "ThrottlingException"), ok("{}")]).await;
    assert_eq!(call(&config(server.port), "{}").await.unwrap(), b"{}");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn modeled_retryable_errors_are_retried() {
    let server = Server::start(vec![error(400, "Busy"), ok("{}")]).await;
    assert_eq!(call(&config(server.port), "{}").await.unwrap(), b"{}");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_client_error_is_returned_at_once_with_its_metadata() {
    let server = Server::start(vec![Behaviour::Respond(
        400,
        vec![("x-amzn-RequestId", "req-123".to_owned())],
        r#"{"__type":"ValidationException","message":"bad input"}"#.to_owned(),
    )])
    .await;
    let error = call(&config(server.port), "{}").await.unwrap_err();
    assert_eq!(server.count(), 1);
    let SdkError::ServiceError(service_error) = &error else { panic!("expected a service error: {error:?}") };
    let meta = service_error.meta();
    assert_eq!(meta.code(), Some("ValidationException"));
    assert_eq!(meta.message(), Some("bad input"));
    assert_eq!(meta.request_id(), Some("req-123"));
    assert_eq!(meta.status(), Some(400));
    assert_eq!(service_error.err().meta, *meta);
    assert_eq!(service_error.err().body, br#"{"__type":"ValidationException","message":"bad input"}"#);
    assert_eq!(error.meta(), Some(meta));

    // `RawServiceError` has no `Display`: type it as generated code would.
    let typed = error.map_service_error(|raw| Unhandled::new(raw.meta));
    let shown = typed.to_string();
    assert!(shown.contains("ValidationException"), "{shown}");
    assert!(shown.contains("bad input"), "{shown}");
    assert!(shown.contains("req-123"), "{shown}");
}

#[tokio::test]
async fn server_errors_stop_after_max_attempts() {
    let server = Server::start(vec![status(500), status(500), status(500), ok("{}")]).await;
    let error = call(&config(server.port), "{}").await.unwrap_err();
    assert_eq!(error.meta().and_then(|m| m.status()), Some(500), "{error:?}");
    assert_eq!(server.count(), 3);

    let server = Server::start(vec![status(500); 6]).await;
    let config = config(server.port).to_builder().retry_config(fast_retries().with_max_attempts(5)).build();
    let error = call(&config, "{}").await.unwrap_err();
    assert_eq!(error.meta().and_then(|m| m.status()), Some(500), "{error:?}");
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn a_hanging_attempt_times_out_and_is_retried() {
    let server = Server::start(vec![Behaviour::Hang, Behaviour::Hang, ok("{}")]).await;
    let config = config(server.port)
        .to_builder()
        .retry_config(fast_retries().with_max_attempts(2))
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(200)))
        .build();
    let started = Instant::now();
    let error = call(&config, "{}").await.unwrap_err();
    let SdkError::TimeoutError(timeout) = &error else { panic!("expected a timeout: {error:?}") };
    assert_eq!(timeout.kind(), TimeoutKind::Attempt);
    assert_eq!(server.count(), 2);
    assert!(started.elapsed() >= Duration::from_millis(400), "{:?}", started.elapsed());
}

#[tokio::test]
async fn the_operation_timeout_bounds_the_whole_call() {
    let server = Server::start(vec![Behaviour::Hang, ok("{}")]).await;
    let config = config(server.port)
        .to_builder()
        .timeout_config(TimeoutConfig::disabled().with_operation_timeout(Duration::from_millis(300)))
        .build();
    let started = Instant::now();
    let error = call(&config, "{}").await.unwrap_err();
    let SdkError::TimeoutError(timeout) = &error else { panic!("expected a timeout: {error:?}") };
    assert_eq!(timeout.kind(), TimeoutKind::Operation);
    assert_eq!(server.count(), 1);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_retried() {
    let server = Server::start(vec![Behaviour::Reset, ok(r#"{"after":"reset"}"#)]).await;
    assert_eq!(call(&config(server.port), "{}").await.unwrap(), br#"{"after":"reset"}"#);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_refused_connection_fails_after_retries() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap().port()
    };
    let started = Instant::now();
    let error = call(&config(port), "{}").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    match &error {
        SdkError::DispatchFailure(failure) => {
            assert_eq!(failure.kind(), aws_client_runtime::client::DispatchKind::Connect, "{error:?}")
        }
        SdkError::TimeoutError(timeout) => assert_eq!(timeout.kind(), TimeoutKind::Connect, "{error:?}"),
        other => panic!("expected a connect failure: {other:?}"),
    }
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = Server::start(vec![ok("{}")]).await;
    let config = Config::builder().region("us-east-1").endpoint_url(server.url()).retry_config(fast_retries()).build();
    let error = call(&config, "{}").await.unwrap_err();
    let SdkError::ConstructionFailure(failure) = &error else { panic!("expected a construction failure: {error:?}") };
    assert!(failure.to_string().contains("credentials"), "{failure}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn a_missing_region_fails_before_sending_because_nothing_can_be_signed() {
    let server = Server::start(vec![ok("{}")]).await;
    let config = Config::builder().credentials(credentials()).endpoint_url(server.url()).build();
    let error = call(&config, "{}").await.unwrap_err();
    assert_eq!(server.count(), 0);
    let SdkError::ConstructionFailure(failure) = &error else { panic!("expected a construction failure: {error:?}") };
    assert!(failure.to_string().contains("region"), "{failure}");
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_refused_and_not_retried() {
    let big = format!(r#"{{"data":"{}"}}"#, "x".repeat(100));
    let server = Server::start(vec![ok(&big), ok(&big), Behaviour::Respond(503, vec![], big.clone()), ok("{}")]).await;
    let limited = config(server.port).to_builder().max_response_size(64).build();
    let error = call(&limited, "{}").await.unwrap_err();
    let SdkError::ResponseError(response) = &error else { panic!("expected a response error: {error:?}") };
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.to_string(),
        "unreadable response (status 200): the body declares 111 bytes (Content-Length), more than the limit of 64 \
         bytes (max_response_size); it was not read"
    );
    assert_eq!(server.count(), 1, "a refused body is not retried");

    let unlimited = config(server.port);
    assert_eq!(unlimited.max_response_size(), aws_client_runtime::client::DEFAULT_MAX_RESPONSE_SIZE);
    assert_eq!(call(&unlimited, "{}").await.unwrap(), big.as_bytes(), "the default limit is far above it");
    let error = call(&limited, "{}").await.unwrap_err();
    let SdkError::ResponseError(response) = &error else { panic!("expected a response error: {error:?}") };
    assert_eq!(response.status(), 503);
    assert!(response.to_string().contains("the body declares 111 bytes"), "{response}");
    assert_eq!(server.count(), 3, "error bodies are bounded too");
}
