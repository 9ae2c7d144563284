//! Comparisons of raw traits the resolved form does not carry: paginators
//! (`smithy.api#paginated`, the service's defaults merged in), waiters
//! (`smithy.waiters#waitable`) and member constraints (`@length`, `@range`, `@pattern`,
//! on the member or on its target shape).
//!
//! Classification: a paginator or waiter that disappears, or a paginator whose tokens or
//! items move, is **breaking** for code that drives it; a waiter whose acceptors change
//! is **behavioural**; new ones are **non-breaking**. Constraints on the input side are
//! what requests are validated against (by the client before sending where it checks
//! them, by the service in any case), so a tightened `@length` or `@range`, or a new
//! `@pattern`, is **breaking** there: a request that passed may now fail. A `@pattern`
//! replaced by another is compared on generated witnesses (strings one accepts, run
//! through the other): a string the old one accepted and the new one rejects makes it
//! tightened (breaking on the input side); only newly accepted ones, loosened. When no
//! witness tells them apart, or one cannot be run, it is **behavioural** ("could not
//! decide"), to be reviewed. Loosened constraints, and any change on the output side
//! only, are **non-breaking**.

use std::collections::BTreeMap;

use serde_json::Value;

use super::api::MemberPair;
use super::{Change, Impact, Kind, Report, Revision};
use crate::smithy::{self, LengthRange, Paginated, ShapeKind};

const WAITABLE: &str = "smithy.waiters#waitable";
const LENGTH: &str = "smithy.api#length";
const RANGE: &str = "smithy.api#range";

/// Compares paginators, waiters and constraints, adding to `report`.
pub(super) fn compare(old: Revision<'_>, new: Revision<'_>, members: &[MemberPair], report: &mut Report) {
    let mut changes = Vec::new();
    let mut push = |impact, kind, subject: String, detail: String| {
        changes.push(Change { impact, kind, subject, detail, affected: Vec::new() });
    };
    let old_ops = operation_traits(old);
    let new_ops = operation_traits(new);
    for (name, (module, new_traits)) in &new_ops {
        let subject = format!("Client::{module}");
        let old_traits = old_ops.get(name).map(|(_, traits)| traits);
        paginators(old_traits.and_then(|t| t.paginated.as_ref()), new_traits.paginated.as_ref(), &subject, &mut push);
        let empty = BTreeMap::new();
        let old_waiters = old_traits.map_or(&empty, |t| &t.waiters);
        for (waiter, definition) in &new_traits.waiters {
            match old_waiters.get(waiter) {
                None => push(Impact::NonBreaking, Kind::WaiterAdded, subject.clone(), format!("waiter `{waiter}`")),
                Some(old_definition) if old_definition != definition => push(
                    Impact::Behavioural,
                    Kind::WaiterChanged,
                    subject.clone(),
                    format!("waiter `{waiter}`: acceptors, delays or documentation changed"),
                ),
                Some(_) => {}
            }
        }
        for waiter in old_waiters.keys().filter(|w| !new_traits.waiters.contains_key(*w)) {
            push(Impact::Breaking, Kind::WaiterRemoved, subject.clone(), format!("waiter `{waiter}` removed"));
        }
    }
    // A constraint on a shared target shape (`RepositoryName`) is reported once, naming
    // the members that use it; a constraint on the member itself, per member.
    let mut groups: BTreeMap<(Impact, Kind, String, String, &str), Vec<String>> = BTreeMap::new();
    for pair in members {
        let old_sites = member_sites(old.model, &pair.old_shape, &pair.model_name);
        let new_sites = member_sites(new.model, &pair.new_shape, &pair.model_name);
        for (site, old_constraints) in &old_sites {
            let Some((_, new_constraints)) = new_sites.iter().find(|(label, _)| label == site) else { continue };
            let shared =
                old_constraints.shared_target.as_ref().filter(|t| new_constraints.shared_target.as_ref() == Some(*t));
            for (what, tighter, looser) in compare_constraints(old_constraints, new_constraints) {
                let (impact, kind) = match (tighter, looser, pair.sides.input) {
                    (true, _, true) => (Impact::Breaking, Kind::ConstraintTightened),
                    (true, _, false) => (Impact::NonBreaking, Kind::ConstraintTightened),
                    (false, true, _) => (Impact::NonBreaking, Kind::ConstraintLoosened),
                    (false, false, true) => (Impact::Behavioural, Kind::ConstraintChanged),
                    (false, false, false) => (Impact::NonBreaking, Kind::ConstraintChanged),
                };
                let (subject, what) = match shared {
                    Some(target) => (format!("shape {}", smithy::shape_name(target)), what),
                    None if site.is_empty() => (pair.subject.clone(), what),
                    None => (pair.subject.clone(), format!("{site}: {what}")),
                };
                let user = if site.is_empty() { pair.subject.clone() } else { format!("{} ({site})", pair.subject) };
                groups.entry((impact, kind, subject, what, pair.sides.words())).or_default().push(user);
            }
        }
    }
    for ((impact, kind, subject, what, side), users) in groups {
        if users.len() == 1 && users[0] == subject {
            changes.push(Change { impact, kind, subject, detail: what, affected: Vec::new() });
            continue;
        }
        let shown: Vec<String> = users.iter().take(3).map(|u| format!("`{u}`")).collect();
        let more = if users.len() > 3 { format!(" and {} more", users.len() - 3) } else { String::new() };
        let noun = if users.len() == 1 { "member" } else { "members" };
        let detail = format!("{what}; {} {noun} on the {side}: {}{more}", users.len(), shown.join(", "));
        changes.push(Change { impact, kind, subject, detail, affected: users });
    }
    report.changes.extend(changes);
}

