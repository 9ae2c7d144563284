//! What an error response that is not an AWS error (a proxy's HTML page, a plain-text
//! 503) said: its content type, its length and the start of its text, in which nothing
//! that looks like a key, token or signature survives.

/// Characters of the body shown at most.
const EXCERPT_CHARS: usize = 80;

/// A run of this many key-like characters (letters, digits, `+/=_-`) is masked: access
/// key ids are 20, secret keys 40, signatures 64, session tokens hundreds, while words
/// of a message are shorter. A plain word (a letter, then lowercase letters) may be up
/// to twice as long: an access key id can be all capitals, never all lowercase.
const MASK_RUN: usize = 12;

/// `the body is not an AWS error (text/html, 1234 bytes): "<html>…"`, or `None` when
/// the body is empty.
pub(super) fn describe(content_type: Option<&str>, body: &[u8]) -> Option<String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let content_type = content_type.map_or_else(|| "no content type".to_owned(), |value| printable(value, 60));
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_CHARS * 4)]);
    let excerpt = mask_key_like(&printable(text.trim(), EXCERPT_CHARS));
    Some(format!("the body is not an AWS error ({content_type}, {} bytes): \"{excerpt}\"", body.len()))
}

/// At most `limit` characters, control characters (newlines included) as spaces and
/// runs of spaces collapsed; `…` marks a cut.
fn printable(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if count == limit {
            out.truncate(out.trim_end().len());
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    out
}

fn key_like(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-' | '%')
}

/// Replaces every run of key-like characters that could be a credential or signature
/// with `***`.
fn mask_key_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let mut chars = run.chars();
        let word = chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_lowercase());
        let limit = if word { MASK_RUN * 2 } else { MASK_RUN };
        if run.chars().count() >= limit {
            out.push_str("***");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if key_like(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_page_shows_type_length_and_its_start() {
        let page = b"<html>\n<head><title>503 Service Unavailable</title></head>\n<body>down</body></html>";
        let shown = describe(Some("text/html"), page).unwrap();
        assert_eq!(
            shown,
            format!(
                "the body is not an AWS error (text/html, {} bytes): \"<html> <head><title>503 Service \
                 Unavailable</title></head> <body>down</body></ht…\"",
                page.len()
            )
        );
        assert_eq!(describe(None, b"  \n"), None);
        let long = "x ".repeat(500);
        let shown = describe(None, long.as_bytes()).unwrap();
        assert!(shown.starts_with("the body is not an AWS error (no content type, 1000 bytes): \"x x"), "{shown}");
        assert!(shown.ends_with("x…\""), "{shown}");
    }

    #[test]
    fn nothing_key_like_survives() {
        let secrets = [
            "AKIAIOSFODNN7EXAMPLE",
            "ASIAQWERTYUIOPASDFGH",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            "IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ",
            "Signature=abcdef0123456789",
        ];
        for secret in secrets {
            let body = format!("denied: Credential={secret}, see docs");
            let shown = describe(Some("text/plain"), body.as_bytes()).unwrap();
            assert!(!shown.contains(secret), "{shown}");
            assert!(!shown.contains(&secret[..12.min(secret.len())]), "{shown}");
            assert!(shown.contains("denied: ***"), "{shown}");
        }
        let shown = describe(Some("text/plain"), b"Service temporarily overloaded, try again").unwrap();
        assert!(shown.contains("Service temporarily overloaded, try again"), "{shown}");
    }
}
