//! `smithy.api#examples` and `smithy.test#smokeTests` of each operation, typed against the
//! resolved shapes ([`crate::ir::example`]).
//!
//! The reader has checked each case's form ([`crate::smithy::examples`]); here its values,
//! still JSON documents, are typed. Runs after the service is resolved, so every
//! structure, enum and union it meets is already named. An example or smoke test whose
//! values do not fit the shapes becomes a warning naming the operation and the case, and
//! is not generated.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Resolver, docs, naming};
use crate::ir::example::{Example, ExampleOutcome, ExampleValue, FieldValue, SmokeExpectation, SmokeTest, StructValue};
use crate::ir::{self, ModulePath, Presence, RustType, Structure, TypeDef, TypeKind, TypePath};
use crate::smithy::examples::{
    Document, ExampleDefinition, ExampleOutcomeDefinition, SmokeExpectationDefinition, SmokeTestDefinition,
};

impl Resolver<'_> {
    /// Fills `examples` and `smoke_tests` of every operation of `service`.
    pub(super) fn attach_examples(&mut self, service: &mut ir::Service) {
        let mut found = Vec::new();
        let mut warnings = Vec::new();
        let mut diagnostics = Vec::new();
        let mut smoke_names = BTreeMap::new();
        {
            let typer = Typer::new(service);
            for (id, refs) in &self.operations {
                let module = &self.operation_modules[id];
                let Some(index) = service.operations.iter().position(|op| &op.module == module) else { continue };
                let operation = &service.operations[index];
                let examples = match refs.shape.traits.examples(id) {
                    Ok(definitions) => typer.examples(id, operation, &definitions, &mut warnings),
                    Err(diagnostic) => {
                        diagnostics.push(diagnostic);
                        Vec::new()
                    }
                };
                let smoke_tests = match refs.shape.traits.smoke_tests(id) {
                    Ok(definitions) => typer.smoke_tests(id, operation, &definitions, &mut smoke_names, &mut warnings),
                    Err(diagnostic) => {
                        diagnostics.push(diagnostic);
                        Vec::new()
                    }
                };
                found.push((index, examples, smoke_tests));
            }
        }
        for (index, examples, smoke_tests) in found {
            service.operations[index].examples = examples;
            service.operations[index].smoke_tests = smoke_tests;
        }
        service.warnings.extend(warnings);
        diagnostics.into_iter().for_each(|d| self.diagnostics.push(d));
    }
}

/// Looks up named types while typing values.
struct Typer<'s> {
    types: BTreeMap<&'s str, &'s TypeDef>,
    errors: &'s [Structure],
}

