//! Every input's JSON skeleton reads back with `from_json` and writes back to itself,
//! on the protocol suite's shapes: recursion, unions, maps and lists of every kind,
//! timestamps in three formats, blobs, documents, enums and int enums. The serde form
//! (the crate's `serde` feature) and the generated JSON form agree on every one.
#![cfg(feature = "serde")]

use awsjson11_model::operation;
use serde_json::Value;

macro_rules! check {
    ($($path:tt)*) => {{
        let skeleton = operation::$($path)*::json_skeleton();
        let input = operation::$($path)*::from_json(skeleton).unwrap_or_else(|e| panic!("{e}\n{skeleton}"));
        let document: Value = serde_json::from_str(skeleton).unwrap();
        assert_eq!(serde_json::to_value(&input).unwrap(), document, "{}", stringify!($($path)*));
        assert_eq!(aws_client_runtime::json::to_value(&input).unwrap(), document, "{}", stringify!($($path)*));
        assert_eq!(aws_client_runtime::json::from_value(&document), Ok(input), "{}", stringify!($($path)*));
    }};
}

#[test]
fn every_skeleton_reads_back_and_writes_itself() {
    check!(datetime_offsets::DatetimeOffsetsInput);
    check!(empty_operation::EmptyOperationInput);
    check!(endpoint_operation::EndpointOperationInput);
    check!(endpoint_with_host_label_operation::EndpointWithHostLabelOperationInput);
    check!(fractional_seconds::FractionalSecondsInput);
    check!(greeting_with_errors::GreetingWithErrorsInput);
    check!(host_with_path_operation::HostWithPathOperationInput);
    check!(json_enums::JsonEnumsInput);
    check!(json_int_enums::JsonIntEnumsInput);
    check!(json_unions::JsonUnionsInput);
    check!(kitchen_sink_operation::KitchenSinkOperationInput);
    check!(null_operation::NullOperationInput);
    check!(operation_with_optional_input_output::OperationWithOptionalInputOutputInput);
    check!(put_and_get_inline_documents::PutAndGetInlineDocumentsInput);
    check!(put_with_content_encoding::PutWithContentEncodingInput);
    check!(simple_scalar_properties::SimpleScalarPropertiesInput);
}

#[test]
fn a_recursive_structure_is_expanded_once() {
    let skeleton: Value =
        serde_json::from_str(operation::kitchen_sink_operation::KitchenSinkOperationInput::json_skeleton()).unwrap();
    let nested = &skeleton["RecursiveStruct"];
    assert_eq!(nested["String"], "string");
    assert_eq!(nested["RecursiveStruct"], serde_json::json!({}));
    assert_eq!(nested["RecursiveList"], serde_json::json!([{}]));
    assert_eq!(skeleton["Iso8601Timestamp"], "1970-01-01T00:00:00Z");
    assert_eq!(skeleton["HttpdateTimestamp"], "Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(skeleton["UnixTimestamp"], 0);
    assert_eq!(skeleton["Blob"], "YmxvYg==");
}
