//! A paginated operation's tokens, page size and items, as paths of Rust fields.

use super::RustType;

/// How to page through an operation (`@paginated`, service defaults merged in).
#[derive(Debug, Clone, PartialEq)]
pub struct Paginator {
    /// The input member that carries the token: its plain word (for `set_<word>`).
    pub input_token: String,
    /// Where the output's next token is.
    pub output_token: Vec<PathStep>,
    /// The token's type (a `String` for most services).
    pub token_type: RustType,
    /// Where the items of a page are, and their kind; `None` when the operation
    /// pages without naming items.
    pub items: Option<Items>,
    /// The input member limiting the page size: its field and type.
    pub page_size: Option<(String, RustType)>,
    /// The same, in the model's terms: what `@paginated` says once the service's
    /// defaults are merged in.
    pub declared: DeclaredPagination,
}

/// Member names and dotted member paths as `@paginated` gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredPagination {
    /// `inputToken`: an input member.
    pub input_token: String,
    /// `outputToken`: a path into the output.
    pub output_token: String,
    /// `items`: a path into the output, if given.
    pub items: Option<String>,
    /// `pageSize`: an input member, if given.
    pub page_size: Option<String>,
}

/// One member on a path through structures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    /// Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether the field is boxed.
    pub boxed: bool,
}

/// The items of each page.
#[derive(Debug, Clone, PartialEq)]
pub struct Items {
    /// The path from the output to the collection.
    pub path: Vec<PathStep>,
    /// The collection's type: a list (items are its elements) or a map (items are
    /// key-value pairs).
    pub collection: RustType,
}
