//! [`DateTime`], the instant type behind Smithy `timestamp` members, with its
//! [`Format`]s and [`DateTimeError`].
//!
//! The text formats live in submodules: `rfc3339` (`date-time`), `http_date`
//! (`http-date`) and `epoch` (`epoch-seconds`); `civil` holds the calendar
//! arithmetic and `serde_impl` the default (epoch seconds) serde support.

pub(crate) mod civil;
mod cursor;
mod epoch;
mod http_date;
mod rfc3339;
mod serde_impl;
pub(crate) use serde_impl::EpochSecondsVisitor;
#[cfg(test)]
mod tests;

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const NANOS_PER_MILLI: u32 = 1_000_000;

/// An instant in time: whole seconds since the Unix epoch
/// (1970-01-01T00:00:00Z, negative before it) plus a nanosecond fraction.
///
/// The fraction is always non-negative and below one second, so the instant
/// one and a half seconds before the epoch is `secs() == -2` with
/// `subsec_nanos() == 500_000_000`. The derived ordering is therefore the
/// chronological one. Leap seconds do not exist in this time scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

/// The Smithy `@timestampFormat` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// `epoch-seconds`: seconds since the Unix epoch, with an optional
    /// fraction, e.g. `1398796238` or `1398796238.123`.
    EpochSeconds,
    /// `date-time`: RFC 3339 / ISO 8601 in UTC, e.g. `2014-04-29T18:30:38Z`.
    DateTime,
    /// `http-date`: RFC 7231 IMF-fixdate, e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

