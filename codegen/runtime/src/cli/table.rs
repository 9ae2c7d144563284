//! The AWS CLI's `table` output: the result as boxed sections, titled by the
//! operation and by the keys of nested objects and lists; an object's scalars as a
//! header row of keys and a row of values, a list of objects as rows under one
//! header, nested sections indented by one `|` per level.
//!
//! The content and its arrangement follow the AWS CLI; column widths are those the
//! content needs (the AWS CLI also fits them to the terminal).

use serde_json::{Map, Value};

use super::output::python_str;

#[derive(Debug, Default)]
struct Section {
    title: Option<String>,
    indent: usize,
    /// Rows, each either a header (keys) or values.
    rows: Vec<(bool, Vec<String>)>,
}

/// The width the AWS CLI fits tables into when it does not write to a terminal.
const MAX_WIDTH: usize = 80;

/// The table of `value` under the title `title` (the operation's name).
pub(super) fn table(title: &str, value: &Value) -> String {
    let mut sections = Vec::new();
    build(Some(title), value, 0, &mut sections);
    for section in &mut sections {
        if needed(section) > MAX_WIDTH {
            vertical(section);
        }
    }
    render(&sections)
}

/// Turns a section's header-and-values rows into one `key | value` row per value,
/// as the AWS CLI does when a section is too wide for the line.
fn vertical(section: &mut Section) {
    let mut rows = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for (is_header, cells) in section.rows.drain(..) {
        match (&header, is_header) {
            (_, true) => header = Some(cells),
            (Some(keys), false) if keys.len() == cells.len() => {
                rows.extend(keys.iter().zip(cells).map(|(key, value)| (false, vec![key.clone(), value])));
            }
            _ => rows.push((false, cells)),
        }
    }
    section.rows = rows;
}

/// The width a section needs, its indentation included.
fn needed(section: &Section) -> usize {
    let columns = columns(section);
    let cells = columns.iter().sum::<usize>() + columns.len().saturating_sub(1);
    let title = section.title.as_deref().map_or(0, width) + 2;
    cells.max(title) + 2 + 2 * section.indent
}

fn is_scalar(value: &Value) -> bool {
    !value.is_object() && !value.is_array()
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::String(text) => text.is_empty(),
        _ => false,
    }
}

fn build(title: Option<&str>, value: &Value, indent: usize, sections: &mut Vec<Section>) {
    if is_empty(value) {
        return;
    }
    if title.is_some() || sections.is_empty() {
        sections.push(Section { title: title.map(str::to_owned), indent, rows: Vec::new() });
    }
    match value {
        Value::Array(items) if items.first().is_some_and(Value::is_object) => {
            list_of_objects(items, title, indent, sections)
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(inner) if inner.iter().all(is_scalar) => {
                        add(sections, false, inner.iter().map(python_str).collect())
                    }
                    scalar if is_scalar(scalar) => add(sections, false, vec![python_str(scalar)]),
                    other => build(None, other, indent, sections),
                }
            }
        }
        Value::Object(map) => object(map, indent, sections),
        scalar => add(sections, false, vec![python_str(scalar)]),
    }
}

/// Sorted keys of scalars, and sorted keys of the rest.
fn group(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut scalars: Vec<String> = map.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.clone()).collect();
    let mut more: Vec<String> = map.iter().filter(|(_, v)| !is_scalar(v)).map(|(k, _)| k.clone()).collect();
    scalars.sort();
    more.sort();
    (scalars, more)
}

fn object(map: &Map<String, Value>, indent: usize, sections: &mut Vec<Section>) {
    let (headers, more) = group(map);
    if let [only] = headers.as_slice() {
        add(sections, false, vec![only.clone(), python_str(&map[only])]);
    } else if !headers.is_empty() {
        let values = headers.iter().map(|key| python_str(&map[key])).collect();
        add(sections, true, headers);
        add(sections, false, values);
    }
    for key in more {
        build(Some(&key), &map[&key], indent + 1, sections);
    }
}

