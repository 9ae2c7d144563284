#![cfg(feature = "client")]
//! The client against servers on 127.0.0.1 that misbehave on purpose: bodies that stall
//! or drip, a server that never answers or never reads, header blocks too large, pages
//! that are not AWS errors, connections that cannot be opened, and the pool and retry
//! bucket settings. Each call must end, with the configuration's defaults or the short
//! values a test sets, in a typed error within its documented bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_client_runtime::client::{
    Config, DispatchKind, Handle, RawServiceError, RetryConfig, SdkError, ServiceInfo, StalledStreamProtection,
    TimeoutConfig, TimeoutKind, invoke,
};
use aws_client_runtime::credentials::Credentials;
use aws_client_runtime::rules::ResolvedEndpoint;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

static SERVICE: ServiceInfo = ServiceInfo {
    target_prefix: "Svc_2020",
    content_type: "application/x-amz-json-1.1",
    signing_name: Some("svc"),
    env_suffix: "SVC",
    user_agent: "svc-client/0.1.0",
    retryable_errors: &[],
    query_compatible: false,
    checksum_required: &[],
    tracer: None,
};

/// What the server does on every connection.
#[derive(Clone, Copy, Debug)]
enum Misbehaviour {
    /// Declares 1000 bytes of body, sends 13, then goes silent.
    StallBody,
    /// Sends a body of 100 bytes, one byte every `ms` milliseconds.
    Drip(u64),
    /// Reads the request and never answers.
    NoHeaders,
    /// Reads the request head, never the body, never answers.
    NoRead,
    /// Answers 200 with 300 headers.
    HugeHeaders,
    /// Answers with a proxy's HTML page quoting a credential.
    HtmlPage,
    /// Answers 503, or 400 `ThrottlingException`.
    Unavailable,
    Throttling,
    /// Answers `{}` and keeps the connection open for more requests.
    KeepAlive,
}

/// A proxy's error page that quotes a credential and a signature.
const HTML_PAGE: &str = "<html><body><h1>503</h1>upstream said: Credential=AKIAIOSFODNN7EXAMPLE \
                         Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7</body></html>";

/// How long a misbehaving server holds a connection at most: every test ends first.
const HOLD: Duration = Duration::from_secs(30);

struct Server {
    port: u16,
    requests: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
}

impl Server {
    async fn start(behaviour: Misbehaviour) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let (counted, opened) = (requests.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                opened.fetch_add(1, Ordering::SeqCst);
                let requests = counted.clone();
                tokio::spawn(tokio::time::timeout(HOLD, serve(stream, behaviour, requests)));
            }
        });
        Server { port, requests, connections }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads a request head; returns the declared body length, or `None` at the end.
async fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<usize> {
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(index) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break index + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
    buffer.drain(..end);
    head.lines().find_map(|line| line.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok())
}

async fn read_body(stream: &mut TcpStream, buffer: &mut Vec<u8>, length: usize) -> Option<()> {
    let mut chunk = [0u8; 65536];
    while buffer.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    buffer.drain(..length);
    Some(())
}

fn response(status: &str, content_type: &str, body: &str, close: bool) -> String {
    let connection = if close { "close" } else { "keep-alive" };
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: {connection}\r\n\r\n{body}",
        body.len()
    )
}

