//! Resolved `smithy.api#examples` and `smithy.test#smokeTests`: values already typed
//! against the shapes they fill, so emitters only spell them.

use super::{RustType, TimestampFormat, TypePath};

/// One `@examples` entry of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The example's title, as written in the model.
    pub title: String,
    /// Its documentation (Markdown); empty when the model has none.
    pub docs: String,
    /// Name of its generated test function, unique within the operation.
    pub test_name: String,
    /// The input, built through the input structure's builder.
    pub input: StructValue,
    /// What the call is expected to return, if the example says.
    pub outcome: Option<ExampleOutcome>,
}

/// What an example's call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleOutcome {
    /// The output structure.
    Output(StructValue),
    /// One of the operation's modeled errors.
    Error(StructValue),
}

/// One `smithy.test#smokeTests` case of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct SmokeTest {
    /// The case's id in the model.
    pub id: String,
    /// Name of its generated test function, unique within the service.
    pub test_name: String,
    /// The input parameters.
    pub input: StructValue,
    /// The region from the case's vendor parameters, if it names one.
    pub region: Option<String>,
    /// What the call must end in.
    pub expect: SmokeExpectation,
}

/// The expectation of a smoke test.
#[derive(Debug, Clone, PartialEq)]
pub enum SmokeExpectation {
    /// The call succeeds.
    Success,
    /// The service answers with an error; when `error` is set, with that modeled error.
    Failure {
        /// The modeled error expected, if the case names one.
        error: Option<TypePath>,
    },
}

/// A structure value: which type, whether its builder can fail, and the members set.
#[derive(Debug, Clone, PartialEq)]
pub struct StructValue {
    /// The structure (an operation input or output lives in `operation::<op>`).
    pub path: TypePath,
    /// Whether `build()` returns a `Result` (some member is required without default).
    pub fallible: bool,
    /// Members given a value, in model order.
    pub fields: Vec<FieldValue>,
}

/// One member of a structure value.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue {
    /// Field and setter name (`r#type`).
    pub field: String,
    /// The unescaped word, for `set_` names.
    pub word: String,
    /// The key on the wire.
    pub wire_name: String,
    /// Whether the member travels in the JSON body (and so in the type's serde form);
    /// members bound to the URI, headers or status are written by the protocol's code.
    pub in_body: bool,
    /// The value.
    pub value: ExampleValue,
}

/// A value typed against its shape.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleValue {
    /// `null` inside a sparse collection.
    Null,
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// An integer of the given type (`Byte`, `Short`, `Integer` or `Long`).
    Int(RustType, i64),
    /// A float or double (`Float` or `Double`), possibly non-finite.
    Float(RustType, f64),
    /// A big integer or decimal, as its decimal text.
    BigNumber(RustType, String),
    /// A timestamp as epoch seconds and nanoseconds, with the member's wire format.
    Timestamp {
        /// Whole seconds since the epoch.
        secs: i64,
        /// Nanoseconds within the second.
        nanos: u32,
        /// How the member travels.
        format: TimestampFormat,
    },
    /// Blob bytes.
    Blob(Vec<u8>),
    /// A document, as compact JSON text.
    Document(String),
    /// A list; `element` is its element type.
    List {
        /// Element type.
        element: RustType,
        /// Whether elements are `Option`s.
        sparse: bool,
        /// The elements.
        items: Vec<ExampleValue>,
    },
    /// A map, entries in the model's order.
    Map {
        /// Key type.
        key: RustType,
        /// Value type.
        value: RustType,
        /// Whether values are `Option`s.
        sparse: bool,
        /// The entries.
        entries: Vec<(ExampleValue, ExampleValue)>,
    },
    /// A structure.
    Struct(StructValue),
    /// A string enum value: the variant when the value is known.
    Enum {
        /// The enum.
        path: TypePath,
        /// Rust variant name.
        variant: String,
        /// Text on the wire.
        value: String,
    },
    /// An integer enum value.
    IntEnum {
        /// The enum.
        path: TypePath,
        /// Rust variant name.
        variant: String,
        /// Value on the wire.
        value: i32,
    },
    /// A union value.
    Union {
        /// The union.
        path: TypePath,
        /// Rust variant name.
        variant: String,
        /// Key on the wire.
        wire_name: String,
        /// The member's value; `None` for a unit member.
        value: Option<Box<ExampleValue>>,
        /// Whether the variant holds its value in a `Box`.
        boxed: bool,
    },
}
