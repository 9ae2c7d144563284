//! Regular expressions (the region patterns of the partition table, `@pattern`
//! constraints) compiled at generation time into programs for the runtime's matcher,
//! which steps over the text one character at a time.
//!
//! Supported (ECMA-262 meaning, as Smithy specifies): anchors, `.` (any character),
//! literals (any Unicode) and escapes (`\n \r \t \f \v \0`, `\xXX`, `\uXXXX`,
//! `\u{X…}`), `\w \d \s` and their negations, `\p{…}`/`\P{…}` (general categories,
//! scripts and binary properties by their Unicode names), classes with ranges, groups
//! (`(...)`, `(?:...)`) with alternatives, and the quantifiers `* + ? {n} {n,} {n,m}`
//! (lazy forms match the same strings). Look-around and back-references cannot run
//! in linear time and are errors, so callers can skip the expression and say why.

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
pub(super) enum Node {
    Start,
    End,
    Any,
    /// One character.
    Char(char),
    /// One character in (or, when `negated`, not in) the inclusive ranges.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    Group(Vec<Vec<Node>>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: u32,
    },
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
        Node::Char(c) => match u8::try_from(*c).ok().filter(u8::is_ascii) {
            Some(byte) => push(program, Inst::Byte(byte)).map(drop),
            None => push(program, Inst::Chars { negated: false, ranges: vec![(*c, *c)] }).map(drop),
        },
        Node::Class { negated, ranges } => {
            let ascii = |c: char| u8::try_from(c).ok().filter(u8::is_ascii);
            // ASCII-only classes keep the compact byte form, in the written order (the
            // programs made before Unicode support); the rest list characters, sorted
            // and merged for the matcher's binary search.
            let inst = match ranges.iter().map(|&(l, h)| Some((ascii(l)?, ascii(h)?))).collect::<Option<Vec<_>>>() {
                Some(bytes) => Inst::Class { negated: *negated, ranges: bytes },
                None => Inst::Chars { negated: *negated, ranges: normalize(ranges) },
            };
            push(program, inst).map(drop)
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

/// Sorted, merged, non-overlapping ranges.
fn normalize(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<(char, char)> = Vec::new();
    for (low, high) in sorted {
        match merged.last_mut() {
            Some(last) if u32::from(low) <= u32::from(last.1).saturating_add(1) => last.1 = last.1.max(high),
            _ => merged.push((low, high)),
        }
    }
    merged
}

/// Every character (surrogates are not characters) outside sorted, merged `ranges`.
fn complement(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut out = Vec::new();
    let mut next = 0u32;
    let emit = |from: u32, to: u32, out: &mut Vec<(char, char)>| {
        // Split around the surrogate gap, which `char` cannot hold.
        for (a, b) in [(from, to.min(0xD7FF)), (from.max(0xE000), to)] {
            if a <= b
                && let (Some(a), Some(b)) = (char::from_u32(a), char::from_u32(b))
            {
                out.push((a, b));
            }
        }
    };
    for &(low, high) in ranges {
        if u32::from(low) > next {
            emit(next, u32::from(low) - 1, &mut out);
        }
        next = u32::from(high) + 1;
    }
    if next <= 0x10FFFF {
        emit(next, 0x10FFFF, &mut out);
    }
    out
}

/// Parses an expression into its syntax tree.
pub(super) fn parse(regex: &str) -> Result<Vec<Node>, String> {
    let mut parser = Parser { text: regex, at: 0 };
    let alternatives = parser.alternatives()?;
    if let Some(c) = parser.peek() {
        return Err(format!("unexpected `{c}` at {}", parser.at));
    }
    Ok(match <[_; 1]>::try_from(alternatives) {
        Ok([only]) => only,
        Err(many) => vec![Node::Group(many)],
    })
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
}

const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const DIGIT: &[(char, char)] = &[('0', '9')];
/// ECMA-262 white space and line terminators.
const SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    (' ', ' '),
    ('\u{A0}', '\u{A0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200A}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202F}', '\u{202F}'),
    ('\u{205F}', '\u{205F}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{FEFF}', '\u{FEFF}'),
];

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn alternatives(&mut self) -> Result<Vec<Vec<Node>>, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.at += 1;
            alternatives.push(self.sequence()?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            self.next();
            let atom = match c {
                '^' => Node::Start,
                '$' => Node::End,
                '.' => Node::Any,
                '(' => {
                    if self.rest().starts_with("?:") {
                        self.at += 2;
                    } else if self.peek() == Some('?') {
                        return Err("look-around and other `(?` groups cannot run in linear time".to_owned());
                    }
                    let alternatives = self.alternatives()?;
                    if self.peek() != Some(')') {
                        return Err("unclosed `(`".to_owned());
                    }
                    self.at += 1;
                    Node::Group(alternatives)
                }
                '[' => self.class()?,
                '\\' => self.escape()?,
                '*' | '+' | '?' | '{' => return Err(format!("`{c}` repeats nothing")),
                literal => Node::Char(literal),
            };
            let node = self.quantified(atom)?;
            nodes.push(node);
        }
        Ok(nodes)
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, u32::MAX),
            Some('+') => (1, u32::MAX),
            Some('?') => (0, 1),
            Some('{') => {
                let close = self.rest().find('}').ok_or("unclosed `{`")? + self.at;
                let inside = &self.text[self.at + 1..close];
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
        // A lazy quantifier matches the same set of strings; only match positions differ.
        if self.peek() == Some('?') {
            self.at += 1;
        }
        if matches!(atom, Node::Start | Node::End) {
            return Err("an anchor cannot repeat".to_owned());
        }
        if min > max {
            return Err(format!("repetition {min} > {max}"));
        }
        Ok(Node::Repeat { node: Box::new(atom), min, max })
    }

    /// `count` hexadecimal digits as a character.
    fn hex(&mut self, count: usize) -> Result<char, String> {
        let digits = self.rest().get(..count).filter(|d| d.chars().all(|c| c.is_ascii_hexdigit()));
        let digits = digits.ok_or_else(|| format!("expected {count} hexadecimal digits at {}", self.at))?;
        let value = u32::from_str_radix(digits, 16).map_err(|e| e.to_string())?;
        self.at += count;
        char::from_u32(value).ok_or_else(|| format!("U+{value:04X} is not a character"))
    }

    fn escape(&mut self) -> Result<Node, String> {
        let c = self.next().ok_or("trailing `\\`")?;
        let class = |negated: bool, ranges: &[(char, char)]| Node::Class { negated, ranges: ranges.to_vec() };
        Ok(match c {
            'w' => class(false, WORD),
            'W' => class(true, WORD),
            'd' => class(false, DIGIT),
            'D' => class(true, DIGIT),
            's' => class(false, SPACE),
            'S' => class(true, SPACE),
            'n' => Node::Char('\n'),
            'r' => Node::Char('\r'),
            't' => Node::Char('\t'),
            'f' => Node::Char('\u{C}'),
            'v' => Node::Char('\u{B}'),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Node::Char('\0'),
            'x' => Node::Char(self.hex(2)?),
            'u' if self.peek() == Some('{') => {
                let close = self.rest().find('}').ok_or("unclosed `\\u{`")? + self.at;
                let digits = &self.text[self.at + 1..close];
                let value = u32::from_str_radix(digits, 16).map_err(|_| format!("bad code point `\\u{{{digits}}}`"))?;
                self.at = close + 1;
                Node::Char(char::from_u32(value).ok_or_else(|| format!("U+{value:04X} is not a character"))?)
            }
            'u' => Node::Char(self.hex(4)?),
            'p' | 'P' => {
                let name = if self.peek() == Some('{') {
                    let close = self.rest().find('}').ok_or("unclosed `\\p{`")? + self.at;
                    let name = &self.text[self.at + 1..close];
                    self.at = close + 1;
                    name
                } else {
                    let start = self.at;
                    self.next().ok_or("`\\p` needs a property name")?;
                    &self.text[start..self.at]
                };
                class(c == 'P', &unicode_property(name)?)
            }
            c if c.is_ascii_digit() => return Err("back-references cannot run in linear time".to_owned()),
            c if c.is_ascii_punctuation() => Node::Char(c),
            other => return Err(format!("escape `\\{other}` is not supported")),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.next().ok_or("unclosed `[`")?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = if c == '\\' {
                match self.escape()? {
                    Node::Char(c) => c,
                    Node::Class { negated: false, ranges: more } => {
                        ranges.extend(more);
                        continue;
                    }
                    Node::Class { negated: true, ranges: more } => {
                        ranges.extend(complement(&normalize(&more)));
                        continue;
                    }
                    _ => return Err("unexpected escape inside a class".to_owned()),
                }
            } else {
                c
            };
            let mut ahead = self.rest().chars();
            if ahead.next() == Some('-') && ahead.next().is_some_and(|c| c != ']') {
                self.at += 1;
                let high = match self.next() {
                    Some('\\') => match self.escape()? {
                        Node::Char(c) => c,
                        _ => return Err("a class range must end in a character".to_owned()),
                    },
                    Some(c) => c,
                    None => return Err("unclosed `[`".to_owned()),
                };
                if high < low {
                    return Err(format!("range `{low}-{high}` is reversed"));
                }
                ranges.push((low, high));
            } else {
                ranges.push((low, low));
            }
        }
        Ok(Node::Class { negated, ranges })
    }
}

