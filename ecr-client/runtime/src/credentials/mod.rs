//! AWS credentials, the providers that find them, and region resolution.
//!
//! * [`Credentials`]: an access key id, a secret access key, an optional
//!   session token and an optional expiry. Its `Debug` output never shows the
//!   secret or the token.
//! * [`ProvideCredentials`]: anything that can produce credentials
//!   asynchronously. [`Credentials`] itself is one (static credentials).
//! * The providers, in the order of [`DefaultCredentialsChain`] (the same
//!   order as the AWS SDKs):
//!   1. [`EnvironmentProvider`]: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
//!      and optionally `AWS_SESSION_TOKEN`;
//!   2. [`ProfileProvider`]: static keys of the selected profile in the shared
//!      `credentials` and `config` files (see [`profile`]);
//!   3. [`ContainerProvider`]: the container credentials endpoint
//!      (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`);
//!   4. [`ImdsProvider`]: the EC2 instance metadata service, IMDSv2.
//! * [`CredentialsCache`]: caches what a provider returns and refreshes it
//!   shortly before it expires, one refresh at a time.
//! * [`default_region`]: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile.
//! * [`Environment`]: where all of the above look (process environment
//!   variables and the home directory), replaceable in tests.
//!
//! Before any `reqwest::Client` is built, a rustls crypto provider must be
//! installed: call [`install_default_crypto_provider`] (or use
//! [`metadata_http_client`], which does).

mod cache;
mod chain;
mod container;
mod env_provider;
mod environment;
mod error;
mod http;
mod imds;
pub mod profile;
mod profile_provider;

pub use cache::{CredentialsCache, DEFAULT_REFRESH_BUFFER};
pub use chain::DefaultCredentialsChain;
pub use container::ContainerProvider;
pub use env_provider::EnvironmentProvider;
pub use environment::Environment;
pub use error::{CredentialsError, CredentialsErrorKind};
pub use imds::ImdsProvider;
pub use profile_provider::ProfileProvider;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The future returned by [`ProvideCredentials::provide_credentials`].
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of AWS credentials.
///
/// A provider that finds nothing to use returns an error whose kind is
/// [`CredentialsErrorKind::NotConfigured`] (a chain then moves on to the next
/// provider); a provider that is configured but fails returns
/// [`CredentialsErrorKind::Provider`] (a chain stops and reports it).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Produces credentials, or an error naming this provider.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// A set of AWS credentials: access key id, secret access key, and for
/// temporary credentials a session token and an expiry.
///
/// Cloning is cheap (the strings are shared). The `Debug` output shows the
/// access key id, the provider name and the expiry, never the secret access
/// key or the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    inner: Arc<CredentialsInner>,
}

#[derive(PartialEq, Eq)]
struct CredentialsInner {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    provider_name: &'static str,
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials from their parts. `provider_name` says where they came
    /// from (for example `"static"`), for diagnostics.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
        provider_name: &'static str,
    ) -> Self {
        Credentials {
            inner: Arc::new(CredentialsInner {
                access_key_id: access_key_id.into(),
                secret_access_key: secret_access_key.into(),
                session_token,
                expiry,
                provider_name,
                account_id: None,
            }),
        }
    }

    /// The same credentials, knowing the AWS account they belong to (endpoint rules
    /// may route calls by it).
    pub fn with_account_id(mut self, id: impl Into<String>) -> Self {
        let inner = &*self.inner;
        self.inner = Arc::new(CredentialsInner {
            access_key_id: inner.access_key_id.clone(),
            secret_access_key: inner.secret_access_key.clone(),
            session_token: inner.session_token.clone(),
            expiry: inner.expiry,
            provider_name: inner.provider_name,
            account_id: Some(id.into()),
        });
        self
    }

    /// The AWS account the credentials belong to, when their source says.
    pub fn account_id(&self) -> Option<&str> {
        self.inner.account_id.as_deref()
    }

    /// The access key id, e.g. `AKIDEXAMPLE`.
    pub fn access_key_id(&self) -> &str {
        &self.inner.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.inner.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.inner.session_token.as_deref()
    }

    /// When temporary credentials stop working; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry
    }

    /// The name of the provider that produced these credentials.
    pub fn provider_name(&self) -> &'static str {
        self.inner.provider_name
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        s.field("provider_name", &self.inner.provider_name)
            .field("access_key_id", &self.inner.access_key_id)
            .field("secret_access_key", &"** redacted **");
        if self.inner.session_token.is_some() {
            s.field("session_token", &"** redacted **");
        }
        match self.inner.expiry.map(crate::DateTime::try_from) {
            Some(Ok(expiry)) => s.field("expiry", &format_args!("{expiry}")),
            Some(Err(_)) => s.field("expiry", &self.inner.expiry),
            None => s.field("expiry", &"never"),
        };
        s.finish()
    }
}

impl ProvideCredentials for Credentials {
    /// Static credentials: always returns a clone of `self`.
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// Installs rustls's `ring` crypto provider as the process-wide default, if
/// no default has been installed yet.
///
/// `reqwest` is built without a crypto provider of its own, so this (or an
/// equivalent installation of another provider) must happen before the first
/// `reqwest::Client` is built. Calling it more than once is harmless; if
/// another provider is already installed, it is left in place.
pub fn install_default_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only when another thread installed a provider first: fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// A `reqwest::Client` suited to the credentials endpoints used by
/// [`ContainerProvider`] and [`ImdsProvider`]: a 1 second connect timeout and
/// no proxy (the metadata addresses are link-local or loopback and must not
/// go through `HTTP_PROXY`).
///
/// Installs the default crypto provider first (see
/// [`install_default_crypto_provider`]). The providers set their own
/// per-request timeouts (5 seconds for the container endpoint, 1 second per
/// IMDS request), so this client can be shared between them.
pub fn metadata_http_client() -> reqwest::Result<reqwest::Client> {
    install_default_crypto_provider();
    reqwest::Client::builder().no_proxy().connect_timeout(Duration::from_secs(1)).build()
}

/// The default region, as the AWS SDKs find it: `AWS_REGION`, then
/// `AWS_DEFAULT_REGION`, then the `region` of the selected profile (see
/// [`profile::load`]; the credentials file's value wins over the config
/// file's). Empty values are ignored.
///
/// Unreadable or malformed shared files count as having no region here; call
/// [`profile::load`] to see the error.
pub fn default_region(env: &Environment) -> Option<String> {
    if let Some(region) = env.non_empty_var("AWS_REGION") {
        return Some(region);
    }
    if let Some(region) = env.non_empty_var("AWS_DEFAULT_REGION") {
        return Some(region);
    }
    profile_setting(env, "region")
}

/// A non-empty setting of the selected profile (unreadable files count as none).
pub fn profile_setting(env: &Environment, key: &str) -> Option<String> {
    let profiles = profile::load(env).ok()?;
    let name = profile::profile_name(env);
    let value = profiles.get(&name)?.get(key)?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A boolean setting as the AWS SDKs read it: the environment variable, else the
/// profile key; `true`/`false` in any case. Anything else is an error naming the
/// setting.
pub fn bool_setting(env: &Environment, variable: &str, profile_key: &str) -> Result<Option<bool>, String> {
    let (value, source) = match env.non_empty_var(variable) {
        Some(value) => (value, format!("environment variable {variable}")),
        None => match profile_setting(env, profile_key) {
            Some(value) => (value, format!("profile setting `{profile_key}`")),
            None => return Ok(None),
        },
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(format!("{source} is `{value}`; expected `true` or `false`")),
    }
}
