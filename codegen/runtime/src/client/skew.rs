//! Clock skew: signing with the service's time when ours is off.
//!
//! AWS refuses a SigV4 request whose `X-Amz-Date` is more than 5 minutes from its own
//! clock. When an error says so, the response's `Date` header gives the service's time;
//! the difference becomes an offset the client adds to its clock for this and every later
//! request (all clones of a client share it). The codes are those the AWS SDKs treat as
//! clock-skew errors; since several of them (`SignatureDoesNotMatch`,
//! `InvalidSignatureException`) also mean a wrong secret, the offset changes only when
//! the `Date` header itself shows a skew, so a bad key is not retried.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{DateTime, Format};

/// Error codes that may mean the request's time was too far from the service's.
const SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// A difference the service's `Date` must show before it counts as skew: under the 5
/// minutes AWS tolerates, well over the second `Date` is rounded to plus the latency.
const SKEW_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// The offset, in milliseconds, from the local clock to the service's.
#[derive(Debug, Default)]
pub(super) struct ClockOffset {
    millis: AtomicI64,
}

impl ClockOffset {
    /// The current offset (positive when the service's clock is ahead).
    pub(super) fn get(&self) -> Duration {
        Duration::from_millis(self.millis.load(Ordering::Relaxed).unsigned_abs())
    }

    /// Whether the service's clock is behind ours.
    pub(super) fn is_behind(&self) -> bool {
        self.millis.load(Ordering::Relaxed) < 0
    }

    /// The offset in milliseconds, to sign an attempt with and judge its errors by.
    pub(super) fn current(&self) -> i64 {
        self.millis.load(Ordering::Relaxed)
    }

    /// The time to sign with: the local clock corrected by `offset`.
    pub(super) fn time(&self, offset: i64) -> SystemTime {
        shift(SystemTime::now(), offset)
    }

    /// Given an error response's code and `Date` header, for a request signed with
    /// `used` (a [`current`](Self::current) value), sets the offset to the service's
    /// time if they show a skew; returns whether the request is worth resending.
    pub(super) fn correct(&self, code: Option<&str>, date: Option<&str>, used: i64) -> bool {
        let (Some(code), Some(date)) = (code, date) else { return false };
        if !SKEW_CODES.contains(&code) {
            return false;
        }
        let Ok(server) = DateTime::parse(date.trim(), Format::HttpDate).and_then(DateTime::to_millis) else {
            return false;
        };
        let local = unix_millis(SystemTime::now());
        let skew = server.saturating_sub(local.saturating_add(used));
        if skew.unsigned_abs() <= SKEW_THRESHOLD.as_millis() as u64 {
            return false;
        }
        self.millis.store(server.saturating_sub(local), Ordering::Relaxed);
        true
    }
}

fn unix_millis(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

fn shift(time: SystemTime, millis: i64) -> SystemTime {
    let by = Duration::from_millis(millis.unsigned_abs());
    let shifted = if millis >= 0 { time.checked_add(by) } else { time.checked_sub(by) };
    shifted.unwrap_or(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http_date(time: SystemTime) -> String {
        DateTime::from_millis(unix_millis(time)).fmt(Format::HttpDate).unwrap()
    }

    #[test]
    fn a_skew_code_with_a_distant_date_sets_the_offset() {
        for hours in [1i64, -1] {
            let offset = ClockOffset::default();
            let server = shift(SystemTime::now(), hours * 3_600_000);
            assert!(offset.correct(Some("InvalidSignatureException"), Some(&http_date(server)), 0));
            let signed = unix_millis(offset.time(offset.current()));
            assert!((signed - unix_millis(server)).abs() < 3_000, "{hours}: {signed}");
            assert_eq!(offset.is_behind(), hours < 0);
            assert!(offset.get() > Duration::from_secs(3590) && offset.get() < Duration::from_secs(3610));
            // Once corrected, the same date is no skew for a request signed with the
            // new offset; one signed before the correction is still worth resending.
            assert!(!offset.correct(Some("RequestTimeTooSkewed"), Some(&http_date(server)), offset.current()));
            assert!(offset.correct(Some("RequestTimeTooSkewed"), Some(&http_date(server)), 0));
        }
    }

    #[test]
    fn no_correction_without_a_skew_code_a_date_or_a_real_skew() {
        let offset = ClockOffset::default();
        let far = http_date(shift(SystemTime::now(), 3_600_000));
        let near = http_date(shift(SystemTime::now(), 60_000));
        assert!(!offset.correct(Some("ValidationException"), Some(&far), 0));
        assert!(!offset.correct(Some("SignatureDoesNotMatch"), None, 0));
        assert!(!offset.correct(None, Some(&far), 0));
        assert!(!offset.correct(Some("SignatureDoesNotMatch"), Some(&near), 0), "a wrong key, not a skew");
        assert!(!offset.correct(Some("SignatureDoesNotMatch"), Some("yesterday"), 0));
        assert_eq!(offset.get(), Duration::ZERO);
    }
}
