//! The faulty server of the soak, on 127.0.0.1: HTTP/1.1 with keep-alive, a fault
//! chosen per request from a fixed mix, and a clock that jumps an hour ahead or behind
//! every few seconds and checks each request's `X-Amz-Date` against it, as AWS does.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_client_runtime::{DateTime, Format};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request, in per-mille of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `{}`, 200.
    None,
    /// 503 with an empty body.
    Unavailable,
    /// 400 `ThrottlingException`.
    Throttling,
    /// The connection is closed without an answer.
    Reset,
    /// Headers and 5 of 100 body bytes, then silence until the server lets go.
    Stall,
}

/// The mix: (fault, per mille). Clock-skew errors come on top, after each clock jump.
pub const MIX: [(Fault, u64); 5] =
    [(Fault::Unavailable, 40), (Fault::Throttling, 40), (Fault::Reset, 20), (Fault::Stall, 10), (Fault::None, 890)];

/// How long the server's clock keeps one offset before it jumps.
pub const CLOCK_PHASE: Duration = Duration::from_secs(3);

/// How long a stalled answer holds its connection at most (far past the client's
/// stall detection).
const STALL_HOLD: Duration = Duration::from_secs(5);

/// Counters the soak reads at the end.
#[derive(Debug, Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub skew_refusals: AtomicU64,
    pub connections: AtomicU64,
}

/// Starts the server; returns its port.
pub async fn start(counters: Arc<Counters>) -> std::io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let started = Instant::now();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counters.connections.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(serve(stream, counters.clone(), started));
        }
    });
    Ok(port)
}

/// The server clock's offset from ours in seconds: 0, +1 h, 0, −1 h, … by phase.
fn clock_offset(started: Instant) -> i64 {
    let phase = started.elapsed().as_secs() / CLOCK_PHASE.as_secs();
    match phase % 4 {
        1 => 3600,
        3 => -3600,
        _ => 0,
    }
}

/// The fault for request number `n`: a fixed pseudo-random order (a multiplicative
/// hash), so that runs are comparable.
fn fault(n: u64) -> Fault {
    let slot = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    let mut point = slot % 1000;
    for (fault, share) in MIX {
        if point < share {
            return fault;
        }
        point -= share;
    }
    Fault::None
}

/// Seconds since the epoch of a SigV4 `yyyymmddThhmmssZ`.
fn amz_date_secs(value: &str) -> Option<i64> {
    if value.len() != 16 || !value.is_ascii() {
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
    Some(DateTime::parse(&iso, Format::DateTime).ok()?.to_millis().ok()? / 1000)
}

fn answer(status: &str, extra: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\n{extra}\r\n{body}",
        body.len()
    )
}

async fn serve(mut stream: TcpStream, counters: Arc<Counters>, started: Instant) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
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
        let header =
            |name: &str| head.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(':').map(str::trim));
        let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let signed = header("x-amz-date").and_then(|v| amz_date_secs(&v.to_ascii_uppercase()));
        while buffer.len() < end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..end + length);
        let n = counters.requests.fetch_add(1, Ordering::Relaxed);

        let now = DateTime::now().to_millis().unwrap_or(0) / 1000 + clock_offset(started);
        let date = DateTime::from_secs(now).fmt(Format::HttpDate).unwrap_or_default();
        let date_header = format!("date: {date}\r\n");
        if signed.is_none_or(|signed| (signed - now).abs() > 300) {
            counters.skew_refusals.fetch_add(1, Ordering::Relaxed);
            let body = r#"{"__type":"InvalidSignatureException","message":"Signature expired"}"#;
            if stream.write_all(answer("400 Bad Request", &date_header, body).as_bytes()).await.is_err() {
                return;
            }
            continue;
        }
        let response = match fault(n) {
            Fault::None => answer("200 OK", &date_header, "{}"),
            Fault::Unavailable => answer("503 Service Unavailable", &date_header, ""),
            Fault::Throttling => answer("400 Bad Request", &date_header, r#"{"__type":"ThrottlingException"}"#),
            Fault::Reset => return,
            Fault::Stall => {
                let head =
                    "HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: 100\r\n\r\n{\"a\":";
                let _ = stream.write_all(head.as_bytes()).await;
                tokio::time::sleep(STALL_HOLD).await;
                return;
            }
        };
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_adds_up_and_every_fault_occurs_in_its_share() {
        assert_eq!(MIX.iter().map(|(_, share)| share).sum::<u64>(), 1000);
        for (expected, share) in MIX {
            let seen = (0..100_000u64).filter(|&n| fault(n) == expected).count() as u64;
            assert!(seen.abs_diff(share * 100) < share * 20 + 50, "{expected:?}: {seen} of 100000");
        }
    }

    #[test]
    fn sigv4_dates_are_read() {
        assert_eq!(amz_date_secs("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(amz_date_secs("2015-08-30"), None);
    }
}
