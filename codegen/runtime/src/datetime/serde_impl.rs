//! Default serde support for [`DateTime`]: epoch seconds as a JSON number,
//! which is what awsJson uses for timestamps without `@timestampFormat`.

use std::fmt;

use ::serde::de::{self, Deserialize, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};

use super::{DateTime, Format, NANOS_PER_MILLI};

impl DateTime {
    /// Epoch seconds as a JSON-friendly number with millisecond precision,
    /// or `None` when there is no millisecond fraction (use `secs()`).
    pub(crate) fn epoch_f64_millis(self) -> Option<f64> {
        let millis = self.nanos / NANOS_PER_MILLI;
        if millis == 0 {
            return None;
        }
        // Dividing the exact millisecond count once gives the f64 nearest to
        // the decimal value, which serde_json then prints as that decimal.
        let total = i128::from(self.secs) * 1000 + i128::from(millis);
        Some(total as f64 / 1000.0)
    }
}

impl Serialize for DateTime {
    /// Writes epoch seconds: an integer (`i64`) when the millisecond fraction
    /// is zero, else an `f64` with millisecond precision (sub-millisecond
    /// precision is dropped, rounding toward negative infinity).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.epoch_f64_millis() {
            None => serializer.serialize_i64(self.secs),
            Some(secs) => serializer.serialize_f64(secs),
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    /// Reads epoch seconds from a number (integer or floating point).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_any(EpochSecondsVisitor)
    }
}

/// Visitor for an epoch-seconds number.
pub(crate) struct EpochSecondsVisitor;

impl<'de> Visitor<'de> for EpochSecondsVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp as a number of epoch seconds")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
        Ok(DateTime::from_secs(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
        i64::try_from(v).map(DateTime::from_secs).map_err(|_| E::custom(format!("{v} epoch seconds is out of range")))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<DateTime, E> {
        i64::try_from(v).map(DateTime::from_secs).map_err(|_| E::custom(format!("{v} epoch seconds is out of range")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<DateTime, E> {
        i64::try_from(v).map(DateTime::from_secs).map_err(|_| E::custom(format!("{v} epoch seconds is out of range")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
        DateTime::from_fractional_secs(v).map_err(E::custom)
    }

    /// Text where the model says epoch seconds: AWS SDKs read it (epoch seconds as
    /// text, RFC 3339, an HTTP date) instead of failing the whole response, so this
    /// does too. Numbers, the wire form, never come here.
    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
        let text = v.trim();
        DateTime::parse(text, Format::EpochSeconds)
            .or_else(|_| DateTime::parse(text, Format::DateTime))
            .or_else(|_| DateTime::parse(text, Format::HttpDate))
            .map_err(|_| E::custom("a timestamp string is neither epoch seconds, RFC 3339 nor an HTTP date"))
    }
}

#[cfg(test)]
mod tests {
    use super::DateTime;

    fn t(secs: i64, nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(secs, nanos)
    }

    fn parts(t: DateTime) -> (i64, u32) {
        (t.secs(), t.subsec_nanos())
    }

    #[test]
    fn default_serde_is_epoch_seconds() {
        let json = |t: DateTime| serde_json::to_string(&t).unwrap();
        assert_eq!(json(DateTime::from_secs(1_398_796_238)), "1398796238");
        assert_eq!(json(t(1_398_796_238, 123_456_789)), "1398796238.123");
        assert_eq!(json(t(1_398_796_238, 999_999)), "1398796238");
        assert_eq!(json(t(-2, 500_000_000)), "-1.5");
        assert_eq!(json(t(-1, 999_999_999)), "-0.001");
        assert_eq!(json(DateTime::MIN), "-9223372036854775808");
        assert_eq!(serde_json::to_value(t(1, 500_000_000)).unwrap(), serde_json::json!(1.5));

        let read = |s: &str| serde_json::from_str::<DateTime>(s).map(parts);
        assert_eq!(read("1398796238").unwrap(), (1_398_796_238, 0));
        assert_eq!(read("-1").unwrap(), (-1, 0));
        assert_eq!(read("1515531081.1234").unwrap(), (1_515_531_081, 123_400_000));
        assert_eq!(read("-1.5").unwrap(), (-2, 500_000_000));
        assert_eq!(read("1.5e3").unwrap(), (1_500, 0));
        assert_eq!(read("9223372036854775807").unwrap(), (i64::MAX, 0));
        // Text where epoch seconds are expected reads as AWS SDKs read it.
        assert_eq!(read("\"1398796238\"").unwrap(), (1_398_796_238, 0));
        assert_eq!(read("\"1398796238.5\"").unwrap(), (1_398_796_238, 500_000_000));
        assert_eq!(read("\"2014-04-29T18:30:38Z\"").unwrap(), (1_398_796_238, 0));
        assert_eq!(read("\"2014-04-29T18:30:38.25+00:00\"").unwrap(), (1_398_796_238, 250_000_000));
        assert_eq!(read("\"Tue, 29 Apr 2014 18:30:38 GMT\"").unwrap(), (1_398_796_238, 0));
        for bad in ["9223372036854775808", "1e300", "\"yesterday\"", "\"NaN\"", "null", "true", "[]"] {
            assert!(read(bad).is_err(), "{bad}");
        }
        let err = read("18446744073709551615").unwrap_err().to_string();
        assert!(err.contains("18446744073709551615"), "{err}");
    }
}