impl<'s> Typer<'s> {
    fn new(service: &'s ir::Service) -> Typer<'s> {
        Typer { types: service.types.iter().map(|t| (t.name(), t)).collect(), errors: &service.errors }
    }

    fn examples(
        &self,
        id: &str,
        operation: &ir::Operation,
        definitions: &[ExampleDefinition],
        warnings: &mut Vec<String>,
    ) -> Vec<Example> {
        let mut examples = Vec::new();
        let mut names = BTreeMap::new();
        for definition in definitions {
            let title = &definition.title;
            match self.example(operation, definition) {
                Ok((input, outcome)) => examples.push(Example {
                    test_name: unique_name(title, &mut names),
                    docs: docs::html_to_markdown(definition.documentation.as_deref().unwrap_or_default(), &|_| None),
                    title: title.clone(),
                    input,
                    outcome,
                }),
                Err(reason) => warnings.push(format!(
                    "operation `{id}`: example `{title}` does not fit the shapes ({reason}); it is not generated"
                )),
            }
        }
        examples
    }

    fn example(
        &self,
        operation: &ir::Operation,
        definition: &ExampleDefinition,
    ) -> Result<(StructValue, Option<ExampleOutcome>), String> {
        let input = self.io_value(operation, &operation.input, &definition.input, "input")?;
        let outcome = match &definition.outcome {
            None => None,
            // A streamed output is a body read as it arrives, not a value to compare: the
            // example still checks its input.
            Some(ExampleOutcomeDefinition::Output(_))
                if operation.output.members.iter().any(|m| m.ty == RustType::ByteStream) =>
            {
                None
            }
            Some(ExampleOutcomeDefinition::Output(output)) => {
                Some(ExampleOutcome::Output(self.io_value(operation, &operation.output, output, "output")?))
            }
            Some(ExampleOutcomeDefinition::Error { shape_id, content }) => {
                let structure = self.operation_error(operation, shape_id)?;
                let path = error_path(structure);
                Some(ExampleOutcome::Error(self.struct_value(structure, path, content, "error.content")?))
            }
        };
        Ok((input, outcome))
    }

    fn smoke_tests(
        &self,
        id: &str,
        operation: &ir::Operation,
        definitions: &[SmokeTestDefinition],
        names: &mut BTreeMap<String, usize>,
        warnings: &mut Vec<String>,
    ) -> Vec<SmokeTest> {
        let mut tests = Vec::new();
        for definition in definitions {
            let case = &definition.id;
            match self.smoke_test(operation, definition) {
                Ok((input, expect)) => {
                    if !definition.other_vendor_params.is_empty() {
                        let ignored: Vec<String> =
                            definition.other_vendor_params.iter().map(|name| format!("`{name}`")).collect();
                        warnings.push(format!(
                            "operation `{id}`: smoke test `{case}`: vendorParams {} are ignored; the test runs \
                             against the server it is given",
                            ignored.join(", ")
                        ));
                    }
                    tests.push(SmokeTest {
                        test_name: unique_name(case, names),
                        id: case.clone(),
                        input,
                        region: definition.region.clone(),
                        expect,
                    })
                }
                Err(reason) => warnings.push(format!(
                    "operation `{id}`: smoke test `{case}` does not fit the shapes ({reason}); it is not generated"
                )),
            }
        }
        tests
    }

    fn smoke_test(
        &self,
        operation: &ir::Operation,
        definition: &SmokeTestDefinition,
    ) -> Result<(StructValue, SmokeExpectation), String> {
        let input = self.io_value(operation, &operation.input, &definition.params, "params")?;
        let expect = match &definition.expect {
            SmokeExpectationDefinition::Success => SmokeExpectation::Success,
            SmokeExpectationDefinition::Failure { error_id } => {
                let error = match error_id {
                    None => None,
                    Some(shape_id) => Some(error_path(self.operation_error(operation, shape_id)?)),
                };
                SmokeExpectation::Failure { error }
            }
        };
        Ok((input, expect))
    }

    /// A modeled error of the operation, by shape id.
    fn operation_error(&self, operation: &ir::Operation, shape_id: &str) -> Result<&'s Structure, String> {
        self.errors
            .iter()
            .find(|e| e.shape_id == shape_id && operation.errors.iter().any(|p| p.name == e.name))
            .ok_or_else(|| format!("`{shape_id}` is not an error of the operation"))
    }

    fn io_value(
        &self,
        operation: &ir::Operation,
        structure: &Structure,
        object: &Document,
        at: &str,
    ) -> Result<StructValue, String> {
        let path = TypePath {
            module: ModulePath::Operation(operation.module.clone()),
            name: structure.name.clone(),
            kind: TypeKind::Structure,
        };
        self.struct_value(structure, path, object, at)
    }

    fn struct_value(
        &self,
        structure: &Structure,
        path: TypePath,
        object: &Document,
        at: &str,
    ) -> Result<StructValue, String> {
        for key in object.keys() {
            if !structure.members.iter().any(|m| &m.model_name == key) {
                return Err(format!("{at}: `{}` has no member `{key}`", structure.name));
            }
        }
        let mut fields = Vec::new();
        for member in &structure.members {
            let at = format!("{at}.{}", member.model_name);
            match object.get(&member.model_name) {
                None | Some(Value::Null) if member.presence == Presence::Required => {
                    return Err(format!("{at}: the required member is missing"));
                }
                None | Some(Value::Null) => {}
                Some(value) => fields.push(FieldValue {
                    field: member.field.clone(),
                    word: member.word.clone(),
                    wire_name: member.wire_name.clone(),
                    in_body: member.binding == crate::ir::Binding::Body,
                    value: self.value(&member.ty, value, &at)?,
                }),
            }
        }
        let fallible = structure.builder_is_fallible();
        Ok(StructValue { path, fallible, fields })
    }

