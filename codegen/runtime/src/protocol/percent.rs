//! Percent-encoding as AWS protocols apply it (RFC 3986): every byte of the UTF-8
//! text except the unreserved `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case
//! hex digits; a space is `%20`, never `+`.

/// Encodes every byte but the unreserved ones: form fields, query parameters,
/// URI labels.
///
/// ```
/// use aws_client_runtime::protocol::percent::encode;
/// assert_eq!(encode("a b/c+d=é"), "a%20b%2Fc%2Bd%3D%C3%A9");
/// ```
pub fn encode(text: &str) -> String {
    encode_keeping(text, b"")
}

/// Encodes like [`encode`] but also keeps the bytes in `keep` (`/` for a greedy
/// URI label).
pub fn encode_keeping(text: &str, keep: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{encode, encode_keeping};

    #[test]
    fn keeps_only_unreserved_bytes() {
        assert_eq!(encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode("!*'();:@&=+$,/?#[]% "), "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25%20");
        assert_eq!(encode("\u{1F600}"), "%F0%9F%98%80");
        assert_eq!(encode_keeping("a/b c", b"/"), "a/b%20c");
    }
}
