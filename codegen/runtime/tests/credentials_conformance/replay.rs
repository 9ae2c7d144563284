//! A replay server for the credentials conformance corpus: it answers the
//! client's requests from a recording (`http-traffic.json`), in order, and
//! checks what the client sent against what was recorded.
//!
//! The client is pointed at it with `Environment::with_test_route`, which
//! turns `https://sts.us-east-1.amazonaws.com/` into
//! `http://127.0.0.1:PORT/https/sts.us-east-1.amazonaws.com/`; the server
//! rebuilds the original URL from the path. It binds 127.0.0.1 only, closes
//! each connection after one response and stops when dropped.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One recorded request and its response.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: String,
    pub uri: String,
    pub body: Vec<u8>,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub response: Vec<u8>,
}

/// Reads the exchanges of an `http-traffic.json`, grouped by connection in
/// the order connections first appear.
pub fn load(traffic: &Value) -> Result<Vec<Exchange>, String> {
    let events = traffic["events"].as_array().ok_or("no events")?;
    let mut order: Vec<u64> = Vec::new();
    let mut by_connection: BTreeMap<u64, Exchange> = BTreeMap::new();
    for event in events {
        let id = event["connection_id"].as_u64().ok_or("event without connection_id")?;
        let action = &event["action"];
        let entry = by_connection.entry(id).or_insert_with(|| {
            order.push(id);
            Exchange {
                method: String::new(),
                uri: String::new(),
                body: Vec::new(),
                status: 0,
                headers: Vec::new(),
                response: Vec::new(),
            }
        });
        if let Some(request) = action.get("Request") {
            entry.method = request["request"]["method"].as_str().ok_or("request without method")?.to_owned();
            entry.uri = request["request"]["uri"].as_str().ok_or("request without uri")?.to_owned();
        } else if let Some(response) = action.get("Response") {
            let ok = &response["response"]["Ok"];
            entry.status = ok["status"].as_u64().ok_or("response without status")? as u16;
            if let Some(headers) = ok["headers"].as_object() {
                for (name, values) in headers {
                    for value in values.as_array().into_iter().flatten() {
                        entry.headers.push((name.to_ascii_lowercase(), value.as_str().unwrap_or_default().to_owned()));
                    }
                }
            }
        } else if let Some(data) = action.get("Data") {
            let bytes = match (&data["data"]["Utf8"], &data["data"]["Base64"]) {
                (Value::String(text), _) => text.as_bytes().to_vec(),
                (_, Value::String(b64)) => {
                    aws_client_runtime::base64::decode(b64).map_err(|e| format!("bad base64 body: {e:?}"))?
                }
                _ => return Err("data without Utf8 or Base64".to_owned()),
            };
            match data["direction"].as_str() {
                Some("Request") => entry.body.extend(bytes),
                _ => entry.response.extend(bytes),
            }
        }
    }
    Ok(order.into_iter().filter_map(|id| by_connection.remove(&id)).collect())
}

/// What the server saw.
#[derive(Default, Debug)]
pub struct Log {
    /// Exchanges answered so far.
    pub used: usize,
    /// Differences between what was sent and what was recorded.
    pub mismatches: Vec<String>,
    /// Original URLs of the requests, in order.
    pub urls: Vec<String>,
}

/// A running replay server.
pub struct Replay {
    pub base: String,
    pub log: Arc<Mutex<Log>>,
    pub total: usize,
    task: JoinHandle<()>,
}

impl Drop for Replay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Replay {
    /// Serves `exchanges` on a new port of 127.0.0.1. `volatile` lists form
    /// keys whose values are not compared.
    pub async fn start(exchanges: Vec<Exchange>, volatile: &'static [&'static str]) -> Replay {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let log = Arc::new(Mutex::new(Log::default()));
        let total = exchanges.len();
        let exchanges = Arc::new(exchanges);
        let task_log = Arc::clone(&log);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let log = Arc::clone(&task_log);
                let exchanges = Arc::clone(&exchanges);
                tokio::spawn(async move {
                    let _ = serve(stream, &exchanges, &log, volatile).await;
                });
            }
        });
        Replay { base, log, total, task }
    }
}

