//! Container plumbing shared by the `timestamp` and `float` helpers.
//!
//! A [`Codec`] says how to (de)serialize one leaf value; the functions here
//! lift it over `Option`, `Vec` and `HashMap`, so each public helper trait
//! only has to forward to them.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

use ::serde::Deserialize;
use ::serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use ::serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// How to (de)serialize values of type `T` in some wire representation.
pub(crate) trait Codec<T>: Copy {
    fn ser<S: Serializer>(self, value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    fn de<'de, D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error>;
    /// Whether `T` itself reads JSON `null` (an `Option`, the item of a `@sparse`
    /// collection). Items of other collections that are `null` are dropped, as
    /// AWS SDKs drop them, instead of failing the whole response.
    fn keeps_null(self) -> bool;
}

/// `value` viewed through `codec`, as a `Serialize`.
struct With<'a, T, C>(&'a T, C);

impl<T, C: Codec<T>> Serialize for With<'_, T, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.1.ser(self.0, serializer)
    }
}

/// Deserializes a collection item through `codec`: `None` for a `null` the item type
/// does not read itself (the caller drops it).
struct ItemSeed<T, C>(C, PhantomData<fn() -> T>);

impl<'de, T, C: Codec<T>> DeserializeSeed<'de> for ItemSeed<T, C> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        if self.0.keeps_null() { self.0.de(deserializer).map(Some) } else { de_option(self.0, deserializer) }
    }
}

pub(crate) fn ser_option<T, C: Codec<T>, S: Serializer>(
    codec: C,
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_some(&With(v, codec)),
        None => serializer.serialize_none(),
    }
}

pub(crate) fn de_option<'de, T, C: Codec<T>, D: Deserializer<'de>>(
    codec: C,
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    struct V<T, C>(C, PhantomData<fn() -> T>);

    impl<'de, T, C: Codec<T>> Visitor<'de> for V<T, C> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an optional value")
        }

        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            self.0.de(d).map(Some)
        }
    }

    deserializer.deserialize_option(V(codec, PhantomData))
}

pub(crate) fn ser_seq<T, C: Codec<T>, S: Serializer>(codec: C, values: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(values.len()))?;
    for v in values {
        seq.serialize_element(&With(v, codec))?;
    }
    seq.end()
}

pub(crate) fn de_vec<'de, T, C: Codec<T>, D: Deserializer<'de>>(codec: C, deserializer: D) -> Result<Vec<T>, D::Error> {
    struct V<T, C>(C, PhantomData<fn() -> T>);

    impl<'de, T, C: Codec<T>> Visitor<'de> for V<T, C> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // Cap the pre-allocation: the hint comes from untrusted input.
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(v) = seq.next_element_seed(ItemSeed(self.0, PhantomData))? {
                out.extend(v);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_seq(V(codec, PhantomData))
}

pub(crate) fn ser_map<K, T, H, C, S>(codec: C, values: &HashMap<K, T, H>, serializer: S) -> Result<S::Ok, S::Error>
where
    K: Serialize,
    C: Codec<T>,
    S: Serializer,
{
    let mut map = serializer.serialize_map(Some(values.len()))?;
    for (k, v) in values {
        map.serialize_entry(k, &With(v, codec))?;
    }
    map.end()
}

pub(crate) fn de_map<'de, K, T, H, C, D>(codec: C, deserializer: D) -> Result<HashMap<K, T, H>, D::Error>
where
    K: Deserialize<'de> + Eq + Hash,
    H: BuildHasher + Default,
    C: Codec<T>,
    D: Deserializer<'de>,
{
    type Marker<K, T, H> = PhantomData<fn() -> (K, T, H)>;
    struct V<K, T, H, C>(C, Marker<K, T, H>);

    impl<'de, K, T, H, C> Visitor<'de> for V<K, T, H, C>
    where
        K: Deserialize<'de> + Eq + Hash,
        H: BuildHasher + Default,
        C: Codec<T>,
    {
        type Value = HashMap<K, T, H>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let capacity = map.size_hint().unwrap_or(0).min(4096);
            let mut out = HashMap::with_capacity_and_hasher(capacity, H::default());
            while let Some(k) = map.next_key()? {
                if let Some(v) = map.next_value_seed(ItemSeed(self.0, PhantomData))? {
                    out.insert(k, v);
                }
            }
            Ok(out)
        }
    }

    deserializer.deserialize_map(V(codec, PhantomData))
}
