//! How a profile resolves to credentials, as data: a base source (static
//! keys, a named source, web identity, SSO or `credential_process`) and the
//! roles assumed from it in turn, following `source_profile` links.
//!
//! Kept apart from the network so the rules (precedence of settings,
//! `source_profile` chains, cycles, incomplete settings) can be checked on
//! their own; [`super::ProfileProvider`] runs the result.

use super::profile::{self, Profile, ProfileSet};
use super::sso::SsoSettings;
use super::sts::RoleRequest;
use super::{Credentials, CredentialsError, Environment};

const NAME: &str = "profile";

/// A `credential_source` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// Where the first credentials of a chain come from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Base {
    AccessKey(Credentials),
    NamedSource(NamedSource),
    WebIdentity {
        role_arn: String,
        token_file: String,
        session_name: Option<String>,
    },
    /// Without account and role, the profile configures an SSO token only.
    Sso {
        settings: SsoSettings,
        account_id: Option<String>,
        role_name: Option<String>,
    },
    Process {
        command: String,
        account_id: Option<String>,
    },
}

/// One role assumed in a chain, and the profile that asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RoleStep {
    pub(crate) profile: String,
    pub(crate) request: RoleRequest,
}

/// A resolved profile: `base` (from the profile `base_profile`), then
/// `roles` assumed in order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ProfileChain {
    pub(crate) base: Base,
    pub(crate) base_profile: String,
    pub(crate) roles: Vec<RoleStep>,
}

/// Resolves `selected` in `set`. `explicit` says whether the user chose the
/// profile (`AWS_PROFILE`): a chosen profile that does not exist is an
/// error, the absent `default` is only "not configured".
pub(crate) fn resolve(set: &ProfileSet, selected: &str, explicit: bool) -> Result<ProfileChain, CredentialsError> {
    let Some(mut profile) = set.get(selected) else {
        let files = if set.files().is_empty() {
            "no shared config or credentials file exists".to_owned()
        } else {
            let names: Vec<String> = set.files().iter().map(|p| p.display().to_string()).collect();
            format!("not in {}", names.join(" or "))
        };
        let message = format!("profile `{selected}`: {files}");
        return Err(if explicit && !set.is_empty() {
            CredentialsError::provider_error(NAME, format!("{message} (selected by AWS_PROFILE)"))
        } else {
            CredentialsError::not_configured(NAME, message)
        });
    };
    let mut visited: Vec<String> = Vec::new();
    let mut roles: Vec<RoleStep> = Vec::new();
    loop {
        let name = profile.name();
        if visited.iter().any(|seen| seen == name) {
            visited.push(name.to_owned());
            let path = visited.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" -> ");
            return Err(fail(format!("source_profile settings form a cycle: {path}")));
        }
        visited.push(name.to_owned());
        let first = visited.len() == 1;
        // A source profile with static keys provides them, whatever else it sets.
        if !first && has_static_keys(profile) {
            return Ok(finish(Base::AccessKey(static_keys(profile)?), name, roles));
        }
        let Some(role_arn) = value(profile, "role_arn") else {
            let base = base(set, profile, first)?;
            return Ok(finish(base, name, roles));
        };
        if let Some(token_file) = value(profile, "web_identity_token_file") {
            let session_name = value(profile, "role_session_name").map(str::to_owned);
            let base =
                Base::WebIdentity { role_arn: role_arn.to_owned(), token_file: token_file.to_owned(), session_name };
            return Ok(finish(base, name, roles));
        }
        if value(profile, "mfa_serial").is_some() {
            return Err(fail(format!(
                "profile `{name}` sets `mfa_serial`: assuming {role_arn} needs an MFA token code, which this client \
                 cannot ask for; use a profile whose role does not require MFA, or credentials obtained beforehand"
            )));
        }
        roles.insert(0, RoleStep { profile: name.to_owned(), request: role_request(profile, role_arn)? });
        match (value(profile, "source_profile"), value(profile, "credential_source")) {
            (Some(_), Some(_)) => {
                return Err(fail(format!(
                    "profile `{name}` sets both `source_profile` and `credential_source`; use only one"
                )));
            }
            (None, None) => {
                return Err(fail(format!(
                    "profile `{name}` sets `role_arn` but neither `source_profile` nor `credential_source`"
                )));
            }
            (None, Some(source)) => {
                let source = match source {
                    "Environment" => NamedSource::Environment,
                    "Ec2InstanceMetadata" => NamedSource::Ec2InstanceMetadata,
                    "EcsContainer" => NamedSource::EcsContainer,
                    other => {
                        return Err(fail(format!(
                            "profile `{name}` has `credential_source = {other}`; expected Environment, \
                             Ec2InstanceMetadata or EcsContainer"
                        )));
                    }
                };
                return Ok(finish(Base::NamedSource(source), name, roles));
            }
            (Some(source), None) if source == name => {
                // A profile that is its own source: its static keys assume its role.
                return Ok(finish(Base::AccessKey(static_keys(profile)?), name, roles));
            }
            (Some(source), None) => {
                profile = set.get(source).ok_or_else(|| {
                    fail(format!("profile `{name}` names `source_profile = {source}`, which is not defined"))
                })?;
            }
        }
    }
}

