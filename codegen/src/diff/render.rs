//! The Markdown form of a [`Report`]: a headline, a table of counts, then every change
//! grouped by impact. Deterministic (the report is sorted), so it can be a golden file
//! and a changelog entry.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Impact, Kind, Report};

/// Renders a report; `old` and `new` name the two revisions. Sections are `###` headings,
/// so the text fits under a `##` version heading of a changelog.
pub fn render_markdown(report: &Report, old: &str, new: &str) -> String {
    let mut out = String::new();
    let impacts = [Impact::Breaking, Impact::Behavioural, Impact::NonBreaking];
    let total = |impact: Impact| report.with_impact(impact).count();
    let _ = writeln!(out, "Model changes from `{old}` to `{new}`.");
    let _ = writeln!(out);
    if report.is_empty() {
        let _ = writeln!(out, "Nothing changed in the generated API.");
        return out;
    }
    let _ = writeln!(
        out,
        "Implied semver bump: **{}** ({} breaking, {} behavioural, {} non-breaking changes; documentation changed on {} items).",
        report.bump().label(),
        total(Impact::Breaking),
        total(Impact::Behavioural),
        total(Impact::NonBreaking),
        report.docs_changed.len()
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| change | count | breaking | behavioural | non-breaking |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    let mut by_kind: BTreeMap<Kind, [usize; 3]> = BTreeMap::new();
    for change in &report.changes {
        let column = impacts.iter().position(|i| *i == change.impact).unwrap_or(2);
        by_kind.entry(change.kind).or_default()[column] += 1;
    }
    for (kind, columns) in &by_kind {
        let sum: usize = columns.iter().sum();
        let _ = writeln!(out, "| {} | {sum} | {} | {} | {} |", kind.label(), columns[0], columns[1], columns[2]);
    }
    let _ = writeln!(
        out,
        "| documentation changed | {} | 0 | 0 | {} |",
        report.docs_changed.len(),
        report.docs_changed.len()
    );
    for impact in impacts {
        let count = total(impact);
        if count == 0 {
            continue;
        }
        let title = match impact {
            Impact::Breaking => "Breaking",
            Impact::Behavioural => "Behavioural",
            Impact::NonBreaking => "Non-breaking",
        };
        let _ = writeln!(out);
        let _ = writeln!(out, "### {title} ({count})");
        let _ = writeln!(out);
        for change in report.with_impact(impact) {
            let _ = writeln!(out, "- {}: `{}`: {}", singular(change.kind), change.subject, change.detail);
        }
    }
    out
}

/// The label of one change of a kind, for list items.
fn singular(kind: Kind) -> &'static str {
    match kind {
        Kind::OperationAdded => "operation added",
        Kind::OperationRemoved => "operation removed",
        Kind::TypeAdded => "type added",
        Kind::TypeRemoved => "type removed",
        Kind::TypeKindChanged => "type kind changed",
        Kind::MemberAdded => "member added",
        Kind::MemberRemoved => "member removed",
        Kind::MemberRetyped => "member retyped",
        Kind::MemberOptionality => "optional ↔ required",
        Kind::MemberRequired => "`@required` changed",
        Kind::MemberDefault => "default changed",
        Kind::BuilderFallibility => "builder fallibility",
        Kind::MemberWire => "member wire form",
        Kind::EnumValueAdded => "enum value added",
        Kind::EnumValueRemoved => "enum value removed",
        Kind::EnumVariantRenamed => "enum variant renamed",
        Kind::UnionVariantAdded => "union variant added",
        Kind::UnionVariantRemoved => "union variant removed",
        Kind::UnionVariantRetyped => "union variant retyped",
        Kind::OperationErrorAdded => "error added",
        Kind::OperationErrorRemoved => "error removed",
        Kind::ErrorTraits => "error traits",
        Kind::OperationEndpoint => "operation endpoint",
        Kind::Deprecation => "deprecation",
        Kind::PaginatorAdded => "paginator added",
        Kind::PaginatorRemoved => "paginator removed",
        Kind::PaginatorChanged => "paginator changed",
        Kind::WaiterAdded => "waiter added",
        Kind::WaiterRemoved => "waiter removed",
        Kind::WaiterChanged => "waiter changed",
        Kind::EndpointRules => "endpoint rules",
        Kind::EndpointParamAdded => "endpoint parameter added",
        Kind::EndpointParamRemoved => "endpoint parameter removed",
        Kind::EndpointParamChanged => "endpoint parameter changed",
        Kind::EndpointTestAdded => "endpoint test added",
        Kind::EndpointTestRemoved => "endpoint test removed",
        Kind::ConstraintTightened => "constraint tightened",
        Kind::ConstraintLoosened => "constraint loosened",
        Kind::ConstraintChanged => "pattern changed",
    }
}
