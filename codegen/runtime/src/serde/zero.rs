//! Zero values for error correction, and the unit value of union members.
//!
//! A member the model marks `@required` is a plain field in generated types. When
//! a response omits it (or sends `null`), parsing must not fail: the field takes its
//! type's zero value instead (empty string, 0, false, empty collection, the epoch, an
//! enum's unknown-empty value, a structure of zero values), as AWS SDKs do.

use std::collections::HashMap;
use std::hash::BuildHasher;

use ::serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{BigDecimal, BigInteger, Blob, ByteStream, DateTime, Document};

/// A type's value when a required member was missing from a response.
pub trait ZeroValue {
    /// The zero value.
    fn zero() -> Self;
}

macro_rules! zero_by_default {
    ($($ty:ty),*) => {
        $(impl ZeroValue for $ty {
            fn zero() -> Self {
                <$ty>::default()
            }
        })*
    };
}

zero_by_default!(String, bool, i8, i16, i32, i64, f32, f64, Blob, ByteStream, Document);

impl ZeroValue for DateTime {
    fn zero() -> Self {
        DateTime::UNIX_EPOCH
    }
}

impl ZeroValue for BigInteger {
    fn zero() -> Self {
        BigInteger::from(0i64)
    }
}

impl ZeroValue for BigDecimal {
    fn zero() -> Self {
        BigDecimal::from(BigInteger::from(0i64))
    }
}

impl<T> ZeroValue for Vec<T> {
    fn zero() -> Self {
        Vec::new()
    }
}

impl<K, V, S: BuildHasher + Default> ZeroValue for HashMap<K, V, S> {
    fn zero() -> Self {
        HashMap::default()
    }
}

impl<T> ZeroValue for Option<T> {
    fn zero() -> Self {
        None
    }
}

impl<T: ZeroValue> ZeroValue for Box<T> {
    fn zero() -> Self {
        Box::new(T::zero())
    }
}

/// The zero value of `T`; for `#[serde(default = "::aws_client_runtime::serde::zero")]`.
pub fn zero<T: ZeroValue>() -> T {
    T::zero()
}

/// Deserializes a `T`, reading JSON `null` as its zero value; for
/// `#[serde(deserialize_with = "::aws_client_runtime::serde::null_as_zero")]`.
pub fn null_as_zero<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + ZeroValue,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_else(T::zero))
}

/// The value of a union member that targets `smithy.api#Unit`: `{}` on the wire.
///
/// Reading accepts any JSON value, so a service that sends something else for a
/// unit member is not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UnitValue;

impl Serialize for UnitValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use ::serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for UnitValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ::serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(UnitValue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Required {
        #[serde(default = "zero", deserialize_with = "null_as_zero")]
        name: String,
        #[serde(default = "zero", deserialize_with = "null_as_zero")]
        size: i64,
        #[serde(default = "zero", deserialize_with = "null_as_zero")]
        at: DateTime,
        #[serde(default = "zero", deserialize_with = "null_as_zero")]
        items: Vec<String>,
    }

    #[test]
    fn missing_and_null_required_members_read_as_zero() {
        let zeroes = Required { name: String::new(), size: 0, at: DateTime::UNIX_EPOCH, items: Vec::new() };
        assert_eq!(serde_json::from_str::<Required>("{}").unwrap(), zeroes);
        let nulls = r#"{"name":null,"size":null,"at":null,"items":null}"#;
        assert_eq!(serde_json::from_str::<Required>(nulls).unwrap(), zeroes);
        let set = r#"{"name":"n","size":7,"at":1.5,"items":["a"]}"#;
        let parsed = serde_json::from_str::<Required>(set).unwrap();
        assert_eq!(parsed.name, "n");
        assert_eq!(parsed.size, 7);
        assert_eq!(parsed.at, DateTime::from_millis(1500));
        assert_eq!(parsed.items, vec!["a".to_owned()]);
    }

    #[test]
    fn unit_value_is_an_empty_object_and_reads_anything() {
        assert_eq!(serde_json::to_string(&UnitValue).unwrap(), "{}");
        for text in ["{}", "null", "{\"a\":1}", "3"] {
            assert_eq!(serde_json::from_str::<UnitValue>(text).unwrap(), UnitValue, "{text}");
        }
    }

    #[test]
    fn boxed_zero_is_boxed_zero() {
        assert_eq!(*<Box<i32> as ZeroValue>::zero(), 0);
        assert_eq!(<BigInteger as ZeroValue>::zero().as_str(), "0");
    }
}