    fn value(&self, ty: &RustType, json: &Value, at: &str) -> Result<ExampleValue, String> {
        let mismatch = |expected: &str| Err(format!("{at}: expected {expected}, found {json}"));
        Ok(match ty {
            RustType::String => match json {
                Value::String(s) => ExampleValue::Str(s.clone()),
                _ => return mismatch("a string"),
            },
            RustType::Bool => match json {
                Value::Bool(b) => ExampleValue::Bool(*b),
                _ => return mismatch("a boolean"),
            },
            RustType::Byte | RustType::Short | RustType::Integer | RustType::Long => {
                let Some(v) = json.as_i64() else { return mismatch("an integer") };
                let fits = match ty {
                    RustType::Byte => i8::try_from(v).is_ok(),
                    RustType::Short => i16::try_from(v).is_ok(),
                    RustType::Integer => i32::try_from(v).is_ok(),
                    _ => true,
                };
                if !fits {
                    return mismatch("an integer in the member's range");
                }
                ExampleValue::Int(ty.clone(), v)
            }
            RustType::Float | RustType::Double => match json {
                Value::Number(n) => ExampleValue::Float(ty.clone(), n.as_f64().unwrap_or_default()),
                Value::String(s) if s == "NaN" => ExampleValue::Float(ty.clone(), f64::NAN),
                Value::String(s) if s == "Infinity" => ExampleValue::Float(ty.clone(), f64::INFINITY),
                Value::String(s) if s == "-Infinity" => ExampleValue::Float(ty.clone(), f64::NEG_INFINITY),
                _ => return mismatch("a number"),
            },
            RustType::BigInteger | RustType::BigDecimal => {
                let text = match json {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    _ => return mismatch("a number"),
                };
                let integer = ty == &RustType::BigInteger;
                if !is_decimal_text(&text, integer) {
                    return mismatch(if integer { "integer text" } else { "decimal text" });
                }
                ExampleValue::BigNumber(ty.clone(), text)
            }
            RustType::ByteStream => return Err(format!("{at}: a stream has no example value")),
            RustType::Blob => match json {
                Value::String(s) => ExampleValue::Blob(s.as_bytes().to_vec()),
                _ => return mismatch("a string"),
            },
            RustType::Timestamp(format) => {
                let (secs, nanos) = match json {
                    Value::Number(n) => match n.as_i64() {
                        Some(secs) => (secs, 0),
                        None => split_seconds(&n.to_string()).ok_or(format!("{at}: `{n}` is out of range"))?,
                    },
                    Value::String(s) => parse_rfc3339(s).ok_or(format!("{at}: `{s}` is not an RFC 3339 date-time"))?,
                    _ => return mismatch("epoch seconds or an RFC 3339 date-time"),
                };
                ExampleValue::Timestamp { secs, nanos, format: *format }
            }
            RustType::Document => ExampleValue::Document(json.to_string()),
            RustType::List { member, sparse } => {
                let Value::Array(items) = json else { return mismatch("a list") };
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| match item {
                        Value::Null if *sparse => Ok(ExampleValue::Null),
                        _ => self.value(member, item, &format!("{at}[{i}]")),
                    })
                    .collect::<Result<_, _>>()?;
                ExampleValue::List { element: (**member).clone(), sparse: *sparse, items }
            }
            RustType::Map { key, value, sparse } => {
                let Value::Object(object) = json else { return mismatch("a map") };
                let mut entries = Vec::new();
                for (k, v) in object {
                    let at = format!("{at}.{k}");
                    let key_value = self.value(key, &Value::String(k.clone()), &at)?;
                    let item = match v {
                        Value::Null if *sparse => ExampleValue::Null,
                        _ => self.value(value, v, &at)?,
                    };
                    entries.push((key_value, item));
                }
                ExampleValue::Map { key: (**key).clone(), value: (**value).clone(), sparse: *sparse, entries }
            }
            RustType::Named(path) => self.named_value(path, json, at)?,
        })
    }

    fn named_value(&self, path: &TypePath, json: &Value, at: &str) -> Result<ExampleValue, String> {
        let Some(def) = self.types.get(path.name.as_str()).filter(|_| path.module == ModulePath::Types) else {
            return Err(format!("{at}: `{}` is not a data type", path.name));
        };
        Ok(match def {
            TypeDef::Structure(s) => {
                let Value::Object(object) = json else { return Err(format!("{at}: expected an object")) };
                ExampleValue::Struct(self.struct_value(s, path.clone(), object, at)?)
            }
            TypeDef::Enum(e) => {
                let Value::String(text) = json else { return Err(format!("{at}: expected a string, found {json}")) };
                let Some(variant) = e.variants.iter().find(|v| &v.value == text) else {
                    return Err(format!("{at}: `{text}` is not a value of `{}`", e.name));
                };
                ExampleValue::Enum { path: path.clone(), variant: variant.name.clone(), value: text.clone() }
            }
            TypeDef::IntEnum(e) => {
                let number = json.as_i64().ok_or_else(|| format!("{at}: expected an integer, found {json}"))?;
                let Some(variant) = e.variants.iter().find(|v| i64::from(v.value) == number) else {
                    return Err(format!("{at}: {number} is not a value of `{}`", e.name));
                };
                ExampleValue::IntEnum { path: path.clone(), variant: variant.name.clone(), value: variant.value }
            }
            TypeDef::Union(u) => {
                let Value::Object(object) = json else { return Err(format!("{at}: expected an object, found {json}")) };
                let [(key, value)] = object.iter().collect::<Vec<_>>()[..] else {
                    return Err(format!("{at}: a union value must set exactly one member"));
                };
                let Some(variant) = u.variants.iter().find(|v| &v.wire_name == key) else {
                    return Err(format!("{at}: `{}` has no member `{key}`", u.name));
                };
                let value = match &variant.ty {
                    Some(ty) => Some(Box::new(self.value(ty, value, &format!("{at}.{key}"))?)),
                    None => None,
                };
                ExampleValue::Union {
                    path: path.clone(),
                    variant: variant.name.clone(),
                    wire_name: variant.wire_name.clone(),
                    value,
                    boxed: variant.boxed,
                }
            }
        })
    }
}

