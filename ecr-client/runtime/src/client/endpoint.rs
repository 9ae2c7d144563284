//! Where a request goes: an explicit override, the `AWS_ENDPOINT_URL*` variables, or
//! the service's default endpoint for the region.

use super::config::Config;
use super::dispatch::ServiceInfo;

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
    /// The URL to send to.
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.path)
    }

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

/// Resolves the endpoint of a call; `host_prefix` (from the operation's `@endpoint`
/// trait, labels filled in) is prepended to the host.
pub fn resolve(config: &Config, service: &ServiceInfo, host_prefix: Option<&str>) -> Result<Endpoint, String> {
    let configured = config.endpoint_url.clone().or_else(|| {
        let env = &config.environment;
        let ignore = env.var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if ignore {
            return None;
        }
        env.var(&format!("AWS_ENDPOINT_URL_{}", service.env_suffix))
            .or_else(|| env.var("AWS_ENDPOINT_URL"))
            .filter(|v| !v.trim().is_empty())
    });
    let mut endpoint = match configured {
        Some(url) => Endpoint::parse(url.trim())?,
        None => {
            let region = config
                .region
                .as_deref()
                .ok_or("no region is configured: set it in the config, or AWS_REGION, or the profile's `region`")?;
            if !is_host_label(region) {
                return Err(format!("region `{region}` is not a valid host label"));
            }
            Endpoint {
                scheme: "https".to_owned(),
                authority: format!("{}.{region}.{}", service.endpoint_prefix, dns_suffix(region)),
                path: "/".to_owned(),
            }
        }
    };
    if let Some(prefix) = host_prefix {
        endpoint.authority = format!("{prefix}{}", endpoint.authority);
    }
    Ok(endpoint)
}

/// The DNS suffix of a region's partition.
fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else {
        "amazonaws.com"
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
    use crate::credentials::Environment;

    fn service() -> ServiceInfo {
        ServiceInfo {
            target_prefix: "Svc_2020",
            content_type: "application/x-amz-json-1.1",
            signing_name: Some("svc"),
            endpoint_prefix: "api.svc",
            env_suffix: "SVC",
            user_agent: "svc-client/0.1.0",
            retryable_errors: &[],
        }
    }

    fn config(vars: &[(&str, &str)]) -> Config {
        let env = Environment::from_vars(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let mut config = Config::builder().region("eu-west-1").build();
        config.environment = env;
        config
    }

    #[test]
    fn default_endpoint_comes_from_prefix_and_region() {
        assert_eq!(resolve(&config(&[]), &service(), None).unwrap().url(), "https://api.svc.eu-west-1.amazonaws.com/");
        let mut cn = config(&[]);
        cn.region = Some("cn-north-1".to_owned());
        assert_eq!(resolve(&cn, &service(), None).unwrap().url(), "https://api.svc.cn-north-1.amazonaws.com.cn/");
        let mut bad = config(&[]);
        bad.region = Some("eu west".to_owned());
        assert!(resolve(&bad, &service(), None).unwrap_err().contains("not a valid host label"));
        let mut none = config(&[]);
        none.region = None;
        assert!(resolve(&none, &service(), None).unwrap_err().contains("no region is configured"));
    }

    #[test]
    fn overrides_in_order_config_service_variable_global_variable() {
        let vars = [("AWS_ENDPOINT_URL_SVC", "http://127.0.0.1:9000"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9001")];
        assert_eq!(resolve(&config(&vars), &service(), None).unwrap().url(), "http://127.0.0.1:9000/");
        assert_eq!(resolve(&config(&vars[1..]), &service(), None).unwrap().url(), "http://127.0.0.1:9001/");
        let explicit = Config { endpoint_url: Some("https://example.test/base/".to_owned()), ..config(&vars) };
        assert_eq!(resolve(&explicit, &service(), None).unwrap().url(), "https://example.test/base");
        let ignored = [vars[0], ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")];
        assert_eq!(resolve(&config(&ignored), &service(), None).unwrap().authority, "api.svc.eu-west-1.amazonaws.com");
    }

    #[test]
    fn host_prefixes_and_bad_urls() {
        let endpoint = resolve(&config(&[]), &service(), Some("data-")).unwrap();
        assert_eq!(endpoint.authority, "data-api.svc.eu-west-1.amazonaws.com");
        for bad in ["ftp://x", "no-scheme", "http://", "http://a b", "http://x/?q"] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Endpoint::parse("HTTP://[::1]:8080").unwrap().authority, "[::1]:8080");
    }
}