impl Format {
    /// The name of this format as written in a Smithy `@timestampFormat`
    /// trait: `"epoch-seconds"`, `"date-time"` or `"http-date"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::EpochSeconds => "epoch-seconds",
            Format::DateTime => "date-time",
            Format::HttpDate => "http-date",
        }
    }

    /// The format named by a Smithy `@timestampFormat` value, if any.
    pub fn from_smithy_name(name: &str) -> Option<Format> {
        match name {
            "epoch-seconds" => Some(Format::EpochSeconds),
            "date-time" => Some(Format::DateTime),
            "http-date" => Some(Format::HttpDate),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error from parsing, formatting or converting a [`DateTime`].
///
/// The message names the offending input (text inputs longer than 64
/// characters are shortened).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeError {
    message: String,
}

impl DateTimeError {
    pub(crate) fn new(message: String) -> DateTimeError {
        DateTimeError { message }
    }

    /// A parse failure of `input` as `format`, for the stated `reason`.
    pub(crate) fn parse(format: Format, input: &str, reason: &str) -> DateTimeError {
        const MAX_CHARS: usize = 64;
        let shown = match input.char_indices().nth(MAX_CHARS) {
            Some((end, _)) => format!("{}...", &input[..end]),
            None => input.to_owned(),
        };
        DateTimeError::new(format!("invalid {} timestamp {shown:?}: {reason}", format.as_str()))
    }

    /// The error message, the same text as the `Display` output.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateTimeError {}

impl DateTime {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: DateTime = DateTime { secs: 0, nanos: 0 };

    /// The earliest representable instant (`i64::MIN` seconds).
    pub const MIN: DateTime = DateTime { secs: i64::MIN, nanos: 0 };

    /// The latest representable instant (`i64::MAX` seconds and 999,999,999
    /// nanoseconds).
    pub const MAX: DateTime = DateTime { secs: i64::MAX, nanos: NANOS_PER_SEC - 1 };

    /// The instant `secs` whole seconds after (or before) the epoch.
    pub const fn from_secs(secs: i64) -> DateTime {
        DateTime { secs, nanos: 0 }
    }

    /// The instant `millis` milliseconds after (or before) the epoch.
    pub const fn from_millis(millis: i64) -> DateTime {
        DateTime { secs: millis.div_euclid(1000), nanos: millis.rem_euclid(1000) as u32 * NANOS_PER_MILLI }
    }

    /// The instant `secs` seconds plus `nanos` nanoseconds after the epoch.
    ///
    /// Like [`Duration::new`], whole seconds in `nanos` (1,000,000,000 or
    /// more) are carried into the seconds.
    ///
    /// # Panics
    ///
    /// Panics if carrying overflows the `i64` seconds.
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> DateTime {
        let carry = (nanos / NANOS_PER_SEC) as i64;
        let Some(secs) = secs.checked_add(carry) else {
            panic!("overflow in DateTime::from_secs_and_nanos");
        };
        DateTime { secs, nanos: nanos % NANOS_PER_SEC }
    }

    /// The instant `secs` (fractional) seconds after the epoch.
    ///
    /// The value is read as the shortest decimal that round-trips to the
    /// same `f64` (so `1515531081.1234` gives exactly 123,400,000 nanos,
    /// not the binary approximation's 123,399,972), and decimal digits below
    /// nanoseconds are truncated toward zero.
    ///
    /// Fails for NaN, infinities and values whose whole seconds do not fit
    /// in an `i64`.
    pub fn from_fractional_secs(secs: f64) -> Result<DateTime, DateTimeError> {
        // 2^63 is exact in f64; compare floor(secs) to [-2^63, 2^63).
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        let floor = secs.floor();
        if !(-LIMIT..LIMIT).contains(&floor) {
            return Err(DateTimeError::new(format!(
                "{secs} is not a valid number of epoch seconds: it must be finite and \
                 its whole seconds must fit in an i64"
            )));
        }
        // From 2^53 on every f64 is an integer (and its shortest decimal may
        // not be its exact value, e.g. 2^63 prints as 9223372036854776000).
        if secs.abs() >= 9_007_199_254_740_992.0 {
            return Ok(DateTime::from_secs(secs as i64));
        }
        // Fast path for what services send (whole milliseconds): below 1e12 s, f64
        // resolves far finer than a millisecond, so at most one millisecond count
        // rounds to `secs`, and it is the value's shortest decimal.
        if secs.abs() < 1e12 {
            let millis = (secs * 1000.0).round();
            if millis / 1000.0 == secs {
                return Ok(DateTime::from_millis(millis as i64));
            }
        }
        // Below 2^53, f64's Display is the shortest decimal that round-trips
        // (never exponential), and its integer part is `floor` of the value.
        epoch::parse(&secs.to_string())
    }

    /// The current time from the system clock.
    ///
    /// A system clock outside the representable range (not possible on
    /// common platforms) saturates to [`DateTime::MIN`] or [`DateTime::MAX`].
    pub fn now() -> DateTime {
        let now = SystemTime::now();
        DateTime::try_from(now).unwrap_or(if now < UNIX_EPOCH { DateTime::MIN } else { DateTime::MAX })
    }

    /// Whole seconds since the epoch, rounded toward negative infinity.
    pub const fn secs(self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`secs`](DateTime::secs), in `0..1_000_000_000`.
    pub const fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as an `f64` (lossy for large values).
    pub fn as_secs_f64(self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / f64::from(NANOS_PER_SEC)
    }

    /// Milliseconds since the epoch, rounded toward negative infinity.
    ///
    /// Fails when the result does not fit in an `i64`.
    pub fn to_millis(self) -> Result<i64, DateTimeError> {
        let millis = i128::from(self.secs) * 1000 + i128::from(self.nanos / NANOS_PER_MILLI);
        i64::try_from(millis)
            .map_err(|_| DateTimeError::new(format!("{self} is out of range for an i64 count of milliseconds")))
    }

    /// Formats this instant in `format`.
    ///
    /// * [`Format::EpochSeconds`]: an integer when there is no millisecond
    ///   fraction, else a decimal with up to three fraction digits (trailing
    ///   zeros trimmed); sub-millisecond precision is dropped by rounding
    ///   toward negative infinity, as [`to_millis`](DateTime::to_millis) does.
    ///   Never fails.
    /// * [`Format::DateTime`]: RFC 3339 in UTC with a `Z` suffix, with up to
    ///   nine fraction digits (omitted when zero, trailing zeros trimmed).
    ///   Fails for years outside 0000..=9999.
    /// * [`Format::HttpDate`]: IMF-fixdate; the fraction is dropped (HTTP
    ///   dates have whole seconds). Fails for years outside 0000..=9999.
    pub fn fmt(self, format: Format) -> Result<String, DateTimeError> {
        match format {
            Format::EpochSeconds => Ok(epoch::format(self)),
            Format::DateTime => rfc3339::format(self),
            Format::HttpDate => http_date::format(self),
        }
    }

    /// Parses `input` in `format`.
    ///
    /// * [`Format::EpochSeconds`]: `[+-]digits[.digits]`, e.g. `-1.5`.
    /// * [`Format::DateTime`]: RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction]offset`
    ///   where the separator is `T` or `t` and the offset is `Z`, `z` or
    ///   `+HH:MM` / `-HH:MM`.
    /// * [`Format::HttpDate`]: IMF-fixdate such as
    ///   `Tue, 29 Apr 2014 18:30:38 GMT`, optionally with a fraction after the
    ///   seconds (`18:30:38.123`). Names are matched case-insensitively and
    ///   the day name is not checked against the date.
    ///
    /// Fractions may have any number of digits; those beyond nanoseconds are
    /// truncated. Dates and times are validated (months, days including leap
    /// days, hours, minutes). A seconds value of `60` (a leap second) is
    /// rejected. Invalid input returns an error; this never panics.
    pub fn parse(input: &str, format: Format) -> Result<DateTime, DateTimeError> {
        match format {
            Format::EpochSeconds => epoch::parse(input),
            Format::DateTime => rfc3339::parse(input),
            Format::HttpDate => http_date::parse(input),
        }
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 in UTC, e.g. `2019-12-16T23:48:18Z` or
    /// `2019-12-16T23:48:18.52Z` (fraction omitted when zero, else up to nine
    /// digits with trailing zeros trimmed). Years outside 0000..=9999 are
    /// written in ISO 8601 expanded form with a sign, e.g. `+10000-01-01T…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        rfc3339::write(f, *self)
    }
}

impl TryFrom<SystemTime> for DateTime {
    type Error = DateTimeError;

    /// Fails only if `time` is more than `i64::MAX` seconds from the epoch.
    fn try_from(time: SystemTime) -> Result<DateTime, DateTimeError> {
        let out_of_range = || DateTimeError::new(format!("{time:?} is out of range for a DateTime"));
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Ok(DateTime {
                secs: i64::try_from(after.as_secs()).map_err(|_| out_of_range())?,
                nanos: after.subsec_nanos(),
            }),
            Err(before) => {
                let before = before.duration();
                let secs = 0_i64.checked_sub_unsigned(before.as_secs()).ok_or_else(out_of_range)?;
                if before.subsec_nanos() == 0 {
                    Ok(DateTime::from_secs(secs))
                } else {
                    Ok(DateTime {
                        secs: secs.checked_sub(1).ok_or_else(out_of_range)?,
                        nanos: NANOS_PER_SEC - before.subsec_nanos(),
                    })
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeError;

    /// Fails if the platform's `SystemTime` cannot represent the instant.
    fn try_from(time: DateTime) -> Result<SystemTime, DateTimeError> {
        let result = if time.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(time.secs as u64, time.nanos))
        } else if time.nanos == 0 {
            UNIX_EPOCH.checked_sub(Duration::from_secs(time.secs.unsigned_abs()))
        } else {
            // secs + nanos = -((-(secs + 1)) + (1e9 - nanos)), secs + 1 <= 0.
            let whole = (time.secs + 1).unsigned_abs();
            UNIX_EPOCH.checked_sub(Duration::new(whole, NANOS_PER_SEC - time.nanos))
        };
        result.ok_or_else(|| DateTimeError::new(format!("{time} is out of range for a SystemTime")))
    }
}
