//! Stalled-stream protection and the wait for response headers: what keeps a call from
//! hanging on a peer that stops sending, stops reading, or never answers.
//!
//! A body (the request's while it is uploaded, the response's while it is read) must move
//! at least `min_throughput × grace_period` bytes in every `grace_period`-long window once
//! its first `grace_period` has passed; otherwise the attempt ends as stalled. With the
//! defaults (1 byte/s, 5 s) a silent peer is caught 5 s after its last byte, while a
//! drip of one byte every 100 ms is progress. Between the end of the upload and the
//! response headers no bytes are expected (the service is working), so that wait has its
//! own limit, the first-byte timeout.

use std::collections::VecDeque;
use std::fs::File;
use std::future::{Future, poll_fn};
use std::io::Read;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use tokio::time::Instant;

/// Stalled-stream protection settings: on by default, at a minimum of 1 byte/s after a
/// 5 s grace period (the values of the official AWS SDK for Rust).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StalledStreamProtection {
    enabled: bool,
    min_throughput: u64,
    grace_period: Duration,
}

impl Default for StalledStreamProtection {
    fn default() -> Self {
        StalledStreamProtection { enabled: true, min_throughput: 1, grace_period: Duration::from_secs(5) }
    }
}

impl StalledStreamProtection {
    /// On, with the defaults: 1 byte/s, 5 s grace period.
    pub fn enabled() -> Self {
        StalledStreamProtection::default()
    }

    /// Off: a body may stall for as long as the other timeouts allow.
    pub fn disabled() -> Self {
        StalledStreamProtection { enabled: false, ..StalledStreamProtection::default() }
    }

    /// The minimum throughput in bytes per second (at least 1).
    pub fn with_min_throughput(mut self, bytes_per_second: u64) -> Self {
        self.min_throughput = bytes_per_second.max(1);
        self
    }

    /// How long throughput may stay under the minimum before the body counts as
    /// stalled (at least 1 ms).
    pub fn with_grace_period(mut self, grace_period: Duration) -> Self {
        self.grace_period = grace_period.max(Duration::from_millis(1));
        self
    }

    /// Whether the protection is on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The minimum throughput in bytes per second.
    pub fn min_throughput(&self) -> u64 {
        self.min_throughput
    }

    /// The grace period.
    pub fn grace_period(&self) -> Duration {
        self.grace_period
    }

    /// Bytes every grace-period window must carry (at least 1).
    fn bytes_per_window(&self) -> u64 {
        let bytes = (self.min_throughput as f64 * self.grace_period.as_secs_f64()).ceil();
        (bytes as u64).max(1)
    }
}

/// The throughput of one body: when it stalls if nothing more arrives.
#[derive(Debug)]
pub(super) struct Monitor {
    need: u64,
    grace: Duration,
    started: Instant,
    total: u64,
    /// `(when, bytes so far)` at each chunk, oldest first; only samples that can still
    /// decide a deadline are kept (at most `need` of them).
    samples: VecDeque<(Instant, u64)>,
}

impl Monitor {
    pub(super) fn new(protection: &StalledStreamProtection, started: Instant) -> Monitor {
        Monitor {
            need: protection.bytes_per_window(),
            grace: protection.grace_period,
            started,
            total: 0,
            samples: VecDeque::new(),
        }
    }

    /// Records `bytes` arriving at `now`.
    pub(super) fn record(&mut self, now: Instant, bytes: usize) {
        if bytes == 0 {
            return;
        }
        self.total += bytes as u64;
        self.samples.push_back((now, self.total));
        // A sample at or below `total - need` can no longer be the start of a window
        // that is short of bytes: `total` only grows.
        let threshold = self.total.saturating_sub(self.need);
        while self.samples.front().is_some_and(|&(_, so_far)| so_far <= threshold) {
            self.samples.pop_front();
        }
    }

