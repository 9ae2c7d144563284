//! The Smithy `epoch-seconds` format as text, e.g. `1398796238.123`.

use super::cursor::{Cursor, nanos_from_fraction};
use super::{DateTime, DateTimeError, Format, NANOS_PER_MILLI, NANOS_PER_SEC};

/// Formats `time` as seconds with up to millisecond precision: an integer
/// when the millisecond fraction is zero, else trailing zeros are trimmed.
/// Sub-millisecond precision is dropped by rounding toward negative infinity.
pub(crate) fn format(time: DateTime) -> String {
    let millis = time.nanos / NANOS_PER_MILLI;
    if millis == 0 {
        return time.secs.to_string();
    }
    let (sign, whole, frac_millis) = if time.secs >= 0 {
        ("", time.secs.unsigned_abs(), millis)
    } else {
        // secs + millis/1000 == -((-(secs + 1)) + (1000 - millis)/1000)
        ("-", (time.secs + 1).unsigned_abs(), 1000 - millis)
    };
    let (mut digits, mut width) = (frac_millis, 3);
    while digits % 10 == 0 {
        digits /= 10;
        width -= 1;
    }
    format!("{sign}{whole}.{digits:0width$}")
}

/// Parses `[+-]digits[.digits]` into a [`DateTime`]; fraction digits beyond
/// nanoseconds are truncated (toward zero).
pub(crate) fn parse(input: &str) -> Result<DateTime, DateTimeError> {
    let err = |reason: &str| DateTimeError::parse(Format::EpochSeconds, input, reason);
    let mut c = Cursor::new(input);
    let negative = if c.eat(b'-') {
        true
    } else {
        c.eat(b'+');
        false
    };
    let whole_digits = c.digit_run().ok_or_else(|| err("expected digits for the whole seconds"))?;
    let nanos = if c.eat(b'.') {
        c.digit_run().map(nanos_from_fraction).ok_or_else(|| err("expected digits after the decimal point"))?
    } else {
        0
    };
    if !c.is_empty() {
        return Err(err("expected only digits, an optional sign and a decimal point"));
    }

    let out_of_range = || err("the seconds do not fit in an i64");
    let mut whole = 0_i128;
    for &d in whole_digits {
        whole = whole * 10 + i128::from(d - b'0');
        if whole > i128::from(u64::MAX) {
            return Err(out_of_range());
        }
    }
    let (secs, nanos) = if !negative {
        (whole, nanos)
    } else if nanos == 0 {
        (-whole, 0)
    } else {
        (-whole - 1, NANOS_PER_SEC - nanos)
    };
    let secs = i64::try_from(secs).map_err(|_| out_of_range())?;
    Ok(DateTime { secs, nanos })
}
