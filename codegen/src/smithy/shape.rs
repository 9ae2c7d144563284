//! Shapes and members of the JSON AST, checked for form as they are read.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::Traits;
use crate::error::Diagnostic;

/// The kind of a shape, with the ids it refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `string`
    String,
    /// `enum` (members are the variants)
    Enum,
    /// `intEnum` (members are the variants)
    IntEnum,
    /// `byte`
    Byte,
    /// `short`
    Short,
    /// `integer`
    Integer,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bigInteger`
    BigInteger,
    /// `bigDecimal`
    BigDecimal,
    /// `timestamp`
    Timestamp,
    /// `document`
    Document,
    /// `list` (or Smithy 1.0 `set`); its element is the member named `member`
    List,
    /// `map`; its members are named `key` and `value`
    Map,
    /// `structure`
    Structure,
    /// `union`
    Union,
    /// `service`
    Service(Service),
    /// `operation`
    Operation(Operation),
    /// `resource`
    Resource(Resource),
}

/// A service shape's references.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    /// The service's `version` string.
    pub version: String,
    /// Operations bound directly to the service.
    pub operations: Vec<String>,
    /// Resources bound to the service.
    pub resources: Vec<String>,
    /// Errors every operation of the service may return.
    pub errors: Vec<String>,
    /// Shape id → name overrides used to resolve name conflicts.
    pub rename: BTreeMap<String, String>,
}

/// An operation shape's references.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Operation {
    /// Input structure, if any.
    pub input: Option<String>,
    /// Output structure, if any.
    pub output: Option<String>,
    /// Modeled errors.
    pub errors: Vec<String>,
}

/// A resource shape's references (only the operations matter for code generation).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    /// Lifecycle and other operations bound to the resource, in a stable order.
    pub operations: Vec<String>,
    /// Child resources.
    pub resources: Vec<String>,
}

/// A shape of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Absolute shape id.
    pub id: String,
    /// What kind of shape this is.
    pub kind: ShapeKind,
    /// Members by name. Lookups go by name; generation that lists members uses
    /// [`Shape::ordered_members`].
    pub members: BTreeMap<String, Member>,
    /// The shape's own member names in the order the model lists them (as AWS's
    /// documentation does); members copied from mixins are not in it.
    pub member_order: Vec<String>,
    /// Traits applied to the shape.
    pub traits: Traits,
    /// Mixins whose members and traits this shape copies.
    pub mixins: Vec<String>,
}

/// A member of a structure, union, enum, list or map.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Member id `ns#Shape$name`.
    pub id: String,
    /// The shape the member targets.
    pub target: String,
    /// Traits applied to the member.
    pub traits: Traits,
}

/// What reading one entry of `shapes` produced.
pub(super) enum Parsed {
    Shape(Box<Shape>),
    /// An `apply` entry: traits for a shape defined elsewhere.
    Apply(Traits),
}

#[derive(Deserialize)]
struct RawReference {
    target: String,
}

#[derive(Deserialize)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawShape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    traits: BTreeMap<String, Value>,
    #[serde(default)]
    mixins: Vec<RawReference>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    members: Option<BTreeMap<String, RawMember>>,
    // service
    version: Option<String>,
    #[serde(default)]
    operations: Vec<RawReference>,
    #[serde(default)]
    resources: Vec<RawReference>,
    #[serde(default)]
    errors: Vec<RawReference>,
    #[serde(default)]
    rename: BTreeMap<String, String>,
    // operation
    input: Option<RawReference>,
    output: Option<RawReference>,
    // resource lifecycle operations
    create: Option<RawReference>,
    put: Option<RawReference>,
    read: Option<RawReference>,
    update: Option<RawReference>,
    delete: Option<RawReference>,
    list: Option<RawReference>,
    #[serde(default)]
    collection_operations: Vec<RawReference>,
}

impl Shape {
    /// The members in the model's order: those copied from mixins first (by name),
    /// then the shape's own as the model lists them. The order depends on this shape's
    /// text alone, so the same model bytes give the same order.
    pub fn ordered_members(&self) -> Vec<(&String, &Member)> {
        let mut members: Vec<_> = self.members.iter().collect();
        members.sort_by_key(|(name, _)| match self.member_order.iter().position(|own| own == *name) {
            Some(index) => (1, index),
            None => (0, 0),
        });
        members
    }

