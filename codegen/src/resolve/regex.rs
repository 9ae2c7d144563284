//! Regular expressions (the region patterns of the partition table, `@pattern`
//! constraints) compiled at generation time into programs for the runtime's matcher.
//!
//! Supported: anchors, `.`, literals and escapes, `\\w \\d \\s` and their negations,
//! classes with ranges, groups (`(...)`, `(?:...)`) with alternatives, and the
//! quantifiers `* + ? {n} {n,} {n,m}`. Anything else (look-around, back-references,
//! Unicode classes, non-ASCII text) is an error, so callers can skip the expression.

use crate::ir::regex::{Inst, Regex};

/// The largest program accepted (counted repetitions expand).
const MAX_PROGRAM: usize = 4096;

/// Compiles `regex`, or says why it cannot be.
pub fn compile(regex: &str) -> Result<Regex, String> {
    let nodes = parse(regex)?;
    let mut program = Vec::new();
    lower(&nodes, &mut program)?;
    program.push(Inst::Match);
    Ok(Regex { source: regex.to_owned(), program })
}

/// The syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Start,
    End,
    Any,
    Byte(u8),
    Class { negated: bool, ranges: Vec<(u8, u8)> },
    Group(Vec<Vec<Node>>),
    Repeat { node: Box<Node>, min: u32, max: u32 },
}

fn push(program: &mut Vec<Inst>, inst: Inst) -> Result<usize, String> {
    if program.len() >= MAX_PROGRAM {
        return Err(format!("the expression compiles to more than {MAX_PROGRAM} instructions"));
    }
    program.push(inst);
    Ok(program.len() - 1)
}

fn lower(nodes: &[Node], program: &mut Vec<Inst>) -> Result<(), String> {
    for node in nodes {
        lower_one(node, program)?;
    }
    Ok(())
}

fn lower_one(node: &Node, program: &mut Vec<Inst>) -> Result<(), String> {
    match node {
        Node::Start => push(program, Inst::Start).map(drop),
        Node::End => push(program, Inst::End).map(drop),
        Node::Any => push(program, Inst::Any).map(drop),
        Node::Byte(b) => push(program, Inst::Byte(*b)).map(drop),
        Node::Class { negated, ranges } => {
            push(program, Inst::Class { negated: *negated, ranges: ranges.clone() }).map(drop)
        }
        Node::Group(alternatives) => {
            let mut exits = Vec::new();
            for (index, alternative) in alternatives.iter().enumerate() {
                if index + 1 == alternatives.len() {
                    lower(alternative, program)?;
                } else {
                    let split = push(program, Inst::Split(0, 0))?;
                    lower(alternative, program)?;
                    exits.push(push(program, Inst::Jump(0))?);
                    program[split] = Inst::Split(split + 1, program.len());
                }
            }
            let end = program.len();
            for exit in exits {
                program[exit] = Inst::Jump(end);
            }
            Ok(())
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                lower_one(node, program)?;
            }
            if *max == u32::MAX {
                // L: split(body, out); body; jump L
                let split = push(program, Inst::Split(0, 0))?;
                lower_one(node, program)?;
                push(program, Inst::Jump(split))?;
                program[split] = Inst::Split(split + 1, program.len());
            } else {
                let mut splits = Vec::new();
                for _ in *min..*max {
                    splits.push(push(program, Inst::Split(0, 0))?);
                    lower_one(node, program)?;
                }
                let end = program.len();
                for split in splits {
                    program[split] = Inst::Split(split + 1, end);
                }
            }
            Ok(())
        }
    }
}

