//! The resolved form: what the emitters read.
//!
//! Every name here is final Rust spelling, every honoured trait is a field, every
//! reference is a typed path. Emitters never look at raw JSON or trait ids.

pub mod constraints;
pub mod endpoint;
pub mod example;
pub mod pagination;
pub mod protocol;
pub mod regex;
pub mod waiter;

pub use protocol::{Auth, Binding, Location, PathSegment, Protocol, RequestLine, XmlLayout};

/// A service and everything reachable from it, ready to emit.
#[derive(Debug, Clone)]
pub struct Service {
    /// Absolute shape id of the service.
    pub shape_id: String,
    /// Shape name of the service (the awsJson target prefix).
    pub name: String,
    /// `aws.api#service` `sdkId`, or the shape name.
    pub sdk_id: String,
    /// The stem of the crate names and the command-line program (`dynamodb`,
    /// `code-build` for `Code Build`).
    pub crate_stem: String,
    /// Suffix of the service's `AWS_ENDPOINT_URL_<suffix>` variable and config key.
    pub env_suffix: String,
    /// The service's API version.
    pub version: String,
    /// `smithy.api#title`, if any.
    pub title: Option<String>,
    /// Wire protocol.
    pub protocol: Protocol,
    /// `aws.protocols#awsQueryCompatible`: error codes come from the `x-amzn-query-error`
    /// header (an error's `query_error` code), as the service's awsQuery clients saw them.
    pub query_compatible: bool,
    /// SigV4 signing name (`aws.auth#sigv4`), if the service is signed.
    pub signing_name: Option<String>,
    /// `aws.api#service` `endpointPrefix`, if any.
    pub endpoint_prefix: Option<String>,
    /// Service documentation (Markdown).
    pub docs: Docs,
    /// Operations, sorted by name. Skipped operations are listed in `warnings`.
    pub operations: Vec<Operation>,
    /// Data types (structures, enums, unions) in the `types` module, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Error structures in the `error` module, sorted by Rust name.
    pub errors: Vec<Structure>,
    /// Non-fatal findings, e.g. operations skipped because they stream.
    pub warnings: Vec<String>,
    /// The endpoint rules (the model's, or the conventional ones).
    pub endpoint: endpoint::EndpointRules,
}

/// Rustdoc Markdown lines (already converted from the model's HTML); empty when undocumented.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs(pub String);

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Name in the model (`BatchCheckLayerAvailability`); also the wire action.
    pub name: String,
    /// Method, path and target of its requests, and the success status.
    pub request_line: RequestLine,
    /// Whether its requests are signed.
    pub auth: Auth,
    /// The Rust names generated for it.
    pub names: OperationNames,
    /// Module and client method name (`batch_check_layer_availability`), escaped if needed.
    pub module: String,
    /// Input structure, always present (`<Op>Input`, empty for `smithy.api#Unit`).
    pub input: Structure,
    /// Output structure, always present (`<Op>Output`).
    pub output: Structure,
    /// Modeled errors (operation errors then service errors), sorted by Rust name.
    pub errors: Vec<TypePath>,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message, if deprecated.
    pub deprecated: Option<String>,
    /// `@endpoint(hostPrefix)`: text prepended to the endpoint host.
    pub host_prefix: Option<HostPrefix>,
    /// `@requestCompression`: the encodings the request body may be compressed with,
    /// those the runtime supports (`gzip`), in the model's order; empty when none.
    pub request_compression: Vec<String>,
    /// `@httpChecksumRequired`: requests carry the body's MD5 as `Content-MD5`.
    pub checksum_required: bool,
    /// `@unsignedPayload`: the signature covers `UNSIGNED-PAYLOAD` instead of the
    /// payload's hash (honoured for a `@streaming` payload, whose hash would cost a read
    /// of it before sending; other bodies are small and signed anyway).
    pub unsigned_payload: bool,
    /// Endpoint parameters the operation sets from constants or its input (set once the
    /// endpoint rules are known, in lowering).
    pub endpoint_bindings: Vec<endpoint::EndpointBinding>,
    /// How to page through it, if it is paginated (set by the whole-service paginator
    /// pass, which needs every type built).
    pub paginator: Option<pagination::Paginator>,
    /// Waiters that poll it, sorted by name (set by the whole-service waiter pass).
    pub waiters: Vec<waiter::Waiter>,
    /// `@examples`, typed against the shapes (those that do not fit are warnings); set by
    /// the last pass, which types them against the finished service.
    pub examples: Vec<example::Example>,
    /// `smithy.test#smokeTests`, typed against the input (set with the examples).
    pub smoke_tests: Vec<example::SmokeTest>,
}

