//! The protocol seam: where each member travels and what each request line is.
//!
//! Every AWS protocol is described by the same few facts: per service, the protocol
//! and its defaults; per operation, the request line; per member, its binding. awsJson
//! is the plain case (every member in the body, `POST /` with a target header); the
//! REST protocols bind members to the path, query string, headers and status code; the
//! query protocol writes a form and reads XML. Emitters branch on these fields and
//! never on trait ids.

use super::TimestampFormat;

/// A service's wire protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`
    AwsJson1_1,
    /// `aws.protocols#restJson1`
    RestJson1,
    /// `aws.protocols#awsQuery`
    AwsQuery,
}

/// Where a value sits in a request or response; timestamp defaults depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The document body.
    Body,
    /// A header.
    Header,
    /// A URI label or a query-string parameter.
    Uri,
}

/// Where a service's error responses carry the error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCodeLocation {
    /// The JSON body's `__type` (or `code`), or the `X-Amzn-Errortype` header.
    JsonTypeOrHeader,
    /// `<ErrorResponse><Error><Code>` in an XML body.
    XmlErrorCode,
}

impl Protocol {
    /// The trait id that declares this protocol.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RestJson1 => "aws.protocols#restJson1",
            Protocol::AwsQuery => "aws.protocols#awsQuery",
        }
    }

    /// All protocols the resolver knows, in the order it checks a service for them.
    pub const ALL: [Protocol; 4] =
        [Protocol::AwsJson1_0, Protocol::AwsJson1_1, Protocol::RestJson1, Protocol::AwsQuery];

    /// The `Content-Type` of a request whose body is the protocol's document (a
    /// `@httpPayload` member may send another).
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 => "application/json",
            Protocol::AwsQuery => "application/x-www-form-urlencoded",
        }
    }

    /// Whether members are placed by the HTTP binding traits (`@httpHeader`,
    /// `@httpLabel`, ...) and operations by `@http`. The RPC protocols ignore them.
    pub fn honours_http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1)
    }

    /// How a timestamp without `@timestampFormat` travels at `location`.
    pub fn default_timestamp_format(self, location: Location) -> TimestampFormat {
        match (self, location) {
            (_, Location::Header) => TimestampFormat::HttpDate,
            (_, Location::Uri) => TimestampFormat::DateTime,
            (Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1, Location::Body) => {
                TimestampFormat::EpochSeconds
            }
            (Protocol::AwsQuery, Location::Body) => TimestampFormat::DateTime,
        }
    }

    /// Where error codes are read from.
    pub fn error_code_location(self) -> ErrorCodeLocation {
        match self {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => ErrorCodeLocation::JsonTypeOrHeader,
            Protocol::AwsQuery => ErrorCodeLocation::XmlErrorCode,
        }
    }

    /// Whether the body members' wire names come from `@xmlName` (rather than `@jsonName`).
    pub fn names_by_xml(self) -> bool {
        matches!(self, Protocol::AwsQuery)
    }
}

/// Where one member of an input, output or error travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// In the body document under the member's `wire_name` (every member, in awsJson
    /// and awsQuery).
    Body,
    /// `@httpHeader`: the named header (lists comma-joined).
    Header(String),
    /// `@httpPrefixHeaders`: a map whose keys follow this prefix.
    PrefixHeaders(String),
    /// `@httpLabel`: a `{label}` of the URI template; `greedy` for `{label+}`.
    Label {
        /// Whether it may span several path segments.
        greedy: bool,
    },
    /// `@httpQuery`: the named query-string parameter (lists repeat it).
    Query(String),
    /// `@httpQueryParams`: a map of further query-string parameters.
    QueryParams,
    /// `@httpPayload`: the whole body.
    Payload,
    /// `@httpResponseCode`: the response's status code.
    ResponseCode,
}

/// How a value nests in XML documents and awsQuery forms: whether a collection is
/// flattened into its parent and what its items are called, down through nested
/// collections. Only the XML protocols read it; it is filled for every protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlLayout {
    /// A scalar, enum, structure or union: it has no items of its own.
    Value,
    /// A list: wrapped (`<List><member>…</member></List>`, `List.member.N`) or, when
    /// `flattened` (`@xmlFlattened` on a structure member), its items repeated under
    /// the member's own name (`<List>…</List><List>…</List>`, `List.N`).
    List {
        /// `@xmlFlattened` on the member.
        flattened: bool,
        /// The item name of a wrapped list: the list member's `@xmlName`, else `member`.
        item: String,
        /// The layout of each item.
        element: Box<XmlLayout>,
    },
    /// A map: `entry` elements (`Map.entry.N`) or, when `flattened`, entries repeated
    /// under the member's own name (`Map.N`), each holding a key and a value.
    Map {
        /// `@xmlFlattened` on the member.
        flattened: bool,
        /// The key's name: the map key's `@xmlName`, else `key`.
        key: String,
        /// The value's name: the map value's `@xmlName`, else `value`.
        value: String,
        /// The layout of each value.
        value_layout: Box<XmlLayout>,
    },
}

/// The first line of an operation's request, and how its success is recognized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// The HTTP method.
    pub method: String,
    /// The path, as literal segments and labels bound to input members.
    pub path: Vec<PathSegment>,
    /// Whether the path ends with `/`.
    pub trailing_slash: bool,
    /// Query-string pairs every request carries (from the URI template).
    pub literal_query: Vec<(String, String)>,
    /// What names the operation besides the path: `X-Amz-Target` for awsJson
    /// (`Service.Operation`), the `Action` field for awsQuery; `None` for REST.
    pub target: Option<String>,
    /// The status of a successful response.
    pub success_code: u16,
}

/// One path segment of a request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// The value of an input member, by field name.
    Label {
        /// Field of the input structure.
        field: String,
        /// `{label+}`: keeps `/` unencoded.
        greedy: bool,
    },
}

/// How an operation's requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Signed with SigV4 (the service's signing name).
    SigV4,
    /// Signed when credentials are available, sent unsigned otherwise (`@optionalAuth`).
    Optional,
    /// Never signed (`@auth([])`, or a service without SigV4).
    None,
}
