//! [`ProfileProvider`]: credentials of the selected profile in the shared
//! files, whatever kind of profile it is.

use super::context::ProviderConfig;
use super::profile;
use super::profile_chain::{self, Base, NamedSource};
use super::sso::SsoProvider;
use super::{
    ContainerProvider, Credentials, CredentialsError, CredentialsFuture, Environment, EnvironmentProvider,
    ImdsProvider, ProcessProvider, ProvideCredentials, WebIdentityProvider, sts,
};

const NAME: &str = "profile";

/// Credentials of the selected profile (`AWS_PROFILE`, else `default`) of
/// the shared `credentials` and `config` files (see [`profile`] for the file
/// rules), for every kind of profile the AWS CLI accepts:
///
/// * static keys: `aws_access_key_id`, `aws_secret_access_key`, optional
///   `aws_session_token` and `aws_account_id`;
/// * an assumed role: `role_arn` with `source_profile` (chains of any length;
///   a cycle is an error showing it) or `credential_source` (`Environment`,
///   `Ec2InstanceMetadata`, `EcsContainer`); `role_session_name`,
///   `external_id` and `duration_seconds` are sent to STS `AssumeRole`.
///   `mfa_serial` is an error (this client cannot ask for a token code);
/// * `role_arn` with `web_identity_token_file` (and `role_session_name`);
/// * SSO: `sso_session` naming an `[sso-session]` section, or the legacy
///   `sso_start_url` + `sso_region`, with `sso_account_id` and
///   `sso_role_name` (see [`super::SsoTokenProvider`]);
/// * `credential_process` (see [`ProcessProvider`]).
///
/// No such profile, or a profile without any credential setting (say, only
/// a `region`): not configured (but a profile named by `AWS_PROFILE` that
/// does not exist, while other profiles do, is an error). Everything else
/// that goes wrong, at any step of a chain, is a provider error naming the
/// profile and the step. Unreadable or malformed files are errors naming
/// file and line.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    config: ProviderConfig,
}

impl ProfileProvider {
    /// A provider reading the files `env` points to, with default settings
    /// otherwise (see [`ProviderConfig`]).
    pub fn new(env: Environment) -> Self {
        ProfileProvider { config: ProviderConfig::new(env) }
    }

    /// A provider with these settings.
    pub fn with_config(config: ProviderConfig) -> Self {
        ProfileProvider { config }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env = self.config.env();
        let profiles = profile::load(env)
            .map_err(|e| CredentialsError::provider_error(NAME, format!("shared file {e}")).with_source(e))?;
        let name = profile::profile_name(env);
        let explicit = env.non_empty_var("AWS_PROFILE").is_some();
        let chain = profile_chain::resolve(&profiles, &name, explicit)?;
        let base_profile = chain.base_profile.clone();
        let mut credentials = self.base(chain.base, &base_profile).await?;
        for step in chain.roles {
            credentials = sts::assume_role(&self.config, NAME, &credentials, &step.request).await.map_err(|e| {
                let message =
                    format!("profile `{}`: assuming role {}: {}", step.profile, step.request.role_arn, e.message());
                CredentialsError::provider_error(NAME, message).with_source(e)
            })?;
        }
        Ok(credentials)
    }

    async fn base(&self, base: Base, profile: &str) -> Result<Credentials, CredentialsError> {
        let config = &self.config;
        let (step, result) = match base {
            Base::AccessKey(credentials) => return Ok(credentials),
            Base::NamedSource(source) => {
                let result = match source {
                    NamedSource::Environment => {
                        EnvironmentProvider::new(config.env().clone()).provide_credentials().await
                    }
                    NamedSource::Ec2InstanceMetadata => match config.metadata_http(NAME) {
                        Ok(http) => ImdsProvider::new(config.env().clone(), http).provide_credentials().await,
                        Err(e) => Err(e),
                    },
                    NamedSource::EcsContainer => match config.metadata_http(NAME) {
                        Ok(http) => ContainerProvider::new(config.env().clone(), http).provide_credentials().await,
                        Err(e) => Err(e),
                    },
                };
                (format!("credential_source {source:?}"), result)
            }
            Base::WebIdentity { role_arn, token_file, session_name } => {
                let file = config.env().expand_home(&token_file);
                let provider = WebIdentityProvider::new(config.clone(), file, role_arn, session_name);
                ("web identity".to_owned(), provider.provide_credentials().await)
            }
            Base::Sso { settings, account_id: Some(account_id), role_name: Some(role_name) } => {
                return SsoProvider::new(config.clone(), settings, account_id, role_name).provide_credentials().await;
            }
            Base::Sso { .. } => {
                return Err(CredentialsError::provider_error(
                    NAME,
                    format!(
                        "profile `{profile}` configures an SSO session token (for bearer-token services), not AWS \
                         credentials: set `sso_account_id` and `sso_role_name` to get role credentials"
                    ),
                ));
            }
            Base::Process { command, account_id } => {
                return ProcessProvider::new(command, profile, account_id).provide_credentials().await;
            }
        };
        // The source was chosen explicitly: "not configured" is a failure here.
        result.map_err(|e| {
            let message = format!("profile `{profile}`: {step}: {e}");
            CredentialsError::provider_error(NAME, message).with_source(e)
        })
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
