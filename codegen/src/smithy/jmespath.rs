//! Reads the JMESPath expressions of waiter acceptors into a syntax tree: the
//! subset AWS waiters use (fields, sub-expressions, `[n]`, `[*]` and `[]`
//! projections, `[?filter]`, `length`/`contains`/`keys`, comparisons, `&&`, `||`,
//! `!`, `@`, raw strings and literals). Typing happens in the resolver.

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`, the current node.
    Current,
    /// A field of the current node.
    Field(String),
    /// `a.b`: `b` evaluated on `a`.
    Sub(Box<Expr>, Box<Expr>),
    /// `a[n]` (negative counts from the end).
    Index(Box<Expr>, i64),
    /// `a[*].rest`: `rest` on each element of the list `a`.
    Project(Box<Expr>, Box<Expr>),
    /// `a[].rest`: `rest` on each element of `a` flattened one level.
    Flatten(Box<Expr>, Box<Expr>),
    /// `a[?cond].rest`: `rest` on each element of `a` for which `cond` holds.
    Filter(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A function call.
    Call(String, Vec<Expr>),
    /// A comparison.
    Compare(Comparison, Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// A literal (`'raw'` or `` `json` ``).
    Literal(serde_json::Value),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Parses an expression; the error says what is wrong and where.
pub fn parse(text: &str) -> Result<Expr, String> {
    let mut parser = Parser { text, tokens: tokenize(text)?, at: 0 };
    let expr = parser.expression(0)?;
    match parser.tokens.get(parser.at) {
        None => Ok(expr),
        Some(token) => Err(format!("unexpected {token:?} in `{text}`")),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Number(i64),
    Literal(serde_json::Value),
    Dot,
    Star,
    At,
    LBracket,
    RBracket,
    Filter,
    LParen,
    RParen,
    Comma,
    And,
    Or,
    Not,
    Compare(Comparison),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let quoted = |i: &mut usize, close: char| -> Result<String, String> {
        let mut value = String::new();
        *i += 1;
        while *i < chars.len() && chars[*i] != close {
            if chars[*i] == '\\' && *i + 1 < chars.len() {
                *i += 1;
            }
            value.push(chars[*i]);
            *i += 1;
        }
        if *i >= chars.len() {
            return Err(format!("unclosed {close} in `{text}`"));
        }
        *i += 1;
        Ok(value)
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (token, width) = match (c, next) {
            (' ' | '\t' | '\n', _) => {
                i += 1;
                continue;
            }
            ('.', _) => (Token::Dot, 1),
            ('*', _) => (Token::Star, 1),
            ('@', _) => (Token::At, 1),
            ('[', Some('?')) => (Token::Filter, 2),
            ('[', _) => (Token::LBracket, 1),
            (']', _) => (Token::RBracket, 1),
            ('(', _) => (Token::LParen, 1),
            (')', _) => (Token::RParen, 1),
            (',', _) => (Token::Comma, 1),
            ('&', Some('&')) => (Token::And, 2),
            ('|', Some('|')) => (Token::Or, 2),
            ('=', Some('=')) => (Token::Compare(Comparison::Eq), 2),
            ('!', Some('=')) => (Token::Compare(Comparison::Ne), 2),
            ('<', Some('=')) => (Token::Compare(Comparison::Le), 2),
            ('>', Some('=')) => (Token::Compare(Comparison::Ge), 2),
            ('<', _) => (Token::Compare(Comparison::Lt), 1),
            ('>', _) => (Token::Compare(Comparison::Gt), 1),
            ('!', _) => (Token::Not, 1),
            ('\'', _) => {
                tokens.push(Token::Literal(serde_json::Value::String(quoted(&mut i, '\'')?)));
                continue;
            }
            ('`', _) => {
                let json = quoted(&mut i, '`')?;
                let value = serde_json::from_str(json.trim())
                    .map_err(|e| format!("literal `{json}` in `{text}` is not JSON: {e}"))?;
                tokens.push(Token::Literal(value));
                continue;
            }
            ('"', _) => {
                tokens.push(Token::Ident(quoted(&mut i, '"')?));
                continue;
            }
            (c, _) if c.is_ascii_digit() || (c == '-' && next.is_some_and(|n| n.is_ascii_digit())) => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let number: String = chars[start..i].iter().collect();
                tokens.push(Token::Number(number.parse().map_err(|_| format!("bad number `{number}` in `{text}`"))?));
                continue;
            }
            (c, _) if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token::Ident(chars[start..i].iter().collect()));
                continue;
            }
            (c, _) => return Err(format!("unexpected `{c}` in `{text}`")),
        };
        tokens.push(token);
        i += width;
    }
    Ok(tokens)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
}

/// Builds a binary expression from its operands.
type Binary = fn(Box<Expr>, Box<Expr>) -> Expr;