/// An `@endpoint` host prefix, e.g. `{accountId}.data-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix {
    /// Literal text and labels, in order.
    pub parts: Vec<HostPrefixPart>,
}

/// A piece of a host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Literal text.
    Literal(String),
    /// The value of an input member (by field name and model name), validated as a host label.
    Label {
        /// Field of the input structure.
        field: String,
        /// Member name in the model.
        model_name: String,
    },
}

/// A named type in the `types` module.
#[derive(Debug, Clone)]
pub enum TypeDef {
    /// A structure.
    Structure(Structure),
    /// A string enum.
    Enum(Enum),
    /// An integer enum.
    IntEnum(IntEnum),
    /// A tagged union.
    Union(Union),
}

impl TypeDef {
    /// The snake-case stem of the type's derived names.
    pub fn word(&self) -> &str {
        match self {
            TypeDef::Structure(s) => &s.word,
            TypeDef::Enum(e) => &e.word,
            TypeDef::IntEnum(e) => &e.word,
            TypeDef::Union(u) => &u.word,
        }
    }

    /// The Rust name of the type.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Structure(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::IntEnum(e) => &e.name,
            TypeDef::Union(u) => &u.name,
        }
    }
}

/// Where a named type lives, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypePath {
    /// The module holding it.
    pub module: ModulePath,
    /// Its Rust name.
    pub name: String,
    /// What it is, which decides how it is built and defaulted.
    pub kind: TypeKind,
}

impl TypePath {
    /// The path in Rust (`crate::types::ImageDetail`), the one place the model crate's
    /// layout is spelled as text (`emit::tokens::type_path` spells it as tokens).
    pub fn rust_path(&self) -> String {
        match &self.module {
            ModulePath::Types => format!("crate::types::{}", self.name),
            ModulePath::Error => format!("crate::error::{}", self.name),
            ModulePath::Operation(module) => format!("crate::operation::{module}::{}", self.name),
        }
    }
}

/// A module of the generated model crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ModulePath {
    /// `crate::types`
    Types,
    /// `crate::error`
    Error,
    /// `crate::operation::<module>`
    Operation(String),
}

/// The kind of a named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeKind {
    /// A structure.
    Structure,
    /// A string enum.
    Enum,
    /// An integer enum.
    IntEnum,
    /// A union.
    Union,
}

/// A structure: plain data, an error, an operation input or an output.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Absolute shape id it came from (synthetic for a unit input or output).
    pub shape_id: String,
    /// Rust name.
    pub name: String,
    /// Snake-case form of the name, the stem of names derived from it: its file
    /// (`_<word>.rs`), an error's `is_<word>` check, constants.
    pub word: String,
    /// Its builder's Rust name (`<Name>Builder`).
    pub builder: String,
    /// Members, in the model's order.
    pub members: Vec<Member>,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message.
    pub deprecated: Option<String>,
    /// What role the structure plays.
    pub role: StructureRole,
    /// Whether some non-optional member elsewhere targets it, so it needs a zero value
    /// for error correction (set by the whole-service pass in `resolve/nullability.rs`).
    pub needs_zero: bool,
    /// Whether it or something it contains carries constraints checked before sending
    /// (set by the whole-service pass in `resolve/constraints.rs`).
    pub validated: bool,
}

/// The role of a structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructureRole {
    /// Plain data in `types`.
    Data,
    /// An operation input.
    Input,
    /// An operation output.
    Output,
    /// A modeled error.
    Error(ErrorInfo),
}

/// What an error shape says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// Error code on the wire: the shape name, or in awsQuery its `@awsQueryError` code
    /// when it has one.
    pub code: String,
    /// `client` or `server` fault.
    pub fault: Fault,
    /// `@httpError`, if any.
    pub http_status: Option<u16>,
    /// `@retryable`: `Some(throttling)` when retryable.
    pub retryable: Option<bool>,
    /// Index into `members` of the string member holding the message, if any (set once
    /// the members are built).
    pub message_member: Option<usize>,
    /// `@awsQueryError`: the code and HTTP status the error has in the query protocol
    /// (and in the `x-amzn-query-error` header of `@awsQueryCompatible` services).
    pub query_error: Option<(String, u16)>,
}

