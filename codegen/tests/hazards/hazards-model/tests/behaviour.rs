//! Behaviour of the crate generated from the hazards model: each test pins one hazard
//! that real AWS models contain (names that shadow std, keyword members, enum values
//! unlike their names, recursion, unions, timestamp formats, sensitive data, defaults).

#![allow(deprecated)]

use aws_client_runtime::json;
use hazards_model::error::{BadThing, ThrottledError};
use hazards_model::operation::describe_widget::DescribeWidgetOutput;
use hazards_model::operation::get_thing::{GetThingInput, GetThingOutput};
use hazards_model::operation::ping::{PingInput, PingOutput};
use hazards_model::types::{Choice, Defaults, Level, Numbers, Secret, Status, Tag, Times, Tree};
use hazards_model::{BuildError, DateTime};
use serde_json::{Value, json};

/// The JSON form of `value` as text.
fn text<T: json::WriteJson>(value: &T) -> String {
    String::from_utf8(json::to_vec(value).unwrap()).unwrap()
}

fn round_trip<T: json::WriteJson + json::ReadJson>(value: Value) -> T {
    let parsed: T = json::from_value(&value.clone()).expect("parses");
    assert_eq!(json::to_value(&parsed).unwrap(), value, "serializes back to the same JSON");
    parsed
}

#[test]
fn shapes_named_like_std_items_do_not_shadow_them() {
    let string = hazards_model::types::String::builder().key("k").r#type("t").value("v").build().unwrap();
    assert_eq!(json::to_value(&string).unwrap(), json!({"Key": "k", "type": "t", "Value": "v"}));
    let option: hazards_model::types::Option = json::from_value(&json!({"result": {"vec": ["a"]}})).unwrap();
    assert_eq!(option.result().unwrap().vec(), ["a"]);
    let url = hazards_model::types::Url::builder().href("https://example.com").build();
    assert_eq!(url.href(), Some("https://example.com"));
}

#[test]
fn a_real_unknown_member_moves_the_catch_all_aside() {
    assert_eq!(Status::Unknown.as_str(), "UNKNOWN");
    assert_eq!(Status::from("UNKNOWN"), Status::Unknown);
    assert_eq!(Status::from("brand-new"), Status::UnknownValue("brand-new".to_owned()));
    assert_eq!(Status::EcrPublic.as_str(), "ecr-public");
    assert_eq!(Status::Self_.as_str(), "self");
    assert_eq!(Status::Active.to_string(), "active");
    // Variants (and so values) are ordered by member name, whatever the JSON key order.
    assert_eq!(Status::values(), ["active", "ecr-public", "self", "UNKNOWN"]);
}

#[test]
fn int_enums_keep_unknown_values() {
    assert_eq!(round_trip::<Level>(json!(10)), Level::High);
    assert_eq!(round_trip::<Level>(json!(5)), Level::Unknown(5));
    assert_eq!(Level::Low.as_i32(), 1);
    assert_eq!(Level::values(), [10, 1]);
}

#[test]
fn unions_read_one_member_and_keep_unknown_ones() {
    assert_eq!(round_trip::<Choice>(json!({"name": "x"})), Choice::Name("x".to_owned()));
    assert_eq!(
        round_trip::<Choice>(json!({"at": "2020-01-01T00:00:00Z"})),
        Choice::At(DateTime::from_secs(1_577_836_800))
    );
    assert_eq!(round_trip::<Choice>(json!({"nothing": {}})), Choice::Nothing);
    let nested = round_trip::<Choice>(json!({"again": {"nested": [{"name": "deep"}]}}));
    assert_eq!(nested.as_again().unwrap().as_nested().unwrap()[0], Choice::Name("deep".to_owned()));
    // Null members are not set; `__type` and unknown members are not errors.
    let choice: Choice = json::from_value(&json!({"name": null, "at": "2020-01-01T00:00:00Z", "__type": "x"})).unwrap();
    assert!(choice.is_at());
    let newer: Choice = json::from_value(&json!({"addedLater": 1})).unwrap();
    assert!(newer.is_unknown());
    let error = json::to_vec(&newer).unwrap_err().to_string();
    assert!(error.contains("the `Unknown` variant of union `Choice` cannot be written"), "{error}");
    let error = json::from_value::<Choice>(&json!({"name": "a", "nothing": {}})).unwrap_err().to_string();
    assert!(error.contains("more than one member set in union `Choice`"), "{error}");
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let secret = Secret::builder().user("alice").password("hunter2").build();
    let shown = format!("{secret:?}");
    assert!(shown.contains("alice") && !shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("*** Sensitive Data Redacted ***"), "{shown}");
    let builder = format!("{:?}", Secret::builder().password("hunter2"));
    assert!(!builder.contains("hunter2"), "{builder}");
    assert_eq!(secret.password(), Some("hunter2"), "the value itself is intact");
}

