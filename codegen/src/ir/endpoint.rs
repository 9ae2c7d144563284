//! The resolved form of an endpoint rule set: typed parameters, typed expressions,
//! rules and test cases; and the partition table.

use super::Docs;

/// A service's endpoint rules, ready to compile to Rust.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRules {
    /// Parameters, sorted by field name.
    pub params: Vec<EndpointParam>,
    /// Top-level rules, in order.
    pub rules: Vec<Rule>,
    /// The model's `endpointTests` cases.
    pub tests: Vec<EndpointTest>,
    /// Whether the rules were written by the generator because the model has none.
    pub synthesized: bool,
    /// Parameters the client configuration sets (`clientContextParams`), by name.
    pub client_context: Vec<ClientContextParam>,
}

/// A service-specific setting of the client configuration that sets a rule-set
/// parameter of the same name (`clientContextParams`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientContextParam {
    /// Name in the model (`Accelerate`), also the key in the configuration.
    pub name: String,
    /// The rule-set parameter's Rust field, also the setter's name.
    pub field: String,
    /// `Bool`, `Str` or `StrArray`.
    pub ty: ValueType,
    /// Documentation (Markdown).
    pub docs: Docs,
}

/// The type of a value in a rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// `boolean`.
    Bool,
    /// `string`.
    Str,
    /// `stringArray`.
    StrArray,
    /// An integer literal (arguments of `substring`).
    Int,
    /// What `aws.partition` returns.
    Partition,
    /// What `aws.parseArn` returns.
    Arn,
    /// What `parseURL` returns.
    Url,
}

/// One rule-set parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointParam {
    /// Name in the rule set (`UseFIPS`).
    pub name: String,
    /// Rust field (`use_fips`).
    pub field: String,
    /// `Bool`, `Str` or `StrArray`.
    pub ty: ValueType,
    /// Whether it must be set and what it is when not.
    pub presence: ParamPresence,
    /// Where the client fills it from.
    pub built_in: Option<BuiltIn>,
    /// Documentation (Markdown).
    pub docs: Docs,
    /// Deprecation message.
    pub deprecated: Option<String>,
}

/// Whether a parameter must be set.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamPresence {
    /// May be unset.
    Optional,
    /// Must be set (resolution fails when it is not).
    Required,
    /// Has a default, so always set.
    Default(Literal),
}

