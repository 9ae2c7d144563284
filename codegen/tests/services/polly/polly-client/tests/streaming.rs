//! `SynthesizeSpeech` streams its audio (a `@streaming` blob payload): against a local
//! server that sends the body in pieces when the test says so, the output arrives with
//! its header members before the body is complete, the body reads chunk by chunk or
//! collected, a body that stops moving ends its stream with an error within the
//! stalled-stream protection's bound, a reader slower than that is not mistaken for a
//! stall, and an error response is still read whole and typed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use aws_client_runtime::Stream as _;
use polly_client::operation::synthesize_speech::{SynthesizeSpeechError, SynthesizeSpeechOutput};
use polly_client::primitives::{ByteStream, Bytes, StreamError, StreamErrorKind};
use polly_client::types::{OutputFormat, VoiceId};
use polly_client::{Client, Config, Credentials, Mock, RetryConfig, SdkError, StalledStreamProtection};

/// The grace period of the tests' stalled-stream protection.
const GRACE: Duration = Duration::from_millis(300);
/// How long any test may wait for anything: a hang fails instead of blocking the run.
const BOUND: Duration = Duration::from_secs(10);

/// What the server does after the response headers, one step at a time.
enum Step {
    /// Sends one chunk (chunked transfer encoding).
    Chunk(&'static [u8]),
    /// Waits until the test sends a signal.
    Wait,
    /// Ends the body.
    End,
    /// Keeps the connection open, sending nothing, until the test ends.
    Hold,
}

/// Serves one call: reads the request, answers `head`, then follows `steps`. Returns
/// the port, the sender of the signals `Step::Wait` waits for, and the request's
/// header block.
fn serve(head: &'static str, steps: Vec<Step>) -> (u16, Sender<()>, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (signal, signals) = channel::<()>();
    let (requests, request) = channel();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        requests.send(read_request(&stream)).ok();
        stream.write_all(head.as_bytes()).unwrap();
        for step in steps {
            match step {
                Step::Chunk(bytes) => {
                    write!(stream, "{:x}\r\n", bytes.len()).unwrap();
                    stream.write_all(bytes).unwrap();
                    stream.write_all(b"\r\n").unwrap();
                }
                Step::Wait => {
                    if signals.recv_timeout(BOUND).is_err() {
                        return;
                    }
                }
                Step::End => stream.write_all(b"0\r\n\r\n").unwrap(),
                Step::Hold => {
                    let _ = signals.recv_timeout(BOUND);
                    return;
                }
            }
            stream.flush().unwrap();
        }
    });
    (port, signal, request)
}

/// The header block of a request; its body is read and dropped.
fn read_request(stream: &TcpStream) -> String {
    let mut reader = BufReader::new(stream);
    let (mut head, mut length) = (String::new(), 0);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
        head.push_str(&line);
    }
    let _ = reader.read_exact(&mut vec![0; length]);
    head
}

const STREAMING_HEAD: &str = "HTTP/1.1 200 OK\r\ncontent-type: audio/mpeg\r\nx-amzn-RequestCharacters: 11\r\n\
                              transfer-encoding: chunked\r\n\r\n";

fn client(port: u16) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .stalled_stream_protection(StalledStreamProtection::enabled().with_grace_period(GRACE))
        .build();
    Client::new(&config)
}

async fn synthesize(client: &Client) -> Result<SynthesizeSpeechOutput, SdkError<SynthesizeSpeechError>> {
    let call =
        client.synthesize_speech().output_format(OutputFormat::Mp3).voice_id(VoiceId::Joanna).text("Hello world");
    tokio::time::timeout(BOUND, call.send()).await.expect("the headers come within the bound")
}

/// The next chunk, within the bound.
async fn next(stream: &mut ByteStream) -> Option<Result<Bytes, StreamError>> {
    let read = std::future::poll_fn(|cx| std::pin::Pin::new(&mut *stream).poll_next(cx));
    tokio::time::timeout(BOUND, read).await.expect("a chunk or an end within the bound")
}

