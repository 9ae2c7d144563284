//! Comparing two revisions of one service's model in terms of the generated Rust API.
//!
//! Both revisions are read and resolved, and the resolved forms ([`crate::ir::Service`])
//! are compared, so every finding names what a user of the generated crates sees:
//! `types::ImageDetail::image_status`, `operation::describe_images::DescribeImagesError`,
//! `Client::list_image_referrers`. The rules the resolver applies (a paginator merged
//! with the service's defaults, constraints taken from a member or its target) are
//! applied once, there; the comparison reads their results.
//!
//! Every finding is classified by what it means for code written against the crates
//! generated from the older revision ([`Impact`]), and the report adds up to the
//! semver bump it implies ([`Bump`]):
//! - **breaking**: anything removed or retyped; a field switching between `Option<T>`
//!   and `T`; a builder's `build()` becoming fallible or infallible; a new member that
//!   requests must carry; an enum value or union variant losing its variant; an error
//!   an operation no longer lists; a paginator or waiter removed, a paginator changed;
//!   `@length`/`@range` tightened or `@pattern` added on the input side (requests are
//!   validated against them, so one that passed may now fail);
//! - **behavioural** (compiles unchanged, behaves differently): a new error of an
//!   operation (it used to arrive as the unhandled variant); a changed default, wire
//!   name, retryability, endpoint rule or waiter; a `@pattern` replaced by another on
//!   the input side (not comparable in general: review it);
//! - **non-breaking**: new operations, types, optional members, enum values and union
//!   variants (generated structures and enums are `#[non_exhaustive]`, enums and unions
//!   keep unknown values), paginators and waiters; loosened constraints; documentation.
//!
//! The rules sit next to the comparisons in `api.rs`, `paginators_waiters.rs` and
//! `constraints.rs`; the Markdown report is written by [`render_markdown`].

mod api;
mod constraints;
mod paginators_waiters;
mod render;

use std::collections::BTreeMap;

pub use render::render_markdown;

use crate::error::{Diagnostic, Diagnostics};
use crate::{ir, resolve, smithy};

/// What changed between two revisions of a model.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every finding, sorted by impact, kind and subject.
    pub changes: Vec<Change>,
    /// Items present in both revisions whose documentation changed (operations, types,
    /// members, variants), by subject. Reported as a count.
    pub docs_changed: Vec<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// What it means for users of the previously generated crates.
    pub impact: Impact,
    /// What kind of change it is.
    pub kind: Kind,
    /// The Rust item concerned, as a path in the generated crates
    /// (`types::ImageDetail::image_status`, `Client::describe_images`).
    pub subject: String,
    /// The change in words (old → new).
    pub detail: String,
    /// Every member a change of a shared shape reaches (a `@pattern` of `RepositoryName`
    /// reaches each member targeting it), as paths like `subject`; empty otherwise.
    pub affected: Vec<String>,
}

/// What a change means for code written against the crates generated before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Such code may stop compiling, or a request it built may now fail before it is sent.
    Breaking,
    /// Such code compiles unchanged, but what it sends or receives can differ
    /// (a new typed error where an unhandled one came before, other endpoints, a default).
    Behavioural,
    /// Such code compiles and behaves as before; new things became available.
    NonBreaking,
}

impl Impact {
    /// The word used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Behavioural => "behavioural",
            Impact::NonBreaking => "non-breaking",
        }
    }
}

