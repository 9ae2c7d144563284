//! The partition table, resolved: outputs typed and merged with each region's
//! overrides, region regexes compiled into matcher nodes.

use serde_json::{Map, Value};

use crate::error::{Diagnostic, Diagnostics};
use crate::ir::endpoint::{PartitionEntry, PartitionOutputs, PartitionTable, PatternNode};
use crate::smithy::partitions::PartitionDef;

/// Resolves every partition, reporting all problems.
pub fn partition_table(defs: &[PartitionDef]) -> Result<PartitionTable, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut partitions = Vec::new();
    for def in defs {
        let location = format!("partitions {}", def.id);
        let pattern = compile(&def.region_regex)
            .map_err(|e| {
                diagnostics.push(Diagnostic::new(&location, format!("regionRegex `{}`: {e}", def.region_regex)))
            })
            .ok();
        let outputs = outputs(&def.outputs, None).map_err(|e| diagnostics.push(Diagnostic::new(&location, e))).ok();
        let (Some(pattern), Some(outputs)) = (pattern, outputs) else { continue };
        let mut regions = Vec::new();
        for (name, overrides) in &def.regions {
            match self::outputs(overrides, Some(&outputs)) {
                Ok(merged) => regions.push((name.clone(), merged)),
                Err(e) => diagnostics.push(Diagnostic::new(format!("{location} region {name}"), e)),
            }
        }
        regions.sort_by(|a, b| a.0.cmp(&b.0));
        partitions.push(PartitionEntry { id: def.id.clone(), pattern, regions, outputs });
    }
    diagnostics.into_result(PartitionTable { partitions })
}

/// Outputs from JSON fields, each falling back to `base` when given.
fn outputs(fields: &Map<String, Value>, base: Option<&PartitionOutputs>) -> Result<PartitionOutputs, String> {
    let text = |key: &str, fallback: Option<&String>| match (fields.get(key), fallback) {
        (Some(Value::String(s)), _) => Ok(s.clone()),
        (None, Some(fallback)) => Ok(fallback.clone()),
        _ => Err(format!("output `{key}` is missing or not a string")),
    };
    let flag = |key: &str, fallback: Option<bool>| match (fields.get(key), fallback) {
        (Some(Value::Bool(b)), _) => Ok(*b),
        (None, Some(fallback)) => Ok(fallback),
        _ => Err(format!("output `{key}` is missing or not a boolean")),
    };
    Ok(PartitionOutputs {
        name: text("name", base.map(|b| &b.name))?,
        dns_suffix: text("dnsSuffix", base.map(|b| &b.dns_suffix))?,
        dual_stack_dns_suffix: text("dualStackDnsSuffix", base.map(|b| &b.dual_stack_dns_suffix))?,
        supports_fips: flag("supportsFIPS", base.map(|b| b.supports_fips))?,
        supports_dual_stack: flag("supportsDualStack", base.map(|b| b.supports_dual_stack))?,
        implicit_global_region: text("implicitGlobalRegion", base.map(|b| &b.implicit_global_region))?,
    })
}