#[tokio::test]
async fn the_body_arrives_chunk_by_chunk_after_the_header_members() {
    let steps = vec![Step::Chunk(b"ID3 first"), Step::Wait, Step::Chunk(b" second"), Step::Wait, Step::End];
    let (port, signal, request) = serve(STREAMING_HEAD, steps);
    let output = synthesize(&client(port)).await.unwrap();
    // The header members are read while the body is still on its way.
    assert_eq!(output.content_type(), Some("audio/mpeg"));
    assert_eq!(output.request_characters(), 11);
    let mut audio = output.audio_stream;
    assert_eq!(next(&mut audio).await.unwrap().unwrap(), "ID3 first", "the first chunk before the second is sent");
    signal.send(()).unwrap();
    assert_eq!(next(&mut audio).await.unwrap().unwrap(), " second");
    signal.send(()).unwrap();
    assert!(next(&mut audio).await.is_none());

    let head = request.recv().unwrap();
    assert!(head.starts_with("POST /v1/speech HTTP/1.1"), "{head}");
    assert!(head.to_ascii_lowercase().contains("authorization: aws4-hmac-sha256"), "{head}");
}

#[tokio::test]
async fn a_collected_body_is_every_chunk_in_order() {
    let steps = vec![Step::Chunk(b"one "), Step::Chunk(b"two "), Step::Chunk(b"three"), Step::End];
    let (port, _signal, _request) = serve(STREAMING_HEAD, steps);
    let output = synthesize(&client(port)).await.unwrap();
    let audio = tokio::time::timeout(BOUND, output.audio_stream.collect()).await.unwrap().unwrap();
    assert_eq!(audio, "one two three");
}

#[tokio::test]
async fn a_body_that_stops_moving_ends_with_a_stall_error_within_the_bound() {
    let (port, signal, _request) = serve(STREAMING_HEAD, vec![Step::Chunk(b"partial"), Step::Hold]);
    let output = synthesize(&client(port)).await.unwrap();
    let mut audio = output.audio_stream;
    assert_eq!(next(&mut audio).await.unwrap().unwrap(), "partial");
    let started = std::time::Instant::now();
    let error = next(&mut audio).await.expect("an error, not the end").unwrap_err();
    assert_eq!(error.kind(), StreamErrorKind::Stalled, "{error}");
    assert!(started.elapsed() < GRACE * 5, "{:?}", started.elapsed());
    assert!(next(&mut audio).await.is_none(), "the stream ends after its error");
    signal.send(()).ok();
}

#[tokio::test]
async fn a_reader_slower_than_the_grace_period_is_not_a_stall() {
    let steps = vec![Step::Chunk(b"first"), Step::Wait, Step::Chunk(b" last"), Step::End];
    let (port, signal, _request) = serve(STREAMING_HEAD, steps);
    let output = synthesize(&client(port)).await.unwrap();
    let mut audio = output.audio_stream;
    assert_eq!(next(&mut audio).await.unwrap().unwrap(), "first");
    // The reader is busy for longer than the grace period; the peer then sends the
    // rest a little after the reader asks again.
    tokio::time::sleep(GRACE * 2).await;
    std::thread::spawn(move || {
        std::thread::sleep(GRACE / 3);
        signal.send(()).ok();
    });
    assert_eq!(next(&mut audio).await.unwrap().unwrap(), " last");
    assert!(next(&mut audio).await.is_none());
}

#[tokio::test]
async fn an_error_response_is_read_whole_and_typed() {
    let head = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 73\r\n\r\n\
                {\"__type\":\"TextLengthExceededException\",\"message\":\"the text is too long\"}";
    assert_eq!(head.split("\r\n\r\n").nth(1).unwrap().len(), 73);
    let (port, _signal, _request) = serve(head, Vec::new());
    let error = synthesize(&client(port)).await.unwrap_err();
    let Some(SynthesizeSpeechError::TextLengthExceededException(error)) = error.as_service_error() else {
        panic!("{error:?}");
    };
    assert_eq!(error.message(), Some("the text is too long"));
}

#[tokio::test]
async fn a_mocked_answer_body_is_the_stream() {
    let mock = Mock::new().on_body("SynthesizeSpeech", |_input| Ok(b"mocked audio".to_vec()));
    let client = Client::from_mock(mock.clone());
    let output = synthesize(&client).await.unwrap();
    assert_eq!(output.audio_stream.collect().await.unwrap(), "mocked audio");
    assert_eq!(mock.calls().len(), 1);
}
