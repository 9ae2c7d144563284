//! Reads `smithy.rules#endpointRuleSet` and `smithy.rules#endpointTests` into a
//! syntax tree, checking their form; typing happens in the resolver.
//!
//! Every error names the service and the JSON path inside the trait
//! (`rules[1].rules[0].conditions[2]`).

use serde_json::Value;

use crate::error::Diagnostic;

/// A rule set as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// Declared parameters, in declaration order.
    pub parameters: Vec<Parameter>,
    /// Top-level rules, in order.
    pub rules: Vec<Rule>,
}

/// One declared parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Name as declared (`UseFIPS`).
    pub name: String,
    /// `string`, `boolean` or `stringarray` (lower-cased: older models say `String`).
    pub kind: String,
    /// `builtIn`, e.g. `AWS::Region`.
    pub built_in: Option<String>,
    /// `required`.
    pub required: bool,
    /// `default`.
    pub default: Option<Value>,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `deprecated` message, if any.
    pub deprecated: Option<String>,
}

/// An expression: a literal, a reference or a function call.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string, possibly a template with `{Ref}` / `{Ref#path}` parts.
    Str(Vec<TemplatePiece>),
    /// `true` / `false`.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// An array literal.
    Array(Vec<Expr>),
    /// A record literal, keys in the order written.
    Record(Vec<(String, Expr)>),
    /// `{"ref": "Name"}`.
    Ref(String),
    /// `{"fn": "name", "argv": [...]}`.
    Call {
        /// Function name.
        function: String,
        /// Arguments.
        args: Vec<Expr>,
    },
}

/// A piece of a string template.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePiece {
    /// Literal text (escaped braces already unescaped).
    Text(String),
    /// `{Name}`.
    Ref(String),
    /// `{Name#path}`: `getAttr(Name, path)`.
    Attr(String, String),
}

/// A condition: a function call, whose result may be assigned.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The call.
    pub expr: Expr,
    /// `assign`.
    pub assign: Option<String>,
}

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Where it is (`rules[1].rules[0]`).
    pub location: String,
    /// Conditions, all of which must hold.
    pub conditions: Vec<Condition>,
    /// What the rule gives when they hold.
    pub kind: RuleKind,
    /// `documentation`.
    pub documentation: Option<String>,
}

/// What a rule gives.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// An endpoint.
    Endpoint {
        /// The URL expression.
        url: Expr,
        /// Headers, in the order written.
        headers: Vec<(String, Vec<Expr>)>,
        /// Properties, in the order written.
        properties: Vec<(String, Expr)>,
    },
    /// An error with a message expression.
    Error(Expr),
    /// Nested rules.
    Tree(Vec<Rule>),
}

/// One `endpointTests` case.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// `documentation`.
    pub documentation: String,
    /// Parameter values by name, in the order written.
    pub params: Vec<(String, Value)>,
    /// What resolution must give.
    pub expect: Expectation,
}

/// A test case's expectation.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// An endpoint.
    Endpoint {
        /// The URL.
        url: String,
        /// Headers.
        headers: Vec<(String, Vec<String>)>,
        /// Properties (JSON values).
        properties: Vec<(String, Value)>,
    },
    /// An error message.
    Error(String),
}

/// Reads a rule set trait value; `owner` names the service in errors.
pub fn rule_set(owner: &str, value: &Value) -> Result<RuleSet, Diagnostic> {
    let at = |path: &str, message: String| Diagnostic::new(format!("{owner} endpoint rule set {path}"), message);
    let object = value.as_object().ok_or_else(|| at("", "is not an object".to_owned()))?;
    let mut parameters = Vec::new();
    if let Some(params) = object.get("parameters") {
        let params = params.as_object().ok_or_else(|| at("parameters", "is not an object".to_owned()))?;
        for (name, param) in params {
            let path = format!("parameters.{name}");
            let field = |key: &str| param.get(key);
            let text = |key: &str| -> Result<Option<String>, Diagnostic> {
                match field(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s.clone())),
                    Some(_) => Err(at(&format!("{path}.{key}"), "is not a string".to_owned())),
                }
            };
            let kind = text("type")?.ok_or_else(|| at(&path, "has no `type`".to_owned()))?.to_ascii_lowercase();
            let deprecated = match field("deprecated") {
                None | Some(Value::Null) => None,
                Some(d) => Some(d.get("message").and_then(Value::as_str).unwrap_or("deprecated").to_owned()),
            };
            parameters.push(Parameter {
                name: name.clone(),
                kind,
                built_in: text("builtIn")?,
                required: match field("required") {
                    None | Some(Value::Null) => false,
                    Some(Value::Bool(b)) => *b,
                    Some(_) => return Err(at(&format!("{path}.required"), "is not a boolean".to_owned())),
                },
                default: field("default").filter(|d| !d.is_null()).cloned(),
                documentation: text("documentation")?,
                deprecated,
            });
        }
    }
    let rules = rules(owner, object.get("rules"), "rules")?;
    Ok(RuleSet { parameters, rules })
}

