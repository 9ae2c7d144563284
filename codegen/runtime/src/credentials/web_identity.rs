//! [`WebIdentityProvider`]: credentials for a role assumed with a web
//! identity token file (EKS IAM roles for service accounts and the like).

use std::path::PathBuf;

use super::context::ProviderConfig;
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, sts};

const NAME: &str = "web identity";

const TOKEN_FILE: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
const ROLE_ARN: &str = "AWS_ROLE_ARN";
const SESSION_NAME: &str = "AWS_ROLE_SESSION_NAME";

/// Credentials from STS `AssumeRoleWithWebIdentity`, with the token read
/// from a file at every fetch (EKS rotates it).
///
/// [`WebIdentityProvider::from_env`] reads `AWS_WEB_IDENTITY_TOKEN_FILE`,
/// `AWS_ROLE_ARN` and optionally `AWS_ROLE_SESSION_NAME`: without the token
/// file it is "not configured" (`AWS_ROLE_ARN` alone serves other tools
/// too); the token file without a role is a provider error, so a pod whose
/// setup is incomplete never silently runs as some other identity (say, the
/// node's instance role). A profile's `web_identity_token_file` + `role_arn` builds
/// the same provider (see [`super::ProfileProvider`]).
#[derive(Clone, Debug)]
pub struct WebIdentityProvider {
    config: ProviderConfig,
    source: Source,
}

#[derive(Clone, Debug)]
enum Source {
    Env,
    Fixed { token_file: PathBuf, role_arn: String, session_name: Option<String> },
}

impl WebIdentityProvider {
    /// The provider configured by environment variables.
    pub fn from_env(config: ProviderConfig) -> Self {
        WebIdentityProvider { config, source: Source::Env }
    }

    /// A provider for `role_arn` with the token in `token_file`.
    pub fn new(
        config: ProviderConfig,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
        session_name: Option<String>,
    ) -> Self {
        let source = Source::Fixed { token_file: token_file.into(), role_arn: role_arn.into(), session_name };
        WebIdentityProvider { config, source }
    }

    fn settings(&self) -> Result<(PathBuf, String, Option<String>), CredentialsError> {
        match &self.source {
            Source::Fixed { token_file, role_arn, session_name } => {
                Ok((token_file.clone(), role_arn.clone(), session_name.clone()))
            }
            Source::Env => {
                let env = self.config.env();
                match (env.non_empty_var(TOKEN_FILE), env.non_empty_var(ROLE_ARN)) {
                    (None, _) => Err(CredentialsError::not_configured(NAME, format!("{TOKEN_FILE} is not set"))),
                    (Some(_), None) => Err(CredentialsError::provider_error(
                        NAME,
                        format!("{TOKEN_FILE} is set but {ROLE_ARN} is not: the role to assume is unknown"),
                    )),
                    (Some(file), Some(role)) => Ok((env.expand_home(&file), role, env.non_empty_var(SESSION_NAME))),
                }
            }
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let (token_file, role_arn, session_name) = self.settings()?;
        let token = self.config.env().read_to_string(&token_file).map_err(|e| {
            let message = format!("cannot read the web identity token file {}: {e}", token_file.display());
            CredentialsError::provider_error(NAME, message).with_source(e)
        })?;
        let token = token.trim();
        if token.is_empty() {
            let message = format!("the web identity token file {} is empty", token_file.display());
            return Err(CredentialsError::provider_error(NAME, message));
        }
        sts::assume_role_with_web_identity(&self.config, NAME, &role_arn, session_name.as_deref(), token).await
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