/// What the raw model says about one operation.
struct OperationTraits {
    paginated: Option<Paginated>,
    waiters: BTreeMap<String, Value>,
}

/// Paginators and waiters by operation name, with the operation's Rust module.
fn operation_traits(revision: Revision<'_>) -> BTreeMap<String, (String, OperationTraits)> {
    let service_defaults = revision
        .model
        .shapes
        .values()
        .find(|s| s.id == revision.service.shape_id)
        .and_then(|s| s.traits.paginated(&s.id).ok().flatten());
    let mut found = BTreeMap::new();
    for operation in &revision.service.operations {
        let shape = revision
            .model
            .shapes
            .values()
            .find(|s| matches!(s.kind, ShapeKind::Operation(_)) && smithy::shape_name(&s.id) == operation.name);
        let Some(shape) = shape else { continue };
        let paginated = shape.traits.paginated(&shape.id).ok().flatten().map(|own| {
            let defaults = service_defaults.clone().unwrap_or_default();
            Paginated {
                input_token: own.input_token.or(defaults.input_token),
                output_token: own.output_token.or(defaults.output_token),
                items: own.items.or(defaults.items),
                page_size: own.page_size.or(defaults.page_size),
            }
        });
        let waiters = match shape.traits.get(WAITABLE) {
            Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => BTreeMap::new(),
        };
        found.insert(operation.name.clone(), (operation.module.clone(), OperationTraits { paginated, waiters }));
    }
    found
}

fn paginators(
    old: Option<&Paginated>,
    new: Option<&Paginated>,
    subject: &str,
    push: &mut impl FnMut(Impact, Kind, String, String),
) {
    let text = |p: &Paginated| {
        format!(
            "input token {:?}, output token {:?}, items {:?}, page size {:?}",
            p.input_token, p.output_token, p.items, p.page_size
        )
    };
    match (old, new) {
        (None, Some(p)) => push(Impact::NonBreaking, Kind::PaginatorAdded, subject.to_owned(), text(p)),
        (Some(p), None) => push(Impact::Breaking, Kind::PaginatorRemoved, subject.to_owned(), text(p)),
        (Some(a), Some(b)) if a != b => {
            push(Impact::Breaking, Kind::PaginatorChanged, subject.to_owned(), format!("{} → {}", text(a), text(b)))
        }
        _ => {}
    }
}

/// The constraints in force on a member or collection element.
#[derive(Debug, Default)]
struct Constraints {
    /// The target shape, when every constraint in force comes from it.
    shared_target: Option<String>,
    length: Option<LengthRange>,
    range: Option<LengthRange>,
    pattern: Option<String>,
}

/// The constraints on a member's value and, through lists and maps, on the values it
/// holds: `("", …)` for the value, then `("elements", …)`, `("keys", …)`, `("values", …)`
/// (nested: `"elements' values"`).
fn member_sites(model: &smithy::Model, shape_id: &str, member: &str) -> Vec<(String, Constraints)> {
    let mut sites = Vec::new();
    if let Some(member) = model.shape(shape_id).and_then(|s| s.members.get(member)) {
        collect_sites(model, member, String::new(), &mut sites);
    }
    sites
}

