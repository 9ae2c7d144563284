//! Scalar values as the text of a URI label, a query parameter or a header.
//!
//! Numbers are written in decimal (floats `NaN`, `Infinity` and `-Infinity` when
//! not finite), booleans as `true`/`false`, blobs in base64. Timestamps and enums
//! are written by the generated code, which knows their format and type.

use crate::{BigDecimal, BigInteger, Blob};

/// A value that can be written as the text of a label, query parameter or header.
pub trait ToText {
    /// The value's text.
    fn to_text(&self) -> String;
}

/// A value that can be read from the text of a header (or a query parameter).
pub trait FromText: Sized {
    /// Reads the value; the error says what the text should have been.
    fn from_text(text: &str) -> Result<Self, String>;
}

impl ToText for String {
    fn to_text(&self) -> String {
        self.clone()
    }
}

impl FromText for String {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl ToText for bool {
    fn to_text(&self) -> String {
        self.to_string()
    }
}

impl FromText for bool {
    fn from_text(text: &str) -> Result<Self, String> {
        match text.trim() {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(format!("`{other}` is not a boolean")),
        }
    }
}

macro_rules! integer_text {
    ($($ty:ty),*) => {$(
        impl ToText for $ty {
            fn to_text(&self) -> String {
                self.to_string()
            }
        }

        impl FromText for $ty {
            fn from_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|_| format!("`{text}` is not an integer of {} bits", <$ty>::BITS))
            }
        }
    )*};
}

integer_text!(i8, i16, i32, i64);

macro_rules! float_text {
    ($($ty:ty),*) => {$(
        impl ToText for $ty {
            fn to_text(&self) -> String {
                if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity".to_owned() } else { "-Infinity".to_owned() }
                } else {
                    self.to_string()
                }
            }
        }

        impl FromText for $ty {
            fn from_text(text: &str) -> Result<Self, String> {
                match text.trim() {
                    "NaN" => Ok(<$ty>::NAN),
                    "Infinity" => Ok(<$ty>::INFINITY),
                    "-Infinity" => Ok(<$ty>::NEG_INFINITY),
                    other => other.parse().map_err(|_| format!("`{other}` is not a number")),
                }
            }
        }
    )*};
}

float_text!(f32, f64);

macro_rules! big_number_text {
    ($($ty:ty),*) => {$(
        impl ToText for $ty {
            fn to_text(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl FromText for $ty {
            fn from_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|error: crate::ParseNumberError| error.to_string())
            }
        }
    )*};
}

big_number_text!(BigInteger, BigDecimal);

impl ToText for Blob {
    fn to_text(&self) -> String {
        crate::base64::encode(self.as_ref())
    }
}

impl FromText for Blob {
    fn from_text(text: &str) -> Result<Self, String> {
        crate::base64::decode(text.trim()).map(Blob::new).map_err(|error| format!("a blob is not base64: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_round_trip_through_text() {
        assert_eq!(1.5f64.to_text(), "1.5");
        assert_eq!(f32::NEG_INFINITY.to_text(), "-Infinity");
        assert!(f64::from_text("NaN").unwrap().is_nan());
        assert_eq!(i8::from_text(" -3 ").unwrap(), -3);
        assert!(i8::from_text("300").unwrap_err().contains("8 bits"));
        assert!(bool::from_text("yes").is_err());
        assert_eq!(Blob::from_text(&Blob::new(b"hi".to_vec()).to_text()).unwrap(), Blob::new(b"hi".to_vec()));
        let big: BigInteger = FromText::from_text("123456789012345678901234567890").unwrap();
        assert_eq!(big.to_text(), "123456789012345678901234567890");
    }
}
