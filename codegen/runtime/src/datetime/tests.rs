//! Unit tests for [`DateTime`](super::DateTime) and its text formats.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{DateTime, DateTimeError, Format};

fn dt(secs: i64, nanos: u32) -> DateTime {
    DateTime::from_secs_and_nanos(secs, nanos)
}

fn parts(t: DateTime) -> (i64, u32) {
    (t.secs(), t.subsec_nanos())
}

fn parse(s: &str, f: Format) -> Result<(i64, u32), DateTimeError> {
    DateTime::parse(s, f).map(parts)
}

/// A small deterministic generator (xorshift64*) for round-trip sweeps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

const YEAR_0: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const YEAR_10000: i64 = 253_402_300_800; // 10000-01-01T00:00:00Z

#[test]
fn constructors_and_accessors() {
    assert_eq!(parts(DateTime::from_secs(-7)), (-7, 0));
    assert_eq!(parts(DateTime::from_millis(1_500)), (1, 500_000_000));
    assert_eq!(parts(DateTime::from_millis(-1_500)), (-2, 500_000_000));
    assert_eq!(parts(DateTime::from_millis(-1)), (-1, 999_000_000));
    assert_eq!(parts(DateTime::from_millis(i64::MIN)), (-9_223_372_036_854_776, 192_000_000));
    assert_eq!(parts(dt(0, 1_500_000_000)), (1, 500_000_000));
    assert_eq!(parts(dt(-1, 4_000_000_001)), (3, 1));
    assert_eq!(DateTime::UNIX_EPOCH, DateTime::from_secs(0));
    assert_eq!(dt(-2, 500_000_000).as_secs_f64(), -1.5);
    assert_eq!(dt(1, 500_000_000).as_secs_f64(), 1.5);
    assert_eq!(DateTime::MAX.secs(), i64::MAX);
    assert_eq!(DateTime::MAX.subsec_nanos(), 999_999_999);
}

#[test]
#[should_panic(expected = "overflow")]
fn from_secs_and_nanos_overflow_panics() {
    let _ = dt(i64::MAX, 1_000_000_000);
}

#[test]
fn millis() {
    for ms in [0, 1, -1, 999, -999, 1_000, -1_001, 1_398_796_238_123, i64::MAX, i64::MIN] {
        assert_eq!(DateTime::from_millis(ms).to_millis(), Ok(ms), "{ms}");
    }
    assert_eq!(dt(1, 999_999).to_millis(), Ok(1_000));
    assert_eq!(dt(-1, 999_999).to_millis(), Ok(-1_000));
    assert!(DateTime::MAX.to_millis().is_err());
    assert!(DateTime::MIN.to_millis().is_err());
    let err = DateTime::from_secs(i64::MIN / 1000 - 1).to_millis().unwrap_err();
    assert!(err.to_string().contains("milliseconds"), "{err}");
}

#[test]
fn fractional_secs() {
    let f = |v: f64| DateTime::from_fractional_secs(v).map(parts);
    assert_eq!(f(1.5), Ok((1, 500_000_000)));
    assert_eq!(f(-1.5), Ok((-2, 500_000_000)));
    assert_eq!(f(1_515_531_081.123_4), Ok((1_515_531_081, 123_400_000)));
    assert_eq!(f(-1_515_531_081.123_4), Ok((-1_515_531_082, 876_600_000)));
    assert_eq!(f(0.1), Ok((0, 100_000_000)));
    assert_eq!(f(-0.0), Ok((0, 0)));
    assert_eq!(f(1e-10), Ok((0, 0)));
    assert_eq!(f(-1e-10), Ok((0, 0)));
    assert_eq!(f(f64::MIN_POSITIVE), Ok((0, 0)));
    assert_eq!(f(1e18), Ok((1_000_000_000_000_000_000, 0)));
    assert_eq!(f(-9_223_372_036_854_775_808.0), Ok((i64::MIN, 0)));
    assert_eq!(f(-1e18), Ok((-1_000_000_000_000_000_000, 0)));
    assert_eq!(f(9_007_199_254_740_992.0), Ok((9_007_199_254_740_992, 0)));
    assert_eq!(f(-4_503_599_627_370_495.5), Ok((-4_503_599_627_370_496, 500_000_000)));
    assert_eq!(f(9_223_372_036_854_774_784.0), Ok((9_223_372_036_854_774_784, 0)));
    for bad in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        9_223_372_036_854_775_808.0, // 2^63
        1e19,
        -1e19,
        f64::MAX,
    ] {
        let err = DateTime::from_fractional_secs(bad).unwrap_err();
        assert!(err.to_string().contains("epoch seconds"), "{err}");
    }
}