async fn serve(mut stream: TcpStream, behaviour: Misbehaviour, requests: Arc<AtomicUsize>) {
    let mut buffer = Vec::new();
    loop {
        let Some(length) = read_head(&mut stream, &mut buffer).await else { return };
        requests.fetch_add(1, Ordering::SeqCst);
        if let Misbehaviour::NoRead = behaviour {
            tokio::time::sleep(HOLD).await;
            return;
        }
        if read_body(&mut stream, &mut buffer, length).await.is_none() {
            return;
        }
        let json = "application/x-amz-json-1.1";
        let answer = match behaviour {
            Misbehaviour::StallBody => {
                let head =
                    "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: 1000\r\n\r\n";
                let _ = stream.write_all(format!("{head}{{\"partial\":1").as_bytes()).await;
                tokio::time::sleep(HOLD).await;
                return;
            }
            Misbehaviour::Drip(ms) => {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n").await;
                for _ in 0..100 {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    if stream.write_all(b" ").await.is_err() {
                        return;
                    }
                }
                return;
            }
            Misbehaviour::NoHeaders | Misbehaviour::NoRead => {
                tokio::time::sleep(HOLD).await;
                return;
            }
            Misbehaviour::HugeHeaders => {
                let mut head = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n".to_owned();
                for i in 0..300 {
                    head.push_str(&format!("x-filler-{i}: {}\r\n", "v".repeat(20)));
                }
                head + "\r\n{}"
            }
            Misbehaviour::HtmlPage => response("503 Service Unavailable", "text/html; charset=utf-8", HTML_PAGE, true),
            Misbehaviour::Unavailable => response("503 Service Unavailable", json, "", true),
            Misbehaviour::Throttling => response("400 Bad Request", json, r#"{"__type":"ThrottlingException"}"#, true),
            Misbehaviour::KeepAlive => response("200 OK", json, "{}", false),
        };
        if stream.write_all(answer.as_bytes()).await.is_err() || !matches!(behaviour, Misbehaviour::KeepAlive) {
            return;
        }
    }
}

/// The defaults, pointed at `port`, with fast retries unless a test sets its own.
fn config(port: u16) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
        .build()
}

fn short_protection() -> StalledStreamProtection {
    StalledStreamProtection::enabled().with_grace_period(Duration::from_millis(300))
}

type Outcome = Result<Vec<u8>, SdkError<RawServiceError>>;

/// Calls once with `body` on `handle`, failing the test past `bound`.
async fn call_on(handle: &Handle, port: u16, body: Vec<u8>, bound: Duration) -> (Outcome, Duration) {
    let endpoint = ResolvedEndpoint::new(format!("http://127.0.0.1:{port}"));
    let started = Instant::now();
    let Ok(outcome) = tokio::time::timeout(bound, invoke(handle, &SERVICE, "Op", &endpoint, None, body)).await else {
        panic!("the call did not end within {bound:?}")
    };
    (outcome, started.elapsed())
}

async fn call(config: &Config, port: u16, bound: Duration) -> (Outcome, Duration) {
    call_on(&Handle::new(config), port, b"{}".to_vec(), bound).await
}

/// The error as users see it.
fn shown(outcome: Outcome) -> String {
    outcome.unwrap_err().map_service_error(|raw| aws_client_runtime::Unhandled::new(raw.meta)).to_string()
}

fn timeout_kind(outcome: &Outcome) -> TimeoutKind {
    match outcome {
        Err(SdkError::TimeoutError(timeout)) => timeout.kind(),
        other => panic!("expected a timeout: {other:?}"),
    }
}

#[tokio::test]
async fn the_default_stall_protection_ends_a_silent_body_after_five_seconds() {
    let server = Server::start(Misbehaviour::StallBody).await;
    let config = config(server.port).to_builder().retry_config(RetryConfig::disabled()).build();
    assert_eq!(config.stalled_stream_protection(), &StalledStreamProtection::default());
    let (outcome, elapsed) = call(&config, server.port, Duration::from_secs(9)).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::StalledDownload);
    assert!(elapsed >= Duration::from_secs(5) && elapsed < Duration::from_secs(7), "{elapsed:?}");
    let shown = shown(outcome);
    assert_eq!(shown, "response body stalled: under the minimum throughput for 5s (stalled-stream protection)");
}

#[tokio::test]
async fn a_stalled_body_is_retried_like_a_timeout() {
    let server = Server::start(Misbehaviour::StallBody).await;
    let config = config(server.port).to_builder().stalled_stream_protection(short_protection()).build();
    let (outcome, elapsed) = call(&config, server.port, Duration::from_secs(5)).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::StalledDownload);
    assert_eq!(server.requests(), 3, "three attempts");
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
}

