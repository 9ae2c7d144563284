//! [`BigInteger`] and [`BigDecimal`], the types behind Smithy `bigInteger`
//! and `bigDecimal` members: validated decimal text.

use std::fmt;
use std::str::FromStr;

use ::serde::de::{self, Deserialize, Deserializer, Visitor};
use ::serde::ser::{self as ser, Serialize, Serializer};

/// An arbitrary-size integer, held as its decimal text: an optional `+` or
/// `-` sign followed by one or more ASCII digits.
///
/// Equality and hashing compare the text, so `"1"` and `"+01"` differ.
///
/// # Precision on the wire
///
/// [`BigInteger`] and [`BigDecimal`] keep their text exactly, but this crate uses
/// `serde_json` without its `arbitrary_precision` feature, so JSON *numbers*
/// pass through `i64`/`u64`/`i128`/`u128`/`f64`:
///
/// * Serializing writes integers that fit in 128 bits exactly (as integers);
///   any other value is written as the nearest `f64` (so a `BigDecimal`
///   `"0.10"` is written `0.1`, and digits beyond about 17 significant ones
///   are lost). A value too large for a finite `f64` fails to serialize.
/// * Deserializing a JSON number keeps it exactly when `serde_json` reads it
///   as an integer (within `i64`/`u64`) and otherwise takes the shortest
///   decimal text of the `f64` it was read as. A JSON *string* holding the
///   number is kept exactly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

/// An arbitrary-precision decimal, held as its text in JSON number syntax
/// (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
///
/// Equality and hashing compare the text, so `"1.0"` and `"1"` differ.
///
/// JSON numbers are not always carried exactly; see "Precision on the wire"
/// in the [`BigInteger`] documentation, which applies here too.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

/// Error from parsing a [`BigInteger`] or [`BigDecimal`]; names the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseNumberError {
    type_name: &'static str,
    expected: &'static str,
    input: String,
}

impl fmt::Display for ParseNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} {:?}: expected {}", self.type_name, self.input, self.expected)
    }
}