#[test]
fn sensitive_elements_keys_and_values_are_redacted_in_debug() {
    // Each member reaches the sensitive `Password` (or a sensitive list member) only
    // through a collection: list elements, lists of lists, map values, map keys.
    let secret: Secret = json::from_value(&json!({
        "user": "alice",
        "passwords": ["in-a-list"],
        "nestedPasswords": [["in-a-nested-list"]],
        "vault": {"name": "as-a-map-value"},
        "byPassword": {"as-a-map-key": 1},
        "hints": ["a-sensitive-list-member"]
    }))
    .unwrap();
    for shown in [format!("{secret:?}"), format!("{secret:#?}")] {
        for value in ["in-a-list", "in-a-nested-list", "as-a-map-value", "as-a-map-key", "a-sensitive-list-member"] {
            assert!(!shown.contains(value), "`{value}` printed: {shown}");
        }
        assert!(shown.contains("alice"), "{shown}");
    }
    assert_eq!(secret.vault().and_then(|v| v.get("name")).map(String::as_str), Some("as-a-map-value"));
}

#[test]
fn timestamp_formats_follow_member_and_target_traits() {
    let times = round_trip::<Times>(json!({
        "epoch": 1398796238.5,
        "iso": "2014-04-29T18:30:38Z",
        "http": "Tue, 29 Apr 2014 18:30:38 GMT",
        "httpList": ["Tue, 29 Apr 2014 18:30:38 GMT"],
        "isoMap": {"a": "2014-04-29T18:30:38Z"}
    }));
    let at = DateTime::from_secs(1_398_796_238);
    assert_eq!(times.epoch(), Some(DateTime::from_millis(1_398_796_238_500)));
    assert_eq!((times.iso(), times.http()), (Some(at), Some(at)));
    assert_eq!(times.http_list(), [at]);
    assert_eq!(times.iso_map().unwrap()["a"], at);
}

#[test]
fn numbers_blobs_and_documents_use_their_wire_forms() {
    let numbers = round_trip::<Numbers>(json!({
        "byte": -8, "short": 300, "float": "NaN", "double": 1.5,
        "doubles": ["Infinity", "-Infinity", 2.0],
        "bigInteger": 12345678901234567i64, "blob": "aGVsbG8=", "document": {"any": ["json", 1]}
    }));
    assert_eq!((numbers.byte(), numbers.short()), (Some(-8), Some(300)));
    assert!(numbers.float().unwrap().is_nan());
    assert_eq!(numbers.doubles(), [f64::INFINITY, f64::NEG_INFINITY, 2.0]);
    assert_eq!(numbers.blob().unwrap().as_ref(), b"hello");
    assert_eq!(numbers.big_integer().unwrap().as_str(), "12345678901234567");
    assert_eq!(numbers.document().unwrap()["any"][1], 1);
}

#[test]
fn defaults_fill_missing_members_and_required_ones_read_as_zero() {
    let defaults: Defaults = json::from_value(&json!({})).unwrap();
    assert_eq!(defaults.count(), 42);
    assert_eq!(defaults.zero(), 0);
    assert_eq!(defaults.name(), "anonymous");
    assert_eq!(defaults.status(), &Status::Active);
    assert!(defaults.enabled());
    assert!(defaults.items().is_empty());
    assert_eq!(defaults.nullable(), None, "@default(null) stays optional");
    assert_eq!(defaults.optional_for_clients(), None, "@clientOptional beats @required");
    assert_eq!(defaults.must_have().key(), "", "a missing required structure reads as its zero value");
    assert_eq!(defaults.must_status(), &Status::UnknownValue(String::new()));
    // Non-optional members are always sent.
    let sent = json::to_value(&defaults).unwrap();
    assert_eq!(sent["count"], 42);
    assert_eq!(sent["mustHave"], json!({"Key": "", "Value": ""}));
}

