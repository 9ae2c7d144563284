//! Tests for the timestamp `with` helpers, through `serde_json`.

use std::collections::HashMap;

use ::serde::{Deserialize, Serialize};
use serde_json::json;

use crate::DateTime;

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Shapes {
    #[serde(default, with = "crate::serde::timestamp::epoch_seconds")]
    epoch: Option<DateTime>,
    #[serde(default, with = "crate::serde::timestamp::date_time")]
    iso: Option<DateTime>,
    #[serde(default, with = "crate::serde::timestamp::http_date")]
    http_list: Option<Vec<DateTime>>,
    #[serde(default, with = "crate::serde::timestamp::date_time")]
    iso_map: HashMap<String, Vec<DateTime>>,
    #[serde(default, with = "crate::serde::timestamp::epoch_seconds")]
    epoch_list: Vec<Option<DateTime>>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Required {
    #[serde(with = "crate::serde::timestamp::http_date")]
    at: DateTime,
}

fn t(secs: i64, nanos: u32) -> DateTime {
    DateTime::from_secs_and_nanos(secs, nanos)
}

#[test]
fn serializes_each_format() {
    let shapes = Shapes {
        epoch: Some(t(1_398_796_238, 123_000_000)),
        iso: Some(t(1_398_796_238, 500_000_000)),
        http_list: Some(vec![t(1_398_796_238, 999_000_000), t(-1, 0)]),
        iso_map: HashMap::from([("k".to_owned(), vec![t(0, 0)])]),
        epoch_list: vec![Some(t(-2, 500_000_000)), None],
    };
    let value = serde_json::to_value(&shapes).unwrap();
    assert_eq!(
        value,
        json!({
            "epoch": 1398796238.123,
            "iso": "2014-04-29T18:30:38.5Z",
            "http_list": ["Tue, 29 Apr 2014 18:30:38 GMT", "Wed, 31 Dec 1969 23:59:59 GMT"],
            "iso_map": {"k": ["1970-01-01T00:00:00Z"]},
            "epoch_list": [-1.5, null],
        })
    );
    let text = serde_json::to_string(&Shapes { epoch: Some(t(1_398_796_238, 0)), ..Shapes::default() }).unwrap();
    assert_eq!(text, r#"{"epoch":1398796238,"iso":null,"http_list":null,"iso_map":{},"epoch_list":[]}"#);
}

#[test]
fn deserializes_each_format() {
    let shapes: Shapes = serde_json::from_str(
        r#"{
            "epoch": 1515531081.1234,
            "iso": "2019-12-17T00:48:18+01:00",
            "http_list": ["Tue, 29 Apr 2014 18:30:38.25 GMT"],
            "iso_map": {"a": ["1969-12-31T23:59:58.5Z"], "b": []},
            "epoch_list": [1, null, -1.5]
        }"#,
    )
    .unwrap();
    assert_eq!(
        shapes,
        Shapes {
            epoch: Some(t(1_515_531_081, 123_400_000)),
            iso: Some(t(1_576_540_098, 0)),
            http_list: Some(vec![t(1_398_796_238, 250_000_000)]),
            iso_map: HashMap::from([("a".to_owned(), vec![t(-2, 500_000_000)]), ("b".to_owned(), vec![]),]),
            epoch_list: vec![Some(t(1, 0)), None, Some(t(-2, 500_000_000))],
        }
    );
}

#[test]
fn nulls_and_absent_fields() {
    let shapes: Shapes = serde_json::from_str(r#"{"epoch":null,"iso":null,"http_list":null}"#).unwrap();
    assert_eq!(shapes, Shapes::default());
    let shapes: Shapes = serde_json::from_str("{}").unwrap();
    assert_eq!(shapes, Shapes::default());
    let shapes: Shapes = serde_json::from_value(json!({"http_list": []})).unwrap();
    assert_eq!(shapes.http_list, Some(vec![]));
}

#[test]
fn round_trip_through_value() {
    let shapes = Shapes {
        epoch: Some(t(-62_167_219_200, 1_000_000)),
        iso: Some(t(253_402_300_799, 999_999_999)),
        http_list: Some(vec![t(1_582_934_400, 0)]),
        iso_map: HashMap::from([("x".to_owned(), vec![t(1, 1), t(2, 2)])]),
        epoch_list: vec![None, Some(t(i64::MIN, 0))],
    };
    let value = serde_json::to_value(&shapes).unwrap();
    assert_eq!(serde_json::from_value::<Shapes>(value).unwrap(), shapes);
    let text = serde_json::to_string(&shapes).unwrap();
    assert_eq!(serde_json::from_str::<Shapes>(&text).unwrap(), shapes);
}

#[test]
fn required_member() {
    let r = Required { at: t(1_398_796_238, 0) };
    let text = serde_json::to_string(&r).unwrap();
    assert_eq!(text, r#"{"at":"Tue, 29 Apr 2014 18:30:38 GMT"}"#);
    assert_eq!(serde_json::from_str::<Required>(&text).unwrap(), r);
    assert!(serde_json::from_str::<Required>(r#"{"at":null}"#).is_err());
    assert!(serde_json::from_str::<Required>("{}").is_err());
}

#[test]
fn errors() {
    let err = |s: &str| serde_json::from_str::<Shapes>(s).unwrap_err().to_string();
    let e = err(r#"{"iso":"2019-02-29T00:00:00Z"}"#);
    assert!(e.contains("\"2019-02-29T00:00:00Z\""), "{e}");
    let e = err(r#"{"http_list":["Tue, 29 Apr 2014 18:30:38 UTC"]}"#);
    assert!(e.contains("http-date"), "{e}");
    let e = err(r#"{"iso":true}"#);
    assert!(e.contains("date-time"), "{e}");
    let e = err(r#"{"epoch":"last week"}"#);
    assert!(e.contains("epoch seconds"), "{e}");
    assert!(serde_json::from_str::<Shapes>(r#"{"iso_map":[]}"#).is_err());
    assert!(serde_json::from_str::<Shapes>(r#"{"epoch_list":{}}"#).is_err());
    assert!(serde_json::from_str::<Shapes>(r#"{"iso_map":{"k":"x"}}"#).is_err());
    // A year the text formats cannot express fails to serialize.
    let out_of_range = Required { at: DateTime::MAX };
    let e = serde_json::to_string(&out_of_range).unwrap_err().to_string();
    assert!(e.contains("0000..=9999"), "{e}");
}

#[test]
fn direct_calls_and_other_hashers() {
    use crate::serde::timestamp::{date_time, epoch_seconds};

    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::new(&mut out);
    date_time::serialize(&t(0, 0), &mut ser).unwrap();
    assert_eq!(out, br#""1970-01-01T00:00:00Z""#);

    type Map = HashMap<u32, DateTime, std::hash::BuildHasherDefault<std::hash::DefaultHasher>>;
    let mut de = serde_json::Deserializer::from_str(r#"{"7": 12}"#);
    let map: Map = epoch_seconds::deserialize(&mut de).unwrap();
    assert_eq!(map.get(&7), Some(&t(12, 0)));

    // Nested options: inner null is indistinguishable in JSON, so it's None.
    let mut de = serde_json::Deserializer::from_str("null");
    let v: Option<Option<DateTime>> = epoch_seconds::deserialize(&mut de).unwrap();
    assert_eq!(v, None);
}

#[test]
fn off_format_values_read_as_aws_sdks_read_them() {
    // Epoch seconds where the model says text, and text where it says epoch seconds.
    let read = |s: &str| serde_json::from_str::<Shapes>(s).unwrap();
    assert_eq!(read(r#"{"iso":1398796238}"#).iso, Some(t(1_398_796_238, 0)));
    assert_eq!(read(r#"{"iso":1398796238.5}"#).iso, Some(t(1_398_796_238, 500_000_000)));
    assert_eq!(read(r#"{"epoch":"1398796238"}"#).epoch, Some(t(1_398_796_238, 0)));
    assert_eq!(read(r#"{"epoch":"2014-04-29T18:30:38Z"}"#).epoch, Some(t(1_398_796_238, 0)));
}

#[test]
fn null_items_are_dropped_unless_sparse() {
    let s: Shapes = serde_json::from_str(
        r#"{"http_list":[null,"Tue, 29 Apr 2014 18:30:38 GMT",null],
            "iso_map":{"k":["1970-01-01T00:00:00Z",null],"gone":null},
            "epoch_list":[null,1]}"#,
    )
    .unwrap();
    assert_eq!(s.http_list, Some(vec![t(1_398_796_238, 0)]));
    assert_eq!(s.iso_map, HashMap::from([("k".to_owned(), vec![t(0, 0)])]));
    // `Vec<Option<_>>` is a `@sparse` list: its nulls are values.
    assert_eq!(s.epoch_list, vec![None, Some(t(1, 0))]);
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct NotOptional {
    #[serde(
        default = "crate::serde::zero",
        serialize_with = "crate::serde::timestamp::date_time::serialize",
        deserialize_with = "crate::serde::timestamp::date_time::deserialize_null_as_zero"
    )]
    at: DateTime,
    #[serde(
        default = "crate::serde::zero",
        serialize_with = "crate::serde::timestamp::epoch_seconds::serialize",
        deserialize_with = "crate::serde::timestamp::epoch_seconds::deserialize_null_as_zero"
    )]
    list: Vec<DateTime>,
}

#[test]
fn null_for_a_member_that_is_not_optional_reads_as_zero() {
    let zero = NotOptional { at: DateTime::UNIX_EPOCH, list: Vec::new() };
    assert_eq!(serde_json::from_str::<NotOptional>(r#"{"at":null,"list":null}"#).unwrap(), zero);
    assert_eq!(serde_json::from_str::<NotOptional>("{}").unwrap(), zero);
    let set = serde_json::from_str::<NotOptional>(r#"{"at":"1970-01-01T00:00:02Z","list":[null,3]}"#).unwrap();
    assert_eq!(set, NotOptional { at: t(2, 0), list: vec![t(3, 0)] });
    assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"at":"1970-01-01T00:00:02Z","list":[3]}"#);
}
