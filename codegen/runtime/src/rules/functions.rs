//! The rules-engine string functions, as the Smithy rules specification defines them.

/// `aws.parseArn`: the parts of `arn:partition:service:region:account-id:resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// `partition`.
    pub partition: String,
    /// `service`.
    pub service: String,
    /// `region` (may be empty).
    pub region: String,
    /// `accountId` (may be empty).
    pub account_id: String,
    /// `resourceId`: the resource split at `:` and `/`.
    pub resource_id: Vec<String>,
}

/// `parseURL`: a URL's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `scheme`: `http` or `https`.
    pub scheme: String,
    /// `authority`: host and, when given, `:port`.
    pub authority: String,
    /// `path`, as given (may be empty).
    pub path: String,
    /// `normalizedPath`: the path with a leading and a trailing `/`.
    pub normalized_path: String,
    /// `isIp`: whether the host is an IPv4 or a bracketed IPv6 address.
    pub is_ip: bool,
}

/// `substring(input, start, stop, reverse)`: the ASCII characters from `start` up to
/// (not including) `stop`, counted from the end when `reverse`. `None` when the input
/// is not ASCII or the range does not fit.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || stop > input.len() || !input.is_ascii() {
        return None;
    }
    let (from, to) = if reverse { (input.len() - stop, input.len() - start) } else { (start, stop) };
    Some(input[from..to].to_owned())
}

/// `isValidHostLabel(value, allowSubDomains)`: a DNS label of 1 to 63 letters, digits
/// and hyphens, not starting with a hyphen; with `allow_sub_domains`, dot-separated
/// labels, each valid.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    let label = |label: &str| {
        (1..=63).contains(&label.len())
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
    };
    if allow_sub_domains { value.split('.').all(label) } else { label(value) }
}

/// `uriEncode(value)`: percent-encodes every byte but the unreserved characters
/// (`A-Z a-z 0-9 - _ . ~`), with upper-case hex digits.
pub fn uri_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    encoded
}

/// `parseURL(value)`: `None` unless `value` is an `http` or `https` URL with a host
/// and without a query or fragment.
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    if scheme != "http" && scheme != "https" || rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |index| rest.split_at(index));
    let host = host_of(authority)?;
    let is_ip = host.starts_with('[') || is_ipv4(host);
    let normalized_path = match path {
        "" => "/".to_owned(),
        path if path.ends_with('/') => path.to_owned(),
        path => format!("{path}/"),
    };
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// The host of an authority (`host`, `host:port`, `[v6]`, `[v6]:port`), if well formed.
fn host_of(authority: &str) -> Option<&str> {
    if authority.is_empty() || authority.contains(['@', ' ']) {
        return None;
    }
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let port = authority[close + 1..].strip_prefix(':');
        if port.is_none() && close + 1 != authority.len() {
            return None;
        }
        (&authority[..=close], port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port_ok =
        port.is_none_or(|port| !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit()));
    (!host.is_empty() && port_ok).then_some(host)
}

fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4 && parts.iter().all(|part| !part.is_empty() && part.len() <= 3 && part.parse::<u8>().is_ok())
}

/// `aws.parseArn(value)`: `None` unless `value` has the six ARN fields with a
/// non-empty partition, service and resource.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut fields = value.splitn(6, ':');
    let (prefix, partition, service, region, account_id, resource) =
        (fields.next()?, fields.next()?, fields.next()?, fields.next()?, fields.next()?, fields.next()?);
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether a bucket name
/// can be a host label: 3 to 63 lower-case letters, digits and hyphens (and dots
/// between valid labels with `allow_sub_domains`), starting and ending with a letter
/// or digit, no `.-` or `-.`, and not shaped like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let bytes = value.as_bytes();
    (3..=63).contains(&bytes.len())
        && bytes.first().is_some_and(|&b| alnum(b))
        && bytes.last().is_some_and(|&b| alnum(b))
        && bytes.iter().all(|&b| alnum(b) || b == b'-' || (allow_sub_domains && b == b'.'))
        && (!allow_sub_domains || is_valid_host_label(value, true))
        && !value.contains(".-")
        && !value.contains("-.")
        && !is_ipv4(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_forward_reverse_and_out_of_range() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true).as_deref(), Some("ef"));
        assert_eq!(substring("abcdefg", 0, 7, false).as_deref(), Some("abcdefg"));
        assert_eq!(substring("abc", 0, 4, false), None, "stop beyond the end");
        assert_eq!(substring("abc", 2, 2, false), None, "empty range");
        assert_eq!(substring("abc", 3, 1, false), None, "start after stop");
        assert_eq!(substring("ab\u{e9}cd", 0, 2, false), None, "not ASCII");
    }

    #[test]
    fn host_labels_with_and_without_dots() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("1abc", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a.b", false), "dots need allowSubDomains");
        assert!(is_valid_host_label("a.b.c", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.b.", true));
        assert!(!is_valid_host_label("a_b", true));
        assert!(!is_valid_host_label("a.-b", true));
    }

    #[test]
    fn uri_encode_reserved_and_multibyte() {
        assert_eq!(uri_encode("abc-_.~XYZ09"), "abc-_.~XYZ09");
        assert_eq!(uri_encode("a b/c?d=e&f:g+h"), "a%20b%2Fc%3Fd%3De%26f%3Ag%2Bh");
        assert_eq!(uri_encode("%"), "%25");
        assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn parse_url_with_and_without_port_and_path() {
        let url = parse_url("https://example.com").unwrap();
        assert_eq!((url.scheme.as_str(), url.authority.as_str(), url.path.as_str()), ("https", "example.com", ""));
        assert_eq!(url.normalized_path, "/");
        assert!(!url.is_ip);
        let url = parse_url("http://example.com:8443/foo/bar").unwrap();
        assert_eq!(url.authority, "example.com:8443");
        assert_eq!(url.path, "/foo/bar");
        assert_eq!(url.normalized_path, "/foo/bar/");
        let url = parse_url("https://example.com/foo/").unwrap();
        assert_eq!(url.normalized_path, "/foo/");
        assert!(parse_url("http://127.0.0.1:80/x").unwrap().is_ip);
        assert!(parse_url("https://[fe80::1]:443").unwrap().is_ip);
        assert!(!parse_url("https://127.0.0.1.example.com").unwrap().is_ip);
        for bad in
            ["example.com", "ftp://example.com", "https://example.com?x=1", "https://", "https://a:b", "https://[::1"]
        {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn parse_arn_with_resource_paths() {
        let arn = parse_arn("arn:aws:s3:us-east-2:012345678901:outpost:op-1234/bucket/my-bucket").unwrap();
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "s3");
        assert_eq!(arn.region, "us-east-2");
        assert_eq!(arn.account_id, "012345678901");
        assert_eq!(arn.resource_id, ["outpost", "op-1234", "bucket", "my-bucket"]);
        let arn = parse_arn("arn:aws:iam::123456789012:user/David").unwrap();
        assert_eq!(
            (arn.region.as_str(), arn.resource_id.as_slice()),
            ("", &["user".to_owned(), "David".to_owned()][..])
        );
        assert_eq!(parse_arn("arn:aws:sns:us-west-2:1:topic").unwrap().resource_id, ["topic"]);
        for bad in [
            "",
            "arn:aws:s3",
            "arn:aws:s3:us-east-1:1",
            "notarn:aws:s3:r:a:res",
            "arn::s3:r:a:res",
            "arn:aws::r:a:res",
            "arn:aws:s3:r:a:",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my..bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("my.-bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
    }
}
