#![cfg(feature = "client")]
//! Clock skew against a server on 127.0.0.1 whose clock is an hour ahead of ours or an
//! hour behind: like AWS, it refuses an `X-Amz-Date` more than 5 minutes from its own
//! time and sends its time in `Date`. The client corrects its clock, resends once, and
//! signs later calls (on any clone of the handle) with the corrected time.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aws_client_runtime::client::{Config, Handle, RawServiceError, RetryConfig, SdkError, ServiceInfo, invoke};
use aws_client_runtime::credentials::Credentials;
use aws_client_runtime::rules::ResolvedEndpoint;
use aws_client_runtime::{DateTime, Format};
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

/// How the server answers a request signed outside its 5-minute window.
#[derive(Clone, Copy)]
enum Refusal {
    /// `InvalidSignatureException: Signature expired`, as awsJson services answer.
    Expired,
    /// `RequestTimeTooSkewed`, with a 403.
    TooSkewed,
    /// `SignatureDoesNotMatch` with no `Date` header: nothing to correct with.
    WithoutDate,
    /// `InvalidSignatureException` for every request, in time or not (a wrong key).
    WrongKey,
}

struct SkewedServer {
    port: u16,
    requests: Arc<AtomicUsize>,
}

impl SkewedServer {
    /// A server whose clock is `offset_secs` from ours.
    async fn start(offset_secs: i64, refusal: Refusal) -> SkewedServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let requests = counted.clone();
                let served = answer(stream, offset_secs, refusal, requests);
                tokio::spawn(tokio::time::timeout(Duration::from_secs(10), served));
            }
        });
        SkewedServer { port, requests }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Seconds since the epoch of a SigV4 `yyyymmddThhmmssZ`.
fn amz_date_secs(value: &str) -> Option<i64> {
    let b = value.as_bytes();
    if b.len() != 16 {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &value[0..4],
        &value[4..6],
        &value[6..8],
        &value[9..11],
        &value[11..13],
        &value[13..15]
    );
    let millis = DateTime::parse(&iso, Format::DateTime).ok()?.to_millis().ok()?;
    Some(millis / 1000)
}

async fn answer(mut stream: TcpStream, offset_secs: i64, refusal: Refusal, requests: Arc<AtomicUsize>) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(index) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break index + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
    let header = |name: &str| {
        head.lines().find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix(':'))).map(str::trim)
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while buffer.len() < end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let now = DateTime::now().to_millis().unwrap() / 1000 + offset_secs;
    let signed = header("x-amz-date").and_then(|value| amz_date_secs(&value.to_ascii_uppercase()));
    let within = signed.is_some_and(|signed| (signed - now).abs() <= 300) && !matches!(refusal, Refusal::WrongKey);
    let date = DateTime::from_secs(now).fmt(Format::HttpDate).unwrap();
    let (status, extra, body) = if within {
        ("200 OK", format!("date: {date}\r\n"), r#"{"ok":true}"#.to_owned())
    } else {
        match refusal {
            Refusal::Expired | Refusal::WrongKey => (
                "400 Bad Request",
                format!("date: {date}\r\n"),
                r#"{"__type":"InvalidSignatureException","message":"Signature expired: the request time is more than 5 minutes from the server time"}"#.to_owned(),
            ),
            Refusal::TooSkewed => (
                "403 Forbidden",
                format!("date: {date}\r\n"),
                r#"{"__type":"RequestTimeTooSkewed","message":"The difference between the request time and the current time is too large."}"#.to_owned(),
            ),
            Refusal::WithoutDate => (
                "403 Forbidden",
                String::new(),
                r#"{"__type":"SignatureDoesNotMatch","message":"Signature not yet current"}"#.to_owned(),
            ),
        }
    };
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
}

fn handle(port: u16, retry: RetryConfig) -> Arc<Handle> {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(retry)
        .build();
    Handle::new(&config)
}

async fn call(handle: &Handle, port: u16) -> Result<Vec<u8>, SdkError<RawServiceError>> {
    let endpoint = ResolvedEndpoint::new(format!("http://127.0.0.1:{port}"));
    let call = invoke(handle, &SERVICE, "Op", &endpoint, None, b"{}".to_vec());
    tokio::time::timeout(Duration::from_secs(5), call).await.expect("the call ended within 5 s")
}

#[tokio::test]
async fn a_server_an_hour_ahead_or_behind_is_followed_after_one_resend() {
    for (offset, refusal) in [(3600, Refusal::Expired), (-3600, Refusal::Expired), (3600, Refusal::TooSkewed)] {
        let server = SkewedServer::start(offset, refusal).await;
        // No retries configured: the resend after a clock correction is not a retry.
        let handle = handle(server.port, RetryConfig::disabled());
        assert_eq!(call(&handle, server.port).await.unwrap(), br#"{"ok":true}"#, "offset {offset}");
        assert_eq!(server.requests(), 2, "refused once, then accepted (offset {offset})");
        let (skew, behind) = handle.clock_skew();
        assert!(skew > Duration::from_secs(3590) && skew < Duration::from_secs(3610), "{skew:?}");
        assert_eq!(behind, offset < 0);

        // Later calls, on a clone of the handle as every clone of a client shares it,
        // are signed with the corrected time from the start.
        let clone = Arc::clone(&handle);
        call(&clone, server.port).await.unwrap();
        call(&handle, server.port).await.unwrap();
        assert_eq!(server.requests(), 4, "offset {offset}");
    }
}

#[tokio::test]
async fn a_signature_error_without_a_skewed_date_is_not_resent() {
    // The server's clock agrees with ours, so an `InvalidSignatureException` means a
    // wrong key: returned at once, not retried.
    let server = SkewedServer::start(0, Refusal::WrongKey).await;
    let handle = handle(server.port, RetryConfig::standard());
    let error = call(&handle, server.port).await.unwrap_err();
    assert_eq!(error.meta().and_then(|meta| meta.code()), Some("InvalidSignatureException"));
    assert_eq!(server.requests(), 1);
    assert_eq!(handle.clock_skew(), (Duration::ZERO, false));

    // Skewed, but the answer carries no `Date`: nothing to correct with.
    let server = SkewedServer::start(3600, Refusal::WithoutDate).await;
    let handle = self::handle(server.port, RetryConfig::standard());
    let error = call(&handle, server.port).await.unwrap_err();
    assert_eq!(error.meta().and_then(|meta| meta.code()), Some("SignatureDoesNotMatch"));
    assert_eq!(server.requests(), 1);
    assert_eq!(handle.clock_skew(), (Duration::ZERO, false));
}

#[tokio::test]
async fn concurrent_calls_signed_before_the_correction_are_resent_too() {
    let server = SkewedServer::start(-3600, Refusal::Expired).await;
    let handle = handle(server.port, RetryConfig::disabled());
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let handle = Arc::clone(&handle);
            let port = server.port;
            tokio::spawn(async move { call(&handle, port).await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), br#"{"ok":true}"#);
    }
    assert!(server.requests() <= 16, "at most one resend each: {}", server.requests());
}