fn rules(owner: &str, value: Option<&Value>, path: &str) -> Result<Vec<Rule>, Diagnostic> {
    let at = |path: &str, message: &str| Diagnostic::new(format!("{owner} endpoint rule set {path}"), message);
    let list = value.and_then(Value::as_array).ok_or_else(|| at(path, "is not a list of rules"))?;
    let mut out = Vec::new();
    for (index, rule) in list.iter().enumerate() {
        let path = format!("{path}[{index}]");
        let conditions = match rule.get("conditions") {
            None => Vec::new(),
            Some(Value::Array(conditions)) => conditions
                .iter()
                .enumerate()
                .map(|(i, condition)| {
                    let path = format!("{path}.conditions[{i}]");
                    let expr = expr(owner, condition, &path)?;
                    if !matches!(expr, Expr::Call { .. }) {
                        return Err(at(&path, "a condition must be a function call"));
                    }
                    let assign = match condition.get("assign") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(name)) => Some(name.clone()),
                        Some(_) => return Err(at(&path, "`assign` is not a string")),
                    };
                    Ok(Condition { expr, assign })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(at(&path, "`conditions` is not a list")),
        };
        let kind = match rule.get("type").and_then(Value::as_str) {
            Some("endpoint") => {
                let endpoint = rule.get("endpoint").ok_or_else(|| at(&path, "an endpoint rule has no `endpoint`"))?;
                let url = expr(owner, endpoint.get("url").unwrap_or(&Value::Null), &format!("{path}.endpoint.url"))?;
                let mut headers = Vec::new();
                if let Some(map) = endpoint.get("headers").and_then(Value::as_object) {
                    for (name, values) in map {
                        let values = values.as_array().ok_or_else(|| at(&path, "a header's values are not a list"))?;
                        let values = values
                            .iter()
                            .map(|v| expr(owner, v, &format!("{path}.endpoint.headers.{name}")))
                            .collect::<Result<_, _>>()?;
                        headers.push((name.clone(), values));
                    }
                }
                let mut properties = Vec::new();
                if let Some(map) = endpoint.get("properties").and_then(Value::as_object) {
                    for (name, value) in map {
                        properties
                            .push((name.clone(), expr(owner, value, &format!("{path}.endpoint.properties.{name}"))?));
                    }
                }
                RuleKind::Endpoint { url, headers, properties }
            }
            Some("error") => {
                RuleKind::Error(expr(owner, rule.get("error").unwrap_or(&Value::Null), &format!("{path}.error"))?)
            }
            Some("tree") => RuleKind::Tree(self::rules(owner, rule.get("rules"), &format!("{path}.rules"))?),
            Some(other) => return Err(at(&path, &format!("unknown rule type `{other}`"))),
            None => return Err(at(&path, "has no `type`")),
        };
        let documentation = rule.get("documentation").and_then(Value::as_str).map(str::to_owned);
        out.push(Rule { location: path, conditions, kind, documentation });
    }
    Ok(out)
}