#[tokio::test]
async fn a_drip_under_the_minimum_stalls_and_a_faster_one_is_bounded_by_the_operation_timeout() {
    let server = Server::start(Misbehaviour::Drip(200)).await;
    // 10 bytes/s over 500 ms windows needs 5 bytes a window; one every 200 ms is 2 or 3.
    let strict =
        StalledStreamProtection::enabled().with_min_throughput(10).with_grace_period(Duration::from_millis(500));
    let strict_config = config(server.port)
        .to_builder()
        .stalled_stream_protection(strict)
        .retry_config(RetryConfig::disabled())
        .build();
    let (outcome, elapsed) = call(&strict_config, server.port, Duration::from_secs(5)).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::StalledDownload);
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");

    // A byte every 100 ms is progress for the default protection: the operation
    // timeout is what ends it.
    let server = Server::start(Misbehaviour::Drip(100)).await;
    let config = config(server.port)
        .to_builder()
        .timeout_config(TimeoutConfig::default().with_operation_timeout(Duration::from_millis(1500)))
        .build();
    let (outcome, elapsed) = call(&config, server.port, Duration::from_secs(5)).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::Operation);
    assert!(elapsed >= Duration::from_millis(1500) && elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_first_byte_timeout() {
    let server = Server::start(Misbehaviour::NoHeaders).await;
    let timeouts = TimeoutConfig::default().with_first_byte_timeout(Duration::from_millis(300));
    let config = config(server.port).to_builder().timeout_config(timeouts).build();
    let (outcome, elapsed) = call(&config, server.port, Duration::from_secs(5)).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::FirstByte);
    assert_eq!(server.requests(), 3, "a first-byte timeout is retried");
    assert!(elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(shown(outcome).contains("first-byte (response headers) timeout elapsed after 300ms"));
}

#[tokio::test]
async fn a_server_that_stops_reading_the_request_stalls_the_upload() {
    let server = Server::start(Misbehaviour::NoRead).await;
    let config = config(server.port)
        .to_builder()
        .stalled_stream_protection(short_protection())
        .retry_config(RetryConfig::disabled())
        .build();
    // Far more than the socket and connection buffers hold, so the upload must stall.
    let body = vec![b' '; 48 << 20];
    let (outcome, elapsed) = call_on(&Handle::new(&config), server.port, body, Duration::from_secs(10)).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::StalledUpload);
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert!(shown(outcome).starts_with("request body stalled"));
}

#[tokio::test]
async fn a_connection_that_cannot_be_opened_hits_the_connect_timeout() {
    // A listener whose accept queue is full: the kernel drops further connection
    // attempts, so connecting hangs until the timeout.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match tokio::time::timeout(Duration::from_millis(200), TcpStream::connect(("127.0.0.1", port))).await {
            Ok(Ok(stream)) => fillers.push(stream),
            _ => break,
        }
    }
    let timeouts = TimeoutConfig::default().with_connect_timeout(Duration::from_millis(300));
    let config = config(port).to_builder().timeout_config(timeouts).retry_config(RetryConfig::disabled()).build();
    let (outcome, elapsed) = call(&config, port, Duration::from_secs(5)).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::Connect);
    assert!(elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2), "{elapsed:?}");
    drop((fillers, listener));
}

