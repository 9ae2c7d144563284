//! Comparison of the constraints in force on structure members (`@length`, `@range`,
//! `@pattern`, on the member or its target, and through lists and maps on the values
//! they hold), as the resolved members carry them.
//!
//! Constraints on the input side are what requests are validated against (by the
//! client before sending where it checks them, by the service in any case), so a
//! tightened `@length` or `@range`, or a new `@pattern`, is **breaking** there: a
//! request that passed may now fail. A `@pattern` replaced by another is compared on
//! generated witnesses (strings one accepts, run through the other): a string the old
//! one accepted and the new one rejects makes it tightened (breaking on the input
//! side); only newly accepted ones, loosened. When no witness tells them apart, or one
//! cannot be run, it is **behavioural** ("could not decide"), to be reviewed. Loosened
//! constraints, and any change on the output side only, are **non-breaking**.

use std::collections::BTreeMap;

use super::api::MemberPair;
use super::{Change, Impact, Kind};
use crate::ir::RustType;
use crate::ir::constraints::{Bounds, Constraints};
use crate::resolve::regex_witness::{self, PatternChange};
use crate::smithy;

/// The changes of constraints on the members present in both revisions. A change of a
/// shared target shape (`RepositoryName`) is reported once, naming the members that
/// use it; a change of a member's own constraints, per member.
pub(super) fn compare(members: &[MemberPair]) -> Vec<Change> {
    let mut groups: BTreeMap<(Impact, Kind, String, String, &str), Vec<String>> = BTreeMap::new();
    for pair in members {
        let old_sites = sites(&pair.old.ty, Some(&pair.old.constraints));
        let new_sites = sites(&pair.new.ty, Some(&pair.new.constraints));
        for (site, old_constraints) in &old_sites {
            let Some((_, new_constraints)) = new_sites.iter().find(|(label, _)| label == site) else { continue };
            let shared = shared_origin(*old_constraints, *new_constraints);
            let empty = Constraints::default();
            let (old_constraints, new_constraints) =
                (old_constraints.unwrap_or(&empty), new_constraints.unwrap_or(&empty));
            for (what, tighter, looser) in differences(old_constraints, new_constraints) {
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
    groups
        .into_iter()
        .map(|((impact, kind, subject, what, side), users)| {
            if users.len() == 1 && users[0] == subject {
                return Change { impact, kind, subject, detail: what, affected: Vec::new() };
            }
            let shown: Vec<String> = users.iter().take(3).map(|u| format!("`{u}`")).collect();
            let more = if users.len() > 3 { format!(" and {} more", users.len() - 3) } else { String::new() };
            let noun = if users.len() == 1 { "member" } else { "members" };
            let detail = format!("{what}; {} {noun} on the {side}: {}{more}", users.len(), shown.join(", "));
            Change { impact, kind, subject, detail, affected: users }
        })
        .collect()
}

/// The constraints on a member's value, labelled `""`, then through lists and maps on
/// the values it holds: `"elements"`, `"keys"`, `"values"` (nested: `"elements' values"`).
/// `None` where the resolved member keeps nothing: the model declares no constraint there.
fn sites<'c>(ty: &RustType, constraints: Option<&'c Constraints>) -> Vec<(String, Option<&'c Constraints>)> {
    fn walk<'c>(
        ty: &RustType,
        constraints: Option<&'c Constraints>,
        label: String,
        found: &mut Vec<(String, Option<&'c Constraints>)>,
    ) {
        found.push((label.clone(), constraints));
        let inner = |name: &str| if label.is_empty() { name.to_owned() } else { format!("{label}' {name}") };
        let element = constraints.and_then(|c| c.element.as_deref());
        match ty {
            RustType::List { member, .. } => walk(member, element, inner("elements"), found),
            RustType::Map { key, value, .. } => {
                walk(key, constraints.and_then(|c| c.key.as_deref()), inner("keys"), found);
                walk(value, element, inner("values"), found);
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(ty, constraints, String::new(), &mut found);
    found
}

/// The target shape both revisions take a site's constraints from, if they do. Where
/// one side keeps nothing (the model declares no constraint there any more, or not yet),
/// the other side's origin stands for both.
fn shared_origin<'c>(old: Option<&'c Constraints>, new: Option<&'c Constraints>) -> Option<&'c String> {
    match (old, new) {
        (Some(old), Some(new)) => old.inherited_from.as_ref().filter(|t| new.inherited_from.as_ref() == Some(*t)),
        (Some(only), None) | (None, Some(only)) => only.inherited_from.as_ref(),
        (None, None) => None,
    }
}

/// Each differing constraint: (description, accepts less, accepts more).
fn differences(old: &Constraints, new: &Constraints) -> Vec<(String, bool, bool)> {
    let mut found = Vec::new();
    for (name, a, b) in [("@length", &old.length, &new.length), ("@range", &old.range, &new.range)] {
        if a == b {
            continue;
        }
        let (a_min, b_min) = (lower(a), lower(b));
        let (a_max, b_max) = (upper(a), upper(b));
        let tighter = b_min > a_min || b_max < a_max;
        let looser = b_min < a_min || b_max > a_max;
        found.push((format!("{name} {} → {}", bounds_text(a), bounds_text(b)), tighter, looser));
    }
    match (pattern(old), pattern(new)) {
        (None, Some(p)) => found.push((format!("@pattern added: `{p}`"), true, false)),
        (Some(p), None) => found.push((format!("@pattern removed: `{p}`"), false, true)),
        (Some(a), Some(b)) if a != b => found.push(match regex_witness::compare(a, b) {
            PatternChange::Tighter(lost) => (format!("@pattern `{a}` → `{b}`: now rejects `{lost}`"), true, false),
            PatternChange::Looser(gained) => (format!("@pattern `{a}` → `{b}`: now accepts `{gained}`"), false, true),
            PatternChange::Both(lost, gained) => {
                (format!("@pattern `{a}` → `{b}`: now rejects `{lost}` and accepts `{gained}`"), true, true)
            }
            PatternChange::Undecided(why) => {
                (format!("@pattern `{a}` → `{b}`: could not decide which accepts more ({why})"), false, false)
            }
        }),
        _ => {}
    }
    found
}

/// The `@pattern` in force, checked by the client or not.
fn pattern(constraints: &Constraints) -> Option<&str> {
    constraints.pattern.as_ref().map(|regex| regex.source.as_str()).or(constraints.unchecked_pattern.as_deref())
}

fn lower(bounds: &Option<Bounds>) -> f64 {
    bounds.and_then(|b| b.min).unwrap_or(f64::MIN)
}

fn upper(bounds: &Option<Bounds>) -> f64 {
    bounds.and_then(|b| b.max).unwrap_or(f64::MAX)
}

fn bounds_text(bounds: &Option<Bounds>) -> String {
    match bounds {
        None => "none".to_owned(),
        Some(Bounds { min, max }) => {
            let show = |n: &Option<f64>| n.map_or_else(String::new, |n| n.to_string());
            format!("{}..={}", show(min), show(max))
        }
    }
}
