//! [`DefaultCredentialsChain`]: the providers in the AWS SDKs' order, the
//! first configured one winning.

use std::sync::Arc;

use super::{
    ContainerProvider, Credentials, CredentialsError, CredentialsFuture, Environment, EnvironmentProvider,
    ImdsProvider, ProfileProvider, ProvideCredentials,
};

const NAME: &str = "default chain";

/// The AWS SDKs' default credentials chain:
///
/// 1. [`EnvironmentProvider`] (`AWS_ACCESS_KEY_ID`, ...),
/// 2. [`ProfileProvider`] (the shared `credentials` / `config` files),
/// 3. [`ContainerProvider`] (`AWS_CONTAINER_CREDENTIALS_*_URI`),
/// 4. [`ImdsProvider`] (EC2 instance metadata, IMDSv2).
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
        DefaultCredentialsChain {
            providers: vec![
                Arc::new(EnvironmentProvider::new(env.clone())),
                Arc::new(ProfileProvider::new(env.clone())),
                Arc::new(ContainerProvider::new(env.clone(), http.clone())),
                Arc::new(ImdsProvider::new(env, http)),
            ],
        }
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

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}
