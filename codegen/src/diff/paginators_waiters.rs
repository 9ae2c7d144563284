//! Comparison of each operation's paginator and waiters, as resolved.
//!
//! A paginator or waiter that disappears, or a paginator whose tokens, items or page
//! size move, is **breaking** for code that drives it; a waiter whose acceptors, delays
//! or documentation change is **behavioural**; new ones are **non-breaking**.

use std::collections::BTreeMap;

use super::{Change, Impact, Kind};
use crate::ir::pagination::DeclaredPagination;
use crate::ir::waiter::Waiter;
use crate::ir::{Operation, Service};

/// The paginator and waiter changes of the operations present in the new revision.
pub(super) fn compare(old: &Service, new: &Service) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut push = |impact, kind, subject: &str, detail: String| {
        changes.push(Change { impact, kind, subject: subject.to_owned(), detail, affected: Vec::new() });
    };
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.name.as_str(), o)).collect();
    for new_op in &new.operations {
        let subject = format!("Client::{}", new_op.module);
        let old_op = old_ops.get(new_op.name.as_str());
        let declared = |op: &Operation| op.paginator.as_ref().map(|p| p.declared.clone());
        match (old_op.and_then(|op| declared(op)), declared(new_op)) {
            (None, Some(p)) => push(Impact::NonBreaking, Kind::PaginatorAdded, &subject, text(&p)),
            (Some(p), None) => push(Impact::Breaking, Kind::PaginatorRemoved, &subject, text(&p)),
            (Some(a), Some(b)) if a != b => {
                push(Impact::Breaking, Kind::PaginatorChanged, &subject, format!("{} → {}", text(&a), text(&b)))
            }
            _ => {}
        }
        let old_waiters: BTreeMap<&str, &Waiter> =
            old_op.iter().flat_map(|op| &op.waiters).map(|w| (w.name.as_str(), w)).collect();
        for waiter in &new_op.waiters {
            let name = &waiter.name;
            match old_waiters.get(name.as_str()) {
                None => push(Impact::NonBreaking, Kind::WaiterAdded, &subject, format!("waiter `{name}`")),
                Some(old_waiter) if waiter_changed(old_waiter, waiter) => push(
                    Impact::Behavioural,
                    Kind::WaiterChanged,
                    &subject,
                    format!("waiter `{name}`: acceptors, delays or documentation changed"),
                ),
                Some(_) => {}
            }
        }
        for name in old_waiters.keys().filter(|name| !new_op.waiters.iter().any(|w| w.name == **name)) {
            push(Impact::Breaking, Kind::WaiterRemoved, &subject, format!("waiter `{name}` removed"));
        }
    }
    changes
}

/// Whether a waiter polls, stops or reads differently: its acceptors (states, matchers,
/// typed paths, expected values), delays, deprecation or documentation.
fn waiter_changed(old: &Waiter, new: &Waiter) -> bool {
    old.acceptors != new.acceptors
        || (old.min_delay, old.max_delay) != (new.min_delay, new.max_delay)
        || old.deprecated != new.deprecated
        || old.docs != new.docs
}

fn text(paginator: &DeclaredPagination) -> String {
    let optional = |value: &Option<String>| value.as_ref().map_or_else(|| "none".to_owned(), |v| format!("`{v}`"));
    format!(
        "input token `{}`, output token `{}`, items {}, page size {}",
        paginator.input_token,
        paginator.output_token,
        optional(&paginator.items),
        optional(&paginator.page_size)
    )
}