fn error_path(structure: &Structure) -> TypePath {
    TypePath { module: ModulePath::Error, name: structure.name.clone(), kind: TypeKind::Structure }
}

/// A snake-case function name from a title or id, unique among `names`.
fn unique_name(text: &str, names: &mut BTreeMap<String, usize>) -> String {
    let cleaned: String = text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let snake = naming::snake_name(cleaned.trim());
    let base = if snake.ident == snake.word { snake.word } else { format!("{}_case", snake.word) };
    let count = names.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 { base } else { format!("{base}_{count}") }
}

/// Whether `text` is an optionally signed integer (or, unless `integer`, a decimal with
/// an optional fraction and exponent).
fn is_decimal_text(text: &str, integer: bool) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if integer {
        return !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    }
    let (mantissa, exponent) = match digits.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (digits, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(whole.is_empty() && fraction.is_empty())
        && all_digits(whole)
        && all_digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && all_digits(e))
}

/// Epoch seconds with a fraction, as the JSON number's text (`1586329200.918`,
/// `-0.25`, `1.5e3`), split into whole seconds and nanoseconds exactly: no float
/// arithmetic, which would turn `.918` into 917999983 ns. Fraction digits beyond
/// nanoseconds are truncated, as the runtime's parser does.
fn split_seconds(text: &str) -> Option<(i64, u32)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.strip_prefix('+').unwrap_or(e).parse::<i32>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (whole.is_empty() && fraction.is_empty()) || !(whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // All digits, with the decimal point moved by the exponent.
    let digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).map(|b| b - b'0').collect();
    let point = i64::try_from(whole.len()).ok()? + i64::from(exponent);
    let digit = |i: i64| usize::try_from(i).ok().and_then(|i| digits.get(i)).copied().unwrap_or(0);
    // Epoch seconds beyond 10^15 are far outside any date the runtime represents.
    if point > 16 {
        return None;
    }
    let mut secs: i64 = 0;
    for i in 0..point.max(0) {
        secs = secs * 10 + i64::from(digit(i));
    }
    let mut nanos: u32 = 0;
    for i in point..point + 9 {
        nanos = nanos * 10 + u32::from(digit(i));
    }
    if secs > 1_000_000_000_000_000 {
        return None;
    }
    Some(match (negative, nanos) {
        (false, _) => (secs, nanos),
        (true, 0) => (-secs, 0),
        (true, _) => (-secs - 1, 1_000_000_000 - nanos),
    })
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into epoch seconds and nanoseconds,
/// with the parser generated clients read `date-time` timestamps with.
fn parse_rfc3339(text: &str) -> Option<(i64, u32)> {
    let time = aws_client_runtime::DateTime::parse(text, aws_client_runtime::Format::DateTime).ok()?;
    Some((time.secs(), time.subsec_nanos()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates_become_epoch_seconds() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(parse_rfc3339("2025-11-17T22:00:33Z"), Some((1_763_416_833, 0)));
        assert_eq!(parse_rfc3339("2000-02-29T12:00:00.25+01:00"), Some((951_822_000, 250_000_000)));
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some((-1, 0)));
        assert_eq!(parse_rfc3339("2025-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn fractional_epoch_seconds_split() {
        assert_eq!(split_seconds("1.5"), Some((1, 500_000_000)));
        assert_eq!(split_seconds("-0.25"), Some((-1, 750_000_000)));
        assert_eq!(split_seconds("1e3"), Some((1000, 0)));
        assert_eq!(split_seconds("1.5e-3"), Some((0, 1_500_000)));
        assert_eq!(split_seconds("1e30"), None);
        assert_eq!(split_seconds("."), None);
        // Not exact in binary: the float closest to 1586329200.918 is below it.
        assert_eq!(split_seconds("1586329200.918"), Some((1_586_329_200, 918_000_000)));
        assert_eq!(split_seconds("0.1"), Some((0, 100_000_000)));
        assert_eq!(split_seconds("1.0000000019"), Some((1, 1)), "truncated past nanoseconds");
        // The text serde_json gives back for a parsed example number.
        let number: serde_json::Value = serde_json::from_str("1586329200.918").unwrap();
        assert_eq!(split_seconds(&number.to_string()), Some((1_586_329_200, 918_000_000)));
    }

    #[test]
    fn test_names_are_identifiers_and_unique() {
        let mut names = BTreeMap::new();
        assert_eq!(unique_name("To delete multiple images", &mut names), "to_delete_multiple_images");
        assert_eq!(unique_name("To delete multiple images", &mut names), "to_delete_multiple_images_2");
        assert_eq!(unique_name("type", &mut names), "type_case");
        assert_eq!(unique_name("DescribeRepositoriesSuccess", &mut names), "describe_repositories_success");
        assert_eq!(unique_name("1 thing", &mut names), "n1_thing");
    }

    #[test]
    fn decimal_text() {
        assert!(is_decimal_text("-12", true));
        assert!(!is_decimal_text("1.5", true));
        assert!(is_decimal_text("1.5e-3", false));
        assert!(!is_decimal_text("1.5e", false));
        assert!(!is_decimal_text(".", false));
    }
}
