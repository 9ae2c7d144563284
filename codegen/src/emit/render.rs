//! Tokens → formatted source: `syn::File` → `prettyplease` → header line.

use proc_macro2::TokenStream;

use crate::error::Diagnostic;

/// Formats one generated Rust file, prefixed with `header` (one `//` line).
///
/// A token stream that does not parse is a generator bug; the error names the
/// emitter and shows the start of the raw tokens.
pub fn rust_file(emitter: &str, header: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    let file = syn::parse2::<syn::File>(tokens.clone()).map_err(|err| {
        let text = tokens.to_string();
        let mut shown: String = text.chars().take(2000).collect();
        if shown.len() < text.len() {
            shown.push_str(" ...");
        }
        Diagnostic::new(
            format!("emitter {emitter}"),
            format!("produced tokens that do not parse as Rust ({err}): {shown}"),
        )
    })?;
    Ok(format!("{header}\n{}", space_items(&prettyplease::unparse(&file))))
}

/// Puts one blank line between items, as hand-written Rust does; `prettyplease`
/// keeps none. A line gets a blank line before it when it starts an item (a doc
/// comment, an attribute or an item keyword) right after the end of another item
/// at the same indentation, and after the file's inner docs and attributes. Lines
/// inside string literals and comments are never touched, so the pass changes
/// layout only, and the same input always gives the same output.
pub fn space_items(source: &str) -> String {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let in_code = lines_starting_in_code(&lines);
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    for (index, line) in lines.iter().enumerate() {
        if index > 0 && in_code[index] && needs_blank(lines[index - 1], line) {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

fn needs_blank(previous: &str, line: &str) -> bool {
    let prev = previous.trim_end();
    let current = line.trim_end();
    if prev.trim().is_empty() || current.trim().is_empty() {
        return false;
    }
    let prev_trimmed = prev.trim_start();
    let current_trimmed = current.trim_start();
    let inner = |l: &str| l.starts_with("//!") || l.starts_with("#![");
    if inner(prev_trimmed) {
        return !inner(current_trimmed);
    }
    let comment_or_attribute = prev_trimmed.starts_with("//") || prev_trimmed.starts_with("#[");
    let ends_item = !comment_or_attribute && (prev_trimmed.ends_with('}') || prev_trimmed.ends_with(';'));
    let same_indent = indent(prev) == indent(current);
    let both_use = prev_trimmed.starts_with("use ") || prev_trimmed.starts_with("pub use ");
    let both_use = both_use && (current_trimmed.starts_with("use ") || current_trimmed.starts_with("pub use "));
    ends_item && same_indent && !both_use && starts_item(current_trimmed)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn starts_item(line: &str) -> bool {
    const STARTS: [&str; 16] = [
        "///",
        "#[",
        "pub ",
        "pub(",
        "fn ",
        "impl ",
        "impl<",
        "struct ",
        "enum ",
        "mod ",
        "use ",
        "const ",
        "static ",
        "type ",
        "trait ",
        "unsafe impl",
    ];
    STARTS.iter().any(|start| line.starts_with(start))
}

/// For each line, whether it begins outside string literals and block comments.
fn lines_starting_in_code(lines: &[&str]) -> Vec<bool> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Code,
        Str,
        RawStr(usize),
        Block(usize),
    }
    let mut state = State::Code;
    let mut result = Vec::with_capacity(lines.len());
    for line in lines {
        result.push(state == State::Code);
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            match state {
                State::Code => match c {
                    '/' if next == Some('/') => break,
                    '/' if next == Some('*') => {
                        state = State::Block(1);
                        i += 1;
                    }
                    '"' => state = State::Str,
                    'r' if (next == Some('"') || next == Some('#')) && !continues_ident(&chars, i) => {
                        let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
                        if chars.get(i + 1 + hashes) == Some(&'"') {
                            state = State::RawStr(hashes);
                            i += 1 + hashes;
                        }
                    }
                    '\'' => {
                        // A char literal ('x', '\n', '"') is skipped whole; a lifetime is not one.
                        if next == Some('\\') {
                            i += 2;
                            while i < chars.len() && chars[i] != '\'' {
                                i += 1;
                            }
                        } else if chars.get(i + 2) == Some(&'\'') {
                            i += 2;
                        }
                    }
                    _ => {}
                },
                State::Str => match c {
                    '\\' => i += 1,
                    '"' => state = State::Code,
                    _ => {}
                },
                State::RawStr(hashes) => {
                    if c == '"' && chars[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes {
                        state = State::Code;
                        i += hashes;
                    }
                }
                State::Block(depth) => {
                    if c == '*' && next == Some('/') {
                        state = if depth == 1 { State::Code } else { State::Block(depth - 1) };
                        i += 1;
                    } else if c == '/' && next == Some('*') {
                        state = State::Block(depth + 1);
                        i += 1;
                    }
                }
            }
            i += 1;
        }
    }
    result
}

/// Whether the character at `i` continues an identifier (so `r` is not a raw-string prefix).
fn continues_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_get_one_blank_line_and_literals_stay_untouched() {
        let source = "//! Docs.\nuse a;\nuse b;\npub struct A;\nimpl A {\n    fn f() {}\n    /// g\n    fn g() {\n        let s = \"x;\n}\nfn h() {}\";\n    }\n}\n";
        let spaced = space_items(source);
        assert_eq!(
            spaced,
            "//! Docs.\n\nuse a;\nuse b;\n\npub struct A;\n\nimpl A {\n    fn f() {}\n\n    /// g\n    fn g() {\n        let s = \"x;\n}\nfn h() {}\";\n    }\n}\n"
        );
        assert_eq!(space_items(&spaced), spaced, "the pass is idempotent");
    }
}