/// A built-in parameter source the client knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuiltIn {
    /// `AWS::Region`.
    Region,
    /// `AWS::UseFIPS`.
    UseFips,
    /// `AWS::UseDualStack`.
    UseDualStack,
    /// `SDK::Endpoint`.
    Endpoint,
    /// `AWS::Auth::AccountId`: the credentials' account id, filled at call time.
    AccountId,
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred`, `disabled` or `required`.
    AccountIdEndpointMode,
    /// Any other, left to its default (named in a generation warning).
    Other(String),
}

/// A literal value (defaults, static context parameters, test values).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A boolean.
    Bool(bool),
    /// A string.
    Str(String),
    /// A list of strings.
    StrArray(Vec<String>),
    /// An integer (test properties only).
    Int(i64),
    /// A list (test properties only).
    Array(Vec<Literal>),
    /// A record, keys in order (test properties only).
    Record(Vec<(String, Literal)>),
}

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Where it is in the rule set (`rules[1].rules[0]`).
    pub location: String,
    /// Conditions, in order.
    pub conditions: Vec<Condition>,
    /// What it gives when they all hold.
    pub body: RuleBody,
}

/// A condition and the variable it may bind.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The function call.
    pub expr: Expr,
    /// The Rust variable the (unwrapped) result is bound to.
    pub assign: Option<String>,
}

/// What a rule gives.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleBody {
    /// An endpoint.
    Endpoint {
        /// A string expression.
        url: Expr,
        /// Headers with string expressions.
        headers: Vec<(String, Vec<Expr>)>,
        /// Properties, sorted by name.
        properties: Vec<(String, Property)>,
    },
    /// An error with a string expression as message.
    Error(Expr),
    /// Nested rules; if none matches, resolution fails.
    Tree(Vec<Rule>),
}

/// An endpoint property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Property {
    /// A string or boolean expression.
    Value(Expr),
    /// An integer.
    Int(i64),
    /// A list.
    Array(Vec<Property>),
    /// A record, keys in order.
    Record(Vec<(String, Property)>),
}

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its type.
    pub ty: ValueType,
    /// Whether it may have no value (an unset parameter, a failed parse, an index
    /// out of range): a condition using it then does not hold.
    pub optional: bool,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A string literal.
    Str(String),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal.
    Int(usize),
    /// A template: text and string expressions.
    Template(Vec<TemplatePart>),
    /// A parameter, by Rust field.
    Param(String),
    /// A variable bound by an earlier condition, by Rust name.
    Var(String),
    /// `isSet(x)`.
    IsSet(Box<Expr>),
    /// `not(x)`.
    Not(Box<Expr>),
    /// `booleanEquals(a, b)`.
    BoolEquals(Box<Expr>, Box<Expr>),
    /// `stringEquals(a, b)`.
    StrEquals(Box<Expr>, Box<Expr>),
    /// `getAttr(x, "a.b[0]")`.
    GetAttr(Box<Expr>, Vec<AttrStep>),
    /// A library function.
    Call(Function, Vec<Expr>),
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Text(String),
    /// A string expression.
    Expr(Expr),
}

/// One step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrStep {
    /// A field of a partition, ARN or URL: its Rust field name and type.
    Field(&'static str, ValueType),
    /// An index into a string array.
    Index(usize),
}

/// The library functions, implemented in the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `substring(s, start, stop, reverse)`.
    Substring,
    /// `isValidHostLabel(s, allowSubDomains)`.
    IsValidHostLabel,
    /// `parseURL(s)`.
    ParseUrl,
    /// `uriEncode(s)`.
    UriEncode,
    /// `aws.partition(region)`.
    Partition,
    /// `aws.parseArn(s)`.
    ParseArn,
    /// `aws.isVirtualHostableS3Bucket(s, allowSubDomains)`.
    IsVirtualHostableS3Bucket,
}

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTest {
    /// What the case is about.
    pub docs: String,
    /// Parameter values by Rust field.
    pub params: Vec<(String, Literal)>,
    /// The URL and extras, or the error message.
    pub expect: Result<ExpectedEndpoint, String>,
}

/// An expected endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedEndpoint {
    /// URL.
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, Vec<String>)>,
    /// Properties, sorted by name.
    pub properties: Vec<(String, Literal)>,
}

/// Where an operation's call sets a parameter (`staticContextParams`, `contextParam`,
/// `operationContextParams`).
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointBinding {
    /// The parameter's Rust field.
    pub field: String,
    /// The parameter's type.
    pub ty: ValueType,
    /// Where the value comes from.
    pub source: BindingSource,
}

/// The source of an operation's parameter value.
#[derive(Debug, Clone, PartialEq)]
pub enum BindingSource {
    /// A constant (`staticContextParams`).
    Static(Literal),
    /// An input member, by Rust field (`contextParam`).
    Member(String),
    /// An `operationContextParams` path into the input (`Config.Tags[*].Key`,
    /// `keys(Tags)`, `Lists[]`), typed like a waiter's path.
    Path(super::waiter::Path),
}

/// The AWS partition table.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionTable {
    /// Partitions in file order.
    pub partitions: Vec<PartitionEntry>,
}

/// One partition.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionEntry {
    /// Id (`aws`).
    pub id: String,
    /// The region regex, compiled.
    pub pattern: super::regex::Regex,
    /// Regions by name with their outputs (overrides merged), sorted by name.
    pub regions: Vec<(String, PartitionOutputs)>,
    /// The partition's outputs.
    pub outputs: PartitionOutputs,
}

/// What `aws.partition` returns for a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// `name`.
    pub name: String,
    /// `dnsSuffix`.
    pub dns_suffix: String,
    /// `dualStackDnsSuffix`.
    pub dual_stack_dns_suffix: String,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`.
    pub implicit_global_region: String,
}