/// Who is at fault for an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The caller.
    Client,
    /// The service.
    Server,
}

/// A structure member.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member's name in the model.
    pub model_name: String,
    /// The name in the body document (`@jsonName` or `@xmlName` as the protocol
    /// reads names, else the model name).
    pub wire_name: String,
    /// Where the member travels.
    pub binding: Binding,
    /// How the value nests in XML and query forms (collections' item names, flattening).
    pub xml: XmlLayout,
    /// Field and accessor name, escaped (`r#type`).
    pub field: String,
    /// The unescaped snake-case word, for derived names (`set_type`).
    pub word: String,
    /// The Rust type of the value (without `Option`).
    pub ty: RustType,
    /// Whether the field is an `Option`, or has a value always.
    pub presence: Presence,
    /// `@required` in the model (checked before sending, even when the field is optional).
    pub required: bool,
    /// Whether the value is boxed to break a recursive containment cycle.
    pub boxed: bool,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message.
    pub deprecated: Option<String>,
    /// `@sensitive` on the member or its target: redacted in `Debug`.
    pub sensitive: bool,
    /// `@idempotencyToken`.
    pub idempotency_token: bool,
    /// `@mediaType` of the member's target string or blob: such a string travels in
    /// base64 in a header, and a payload is sent with it as `Content-Type`.
    pub media_type: Option<String>,
    /// `@length`, `@range`, `@pattern` on the member, its target and its elements.
    pub constraints: constraints::Constraints,
    /// Absolute id of the target shape.
    pub target: String,
}

/// Whether a member's field is optional.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `Option<T>`.
    Optional,
    /// Always present (`@required` without a default); when missing on the wire it is
    /// error-corrected to the zero value, and builders fail without it.
    Required,
    /// Always present with this model default; builders fill it in.
    Defaulted(DefaultExpr),
}

/// A default value, typed by its member.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultExpr {
    /// The type's zero value (`0`, `false`, `""`, empty collection).
    Zero,
    /// A boolean.
    Bool(bool),
    /// An integer of the member's integer type.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A string, or the wire text of an enum value.
    String(String),
    /// An int-enum value.
    IntEnum(i64),
    /// Epoch seconds.
    Timestamp(f64),
    /// Blob bytes.
    Blob(Vec<u8>),
    /// A document, as JSON text.
    Document(String),
}

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i8`
    Byte,
    /// `i16`
    Short,
    /// `i32`
    Integer,
    /// `i64`
    Long,
    /// `f32`
    Float,
    /// `f64`
    Double,
    /// Arbitrary-precision integer.
    BigInteger,
    /// Arbitrary-precision decimal.
    BigDecimal,
    /// Bytes, base64 on the wire.
    Blob,
    /// A `@streaming` blob: an output's HTTP payload, read as it arrives
    /// (`aws_client_runtime::ByteStream`).
    ByteStream,
    /// A date-time with its wire format.
    Timestamp(TimestampFormat),
    /// A JSON document.
    Document,
    /// `Vec<T>` (`Vec<Option<T>>` when sparse).
    List {
        /// Element type.
        member: Box<RustType>,
        /// `@sparse`: elements may be null.
        sparse: bool,
    },
    /// `HashMap<K, V>` (`HashMap<K, Option<V>>` when sparse).
    Map {
        /// Key type (`String` or a string enum).
        key: Box<RustType>,
        /// Value type.
        value: Box<RustType>,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
    /// A generated type.
    Named(TypePath),
}

/// How a timestamp travels on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the epoch as a JSON number (awsJson's default).
    EpochSeconds,
    /// RFC 3339 text.
    DateTime,
    /// IMF-fixdate text.
    HttpDate,
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Absolute shape id.
    pub shape_id: String,
    /// Rust name.
    pub name: String,
    /// Snake-case form of the name, the stem of names derived from it: its file
    /// (`_<word>.rs`), an error's `is_<word>` check, constants.
    pub word: String,
    /// Named variants, sorted by model member name.
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding unknown values (`Unknown` unless taken).
    pub unknown_variant: String,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message.
    pub deprecated: Option<String>,
}

/// A variant of a string enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// Text on the wire (`@enumValue`).
    pub value: String,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message.
    pub deprecated: Option<String>,
}

/// An integer enum.
#[derive(Debug, Clone)]
pub struct IntEnum {
    /// Absolute shape id.
    pub shape_id: String,
    /// Rust name.
    pub name: String,
    /// Snake-case form of the name, the stem of names derived from it: its file
    /// (`_<word>.rs`), an error's `is_<word>` check, constants.
    pub word: String,
    /// Variants: Rust name, value, docs; sorted by model member name.
    pub variants: Vec<IntEnumVariant>,
    /// Name of the catch-all variant.
    pub unknown_variant: String,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message.
    pub deprecated: Option<String>,
}

/// A variant of an integer enum.
#[derive(Debug, Clone)]
pub struct IntEnumVariant {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub value: i32,
    /// Documentation.
    pub docs: Docs,
}

/// A tagged union.
#[derive(Debug, Clone)]
pub struct Union {
    /// Absolute shape id.
    pub shape_id: String,
    /// Rust name.
    pub name: String,
    /// Snake-case form of the name, the stem of names derived from it: its file
    /// (`_<word>.rs`), an error's `is_<word>` check, constants.
    pub word: String,
    /// Variants, sorted by model member name.
    pub variants: Vec<UnionVariant>,
    /// Name of the catch-all variant for members this version does not know.
    pub unknown_variant: String,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message.
    pub deprecated: Option<String>,
    /// Whether some variant or member is sensitive (then `Debug` redacts values).
    pub sensitive: bool,
}

/// A variant of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The member's name in the model.
    pub model_name: String,
    /// snake-case word for `as_*`/`is_*` accessors.
    pub word: String,
    /// Name on the wire.
    pub wire_name: String,
    /// The value type; `None` for a `smithy.api#Unit` member.
    pub ty: Option<RustType>,
    /// How the value nests in XML and query forms.
    pub xml: XmlLayout,
    /// Whether the value is boxed to break a cycle.
    pub boxed: bool,
    /// Documentation.
    pub docs: Docs,
    /// `@deprecated` message.
    pub deprecated: Option<String>,
    /// `@sensitive`.
    pub sensitive: bool,
}

