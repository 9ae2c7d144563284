//! `PutBlob` sends a `@streaming` payload: against a local server that records each
//! request, the payload arrives whole from bytes and from a file (in several chunks),
//! `x-amz-content-sha256` is its SHA-256 (or `UNSIGNED-PAYLOAD` under
//! `@unsignedPayload`) and the signature verifies with the runtime's signer, a 503 is
//! retried with the file sent again from its start, and a file or stream that cannot be
//! sent is a construction error, not a panic.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_client_runtime::sigv4::{SignableRequest, SigningParams, sha256_hex, sign};
use aws_client_runtime::{DateTime, Format};
use upload_client::primitives::{ByteStream, Bytes, StreamError};
use upload_client::{Client, Config, Credentials, RetryConfig, SdkError};

/// How long any test may wait for anything: a hang fails instead of blocking the run.
const BOUND: Duration = Duration::from_secs(10);

const OK: &str = "HTTP/1.1 200 OK\r\netag: \"e1\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
const UNAVAILABLE: &str = "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
                           x-amzn-errortype: ServiceUnavailable\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";

/// One request as the server read it.
struct Received {
    /// The request line.
    line: String,
    /// Header names in lower case, values trimmed, in the order sent.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Answers one connection per entry of `answers`, in order, and hands over each request.
fn serve(answers: Vec<&'static str>) -> (u16, Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (requests, received) = channel();
    std::thread::spawn(move || {
        for answer in answers {
            let Ok((mut stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                    break;
                }
                let (name, value) = header.split_once(':').unwrap();
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
            let length = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            requests.send(Received { line: line.trim().to_owned(), headers, body }).unwrap();
            stream.write_all(answer.as_bytes()).unwrap();
            stream.flush().unwrap();
        }
    });
    (port, received)
}

fn client(port: u16, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(retry)
        .build();
    Client::new(&config)
}

fn next(received: &Receiver<Received>) -> Received {
    received.recv_timeout(BOUND).expect("a request within the bound")
}

/// Signs the request as received with the test credentials at its `x-amz-date` and
/// checks the signature is the one it carries.
fn assert_signature_verifies(request: &Received) {
    let authorization = request.header("authorization").expect("a signed request");
    let signed = authorization.split("SignedHeaders=").nth(1).unwrap().split(',').next().unwrap();
    let sent_signature = authorization.rsplit("Signature=").next().unwrap();
    let headers: Vec<(String, String)> = signed
        .split(';')
        .map(|name| (name.to_owned(), request.header(name).unwrap_or_else(|| panic!("{name} sent")).to_owned()))
        .collect();
    let date = request.header("x-amz-date").unwrap();
    let iso = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &date[0..4],
        &date[4..6],
        &date[6..8],
        &date[9..11],
        &date[11..13],
        &date[13..15]
    );
    let millis = DateTime::parse(&iso, Format::DateTime).unwrap().to_millis().unwrap();
    let time = UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap());
    let uri = request.line.split(' ').nth(1).unwrap();
    let params = SigningParams {
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: "secret",
        session_token: None,
        region: "us-east-1",
        service: "upload",
        time,
    };
    let signable = SignableRequest { method: "PUT", uri, headers: &headers, body: &request.body };
    assert_eq!(sign(&signable, &params).signature, sent_signature);
    assert!(signed.split(';').any(|name| name == "x-amz-content-sha256"), "{signed}");
}

/// A file under the temporary directory with `content`, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, content: &[u8]) -> TempFile {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
        let path = std::env::temp_dir().join(format!("upload-wire-{name}-{}-{nanos}", std::process::id()));
        std::fs::write(&path, content).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Content larger than one upload chunk, so that a file goes out in several reads.