#[test]
fn builders_apply_defaults_and_check_required_members() {
    let tag = Tag::builder().key("k").value("v").build().unwrap();
    let built = Defaults::builder().must_have(tag.clone()).must_status(Status::EcrPublic).build().unwrap();
    assert_eq!((built.count(), built.name(), built.enabled()), (42, "anonymous", true));
    let missing = Defaults::builder().must_status(Status::Active).build().unwrap_err();
    assert_eq!(missing, BuildError::missing_field("must_have", "Defaults"));
    let overridden = Defaults::builder().must_have(tag).must_status(Status::Active).count(7).build().unwrap();
    assert_eq!(overridden.count(), 7);
}

#[test]
fn sparse_collections_keep_nulls_and_maps_take_enum_keys() {
    let output = round_trip::<GetThingOutput>(json!({
        "sparse": ["a", null],
        "sparseMap": {"x": 1, "y": null},
        "byStatus": {"active": 3, "later": 4}
    }));
    assert_eq!(output.sparse(), [Some("a".to_owned()), None]);
    assert_eq!(output.sparse_map().unwrap()["y"], None);
    let by_status = output.by_status().unwrap();
    assert_eq!(by_status[&Status::Active], 3);
    assert_eq!(by_status[&Status::from("later")], 4);
}

#[test]
fn recursive_structures_nest() {
    let tree = round_trip::<Tree>(json!({"label": "root", "left": {"label": "l", "left": {"label": "ll"}},
        "children": [{"label": "c", "children": []}]}));
    assert_eq!(tree.left().unwrap().left().unwrap().label(), Some("ll"));
    assert_eq!(tree.children()[0].label(), Some("c"));
    let output: DescribeWidgetOutput = json::from_value(&json!({"widget": {"label": "w"}})).unwrap();
    assert_eq!(output.widget().unwrap().label(), Some("w"));
}

#[test]
fn errors_carry_their_message_and_model_facts() {
    let bad: BadThing = json::from_value(&json!({"message": "lower-case key", "reason": "r"})).unwrap();
    assert_eq!(bad.to_string(), "BadThing: lower-case key");
    let bad: BadThing = json::from_value(&json!({"Message": "upper-case key"})).unwrap();
    assert_eq!(bad.message(), Some("upper-case key"));
    assert_eq!(BadThing::HTTP_STATUS, Some(400));
    let facts = |server, retryable, throttling| (server, retryable, throttling);
    assert_eq!(facts(BadThing::IS_SERVER_FAULT, BadThing::RETRYABLE, BadThing::THROTTLING), (false, false, false));
    assert_eq!(
        facts(ThrottledError::IS_SERVER_FAULT, ThrottledError::RETRYABLE, ThrottledError::THROTTLING),
        (true, true, true)
    );
    let error: &dyn std::error::Error = &ThrottledError::builder().message("slow down").build();
    assert_eq!(error.to_string(), "ThrottledError: slow down");
}

#[test]
fn input_members_are_optional_and_keywords_are_escaped() {
    let empty = GetThingInput::builder().build();
    assert_eq!(text(&empty), "{}", "absent options are omitted");
    let input = GetThingInput::builder()
        .r#type("t")
        .self_("me")
        .r#async(true)
        .when(DateTime::from_secs(1_398_796_238))
        .set_region(Some("us-east-1".to_owned()))
        .build();
    assert_eq!(input.r#type(), Some("t"));
    assert_eq!(input.r#async(), Some(true));
    assert_eq!(input.self_(), Some("me"));
    assert_eq!(
        json::to_value(&input).unwrap(),
        json!({"type": "t", "self": "me", "async": true, "region": "us-east-1", "when": "Tue, 29 Apr 2014 18:30:38 GMT"})
    );
}

#[test]
fn operations_without_input_or_output_have_empty_structures() {
    assert_eq!(text(&PingInput::builder().build()), "{}");
    let _: PingOutput = json::from_slice("{}".as_bytes()).unwrap();
    let _: PingOutput = json::from_slice(r#"{"unexpected": true}"#.as_bytes()).unwrap();
    assert_eq!(hazards_model::operation::ping::OPERATION_NAME, "Ping");
}

#[test]
fn null_items_are_dropped_at_every_depth_of_a_collection() {
    let secret: Secret = json::from_value(&json!({
        "passwords": ["a", null, "b"],
        "nestedPasswords": [null, ["c", null], [null], null, ["d"]]
    }))
    .unwrap();
    assert_eq!(secret.passwords, Some(vec!["a".to_owned(), "b".to_owned()]));
    let nested = secret.nested_passwords.unwrap();
    assert_eq!(nested, vec![vec!["c".to_owned()], vec![], vec!["d".to_owned()]]);
}
