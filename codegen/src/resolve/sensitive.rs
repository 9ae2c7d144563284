//! Which members hold `@sensitive` data, whatever the path to it.

use super::Resolver;
use crate::smithy::{Member, ShapeKind};

impl Resolver<'_> {
    /// Whether a member's value holds sensitive data that its container's `Debug` must
    /// redact: the member or its target is `@sensitive`, or the target is a list or map
    /// whose element, key or value (at any depth of nesting) is. Structures and unions
    /// are not followed: their own `Debug` redacts what they hold.
    pub(super) fn reaches_sensitive(&self, member: &Member, depth: usize) -> bool {
        if member.traits.sensitive() {
            return true;
        }
        let Some(target) = self.model.shape(&member.target) else { return false };
        if target.traits.sensitive() {
            return true;
        }
        // Collections nest only finitely (a cycle needs a structure or union, which
        // is rejected otherwise); the depth bound keeps a malformed model finite too.
        matches!(target.kind, ShapeKind::List | ShapeKind::Map)
            && depth < 32
            && target.members.values().any(|element| self.reaches_sensitive(element, depth + 1))
    }
}