fn collect_sites(
    model: &smithy::Model,
    member: &smithy::Member,
    label: String,
    sites: &mut Vec<(String, Constraints)>,
) {
    let target = model.shape(&member.target);
    sites.push((label.clone(), constraints(member, target)));
    // Collections nest rarely and shallowly; the depth cap only guards malformed models.
    let Some(target) = target.filter(|_| label.matches("elements").count() + label.matches("values").count() < 4)
    else {
        return;
    };
    let inner = |name: &str| if label.is_empty() { name.to_owned() } else { format!("{label}' {name}") };
    match target.kind {
        ShapeKind::List => {
            if let Some(element) = target.members.get("member") {
                collect_sites(model, element, inner("elements"), sites);
            }
        }
        ShapeKind::Map => {
            for (name, words) in [("key", "keys"), ("value", "values")] {
                if let Some(part) = target.members.get(name) {
                    collect_sites(model, part, inner(words), sites);
                }
            }
        }
        _ => {}
    }
}

/// The constraints in force on one member: its own traits, else its target's.
fn constraints(member: &smithy::Member, target: Option<&smithy::Shape>) -> Constraints {
    let pick = |id: &str| -> Option<LengthRange> {
        let own = member.traits.bounds(&member.id, id).ok().flatten();
        own.or_else(|| target.and_then(|t| t.traits.bounds(&t.id, id).ok().flatten()))
    };
    let pattern = member
        .traits
        .pattern(&member.id)
        .ok()
        .flatten()
        .or_else(|| target.and_then(|t| t.traits.pattern(&t.id).ok().flatten()))
        .map(str::to_owned);
    let own = [LENGTH, RANGE, "smithy.api#pattern"].iter().any(|id| member.traits.has(id));
    let shared_target = (!own).then(|| member.target.clone());
    Constraints { shared_target, length: pick(LENGTH), range: pick(RANGE), pattern }
}

/// Each differing constraint: (description, accepts less, accepts more).
fn compare_constraints(old: &Constraints, new: &Constraints) -> Vec<(String, bool, bool)> {
    let mut found = Vec::new();
    for (name, a, b) in [("@length", &old.length, &new.length), ("@range", &old.range, &new.range)] {
        if a == b {
            continue;
        }
        let number = |n: &Option<serde_json::Number>| n.as_ref().and_then(serde_json::Number::as_f64);
        let empty = LengthRange::default();
        let (a_range, b_range) = (a.as_ref().unwrap_or(&empty), b.as_ref().unwrap_or(&empty));
        let (a_min, b_min) = (number(&a_range.min).unwrap_or(f64::MIN), number(&b_range.min).unwrap_or(f64::MIN));
        let (a_max, b_max) = (number(&a_range.max).unwrap_or(f64::MAX), number(&b_range.max).unwrap_or(f64::MAX));
        let tighter = b_min > a_min || b_max < a_max;
        let looser = b_min < a_min || b_max > a_max;
        found.push((format!("{name} {} → {}", bounds_text(a), bounds_text(b)), tighter, looser));
    }
    match (&old.pattern, &new.pattern) {
        (None, Some(p)) => found.push((format!("@pattern added: `{p}`"), true, false)),
        (Some(p), None) => found.push((format!("@pattern removed: `{p}`"), false, true)),
        (Some(a), Some(b)) if a != b => {
            use crate::resolve::regex_witness::{PatternChange, compare};
            found.push(match compare(a, b) {
                PatternChange::Tighter(lost) => (format!("@pattern `{a}` → `{b}`: now rejects `{lost}`"), true, false),
                PatternChange::Looser(gained) => {
                    (format!("@pattern `{a}` → `{b}`: now accepts `{gained}`"), false, true)
                }
                PatternChange::Both(lost, gained) => {
                    (format!("@pattern `{a}` → `{b}`: now rejects `{lost}` and accepts `{gained}`"), true, true)
                }
                PatternChange::Undecided(why) => {
                    (format!("@pattern `{a}` → `{b}`: could not decide which accepts more ({why})"), false, false)
                }
            })
        }
        _ => {}
    }
    found
}

fn bounds_text(bounds: &Option<LengthRange>) -> String {
    match bounds {
        None => "none".to_owned(),
        Some(LengthRange { min, max }) => {
            let show = |n: &Option<serde_json::Number>| n.as_ref().map_or_else(String::new, ToString::to_string);
            format!("{}..={}", show(min), show(max))
        }
    }
}