#[test]
fn ordering() {
    let mut v = vec![
        dt(0, 1),
        DateTime::from_secs(-1),
        dt(-2, 500_000_000),
        DateTime::MAX,
        DateTime::MIN,
        DateTime::UNIX_EPOCH,
    ];
    v.sort();
    assert_eq!(
        v,
        [DateTime::MIN, dt(-2, 500_000_000), DateTime::from_secs(-1), DateTime::UNIX_EPOCH, dt(0, 1), DateTime::MAX]
    );
}

#[test]
fn system_time() {
    let cases = [dt(0, 0), dt(1_398_796_238, 123_456_789), dt(-1, 0), dt(-2, 500_000_000), dt(-62_167_219_200, 1)];
    for t in cases {
        let st = SystemTime::try_from(t).unwrap();
        assert_eq!(DateTime::try_from(st), Ok(t));
    }
    assert_eq!(SystemTime::try_from(dt(-2, 500_000_000)), Ok(UNIX_EPOCH - Duration::from_millis(1_500)));
    assert_eq!(DateTime::try_from(UNIX_EPOCH + Duration::new(5, 7)), Ok(dt(5, 7)));
    assert_eq!(DateTime::try_from(UNIX_EPOCH - Duration::new(5, 7)), Ok(dt(-6, 999_999_993)));
    // Extremes must not panic; where the platform represents them, they round-trip.
    for t in [DateTime::MAX, DateTime::MIN] {
        if let Ok(st) = SystemTime::try_from(t) {
            assert_eq!(DateTime::try_from(st), Ok(t));
        }
    }
    let now = DateTime::now();
    assert!(now > DateTime::from_secs(1_600_000_000));
    assert!(now < DateTime::from_secs(YEAR_10000));
}

#[test]
fn display() {
    assert_eq!(DateTime::UNIX_EPOCH.to_string(), "1970-01-01T00:00:00Z");
    assert_eq!(DateTime::from_secs(1_576_540_098).to_string(), "2019-12-16T23:48:18Z");
    assert_eq!(dt(1_576_540_098, 520_000_000).to_string(), "2019-12-16T23:48:18.52Z");
    assert_eq!(dt(1_576_540_098, 1).to_string(), "2019-12-16T23:48:18.000000001Z");
    assert_eq!(dt(1_576_540_098, 123_456_789).to_string(), "2019-12-16T23:48:18.123456789Z");
    assert_eq!(dt(1_515_531_081, 123_400_000).to_string(), "2018-01-09T20:51:21.1234Z");
    assert_eq!(dt(-2, 500_000_000).to_string(), "1969-12-31T23:59:58.5Z");
    assert_eq!(DateTime::from_secs(1_582_934_400).to_string(), "2020-02-29T00:00:00Z");
    assert_eq!(DateTime::from_secs(YEAR_0).to_string(), "0000-01-01T00:00:00Z");
    assert_eq!(DateTime::from_secs(YEAR_0 - 1).to_string(), "-0001-12-31T23:59:59Z");
    assert_eq!(DateTime::from_secs(YEAR_10000 - 1).to_string(), "9999-12-31T23:59:59Z");
    assert_eq!(DateTime::from_secs(YEAR_10000).to_string(), "+10000-01-01T00:00:00Z");
    assert_eq!(DateTime::MAX.to_string(), "+292277026596-12-04T15:30:07.999999999Z");
    assert_eq!(DateTime::MIN.to_string(), "-292277022657-01-27T08:29:52Z");
}

