//! The Smithy `http-date` format: RFC 7231 IMF-fixdate, always in GMT,
//! e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.

use super::civil::Civil;
use super::cursor::Cursor;
use super::rfc3339::{expect, validated_secs};
use super::{DateTime, DateTimeError, Format};

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Formats `time` as IMF-fixdate, dropping the sub-second fraction; fails
/// for years outside 0000..=9999.
pub(crate) fn format(time: DateTime) -> Result<String, DateTimeError> {
    let c = Civil::from_unix_secs(time.secs);
    if !(0..=9999).contains(&c.year) {
        return Err(DateTimeError::new(format!(
            "{time} cannot be formatted as an HTTP date: \
             the year must be within 0000..=9999"
        )));
    }
    Ok(format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAY_NAMES[c.weekday as usize],
        c.day,
        MONTH_NAMES[c.month as usize - 1],
        c.year,
        c.hour,
        c.minute,
        c.second
    ))
}

/// Parses an IMF-fixdate, optionally with fractional seconds.
pub(crate) fn parse(input: &str) -> Result<DateTime, DateTimeError> {
    let err = |reason: &str| DateTimeError::parse(Format::HttpDate, input, reason);
    let mut c = Cursor::new(input);

    if !DAY_NAMES.iter().any(|name| c.eat_ignore_case(name.as_bytes())) {
        return Err(err("expected a day name such as 'Tue'"));
    }
    expect(&mut c, b',', || err("expected ',' after the day name"))?;
    expect(&mut c, b' ', || err("expected ' ' after the day name"))?;
    let day = c.digits(2).ok_or_else(|| err("expected a two-digit day"))?;
    expect(&mut c, b' ', || err("expected ' ' after the day"))?;
    let month = MONTH_NAMES
        .iter()
        .position(|name| c.eat_ignore_case(name.as_bytes()))
        .ok_or_else(|| err("expected a month name such as 'Apr'"))?;
    expect(&mut c, b' ', || err("expected ' ' after the month"))?;
    let year = c.digits(4).ok_or_else(|| err("expected a four-digit year"))?;
    expect(&mut c, b' ', || err("expected ' ' after the year"))?;
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
    expect(&mut c, b' ', || err("expected ' GMT' after the time"))?;
    if !c.eat_ignore_case(b"GMT") {
        return Err(err("expected 'GMT' after the time"));
    }
    if !c.is_empty() {
        return Err(err("unexpected characters after 'GMT'"));
    }

    let month = month as u32 + 1;
    let secs = validated_secs(year, month, day, hour, minute, second).map_err(err)?;
    Ok(DateTime { secs, nanos })
}
