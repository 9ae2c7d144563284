//! `wait <waiter>`: polls the waiter's operation until one of the model's acceptors
//! says success (exit 0, nothing printed) or failure, as the AWS CLI's `wait` does.
//!
//! Paths are JMESPath (see `query`). Delays follow Smithy's waiter rules (from `minDelay`, doubling up to `maxDelay`);
//! the number of polls is bounded so that a waiter never runs forever.

use std::time::Duration;

use serde_json::{Map, Value};

use super::{Call, CallError, Waiter};

/// Polls at most this many times (the AWS CLI's waiters allow 20 to 60).
const MAX_POLLS: u32 = 60;

/// How a wait ended badly.
#[derive(Debug)]
pub(super) enum WaitError {
    /// A failure acceptor matched, or the polls ran out.
    Failed(String),
    /// A poll failed in a way no acceptor expects.
    Call(CallError),
}

/// Waits; `Ok` when a success acceptor matched.
pub(super) fn wait(caller: &dyn Call, waiter: &Waiter, name: &str, input: Map<String, Value>) -> Result<(), WaitError> {
    let definition: Value = serde_json::from_str(waiter.definition)
        .map_err(|e| WaitError::Failed(format!("Waiter {name}: the generated definition is not JSON: {e}")))?;
    let min_delay = definition.get("minDelay").and_then(Value::as_u64).unwrap_or(2);
    let max_delay = definition.get("maxDelay").and_then(Value::as_u64).unwrap_or(120).max(min_delay);
    let acceptors = definition.get("acceptors").and_then(Value::as_array).cloned().unwrap_or_default();
    let input = Value::Object(input);
    let text = input.to_string();
    let mut delay = min_delay;
    for poll in 1..=MAX_POLLS {
        let result = caller.call(waiter.operation, &text);
        if let Err(CallError::Input(message)) = result {
            return Err(WaitError::Call(CallError::Input(message)));
        }
        let mut matched = false;
        for acceptor in &acceptors {
            let matcher = acceptor.get("matcher").unwrap_or(&Value::Null);
            let Some(reason) = matches(matcher, &input, &result).map_err(WaitError::Failed)? else { continue };
            match acceptor.get("state").and_then(Value::as_str) {
                Some("success") => return Ok(()),
                Some("failure") => {
                    return Err(WaitError::Failed(format!(
                        "Waiter {name} failed: Waiter encountered a terminal failure state: {reason}"
                    )));
                }
                _ => {
                    matched = true;
                    break;
                }
            }
        }
        // An error no acceptor expects ends the wait, as Smithy's waiter rules say.
        if let Err(error) = result
            && !matched
        {
            return Err(WaitError::Call(error));
        }
        if poll < MAX_POLLS {
            std::thread::sleep(Duration::from_secs(delay));
            delay = (delay * 2).min(max_delay);
        }
    }
    Err(WaitError::Failed(format!("Waiter {name} failed: Max attempts exceeded ({MAX_POLLS} polls)")))
}

/// Whether a matcher matches a poll's result, and if so a description of why.
fn matches(matcher: &Value, input: &Value, result: &Result<Value, CallError>) -> Result<Option<String>, String> {
    if let Some(expected) = matcher.get("success").and_then(Value::as_bool) {
        return Ok((result.is_ok() == expected).then(|| format!("the call's success was {expected}")));
    }
    if let Some(code) = matcher.get("errorType").and_then(Value::as_str) {
        return Ok(match result {
            Err(CallError::Service { code: got, .. }) if got == code => Some(format!("Matched expected error {code}")),
            _ => None,
        });
    }
    let (root, spec) = match (matcher.get("output"), matcher.get("inputOutput"), result) {
        (Some(spec), _, Ok(output)) => (output.clone(), spec),
        (_, Some(spec), Ok(output)) => {
            let mut both = Map::new();
            both.insert("input".to_owned(), input.clone());
            both.insert("output".to_owned(), output.clone());
            (Value::Object(both), spec)
        }
        _ => return Ok(None),
    };
    let path = spec.get("path").and_then(Value::as_str).unwrap_or_default();
    let expected = spec.get("expected").and_then(Value::as_str).unwrap_or_default();
    let comparator = spec.get("comparator").and_then(Value::as_str).unwrap_or_default();
    let found = search(&root, path)?;
    let matched = match comparator {
        "stringEquals" => found.as_str() == Some(expected),
        "booleanEquals" => found.as_bool().map(|b| b.to_string()) == Some(expected.to_owned()),
        "allStringEquals" => {
            found.as_array().is_some_and(|list| !list.is_empty() && list.iter().all(|v| v.as_str() == Some(expected)))
        }
        "anyStringEquals" => found.as_array().is_some_and(|list| list.iter().any(|v| v.as_str() == Some(expected))),
        other => return Err(format!("unknown waiter comparator `{other}`")),
    };
    Ok(matched.then(|| format!("For expression \"{path}\" we matched expected path: \"{expected}\"")))
}

/// Evaluates a waiter's JMESPath path.
pub(super) fn search(root: &Value, path: &str) -> Result<Value, String> {
    super::query::Query::compile(path)?.search(root)
}