    /// Reads one entry of the `shapes` object; `member_order` is its member names in
    /// the order of the text.
    pub(super) fn from_json(id: &str, value: Value, member_order: Vec<String>) -> Result<Parsed, Diagnostic> {
        let raw: RawShape =
            serde_json::from_value(value).map_err(|err| Diagnostic::new(id, format!("malformed shape: {err}")))?;
        let traits = Traits::from_raw(id, raw.traits)?;
        let kind_name = raw.kind.clone();
        let member_of = |name: &str, raw: Option<RawMember>| -> Result<Member, Diagnostic> {
            let raw = raw.ok_or_else(|| Diagnostic::new(id, format!("`{kind_name}` shape without `{name}`")))?;
            member_from_raw(id, name, raw)
        };
        let no_members = |kind: &str| -> Result<(), Diagnostic> {
            if raw.members.is_some() || raw.member.is_some() || raw.key.is_some() || raw.value.is_some() {
                Err(Diagnostic::new(id, format!("`{kind}` shape cannot have members")))
            } else {
                Ok(())
            }
        };
        let mut members = BTreeMap::new();
        let kind = match raw.kind.as_str() {
            "apply" => return Ok(Parsed::Apply(traits)),
            simple @ ("blob" | "boolean" | "string" | "byte" | "short" | "integer" | "long" | "float" | "double"
            | "bigInteger" | "bigDecimal" | "timestamp" | "document") => {
                no_members(simple)?;
                match simple {
                    "blob" => ShapeKind::Blob,
                    "boolean" => ShapeKind::Boolean,
                    "string" => ShapeKind::String,
                    "byte" => ShapeKind::Byte,
                    "short" => ShapeKind::Short,
                    "integer" => ShapeKind::Integer,
                    "long" => ShapeKind::Long,
                    "float" => ShapeKind::Float,
                    "double" => ShapeKind::Double,
                    "bigInteger" => ShapeKind::BigInteger,
                    "bigDecimal" => ShapeKind::BigDecimal,
                    "timestamp" => ShapeKind::Timestamp,
                    _ => ShapeKind::Document,
                }
            }
            "list" | "set" => {
                members.insert("member".to_owned(), member_of("member", raw.member)?);
                ShapeKind::List
            }
            "map" => {
                members.insert("key".to_owned(), member_of("key", raw.key)?);
                members.insert("value".to_owned(), member_of("value", raw.value)?);
                ShapeKind::Map
            }
            aggregate @ ("structure" | "union" | "enum" | "intEnum") => {
                for (name, member) in raw.members.unwrap_or_default() {
                    validate_member_name(id, &name)?;
                    members.insert(name.clone(), member_from_raw(id, &name, member)?);
                }
                match aggregate {
                    "structure" => ShapeKind::Structure,
                    "union" => ShapeKind::Union,
                    "enum" => ShapeKind::Enum,
                    _ => ShapeKind::IntEnum,
                }
            }
            "service" => ShapeKind::Service(Service {
                version: raw.version.unwrap_or_default(),
                operations: targets(raw.operations),
                resources: targets(raw.resources),
                errors: targets(raw.errors),
                rename: raw.rename,
            }),
            "operation" => ShapeKind::Operation(Operation {
                input: raw.input.map(|r| r.target),
                output: raw.output.map(|r| r.target),
                errors: targets(raw.errors),
            }),
            "resource" => {
                let mut operations: Vec<String> = [raw.create, raw.put, raw.read, raw.update, raw.delete, raw.list]
                    .into_iter()
                    .flatten()
                    .map(|r| r.target)
                    .collect();
                operations.extend(targets(raw.operations));
                operations.extend(targets(raw.collection_operations));
                ShapeKind::Resource(Resource { operations, resources: targets(raw.resources) })
            }
            other => return Err(Diagnostic::new(id, format!("unknown shape type `{other}`"))),
        };
        let mixins = targets(raw.mixins);
        let member_order = if matches!(kind, ShapeKind::List | ShapeKind::Map) { Vec::new() } else { member_order };
        Ok(Parsed::Shape(Box::new(Shape { id: id.to_owned(), kind, members, traits, mixins, member_order })))
    }
}

fn targets(references: Vec<RawReference>) -> Vec<String> {
    references.into_iter().map(|r| r.target).collect()
}

fn member_from_raw(shape_id: &str, name: &str, raw: RawMember) -> Result<Member, Diagnostic> {
    let id = format!("{shape_id}${name}");
    if raw.target.is_empty() {
        return Err(Diagnostic::new(&id, "member has an empty target"));
    }
    let traits = Traits::from_raw(&id, raw.traits)?;
    Ok(Member { id, target: raw.target, traits })
}

fn validate_member_name(shape_id: &str, name: &str) -> Result<(), Diagnostic> {
    let mut chars = name.chars();
    let valid = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Diagnostic::new(format!("{shape_id}${name}"), "member name is not a valid identifier"))
    }
}

/// The names of a shape's `members`, in the order of the JSON text (`serde_json`'s
/// `Value` sorts keys, so the order is read from the raw text).
pub(super) fn member_order(raw: &str) -> Result<Vec<String>, serde_json::Error> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "keys_in_order")]
        members: Vec<String>,
    }
    fn keys_in_order<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of members")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(keys)
            }
        }
        deserializer.deserialize_map(Keys)
    }
    serde_json::from_str::<Probe>(raw).map(|probe| probe.members)
}
