//! Character data: the five predefined entities and numeric character
//! references decoded, everything else passed through.

use std::borrow::Cow;

/// Decodes the references in `raw` (text or an attribute value as it stands in the
/// document). Borrows when there is nothing to decode, the common case.
pub(crate) fn decode(raw: &str) -> Result<Cow<'_, str>, String> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(index) = rest.find('&') {
        out.push_str(&rest[..index]);
        rest = &rest[index + 1..];
        let end = rest.find(';').ok_or_else(|| format!("`&` without a closing `;` before {}", excerpt(rest)))?;
        let entity = &rest[..end];
        out.push(reference(entity).ok_or_else(|| format!("unknown reference `&{}`", excerpt(entity)))?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// The character an entity or character reference (without `&` and `;`) stands for.
fn reference(entity: &str) -> Option<char> {
    Some(match entity {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = match entity.strip_prefix("#x") {
                Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                Some(_) => return None,
                None => {
                    let digits = entity.strip_prefix('#')?;
                    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    digits.parse().ok()?
                }
            };
            char::from_u32(number).filter(|c| *c != '\0')?
        }
    })
}

/// At most 20 characters of `text`, for error messages.
fn excerpt(text: &str) -> String {
    text.chars().take(20).collect()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_references() {
        assert_eq!(decode("plain").unwrap(), "plain");
        assert_eq!(decode("a&amp;b&lt;c&gt;&quot;&apos;").unwrap(), "a&b<c>\"'");
        assert_eq!(decode("&#x1F600;&#65;").unwrap(), "\u{1F600}A");
        for bad in ["&", "&bogus;", "&#xZZ;", "&#;", "&#x;", "&#1114112;", "&#0;", "&#-1;", "&#+1;"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }
}