/// The characters of a Unicode property (`L`, `Lu`, `Letter`, `Greek`,
/// `Script=Greek`, `gc=Nd`, `Alphabetic`), by the Unicode data regex-syntax carries.
fn unicode_property(name: &str) -> Result<Vec<(char, char)>, String> {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::Parser::new()
        .parse(&format!("\\p{{{name}}}"))
        .map_err(|_| format!("`\\p{{{name}}}` names no Unicode property this generator knows"))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Ok(class.ranges().iter().map(|r| (r.start(), r.end())).collect()),
        _ => Err(format!("`\\p{{{name}}}` is not a character class")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a program through the runtime's matcher.
    fn matches(regex: &str, text: &str) -> bool {
        aws_client_runtime::rules::is_match(&compile(regex).unwrap().program, text)
    }

    #[test]
    fn compiles_the_region_expressions() {
        let nodes = parse(r"^(us|eu)\-\w+\-\d+$").unwrap();
        assert_eq!(nodes.len(), 7);
        assert_eq!(nodes[0], Node::Start);
        assert_eq!(
            nodes[1],
            Node::Group(vec![vec![Node::Char('u'), Node::Char('s')], vec![Node::Char('e'), Node::Char('u')]])
        );
        assert_eq!(nodes[2], Node::Char('-'));
        assert!(matches!(&nodes[3], Node::Repeat { min: 1, max: u32::MAX, .. }));
        assert_eq!(parse("a|b").unwrap().len(), 1, "top-level alternatives become one group");
        assert_eq!(
            parse("[a-c_]{2,3}").unwrap(),
            vec![Node::Repeat {
                node: Box::new(Node::Class { negated: false, ranges: vec![('a', 'c'), ('_', '_')] }),
                min: 2,
                max: 3
            }]
        );
    }

    #[test]
    fn rejects_what_the_matcher_cannot_do() {
        for bad in
            ["(?=a)", "(?!a)", "(a)\\1", "(a", "a)", "[a", "*a", "a{3,1}", "\\q", "^*", "\\p{NoSuchThing}", "\\uD800"]
        {
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

    #[test]
    fn unicode_classes_escapes_and_literals_match_characters() {
        let letters = r"^[\p{L}\p{Mn}][\p{L}\p{N}_-]*$";
        for (text, expected) in
            [("Ünïcode", true), ("日本語_1", true), ("αβγ-δ", true), ("1abc", false), ("a b", false)]
        {
            assert_eq!(matches(letters, text), expected, "{text}");
        }
        assert!(matches(r"^\P{Lu}+$", "lower ünïcode"));
        assert!(!matches(r"^\P{Lu}+$", "Ü"));
        assert!(matches(r"^\p{Greek}{3}$", "αβγ"));
        assert!(!matches(r"^\p{Greek}{3}$", "abc"));
        assert!(matches(r"^[\u0020-\u007E\u00A0-\u00FF]*$", "café au lait"));
        assert!(!matches(r"^[\u0020-\u007E\u00A0-\u00FF]*$", "naïve €"));
        assert!(matches(r"^\x41\u0042\u{1F600}$", "AB😀"));
        assert!(matches("^é+$", "éé"));
        // One character is one step, whatever its encoded length.
        assert!(matches("^.{3}$", "a€😀"));
        assert!(!matches("^.{3}$", "a€"));
        assert!(matches("^[^a]$", "€"));
        assert!(!matches("^[^a]$", "a"));
        assert!(matches(r"^\S+$", "日本"));
        assert!(!matches(r"^\S+$", "a\u{3000}b"), "ideographic space is white space");
        assert!(matches(r"^[\S]+$", "x€"));
        assert!(matches("^a+?b*?$", "aab"), "lazy quantifiers match the same strings");
    }
}
