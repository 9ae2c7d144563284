//! `@awsQueryCompatible`: the service answers an awsJson error with the awsQuery code in
//! its `x-amzn-query-error` header; the error keeps that code, is still typed as the
//! modeled `ThrottledError` (whose `@awsQueryError` code it is), and is retried as a
//! throttling error. Without the header the awsJson code stands.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hazards_client::error::ProvideErrorMetadata;
use hazards_client::operation::ping::PingError;
use hazards_client::{Client, Config, Credentials, RetryConfig, SdkError};

/// Answers each request with the next of `answers` (extra headers, status, body); counts requests.
fn server(answers: Vec<(&'static str, u16, &'static str)>) -> (u16, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(Mutex::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for (stream, (headers, status, body)) in listener.incoming().zip(answers) {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let line = line.trim_end().to_ascii_lowercase();
                if line.is_empty() {
                    break;
                }
                if let Some(value) = line.strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
            }
            let _ = reader.read_exact(&mut vec![0; length]);
            *seen.lock().unwrap() += 1;
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(format!("{head}{body}").as_bytes());
        }
    });
    (port, count)
}

fn client(port: u16, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(retry)
        .build();
    Client::new(&config)
}

const THROTTLED: &str = r#"{"__type":"example.hazards#ThrottledError","message":"slow down"}"#;

#[tokio::test]
async fn the_query_code_of_the_header_names_the_error() {
    let (port, _) = server(vec![("x-amzn-query-error: Throttling;Sender\r\n", 400, THROTTLED)]);
    let error = client(port, RetryConfig::disabled()).ping().send().await.unwrap_err();
    let SdkError::ServiceError(service_error) = &error else { panic!("{error:?}") };
    assert_eq!(service_error.meta().code(), Some("Throttling"));
    let PingError::ThrottledError(throttled) = service_error.err() else { panic!("not typed: {error:?}") };
    assert_eq!(throttled.message(), Some("slow down"));
    assert_eq!(error.code(), Some("Throttling"));
}

#[tokio::test]
async fn without_the_header_the_json_code_stands() {
    let (port, _) = server(vec![("", 400, THROTTLED)]);
    let error = client(port, RetryConfig::disabled()).ping().send().await.unwrap_err();
    let SdkError::ServiceError(service_error) = &error else { panic!("{error:?}") };
    assert_eq!(service_error.meta().code(), Some("ThrottledError"));
    assert!(matches!(service_error.err(), PingError::ThrottledError(_)), "{error:?}");
}

#[tokio::test]
async fn an_error_under_its_query_code_is_retried() {
    let (port, count) = server(vec![("x-amzn-query-error: Throttling;Sender\r\n", 400, THROTTLED), ("", 200, "{}")]);
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(5));
    client(port, retry).ping().send().await.unwrap();
    assert_eq!(*count.lock().unwrap(), 2, "retried once, then answered");
}
