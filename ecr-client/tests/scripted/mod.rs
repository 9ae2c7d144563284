//! A misbehaving server on 127.0.0.1 for the client's fault tests: one scripted
//! behaviour per connection, in order (a well-formed answer, raw bytes, a reset in the
//! middle of a body, silence, a body sent byte by byte, a chunked body), with every
//! request recorded.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// A complete response: status, `Content-Type`, extra headers, body.
    Respond { status: u16, content_type: &'static str, headers: Vec<(&'static str, String)>, body: Vec<u8> },
    /// Writes these bytes as they are, then closes the connection.
    Raw(Vec<u8>),
    /// Writes these bytes, then resets the connection (RST, not FIN).
    ResetAfter(Vec<u8>),
    /// Reads the request and never answers (the connection stays open).
    Hang,
    /// Sends a 200 head with the body's `Content-Length`, then the body one byte per
    /// interval.
    Trickle { body: Vec<u8>, every: Duration },
    /// A 200 with a chunked body (no `Content-Length`) of `chunks` chunks of `size` bytes.
    Chunked { chunks: usize, size: usize },
    /// A 403 `SignatureDoesNotMatch` whose message quotes every request header, as
    /// services quote the canonical request (with `/` escaped as JSON allows).
    EchoHeaders,
}

/// A JSON response of the awsJson 1.1 content type.
pub fn json(status: u16, body: &str) -> Behaviour {
    Behaviour::Respond {
        status,
        content_type: "application/x-amz-json-1.1",
        headers: vec![],
        body: body.as_bytes().to_vec(),
    }
}

/// A response with any content type.
pub fn typed(status: u16, content_type: &'static str, body: &str) -> Behaviour {
    Behaviour::Respond { status, content_type, headers: vec![], body: body.as_bytes().to_vec() }
}

/// An error response carrying `__type` and a message.
pub fn aws_error(status: u16, code: &str, message: &str) -> Behaviour {
    json(status, &format!(r#"{{"__type":"{code}","message":"{message}"}}"#))
}

/// A request as the server read it (header names lowercased).
#[derive(Clone, Debug)]
pub struct Recorded {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A running scripted server.
pub struct Server {
    pub port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    /// Starts a server answering the `script` in order; once it runs out, every
    /// request gets a 418 whose code is `ScriptExhausted`.
    pub async fn start(script: Vec<Behaviour>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let recorded = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                tokio::spawn(serve(stream, recorded.clone(), script.clone()));
            }
        });
        Server { port, requests }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Requests received so far.
    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, requests: Arc<Mutex<Vec<Recorded>>>, script: Arc<Mutex<VecDeque<Behaviour>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    let echo: String = request.headers.iter().map(|(name, value)| format!("{name}:{value}\n")).collect();
    // Record the request and take its behaviour together, so counts match the script.
    let behaviour = {
        let mut requests = requests.lock().unwrap();
        requests.push(request);
        script.lock().unwrap().pop_front()
    };
    match behaviour.unwrap_or_else(|| aws_error(418, "ScriptExhausted", "no more behaviours")) {
        Behaviour::Respond { status, content_type, headers, body } => {
            let mut head = format!(
                "HTTP/1.1 {status} Scripted\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Behaviour::EchoHeaders => {
            let message = aws_client_runtime::serde_json::to_string(&echo).unwrap().replace('/', "\\/");
            let body = format!(r#"{{"__type":"SignatureDoesNotMatch","message":{message}}}"#);
            let head = format!(
                "HTTP/1.1 403 Scripted\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(format!("{head}{body}").as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Behaviour::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Behaviour::ResetAfter(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            // Let the bytes leave before the reset discards what is still queued.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            drop(stream);
        }
        Behaviour::Trickle { body, every } => {
            let head = format!(
                "HTTP/1.1 200 Scripted\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            for byte in body {
                tokio::time::sleep(every).await;
                if stream.write_all(&[byte]).await.is_err() {
                    return;
                }
            }
            let _ = stream.shutdown().await;
        }
        Behaviour::Chunked { chunks, size } => {
            let head = "HTTP/1.1 200 Scripted\r\ncontent-type: application/x-amz-json-1.1\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = format!("{size:x}\r\n{}\r\n", " ".repeat(size));
            for _ in 0..chunks {
                // The client may stop reading once it has seen enough.
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
            let _ = stream.shutdown().await;
        }
    }
}

/// Reads one request: head, then as many body bytes as `Content-Length` says.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(index) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break index;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let headers: Vec<(String, String)> = head
        .split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    body.truncate(length);
    Some(Recorded { headers, body })
}
