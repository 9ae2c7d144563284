//! The generated ECR client against a misbehaving server on 127.0.0.1: server errors
//! and throttling retried the configured number of times with the configured backoff,
//! client errors sent once, resets, truncated and trickling bodies, silence, wrong
//! content types, proxies' HTML pages, unparseable outputs, redirects and oversized
//! bodies. Every call is bounded, and each ends in one `SdkError` kind or a success.

mod scripted;

use std::time::{Duration, Instant};

use aws_client_runtime::client::{DispatchKind, TimeoutKind};
use ecr_client::operation::describe_registry::{DescribeRegistryError, DescribeRegistryOutput};
use ecr_client::{Client, Config, Credentials, RetryConfig, SdkError, TimeoutConfig};
use scripted::{Behaviour, Server, aws_error, json, typed};

type Outcome = Result<DescribeRegistryOutput, SdkError<DescribeRegistryError>>;

const OUTPUT: &str = r#"{"registryId":"123456789012"}"#;

/// Retries with a short fixed backoff (5 ms, then 10 ms, …), three attempts.
fn retries() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)).with_fixed_jitter(1.0)
}

fn config(server: &Server) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "fault-secret", None, None, "test"))
        .endpoint_url(server.url())
        .retry_config(retries())
        .build()
}

/// Calls `DescribeRegistry`, failing the test after ten seconds.
async fn call(config: &Config) -> Outcome {
    let call = Client::new(config).describe_registry().send();
    tokio::time::timeout(Duration::from_secs(10), call).await.expect("the call did not finish within 10 s")
}

fn registry_id(outcome: Outcome) -> String {
    outcome.expect("a successful call").registry_id().expect("a registry id").to_owned()
}

fn response_error(outcome: &Outcome) -> String {
    match outcome {
        Err(error @ SdkError::ResponseError(_)) => error.to_string(),
        other => panic!("expected a response error: {other:?}"),
    }
}

fn dispatch_kind(outcome: &Outcome) -> DispatchKind {
    match outcome {
        Err(SdkError::DispatchFailure(failure)) => failure.kind(),
        other => panic!("expected a dispatch failure: {other:?}"),
    }
}

fn timeout_kind(outcome: &Outcome) -> TimeoutKind {
    match outcome {
        Err(SdkError::TimeoutError(timeout)) => timeout.kind(),
        other => panic!("expected a timeout: {other:?}"),
    }
}

/// A 200 head promising `promised` bytes, followed by `sent` of them.
fn truncated(promised: usize, sent: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {promised}\r\n\r\n{sent}")
        .into_bytes()
}