    /// Moves every recorded instant `by` later: time in which nobody asked for bytes
    /// (the reader of a streamed body was busy elsewhere) is not the peer's stall.
    pub(super) fn postpone(&mut self, by: Duration) {
        self.started += by;
        for (at, _) in &mut self.samples {
            *at += by;
        }
    }

    /// The instant at which, with no more bytes, some window ending then would carry
    /// fewer than `need` bytes: `grace` after the first sample that a window starting
    /// later would miss. Never before the grace period after the start.
    pub(super) fn deadline(&self) -> Instant {
        let first_window_end = self.started + self.grace;
        if self.total < self.need {
            return first_window_end;
        }
        let threshold = self.total - self.need;
        let decisive = self.samples.iter().find(|&&(_, so_far)| so_far > threshold).map_or(self.started, |&(at, _)| at);
        (decisive + self.grace).max(first_window_end)
    }
}

/// How much of the request body the connection has taken, shared between the body
/// (polled by the HTTP client's connection task) and the attempt watching it.
#[derive(Debug)]
struct Upload {
    monitor: Option<Monitor>,
    /// When the last byte was handed over.
    done_at: Option<Instant>,
    /// The watching attempt, woken when the upload starts or ends.
    waker: Option<Waker>,
}

/// The request body: hands the bytes over in chunks and records each hand-over.
#[derive(Debug)]
pub(super) struct UploadBody {
    rest: Pending,
    protection: StalledStreamProtection,
    state: Arc<Mutex<Upload>>,
}

/// What is left to upload.
#[derive(Debug)]
enum Pending {
    Memory(Bytes),
    /// The rest of a file: `left` more bytes of the `length` it had when the attempt
    /// began (and when it was hashed for the signature).
    File {
        file: File,
        path: PathBuf,
        length: u64,
        left: u64,
    },
}

impl Pending {
    fn len(&self) -> u64 {
        match self {
            Pending::Memory(bytes) => bytes.len() as u64,
            Pending::File { left, .. } => *left,
        }
    }

    /// The next chunk; `Ok(None)` at the end.
    fn next_chunk(&mut self) -> std::io::Result<Option<Bytes>> {
        match self {
            Pending::Memory(rest) if rest.is_empty() => Ok(None),
            Pending::Memory(rest) => Ok(Some(rest.split_to(rest.len().min(UPLOAD_CHUNK)))),
            Pending::File { left: 0, .. } => Ok(None),
            Pending::File { file, path, length, left } => {
                // A blocking read of at most one chunk: short for a local file, and far
                // simpler than handing each chunk to a blocking thread.
                let take = usize::try_from(*left).map_or(UPLOAD_CHUNK, |left| left.min(UPLOAD_CHUNK));
                let mut chunk = vec![0; take];
                let read = loop {
                    match file.read(&mut chunk) {
                        Ok(read) => break read,
                        Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(error) => {
                            let message = format!("cannot read `{}`: {error}", path.display());
                            return Err(std::io::Error::new(error.kind(), message));
                        }
                    }
                };
                if read == 0 {
                    let sent = *length - *left;
                    let message = format!(
                        "the file `{}` ended after {sent} of its {length} bytes: it changed while it was sent",
                        path.display()
                    );
                    return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, message));
                }
                chunk.truncate(read);
                *left -= read as u64;
                Ok(Some(Bytes::from(chunk)))
            }
        }
    }
}

/// Chunks small enough that a peer which stops reading is noticed soon after the
/// connection's buffers fill, large enough to cost nothing for the bodies AWS takes.
const UPLOAD_CHUNK: usize = 64 * 1024;

