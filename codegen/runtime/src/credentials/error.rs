//! [`CredentialsError`]: why a provider produced no credentials.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// Whether a provider was configured at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The provider found nothing to use (its variables are not set, its
    /// files or endpoint do not exist). A chain moves on to the next
    /// provider.
    NotConfigured,
    /// The provider is configured but failed (malformed file, unsupported
    /// setting, endpoint error, unreadable response). A chain stops and
    /// reports this error.
    Provider,
}

/// Why a credentials provider produced no credentials.
///
/// The `Display` output names the provider and what failed, e.g.
/// `container credentials provider failed: GET http://169.254.170.2/creds
/// returned HTTP 500`. Messages never contain secrets. Cloning is cheap.
#[derive(Clone)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    provider: &'static str,
    message: String,
    source: Option<Arc<dyn Error + Send + Sync + 'static>>,
}

impl CredentialsError {
    /// The provider `provider` found nothing to use; `message` says what it
    /// looked for.
    pub fn not_configured(provider: &'static str, message: impl Into<String>) -> Self {
        CredentialsError { kind: CredentialsErrorKind::NotConfigured, provider, message: message.into(), source: None }
    }

    /// The provider `provider` is configured but failed; `message` says how.
    pub fn provider_error(provider: &'static str, message: impl Into<String>) -> Self {
        CredentialsError { kind: CredentialsErrorKind::Provider, provider, message: message.into(), source: None }
    }

    /// The same error with an underlying cause, returned by
    /// [`Error::source`].
    pub fn with_source(mut self, source: impl Error + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// Whether the provider was configured.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// `true` when the provider found nothing to use, so a chain may try the
    /// next one.
    pub fn is_not_configured(&self) -> bool {
        self.kind == CredentialsErrorKind::NotConfigured
    }

    /// The name of the provider that failed, e.g. `"environment"`,
    /// `"profile"`, `"container"`, `"imds"` or `"default chain"`.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// What failed, without the provider name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Debug for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("CredentialsError");
        s.field("kind", &self.kind).field("provider", &self.provider).field("message", &self.message);
        if let Some(source) = &self.source {
            s.field("source", source);
        }
        s.finish()
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            CredentialsErrorKind::NotConfigured => {
                write!(f, "{} credentials provider not configured: {}", self.provider, self.message)
            }
            CredentialsErrorKind::Provider => {
                write!(f, "{} credentials provider failed: {}", self.provider, self.message)
            }
        }
    }
}

impl Error for CredentialsError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}