fn expr(owner: &str, value: &Value, path: &str) -> Result<Expr, Diagnostic> {
    let at = |message: String| Diagnostic::new(format!("{owner} endpoint rule set {path}"), message);
    Ok(match value {
        Value::String(text) => Expr::Str(template(text).map_err(at)?),
        Value::Bool(b) => Expr::Bool(*b),
        Value::Number(n) => Expr::Int(n.as_i64().ok_or_else(|| at(format!("number {n} is not an integer")))?),
        Value::Array(items) => Expr::Array(
            items.iter().enumerate().map(|(i, v)| expr(owner, v, &format!("{path}[{i}]"))).collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => {
            if let Some(name) = map.get("ref") {
                Expr::Ref(name.as_str().ok_or_else(|| at("`ref` is not a string".to_owned()))?.to_owned())
            } else if let Some(function) = map.get("fn") {
                let function = function.as_str().ok_or_else(|| at("`fn` is not a string".to_owned()))?.to_owned();
                let args = map
                    .get("argv")
                    .and_then(Value::as_array)
                    .ok_or_else(|| at(format!("call of `{function}` has no `argv` list")))?;
                let args = args
                    .iter()
                    .enumerate()
                    .map(|(i, v)| expr(owner, v, &format!("{path}.argv[{i}]")))
                    .collect::<Result<_, _>>()?;
                Expr::Call { function, args }
            } else {
                Expr::Record(
                    map.iter()
                        .map(|(k, v)| Ok((k.clone(), expr(owner, v, &format!("{path}.{k}"))?)))
                        .collect::<Result<_, Diagnostic>>()?,
                )
            }
        }
        Value::Null => return Err(at("is missing or null".to_owned())),
    })
}

/// Splits a template string: `{Name}` and `{Name#path}` are references, `{{` and `}}`
/// are literal braces.
fn template(text: &str) -> Result<Vec<TemplatePiece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => name.push(c),
                        None => return Err(format!("template `{text}` has an unclosed `{{`")),
                    }
                }
                if !literal.is_empty() {
                    pieces.push(TemplatePiece::Text(std::mem::take(&mut literal)));
                }
                pieces.push(match name.split_once('#') {
                    Some((name, path)) if !name.is_empty() && !path.is_empty() => {
                        TemplatePiece::Attr(name.to_owned(), path.to_owned())
                    }
                    None if !name.is_empty() => TemplatePiece::Ref(name),
                    _ => return Err(format!("template `{text}` has an empty or malformed `{{...}}`")),
                });
            }
            '}' => return Err(format!("template `{text}` has an unmatched `}}` (write `}}}}`)")),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() || pieces.is_empty() {
        pieces.push(TemplatePiece::Text(literal));
    }
    Ok(pieces)
}

/// Reads an `endpointTests` trait value.
pub fn test_cases(owner: &str, value: &Value) -> Result<Vec<TestCase>, Diagnostic> {
    let at = |path: &str, message: &str| Diagnostic::new(format!("{owner} endpoint tests {path}"), message);
    let cases = value.get("testCases").and_then(Value::as_array).ok_or_else(|| at("testCases", "is not a list"))?;
    let mut out = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let path = format!("testCases[{index}]");
        let documentation = case.get("documentation").and_then(Value::as_str).unwrap_or_default().to_owned();
        let params = match case.get("params") {
            None => Vec::new(),
            Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(_) => return Err(at(&path, "`params` is not an object")),
        };
        let expect = case.get("expect").ok_or_else(|| at(&path, "has no `expect`"))?;
        let expect = if let Some(error) = expect.get("error") {
            Expectation::Error(error.as_str().ok_or_else(|| at(&path, "`expect.error` is not a string"))?.to_owned())
        } else if let Some(endpoint) = expect.get("endpoint") {
            let url = endpoint
                .get("url")
                .and_then(Value::as_str)
                .ok_or_else(|| at(&path, "`expect.endpoint.url` is not a string"))?;
            let mut headers = Vec::new();
            for (name, values) in endpoint.get("headers").and_then(Value::as_object).into_iter().flatten() {
                let values = values
                    .as_array()
                    .and_then(|values| values.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>())
                    .ok_or_else(|| at(&path, "expected header values are not a list of strings"))?;
                headers.push((name.clone(), values));
            }
            let properties = endpoint
                .get("properties")
                .and_then(Value::as_object)
                .map(|map| map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            Expectation::Endpoint { url: url.to_owned(), headers, properties }
        } else {
            return Err(at(&path, "`expect` has neither `endpoint` nor `error`"));
        };
        out.push(TestCase { documentation, params, expect });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_text_and_references() {
        assert_eq!(
            template("https://a.{Region}.{P#dnsSuffix}").unwrap(),
            vec![
                TemplatePiece::Text("https://a.".into()),
                TemplatePiece::Ref("Region".into()),
                TemplatePiece::Text(".".into()),
                TemplatePiece::Attr("P".into(), "dnsSuffix".into()),
            ]
        );
        assert_eq!(template("{{x}}").unwrap(), vec![TemplatePiece::Text("{x}".into())]);
        assert_eq!(template("").unwrap(), vec![TemplatePiece::Text(String::new())]);
        assert!(template("{open").is_err());
        assert!(template("a}b").is_err());
        assert!(template("{}").is_err());
    }
}
