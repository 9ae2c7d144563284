//! Waiters (`smithy.waiters#waitable`), with acceptor paths compiled from JMESPath
//! into typed expressions over the operation's input and output.

use super::{Docs, RustType};

/// One waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// Name in the model (`ImageScanComplete`).
    pub name: String,
    /// Client method (`wait_until_image_scan_complete`).
    pub method: String,
    /// Snake-case name (`image_scan_complete`): its module and command-line word.
    pub word: String,
    /// Its builder type (`ImageScanCompleteWaiter`).
    pub type_name: String,
    /// The operation it polls: its model name and module.
    pub operation: String,
    /// The operation's module (`describe_image_scan_findings`).
    pub operation_module: String,
    /// Documentation.
    pub docs: Docs,
    /// Whether the model deprecates it.
    pub deprecated: bool,
    /// `minDelay` in seconds.
    pub min_delay: u64,
    /// `maxDelay` in seconds.
    pub max_delay: u64,
    /// Acceptors in order.
    pub acceptors: Vec<Acceptor>,
    /// The model's definition of the waiter, as JSON, for the documentation.
    pub source: String,
}

/// An acceptor: when its matcher matches, the waiter moves to its state.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// `success`, `failure` or `retry`.
    pub state: AcceptorState,
    /// What it matches.
    pub matcher: Matcher,
}

/// The state an acceptor moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Stop: the waiter succeeded.
    Success,
    /// Stop: the waiter failed.
    Failure,
    /// Poll again.
    Retry,
}

/// An acceptor's matcher.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// A path into the output (`output`) or into `{input, output}` (`inputOutput`)
    /// compared with `expected`.
    Path {
        /// The compiled path.
        path: Path,
        /// How to compare.
        comparator: Comparator,
        /// The expected value (`"true"`/`"false"` for booleans).
        expected: String,
        /// Whether the root is `{input, output}`.
        input_output: bool,
    },
    /// `success: true` (the call succeeded) or `false` (it failed).
    Success(bool),
    /// The call failed with this error code.
    ErrorType(String),
}

/// Comparators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The string at the path equals the expected one.
    StringEquals,
    /// The boolean at the path equals the expected one.
    BooleanEquals,
    /// Every string of a non-empty projection equals the expected one.
    AllStringEquals,
    /// Some string of a projection equals the expected one.
    AnyStringEquals,
}

/// A typed JMESPath expression: what it is, its value type, and whether it yields
/// many values (a projection) or at most one.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The node.
    pub kind: PathKind,
    /// The type of each value.
    pub ty: ValueKind,
    /// Whether it is a projection (a list of values with nulls dropped).
    pub many: bool,
}

/// The type of a value a path yields.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A structure (or union), by where its members are found.
    Struct(StructRef),
    /// A list of elements stored as `element`.
    List {
        /// The element type as stored.
        element: RustType,
        /// Whether elements are `Option`s.
        sparse: bool,
    },
    /// A map with values stored as `value`.
    Map,
    /// A string or a string enum.
    Str,
    /// A boolean.
    Bool,
    /// A number (compared as `f64`).
    Num,
    /// The `{input, output}` root of an `inputOutput` matcher.
    InputOutput,
    /// `null`.
    Null,
}

/// Where a structure's members are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructRef {
    /// The operation's input.
    Input,
    /// The operation's output.
    Output,
    /// A named structure in `types`.
    Named(String),
}

/// The nodes of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathKind {
    /// The root (`output`, or the `{input, output}` pair).
    Root,
    /// The current element inside a projection or filter.
    Current,
    /// `input` or `output` of the `{input, output}` root.
    RootPart(StructRef),
    /// A member of a structure.
    Field {
        /// The structure.
        base: Box<Path>,
        /// Rust field.
        field: String,
        /// Whether it is an `Option`.
        optional: bool,
        /// Whether it is boxed.
        boxed: bool,
        /// Its Rust type.
        stored: RustType,
    },
    /// `list[n]`.
    Index(Box<Path>, i64),
    /// `list[*].rest`, `list[].rest` (`flatten`), or `list[?condition].rest`.
    Project {
        /// The list (or, for `[]`, a projection of lists).
        base: Box<Path>,
        /// `[?condition]`, on each element.
        condition: Option<Box<Path>>,
        /// What is taken of each element.
        rest: Box<Path>,
    },
    /// `length(x)`.
    Length(Box<Path>),
    /// `contains(subject, search)`.
    Contains(Box<Path>, Box<Path>),
    /// `keys(map)`.
    Keys(Box<Path>),
    /// A comparison.
    Compare(crate::smithy::jmespath::Comparison, Box<Path>, Box<Path>),
    /// `a && b` (as booleans).
    And(Box<Path>, Box<Path>),
    /// `a || b` (as booleans).
    Or(Box<Path>, Box<Path>),
    /// `!a`.
    Not(Box<Path>),
    /// A string literal.
    Str(String),
    /// A number literal.
    Num(f64),
    /// A boolean literal.
    Bool(bool),
    /// `null`.
    Null,
}
