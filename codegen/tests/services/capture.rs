//! A capture server on 127.0.0.1 for the generated service crates' wire tests:
//! canned responses in order, one per connection, every request recorded.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A request as the server received it (header names lowercased).
#[derive(Debug, Clone)]
pub struct Captured {
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> aws_client_runtime::serde_json::Value {
        aws_client_runtime::serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// A canned response: status, extra headers, body.
pub type Canned = (u16, Vec<(&'static str, &'static str)>, &'static str);

/// Serves the canned responses in order, one per connection, recording each request;
/// returns the port and the record.
pub fn serve(responses: Vec<Canned>) -> (u16, Arc<Mutex<Vec<Captured>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let record = Arc::new(Mutex::new(Vec::new()));
    let seen = record.clone();
    std::thread::spawn(move || {
        for (status, headers, body) in responses {
            let Ok((stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut captured_headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                captured_headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
            let length: usize =
                captured_headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
            let mut request_body = vec![0; length];
            reader.read_exact(&mut request_body).unwrap();
            seen.lock().unwrap().push(Captured {
                request_line: request_line.trim_end().to_owned(),
                headers: captured_headers,
                body: request_body,
            });
            let mut response =
                format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
            for (name, value) in headers {
                response.push_str(&format!("{name}: {value}\r\n"));
            }
            response.push_str("\r\n");
            response.push_str(body);
            let mut stream = stream;
            stream.write_all(response.as_bytes()).unwrap();
        }
    });
    (port, record)
}
