#![cfg(feature = "tracing")]
//! Feature `tracing`: one `aws.call` span per call with service, operation, attempt,
//! status and request id, recorded by a collecting subscriber against a scripted local
//! server; no body, key or signature in any field.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_client_runtime::ErrorMetadata;
use aws_client_runtime::client::{Config, Handle, RetryConfig, SdkError, ServiceInfo, Signing, call};
use aws_client_runtime::credentials::Credentials;
use aws_client_runtime::rules::ResolvedEndpoint;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use tracing_core::span::Current;

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

/// Fields of spans (by id) and events, as text.
#[derive(Default)]
struct Collected {
    spans: BTreeMap<u64, (String, BTreeMap<String, String>)>,
    events: Vec<BTreeMap<String, String>>,
    /// Entered spans, innermost last, for `Span::current()`.
    entered: Vec<(u64, &'static Metadata<'static>)>,
    metadata: BTreeMap<u64, &'static Metadata<'static>>,
}

#[derive(Clone, Default)]
struct Collector {
    collected: Arc<Mutex<Collected>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Collector {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut collected = self.collected.lock().unwrap();
        collected.spans.insert(id, (span.metadata().name().to_owned(), fields));
        collected.metadata.insert(id, span.metadata());
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut collected = self.collected.lock().unwrap();
        if let Some((_, fields)) = collected.spans.get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.collected.lock().unwrap().events.push(fields);
    }
    fn enter(&self, span: &Id) {
        let mut collected = self.collected.lock().unwrap();
        let metadata = collected.metadata.get(&span.into_u64()).copied();
        if let Some(metadata) = metadata {
            collected.entered.push((span.into_u64(), metadata));
        }
    }
    fn exit(&self, span: &Id) {
        let mut collected = self.collected.lock().unwrap();
        if let Some(index) = collected.entered.iter().rposition(|(id, _)| *id == span.into_u64()) {
            collected.entered.remove(index);
        }
    }
    fn current_span(&self) -> Current {
        match self.collected.lock().unwrap().entered.last() {
            Some((id, metadata)) => Current::new(Id::from_u64(*id), metadata),
            None => Current::none(),
        }
    }
}

/// Serves `script` (status, request id, body), one connection per request.
async fn server(script: Vec<(u16, &'static str, &'static str)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut script: VecDeque<_> = script.into();
    tokio::spawn(async move {
        while let Some((status, request_id, body)) = script.pop_front() {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut chunk = [0u8; 4096];
            // The bodies sent here are `{}`: the request ends two bytes after its head.
            while !request.windows(4).any(|w| w == b"\r\n\r\n") || !request.ends_with(b"{}") {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&chunk[..n]),
                }
            }
            let response = format!(
                "HTTP/1.1 {status} Scripted\r\ncontent-length: {}\r\nx-amzn-requestid: {request_id}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes()).await.unwrap();
            stream.shutdown().await.unwrap();
        }
    });
    port
}

async fn call_op(port: u16) -> Result<Value, SdkError<ErrorMetadata>> {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDTRACE", "SECRETTRACE", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
        .build();
    let handle = Handle::new(&config);
    let endpoint = ResolvedEndpoint::new(config.endpoint_override("SVC").unwrap());
    call(&handle, &SERVICE, "Op", Ok(endpoint), None, &[], Signing::Required, &serde_json::json!({}), |meta, _| {
        meta.clone()
    })
    .await
}

fn assert_no_secrets(collected: &Collected) {
    let texts =
        collected.spans.values().flat_map(|(_, f)| f.values()).chain(collected.events.iter().flat_map(|f| f.values()));
    for text in texts {
        for secret in ["SECRETTRACE", "AKIDTRACE", "Signature", "\"found\"", "body-secret"] {
            assert!(!text.contains(secret), "{text:?} shows {secret:?}");
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_retried_call_is_one_span_with_its_last_attempt_status_and_request_id() {
    let collector = Collector::default();
    let _guard = tracing::subscriber::set_default(collector.clone());
    let port = server(vec![
        (503, "req-1", "{\"__type\":\"Busy\",\"message\":\"body-secret\"}"),
        (200, "req-2", "{\"found\":\"body-secret\"}"),
    ])
    .await;
    let output = call_op(port).await.unwrap();
    assert_eq!(output, serde_json::json!({"found": "body-secret"}));
    let collected = collector.collected.lock().unwrap();
    let spans: Vec<_> = collected.spans.values().collect();
    assert_eq!(spans.len(), 1, "{:?}", spans);
    let (name, fields) = spans[0];
    assert_eq!(name, "aws.call");
    let expected: BTreeMap<String, String> = [
        ("rpc.service", "Svc_2020"),
        ("rpc.method", "Op"),
        ("attempt", "2"),
        ("status", "200"),
        ("request_id", "req-2"),
        ("outcome", "success"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(fields, &expected);
    // The HTTP client's own events (connections) are there too; ours say "response".
    let statuses: Vec<&str> = collected
        .events
        .iter()
        .filter(|e| e.get("message").is_some_and(|m| m == "response"))
        .map(|e| e["status"].as_str())
        .collect();
    assert_eq!(statuses, ["503", "200"]);
    assert_no_secrets(&collected);
}

#[tokio::test(flavor = "current_thread")]
async fn a_service_error_records_its_code_and_status() {
    let collector = Collector::default();
    let _guard = tracing::subscriber::set_default(collector.clone());
    let port = server(vec![(400, "req-9", "{\"__type\":\"NotFound\",\"message\":\"body-secret\"}")]).await;
    let error = call_op(port).await.unwrap_err();
    assert_eq!(error.meta().and_then(|m| m.code()), Some("NotFound"));
    let collected = collector.collected.lock().unwrap();
    let (_, fields) = collected.spans.values().next().unwrap();
    assert_eq!(
        (
            &fields["attempt"][..],
            &fields["status"][..],
            &fields["request_id"][..],
            &fields["outcome"][..],
            &fields["error_code"][..]
        ),
        ("1", "400", "req-9", "service_error", "NotFound")
    );
    assert_no_secrets(&collected);
}
