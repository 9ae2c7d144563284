//! The signing time in SigV4's basic ISO 8601 form (`20150830T123600Z`), UTC.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::datetime::civil::Civil;

/// `yyyymmddThhmmssZ` for `time`, in UTC, truncated to the second.
///
/// Total for every `SystemTime`: instants before 1970 or after 9999 format
/// with a sign or more year digits (the server will reject them, but nothing
/// here panics).
pub(super) fn amz_date_time(time: SystemTime) -> String {
    let Civil { year, month, day, hour, minute, second, .. } = Civil::from_unix_secs(unix_seconds(time));
    format!("{year:04}{month:02}{day:02}T{hour:02}{minute:02}{second:02}Z")
}

/// The `yyyymmdd` part of an [`amz_date_time`] string.
pub(super) fn date_part(amz_date_time: &str) -> &str {
    amz_date_time.split_once('T').map_or(amz_date_time, |(date, _)| date)
}

/// Whole seconds since the Unix epoch, rounded down (negative before 1970),
/// saturating far outside the representable range.
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            let before = before.duration();
            let whole = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            // -1.5 s is second -2, like 1969-12-31T23:59:58.5Z.
            if before.subsec_nanos() > 0 { whole.saturating_add(1).saturating_neg() } else { whole.saturating_neg() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> String {
        amz_date_time(UNIX_EPOCH + Duration::from_secs(secs))
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0), "19700101T000000Z");
        assert_eq!(at(1_440_938_160), "20150830T123600Z");
        assert_eq!(at(951_782_400), "20000229T000000Z"); // leap day of a /400 year
        assert_eq!(at(4_107_542_399), "21000228T235959Z"); // 2100 is not a leap year
        assert_eq!(at(4_107_542_400), "21000301T000000Z");
        assert_eq!(at(253_402_300_799), "99991231T235959Z");
        assert_eq!(amz_date_time(UNIX_EPOCH + Duration::from_millis(1_440_938_160_999)), "20150830T123600Z");
    }

    #[test]
    fn before_the_epoch_and_extremes_do_not_panic() {
        assert_eq!(amz_date_time(UNIX_EPOCH - Duration::from_millis(500)), "19691231T235959Z");
        assert_eq!(amz_date_time(UNIX_EPOCH - Duration::from_secs(86_400)), "19691231T000000Z");
        for secs in [u64::MAX / 4, u64::MAX / 2] {
            if let Some(t) = UNIX_EPOCH.checked_add(Duration::from_secs(secs)) {
                let _ = amz_date_time(t);
            }
            if let Some(t) = UNIX_EPOCH.checked_sub(Duration::from_secs(secs)) {
                let _ = amz_date_time(t);
            }
        }
    }

    #[test]
    fn date_part_is_the_day() {
        assert_eq!(date_part("20150830T123600Z"), "20150830");
        assert_eq!(date_part("garbage"), "garbage");
    }
}
