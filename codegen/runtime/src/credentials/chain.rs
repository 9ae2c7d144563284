//! [`DefaultCredentialsChain`]: the providers in the AWS SDKs' order, the
//! first configured one winning.

use std::sync::Arc;

use super::{
    ContainerProvider, Credentials, CredentialsError, CredentialsFuture, Environment, EnvironmentProvider,
    ImdsProvider, ProfileProvider, ProvideCredentials, ProviderConfig, WebIdentityProvider,
};

const NAME: &str = "default chain";

/// The AWS SDKs' default credentials chain:
///
/// 1. [`EnvironmentProvider`] (`AWS_ACCESS_KEY_ID`, ...),
/// 2. [`ProfileProvider`] (the shared `credentials` / `config` files: static
///    keys, assumed roles, web identity, SSO, `credential_process`),
/// 3. [`WebIdentityProvider::from_env`] (`AWS_WEB_IDENTITY_TOKEN_FILE`,
///    `AWS_ROLE_ARN`),
/// 4. [`ContainerProvider`] (`AWS_CONTAINER_CREDENTIALS_*_URI`),
/// 5. [`ImdsProvider`] (EC2 instance metadata, IMDSv2).
///
/// Providers are asked in turn. One that is not configured
/// ([`CredentialsError::is_not_configured`]) is skipped; the first that
/// returns credentials wins; the first that is configured but fails ends the
/// search with its error (the chain never silently falls through to another
/// identity). When none is configured, the error (kind
/// [`NotConfigured`](super::CredentialsErrorKind::NotConfigured), provider
/// `"default chain"`) lists what each provider looked for.
///
/// The chain does not cache: wrap it in a [`super::CredentialsCache`].
#[derive(Clone, Debug)]
pub struct DefaultCredentialsChain {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl DefaultCredentialsChain {
    /// The default chain over `env`, sending container and instance metadata
    /// requests with `http` (see [`super::metadata_http_client`] for a
    /// suitable client).
    pub fn new(env: Environment, http: reqwest::Client) -> Self {
        Self::with_config(ProviderConfig::new(env).with_metadata_http_client(http))
    }

    /// The default chain with these settings.
    pub fn with_config(config: ProviderConfig) -> Self {
        let env = config.env().clone();
        let mut providers: Vec<Arc<dyn ProvideCredentials>> = vec![
            Arc::new(EnvironmentProvider::new(env.clone())),
            Arc::new(ProfileProvider::with_config(config.clone())),
            Arc::new(WebIdentityProvider::from_env(config.clone())),
        ];
        match config.metadata_http("default chain") {
            Ok(http) => {
                providers.push(Arc::new(ContainerProvider::new(env.clone(), http.clone())));
                providers.push(Arc::new(ImdsProvider::new(env, http)));
            }
            Err(error) => providers.push(Arc::new(Failing(error))),
        }
        DefaultCredentialsChain { providers }
    }

    /// A chain over `providers`, asked in the given order, with the same
    /// rules as the default chain.
    pub fn from_providers(providers: Vec<Arc<dyn ProvideCredentials>>) -> Self {
        DefaultCredentialsChain { providers }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::with_capacity(self.providers.len());
        for provider in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => return Ok(credentials),
                Err(e) if e.is_not_configured() => tried.push(format!("{} ({})", e.provider(), e.message())),
                Err(e) => return Err(e),
            }
        }
        let message = if tried.is_empty() {
            "no credentials found: the chain has no providers".to_owned()
        } else {
            format!("no credentials found; tried: {}", tried.join("; "))
        };
        Err(CredentialsError::not_configured(NAME, message))
    }
}

/// Stands in for the metadata providers when their HTTP client cannot be
/// built: the chain then reports why, rather than skipping them.
#[derive(Debug)]
struct Failing(CredentialsError);

impl ProvideCredentials for Failing {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let error = self.0.clone();
        Box::pin(async move { Err(error) })
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
