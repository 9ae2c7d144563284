//! Just enough XML to read STS responses: the text of an element found by
//! its path of names.
//!
//! STS answers `AssumeRole` and `AssumeRoleWithWebIdentity` with a small,
//! fixed document (`…Result/Credentials/AccessKeyId` and a handful of other
//! fields, or `Error/Code` and `Error/Message`). Reading those few fields
//! does not justify an XML library: this finds an element by its tag name
//! inside its parent's content, and decodes the five predefined entities,
//! numeric character references and CDATA sections in its text. Elements are
//! matched by local name (a namespace prefix is ignored). Anything it cannot
//! make sense of is `None`, never a panic.

/// The decoded text of the element reached by `path` (each name looked up
/// in the content of the previous one), or `None`.
pub(crate) fn text(document: &str, path: &[&str]) -> Option<String> {
    let mut content = document;
    for name in path {
        content = element(content, name)?;
    }
    decode(content)
}

/// The raw content of the first element named `name` in `xml` (nested
/// elements of the same name are not expected in STS documents).
fn element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = xml;
    loop {
        let open = rest.find('<')?;
        rest = &rest[open + 1..];
        let end = rest.find('>')?;
        let tag = &rest[..end];
        if tag.starts_with(['/', '?', '!']) {
            rest = &rest[end + 1..];
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag_name = tag.trim_end_matches('/').split(|c: char| c.is_whitespace()).next()?;
        let local = tag_name.rsplit(':').next()?;
        rest = &rest[end + 1..];
        if local != name {
            continue;
        }
        if self_closing {
            return Some("");
        }
        let close = format!("</{tag_name}>");
        let stop = rest.find(&close)?;
        return Some(&rest[..stop]);
    }
}

/// Decodes entities, character references and CDATA in element text.
fn decode(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(index) = rest.find(['&', '<']) {
        out.push_str(&rest[..index]);
        rest = &rest[index..];
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>")?;
            out.push_str(&cdata[..end]);
            rest = &cdata[end + 3..];
            continue;
        }
        if rest.starts_with('<') {
            // Markup inside the element: not a text element.
            return None;
        }
        let end = rest.find(';')?;
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let number = match entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => entity.strip_prefix('#')?.parse().ok()?,
                };
                char::from_u32(number)?
            }
        };
        out.push(decoded);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::text;

    const DOC: &str = r#"<?xml version="1.0"?>
<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>
    <Credentials>
      <AccessKeyId>AKID</AccessKeyId>
      <SecretAccessKey>a&amp;b&#x3c;c&#62;<![CDATA[<raw>]]></SecretAccessKey>
      <SessionToken/>
    </Credentials>
  </AssumeRoleResult>
</AssumeRoleResponse>"#;

    #[test]
    fn finds_and_decodes() {
        let result = ["AssumeRoleResponse", "AssumeRoleResult"];
        let at = |rest: &[&str]| text(DOC, &[&result[..], rest].concat());
        assert_eq!(at(&["Credentials", "AccessKeyId"]).as_deref(), Some("AKID"));
        assert_eq!(at(&["Credentials", "SecretAccessKey"]).as_deref(), Some("a&b<c><raw>"));
        assert_eq!(at(&["Credentials", "SessionToken"]).as_deref(), Some(""));
        assert_eq!(at(&["AssumedRoleUser", "Arn"]).as_deref(), Some("arn:aws:sts::123456789012:assumed-role/r/s"));
        assert_eq!(at(&["Credentials", "Expiration"]), None);
        assert_eq!(text(DOC, &["AssumeRoleResponse", "AssumeRoleResult"]), None, "markup is not text");
    }

    #[test]
    fn malformed_input_is_none() {
        for bad in ["<a>", "<a>x&bogus;</a>", "<a>&#xZZ;</a>", "<a", "<a>x", "&", "<a>&#1114112;</a>"] {
            assert_eq!(text(bad, &["a"]), None, "{bad}");
        }
        assert_eq!(text("<p:a x='1'>v</p:a>", &["a"]).as_deref(), Some("v"));
    }
}