/// The Rust names generated for an operation, computed once by the resolver so that
/// every emitter spells them the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The operation as a type (`DescribeImages`), the stem of the others.
    pub marker: String,
    /// Its error enum (`<Op>Error`).
    pub error: String,
    /// The client's builder for a call (`<Op>FluentBuilder`).
    pub fluent_builder: String,
    /// Its paginator, when it is paginated (`<Op>Paginator`).
    pub paginator: String,
}

impl Service {
    /// The type a path in the `types` module names (types are sorted by name).
    pub fn type_def(&self, path: &TypePath) -> Option<&TypeDef> {
        if path.module != ModulePath::Types {
            return None;
        }
        self.types.binary_search_by(|ty| ty.name().cmp(&path.name)).ok().map(|index| &self.types[index])
    }

    /// The error structure a path in the `error` module names (errors are sorted by name).
    pub fn error(&self, path: &TypePath) -> Option<&Structure> {
        if path.module != ModulePath::Error {
            return None;
        }
        self.errors.binary_search_by(|error| error.name.as_str().cmp(&path.name)).ok().map(|index| &self.errors[index])
    }
}

impl Operation {
    /// Whether the output's payload is a `@streaming` blob: the response body is handed
    /// to the caller unread, as a `ByteStream`.
    pub fn streams_output(&self) -> bool {
        self.output.members.iter().any(|m| m.binding == Binding::Payload && m.ty == RustType::ByteStream)
    }

    /// Whether the input's payload is a `@streaming` blob: a `ByteStream` the caller
    /// fills from bytes or a file, sent with its hash declared.
    pub fn streams_input(&self) -> bool {
        self.input.members.iter().any(|m| m.binding == Binding::Payload && m.ty == RustType::ByteStream)
    }
}

impl Structure {
    /// Whether its builder's `build()` returns a `Result`: it does exactly when a member
    /// has no value to fall back on (required, without a default). Every emitter and
    /// the API diff ask this one function.
    pub fn builder_is_fallible(&self) -> bool {
        self.members.iter().any(|m| m.presence == Presence::Required)
    }
}
