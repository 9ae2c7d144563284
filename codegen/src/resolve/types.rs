//! The Rust type of a member's target: primitives, timestamps with their wire format
//! (the protocol's default for the member's location unless `@timestampFormat` says
//! otherwise), lists and maps, and references to generated types.

use super::Resolver;
use crate::error::Diagnostic;
use crate::ir::{self, RustType, TypeKind};
use crate::smithy::{ShapeKind, Traits};

impl<'m> Resolver<'m> {
    /// The Rust type for a target; `stack` holds the collection shapes being expanded.
    pub(super) fn rust_type(
        &mut self,
        target: &str,
        member_traits: &Traits,
        owner: &str,
        location: ir::Location,
        stack: &mut Vec<String>,
    ) -> Option<RustType> {
        if let Some(path) = self.paths.get(target) {
            return Some(RustType::Named(path.clone()));
        }
        let kind = self.kind_of(target)?;
        let shape = self.model.shape(target);
        Some(match kind {
            ShapeKind::String => RustType::String,
            ShapeKind::Boolean => RustType::Bool,
            ShapeKind::Byte => RustType::Byte,
            ShapeKind::Short => RustType::Short,
            ShapeKind::Integer => RustType::Integer,
            ShapeKind::Long => RustType::Long,
            ShapeKind::Float => RustType::Float,
            ShapeKind::Double => RustType::Double,
            ShapeKind::BigInteger => RustType::BigInteger,
            ShapeKind::BigDecimal => RustType::BigDecimal,
            ShapeKind::Blob if shape.is_some_and(|s| s.traits.streaming()) => RustType::ByteStream,
            ShapeKind::Blob => RustType::Blob,
            ShapeKind::Document => RustType::Document,
            ShapeKind::Timestamp => {
                let format = match self.check(member_traits.timestamp_format(owner))? {
                    Some(format) => Some(format),
                    None => shape.and_then(|s| self.check(s.traits.timestamp_format(&s.id)).flatten()),
                };
                RustType::Timestamp(match format {
                    Some("date-time") => ir::TimestampFormat::DateTime,
                    Some("http-date") => ir::TimestampFormat::HttpDate,
                    Some("epoch-seconds") => ir::TimestampFormat::EpochSeconds,
                    _ => self.protocol.default_timestamp_format(location),
                })
            }
            ShapeKind::List | ShapeKind::Map => {
                let shape = shape?;
                if stack.iter().any(|s| s == target) {
                    self.diagnostics.push(Diagnostic::new(
                        target,
                        "contains itself through lists and maps only, with no structure or union to break the cycle",
                    ));
                    return None;
                }
                stack.push(target.to_owned());
                let sparse = shape.traits.sparse();
                let inner = |this: &mut Self, name: &str, stack: &mut Vec<String>| {
                    let member = &shape.members[name];
                    this.rust_type(&member.target, &member.traits, &member.id, location, stack).map(Box::new)
                };
                let ty = if kind == ShapeKind::List {
                    RustType::List { member: inner(self, "member", stack)?, sparse }
                } else {
                    let key = inner(self, "key", stack)?;
                    let key_ok = matches!(&*key, RustType::String)
                        || matches!(&*key, RustType::Named(p) if p.kind == TypeKind::Enum);
                    if !key_ok {
                        self.diagnostics.push(Diagnostic::new(
                            format!("{target}$key"),
                            "map keys must target a string or enum shape",
                        ));
                        return None;
                    }
                    RustType::Map { key, value: inner(self, "value", stack)?, sparse }
                };
                stack.pop();
                ty
            }
            ShapeKind::Enum
            | ShapeKind::IntEnum
            | ShapeKind::Structure
            | ShapeKind::Union
            | ShapeKind::Service(_)
            | ShapeKind::Operation(_)
            | ShapeKind::Resource(_) => {
                self.diagnostics.push(Diagnostic::new(owner, format!("cannot use `{target}` as a member type here")));
                return None;
            }
        })
    }
}