fn finish(base: Base, profile: &str, roles: Vec<RoleStep>) -> ProfileChain {
    ProfileChain { base, base_profile: profile.to_owned(), roles }
}

fn fail(message: String) -> CredentialsError {
    CredentialsError::provider_error(NAME, message)
}

fn value<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile.get(key).map(str::trim).filter(|v| !v.is_empty())
}

fn has_static_keys(profile: &Profile) -> bool {
    value(profile, "aws_access_key_id").is_some() || value(profile, "aws_secret_access_key").is_some()
}

fn static_keys(profile: &Profile) -> Result<Credentials, CredentialsError> {
    let name = profile.name();
    match (value(profile, "aws_access_key_id"), value(profile, "aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            let token = value(profile, "aws_session_token").map(str::to_owned);
            let credentials = Credentials::new(id, secret, token, None, NAME);
            Ok(match value(profile, "aws_account_id") {
                Some(account) => credentials.with_account_id(account),
                None => credentials,
            })
        }
        (Some(_), None) => Err(fail(format!("profile `{name}` has aws_access_key_id but no aws_secret_access_key"))),
        (None, Some(_)) => Err(fail(format!("profile `{name}` has aws_secret_access_key but no aws_access_key_id"))),
        (None, None) => Err(fail(format!("profile `{name}` has no credentials (no static keys or other source)"))),
    }
}

fn role_request(profile: &Profile, role_arn: &str) -> Result<RoleRequest, CredentialsError> {
    let duration_seconds = match value(profile, "duration_seconds") {
        None => None,
        Some(text) => Some(text.parse::<u32>().map_err(|_| {
            fail(format!(
                "profile `{}` has `duration_seconds = {text}`; expected a whole number of seconds",
                profile.name()
            ))
        })?),
    };
    Ok(RoleRequest {
        role_arn: role_arn.to_owned(),
        session_name: value(profile, "role_session_name").map(str::to_owned),
        external_id: value(profile, "external_id").map(str::to_owned),
        duration_seconds,
    })
}

/// The source of a profile without `role_arn`: web identity (an error
/// without a role), SSO, `credential_process`, then static keys.
fn base(set: &ProfileSet, profile: &Profile, first: bool) -> Result<Base, CredentialsError> {
    let name = profile.name();
    if value(profile, "web_identity_token_file").is_some() {
        return Err(fail(format!("profile `{name}` sets `web_identity_token_file` but `role_arn` is missing")));
    }
    if value(profile, "credential_source").is_some() {
        return Err(fail(format!("profile `{name}` sets `credential_source` but no `role_arn` to assume with it")));
    }
    if let Some(sso) = sso(set, profile)? {
        return Ok(sso);
    }
    if let Some(command) = value(profile, "credential_process") {
        let account_id = value(profile, "aws_account_id").map(str::to_owned);
        return Ok(Base::Process { command: command.to_owned(), account_id });
    }
    if has_static_keys(profile) {
        return Ok(Base::AccessKey(static_keys(profile)?));
    }
    let message = format!("profile `{name}` has no credentials (no static keys, role, SSO or credential_process)");
    Err(if first { CredentialsError::not_configured(NAME, message) } else { fail(message) })
}

/// The SSO settings of `profile`, if it has any.
fn sso(set: &ProfileSet, profile: &Profile) -> Result<Option<Base>, CredentialsError> {
    let name = profile.name();
    let account_id = value(profile, "sso_account_id");
    let role_name = value(profile, "sso_role_name");
    let session = value(profile, "sso_session");
    let settings = sso_settings(set, profile)?;
    let Some(settings) = settings else { return Ok(None) };
    match (account_id, role_name) {
        (Some(account_id), Some(role_name)) => Ok(Some(Base::Sso {
            settings,
            account_id: Some(account_id.to_owned()),
            role_name: Some(role_name.to_owned()),
        })),
        (None, None) if session.is_some() => Ok(Some(Base::Sso { settings, account_id: None, role_name: None })),
        (None, None) => {
            Err(fail(format!("profile `{name}` sets SSO settings without `sso_account_id` and `sso_role_name`")))
        }
        (None, Some(_)) => Err(fail(format!("profile `{name}` sets `sso_role_name` but not `sso_account_id`"))),
        (Some(_), None) => Err(fail(format!("profile `{name}` sets `sso_account_id` but not `sso_role_name`"))),
    }
}