/// A request as received.
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Received>> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if data.len() > 1 << 20 {
            return Ok(None);
        }
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(None);
        }
        data.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buffer[..n]);
    }
    Ok(Some(Received { method, target, headers, body }))
}

/// The original URL of a routed request target `/{scheme}/{authority}/path?q`.
fn original_url(target: &str) -> String {
    let rest = target.trim_start_matches('/');
    let (scheme, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let (authority, path) = match rest.find(['/', '?']) {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, ""),
    };
    let authority = percent_decode(authority);
    let path = if path.is_empty() || path.starts_with('?') { format!("/{path}") } else { path.to_owned() };
    format!("{scheme}://{authority}{path}")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) =
                std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `scheme://host[:port]`, path and sorted query pairs of a URL, with a
/// bare host's path as `/`.
fn split_url(url: &str) -> (String, String, Vec<String>) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority, path_query) = match rest.find(['/', '?']) {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, ""),
    };
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let path = if path.is_empty() { "/" } else { path };
    let mut pairs: Vec<String> = query.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
    pairs.sort();
    (format!("{scheme}://{}", authority.to_ascii_lowercase()), path.to_owned(), pairs)
}

fn form(body: &[u8]) -> BTreeMap<String, String> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(&value.replace('+', " ")))
        })
        .collect()
}

/// The differences between what was sent and what was recorded.
fn compare(sent: &Received, url: &str, recorded: &Exchange, volatile: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    if sent.method != recorded.method {
        problems.push(format!("method {} (recorded {})", sent.method, recorded.method));
    }
    let (ours, theirs) = (split_url(url), split_url(&recorded.uri));
    if ours != theirs {
        problems.push(format!("URL {url} (recorded {})", recorded.uri));
    }
    let recorded_text = String::from_utf8_lossy(&recorded.body);
    if recorded_text.trim_start().starts_with('{') {
        let a: Result<Value, _> = serde_json::from_slice(&sent.body);
        let b: Result<Value, _> = serde_json::from_slice(&recorded.body);
        if a.ok() != b.ok() {
            problems.push("JSON body differs".to_owned());
        }
    } else if recorded_text.contains('=') {
        let (ours, theirs) = (form(&sent.body), form(&recorded.body));
        let keys = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
        if keys(&ours) != keys(&theirs) {
            problems.push(format!("form keys {:?} (recorded {:?})", keys(&ours), keys(&theirs)));
        }
        for (key, value) in &theirs {
            if !volatile.contains(&key.as_str()) && ours.get(key).is_some_and(|v| v != value) {
                problems.push(format!("form value of {key} differs from the recording"));
            }
        }
        let content_type = sent.headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.as_str());
        if !content_type.is_some_and(|v| v.starts_with("application/x-www-form-urlencoded")) {
            problems.push(format!("content-type {content_type:?} for a form body"));
        }
    }
    problems
}

async fn serve(
    mut stream: TcpStream,
    exchanges: &[Exchange],
    log: &Mutex<Log>,
    volatile: &[&str],
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else { return Ok(()) };
    let url = original_url(&request.target);
    let answer = {
        let mut log = log.lock().expect("log lock");
        log.urls.push(url.clone());
        match exchanges.get(log.used) {
            Some(exchange) => {
                let problems = compare(&request, &url, exchange, volatile);
                let index = log.used;
                log.mismatches.extend(problems.into_iter().map(|p| format!("request {}: {p}", index + 1)));
                log.used += 1;
                Some(exchange.clone())
            }
            // A retry of a recorded server error (the recording stops at the
            // first failure) gets the same failure again.
            None => match log.used.checked_sub(1).and_then(|i| exchanges.get(i)) {
                Some(last) if last.status >= 500 && split_url(&last.uri) == split_url(&url) => Some(last.clone()),
                _ => {
                    log.mismatches.push(format!("unexpected request {} {url}", request.method));
                    None
                }
            },
        }
    };
    let (status, headers, body) = match answer {
        Some(exchange) => (exchange.status, exchange.headers, exchange.response),
        None => (500, Vec::new(), b"no recorded response".to_vec()),
    };
    let mut head = format!("HTTP/1.1 {status} Recorded\r\n");
    for (name, value) in headers {
        if !matches!(name.as_str(), "content-length" | "connection" | "transfer-encoding") {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}
