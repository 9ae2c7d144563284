//! `#[serde(with = "...")]` helpers for timestamps in each Smithy
//! `@timestampFormat`: [`epoch_seconds`], [`date_time`] and [`http_date`].
//!
//! Each works for any [`TimestampValue`]: a [`DateTime`], or an `Option`,
//! `Vec` or `HashMap` (values) of timestamp values, nested to any depth, so
//! `Option<Vec<DateTime>>` and `HashMap<String, Vec<DateTime>>` work too.
//!
//! | module | JSON |
//! | --- | --- |
//! | [`epoch_seconds`] | number, as [`DateTime`]'s own `Serialize`/`Deserialize` |
//! | [`date_time`] | string, RFC 3339, e.g. `"2014-04-29T18:30:38Z"` |
//! | [`http_date`] | string, IMF-fixdate, e.g. `"Tue, 29 Apr 2014 18:30:38 GMT"` |
//!
//! JSON `null` reads as `None` for an `Option`; an absent field still needs
//! `#[serde(default)]`.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hash};

use ::serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use ::serde::ser::{self as ser, Serialize, Serializer};

use super::adapt::{self, Codec};
use crate::{DateTime, Format};

/// A timestamp, or a container of timestamps, that can be (de)serialized in
/// any [`Format`]. Implemented for [`DateTime`], `Option<T>`, `Vec<T>` and
/// `HashMap<K, T, H>` where `T: TimestampValue`.
pub trait TimestampValue: Sized {
    /// Serializes `self` with every timestamp in `format`.
    fn serialize_timestamp<S: Serializer>(&self, format: Format, serializer: S) -> Result<S::Ok, S::Error>;

    /// Deserializes a value with every timestamp in `format`.
    fn deserialize_timestamp<'de, D: Deserializer<'de>>(format: Format, deserializer: D) -> Result<Self, D::Error>;

    /// Whether the type reads JSON `null` itself (`Option`); a `null` item of a
    /// collection of any other timestamp value is dropped.
    const KEEPS_NULL: bool = false;
}

/// The [`Codec`] for timestamp values in one format.
#[derive(Clone, Copy)]
struct Timestamps(Format);

impl<T: TimestampValue> Codec<T> for Timestamps {
    fn ser<S: Serializer>(self, value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize_timestamp(self.0, serializer)
    }

    fn de<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_timestamp(self.0, deserializer)
    }

    fn keeps_null(self) -> bool {
        T::KEEPS_NULL
    }
}

impl TimestampValue for DateTime {
    fn serialize_timestamp<S: Serializer>(&self, format: Format, serializer: S) -> Result<S::Ok, S::Error> {
        match format {
            Format::EpochSeconds => self.serialize(serializer),
            Format::DateTime | Format::HttpDate => {
                let text = self.fmt(format).map_err(ser::Error::custom)?;
                serializer.serialize_str(&text)
            }
        }
    }

    fn deserialize_timestamp<'de, D: Deserializer<'de>>(format: Format, deserializer: D) -> Result<DateTime, D::Error> {
        match format {
            Format::EpochSeconds => ::serde::Deserialize::deserialize(deserializer),
            Format::DateTime | Format::HttpDate => deserializer.deserialize_any(TextVisitor(format)),
        }
    }
}

/// Visitor for a timestamp string in a text format.
struct TextVisitor(Format);

impl Visitor<'_> for TextVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a timestamp string in {} format", self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
        DateTime::parse(v, self.0).map_err(E::custom)
    }

    // A service that sends epoch seconds where the model says text is read as AWS
    // SDKs read it, rather than failing the whole response.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DateTime, E> {
        crate::datetime::EpochSecondsVisitor.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DateTime, E> {
        crate::datetime::EpochSecondsVisitor.visit_u64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<DateTime, E> {
        crate::datetime::EpochSecondsVisitor.visit_f64(v)
    }
}

impl<T: TimestampValue> TimestampValue for Option<T> {
    const KEEPS_NULL: bool = true;