/// The kinds of change the comparison finds, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An operation (client method and its types) appeared.
    OperationAdded,
    /// An operation disappeared.
    OperationRemoved,
    /// A named type in `types` or `error` appeared.
    TypeAdded,
    /// A named type disappeared.
    TypeRemoved,
    /// A named type became another kind of type (structure, enum, union).
    TypeKindChanged,
    /// A structure member appeared.
    MemberAdded,
    /// A structure member disappeared.
    MemberRemoved,
    /// A member's Rust type changed (or only its wire encoding).
    MemberRetyped,
    /// A member's field switched between `Option<T>` and `T`.
    MemberOptionality,
    /// A member's `@required` changed while its field stayed as it was.
    MemberRequired,
    /// A member's default value changed.
    MemberDefault,
    /// A builder's `build()` switched between infallible and fallible.
    BuilderFallibility,
    /// A member's wire name, idempotency token or sensitivity changed.
    MemberWire,
    /// A string or int enum gained a value.
    EnumValueAdded,
    /// A string or int enum lost a value.
    EnumValueRemoved,
    /// A known enum value got another Rust variant name.
    EnumVariantRenamed,
    /// A union gained a variant.
    UnionVariantAdded,
    /// A union lost a variant.
    UnionVariantRemoved,
    /// A union variant's value type changed.
    UnionVariantRetyped,
    /// An operation may now return a modeled error it did not list.
    OperationErrorAdded,
    /// An operation no longer lists a modeled error.
    OperationErrorRemoved,
    /// An error's fault, HTTP status or retryability changed.
    ErrorTraits,
    /// An operation's host prefix or endpoint parameter bindings changed.
    OperationEndpoint,
    /// `@deprecated` appeared or disappeared.
    Deprecation,
    /// An operation became paginated.
    PaginatorAdded,
    /// An operation is no longer paginated.
    PaginatorRemoved,
    /// An operation's pagination tokens, items or page size changed.
    PaginatorChanged,
    /// An operation gained a waiter.
    WaiterAdded,
    /// A waiter disappeared.
    WaiterRemoved,
    /// A waiter's acceptors or delays changed.
    WaiterChanged,
    /// The endpoint rule set's rules changed.
    EndpointRules,
    /// An endpoint parameter appeared.
    EndpointParamAdded,
    /// An endpoint parameter disappeared.
    EndpointParamRemoved,
    /// An endpoint parameter's type, default or built-in changed.
    EndpointParamChanged,
    /// An endpoint test case appeared.
    EndpointTestAdded,
    /// An endpoint test case disappeared.
    EndpointTestRemoved,
    /// `@length`, `@range` or `@pattern` accepts less than before.
    ConstraintTightened,
    /// `@length`, `@range` or `@pattern` accepts more than before.
    ConstraintLoosened,
    /// `@pattern` changed in a way that is neither clearly looser nor tighter.
    ConstraintChanged,
}

impl Kind {
    /// The words used in the report's summary table.
    pub fn label(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operations added",
            Kind::OperationRemoved => "operations removed",
            Kind::TypeAdded => "types added",
            Kind::TypeRemoved => "types removed",
            Kind::TypeKindChanged => "types changing kind",
            Kind::MemberAdded => "members added",
            Kind::MemberRemoved => "members removed",
            Kind::MemberRetyped => "members retyped",
            Kind::MemberOptionality => "members optional ↔ required (field type)",
            Kind::MemberRequired => "members optional ↔ required (`@required` only)",
            Kind::MemberDefault => "defaults changed",
            Kind::BuilderFallibility => "builders changing fallibility",
            Kind::MemberWire => "members' wire name, idempotency or sensitivity changed",
            Kind::EnumValueAdded => "enum values added",
            Kind::EnumValueRemoved => "enum values removed",
            Kind::EnumVariantRenamed => "enum variants renamed",
            Kind::UnionVariantAdded => "union variants added",
            Kind::UnionVariantRemoved => "union variants removed",
            Kind::UnionVariantRetyped => "union variants retyped",
            Kind::OperationErrorAdded => "errors added to operations",
            Kind::OperationErrorRemoved => "errors removed from operations",
            Kind::ErrorTraits => "errors' fault, status or retryability changed",
            Kind::OperationEndpoint => "operations' host prefix or endpoint bindings changed",
            Kind::Deprecation => "deprecations added or removed",
            Kind::PaginatorAdded => "paginators added",
            Kind::PaginatorRemoved => "paginators removed",
            Kind::PaginatorChanged => "paginators changed",
            Kind::WaiterAdded => "waiters added",
            Kind::WaiterRemoved => "waiters removed",
            Kind::WaiterChanged => "waiters changed",
            Kind::EndpointRules => "endpoint rule set changed",
            Kind::EndpointParamAdded => "endpoint parameters added",
            Kind::EndpointParamRemoved => "endpoint parameters removed",
            Kind::EndpointParamChanged => "endpoint parameters changed",
            Kind::EndpointTestAdded => "endpoint test cases added",
            Kind::EndpointTestRemoved => "endpoint test cases removed",
            Kind::ConstraintTightened => "constraints tightened",
            Kind::ConstraintLoosened => "constraints loosened",
            Kind::ConstraintChanged => "patterns changed",
        }
    }

    /// Whether the change makes something new available (a minor release at least).
    fn adds(self) -> bool {
        matches!(
            self,
            Kind::OperationAdded
                | Kind::TypeAdded
                | Kind::MemberAdded
                | Kind::EnumValueAdded
                | Kind::UnionVariantAdded
                | Kind::PaginatorAdded
                | Kind::WaiterAdded
                | Kind::EndpointParamAdded
        )
    }
}

