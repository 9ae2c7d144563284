//! Lists and maps read the way AWS SDKs read them: a `null` item of a list, or a
//! `null` value in a map, is dropped instead of failing the whole response.
//!
//! For members whose items use their type's own `Deserialize` (members needing a
//! `with` module get the same treatment from [`timestamp`](super::timestamp) and
//! [`float`](super::float)). `@sparse` collections keep their `null`s as `None` and
//! do not use these helpers. Only the outer collection drops `null`s: a list nested
//! in a list reads its items with their own `Deserialize`.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

use ::serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::ZeroValue;

/// A collection whose `null` items are dropped when it is read: `Vec<T>` and
/// `HashMap<K, V, H>`.
pub trait Items<'de>: Sized {
    /// Reads the collection, dropping `null` items.
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<'de, T: Deserialize<'de>> Items<'de> for Vec<T> {
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<fn() -> T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // Cap the pre-allocation: the hint comes from untrusted input.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element::<Option<T>>()? {
                    out.extend(item);
                }
                Ok(out)
            }
        }

        deserializer.deserialize_seq(V(PhantomData))
    }
}

impl<'de, K, V, H> Items<'de> for HashMap<K, V, H>
where
    K: Deserialize<'de> + Eq + Hash,
    V: Deserialize<'de>,
    H: BuildHasher + Default,
{
    fn deserialize_items<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        type Marker<K, V, H> = PhantomData<fn() -> (K, V, H)>;
        struct M<K, V, H>(Marker<K, V, H>);

        impl<'de, K, V, H> Visitor<'de> for M<K, V, H>
        where
            K: Deserialize<'de> + Eq + Hash,
            V: Deserialize<'de>,
            H: BuildHasher + Default,
        {
            type Value = HashMap<K, V, H>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let capacity = map.size_hint().unwrap_or(0).min(4096);
                let mut out = HashMap::with_capacity_and_hasher(capacity, H::default());
                // A key sent twice keeps its last value, as a JSON object read into a
                // dictionary does.
                while let Some(key) = map.next_key()? {
                    if let Some(value) = map.next_value::<Option<V>>()? {
                        out.insert(key, value);
                    }
                }
                Ok(out)
            }
        }

        deserializer.deserialize_map(M(PhantomData))
    }
}

/// `T` read through [`Items`], as a `Deserialize`.
struct ReadItems<T>(T);

impl<'de, T: Items<'de>> Deserialize<'de> for ReadItems<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_items(deserializer).map(ReadItems)
    }
}

/// An optional list or map member: `null` reads as `None`, `null` items are dropped.
/// For `#[serde(default, deserialize_with = "::aws_client_runtime::serde::items::optional")]`.
pub fn optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Items<'de>,
{
    Ok(Option::<ReadItems<T>>::deserialize(deserializer)?.map(|items| items.0))
}

/// A list or map member that is not optional: `null` reads as the empty collection
/// (as an absent member reads), `null` items are dropped. For
/// `#[serde(default = "...", deserialize_with = "::aws_client_runtime::serde::items::null_as_zero")]`.
pub fn null_as_zero<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Items<'de> + ZeroValue,
{
    Ok(optional(deserializer)?.unwrap_or_else(T::zero))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use ::serde::Deserialize;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct S {
        #[serde(default, deserialize_with = "super::optional")]
        list: Option<Vec<String>>,
        #[serde(default, deserialize_with = "super::optional")]
        map: Option<HashMap<String, i32>>,
        #[serde(default = "crate::serde::zero", deserialize_with = "super::null_as_zero")]
        required: Vec<i64>,
    }

    #[test]
    fn null_items_are_dropped_and_null_collections_are_absent() {
        let s: S =
            serde_json::from_str(r#"{"list":["a",null,"b"],"map":{"x":1,"y":null,"x":3},"required":[null,7,null]}"#)
                .unwrap();
        assert_eq!(s.list, Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(s.map, Some(HashMap::from([("x".to_owned(), 3)])));
        assert_eq!(s.required, vec![7]);
        let s: S = serde_json::from_str(r#"{"list":null,"map":null,"required":null}"#).unwrap();
        assert_eq!(s, S::default());
        assert_eq!(serde_json::from_str::<S>("{}").unwrap(), S::default());
        // A value of the wrong type is still an error.
        assert!(serde_json::from_str::<S>(r#"{"list":["a",1]}"#).is_err());
        assert!(serde_json::from_str::<S>(r#"{"map":[]}"#).is_err());
    }
}