fn large_content() -> Vec<u8> {
    (0..200_000u32).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn bytes_arrive_whole_with_their_hash_signed() {
    let (port, received) = serve(vec![OK]);
    let payload = b"hello, blob".to_vec();
    let call = client(port, RetryConfig::disabled()).put_blob().name("greeting.txt").body(payload.clone()).send();
    let output = tokio::time::timeout(BOUND, call).await.unwrap().unwrap();
    assert_eq!(output.e_tag(), Some("\"e1\""));

    let request = next(&received);
    assert_eq!(request.line, "PUT /blobs/greeting.txt HTTP/1.1");
    assert_eq!(request.body, payload);
    assert_eq!(request.header("content-length"), Some("11"));
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));
    assert_eq!(request.header("x-amz-content-sha256"), Some(sha256_hex(&payload).as_str()));
    assert_signature_verifies(&request);
}

#[tokio::test]
async fn a_file_is_sent_again_whole_when_the_first_answer_is_a_503() {
    let content = large_content();
    let file = TempFile::new("retried", &content);
    let (port, received) = serve(vec![UNAVAILABLE, OK]);
    let retry = RetryConfig::standard().with_max_attempts(2).with_initial_backoff(Duration::from_millis(1));
    let call = client(port, retry).put_blob().name("large.bin").body(ByteStream::from_path(&file.0)).send();
    tokio::time::timeout(BOUND, call).await.unwrap().unwrap();

    let (first, second) = (next(&received), next(&received));
    let hash = sha256_hex(&content);
    for request in [&first, &second] {
        assert_eq!(request.body, content, "the whole file, from its start");
        assert_eq!(request.header("content-length"), Some(content.len().to_string().as_str()));
        assert_eq!(request.header("x-amz-content-sha256"), Some(hash.as_str()));
        assert_signature_verifies(request);
    }
}

#[tokio::test]
async fn an_unsigned_payload_declares_unsigned_payload_and_still_signs_the_request() {
    let content = large_content();
    let file = TempFile::new("unsigned", &content);
    let (port, received) = serve(vec![OK]);
    let call = client(port, RetryConfig::disabled())
        .put_blob_unsigned()
        .name("large.bin")
        .body(ByteStream::from_path(&file.0))
        .send();
    tokio::time::timeout(BOUND, call).await.unwrap().unwrap();

    let request = next(&received);
    assert_eq!(request.line, "PUT /unsigned/large.bin HTTP/1.1");
    assert_eq!(request.body, content);
    assert_eq!(request.header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
    assert_signature_verifies(&request);
}

/// The message of an error with its sources.
fn full_message(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The full message of a call's construction failure.
fn construction_message<E: std::error::Error + 'static>(call: Result<(), SdkError<E>>) -> String {
    let error = call.unwrap_err();
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error:?}");
    full_message(&error)
}

#[tokio::test]
async fn a_missing_file_is_a_construction_error_naming_it() {
    let path = std::env::temp_dir().join("upload-wire-no-such-file.bin");
    // Nothing listens there: the call must fail before connecting.
    let client = client(9, RetryConfig::disabled());
    for unsigned in [false, true] {
        let body = ByteStream::from_path(&path);
        let message = if unsigned {
            construction_message(client.put_blob_unsigned().name("x").body(body).send().await.map(|_| ()))
        } else {
            construction_message(client.put_blob().name("x").body(body).send().await.map(|_| ()))
        };
        assert!(message.contains(&path.display().to_string()), "{message}");
    }
}

#[tokio::test]
async fn a_stream_that_can_be_read_once_is_refused_before_sending() {
    struct Once(Option<Bytes>);
    impl aws_client_runtime::Stream for Once {
        type Item = Result<Bytes, StreamError>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(Ok))
        }
    }
    let body = ByteStream::from_stream(Once(Some(Bytes::from_static(b"once"))));
    let call = client(9, RetryConfig::disabled()).put_blob().name("x").body(body).send().await;
    let message = construction_message(call.map(|_| ()));
    assert!(message.contains("read only once"), "{message}");
}
