//! [`ProfileProvider`]: static keys of the selected profile in the shared
//! files.

use super::profile::{self, Profile};
use super::{Credentials, CredentialsError, CredentialsFuture, Environment, ProvideCredentials};

const NAME: &str = "profile";

/// Keys that select a kind of credentials this runtime does not implement
/// and that, in the AWS SDKs, take precedence over static keys in the same
/// profile.
const OVERRIDING_UNSUPPORTED: &[&str] = &[
    "role_arn",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "sso_account_id",
    "sso_role_name",
    "sso_region",
];

/// Keys that select a kind of credentials this runtime does not implement
/// and that the AWS SDKs use only when the profile has no static keys.
const FALLBACK_UNSUPPORTED: &[&str] = &["credential_process", "credential_source", "source_profile"];

/// Credentials from the selected profile (`AWS_PROFILE`, else `default`) of
/// the shared `credentials` and `config` files: `aws_access_key_id`,
/// `aws_secret_access_key` and optionally `aws_session_token` (see
/// [`profile`] for the file rules).
///
/// * No such profile: not configured — unless `AWS_PROFILE` names it
///   explicitly and the files define other profiles, which is a provider
///   error (as in the AWS SDKs, no profiles at all is "not configured" even
///   with `AWS_PROFILE` set).
/// * The profile has neither key nor any credential setting (say, only a
///   `region`): not configured.
/// * Only one of the two keys: provider error.
/// * A setting this runtime does not implement (assume-role `role_arn`,
///   `web_identity_token_file`, `sso_*`, or `credential_process` /
///   `credential_source` / `source_profile` without static keys): a provider
///   error naming the key. `role_arn`, web identity and SSO win over static
///   keys in the same profile in the AWS SDKs, so they are an error even
///   when static keys are present (rather than silently using another
///   identity).
/// * Unreadable or malformed files: provider error naming file and line.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    env: Environment,
}

impl ProfileProvider {
    /// A provider reading the files `env` points to.
    pub fn new(env: Environment) -> Self {
        ProfileProvider { env }
    }

    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let profiles = profile::load(&self.env)
            .map_err(|e| CredentialsError::provider_error(NAME, format!("shared file {e}")).with_source(e))?;
        let name = profile::profile_name(&self.env);
        let Some(found) = profiles.get(&name) else {
            let files = if profiles.files().is_empty() {
                "no shared config or credentials file exists".to_owned()
            } else {
                let names: Vec<String> = profiles.files().iter().map(|p| p.display().to_string()).collect();
                format!("not in {}", names.join(" or "))
            };
            let message = format!("profile `{name}`: {files}");
            let explicit = self.env.non_empty_var("AWS_PROFILE").is_some();
            return Err(if explicit && !profiles.is_empty() {
                CredentialsError::provider_error(NAME, format!("{message} (selected by AWS_PROFILE)"))
            } else {
                CredentialsError::not_configured(NAME, message)
            });
        };
        from_profile(found)
    }
}

fn from_profile(profile: &Profile) -> Result<Credentials, CredentialsError> {
    let name = profile.name();
    let value = |key: &str| profile.get(key).map(str::trim).filter(|v| !v.is_empty());
    let unsupported = |key: &str| {
        CredentialsError::provider_error(
            NAME,
            format!("profile `{name}` uses `{key}`, which is not supported (only static keys are)"),
        )
    };
    if let Some(key) = OVERRIDING_UNSUPPORTED.iter().find(|key| value(key).is_some()) {
        return Err(unsupported(key));
    }
    match (value("aws_access_key_id"), value("aws_secret_access_key")) {
        (Some(access_key_id), Some(secret_access_key)) => {
            let session_token = value("aws_session_token").map(str::to_owned);
            Ok(Credentials::new(access_key_id, secret_access_key, session_token, None, NAME))
        }
        (Some(_), None) => Err(CredentialsError::provider_error(
            NAME,
            format!("profile `{name}` has aws_access_key_id but no aws_secret_access_key"),
        )),
        (None, Some(_)) => Err(CredentialsError::provider_error(
            NAME,
            format!("profile `{name}` has aws_secret_access_key but no aws_access_key_id"),
        )),
        (None, None) => match FALLBACK_UNSUPPORTED.iter().find(|key| value(key).is_some()) {
            Some(key) => Err(unsupported(key)),
            None => Err(CredentialsError::not_configured(NAME, format!("profile `{name}` has no credentials"))),
        },
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        // The files are small and local: read synchronously when polled.
        Box::pin(async move { self.credentials() })
    }
}