/// Parses an ASCII regular expression into its syntax tree.
fn parse(regex: &str) -> Result<Vec<Node>, String> {
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
        Err(many) => vec![Node::Group(many)],
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

    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some(b'|') {
            self.at += 1;
            alternatives.push(self.sequence()?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        while let Some(byte) = self.peek() {
            if byte == b'|' || byte == b')' {
                break;
            }
            self.at += 1;
            let atom = match byte {
                b'^' => Node::Start,
                b'$' => Node::End,
                b'.' => Node::Any,
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
                    Node::Group(alternatives)
                }
                b'[' => self.class()?,
                b'\\' => self.escape()?,
                b'*' | b'+' | b'?' | b'{' => return Err(format!("`{}` repeats nothing", char::from(byte))),
                literal => Node::Byte(literal),
            };
            let node = self.quantified(atom)?;
            nodes.push(node);
        }
        Ok(nodes)
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
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
        if matches!(atom, Node::Start | Node::End) {
            return Err("an anchor cannot repeat".to_owned());
        }
        if min > max {
            return Err(format!("repetition {min} > {max}"));
        }
        Ok(Node::Repeat { node: Box::new(atom), min, max })
    }

    fn escape(&mut self) -> Result<Node, String> {
        let byte = self.peek().ok_or("trailing `\\`")?;
        self.at += 1;
        let class = |negated: bool, ranges: &[(u8, u8)]| Node::Class { negated, ranges: ranges.to_vec() };
        Ok(match byte {
            b'w' => class(false, WORD),
            b'W' => class(true, WORD),
            b'd' => class(false, DIGIT),
            b'D' => class(true, DIGIT),
            b's' => class(false, SPACE),
            b'S' => class(true, SPACE),
            b'n' => Node::Byte(b'\n'),
            b't' => Node::Byte(b'\t'),
            b if b.is_ascii_punctuation() => Node::Byte(b),
            other => return Err(format!("escape `\\{}` is not supported", char::from(other))),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
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
                    Node::Byte(b) => b,
                    Node::Class { negated: false, ranges: more } => {
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
        Ok(Node::Class { negated, ranges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a program the way the runtime does (a small Pike VM), for the tests.
    fn matches(regex: &str, text: &str) -> bool {
        let program = compile(regex).unwrap().program;
        let bytes = text.as_bytes();
        let mut current: Vec<usize> = Vec::new();
        for at in 0..=bytes.len() {
            add(&program, &mut current, 0, at, bytes.len());
            let mut next = Vec::new();
            for &pc in &current {
                let ok = match &program[pc] {
                    Inst::Match => return true,
                    Inst::Byte(b) => bytes.get(at) == Some(b),
                    Inst::Any => at < bytes.len(),
                    Inst::Class { negated, ranges } => {
                        bytes.get(at).is_some_and(|b| ranges.iter().any(|(l, h)| (l..=h).contains(&b)) != *negated)
                    }
                    _ => false,
                };
                if ok {
                    add(&program, &mut next, pc + 1, at + 1, bytes.len());
                }
            }
            current = next;
        }
        false
    }

    fn add(program: &[Inst], list: &mut Vec<usize>, pc: usize, at: usize, len: usize) {
        if list.contains(&pc) {
            return;
        }
        list.push(pc);
        match program[pc] {
            Inst::Jump(to) => add(program, list, to, at, len),
            Inst::Split(a, b) => {
                add(program, list, a, at, len);
                add(program, list, b, at, len);
            }
            Inst::Start if at == 0 => add(program, list, pc + 1, at, len),
            Inst::End if at == len => add(program, list, pc + 1, at, len),
            _ => {}
        }
    }

    #[test]
    fn compiles_the_region_expressions() {
        let nodes = parse(r"^(us|eu)\-\w+\-\d+$").unwrap();
        assert_eq!(nodes.len(), 7);
        assert_eq!(nodes[0], Node::Start);
        assert_eq!(
            nodes[1],
            Node::Group(vec![vec![Node::Byte(b'u'), Node::Byte(b's')], vec![Node::Byte(b'e'), Node::Byte(b'u')]])
        );
        assert_eq!(nodes[2], Node::Byte(b'-'));
        assert!(matches!(&nodes[3], Node::Repeat { min: 1, max: u32::MAX, .. }));
        assert_eq!(parse("a|b").unwrap().len(), 1, "top-level alternatives become one group");
        assert_eq!(
            parse("[a-c_]{2,3}").unwrap(),
            vec![Node::Repeat {
                node: Box::new(Node::Class { negated: false, ranges: vec![(b'a', b'c'), (b'_', b'_')] }),
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

    #[test]
    fn programs_match_like_the_expressions() {
        let region = r"^(us|eu)\-\w+\-\d+$";
        for (text, expected) in
            [("us-east-1", true), ("eu-west-12", true), ("us-gov-west-1", false), ("xus-east-1", false), ("", false)]
        {
            assert_eq!(matches(region, text), expected, "{text}");
        }
        let repository = r"^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$";
        assert!(matches(repository, "project-a/nginx-web-app"));
        assert!(!matches(repository, "Project"));
        assert!(!matches(repository, &format!("{}!", "a-".repeat(200))), "linear time on a near miss");
        assert!(matches("^[0-9]{12}$", "123456789012"));
        assert!(!matches("^[0-9]{12}$", "12345678901"));
        assert!(matches("b+", "aab"), "unanchored: a match anywhere");
        assert!(matches("^$|x", ""));
        assert!(matches(r"^\S+$", "a:b"));
        assert!(!matches(r"^\S+$", "a b"));
        assert!(compile(&format!("a{{{}}}", MAX_PROGRAM + 1)).is_err(), "too large");
    }
}