    fn serialize_timestamp<S: Serializer>(&self, format: Format, serializer: S) -> Result<S::Ok, S::Error> {
        adapt::ser_option(Timestamps(format), self, serializer)
    }

    fn deserialize_timestamp<'de, D: Deserializer<'de>>(format: Format, deserializer: D) -> Result<Self, D::Error> {
        adapt::de_option(Timestamps(format), deserializer)
    }
}

impl<T: TimestampValue> TimestampValue for Vec<T> {
    fn serialize_timestamp<S: Serializer>(&self, format: Format, serializer: S) -> Result<S::Ok, S::Error> {
        adapt::ser_seq(Timestamps(format), self, serializer)
    }

    fn deserialize_timestamp<'de, D: Deserializer<'de>>(format: Format, deserializer: D) -> Result<Self, D::Error> {
        adapt::de_vec(Timestamps(format), deserializer)
    }
}

impl<K, T, H> TimestampValue for HashMap<K, T, H>
where
    K: Serialize + DeserializeOwned + Eq + Hash,
    T: TimestampValue,
    H: BuildHasher + Default,
{
    fn serialize_timestamp<S: Serializer>(&self, format: Format, serializer: S) -> Result<S::Ok, S::Error> {
        adapt::ser_map(Timestamps(format), self, serializer)
    }

    fn deserialize_timestamp<'de, D: Deserializer<'de>>(format: Format, deserializer: D) -> Result<Self, D::Error> {
        adapt::de_map(Timestamps(format), deserializer)
    }
}

macro_rules! format_module {
    ($(#[$doc:meta])* $name:ident, $format:expr) => {
        $(#[$doc])*
        pub mod $name {
            use ::serde::{Deserializer, Serializer};

            use super::TimestampValue;
            use crate::Format;

            /// Serializes `value` (see the module docs for the JSON shape).
            pub fn serialize<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
            where
                T: TimestampValue,
                S: Serializer,
            {
                value.serialize_timestamp($format, serializer)
            }

            /// Deserializes a value (see the module docs for the JSON shape).
            pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
            where
                T: TimestampValue,
                D: Deserializer<'de>,
            {
                T::deserialize_timestamp($format, deserializer)
            }

            /// Deserializes a value of a member that is not optional, reading JSON
            /// `null` as the zero value (as an absent member reads); for
            /// `#[serde(deserialize_with = "...")]` beside `serialize_with`.
            pub fn deserialize_null_as_zero<'de, T, D>(deserializer: D) -> Result<T, D::Error>
            where
                T: TimestampValue + crate::serde::ZeroValue,
                D: Deserializer<'de>,
            {
                Ok(Option::<T>::deserialize_timestamp($format, deserializer)?.unwrap_or_else(T::zero))
            }
        }
    };
}

format_module!(
    /// Timestamps as JSON numbers of epoch seconds (`@timestampFormat("epoch-seconds")`),
    /// e.g. `1398796238` or `1398796238.123`; see [`DateTime`]'s `Serialize`.
    ///
    /// Use as `#[serde(with = "::aws_client_runtime::serde::timestamp::epoch_seconds")]`.
    epoch_seconds,
    Format::EpochSeconds
);

format_module!(
    /// Timestamps as RFC 3339 JSON strings (`@timestampFormat("date-time")`),
    /// e.g. `"2014-04-29T18:30:38.123Z"`; see [`DateTime::parse`] for what
    /// is accepted.
    ///
    /// Use as `#[serde(with = "::aws_client_runtime::serde::timestamp::date_time")]`.
    date_time,
    Format::DateTime
);

format_module!(
    /// Timestamps as IMF-fixdate JSON strings (`@timestampFormat("http-date")`),
    /// e.g. `"Tue, 29 Apr 2014 18:30:38 GMT"`; see [`DateTime::parse`] for
    /// what is accepted. Output drops sub-second precision.
    ///
    /// Use as `#[serde(with = "::aws_client_runtime::serde::timestamp::http_date")]`.
    http_date,
    Format::HttpDate
);

#[cfg(test)]
mod tests;