/// A semver bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Documentation or looser constraints only.
    Patch,
    /// Additions or behavioural changes.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// The word used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after this bump, Cargo style: below 1.0 a breaking change bumps the
    /// minor number and anything else the patch number. `None` for a malformed version.
    pub fn apply(self, version: &str) -> Option<String> {
        let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
        let (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let (major, minor, patch) = match (self, major) {
            (Bump::None, _) => (major, minor, patch),
            (Bump::Major, 0) => (0, minor + 1, 0),
            (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, _) => (major, minor + 1, 0),
            (Bump::Patch, _) => (major, minor, patch + 1),
        };
        Some(format!("{major}.{minor}.{patch}"))
    }
}

impl Change {
    /// The bump this change alone implies.
    pub fn bump(&self) -> Bump {
        match self.impact {
            Impact::Breaking => Bump::Major,
            Impact::Behavioural => Bump::Minor,
            Impact::NonBreaking if self.kind.adds() => Bump::Minor,
            Impact::NonBreaking => Bump::Patch,
        }
    }
}

impl Report {
    /// The bump the whole report implies.
    pub fn bump(&self) -> Bump {
        let docs = if self.docs_changed.is_empty() { Bump::None } else { Bump::Patch };
        self.changes.iter().map(Change::bump).max().unwrap_or(Bump::None).max(docs)
    }

    /// How many changes of each kind were found.
    pub fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut counts = BTreeMap::new();
        for change in &self.changes {
            *counts.entry(change.kind).or_insert(0) += 1;
        }
        counts
    }

    /// How many changes of one kind were found.
    pub fn count(&self, kind: Kind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// The changes with one impact.
    pub fn with_impact(&self, impact: Impact) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.impact == impact)
    }

    /// Whether nothing at all changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.docs_changed.is_empty()
    }
}

/// Reads, resolves and compares two revisions of a model given as JSON text.
///
/// Problems reading or resolving either revision are returned with their location
/// prefixed by `old model:` or `new model:`.
pub fn diff(old_json: &str, new_json: &str) -> Result<Report, Diagnostics> {
    let read = |json: &str, label: &str| -> Result<ir::Service, Diagnostics> {
        let label_all = |diagnostics: Diagnostics| {
            Diagnostics(
                diagnostics
                    .0
                    .into_iter()
                    .map(|d| Diagnostic::at_line(format!("{label}: {}", d.location), d.message, d.line))
                    .collect(),
            )
        };
        let model = smithy::Model::from_json(json).map_err(label_all)?;
        resolve::resolve(&model, None).map_err(label_all)
    };
    Ok(compare(&read(old_json, "old model")?, &read(new_json, "new model")?))
}

/// Compares two revisions already read and resolved.
pub fn compare(old: &ir::Service, new: &ir::Service) -> Report {
    let mut report = Report::default();
    let members = api::compare(old, new, &mut report);
    report.changes.extend(paginators_waiters::compare(old, new));
    report.changes.extend(constraints::compare(&members));
    report.changes.sort();
    report.docs_changed.sort();
    report.docs_changed.dedup();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(Bump::Major.apply("0.1.0").as_deref(), Some("0.2.0"));
        assert_eq!(Bump::Minor.apply("0.1.0").as_deref(), Some("0.1.1"));
        assert_eq!(Bump::Patch.apply("0.1.3").as_deref(), Some("0.1.4"));
        assert_eq!(Bump::Major.apply("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Minor.apply("1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Bump::Patch.apply("1.4.2").as_deref(), Some("1.4.3"));
        assert_eq!(Bump::None.apply("1.4.2").as_deref(), Some("1.4.2"));
        assert_eq!(Bump::Major.apply("1.4"), None);
    }
}