fn list_of_objects(items: &[Value], title: Option<&str>, indent: usize, sections: &mut Vec<Section>) {
    let mut headers: Vec<String> = Vec::new();
    let mut more: Vec<String> = Vec::new();
    for map in items.iter().filter_map(Value::as_object) {
        let (scalars, nested) = group(map);
        headers.extend(scalars);
        more.extend(nested);
    }
    headers.sort();
    headers.dedup();
    more.sort();
    more.dedup();
    add(sections, true, headers.clone());
    for (index, item) in items.iter().enumerate() {
        let Some(map) = item.as_object() else { continue };
        if index > 0 && !more.is_empty() {
            sections.push(Section { title: title.map(str::to_owned), indent, rows: Vec::new() });
            add(sections, true, headers.clone());
        }
        add(sections, false, headers.iter().map(|key| map.get(key).map(python_str).unwrap_or_default()).collect());
        for key in more.iter().filter(|key| map.contains_key(*key)) {
            build(Some(key), &map[key], indent + 1, sections);
        }
    }
}

fn add(sections: &mut [Section], header: bool, cells: Vec<String>) {
    if cells.is_empty() {
        return;
    }
    if let Some(section) = sections.last_mut() {
        section.rows.push((header, cells));
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

/// Column widths of a section (cells padded by two spaces before and one after, as
/// the AWS CLI pads them).
fn columns(section: &Section) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for (_, cells) in &section.rows {
        for (index, cell) in cells.iter().enumerate() {
            let needed = width(cell) + 3;
            match widths.get_mut(index) {
                Some(current) => *current = (*current).max(needed),
                None => widths.push(needed),
            }
        }
    }
    widths
}

fn render(sections: &[Section]) -> String {
    // One width for every section, so that the boxes line up.
    let total = sections.iter().map(needed).max().unwrap_or(0);
    let mut out = String::new();
    for (position, section) in sections.iter().enumerate() {
        let bars = "|".repeat(section.indent);
        let inner = total - 2 * section.indent - 2;
        let line = |out: &mut String, body: String| out.push_str(&format!("{bars}{body}{bars}\n"));
        if let Some(title) = &section.title {
            if position == 0 {
                line(&mut out, format!("-{}-", "-".repeat(inner)));
            }
            line(&mut out, format!("|{}|", center(title, inner)));
        }
        let mut widths = columns(section);
        let used = widths.iter().sum::<usize>() + widths.len().saturating_sub(1);
        match widths.last_mut() {
            Some(last) => *last += inner.saturating_sub(used),
            None => widths.push(inner),
        }
        let separator = format!("+{}+", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("+"));
        line(&mut out, separator.clone());
        // Whether the last line drawn is a rule.
        let mut ruled = true;
        for (header, cells) in &section.rows {
            let mut row_widths = widths.clone();
            if cells.len() < row_widths.len() {
                // A shorter row (a list of scalars) spreads over the whole width.
                let rest: usize = row_widths[cells.len() - 1..].iter().sum::<usize>() + row_widths.len() - cells.len();
                row_widths.truncate(cells.len());
                row_widths[cells.len() - 1] = rest;
            }
            let body: Vec<String> = cells
                .iter()
                .zip(&row_widths)
                .map(|(cell, w)| if *header { center(cell, *w) } else { format!("  {cell:<0$}", w - 2) })
                .collect();
            line(&mut out, format!("|{}|", body.join("|")));
            ruled = false;
            if *header {
                line(&mut out, separator.clone());
                ruled = true;
            }
        }
        if !ruled {
            line(&mut out, separator);
        }
    }
    out
}

fn center(text: &str, width: usize) -> String {
    let room = width.saturating_sub(self::width(text));
    let left = room / 2;
    format!("{}{text}{}", " ".repeat(left), " ".repeat(room - left))
}
