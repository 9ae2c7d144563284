//! `@auth([])` and `@optionalAuth` on awsJson operations: `PingAnonymously` is never
//! signed, `PingIfSignedIn` is signed when credentials load and sent unsigned when
//! they cannot, and `Ping` (the service's SigV4) is signed, or fails before sending
//! without credentials.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use hazards_client::{Client, Config, Credentials, RetryConfig, SdkError};

/// Answers every request with `{}` and records whether each carried a signature.
fn server() -> (u16, Arc<Mutex<Vec<bool>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let signed = Arc::new(Mutex::new(Vec::new()));
    let record = signed.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut length, mut authorization) = (0, false);
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
                authorization |= line.starts_with("authorization:");
            }
            let _ = reader.read_exact(&mut vec![0; length]);
            record.lock().unwrap().push(authorization);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}");
        }
    });
    (port, signed)
}

fn client(port: u16, credentials: Option<Credentials>) -> Client {
    let mut config = Config::builder()
        .region("us-east-1")
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled());
    if let Some(credentials) = credentials {
        config = config.credentials(credentials);
    }
    Client::new(&config.build())
}

#[tokio::test]
async fn operations_are_signed_as_their_auth_says() {
    let (port, signed) = server();
    let with_credentials = client(port, Some(Credentials::new("AKID", "SECRET", None, None, "test")));
    with_credentials.ping_anonymously().send().await.unwrap();
    with_credentials.ping_if_signed_in().send().await.unwrap();
    with_credentials.ping().send().await.unwrap();

    let without = client(port, None);
    without.ping_anonymously().send().await.unwrap();
    without.ping_if_signed_in().send().await.unwrap();
    let error = without.ping().send().await.unwrap_err();
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error:?}");

    assert_eq!(*signed.lock().unwrap(), [false, true, true, false, false], "the failed call sent nothing");
}
