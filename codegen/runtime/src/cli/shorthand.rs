//! The AWS CLI's shorthand syntax for structures, maps and lists of them:
//! `Key=team,Value=a`, `rules=[{scanFrequency=SCAN_ON_PUSH}]`, `Values=a,b,c`.
//!
//! Parsed into plain text, lists and key-value pairs first, then typed by the
//! member's [`Kind`]: text becomes a number, boolean or timestamp where the model says
//! so, and a key a structure does not have is an error naming the keys it has.

use serde_json::{Map, Value};

use super::value::{Raw, scalar};
use super::{Field, Kind};

/// A parsed shorthand value, before typing.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Untyped {
    Text(String),
    List(Vec<Untyped>),
    Pairs(Vec<(String, Untyped)>),
}

/// Parses `text` as shorthand and types it as `kind`.
pub(super) fn parse(text: &str, kind: &Kind, flag: &str) -> Result<Value, String> {
    let mut parser = Parser { chars: text.chars().collect(), at: 0 };
    let pairs = parser.pairs(None).map_err(|e| format!("--{flag}: {e} (in shorthand `{text}`)"))?;
    if parser.at < parser.chars.len() {
        return Err(format!(
            "--{flag}: unexpected `{}` at character {} of `{text}`",
            parser.chars[parser.at],
            parser.at + 1
        ));
    }
    typed(&Untyped::Pairs(pairs), kind, flag)
}

/// Types an untyped value by its kind; `path` names where it is, for messages.
pub(super) fn typed(value: &Untyped, kind: &Kind, path: &str) -> Result<Value, String> {
    match (kind, value) {
        (Kind::Structure(fields), Untyped::Pairs(pairs)) => {
            let mut object = Map::new();
            for (key, value) in pairs {
                let field = find(fields, key).ok_or_else(|| {
                    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
                    format!("--{path}: unknown key `{key}`; the keys are {}", names.join(", "))
                })?;
                object.insert(field.name.to_owned(), typed(value, &field.kind, &format!("{path}.{key}"))?);
            }
            Ok(Value::Object(object))
        }
        (Kind::Map(values), Untyped::Pairs(pairs)) => {
            let mut object = Map::new();
            for (key, value) in pairs {
                object.insert(key.clone(), typed(value, values, &format!("{path}.{key}"))?);
            }
            Ok(Value::Object(object))
        }
        (Kind::List(element), Untyped::List(items)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| typed(item, element, &format!("{path}[{index}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        // One value where a list is expected is a list of one, as the AWS CLI reads it.
        (Kind::List(element), single) => Ok(Value::Array(vec![typed(single, element, path)?])),
        (Kind::Document, Untyped::Text(text)) => Ok(Value::String(text.clone())),
        (Kind::Structure(_) | Kind::Map(_), Untyped::Text(text)) => {
            Err(format!("--{path}: expects `key=value` pairs, got `{text}`"))
        }
        (_, Untyped::Text(text)) => scalar(kind, Raw::Text(text.clone()), path),
        (_, _) => Err(format!("--{path}: a list or `key=value` pairs where a single value is expected")),
    }
}

fn find<'a>(fields: &'a [Field], key: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name == key)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    /// `key=value,key=value` up to `close` (or the end).
    fn pairs(&mut self, close: Option<char>) -> Result<Vec<(String, Untyped)>, String> {
        let mut pairs = Vec::new();
        loop {
            self.skip_spaces();
            if self.peek() == close {
                return Ok(pairs);
            }
            let key = self.key()?;
            pairs.push((key, self.values(close)?));
            self.skip_spaces();
            match self.peek() {
                Some(',') => self.at += 1,
                next if next == close => return Ok(pairs),
                Some(other) => return Err(format!("expected `,` at character {}, found `{other}`", self.at + 1)),
                None => return Err("unexpected end".to_owned()),
            }
        }
    }

    fn key(&mut self) -> Result<String, String> {
        let start = self.at;
        while let Some(c) = self.peek() {
            if c == '=' {
                let key = self.chars[start..self.at].iter().collect::<String>().trim().to_owned();
                self.at += 1;
                if key.is_empty() {
                    return Err(format!("a key is missing before `=` at character {}", self.at));
                }
                return Ok(key);
            }
            if matches!(c, ',' | '[' | ']' | '{' | '}') {
                break;
            }
            self.at += 1;
        }
        let found: String = self.chars[start..self.at].iter().collect();
        Err(format!("expected `key=value`, found `{found}`"))
    }

    /// The value after `key=`: a `[list]`, a `{map}`, or text; text followed by
    /// `,more` where `more` is not `key=` makes a list (`Values=a,b,c`).
    fn values(&mut self, close: Option<char>) -> Result<Untyped, String> {
        self.skip_spaces();
        match self.peek() {
            Some('[') => return self.list(),
            Some('{') => {
                self.at += 1;
                let pairs = self.pairs(Some('}'))?;
                self.at += 1;
                return Ok(Untyped::Pairs(pairs));
            }
            _ => {}
        }
        let first = self.text(close)?;
        let mut items = vec![Untyped::Text(first)];
        while self.peek() == Some(',') && !self.key_follows() {
            self.at += 1;
            items.push(Untyped::Text(self.text(close)?));
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Untyped::List(items) })
    }

    /// Whether `key=` comes after the comma at the current position.
    fn key_follows(&self) -> bool {
        for c in &self.chars[self.at + 1..] {
            match c {
                '=' => return true,
                ',' | '[' | ']' | '{' | '}' | '\'' | '"' => return false,
                _ => {}
            }
        }
        false
    }

    fn list(&mut self) -> Result<Untyped, String> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_spaces();
            match self.peek() {
                Some(']') => {
                    self.at += 1;
                    return Ok(Untyped::List(items));
                }
                Some('[') => items.push(self.list()?),
                Some('{') => {
                    self.at += 1;
                    items.push(Untyped::Pairs(self.pairs(Some('}'))?));
                    self.at += 1;
                }
                Some(_) => items.push(Untyped::Text(self.text(Some(']'))?)),
                None => return Err("a `[` is not closed".to_owned()),
            }
            self.skip_spaces();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(']') => {}
                Some(other) => {
                    return Err(format!("expected `,` or `]` at character {}, found `{other}`", self.at + 1));
                }
                None => return Err("a `[` is not closed".to_owned()),
            }
        }
    }

    /// Quoted text, or text up to a `,` or the closing bracket.
    fn text(&mut self, close: Option<char>) -> Result<String, String> {
        self.skip_spaces();
        if let Some(quote @ ('\'' | '"')) = self.peek() {
            let start = self.at + 1;
            let end = self.chars[start..].iter().position(|c| *c == quote).map(|n| start + n);
            let Some(end) = end else { return Err(format!("a {quote} quote is not closed")) };
            self.at = end + 1;
            return Ok(self.chars[start..end].iter().collect());
        }
        let start = self.at;
        while let Some(c) = self.peek() {
            if c == ',' || Some(c) == close || (close.is_some() && matches!(c, ']' | '}')) {
                break;
            }
            self.at += 1;
        }
        Ok(self.chars[start..self.at].iter().collect::<String>().trim_end().to_owned())
    }
}
