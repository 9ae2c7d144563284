//! Where a request goes, once the service's rule set has resolved an endpoint:
//! the URL's parts, the operation's host prefix, and signing overrides.

use crate::Document;
use crate::rules::ResolvedEndpoint;

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `http` or `https`.
    pub scheme: String,
    /// Host, with `:port` when one is given.
    pub authority: String,
    /// Path, `/` at least, never ending in `/` unless it is just `/`.
    pub path: String,
}

impl Endpoint {
    /// Parses `scheme://host[:port][/path]`.
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let (scheme, rest) = url.split_once("://").ok_or_else(|| format!("endpoint `{url}` has no scheme"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("endpoint `{url}` must use http or https"));
        }
        if rest.contains(['?', '#']) {
            return Err(format!("endpoint `{url}` may not have a query or fragment"));
        }
        let (authority, path) = match rest.find('/') {
            Some(index) => (&rest[..index], &rest[index..]),
            None => (rest, "/"),
        };
        let host = authority.rsplit_once(':').filter(|(_, port)| !port.contains(']')).map_or(authority, |(h, _)| h);
        if host.is_empty() || authority.contains('@') || authority.contains(char::is_whitespace) {
            return Err(format!("endpoint `{url}` has no valid host"));
        }
        let path = path.trim_end_matches('/');
        Ok(Endpoint {
            scheme,
            authority: authority.to_owned(),
            path: if path.is_empty() { "/".to_owned() } else { path.to_owned() },
        })
    }
}

/// Where to send a call: the URL the rule set resolved, with the operation's host
/// prefix (from its `@endpoint` trait, labels filled in) prepended to the host.
pub fn target(resolved: &ResolvedEndpoint, host_prefix: Option<&str>) -> Result<Endpoint, String> {
    let mut endpoint = Endpoint::parse(resolved.url.trim())?;
    if let Some(prefix) = host_prefix {
        endpoint.authority = format!("{prefix}{}", endpoint.authority);
    }
    Ok(endpoint)
}

/// How a resolved endpoint asks to be signed: the first `sigv4` entry of its
/// `authSchemes` property, whose `signingName` and `signingRegion` (each optional)
/// replace the service's. An endpoint that lists only schemes this client cannot
/// sign with is an error.
pub fn signing_override(resolved: &ResolvedEndpoint) -> Result<(Option<String>, Option<String>), String> {
    let Some(schemes) = resolved.property("authSchemes") else { return Ok((None, None)) };
    let schemes = schemes.as_array().ok_or("the endpoint's `authSchemes` property is not a list")?;
    if schemes.is_empty() {
        return Ok((None, None));
    }
    let field = |scheme: &Document, key: &str| scheme.get(key).and_then(Document::as_str).map(str::to_owned);
    match schemes.iter().find(|scheme| field(scheme, "name").as_deref() == Some("sigv4")) {
        Some(scheme) => Ok((field(scheme, "signingName"), field(scheme, "signingRegion"))),
        None => {
            let names: Vec<String> = schemes.iter().filter_map(|scheme| field(scheme, "name")).collect();
            Err(format!("the endpoint requires auth schemes this client does not support: {}", names.join(", ")))
        }
    }
}

/// Whether `label` is a valid DNS host label (letters, digits, inner hyphens, ≤ 63).
pub fn is_host_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::record;

    #[test]
    fn targets_and_host_prefixes() {
        let endpoint =
            target(&ResolvedEndpoint::new("https://api.svc.eu-west-1.amazonaws.com"), Some("data-")).unwrap();
        assert_eq!(endpoint.authority, "data-api.svc.eu-west-1.amazonaws.com");
        assert_eq!((endpoint.scheme.as_str(), endpoint.path.as_str()), ("https", "/"));
        let endpoint = target(&ResolvedEndpoint::new("https://example.test/base/"), None).unwrap();
        assert_eq!((endpoint.authority.as_str(), endpoint.path.as_str()), ("example.test", "/base"));
        for bad in ["ftp://x", "no-scheme", "http://", "http://a b", "http://x/?q"] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
            assert!(target(&ResolvedEndpoint::new(bad), None).is_err(), "{bad}");
        }
        assert_eq!(Endpoint::parse("HTTP://[::1]:8080").unwrap().authority, "[::1]:8080");
    }

    #[test]
    fn auth_schemes_override_signing() {
        let plain = ResolvedEndpoint::new("https://x");
        assert_eq!(signing_override(&plain), Ok((None, None)));
        let schemes = |list: Vec<Document>| {
            ResolvedEndpoint::new("https://x").with_property("authSchemes", Document::Array(list))
        };
        let sigv4a = record([("name", "sigv4a".into()), ("signingName", "s3".into())]);
        let sigv4 = record([
            ("name", "sigv4".into()),
            ("signingName", "s3-outposts".into()),
            ("signingRegion", "us-west-2".into()),
        ]);
        assert_eq!(
            signing_override(&schemes(vec![sigv4a.clone(), sigv4])),
            Ok((Some("s3-outposts".to_owned()), Some("us-west-2".to_owned())))
        );
        let unsupported = signing_override(&schemes(vec![sigv4a])).unwrap_err();
        assert!(unsupported.contains("sigv4a"), "{unsupported}");
        let bad = ResolvedEndpoint::new("https://x").with_property("authSchemes", "sigv4".into());
        assert!(signing_override(&bad).is_err());
    }
}
