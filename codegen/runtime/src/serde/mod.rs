//! Helpers for serde field attributes in generated code.
//!
//! * [`timestamp::epoch_seconds`], [`timestamp::date_time`] and
//!   [`timestamp::http_date`]: for `#[serde(with = "...")]` on members of
//!   type [`DateTime`](crate::DateTime), or an `Option`, `Vec` or `HashMap`
//!   (nested to any depth) of them.
//! * [`float`]: for `#[serde(with = "...")]` on `f32`/`f64` members (and
//!   containers of them), carrying NaN and infinities as awsJson strings.
//! * [`null_as_default`]: for `#[serde(deserialize_with = "...")]` on
//!   non-optional members, reading JSON `null` as the default value.
//! * [`items`]: for `#[serde(deserialize_with = "...")]` on list and map members,
//!   dropping `null` items as AWS SDKs do.
//! * [`from_slice`]: reads a response body, keeping the last of duplicate keys.
//! * [`string_enum`]: what a generated string enum's `Deserialize` calls.
//!
//! For example:
//!
//! ```
//! use aws_client_runtime::DateTime;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Example {
//!     #[serde(
//!         default,
//!         skip_serializing_if = "Option::is_none",
//!         with = "::aws_client_runtime::serde::timestamp::date_time"
//!     )]
//!     created: Option<DateTime>,
//!     #[serde(default, deserialize_with = "::aws_client_runtime::serde::null_as_default")]
//!     count: i32,
//!     #[serde(with = "::aws_client_runtime::serde::float")]
//!     ratio: f64,
//! }
//!
//! let e: Example =
//!     serde_json::from_str(r#"{"created":"2019-12-16T23:48:18Z","count":null,"ratio":"NaN"}"#)
//!         .unwrap();
//! assert_eq!(e.created, Some(DateTime::from_secs(1_576_540_098)));
//! assert_eq!(e.count, 0);
//! assert!(e.ratio.is_nan());
//! assert_eq!(
//!     serde_json::to_string(&e).unwrap(),
//!     r#"{"created":"2019-12-16T23:48:18Z","count":0,"ratio":"NaN"}"#
//! );
//! ```
//!
//! With `with = "..."`, serde treats an absent field as an error even for
//! `Option` members, so `#[serde(default)]` is needed alongside it.

mod adapt;
pub mod float;
pub mod items;
pub mod timestamp;
mod zero;

pub use zero::{UnitValue, ZeroValue, null_as_zero, zero};

use ::serde::de::DeserializeOwned;
use ::serde::{Deserialize, Deserializer};

/// Reads a JSON body as `T`, the way AWS SDKs read it: an object that names a
/// member twice keeps the last value (derived `Deserialize` refuses duplicates).
///
/// The body is read once; only a body the direct read refuses for a duplicate
/// member is read again, through [`serde_json::Value`] (whose objects keep the last
/// value of a key), so a well-formed response costs nothing extra. On that second
/// path arbitrary-precision numbers pass through `f64`.
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    match serde_json::from_slice(body) {
        Err(error) if error.is_data() && error.to_string().starts_with("duplicate field") => {
            let value: serde_json::Value = serde_json::from_slice(body)?;
            T::deserialize(value).map_err(|_| error)
        }
        other => other,
    }
}

/// Reads a string enum from its text, borrowing it: a known value allocates nothing
/// (only an unknown one keeps its text), which counts in responses that hold many
/// enum values and enum-keyed maps.
pub fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct Text<T>(std::marker::PhantomData<fn() -> T>);

    impl<'de, T: for<'a> From<&'a str> + From<String>> ::serde::de::Visitor<'de> for Text<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(Text(std::marker::PhantomData))
}

/// Deserializes a `T`, reading JSON `null` as `T::default()`.
///
/// Use as `#[serde(default, deserialize_with =
/// "::aws_client_runtime::serde::null_as_default")]` so that a member that is
/// absent or `null` reads as its default value.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    #[derive(Debug, PartialEq, ::serde::Deserialize)]
    struct Named {
        name: String,
        #[serde(default)]
        size: i64,
    }

    #[test]
    fn duplicate_members_keep_the_last_value() {
        let named: Named = super::from_slice(br#"{"name":"a","size":1,"name":"b"}"#).unwrap();
        assert_eq!(named, Named { name: "b".into(), size: 1 });
        let nested: Vec<Named> = super::from_slice(br#"[{"name":"x"},{"name":"y","name":"z"}]"#).unwrap();
        assert_eq!(nested[1].name, "z");
        // Other errors are reported as before, with their position.
        let err = super::from_slice::<Named>(br#"{"name":1}"#).unwrap_err();
        assert!(err.to_string().starts_with("invalid type"), "{err}");
        let err = super::from_slice::<Named>(br#"{"name":"a","name":2}"#).unwrap_err();
        assert!(err.to_string().starts_with("duplicate field"), "{err}");
    }

    #[derive(Debug, PartialEq, ::serde::Deserialize)]
    struct S {
        #[serde(default, deserialize_with = "crate::serde::null_as_default")]
        n: i32,
        #[serde(default, deserialize_with = "crate::serde::null_as_default")]
        list: Vec<String>,
        #[serde(default, deserialize_with = "crate::serde::null_as_default")]
        map: HashMap<String, bool>,
        #[serde(default, deserialize_with = "crate::serde::null_as_default")]
        flag: bool,
    }

    #[test]
    fn null_as_default() {
        let empty = S { n: 0, list: vec![], map: HashMap::new(), flag: false };
        let s: S = serde_json::from_str(r#"{"n":null,"list":null,"map":null,"flag":null}"#).unwrap();
        assert_eq!(s, empty);
        let s: S = serde_json::from_str("{}").unwrap();
        assert_eq!(s, empty);
        let s: S = serde_json::from_str(r#"{"n":3,"list":["a"],"map":{"k":true},"flag":true}"#).unwrap();
        assert_eq!(s, S { n: 3, list: vec!["a".into()], map: HashMap::from([("k".into(), true)]), flag: true });
        assert!(serde_json::from_str::<S>(r#"{"n":"3"}"#).is_err());
    }

    /// A string enum as generated code has it: known values, and unknown text kept.
    #[derive(Debug, PartialEq, Eq, Hash)]
    enum Severity {
        High,
        Unknown(String),
    }

    impl From<&str> for Severity {
        fn from(value: &str) -> Self {
            if value == "HIGH" { Severity::High } else { Severity::Unknown(value.to_owned()) }
        }
    }

    impl From<String> for Severity {
        fn from(value: String) -> Self {
            Severity::from(value.as_str())
        }
    }

    impl<'de> ::serde::Deserialize<'de> for Severity {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::string_enum(deserializer)
        }
    }

    #[test]
    fn string_enums_read_known_and_unknown_text_values_and_map_keys() {
        let values: Vec<Severity> = serde_json::from_str(r#"["HIGH", "NEW\u0041"]"#).unwrap();
        assert_eq!(values, [Severity::High, Severity::Unknown("NEWA".to_owned())]);
        let counts: HashMap<Severity, i32> = serde_json::from_str(r#"{"HIGH": 2, "OTHER": 1}"#).unwrap();
        assert_eq!(counts[&Severity::High], 2);
        assert_eq!(counts[&Severity::Unknown("OTHER".to_owned())], 1);
        let error = serde_json::from_str::<Severity>("3").unwrap_err().to_string();
        assert!(error.contains("expected a string"), "{error}");
    }
}
