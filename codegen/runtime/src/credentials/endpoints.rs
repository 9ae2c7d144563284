//! Where a service's requests go when the user configured an endpoint, and
//! the default endpoints of the services behind credentials (STS, SSO and
//! SSO-OIDC).
//!
//! The configured-endpoint order is the AWS SDKs': the service-specific
//! variable `AWS_ENDPOINT_URL_<SERVICE>`, the global `AWS_ENDPOINT_URL`, the
//! service's entry in the `[services NAME]` section the profile names with
//! `services = NAME`, then the profile's own `endpoint_url`.
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's
//! `ignore_configured_endpoint_urls = true`) turns all of them off. An
//! endpoint set in code comes before all of these; callers handle it.

use super::profile::{self, Profile, ProfileSet};
use super::{Environment, bool_setting};

/// The endpoint configured for a service outside code, or `None`.
///
/// `env_suffix` is the service's id as in its environment variable, e.g.
/// `ECR`, `STS` or `SSO_OIDC`; its lower-case form is the service's key in a
/// `[services …]` section. `profiles` are the loaded shared files and
/// `selected` the selected profile in them, if any.
///
/// An invalid `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` value is an error naming
/// the setting.
pub(crate) fn configured_endpoint(
    env: &Environment,
    profiles: &ProfileSet,
    selected: Option<&Profile>,
    env_suffix: &str,
) -> Result<Option<String>, String> {
    let ignore = match env.non_empty_var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
        Some(value) => parse_bool(&value, "environment variable AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?,
        None => match selected.and_then(|p| non_empty(p, "ignore_configured_endpoint_urls")) {
            Some(value) => parse_bool(value, "profile setting `ignore_configured_endpoint_urls`")?,
            None => false,
        },
    };
    if ignore {
        return Ok(None);
    }
    if let Some(url) = env.non_empty_var(&format!("AWS_ENDPOINT_URL_{env_suffix}")) {
        return Ok(Some(url));
    }
    if let Some(url) = env.non_empty_var("AWS_ENDPOINT_URL") {
        return Ok(Some(url));
    }
    let Some(selected) = selected else { return Ok(None) };
    if let Some(section) = non_empty(selected, "services") {
        let Some(services) = profiles.services(section) else {
            return Err(format!(
                "profile `{}` names `services = {section}`, but there is no `[services {section}]` section",
                selected.name()
            ));
        };
        let key = env_suffix.to_ascii_lowercase();
        if let Some(settings) = services.get(&key)
            && let Some(url) = profile::sub_properties(settings).remove("endpoint_url").filter(|url| !url.is_empty())
        {
            return Ok(Some(url));
        }
    }
    Ok(non_empty(selected, "endpoint_url").map(str::to_owned))
}

/// `configured_endpoint` reading the shared files of `env` now; a file that
/// cannot be read or parsed is an error naming it.
pub(crate) fn configured_endpoint_from_files(env: &Environment, env_suffix: &str) -> Result<Option<String>, String> {
    let profiles = profile::load(env).map_err(|e| format!("shared file {e}"))?;
    let selected = profiles.get(&profile::profile_name(env));
    configured_endpoint(env, &profiles, selected, env_suffix)
}

/// The default endpoint of an AWS service whose hosts are
/// `{prefix}.{region}.{dns suffix}` (`{prefix}-fips…` for FIPS, the
/// partition's dual-stack suffix for dual stack), as STS, SSO
/// (`portal.sso`) and SSO-OIDC (`oidc`) are.
pub(crate) fn default_endpoint(prefix: &str, region: &str, fips: bool, dual_stack: bool) -> String {
    let (dns, dual) = match crate::rules::partition(region) {
        Some(partition) => (partition.dns_suffix, partition.dual_stack_dns_suffix),
        None => ("amazonaws.com", "api.aws"),
    };
    let suffix = if dual_stack { dual } else { dns };
    let prefix = if fips { format!("{prefix}-fips") } else { prefix.to_owned() };
    format!("https://{prefix}.{region}.{suffix}")
}