#[test]
fn format_names() {
    for f in [Format::EpochSeconds, Format::DateTime, Format::HttpDate] {
        assert_eq!(Format::from_smithy_name(f.as_str()), Some(f));
        assert_eq!(f.to_string(), f.as_str());
    }
    assert_eq!(Format::HttpDate.as_str(), "http-date");
    assert_eq!(Format::from_smithy_name("DateTime"), None);
}

#[test]
fn fmt_date_time() {
    let f = |t: DateTime| t.fmt(Format::DateTime);
    assert_eq!(f(dt(1_576_540_098, 0)).unwrap(), "2019-12-16T23:48:18Z");
    assert_eq!(f(dt(-2, 500_000_000)).unwrap(), "1969-12-31T23:59:58.5Z");
    assert_eq!(f(DateTime::from_secs(YEAR_0)).unwrap(), "0000-01-01T00:00:00Z");
    assert_eq!(f(dt(YEAR_10000 - 1, 999_999_999)).unwrap(), "9999-12-31T23:59:59.999999999Z");
    for t in [DateTime::from_secs(YEAR_0 - 1), DateTime::from_secs(YEAR_10000), DateTime::MAX, DateTime::MIN] {
        let err = f(t).unwrap_err();
        assert!(err.to_string().contains("0000..=9999"), "{err}");
    }
}