/// Start URL and region of a profile's SSO settings: from its
/// `[sso-session]` (the profile may repeat them, but must agree), or the
/// legacy `sso_start_url` + `sso_region` in the profile. `None` when the
/// profile has no SSO setting at all.
fn sso_settings(set: &ProfileSet, profile: &Profile) -> Result<Option<SsoSettings>, CredentialsError> {
    let name = profile.name();
    let keys = ["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];
    if !keys.iter().any(|key| value(profile, key).is_some()) {
        return Ok(None);
    }
    let start_url = value(profile, "sso_start_url");
    let region = value(profile, "sso_region");
    let settings = match value(profile, "sso_session") {
        Some(session_name) => {
            let session = set.sso_session(session_name).ok_or_else(|| {
                fail(format!("profile `{name}` names `sso_session = {session_name}`, but there is no `[sso-session {session_name}]` section"))
            })?;
            let mut resolved = Vec::new();
            for (key, in_profile) in [("sso_start_url", start_url), ("sso_region", region)] {
                let in_session = value(session, key);
                match (in_profile, in_session) {
                    (_, None) => {
                        return Err(fail(format!(
                            "`[sso-session {session_name}]` (used by profile `{name}`) has no `{key}`"
                        )));
                    }
                    (Some(mine), Some(theirs)) if mine != theirs => {
                        return Err(fail(format!(
                            "profile `{name}` sets `{key}` to a value other than its `[sso-session {session_name}]` does"
                        )));
                    }
                    (_, Some(theirs)) => resolved.push(theirs.to_owned()),
                }
            }
            let region = resolved.pop().unwrap_or_default();
            let start_url = resolved.pop().unwrap_or_default();
            SsoSettings { profile: name.to_owned(), session: Some(session_name.to_owned()), start_url, region }
        }
        None => match (start_url, region) {
            (Some(start_url), Some(region)) => SsoSettings {
                profile: name.to_owned(),
                session: None,
                start_url: start_url.to_owned(),
                region: region.to_owned(),
            },
            _ => {
                return Err(fail(format!(
                    "profile `{name}` sets SSO settings but neither `sso_session` nor both `sso_start_url` and `sso_region`"
                )));
            }
        },
    };
    Ok(Some(settings))
}

/// The SSO session settings of the selected profile, for a token provider.
pub(crate) fn token_settings(env: &Environment) -> Result<SsoSettings, CredentialsError> {
    let set = profile::load(env)
        .map_err(|e| CredentialsError::provider_error("sso", format!("shared file {e}")).with_source(e))?;
    let name = profile::profile_name(env);
    let profile = set.get(&name).ok_or_else(|| {
        CredentialsError::not_configured("sso", format!("profile `{name}` is not defined in the shared files"))
    })?;
    if value(profile, "sso_session").is_none() {
        return Err(CredentialsError::not_configured("sso", format!("profile `{name}` has no `sso_session`")));
    }
    sso_settings(&set, profile)?
        .ok_or_else(|| CredentialsError::not_configured("sso", format!("profile `{name}` has no SSO settings")))
}

/// Test hook, not for production use: how `selected` in `set` resolves, in
/// the shape of the AWS SDKs' assume-role conformance cases (a list of steps,
/// base first: `AccessKey`, `NamedSource`, `WebIdentityToken`, `Sso`,
/// `CredentialProcess`, then one `AssumeRole` per role).
#[doc(hidden)]
pub fn describe_profile_chain(set: &ProfileSet, selected: &str) -> Result<Vec<serde_json::Value>, CredentialsError> {
    use serde_json::{Map, Value, json};
    let chain = resolve(set, selected, true)?;
    let object = |pairs: Vec<(&str, Option<&str>)>| {
        let map: Map<String, Value> = pairs
            .into_iter()
            .filter_map(|(key, value)| Some((key.to_owned(), Value::String(value?.to_owned()))))
            .collect();
        Value::Object(map)
    };
    let base = match &chain.base {
        Base::AccessKey(c) => json!({"AccessKey": object(vec![
            ("access_key_id", Some(c.access_key_id())),
            ("secret_access_key", Some(c.secret_access_key())),
            ("session_token", c.session_token()),
            ("account_id", c.account_id()),
        ])}),
        Base::NamedSource(source) => json!({"NamedSource": format!("{source:?}")}),
        Base::WebIdentity { role_arn, token_file, session_name } => json!({"WebIdentityToken": object(vec![
            ("role_arn", Some(role_arn)),
            ("web_identity_token_file", Some(token_file)),
            ("role_session_name", session_name.as_deref()),
        ])}),
        Base::Sso { settings, account_id, role_name } => json!({"Sso": object(vec![
            ("sso_session", settings.session.as_deref()),
            ("sso_start_url", Some(&settings.start_url)),
            ("sso_region", Some(&settings.region)),
            ("sso_account_id", account_id.as_deref()),
            ("sso_role_name", role_name.as_deref()),
        ])}),
        Base::Process { command, .. } => json!({"CredentialProcess": command}),
    };
    let mut steps = vec![base];
    for step in &chain.roles {
        let duration = step.request.duration_seconds.map(|d| d.to_string());
        steps.push(json!({"AssumeRole": object(vec![
            ("role_arn", Some(&step.request.role_arn)),
            ("role_session_name", step.request.session_name.as_deref()),
            ("external_id", step.request.external_id.as_deref()),
            ("duration_seconds", duration.as_deref()),
        ])}));
    }
    Ok(steps)
}
