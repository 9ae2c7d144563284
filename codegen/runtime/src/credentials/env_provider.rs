//! [`EnvironmentProvider`]: credentials from `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.

use super::{Credentials, CredentialsError, CredentialsFuture, Environment, ProvideCredentials};

const NAME: &str = "environment";

/// Credentials from environment variables: `AWS_ACCESS_KEY_ID` and
/// `AWS_SECRET_ACCESS_KEY`, with an optional `AWS_SESSION_TOKEN` (and
/// `AWS_ACCOUNT_ID`, the account they belong to).
///
/// Blank values count as unset. Neither key variable set: not configured.
/// Only one of them set: a provider error naming the missing one (the chain
/// does not silently use some other identity).
#[derive(Clone, Debug)]
pub struct EnvironmentProvider {
    env: Environment,
}

impl EnvironmentProvider {
    /// A provider reading `env`.
    pub fn new(env: Environment) -> Self {
        EnvironmentProvider { env }
    }

    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let access_key_id = self.env.non_empty_var("AWS_ACCESS_KEY_ID");
        let secret_access_key = self.env.non_empty_var("AWS_SECRET_ACCESS_KEY");
        match (access_key_id, secret_access_key) {
            (Some(access_key_id), Some(secret_access_key)) => {
                let session_token = self.env.non_empty_var("AWS_SESSION_TOKEN");
                let credentials = Credentials::new(access_key_id, secret_access_key, session_token, None, NAME);
                Ok(match self.env.non_empty_var("AWS_ACCOUNT_ID") {
                    Some(account_id) => credentials.with_account_id(account_id),
                    None => credentials,
                })
            }
            (None, None) => {
                Err(CredentialsError::not_configured(NAME, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"))
            }
            (Some(_), None) => {
                Err(CredentialsError::provider_error(NAME, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"))
            }
            (None, Some(_)) => {
                Err(CredentialsError::provider_error(NAME, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"))
            }
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move { self.credentials() })
    }
}
