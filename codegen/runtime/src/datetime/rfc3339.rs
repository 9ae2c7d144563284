//! The Smithy `date-time` format: RFC 3339 (an ISO 8601 profile).
//!
//! Output is always UTC with a `Z` suffix; input may carry any numeric offset.

use std::fmt;

use super::civil::{Civil, SECS_PER_DAY, days_from_civil, days_in_month};
use super::cursor::Cursor;
use super::{DateTime, DateTimeError, Format};

/// Formats `time` as RFC 3339, failing for years outside 0000..=9999.
pub(crate) fn format(time: DateTime) -> Result<String, DateTimeError> {
    let year = Civil::from_unix_secs(time.secs).year;
    if !(0..=9999).contains(&year) {
        return Err(DateTimeError::new(format!(
            "{time} cannot be formatted as an RFC 3339 date-time: \
             the year must be within 0000..=9999"
        )));
    }
    Ok(time.to_string())
}

/// Writes `time` as RFC 3339; years outside 0000..=9999 use the ISO 8601
/// expanded form with an explicit sign.
pub(crate) fn write(f: &mut fmt::Formatter<'_>, time: DateTime) -> fmt::Result {
    let c = Civil::from_unix_secs(time.secs);
    if (0..=9999).contains(&c.year) {
        write!(f, "{:04}", c.year)?;
    } else {
        write!(f, "{:+05}", c.year)?;
    }
    write!(f, "-{:02}-{:02}T{:02}:{:02}:{:02}", c.month, c.day, c.hour, c.minute, c.second)?;
    write_fraction(f, time.nanos)?;
    f.write_str("Z")
}

/// Writes `.` and the digits of `nanos` with trailing zeros trimmed; writes
/// nothing when `nanos` is zero.
pub(crate) fn write_fraction(f: &mut impl fmt::Write, nanos: u32) -> fmt::Result {
    if nanos == 0 {
        return Ok(());
    }
    let (mut digits, mut width) = (nanos, 9);
    while digits % 10 == 0 {
        digits /= 10;
        width -= 1;
    }
    write!(f, ".{digits:0width$}")
}

/// Parses an RFC 3339 `date-time`.
pub(crate) fn parse(input: &str) -> Result<DateTime, DateTimeError> {
    let err = |reason: &str| DateTimeError::parse(Format::DateTime, input, reason);
    let mut c = Cursor::new(input);

    let year = c.digits(4).ok_or_else(|| err("expected a four-digit year"))?;
    expect(&mut c, b'-', || err("expected '-' after the year"))?;
    let month = c.digits(2).ok_or_else(|| err("expected a two-digit month"))?;
    expect(&mut c, b'-', || err("expected '-' after the month"))?;
    let day = c.digits(2).ok_or_else(|| err("expected a two-digit day"))?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err(err("expected 'T' between the date and the time"));
    }
    let hour = c.digits(2).ok_or_else(|| err("expected a two-digit hour"))?;
    expect(&mut c, b':', || err("expected ':' after the hour"))?;
    let minute = c.digits(2).ok_or_else(|| err("expected two-digit minutes"))?;
    expect(&mut c, b':', || err("expected ':' after the minutes"))?;
    let second = c.digits(2).ok_or_else(|| err("expected two-digit seconds"))?;
    let nanos = if c.eat(b'.') {
        c.fraction_nanos().ok_or_else(|| err("expected digits after the decimal point"))?
    } else {
        0
    };
    let offset_secs = match c.next_byte() {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let oh = c.digits(2).ok_or_else(|| err("expected a two-digit offset hour"))?;
            expect(&mut c, b':', || err("expected ':' in the offset"))?;
            let om = c.digits(2).ok_or_else(|| err("expected two-digit offset minutes"))?;
            if oh > 23 || om > 59 {
                return Err(err("the offset is out of range"));
            }
            let secs = i64::from(oh * 3600 + om * 60);
            if sign == b'-' { -secs } else { secs }
        }
        _ => return Err(err("expected a 'Z' or '+HH:MM'/'-HH:MM' offset")),
    };
    if !c.is_empty() {
        return Err(err("unexpected characters after the offset"));
    }

    let secs = validated_secs(year, month, day, hour, minute, second).map_err(err)?;
    Ok(DateTime { secs: secs - offset_secs, nanos })
}

/// Consumes `b` or returns the error built by `err`.
pub(crate) fn expect(c: &mut Cursor<'_>, b: u8, err: impl FnOnce() -> DateTimeError) -> Result<(), DateTimeError> {
    if c.eat(b) { Ok(()) } else { Err(err()) }
}

/// Validates calendar fields (year 0..=9999) and returns the seconds since
/// the epoch they denote in UTC, or the reason they are invalid.
pub(crate) fn validated_secs(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> Result<i64, &'static str> {
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err("the month is out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("the day is out of range for the month");
    }
    if hour > 23 {
        return Err("the hour is out of range");
    }
    if minute > 59 {
        return Err("the minutes are out of range");
    }
    if second == 60 {
        return Err("leap seconds (second 60) are not supported");
    }
    if second > 59 {
        return Err("the seconds are out of range");
    }
    let days = days_from_civil(year, month, day);
    Ok(days * SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second))
}
