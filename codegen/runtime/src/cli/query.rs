//! JMESPath, for `--query` and for waiters' acceptor paths, through the `jmespath`
//! crate (the reference implementation's Rust port, passing the compliance suite).
//!
//! Its values are ordered maps, so the objects of a query's result list their keys
//! sorted, where the AWS CLI keeps the response's order.

use serde_json::Value;

/// A compiled expression.
pub(super) struct Query(jmespath::Expression<'static>);

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Query({})", self.0)
    }
}

impl Query {
    /// Compiles `text`, or says where it is not JMESPath.
    pub(super) fn compile(text: &str) -> Result<Query, String> {
        jmespath::compile(text).map(Query).map_err(|e| format!("`{text}` is not a JMESPath expression: {e}"))
    }

    /// Evaluates the expression over `value`.
    pub(super) fn search(&self, value: &Value) -> Result<Value, String> {
        let found = self.0.search(value).map_err(|e| format!("evaluating `{}`: {e}", self.0))?;
        serde_json::to_value(&*found).map_err(|e| format!("evaluating `{}`: {e}", self.0))
    }
}