impl std::error::Error for ParseNumberError {}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_json_number(s: &str) -> bool {
    fn digits(b: &[u8]) -> usize {
        b.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += digits(&b[i..]),
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        let n = digits(&b[i + 1..]);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(&b[i..]);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

/// Serializes integer text exactly when it fits in 128 bits, else as `f64`.
fn serialize_number<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if is_integer(text) {
        if let Ok(v) = text.parse::<i64>() {
            return serializer.serialize_i64(v);
        }
        if let Ok(v) = text.parse::<u64>() {
            return serializer.serialize_u64(v);
        }
        if let Ok(v) = text.parse::<i128>() {
            return serializer.serialize_i128(v);
        }
        if let Ok(v) = text.parse::<u128>() {
            return serializer.serialize_u128(v);
        }
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => serializer.serialize_f64(v),
        _ => Err(ser::Error::custom(format!("the number {text} is too large to serialize as a JSON number"))),
    }
}

macro_rules! number_type {
    ($Type:ident, $valid:ident, $expected:literal, $visit_f64:expr) => {
        impl $Type {
            /// The decimal text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $Type {
            type Err = ParseNumberError;

            fn from_str(s: &str) -> Result<$Type, ParseNumberError> {
                if $valid(s) {
                    Ok($Type(s.to_owned()))
                } else {
                    Err(ParseNumberError { type_name: stringify!($Type), expected: $expected, input: s.to_owned() })
                }
            }
        }

        impl TryFrom<String> for $Type {
            type Error = ParseNumberError;

            fn try_from(s: String) -> Result<$Type, ParseNumberError> {
                if $valid(&s) { Ok($Type(s)) } else { s.parse() }
            }
        }

        impl From<$Type> for String {
            fn from(n: $Type) -> String {
                n.0
            }
        }

        impl fmt::Display for $Type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<i64> for $Type {
            fn from(v: i64) -> $Type {
                $Type(v.to_string())
            }
        }

        impl From<u64> for $Type {
            fn from(v: u64) -> $Type {
                $Type(v.to_string())
            }
        }

        impl From<i128> for $Type {
            fn from(v: i128) -> $Type {
                $Type(v.to_string())
            }
        }

        impl From<u128> for $Type {
            fn from(v: u128) -> $Type {
                $Type(v.to_string())
            }
        }

        impl Serialize for $Type {
            /// Writes a JSON number (see "Precision on the wire" on [`BigInteger`]).
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_number(&self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $Type {
            /// Reads a JSON number, or a string holding valid number text.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$Type, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $Type;

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a number, or a string holding {}", $expected)
                    }

                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$Type, E> {
                        Ok(v.into())
                    }

                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$Type, E> {
                        Ok(v.into())
                    }

                    fn visit_i128<E: de::Error>(self, v: i128) -> Result<$Type, E> {
                        Ok(v.into())
                    }

                    fn visit_u128<E: de::Error>(self, v: u128) -> Result<$Type, E> {
                        Ok(v.into())
                    }

                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$Type, E> {
                        let visit: fn(f64) -> Option<$Type> = $visit_f64;
                        visit(v).ok_or_else(|| E::custom(format!("{v} is not a valid {}", stringify!($Type))))
                    }

                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$Type, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

number_type!(
    BigInteger,
    is_integer,
    "an optional sign followed by digits",
    // f64's Display never uses an exponent, so integral values print as
    // plain digits.
    |v| (v.is_finite() && v.fract() == 0.0).then(|| BigInteger(format!("{v}")))
);

number_type!(BigDecimal, is_json_number, "a number in JSON syntax", |v| v
    .is_finite()
    .then(|| BigDecimal(format!("{v}"))));

impl From<BigInteger> for BigDecimal {
    /// The same value; a leading `+` and leading zeros are dropped to match
    /// JSON number syntax.
    fn from(n: BigInteger) -> BigDecimal {
        let (negative, digits) = match n.0.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, n.0.strip_prefix('+').unwrap_or(&n.0)),
        };
        let digits = match digits.trim_start_matches('0') {
            "" => "0",
            trimmed => trimmed,
        };
        BigDecimal(if negative && digits != "0" { format!("-{digits}") } else { digits.to_owned() })
    }
}

impl TryFrom<f64> for BigDecimal {
    type Error = ParseNumberError;

    /// The shortest decimal that round-trips to `v`; fails for NaN and
    /// infinities.
    fn try_from(v: f64) -> Result<BigDecimal, ParseNumberError> {
        if v.is_finite() {
            Ok(BigDecimal(format!("{v}")))
        } else {
            Err(ParseNumberError { type_name: "BigDecimal", expected: "a finite number", input: v.to_string() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        for ok in ["0", "-0", "+0", "007", "-123", "+123", "123456789012345678901234567890"] {
            assert_eq!(ok.parse::<BigInteger>().unwrap().as_str(), ok);
        }
        for bad in ["", "-", "+", "1.0", "1e3", " 1", "1 ", "--1", "+-1", "0x1", "١"] {
            let err = bad.parse::<BigInteger>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("invalid BigInteger {bad:?}: expected an optional sign followed by digits")
            );
        }
        for ok in ["0", "-0", "1.5", "-0.25", "1e10", "1E+10", "1.0e-7", "123456789.123456789123456789"] {
            assert_eq!(ok.parse::<BigDecimal>().unwrap().to_string(), ok);
        }
        for bad in ["", "-", "+1", "01", "1.", ".5", "1e", "1e+", "1.e5", "NaN", "Infinity", "1 ", "0x1", "1_0"] {
            let err = bad.parse::<BigDecimal>().unwrap_err();
            assert!(err.to_string().contains("JSON syntax"), "{err}");
        }
        assert_eq!(BigInteger::try_from(String::from("42")).unwrap().as_str(), "42");
        assert!(BigInteger::try_from(String::from("4.2")).is_err());
        assert_eq!(String::from(BigDecimal::from(-5_i64)), "-5");
    }

    #[test]
    fn conversions() {
        assert_eq!(BigInteger::from(u128::MAX).as_str(), "340282366920938463463374607431768211455");
        assert_eq!(BigDecimal::from(i64::MIN).as_str(), "-9223372036854775808");
        let d = |s: &str| BigDecimal::from(s.parse::<BigInteger>().unwrap()).to_string();
        assert_eq!(d("+007"), "7");
        assert_eq!(d("-000"), "0");
        assert_eq!(d("-0012"), "-12");
        assert_eq!(d("0"), "0");
        assert_eq!(BigDecimal::try_from(0.1).unwrap().as_str(), "0.1");
        assert_eq!(BigDecimal::try_from(1e-7).unwrap().as_str(), "0.0000001");
        assert!(BigDecimal::try_from(f64::NAN).is_err());
    }

    #[test]
    fn serialize() {
        let int = |s: &str| serde_json::to_string(&s.parse::<BigInteger>().unwrap());
        assert_eq!(int("123").unwrap(), "123");
        assert_eq!(int("+123").unwrap(), "123");
        assert_eq!(int("-9223372036854775808").unwrap(), "-9223372036854775808");
        assert_eq!(int("18446744073709551615").unwrap(), "18446744073709551615");
        assert_eq!(
            int("-170141183460469231731687303715884105728").unwrap(),
            "-170141183460469231731687303715884105728"
        );
        assert_eq!(int("340282366920938463463374607431768211455").unwrap(), "340282366920938463463374607431768211455");
        // Beyond 128 bits: the nearest f64.
        assert_eq!(int("340282366920938463463374607431768211456").unwrap(), "3.402823669209385e+38");
        assert!(int(&"9".repeat(400)).is_err());

        let dec = |s: &str| serde_json::to_string(&s.parse::<BigDecimal>().unwrap());
        assert_eq!(dec("1.5").unwrap(), "1.5");
        assert_eq!(dec("0.10").unwrap(), "0.1");
        assert_eq!(dec("-42").unwrap(), "-42");
        assert_eq!(dec("1e2").unwrap(), "100.0");
        assert!(dec("1e400").is_err());
    }

    #[test]
    fn deserialize() {
        let int = |s: &str| serde_json::from_str::<BigInteger>(s).map(String::from);
        assert_eq!(int("123").unwrap(), "123");
        assert_eq!(int("-9223372036854775808").unwrap(), "-9223372036854775808");
        assert_eq!(int("18446744073709551615").unwrap(), "18446744073709551615");
        assert_eq!(int("1e20").unwrap(), "100000000000000000000");
        assert_eq!(int("\"123456789012345678901234567890\"").unwrap(), "123456789012345678901234567890");
        for bad in ["1.5", "\"1.5\"", "\"abc\"", "null", "true", "[1]"] {
            assert!(int(bad).is_err(), "{bad}");
        }
        let dec = |s: &str| serde_json::from_str::<BigDecimal>(s).map(String::from);
        assert_eq!(dec("1.5").unwrap(), "1.5");
        assert_eq!(dec("-0.25").unwrap(), "-0.25");
        assert_eq!(dec("1e-7").unwrap(), "0.0000001");
        assert_eq!(dec("42").unwrap(), "42");
        assert_eq!(dec("\"1.000000000000000000001\"").unwrap(), "1.000000000000000000001");
        for bad in ["\"01\"", "\"NaN\"", "null", "{}"] {
            assert!(dec(bad).is_err(), "{bad}");
        }
        let err = dec("\"1.2.3\"").unwrap_err().to_string();
        assert!(err.contains("\"1.2.3\""), "{err}");
    }
}
