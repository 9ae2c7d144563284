//! `#[serde(with = "::aws_client_runtime::serde::float")]`: floats the awsJson
//! way, with NaN and infinities as the strings `"NaN"`, `"Infinity"` and
//! `"-Infinity"`.
//!
//! Works for any [`FloatValue`]: `f32`, `f64`, or an `Option`, `Vec` or
//! `HashMap` (values) of float values, nested to any depth. Finite values are
//! JSON numbers. Deserialization accepts any JSON number (integers too) and
//! exactly those three strings; any other string is an error. JSON `null`
//! reads as `None` for an `Option`; an absent field still needs
//! `#[serde(default)]`.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hash};

use ::serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};

use super::adapt::{self, Codec};

/// A float, or a container of floats, carried with awsJson's encoding of
/// non-finite values. Implemented for `f32`, `f64`, `Option<T>`, `Vec<T>`
/// and `HashMap<K, T, H>` where `T: FloatValue`.
pub trait FloatValue: Sized {
    /// Serializes `self`, writing non-finite floats as strings.
    fn serialize_float<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

    /// Deserializes a value, reading non-finite floats from strings.
    fn deserialize_float<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// Whether the type reads JSON `null` itself (`Option`); a `null` item of a
    /// collection of any other float value is dropped.
    const KEEPS_NULL: bool = false;
}

/// Serializes `value`; use with `#[serde(with = "::aws_client_runtime::serde::float")]`.
pub fn serialize<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: FloatValue,
    S: Serializer,
{
    value.serialize_float(serializer)
}

/// Deserializes a value; use with `#[serde(with = "::aws_client_runtime::serde::float")]`.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FloatValue,
    D: Deserializer<'de>,
{
    T::deserialize_float(deserializer)
}

/// Deserializes a value of a member that is not optional, reading JSON `null` as
/// the zero value (as an absent member reads); use as
/// `#[serde(serialize_with = "::aws_client_runtime::serde::float::serialize",
/// deserialize_with = "::aws_client_runtime::serde::float::deserialize_null_as_zero")]`.
pub fn deserialize_null_as_zero<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: FloatValue + super::ZeroValue,
    D: Deserializer<'de>,
{
    Ok(Option::<T>::deserialize_float(deserializer)?.unwrap_or_else(T::zero))
}

/// The string for a non-finite value, or `None` for a finite one.
fn non_finite_name(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// Visitor accepting a number or one of the non-finite strings.
struct F64Visitor;

impl Visitor<'_> for F64Visitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a number, "NaN", "Infinity" or "-Infinity""#)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

impl FloatValue for f64 {
    fn serialize_float<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_name(*self) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f64(*self),
        }
    }

    fn deserialize_float<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(F64Visitor)
    }
}

impl FloatValue for f32 {
    fn serialize_float<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite_name(f64::from(*self)) {
            Some(name) => serializer.serialize_str(name),
            None => serializer.serialize_f32(*self),
        }
    }

    /// Reads an `f64` and narrows it (finite values beyond `f32`'s range
    /// become infinities, as `as` casts do).
    fn deserialize_float<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        deserializer.deserialize_any(F64Visitor).map(|v| v as f32)
    }
}

/// The [`Codec`] for float values.
#[derive(Clone, Copy)]
struct Floats;

impl<T: FloatValue> Codec<T> for Floats {
    fn ser<S: Serializer>(self, value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize_float(serializer)
    }

    fn de<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_float(deserializer)
    }

    fn keeps_null(self) -> bool {
        T::KEEPS_NULL
    }
}

impl<T: FloatValue> FloatValue for Option<T> {
    const KEEPS_NULL: bool = true;

    fn serialize_float<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        adapt::ser_option(Floats, self, serializer)
    }

    fn deserialize_float<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        adapt::de_option(Floats, deserializer)
    }
}

impl<T: FloatValue> FloatValue for Vec<T> {
    fn serialize_float<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        adapt::ser_seq(Floats, self, serializer)
    }

    fn deserialize_float<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        adapt::de_vec(Floats, deserializer)
    }
}