/// Whether FIPS and dual-stack endpoints are selected: `AWS_USE_FIPS_ENDPOINT`
/// / `AWS_USE_DUALSTACK_ENDPOINT`, else the profile's `use_fips_endpoint` /
/// `use_dualstack_endpoint`.
pub(crate) fn fips_and_dual_stack(env: &Environment) -> Result<(bool, bool), String> {
    let fips = bool_setting(env, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?.unwrap_or(false);
    let dual = bool_setting(env, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?.unwrap_or(false);
    Ok((fips, dual))
}

fn non_empty<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile.get(key).map(str::trim).filter(|v| !v.is_empty())
}

fn parse_bool(value: &str, origin: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{origin} is `{}`; expected `true` or `false`", value.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(config: &str) -> ProfileSet {
        ProfileSet::parse(config, profile::FileKind::Config).unwrap()
    }

    fn env(vars: &[(&str, &str)]) -> Environment {
        Environment::from_vars(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
    }

    const CONFIG: &str = "[default]\nendpoint_url = http://profile\nservices = local\n\
                          [services local]\nsvc =\n  endpoint_url = http://services\n";

    #[test]
    fn each_level_in_order() {
        let set = profiles(CONFIG);
        let selected = set.get("default");
        let all = env(&[("AWS_ENDPOINT_URL_SVC", "http://service-env"), ("AWS_ENDPOINT_URL", "http://global-env")]);
        let at = |env: &Environment, suffix| configured_endpoint(env, &set, selected, suffix).unwrap();
        assert_eq!(at(&all, "SVC").as_deref(), Some("http://service-env"));
        assert_eq!(at(&env(&[("AWS_ENDPOINT_URL", "http://global-env")]), "SVC").as_deref(), Some("http://global-env"));
        assert_eq!(at(&env(&[]), "SVC").as_deref(), Some("http://services"));
        assert_eq!(at(&env(&[]), "OTHER").as_deref(), Some("http://profile"), "another service: profile endpoint_url");
        let none = profiles("[default]\nregion = x\n");
        assert_eq!(configured_endpoint(&env(&[]), &none, none.get("default"), "SVC").unwrap(), None);
    }

    #[test]
    fn ignore_switches_off_everything_but_code() {
        let set = profiles(CONFIG);
        let selected = set.get("default");
        let ignored = env(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"), ("AWS_ENDPOINT_URL", "http://x")]);
        assert_eq!(configured_endpoint(&ignored, &set, selected, "SVC").unwrap(), None);
        let set = profiles(&format!("{CONFIG}\n[profile other]\nignore_configured_endpoint_urls = true\n"));
        let by_profile = set.get("default").map(|_| ()).and(set.get("other"));
        assert_eq!(configured_endpoint(&env(&[]), &set, by_profile, "SVC").unwrap(), None);
        let bad = env(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "maybe")]);
        let error = configured_endpoint(&bad, &set, selected, "SVC").unwrap_err();
        assert!(error.contains("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "{error}");
    }

    #[test]
    fn missing_services_section_is_an_error() {
        let set = profiles("[default]\nservices = nowhere\n");
        let error = configured_endpoint(&env(&[]), &set, set.get("default"), "SVC").unwrap_err();
        assert!(error.contains("[services nowhere]"), "{error}");
    }

    #[test]
    fn default_endpoints() {
        assert_eq!(default_endpoint("sts", "us-east-1", false, false), "https://sts.us-east-1.amazonaws.com");
        assert_eq!(default_endpoint("sts", "us-east-1", true, true), "https://sts-fips.us-east-1.api.aws");
        assert_eq!(
            default_endpoint("portal.sso", "us-east-2", true, true),
            "https://portal.sso-fips.us-east-2.api.aws"
        );
        assert_eq!(default_endpoint("oidc", "cn-north-1", false, false), "https://oidc.cn-north-1.amazonaws.com.cn");
    }
}