#[tokio::test]
async fn the_default_timeouts_are_the_documented_ones() {
    let config = Config::builder().build();
    let timeouts = config.timeout_config();
    assert_eq!(timeouts.connect_timeout(), Some(Duration::from_millis(3100)));
    assert_eq!(timeouts.first_byte_timeout(), Some(Duration::from_secs(60)));
    assert_eq!(timeouts.attempt_timeout(), None);
    assert_eq!(timeouts.operation_timeout(), Some(Duration::from_secs(300)));
    let protection = config.stalled_stream_protection();
    assert!(protection.is_enabled());
    assert_eq!((protection.min_throughput(), protection.grace_period()), (1, Duration::from_secs(5)));
    assert_eq!(config.pool_max_idle_per_host(), usize::MAX);
    assert_eq!(config.pool_idle_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(config.retry_config().max_attempts(), 3);
    assert_eq!(TimeoutConfig::default().without_operation_timeout().operation_timeout(), None);
}

#[tokio::test]
async fn a_header_block_over_the_limit_is_not_retried() {
    let server = Server::start(Misbehaviour::HugeHeaders).await;
    let (outcome, _) = call(&config(server.port), server.port, Duration::from_secs(5)).await;
    let Err(SdkError::DispatchFailure(failure)) = &outcome else { panic!("expected a dispatch failure: {outcome:?}") };
    assert_eq!(failure.kind(), DispatchKind::HeadersTooLarge);
    assert_eq!(server.requests(), 1, "it would not be smaller on a retry");
    assert!(failure.to_string().starts_with("response headers too large"), "{failure}");
}

#[tokio::test]
async fn a_page_that_is_not_an_aws_error_is_described_without_secrets() {
    let server = Server::start(Misbehaviour::HtmlPage).await;
    let config = config(server.port).to_builder().retry_config(RetryConfig::disabled()).build();
    let (outcome, _) = call(&config, server.port, Duration::from_secs(5)).await;
    let error = outcome.unwrap_err();
    let meta = error.meta().expect("a service error");
    assert_eq!((meta.code(), meta.status()), (None, Some(503)));
    let message = meta.message().expect("a description");
    let start = format!("the body is not an AWS error (text/html; charset=utf-8, {} bytes): \"<html>", HTML_PAGE.len());
    assert!(message.starts_with(&start), "{message}");
    assert!(message.contains("upstream said: ***"), "{message}");
    for secret in ["AKIAIOSFODNN7EXAMPLE", "5d672d79c15b", "AKIAIOSF"] {
        assert!(!message.contains(secret), "{message}");
    }
}

#[tokio::test]
async fn transient_retries_cost_twice_what_throttling_retries_cost() {
    // Unlimited attempts without backoff: the 500-token bucket alone stops the retries,
    // after 50 transient ones (10 tokens each) or 100 throttling ones (5 tokens each).
    let unlimited = RetryConfig::standard().with_max_attempts(1000).with_initial_backoff(Duration::ZERO);
    for (behaviour, retries) in [(Misbehaviour::Unavailable, 50), (Misbehaviour::Throttling, 100)] {
        let server = Server::start(behaviour).await;
        let config = config(server.port).to_builder().retry_config(unlimited.clone()).build();
        let (outcome, _) = call(&config, server.port, Duration::from_secs(20)).await;
        assert!(matches!(outcome, Err(SdkError::ServiceError(_))), "{outcome:?}");
        assert_eq!(server.requests(), 1 + retries, "{behaviour:?}");
    }
}

#[tokio::test]
async fn the_pool_keeps_idle_connections_as_configured() {
    let server = Server::start(Misbehaviour::KeepAlive).await;
    let handle = Handle::new(&config(server.port));
    for _ in 0..3 {
        call_on(&handle, server.port, b"{}".to_vec(), Duration::from_secs(5)).await.0.unwrap();
    }
    assert_eq!((server.requests(), server.connections()), (3, 1), "the default pool reuses the connection");

    let server = Server::start(Misbehaviour::KeepAlive).await;
    let handle = Handle::new(&config(server.port).to_builder().pool_max_idle_per_host(0).build());
    for _ in 0..3 {
        call_on(&handle, server.port, b"{}".to_vec(), Duration::from_secs(5)).await.0.unwrap();
    }
    assert_eq!((server.requests(), server.connections()), (3, 3), "no idle connection is kept");

    let server = Server::start(Misbehaviour::KeepAlive).await;
    let handle = Handle::new(&config(server.port).to_builder().pool_idle_timeout(Duration::from_millis(100)).build());
    call_on(&handle, server.port, b"{}".to_vec(), Duration::from_secs(5)).await.0.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    call_on(&handle, server.port, b"{}".to_vec(), Duration::from_secs(5)).await.0.unwrap();
    assert_eq!((server.requests(), server.connections()), (2, 2), "the idle connection expired");
}