#[test]
fn fmt_http_date() {
    let f = |t: DateTime| t.fmt(Format::HttpDate);
    assert_eq!(f(DateTime::from_secs(1_398_796_238)).unwrap(), "Tue, 29 Apr 2014 18:30:38 GMT");
    assert_eq!(f(dt(1_398_796_238, 999_999_999)).unwrap(), "Tue, 29 Apr 2014 18:30:38 GMT");
    assert_eq!(f(DateTime::UNIX_EPOCH).unwrap(), "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(f(dt(-2, 500_000_000)).unwrap(), "Wed, 31 Dec 1969 23:59:58 GMT");
    assert_eq!(f(DateTime::from_secs(1_582_934_400)).unwrap(), "Sat, 29 Feb 2020 00:00:00 GMT");
    assert_eq!(f(DateTime::from_secs(YEAR_0)).unwrap(), "Sat, 01 Jan 0000 00:00:00 GMT");
    assert_eq!(f(DateTime::from_secs(YEAR_10000 - 1)).unwrap(), "Fri, 31 Dec 9999 23:59:59 GMT");
    for t in [DateTime::from_secs(YEAR_0 - 1), DateTime::from_secs(YEAR_10000), DateTime::MAX, DateTime::MIN] {
        assert!(f(t).is_err());
    }
}

#[test]
fn fmt_epoch_seconds() {
    let f = |secs, nanos| dt(secs, nanos).fmt(Format::EpochSeconds).unwrap();
    assert_eq!(f(1_398_796_238, 0), "1398796238");
    assert_eq!(f(1_398_796_238, 123_456_789), "1398796238.123");
    assert_eq!(f(1_398_796_238, 100_000_000), "1398796238.1");
    assert_eq!(f(1_398_796_238, 120_000_000), "1398796238.12");
    assert_eq!(f(1_398_796_238, 999_999), "1398796238");
    assert_eq!(f(-2, 500_000_000), "-1.5");
    assert_eq!(f(-1, 999_000_000), "-0.001");
    assert_eq!(f(-1, 999_999_999), "-0.001");
    assert_eq!(f(-2, 1_000_000), "-1.999");
    assert_eq!(f(-1, 0), "-1");
    assert_eq!(f(0, 0), "0");
    assert_eq!(f(i64::MIN, 0), "-9223372036854775808");
    assert_eq!(f(i64::MIN, 1_000_000), "-9223372036854775807.999");
    assert_eq!(f(i64::MAX, 999_999_999), "9223372036854775807.999");
}

#[test]
fn parse_epoch_seconds() {
    let p = |s| parse(s, Format::EpochSeconds);
    assert_eq!(p("1398796238"), Ok((1_398_796_238, 0)));
    assert_eq!(p("+1398796238"), Ok((1_398_796_238, 0)));
    assert_eq!(p("1.5"), Ok((1, 500_000_000)));
    assert_eq!(p("-1.5"), Ok((-2, 500_000_000)));
    assert_eq!(p("-0.5"), Ok((-1, 500_000_000)));
    assert_eq!(p("-0"), Ok((0, 0)));
    assert_eq!(p("-0.000"), Ok((0, 0)));
    assert_eq!(p("007"), Ok((7, 0)));
    assert_eq!(p("1515531081.1234"), Ok((1_515_531_081, 123_400_000)));
    assert_eq!(p("1.1234567891"), Ok((1, 123_456_789)));
    assert_eq!(p("-1.0000000001"), Ok((-1, 0)));
    assert_eq!(p("9223372036854775807.999999999"), Ok((i64::MAX, 999_999_999)));
    assert_eq!(p("-9223372036854775808"), Ok((i64::MIN, 0)));
    let huge = "9".repeat(200);
    for bad in [
        "",
        "-",
        "+",
        ".5",
        "1.",
        "1e5",
        " 1",
        "1 ",
        "1.5.5",
        "--1",
        "0x10",
        "١",
        "1,5",
        "9223372036854775808",
        "-9223372036854775809",
        "-9223372036854775808.5",
        huge.as_str(),
    ] {
        let err = p(bad).unwrap_err();
        assert!(err.to_string().contains("epoch-seconds"), "{err}");
    }
    let err = p(&huge).unwrap_err().to_string();
    assert!(err.contains("..."), "long inputs are shortened: {err}");
    assert!(err.len() < 200, "{err}");
}

#[test]
fn parse_date_time() {
    let p = |s| parse(s, Format::DateTime);
    assert_eq!(p("2019-12-16T23:48:18Z"), Ok((1_576_540_098, 0)));
    assert_eq!(p("2019-12-16t23:48:18z"), Ok((1_576_540_098, 0)));
    assert_eq!(p("2019-12-17T00:48:18+01:00"), Ok((1_576_540_098, 0)));
    assert_eq!(p("2019-12-16T22:18:18-01:30"), Ok((1_576_540_098, 0)));
    assert_eq!(p("2019-12-16T23:48:18-00:00"), Ok((1_576_540_098, 0)));
    assert_eq!(p("2019-12-16T23:48:18.52Z"), Ok((1_576_540_098, 520_000_000)));
    assert_eq!(p("2019-12-16T23:48:18.123456789123Z"), Ok((1_576_540_098, 123_456_789)));
    assert_eq!(p("2018-01-09T20:51:21.1234Z"), Ok((1_515_531_081, 123_400_000)));
    assert_eq!(p("1969-12-31T23:59:58.5Z"), Ok((-2, 500_000_000)));
    assert_eq!(p("1969-01-01T00:00:00Z"), Ok((-31_536_000, 0)));
    assert_eq!(p("2020-02-29T00:00:00Z"), Ok((1_582_934_400, 0)));
    assert_eq!(p("2000-02-29T12:00:00Z"), Ok((951_825_600, 0)));
    assert_eq!(p("0000-01-01T00:00:00Z"), Ok((YEAR_0, 0)));
    assert_eq!(p("0000-01-01T00:00:00+01:00"), Ok((YEAR_0 - 3600, 0)));
    assert_eq!(p("9999-12-31T23:59:59.999999999Z"), Ok((YEAR_10000 - 1, 999_999_999)));
    assert_eq!(p("9999-12-31T23:59:59-23:59"), Ok((YEAR_10000 - 1 + 86_340, 0)));
    for bad in [
        "",
        "2019-12-16",
        "2019-12-16T23:48:18",
        "2019-12-16 23:48:18Z",
        "2019-12-16T23:48Z",
        "2019-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2019-04-31T00:00:00Z",
        "2019-13-01T00:00:00Z",
        "2019-00-01T00:00:00Z",
        "2019-01-00T00:00:00Z",
        "2019-12-16T24:00:00Z",
        "2019-12-16T23:60:00Z",
        "2019-12-16T23:59:60Z",
        "2019-12-16T23:59:61Z",
        "2019-12-16T23:48:18.Z",
        "2019-12-16T23:48:18+01",
        "2019-12-16T23:48:18+0100",
        "2019-12-16T23:48:18+24:00",
        "2019-12-16T23:48:18+01:60",
        "2019-12-16T23:48:18ZZ",
        "2019-12-16T23:48:18Z ",
        " 2019-12-16T23:48:18Z",
        "+2019-12-16T23:48:18Z",
        "20191216T234818Z",
        "2019-1-16T23:48:18Z",
        "2019-12-16T23:48:18,5Z",
        "2019-12-16T23:48:18.5",
        "2019-12-16T23:48:1éZ",
        "é",
        "Tue, 29 Apr 2014 18:30:38 GMT",
        "1398796238",
    ] {
        let err = p(bad).unwrap_err();
        assert!(err.to_string().contains("date-time"), "{err}");
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
    }
    let err = p("2019-12-16T23:59:60Z").unwrap_err();
    assert!(err.to_string().contains("leap second"), "{err}");
    let err = p("2019-02-29T00:00:00Z").unwrap_err();
    assert!(err.to_string().contains("day"), "{err}");
}

#[test]
fn parse_http_date() {
    let p = |s| parse(s, Format::HttpDate);
    assert_eq!(p("Tue, 29 Apr 2014 18:30:38 GMT"), Ok((1_398_796_238, 0)));
    assert_eq!(p("Tue, 29 Apr 2014 18:30:38.123 GMT"), Ok((1_398_796_238, 123_000_000)));
    assert_eq!(p("Tue, 29 Apr 2014 18:30:38.1234567891 GMT"), Ok((1_398_796_238, 123_456_789)));
    assert_eq!(p("tue, 29 apr 2014 18:30:38 gmt"), Ok((1_398_796_238, 0)));
    // The day name is not cross-checked against the date.
    assert_eq!(p("Mon, 29 Apr 2014 18:30:38 GMT"), Ok((1_398_796_238, 0)));
    assert_eq!(p("Sat, 29 Feb 2020 00:00:00 GMT"), Ok((1_582_934_400, 0)));
    assert_eq!(p("Wed, 31 Dec 1969 23:59:58.5 GMT"), Ok((-2, 500_000_000)));
    assert_eq!(p("Sat, 01 Jan 0000 00:00:00 GMT"), Ok((YEAR_0, 0)));
    assert_eq!(p("Fri, 31 Dec 9999 23:59:59 GMT"), Ok((YEAR_10000 - 1, 0)));
    for bad in [
        "",
        "Tue, 29 Apr 2014 18:30:38 UTC",
        "Tue, 29 Apr 2014 18:30:38",
        "Tue 29 Apr 2014 18:30:38 GMT",
        "Tue, 9 Apr 2014 18:30:38 GMT",
        "Tue, 31 Apr 2014 18:30:38 GMT",
        "Xyz, 29 Apr 2014 18:30:38 GMT",
        "Tue, 29 Foo 2014 18:30:38 GMT",
        "Tuesday, 29-Apr-14 18:30:38 GMT",
        "Tue Apr 29 18:30:38 2014",
        "Fri, 29 Feb 2019 00:00:00 GMT",
        "Tue, 29 Apr 2014 18:30:60 GMT",
        "Tue, 29 Apr 2014 24:30:38 GMT",
        "Tue, 29 Apr 2014 18:30:38. GMT",
        "Tue, 29 Apr 2014 18:30:38 GMT ",
        "Tue, 29 Apr 14 18:30:38 GMT",
        "Tue, 29 Apr 2014 18:30:38 +0000",
        "Tu",
        "2014-04-29T18:30:38Z",
        "Tue, 29 Apr 2014 18:30:38 GMTé",
    ] {
        let err = p(bad).unwrap_err();
        assert!(err.to_string().contains("http-date"), "{err}");
    }
}

/// Every prefix, and every single-byte substitution, of valid inputs either
/// parses or returns an error: parsing never panics.
#[test]
fn mangled_inputs_never_panic() {
    let valid = [
        ("2019-12-16T23:48:18.52+01:00", Format::DateTime),
        ("Tue, 29 Apr 2014 18:30:38.123 GMT", Format::HttpDate),
        ("-1515531081.1234", Format::EpochSeconds),
    ];
    let replacements = ['0', '9', '-', '+', ':', '.', 'T', 'Z', ' ', 'x', 'é', '\0'];
    for (input, format) in valid {
        assert!(DateTime::parse(input, format).is_ok());
        for (i, _) in input.char_indices() {
            let _ = DateTime::parse(&input[..i], format);
            for r in replacements {
                let mut s = input.to_owned();
                s.replace_range(i..i + 1, r.encode_utf8(&mut [0; 4]));
                let _ = DateTime::parse(&s, format);
            }
        }
    }
}

#[test]
fn round_trips() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let span = (YEAR_10000 - YEAR_0) as u64;
    for _ in 0..20_000 {
        let secs = YEAR_0 + (rng.next() % span) as i64;
        let nanos = (rng.next() % 1_000_000_000) as u32;
        let t = dt(secs, nanos);
        let text = t.fmt(Format::DateTime).unwrap();
        assert_eq!(DateTime::parse(&text, Format::DateTime), Ok(t), "{text}");
        let text = t.fmt(Format::HttpDate).unwrap();
        assert_eq!(DateTime::parse(&text, Format::HttpDate), Ok(DateTime::from_secs(secs)), "{text}");
        let text = t.fmt(Format::EpochSeconds).unwrap();
        let millis = DateTime::from_millis(t.to_millis().unwrap());
        assert_eq!(DateTime::parse(&text, Format::EpochSeconds), Ok(millis), "{text}");
        assert_eq!(DateTime::from_fractional_secs(text.parse().unwrap()), Ok(millis), "{text}");
    }
    for secs in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
        for nanos in [0, 1_000_000, 999_000_000] {
            let t = dt(secs, nanos);
            let text = t.fmt(Format::EpochSeconds).unwrap();
            assert_eq!(DateTime::parse(&text, Format::EpochSeconds), Ok(t), "{text}");
        }
    }
}

/// The whole-millisecond fast path agrees with the exact decimal path everywhere it
/// applies (a deterministic sweep of epochs, fractions and signs).
#[test]
fn the_millisecond_fast_path_matches_the_decimal_path() {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let whole = (state % 4_000_000_000) as i64 - 1_000_000_000;
        let fraction = match state % 4 {
            0 => (state >> 20) % 1000,
            1 => ((state >> 20) % 100) * 10,
            2 => 0,
            _ => 999,
        };
        let text = format!("{whole}.{fraction:03}");
        let value: f64 = text.parse().unwrap();
        let exact = DateTime::parse(&value.to_string(), Format::EpochSeconds);
        assert_eq!(DateTime::from_fractional_secs(value), exact, "{text}");
    }
    for value in [0.1, -0.001, 1.5e-4, 1_700_000_000.123_456, -1.25e-7, 999_999_999_999.999] {
        assert_eq!(
            DateTime::from_fractional_secs(value),
            DateTime::parse(&value.to_string(), Format::EpochSeconds),
            "{value}"
        );
    }
}
