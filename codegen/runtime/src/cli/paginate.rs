//! Automatic pagination as the AWS CLI does it: every page is requested and the
//! items merged into one result; `--max-items` stops early and prints a `NextToken`
//! that `--starting-token` resumes from, in the AWS CLI's own token format (base64
//! of a JSON object with the service's token and how many items of its page were
//! already printed), so tokens pass between the two tools.

use serde_json::{Map, Value, json};

use super::{Call, CallError, Paginator};

/// Where paging starts and when it stops.
#[derive(Debug, Default, Clone)]
pub(super) struct Limits {
    pub max_items: Option<u64>,
    pub starting_token: Option<String>,
    pub page_size: Option<i64>,
}

/// The key of a resume token's count of items already printed from its page.
const TRUNCATE_KEY: &str = "boto_truncate_amount";

/// Calls the operation page after page and merges the pages' items into the first
/// page (the next-token member left out).
pub(super) fn all_pages(
    caller: &dyn Call,
    operation: usize,
    paginator: &Paginator,
    mut input: Map<String, Value>,
    limits: &Limits,
) -> Result<Value, CallError> {
    let Some(result_key) = paginator.result_key else {
        // Without named items there is nothing to merge: one page, as with --no-paginate.
        return caller.call(operation, &Value::Object(input).to_string());
    };
    let mut skip = 0;
    if let Some(token) = &limits.starting_token {
        let (service_token, already) = decode_token(token, paginator.input_token)?;
        if let Some(service_token) = service_token {
            input.insert(paginator.input_token.to_owned(), Value::String(service_token));
        }
        skip = already;
    }
    if let (Some(size), Some(member)) = (limits.page_size, paginator.page_size) {
        input.insert(member.to_owned(), Value::from(size));
    }
    let mut merged: Option<Value> = None;
    let mut taken: u64 = 0;
    loop {
        let sent_token = input.get(paginator.input_token).cloned();
        let mut page = caller.call(operation, &Value::Object(input.clone()).to_string())?;
        let next = take_path(&mut page, paginator.output_token).filter(|t| !t.is_null() && t.as_str() != Some(""));
        // Taken out of the page but left in place (empty), so keys keep their order.
        let mut items = match path_mut(&mut page, result_key) {
            Some(Value::Array(items)) => std::mem::take(items),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(CallError::Other("the page's items are not a list".to_owned())),
        };
        let skipped = skip.min(items.len());
        items.drain(..skipped);
        skip = 0;
        let mut resume = None;
        if let Some(max) = limits.max_items {
            let room = usize::try_from(max - taken).unwrap_or(usize::MAX);
            if items.len() > room {
                // Stopped inside this page: resume at the same page, past what was printed.
                items.truncate(room);
                let token = sent_token.clone().unwrap_or(Value::Null);
                resume = Some(encode_token(paginator.input_token, token, Some(skipped + room)));
            } else if items.len() == room
                && let Some(next) = &next
            {
                resume = Some(encode_token(paginator.input_token, next.clone(), None));
            }
        }
        taken += items.len() as u64;
        let merged_page = merged.get_or_insert_with(|| page.clone());
        append(merged_page, result_key, items);
        if let Some(token) = resume {
            if let Value::Object(map) = merged_page {
                map.insert("NextToken".to_owned(), Value::String(token));
            }
            break;
        }
        match next {
            Some(next) if Some(&next) != sent_token.as_ref() => {
                input.insert(paginator.input_token.to_owned(), next);
            }
            _ => break,
        }
    }
    Ok(merged.unwrap_or_else(|| Value::Object(Map::new())))
}

/// Removes and returns the value at `path`.
fn take_path(value: &mut Value, path: &[&str]) -> Option<Value> {
    let (last, parents) = path.split_last()?;
    let mut current = value;
    for step in parents {
        current = current.get_mut(*step)?;
    }
    current.as_object_mut()?.remove(*last)
}

fn path_mut<'a>(value: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |current, step| current.get_mut(*step))
}

/// Adds `items` to the list at `path`, creating it (and its parents) when missing.
fn append(value: &mut Value, path: &[&str], items: Vec<Value>) {
    let mut current = value;
    for step in path {
        let Value::Object(map) = current else { return };
        current = map.entry(step.to_string()).or_insert_with(|| Value::Object(Map::new()));
    }
    match current {
        Value::Array(list) => list.extend(items),
        other => *other = Value::Array(items),
    }
}

fn encode_token(input_token: &str, token: Value, truncate: Option<usize>) -> String {
    let mut object = Map::new();
    // Stopping inside the first page of a listing leaves no service token: resuming
    // then starts from the beginning again and skips what was printed.
    if !token.is_null() {
        object.insert(input_token.to_owned(), token);
    }
    if let Some(amount) = truncate {
        object.insert(TRUNCATE_KEY.to_owned(), json!(amount));
    }
    crate::base64::encode(Value::Object(object).to_string())
}

/// The service's token and the count of its page's items to skip. A token that is
/// not the AWS CLI's encoding is passed to the service as it is.
fn decode_token(token: &str, input_token: &str) -> Result<(Option<String>, usize), CallError> {
    let decoded = crate::base64::decode(token).ok().and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok());
    let Some(Value::Object(object)) = decoded else {
        return Ok((Some(token.to_owned()), 0));
    };
    let service_token = match object.get(input_token) {
        Some(Value::String(text)) => Some(text.clone()),
        None | Some(Value::Null) => None,
        _ => return Err(CallError::Input(format!("--starting-token does not hold a `{input_token}`"))),
    };
    let skip = match object.get(TRUNCATE_KEY) {
        None => 0,
        Some(amount) => amount
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| CallError::Input(format!("--starting-token has a bad `{TRUNCATE_KEY}`")))?,
    };
    Ok((service_token, skip))
}

#[cfg(test)]
pub(super) fn token_for_tests(input_token: &str, token: &str, truncate: Option<usize>) -> String {
    encode_token(input_token, Value::from(token), truncate)
}