#[tokio::test]
async fn server_errors_are_retried_until_one_succeeds() {
    let server = Server::start(vec![aws_error(500, "ServerException", "boom"), json(503, ""), json(200, OUTPUT)]).await;
    assert_eq!(registry_id(call(&config(&server)).await), "123456789012");
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn server_errors_stop_after_exactly_the_configured_attempts() {
    let server = Server::start(vec![json(500, ""); 6]).await;
    let config = config(&server).to_builder().retry_config(retries().with_max_attempts(4)).build();
    let outcome = call(&config).await;
    let error = outcome.unwrap_err();
    assert_eq!(error.meta().and_then(|m| m.status()), Some(500), "{error:?}");
    assert!(matches!(error.as_service_error(), Some(DescribeRegistryError::Unhandled(_))), "{error:?}");
    assert_eq!(server.count(), 4);

    let server = Server::start(vec![aws_error(500, "ServerException", "down"); 3]).await;
    let error = call(&config.to_builder().endpoint_url(server.url()).retry_config(RetryConfig::disabled()).build())
        .await
        .unwrap_err();
    assert!(matches!(error.as_service_error(), Some(DescribeRegistryError::ServerException(_))), "{error:?}");
    assert_eq!(server.count(), 1, "retries disabled: one attempt");
}

#[tokio::test]
async fn throttling_backs_off_exponentially_before_retrying() {
    let throttled = || aws_error(400, "ThrottlingException", "Rate exceeded");
    let server = Server::start(vec![throttled(), json(429, ""), json(200, OUTPUT)]).await;
    // Fixed jitter 1.0: the waits are exactly 150 ms, then 300 ms.
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(150)).with_fixed_jitter(1.0);
    let config = config(&server).to_builder().retry_config(retry.clone()).build();
    let started = Instant::now();
    assert_eq!(registry_id(call(&config).await), "123456789012");
    let elapsed = started.elapsed();
    assert_eq!(server.count(), 3);
    assert!(elapsed >= Duration::from_millis(450), "two backoffs of 150 and 300 ms: {elapsed:?}");
    assert!(elapsed < Duration::from_millis(2000), "{elapsed:?}");

    // Half the jitter halves the waits; the third throttling answer is the result.
    let server = Server::start(vec![throttled(), throttled(), throttled(), json(200, OUTPUT)]).await;
    let config = config.to_builder().endpoint_url(server.url()).retry_config(retry.with_fixed_jitter(0.5)).build();
    let started = Instant::now();
    let error = call(&config).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.meta().and_then(|m| m.code()), Some("ThrottlingException"), "{error:?}");
    assert_eq!(server.count(), 3);
    assert!(elapsed >= Duration::from_millis(225) && elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[tokio::test]
async fn client_errors_are_sent_exactly_once() {
    let cases = [
        (aws_error(400, "InvalidParameterException", "bad"), 400),
        (aws_error(400, "ValidationException", "bad"), 400),
        (aws_error(403, "AccessDeniedException", "no"), 403),
        (json(404, ""), 404),
        (typed(413, "text/plain", "too large"), 413),
    ];
    for (behaviour, status) in cases {
        let server = Server::start(vec![behaviour.clone(), json(200, OUTPUT)]).await;
        let error = call(&config(&server)).await.unwrap_err();
        assert_eq!(error.meta().and_then(|m| m.status()), Some(status), "{behaviour:?}: {error:?}");
        assert_eq!(server.count(), 1, "{behaviour:?}");
    }
    let server = Server::start(vec![aws_error(400, "InvalidParameterException", "bad")]).await;
    let error = call(&config(&server)).await.unwrap_err();
    assert!(matches!(error.as_service_error(), Some(DescribeRegistryError::InvalidParameterException(_))));
}

#[tokio::test]
async fn a_connection_reset_in_the_middle_of_a_response_is_retried() {
    let half = truncated(OUTPUT.len(), &OUTPUT[..10]);
    let server = Server::start(vec![Behaviour::ResetAfter(half.clone()), json(200, OUTPUT)]).await;
    assert_eq!(registry_id(call(&config(&server)).await), "123456789012");
    assert_eq!(server.count(), 2);

    let server = Server::start(vec![Behaviour::ResetAfter(half); 3]).await;
    let outcome = call(&config(&server)).await;
    assert_eq!(dispatch_kind(&outcome), DispatchKind::Io);
    assert_eq!(server.count(), 3);
    let shown = outcome.unwrap_err().to_string();
    assert!(shown.starts_with("dispatch failure: connection failed"), "{shown}");
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_an_io_failure() {
    let server = Server::start(vec![Behaviour::Raw(truncated(100, OUTPUT)); 3]).await;
    let outcome = call(&config(&server)).await;
    assert_eq!(dispatch_kind(&outcome), DispatchKind::Io);
    assert_eq!(server.count(), 3, "retried like any I/O failure");

    let server = Server::start(vec![Behaviour::Raw(truncated(100, OUTPUT)), json(200, OUTPUT)]).await;
    assert_eq!(registry_id(call(&config(&server)).await), "123456789012");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_silent_server_hits_the_attempt_timeout_on_every_attempt() {
    let server = Server::start(vec![Behaviour::Hang, Behaviour::Hang, json(200, OUTPUT)]).await;
    let timeouts = TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(200));
    let config = config(&server).to_builder().timeout_config(timeouts).build();
    assert_eq!(registry_id(call(&config).await), "123456789012", "the third attempt is answered");
    assert_eq!(server.count(), 3);

    let server = Server::start(vec![Behaviour::Hang; 3]).await;
    let config = config.to_builder().endpoint_url(server.url()).build();
    let started = Instant::now();
    let outcome = call(&config).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::Attempt);
    assert_eq!(server.count(), 3);
    assert!(started.elapsed() >= Duration::from_millis(600), "{:?}", started.elapsed());
    assert_eq!(outcome.unwrap_err().to_string(), "attempt timeout elapsed after 200ms");
}

#[tokio::test]
async fn a_trickling_body_hits_the_attempt_timeout() {
    let trickle = Behaviour::Trickle { body: OUTPUT.as_bytes().to_vec(), every: Duration::from_millis(50) };
    let server = Server::start(vec![trickle.clone(), trickle]).await;
    let timeouts = TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(300));
    let config =
        config(&server).to_builder().timeout_config(timeouts).retry_config(retries().with_max_attempts(2)).build();
    let outcome = call(&config).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::Attempt, "the body counts towards the attempt");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn the_operation_timeout_ends_a_call_that_would_never_finish() {
    let server = Server::start(vec![Behaviour::Hang; 3]).await;
    let timeouts = TimeoutConfig::disabled().with_operation_timeout(Duration::from_millis(300));
    let config = config(&server).to_builder().timeout_config(timeouts).build();
    let started = Instant::now();
    let outcome = call(&config).await;
    let elapsed = started.elapsed();
    assert_eq!(timeout_kind(&outcome), TimeoutKind::Operation);
    assert!(elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(server.count(), 1);

    // With attempt timeouts too, the operation timeout still bounds the retries.
    let server = Server::start(vec![Behaviour::Hang; 3]).await;
    let timeouts = TimeoutConfig::disabled()
        .with_attempt_timeout(Duration::from_millis(200))
        .with_operation_timeout(Duration::from_millis(350));
    let config = config.to_builder().endpoint_url(server.url()).timeout_config(timeouts).build();
    let started = Instant::now();
    let outcome = call(&config).await;
    assert_eq!(timeout_kind(&outcome), TimeoutKind::Operation, "{outcome:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert!((1..=2).contains(&server.count()), "a second attempt starts after 205 ms: {}", server.count());
}

#[tokio::test]
async fn the_content_type_of_a_response_is_not_what_decides() {
    // awsJson bodies are read as JSON whatever the header says.
    let server = Server::start(vec![typed(200, "text/plain", OUTPUT)]).await;
    assert_eq!(registry_id(call(&config(&server)).await), "123456789012");
    let server = Server::start(vec![typed(400, "application/xml", r#"{"__type":"ValidationException"}"#)]).await;
    let error = call(&config(&server)).await.unwrap_err();
    assert!(matches!(error.as_service_error(), Some(DescribeRegistryError::ValidationException(_))), "{error:?}");

    // A body that is not JSON is unreadable, quoted in part, and not retried.
    let server = Server::start(vec![typed(200, "text/plain", "OK"), json(200, OUTPUT)]).await;
    let outcome = call(&config(&server)).await;
    let shown = response_error(&outcome);
    assert!(shown.starts_with("unreadable response (status 200): cannot parse the output from `OK`"), "{shown}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn proxies_html_error_pages_are_retried_then_reported_by_status() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let server =
        Server::start(vec![typed(502, "text/html", page), typed(503, "text/html", page), json(200, OUTPUT)]).await;
    assert_eq!(registry_id(call(&config(&server)).await), "123456789012");
    assert_eq!(server.count(), 3);

    let server = Server::start(vec![typed(503, "text/html; charset=utf-8", page); 3]).await;
    let error = call(&config(&server)).await.unwrap_err();
    assert_eq!(server.count(), 3);
    let meta = error.meta().unwrap();
    // No code, and the page described in the message: type, length, start.
    let described =
        format!("the body is not an AWS error (text/html; charset=utf-8, {} bytes): \"{page}\"", page.len());
    assert_eq!((meta.status(), meta.code(), meta.message()), (Some(503), None, Some(described.as_str())));
    assert!(matches!(error.as_service_error(), Some(DescribeRegistryError::Unhandled(_))), "{error:?}");
    assert_eq!(error.to_string(), format!("service error: unknown error: {described} (status 503)"));

    // A captive portal's page in a 200 is an unreadable output.
    let server = Server::start(vec![typed(200, "text/html", page)]).await;
    let shown = response_error(&call(&config(&server)).await);
    assert!(shown.contains("<title>502 Bad Gateway</title>"), "{shown}");
}

#[tokio::test]
async fn an_unparseable_success_is_a_response_error_and_not_retried() {
    let bodies = [r#"{"registryId":5}"#, r#"{"registryId":"12"#, r#"["registryId"]}"#, "{}}", "[1]"];
    for body in bodies {
        let server = Server::start(vec![json(200, body), json(200, OUTPUT)]).await;
        let outcome = call(&config(&server)).await;
        let shown = response_error(&outcome);
        assert!(shown.starts_with("unreadable response (status 200): cannot parse the output"), "{body}: {shown}");
        assert!(!shown.contains(body), "a JSON body is not quoted: {shown}");
        assert!(!shown.contains("\"12"), "nor its values: {shown}");
        assert_eq!(server.count(), 1, "{body}");
        // The parser's words are part of the error's text, not repeated by `source()`.
        assert!(shown.contains("(at byte "), "{body}: {shown}");
        assert!(std::error::Error::source(&outcome.unwrap_err()).is_none(), "{body}");
    }
}

#[tokio::test]
async fn an_array_in_place_of_the_output_object_is_a_response_error() {
    // awsJson outputs are always objects, so an array whose items would fit the
    // members by position is refused.
    let server = Server::start(vec![json(200, r#"["123456789012"]"#)]).await;
    let error = call(&config(&server)).await.unwrap_err();
    let text = format!("{error}");
    assert!(text.starts_with("unreadable response (status 200): cannot parse the output"), "{text}");
    assert!(text.contains("expected an object, found an array (at byte 0)"), "{text}");
    assert!(!text.contains("123456789012"), "the body is not quoted: {text}");
    assert_eq!(server.count(), 1, "a malformed output is not retried");
}

#[tokio::test]
async fn a_redirect_is_an_error_and_is_not_followed() {
    let elsewhere = Server::start(vec![json(200, OUTPUT)]).await;
    let redirect = Behaviour::Respond {
        status: 307,
        content_type: "text/plain",
        headers: vec![("location", elsewhere.url())],
        body: b"moved".to_vec(),
    };
    let server = Server::start(vec![redirect]).await;
    let error = call(&config(&server)).await.unwrap_err();
    assert_eq!(error.meta().and_then(|m| m.status()), Some(307), "{error:?}");
    assert_eq!((server.count(), elsewhere.count()), (1, 0), "the signed request goes nowhere else");
}

#[tokio::test]
async fn bodies_larger_than_the_limit_are_refused_unread() {
    let limit = 1024;
    let big = format!(r#"{{"registryId":"{}"}}"#, "1".repeat(2000));
    let server = Server::start(vec![json(200, &big), json(200, OUTPUT)]).await;
    let config = config(&server).to_builder().max_response_size(limit).build();
    assert_eq!(config.max_response_size(), limit);
    let shown = response_error(&call(&config).await);
    assert_eq!(
        shown,
        "unreadable response (status 200): the body declares 2017 bytes (Content-Length), more than the limit \
         of 1024 bytes (max_response_size); it was not read"
    );
    assert_eq!(server.count(), 1, "not retried");

    // Without a length, counting stops the read at the limit.
    let server = Server::start(vec![Behaviour::Chunked { chunks: 1000, size: 512 }]).await;
    let config = config.to_builder().endpoint_url(server.url()).build();
    let shown = response_error(&call(&config).await);
    assert!(shown.contains("larger than the limit of 1024 bytes (max_response_size)"), "{shown}");
    assert!(shown.contains("was not read"), "{shown}");

    // Error responses are bounded too; a body of exactly the limit is read.
    let server = Server::start(vec![typed(503, "text/html", &"x".repeat(2000))]).await;
    let config = config.to_builder().endpoint_url(server.url()).build();
    assert!(response_error(&call(&config).await).starts_with("unreadable response (status 503): the body declares"));
    let exact = format!(r#"{{"registryId":"{}"}}"#, "7".repeat(1024 - 17));
    let server = Server::start(vec![json(200, &exact)]).await;
    let config = config.to_builder().endpoint_url(server.url()).build();
    assert_eq!(registry_id(call(&config).await).len(), 1024 - 17);
    let chunked = Server::start(vec![Behaviour::Chunked { chunks: 2, size: 512 }]).await;
    let config = config.to_builder().endpoint_url(chunked.url()).build();
    assert_eq!(call(&config).await.unwrap().registry_id(), None, "1024 blanks read as an empty output");
}

#[tokio::test]
async fn an_answer_that_is_not_http_is_an_io_failure() {
    let server = Server::start(vec![Behaviour::Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec()); 3]).await;
    let outcome = call(&config(&server)).await;
    assert_eq!(dispatch_kind(&outcome), DispatchKind::Io, "{outcome:?}");
    assert_eq!(server.count(), 3);

    let server = Server::start(vec![Behaviour::Raw(Vec::new()), json(200, OUTPUT)]).await;
    assert_eq!(registry_id(call(&config(&server)).await), "123456789012", "an empty answer is retried");
    assert_eq!(server.count(), 2);
}