impl<K, T, H> FloatValue for HashMap<K, T, H>
where
    K: Serialize + DeserializeOwned + Eq + Hash,
    T: FloatValue,
    H: BuildHasher + Default,
{
    fn serialize_float<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        adapt::ser_map(Floats, self, serializer)
    }

    fn deserialize_float<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        adapt::de_map(Floats, deserializer)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use ::serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Floats {
        #[serde(default, with = "crate::serde::float")]
        double: f64,
        #[serde(default, with = "crate::serde::float")]
        single: f32,
        #[serde(default, with = "crate::serde::float")]
        maybe: Option<f64>,
        #[serde(default, with = "crate::serde::float")]
        list: Vec<f32>,
        #[serde(default, with = "crate::serde::float")]
        map: HashMap<String, Option<f64>>,
    }

    #[test]
    fn serialize() {
        let value = serde_json::to_value(Floats {
            double: f64::NAN,
            single: 1.5,
            maybe: Some(f64::NEG_INFINITY),
            list: vec![f32::INFINITY, -0.25, f32::NAN],
            map: HashMap::from([("a".into(), Some(f64::INFINITY)), ("b".into(), None)]),
        })
        .unwrap();
        assert_eq!(
            value,
            json!({
                "double": "NaN",
                "single": 1.5,
                "maybe": "-Infinity",
                "list": ["Infinity", -0.25, "NaN"],
                "map": {"a": "Infinity", "b": null},
            })
        );
        let text = serde_json::to_string(&Floats { double: 0.1, single: 0.1, ..Floats::default() }).unwrap();
        assert_eq!(text, r#"{"double":0.1,"single":0.1,"maybe":null,"list":[],"map":{}}"#);
    }

    #[test]
    fn deserialize() {
        let f: Floats = serde_json::from_str(
            r#"{"double":"Infinity","single":"-Infinity","maybe":"NaN",
                "list":[1,-2,3.5,"NaN"],"map":{"x":-1e300,"y":null,"z":"Infinity"}}"#,
        )
        .unwrap();
        assert_eq!(f.double, f64::INFINITY);
        assert_eq!(f.single, f32::NEG_INFINITY);
        assert!(f.maybe.unwrap().is_nan());
        assert_eq!(f.list[..3], [1.0, -2.0, 3.5]);
        assert!(f.list[3].is_nan());
        assert_eq!(f.map["x"], Some(-1e300));
        assert_eq!(f.map["y"], None);
        assert_eq!(f.map["z"], Some(f64::INFINITY));

        let f: Floats = serde_json::from_str(r#"{"double":18446744073709551615,"single":1e300}"#).unwrap();
        assert_eq!(f.double, 18_446_744_073_709_551_615.0);
        assert_eq!(f.single, f32::INFINITY);
        let f: Floats = serde_json::from_str(r#"{"maybe":null}"#).unwrap();
        assert_eq!(f, Floats::default());
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct NotOptional {
        #[serde(default, deserialize_with = "crate::serde::float::deserialize_null_as_zero")]
        score: f64,
        #[serde(default, deserialize_with = "crate::serde::float::deserialize_null_as_zero")]
        scores: Vec<f32>,
    }

    #[test]
    fn null_reads_as_zero_and_null_items_are_dropped() {
        let read = |s: &str| serde_json::from_str::<NotOptional>(s).unwrap();
        assert_eq!(read(r#"{"score":null,"scores":null}"#), NotOptional { score: 0.0, scores: vec![] });
        assert_eq!(read(r#"{"score":4.5,"scores":[null,1,"NaN",null]}"#).score, 4.5);
        let scores = read(r#"{"scores":[null,1,"Infinity",null]}"#).scores;
        assert_eq!(scores, vec![1.0, f32::INFINITY]);
        let f: Floats = serde_json::from_str(r#"{"list":[null,2],"map":{"a":null}}"#).unwrap();
        assert_eq!(f.list, vec![2.0]);
        // A sparse map (`Option` values) keeps its nulls.
        assert_eq!(f.map, HashMap::from([("a".to_owned(), None)]));
    }

    #[test]
    fn errors() {
        for bad in [
            r#"{"double":"nan"}"#,
            r#"{"double":"inf"}"#,
            r#"{"double":"+Infinity"}"#,
            r#"{"double":"1.5"}"#,
            r#"{"double":null}"#,
            r#"{"double":true}"#,
            r#"{"list":["Infinity", "x"]}"#,
            r#"{"map":{"a":"NAN"}}"#,
        ] {
            let err = serde_json::from_str::<Floats>(bad).unwrap_err().to_string();
            assert!(err.contains("a number, \"NaN\""), "{bad}: {err}");
        }
    }
}