fn lock(state: &Mutex<Upload>) -> MutexGuard<'_, Upload> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl UploadBody {
    /// The body for `bytes` and the handle an attempt watches it with.
    pub(super) fn new(bytes: Vec<u8>, protection: &StalledStreamProtection) -> (UploadBody, UploadWatch) {
        UploadBody::with(Pending::Memory(Bytes::from(bytes)), protection)
    }

    /// The body for the first `length` bytes of `file` (opened from `path`), read
    /// chunk by chunk as the connection takes them; a file shorter than `length` ends
    /// the upload with an error.
    pub(super) fn from_file(
        file: File,
        path: PathBuf,
        length: u64,
        protection: &StalledStreamProtection,
    ) -> (UploadBody, UploadWatch) {
        UploadBody::with(Pending::File { file, path, length, left: length }, protection)
    }

    fn with(rest: Pending, protection: &StalledStreamProtection) -> (UploadBody, UploadWatch) {
        // An empty body is never polled: it counts as uploaded from the start.
        let done_at = (rest.len() == 0).then(Instant::now);
        let state = Arc::new(Mutex::new(Upload { monitor: None, done_at, waker: None }));
        let body = UploadBody { rest, protection: protection.clone(), state: state.clone() };
        (body, UploadWatch { state })
    }
}

impl http_body::Body for UploadBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let chunk = match self.rest.next_chunk() {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return Poll::Ready(None),
            Err(error) => return Poll::Ready(Some(Err(error))),
        };
        let now = Instant::now();
        let finished = self.rest.len() == 0;
        let mut state = lock(&self.state);
        let protection = &self.protection;
        let first = state.monitor.is_none();
        state.monitor.get_or_insert_with(|| Monitor::new(protection, now)).record(now, chunk.len());
        if finished {
            state.done_at = Some(now);
        }
        if (first || finished)
            && let Some(waker) = state.waker.take()
        {
            waker.wake();
        }
        drop(state);
        Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.rest.len() == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.rest.len())
    }
}

/// The attempt's view of its request body.
#[derive(Debug)]
pub(super) struct UploadWatch {
    state: Arc<Mutex<Upload>>,
}

/// Why waiting for the response ended without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SendLimit {
    /// The request body stalled.
    StalledUpload,
    /// The whole request was sent, and no response headers came within the limit.
    FirstByte,
}

/// Runs `send` (which uploads the request and resolves with the response headers)
/// until it finishes or a limit is hit: the upload stalls, or the headers do not come
/// within `first_byte` of the end of the upload.
pub(super) async fn watch_send<T>(
    send: impl Future<Output = T>,
    upload: &UploadWatch,
    protection: &StalledStreamProtection,
    first_byte: Option<Duration>,
) -> Result<T, SendLimit> {
    let mut send = std::pin::pin!(send);
    let mut sleep: Option<Pin<Box<tokio::time::Sleep>>> = None;
    poll_fn(|cx| {
        if let Poll::Ready(output) = send.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        loop {
            let (deadline, limit) = {
                let mut state = lock(&upload.state);
                if !state.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                    state.waker = Some(cx.waker().clone());
                }
                match (state.done_at, &state.monitor) {
                    (Some(done), _) => (first_byte.map(|limit| done + limit), SendLimit::FirstByte),
                    (None, Some(monitor)) if protection.enabled => (Some(monitor.deadline()), SendLimit::StalledUpload),
                    // Not started: still connecting, which the connect timeout bounds.
                    (None, _) => (None, SendLimit::StalledUpload),
                }
            };
            let Some(deadline) = deadline else { return Poll::Pending };
            if deadline <= Instant::now() {
                return Poll::Ready(Err(limit));
            }
            let timer = match &mut sleep {
                Some(timer) => {
                    if timer.deadline() != deadline {
                        timer.as_mut().reset(deadline);
                    }
                    timer
                }
                None => sleep.insert(Box::pin(tokio::time::sleep_until(deadline))),
            };
            if timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            // The timer fired: the deadline may have moved since it was set.
        }
    })
    .await
}

/// Reads a response body chunk by chunk, ending with `Err(())` when it stalls.
///
/// Only the time spent waiting for the peer counts: between two reads (while the
/// reader of a streamed body handles the last chunk) the clock is stopped, so a slow
/// reader is never mistaken for a stalled peer.
#[derive(Debug)]
pub(super) struct DownloadWatch {
    monitor: Option<Monitor>,
    /// When the last read ended (or the headers arrived), if no read is under way.
    idle_since: Instant,
}