/// Compiles an ASCII regular expression: anchors, `.`, literals and escapes,
/// `\w \d \s` (and negations), classes with ranges, groups with alternatives, and
/// the quantifiers `* + ? {n} {n,} {n,m}`.
pub fn compile(regex: &str) -> Result<Vec<PatternNode>, String> {
    if !regex.is_ascii() {
        return Err("only ASCII expressions are supported".to_owned());
    }
    let mut parser = Parser { bytes: regex.as_bytes(), at: 0 };
    let alternatives = parser.alternatives()?;
    if parser.at != parser.bytes.len() {
        return Err(format!("unexpected `{}` at {}", char::from(parser.bytes[parser.at]), parser.at));
    }
    Ok(match <[_; 1]>::try_from(alternatives) {
        Ok([only]) => only,
        Err(many) => vec![PatternNode::Group(many)],
    })
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

const WORD: &[(u8, u8)] = &[(b'0', b'9'), (b'A', b'Z'), (b'_', b'_'), (b'a', b'z')];
const DIGIT: &[(u8, u8)] = &[(b'0', b'9')];
const SPACE: &[(u8, u8)] = &[(b'\t', b'\r'), (b' ', b' ')];

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<PatternNode>>, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some(b'|') {
            self.at += 1;
            alternatives.push(self.sequence()?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Result<Vec<PatternNode>, String> {
        let mut nodes = Vec::new();
        while let Some(byte) = self.peek() {
            if byte == b'|' || byte == b')' {
                break;
            }
            self.at += 1;
            let atom = match byte {
                b'^' => PatternNode::Start,
                b'$' => PatternNode::End,
                b'.' => PatternNode::Any,
                b'(' => {
                    if self.bytes[self.at..].starts_with(b"?:") {
                        self.at += 2;
                    } else if self.peek() == Some(b'?') {
                        return Err("look-around and other `(?` groups are not supported".to_owned());
                    }
                    let alternatives = self.alternatives()?;
                    if self.peek() != Some(b')') {
                        return Err("unclosed `(`".to_owned());
                    }
                    self.at += 1;
                    PatternNode::Group(alternatives)
                }
                b'[' => self.class()?,
                b'\\' => self.escape()?,
                b'*' | b'+' | b'?' | b'{' => return Err(format!("`{}` repeats nothing", char::from(byte))),
                literal => PatternNode::Byte(literal),
            };
            let node = self.quantified(atom)?;
            nodes.push(node);
        }
        Ok(nodes)
    }

    fn quantified(&mut self, atom: PatternNode) -> Result<PatternNode, String> {
        let (min, max) = match self.peek() {
            Some(b'*') => (0, u32::MAX),
            Some(b'+') => (1, u32::MAX),
            Some(b'?') => (0, 1),
            Some(b'{') => {
                let close = self.bytes[self.at..].iter().position(|&b| b == b'}').ok_or("unclosed `{`")? + self.at;
                let inside = std::str::from_utf8(&self.bytes[self.at + 1..close]).map_err(|e| e.to_string())?;
                let number = |s: &str| s.trim().parse::<u32>().map_err(|_| format!("bad repetition `{{{inside}}}`"));
                let bounds = match inside.split_once(',') {
                    None => (number(inside)?, number(inside)?),
                    Some((min, "")) => (number(min)?, u32::MAX),
                    Some((min, max)) => (number(min)?, number(max)?),
                };
                self.at = close;
                bounds
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        if matches!(atom, PatternNode::Start | PatternNode::End) {
            return Err("an anchor cannot repeat".to_owned());
        }
        if min > max {
            return Err(format!("repetition {min} > {max}"));
        }
        Ok(PatternNode::Repeat { node: Box::new(atom), min, max })
    }

    fn escape(&mut self) -> Result<PatternNode, String> {
        let byte = self.peek().ok_or("trailing `\\`")?;
        self.at += 1;
        let class = |negated: bool, ranges: &[(u8, u8)]| PatternNode::Class { negated, ranges: ranges.to_vec() };
        Ok(match byte {
            b'w' => class(false, WORD),
            b'W' => class(true, WORD),
            b'd' => class(false, DIGIT),
            b'D' => class(true, DIGIT),
            b's' => class(false, SPACE),
            b'S' => class(true, SPACE),
            b'n' => PatternNode::Byte(b'\n'),
            b't' => PatternNode::Byte(b'\t'),
            b if b.is_ascii_punctuation() => PatternNode::Byte(b),
            other => return Err(format!("escape `\\{}` is not supported", char::from(other))),
        })
    }

    fn class(&mut self) -> Result<PatternNode, String> {
        let negated = self.peek() == Some(b'^');
        if negated {
            self.at += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let byte = self.peek().ok_or("unclosed `[`")?;
            self.at += 1;
            if byte == b']' && !first {
                break;
            }
            first = false;
            let low = if byte == b'\\' {
                match self.escape()? {
                    PatternNode::Byte(b) => b,
                    PatternNode::Class { negated: false, ranges: more } => {
                        ranges.extend(more);
                        continue;
                    }
                    _ => return Err("negated escapes inside a class are not supported".to_owned()),
                }
            } else {
                byte
            };
            if self.peek() == Some(b'-') && self.bytes.get(self.at + 1).is_some_and(|&b| b != b']') {
                let high = self.bytes[self.at + 1];
                self.at += 2;
                if high < low {
                    return Err(format!("range `{}-{}` is reversed", char::from(low), char::from(high)));
                }
                ranges.push((low, high));
            } else {
                ranges.push((low, low));
            }
        }
        Ok(PatternNode::Class { negated, ranges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_the_region_expressions() {
        let nodes = compile(r"^(us|eu)\-\w+\-\d+$").unwrap();
        assert_eq!(nodes.len(), 7);
        assert_eq!(nodes[0], PatternNode::Start);
        assert_eq!(
            nodes[1],
            PatternNode::Group(vec![
                vec![PatternNode::Byte(b'u'), PatternNode::Byte(b's')],
                vec![PatternNode::Byte(b'e'), PatternNode::Byte(b'u')]
            ])
        );
        assert_eq!(nodes[2], PatternNode::Byte(b'-'));
        assert!(matches!(&nodes[3], PatternNode::Repeat { min: 1, max: u32::MAX, .. }));
        assert_eq!(compile("a|b").unwrap().len(), 1, "top-level alternatives become one group");
        assert_eq!(
            compile("[a-c_]{2,3}").unwrap(),
            vec![PatternNode::Repeat {
                node: Box::new(PatternNode::Class { negated: false, ranges: vec![(b'a', b'c'), (b'_', b'_')] }),
                min: 2,
                max: 3
            }]
        );
    }

    #[test]
    fn rejects_what_the_matcher_cannot_do() {
        for bad in ["(?=a)", "(a", "a)", "[a", "*a", "a{3,1}", "\\q", "é", "^*"] {
            assert!(compile(bad).is_err(), "{bad}");
        }
    }
}
