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
//!   2. [`ProfileProvider`]: the selected profile in the shared `credentials`
//!      and `config` files (see [`profile`]): static keys, assumed roles
//!      (through STS), web identity, SSO ([`SsoProvider`]) and
//!      `credential_process` ([`ProcessProvider`]);
//!   3. [`WebIdentityProvider`]: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`;
//!   4. [`ContainerProvider`]: the container credentials endpoint
//!      (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI`);
//!   5. [`ImdsProvider`]: the EC2 instance metadata service, IMDSv2.
//! * [`ProviderConfig`]: what they share (environment, HTTP clients, the
//!   region STS is called in, retry settings).
//! * [`SsoTokenProvider`]: the SSO access token of a profile's `sso_session`.
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
mod context;
pub(crate) mod endpoints;
mod env_provider;
mod environment;
mod error;
mod http;
mod imds;
mod process;
pub mod profile;
mod profile_chain;
mod profile_provider;
mod sso;
mod sts;
mod web_identity;

pub use cache::{CredentialsCache, DEFAULT_REFRESH_BUFFER};
pub use chain::DefaultCredentialsChain;
pub use container::ContainerProvider;
pub use context::ProviderConfig;
pub use env_provider::EnvironmentProvider;
pub use environment::Environment;
pub use error::{CredentialsError, CredentialsErrorKind};
pub use imds::{ImdsEndpointMode, ImdsProvider};
pub use process::ProcessProvider;
#[doc(hidden)]
pub use profile_chain::describe_profile_chain;
pub use profile_provider::ProfileProvider;
pub use sso::{SsoProvider, SsoToken, SsoTokenProvider};
pub use web_identity::WebIdentityProvider;

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

#[derive(Clone, PartialEq, Eq)]
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

    /// The same credentials with the AWS account id they belong to (12
    /// digits), as SSO, `credential_process`, assume-role and some container
    /// endpoints report it. An empty id counts as none.
    #[must_use]
    pub fn with_account_id(self, account_id: impl Into<String>) -> Self {
        let account_id = account_id.into();
        let account_id = (!account_id.trim().is_empty()).then(|| account_id.trim().to_owned());
        let mut inner = Arc::unwrap_or_clone(self.inner);
        inner.account_id = account_id;
        Credentials { inner: Arc::new(inner) }
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

    /// The AWS account id the credentials belong to, when their source
    /// reported it (`AWS_ACCOUNT_ID`, profile `aws_account_id`, SSO,
    /// `credential_process`, or the role ARN of assumed-role credentials).
    pub fn account_id(&self) -> Option<&str> {
        self.inner.account_id.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        s.field("provider_name", &self.inner.provider_name)
            .field("access_key_id", &self.inner.access_key_id)
            .field("secret_access_key", &"** redacted **");
        if let Some(account_id) = &self.inner.account_id {
            s.field("account_id", account_id);
        }
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

/// A non-empty setting of the selected profile (unreadable files count as none;
/// see [`try_profile_setting`] for the strict form).
pub fn profile_setting(env: &Environment, key: &str) -> Option<String> {
    try_profile_setting(env, key).ok().flatten()
}

/// A non-empty setting of the selected profile; a shared file that cannot be
/// read or parsed is an error naming the file and line.
pub fn try_profile_setting(env: &Environment, key: &str) -> Result<Option<String>, profile::ProfileError> {
    let profiles = profile::load(env)?;
    let name = profile::profile_name(env);
    let value = profiles.get(&name).and_then(|p| p.get(key)).map(str::trim).filter(|v| !v.is_empty());
    Ok(value.map(str::to_owned))
}

/// A boolean setting as the AWS SDKs read it: the environment variable, else the
/// profile key; `true`/`false` in any case. Anything else, or a shared file that
/// cannot be read or parsed, is an error naming the setting or the file.
pub fn bool_setting(env: &Environment, variable: &str, profile_key: &str) -> Result<Option<bool>, String> {
    let (value, source) = match env.non_empty_var(variable) {
        Some(value) => (value, format!("environment variable {variable}")),
        None => match try_profile_setting(env, profile_key).map_err(|e| format!("shared file {e}"))? {
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