impl DownloadWatch {
    /// Starts watching now (the headers have arrived).
    pub(super) fn new(protection: &StalledStreamProtection) -> DownloadWatch {
        let now = Instant::now();
        DownloadWatch { monitor: protection.enabled.then(|| Monitor::new(protection, now)), idle_since: now }
    }

    /// The next chunk, or `Err(())` when the body stalled waiting for it.
    pub(super) async fn next<T>(
        &mut self,
        chunk: impl Future<Output = Result<Option<Bytes>, T>>,
    ) -> Result<Result<Option<Bytes>, T>, ()> {
        let Some(monitor) = &mut self.monitor else { return Ok(chunk.await) };
        monitor.postpone(self.idle_since.elapsed());
        let result = tokio::time::timeout_at(monitor.deadline(), chunk).await.map_err(|_| ())?;
        let now = Instant::now();
        if let Ok(Some(bytes)) = &result {
            monitor.record(now, bytes.len());
        }
        self.idle_since = now;
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monitor(min: u64, grace_ms: u64) -> (Monitor, Instant) {
        let start = Instant::now();
        let protection = StalledStreamProtection::enabled()
            .with_min_throughput(min)
            .with_grace_period(Duration::from_millis(grace_ms));
        (Monitor::new(&protection, start), start)
    }

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn a_silent_body_stalls_after_the_grace_period() {
        let (monitor, start) = monitor(1, 5000);
        assert_eq!(monitor.deadline(), start + 5000 * MS);
    }

    #[test]
    fn bytes_then_silence_stall_a_grace_period_after_the_window_goes_short() {
        let (mut monitor, start) = monitor(1, 5000);
        monitor.record(start + 100 * MS, 13);
        assert_eq!(monitor.deadline(), start + 5100 * MS);
        // Below the minimum from the start: 2 bytes in the first 5 s are not enough.
        let (mut slow, start) = self::monitor(1, 5000);
        slow.record(start + 2000 * MS, 1);
        slow.record(start + 4000 * MS, 1);
        assert_eq!(slow.deadline(), start + 5000 * MS);
    }

    #[test]
    fn a_drip_of_a_byte_every_100_ms_never_stalls() {
        let (mut monitor, start) = monitor(1, 5000);
        for tick in 1..=1000u32 {
            let now = start + 100 * tick * MS;
            monitor.record(now, 1);
            assert!(monitor.deadline() > now + 4000 * MS, "tick {tick}");
        }
        assert!(monitor.samples.len() <= 5, "{}", monitor.samples.len());
    }

    #[test]
    fn a_drip_below_the_minimum_stalls() {
        // 1 byte every 2 s is 0.5 byte/s: after the grace period, the window of the
        // last 5 s holds 2 bytes, short of 5.
        let (mut monitor, start) = monitor(1, 5000);
        for tick in 1..=2u32 {
            monitor.record(start + 2000 * tick * MS, 1);
        }
        assert_eq!(monitor.deadline(), start + 5000 * MS);
    }

    #[test]
    fn time_nobody_waited_for_bytes_does_not_count() {
        let (mut monitor, start) = monitor(1, 5000);
        monitor.record(start + 100 * MS, 13);
        monitor.postpone(60_000 * MS);
        assert_eq!(monitor.deadline(), start + 65_100 * MS);
    }

    #[test]
    fn higher_minimums_count_bytes_per_window() {
        // 100 bytes/s over 1 s: each window needs 100 bytes.
        let (mut monitor, start) = monitor(100, 1000);
        monitor.record(start + 500 * MS, 60);
        monitor.record(start + 900 * MS, 60);
        // A window that starts just after the first chunk holds only the second's 60 bytes.
        assert_eq!(monitor.deadline(), start + 1500 * MS);
        assert_eq!(StalledStreamProtection::default().bytes_per_window(), 5);
        assert_eq!(StalledStreamProtection::disabled().with_min_throughput(0).min_throughput(), 1);
    }
}