/// Binding powers, loosest first.
const OR: u8 = 1;
const AND: u8 = 2;
const COMPARE: u8 = 3;
const NOT: u8 = 4;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn expect(&mut self, token: &Token) -> Result<(), String> {
        if self.peek() == Some(token) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected {token:?} at token {} of `{}`", self.at, self.text))
        }
    }

    /// An expression whose operators bind tighter than `min`.
    fn expression(&mut self, min: u8) -> Result<Expr, String> {
        let mut left = self.unary()?;
        loop {
            let (power, build): (u8, Binary) = match self.peek() {
                Some(Token::Or) => (OR, Expr::Or),
                Some(Token::And) => (AND, Expr::And),
                Some(Token::Compare(op)) => {
                    let op = *op;
                    if COMPARE <= min {
                        break;
                    }
                    self.at += 1;
                    let right = self.expression(COMPARE)?;
                    left = Expr::Compare(op, Box::new(left), Box::new(right));
                    continue;
                }
                _ => break,
            };
            if power <= min {
                break;
            }
            self.at += 1;
            let right = self.expression(power)?;
            left = build(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek() == Some(&Token::Not) {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.expression(NOT)?)));
        }
        let primary = self.primary()?;
        self.postfix(primary)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let token = self.peek().cloned().ok_or_else(|| format!("`{}` ends too early", self.text))?;
        self.at += 1;
        Ok(match token {
            Token::At => Expr::Current,
            Token::Literal(value) => Expr::Literal(value),
            Token::Ident(name) if self.peek() == Some(&Token::LParen) => {
                self.at += 1;
                let mut args = Vec::new();
                if self.peek() != Some(&Token::RParen) {
                    loop {
                        args.push(self.expression(0)?);
                        if self.peek() == Some(&Token::Comma) {
                            self.at += 1;
                        } else {
                            break;
                        }
                    }
                }
                self.expect(&Token::RParen)?;
                Expr::Call(name, args)
            }
            Token::Ident(name) => Expr::Field(name),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Token::RParen)?;
                inner
            }
            Token::LBracket | Token::Filter => {
                // A bracket at the start applies to the current node.
                self.at -= 1;
                Expr::Current
            }
            other => return Err(format!("unexpected {other:?} in `{}`", self.text)),
        })
    }

    /// `.field`, `[n]`, `[*]`, `[]`, `[?cond]` after `left`; projections take the rest
    /// of the chain as their right-hand side.
    fn postfix(&mut self, mut left: Expr) -> Result<Expr, String> {
        loop {
            match self.peek() {
                Some(Token::Dot) => {
                    self.at += 1;
                    let right = match self.peek().cloned() {
                        Some(Token::Ident(name)) if self.tokens.get(self.at + 1) != Some(&Token::LParen) => {
                            self.at += 1;
                            Expr::Field(name)
                        }
                        _ => self.primary()?,
                    };
                    left = Expr::Sub(Box::new(left), Box::new(right));
                }
                Some(Token::LBracket) => {
                    self.at += 1;
                    match self.peek().cloned() {
                        Some(Token::Number(n)) => {
                            self.at += 1;
                            self.expect(&Token::RBracket)?;
                            left = Expr::Index(Box::new(left), n);
                        }
                        Some(Token::Star) => {
                            self.at += 1;
                            self.expect(&Token::RBracket)?;
                            let rest = self.projection_rest()?;
                            return Ok(Expr::Project(Box::new(left), Box::new(rest)));
                        }
                        Some(Token::RBracket) => {
                            self.at += 1;
                            let rest = self.projection_rest()?;
                            return Ok(Expr::Flatten(Box::new(left), Box::new(rest)));
                        }
                        _ => return Err(format!("unsupported bracket expression in `{}`", self.text)),
                    }
                }
                Some(Token::Filter) => {
                    self.at += 1;
                    let condition = self.expression(0)?;
                    self.expect(&Token::RBracket)?;
                    let rest = self.projection_rest()?;
                    return Ok(Expr::Filter(Box::new(left), Box::new(condition), Box::new(rest)));
                }
                _ => return Ok(left),
            }
        }
    }

    /// What follows a projection, applied to each element (`@` when nothing does).
    fn projection_rest(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some(Token::Dot) => {
                self.at += 1;
                let first = self.primary()?;
                self.postfix(first)
            }
            Some(Token::LBracket | Token::Filter) => self.postfix(Expr::Current),
            _ => Ok(Expr::Current),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    #[test]
    fn paths_projections_and_filters() {
        assert_eq!(parse("a.b").unwrap(), Expr::Sub(field("a"), field("b")));
        assert_eq!(parse("a[*].b").unwrap(), Expr::Project(field("a"), field("b")));
        assert_eq!(
            parse("a[].b[]").unwrap(),
            Expr::Flatten(field("a"), Box::new(Expr::Flatten(field("b"), Box::new(Expr::Current))))
        );
        assert_eq!(parse("a[0]").unwrap(), Expr::Index(field("a"), 0));
        assert_eq!(
            parse("a[?b == 'x'].c").unwrap(),
            Expr::Filter(
                field("a"),
                Box::new(Expr::Compare(Comparison::Eq, field("b"), Box::new(Expr::Literal("x".into())))),
                field("c")
            )
        );
        assert_eq!(
            parse("length(a[*]) > `0` && !b").unwrap(),
            Expr::And(
                Box::new(Expr::Compare(
                    Comparison::Gt,
                    Box::new(Expr::Call("length".into(), vec![Expr::Project(field("a"), Box::new(Expr::Current))])),
                    Box::new(Expr::Literal(0.into()))
                )),
                Box::new(Expr::Not(field("b")))
            )
        );
        assert_eq!(parse("a || b && c").unwrap(), Expr::Or(field("a"), Box::new(Expr::And(field("b"), field("c")))));
        assert_eq!(
            parse("contains(keys(m), 'k')").unwrap(),
            Expr::Call(
                "contains".into(),
                vec![Expr::Call("keys".into(), vec![Expr::Field("m".into())]), Expr::Literal("k".into())]
            )
        );
    }

    #[test]
    fn malformed_expressions_are_errors() {
        for bad in ["a.", "a[", "a[x]", "'open", "`{bad`", "a ==", "(a", "a $ b"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
