//! Client configuration: region, credentials, endpoint override, retries, timeouts.
//!
//! Service-agnostic: the service's own facts (target prefix, signing name, endpoint
//! prefix) come from generated code at call time. [`Config`] and its builder are here;
//! the settings it groups have their own files: `retry` ([`RetryConfig`]), `timeout`
//! ([`TimeoutConfig`] and the default limits), `pool` (idle connections) and `endpoint`
//! ([`AccountIdEndpointMode`], [`ContextValue`]).

mod endpoint;
mod pool;
mod retry;
#[cfg(test)]
mod tests;
mod timeout;

pub use endpoint::{AccountIdEndpointMode, ContextValue};
pub use pool::DEFAULT_POOL_IDLE_TIMEOUT;
pub(crate) use pool::PoolConfig;
pub use retry::RetryConfig;
pub use timeout::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_FIRST_BYTE_TIMEOUT, DEFAULT_OPERATION_TIMEOUT, TimeoutConfig};

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::stall::StalledStreamProtection;
use crate::credentials::profile::{self, ProfileSet};
use crate::credentials::{
    self, Credentials, DefaultCredentialsChain, Environment, ProvideCredentials, ProviderConfig, endpoints,
};

/// Configuration shared by the clients built from it (cheap to clone).
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    pub(crate) account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    /// Service-specific settings (the rule set's `clientContextParams`), by name.
    pub(crate) context_params: std::collections::BTreeMap<String, ContextValue>,
    pub(crate) validate_inputs: bool,
    /// `@requestCompression` settings: `None` until set or read from the environment.
    pub(crate) disable_request_compression: Option<bool>,
    pub(crate) request_min_compression_size_bytes: Option<u32>,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) stalled_stream: StalledStreamProtection,
    pub(crate) pool: PoolConfig,
    pub(crate) max_response_size: u64,
    pub(crate) environment: Environment,
    /// The shared files as read by `from_environment` (for endpoint settings).
    pub(crate) profiles: Option<Arc<ProfileSet>>,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) ca_bundle: Option<std::path::PathBuf>,
}

impl Config {
    /// A builder starting from nothing (no region, no credentials).
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Configuration from the environment as AWS SDKs read it: the region from
    /// `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile; credentials from the default
    /// chain (environment, shared files, container, instance metadata), fetched lazily
    /// on the first call.
    pub async fn from_env() -> Result<Config, ConfigError> {
        Config::builder().from_environment(Environment::real()).map(ConfigBuilder::build)
    }

    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint override, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The PEM certificate bundle HTTPS connections trust instead of the built-in
    /// roots (`AWS_CA_BUNDLE`, profile `ca_bundle`), if any.
    pub fn ca_bundle(&self) -> Option<&std::path::Path> {
        self.ca_bundle.as_deref()
    }

    /// Makes the HTTP client trust only the certificates of the CA bundle, if one is
    /// set, as the AWS CLI and SDKs do (for proxies that re-sign TLS, private CAs).
    pub(crate) fn trust_ca_bundle(&self, builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
        let Some(path) = &self.ca_bundle else { return Ok(builder) };
        let pem = std::fs::read(path).map_err(|e| format!("cannot read the CA bundle {}: {e}", path.display()))?;
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("the CA bundle {} is not PEM certificates: {e}", path.display()))?;
        if certificates.is_empty() {
            return Err(format!("the CA bundle {} holds no certificate", path.display()));
        }
        Ok(builder.tls_certs_only(certificates))
    }

    /// Whether calls go to FIPS-compliant endpoints (`AWS_USE_FIPS_ENDPOINT`, profile
    /// `use_fips_endpoint`; off by default).
    pub fn use_fips(&self) -> bool {
        self.use_fips.unwrap_or(false)
    }

    /// Whether calls go to dual-stack (IPv4 and IPv6) endpoints
    /// (`AWS_USE_DUALSTACK_ENDPOINT`, profile `use_dualstack_endpoint`; off by default).
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack.unwrap_or(false)
    }

    /// Whether endpoint rules may route calls by the credentials' account id
    /// (`AWS_ACCOUNT_ID_ENDPOINT_MODE`, profile `account_id_endpoint_mode`; preferred by default).
    pub fn account_id_endpoint_mode(&self) -> AccountIdEndpointMode {
        self.account_id_endpoint_mode.unwrap_or_default()
    }

    /// A service-specific setting by its name in the service's endpoint rules
    /// (generated clients offer typed accessors for their own).
    pub fn context_param(&self, name: &str) -> Option<&ContextValue> {
        self.context_params.get(name)
    }

    /// Whether inputs are checked against the model's `@length`, `@range` and
    /// `@pattern` constraints before they are sent (on by default).
    pub fn validates_inputs(&self) -> bool {
        self.validate_inputs
    }

    /// Whether request compression is off for operations that accept it
    /// (`AWS_DISABLE_REQUEST_COMPRESSION`, profile `disable_request_compression`; on by default).
    pub fn disable_request_compression(&self) -> bool {
        self.disable_request_compression.unwrap_or(false)
    }

    /// The smallest request body, in bytes, that is compressed
    /// (`AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, profile
    /// `request_min_compression_size_bytes`; [`DEFAULT_MIN_COMPRESSION_SIZE`](super::DEFAULT_MIN_COMPRESSION_SIZE) by default).
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.request_min_compression_size_bytes.unwrap_or(super::compression::DEFAULT_MIN_COMPRESSION_SIZE)
    }

    /// The endpoint override for a service, in the AWS SDKs' order: the URL set in
    /// code ([`ConfigBuilder::endpoint_url`]), else `AWS_ENDPOINT_URL_<env_suffix>`,
    /// else `AWS_ENDPOINT_URL`, else the service's `endpoint_url` in the
    /// `[services NAME]` section the selected profile names (`services = NAME`; the
    /// service's key there is `env_suffix` in lower case, e.g. `ecr`), else the
    /// profile's own `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` or
    /// the profile's `ignore_configured_endpoint_urls = true` turns off all but the
    /// URL set in code. Profile settings are those read by
    /// [`ConfigBuilder::from_environment`]. It feeds the rule set's `SDK::Endpoint`
    /// parameter.
    pub fn endpoint_override(&self, env_suffix: &str) -> Option<String> {
        if let Some(url) = &self.endpoint_url {
            return Some(url.clone());
        }
        let empty = ProfileSet::default();
        let profiles = self.profiles.as_deref().unwrap_or(&empty);
        let selected = profiles.get(&profile::profile_name(&self.environment));
        // `from_environment` already checked the settings that can be invalid (the
        // ignore switch, the `[services]` section), so an error here is not expected.
        endpoints::configured_endpoint(&self.environment, profiles, selected, env_suffix)
            .ok()
            .flatten()
            .map(|url| url.trim().to_owned())
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The timeout settings.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// The stalled-stream protection settings.
    pub fn stalled_stream_protection(&self) -> &StalledStreamProtection {
        &self.stalled_stream
    }

    /// Idle connections kept per host (see [`ConfigBuilder::pool_max_idle_per_host`]).
    pub fn pool_max_idle_per_host(&self) -> usize {
        self.pool.max_idle_per_host
    }

    /// How long an idle connection is kept (see [`ConfigBuilder::pool_idle_timeout`]).
    pub fn pool_idle_timeout(&self) -> Option<Duration> {
        self.pool.idle_timeout
    }

    /// The largest response body a call reads, in bytes (see
    /// [`ConfigBuilder::max_response_size`]).
    pub fn max_response_size(&self) -> u64 {
        self.max_response_size
    }

    /// A builder holding this configuration, to change some of it.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder { config: self.clone() }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Providers print themselves without secrets.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field("context_params", &self.context_params)
            .field("validate_inputs", &self.validate_inputs)
            .field("disable_request_compression", &self.disable_request_compression)
            .field("request_min_compression_size_bytes", &self.request_min_compression_size_bytes)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("stalled_stream", &self.stalled_stream)
            .field("pool", &self.pool)
            .field("max_response_size", &self.max_response_size)
            .field("ca_bundle", &self.ca_bundle)
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            region: None,
            credentials: None,
            endpoint_url: None,
            use_fips: None,
            use_dual_stack: None,
            account_id_endpoint_mode: None,
            context_params: std::collections::BTreeMap::new(),
            validate_inputs: true,
            disable_request_compression: None,
            request_min_compression_size_bytes: None,
            retry: RetryConfig::default(),
            timeouts: TimeoutConfig::default(),
            stalled_stream: StalledStreamProtection::default(),
            pool: PoolConfig::default(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            environment: Environment::from_vars(std::iter::empty()),
            profiles: None,
            http_client: None,
            ca_bundle: None,
        }
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug, Default)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// The region to send requests to and sign them for.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Static credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// A credentials provider, asked (and cached) when a request is signed.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(Arc::new(provider));
        self
    }

    /// Sends every request to this URL (scheme, host, optional port and path) instead
    /// of the service's endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Trusts only the PEM certificates in this file for HTTPS (a corporate proxy's
    /// or a private CA's), as `AWS_CA_BUNDLE` does. Not read until the first call,
    /// which fails naming the file if it cannot be used.
    pub fn ca_bundle(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.config.ca_bundle = Some(path.into());
        self
    }

    /// Sends calls to FIPS-compliant endpoints (where the service's rules offer them).
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = Some(use_fips);
        self
    }

    /// Sends calls to dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Whether endpoint rules may route calls by the credentials' account id.
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.config.account_id_endpoint_mode = Some(mode);
        self
    }

    /// Sets a service-specific setting by its name in the service's endpoint rules
    /// (generated clients offer typed setters for their own).
    pub fn context_param(mut self, name: impl Into<String>, value: ContextValue) -> Self {
        self.config.context_params.insert(name.into(), value);
        self
    }

    /// Checks inputs against the model's `@length`, `@range` and `@pattern`
    /// constraints before sending (on by default; off sends whatever was set and
    /// leaves the checking to the service).
    pub fn validate_inputs(mut self, validate: bool) -> Self {
        self.config.validate_inputs = validate;
        self
    }

    /// Turns request compression off (or back on) for operations that accept it.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.config.disable_request_compression = Some(disable);
        self
    }

    /// The smallest request body, in bytes, that is compressed: from 0 to
    /// [`MAX_MIN_COMPRESSION_SIZE`](super::MAX_MIN_COMPRESSION_SIZE); a larger value
    /// makes every call of an operation that compresses fail before anything is sent.
    pub fn request_min_compression_size_bytes(mut self, size: u32) -> Self {
        self.config.request_min_compression_size_bytes = Some(size);
        self
    }

    /// Retry settings.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Timeout settings.
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.config.timeouts = timeouts;
        self
    }

    /// Stalled-stream protection for request and response bodies: on by default at a
    /// minimum of 1 byte/s after a 5 s grace period. A stalled attempt ends in a
    /// [`TimeoutError`](super::TimeoutError) of kind `StalledUpload` or
    /// `StalledDownload` and is retried like a timeout.
    pub fn stalled_stream_protection(mut self, protection: StalledStreamProtection) -> Self {
        self.config.stalled_stream = protection;
        self
    }

    /// Idle connections kept open per host for later calls; unlimited by default (0
    /// opens a connection per attempt). Ignored with [`http_client`](Self::http_client).
    pub fn pool_max_idle_per_host(mut self, connections: usize) -> Self {
        self.config.pool.max_idle_per_host = connections;
        self
    }

    /// How long an idle connection is kept open; 30 s by default, `None` keeps it until
    /// the server closes it. Ignored with [`http_client`](Self::http_client).
    pub fn pool_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.config.pool.idle_timeout = timeout.into();
        self
    }

    /// The largest response body (success or error) a call reads, in bytes; 64 MiB
    /// ([`DEFAULT_MAX_RESPONSE_SIZE`]) unless set. A response whose `Content-Length`
    /// is larger is refused without reading its body, and one without a length is
    /// read only up to the limit: either way the call fails with
    /// [`SdkError::ResponseError`](super::SdkError::ResponseError) naming the limit,
    /// and is not retried.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.config.max_response_size = bytes;
        self
    }

    /// Uses this HTTP client (its own timeouts and TLS settings apply) instead of one
    /// built from the timeout settings.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.config.http_client = Some(client);
        self
    }

    /// Reads what is not yet set from an environment: region, FIPS and dual-stack
    /// settings, the CA bundle (`AWS_CA_BUNDLE`, profile `ca_bundle`), and the default
    /// credentials chain; also where endpoint settings (`AWS_ENDPOINT_URL*`, profile
    /// `endpoint_url` and `[services]` sections) are looked up.
    ///
    /// A shared config or credentials file that exists but cannot be read or parsed
    /// is an error naming the file, the line and the problem, as is an invalid
    /// setting (a boolean that is not `true`/`false`, a `services` name without its
    /// section).
    pub fn from_environment(mut self, environment: Environment) -> Result<Self, ConfigError> {
        let profiles = profile::load(&environment).map_err(|e| ConfigError { message: format!("shared file {e}") })?;
        let selected = profiles.get(&profile::profile_name(&environment));
        endpoints::configured_endpoint(&environment, &profiles, selected, "")
            .map_err(|message| ConfigError { message })?;
        if self.config.region.is_none() {
            self.config.region = credentials::default_region(&environment);
        }
        let setting = |variable, key| {
            credentials::bool_setting(&environment, variable, key).map_err(|message| ConfigError { message })
        };
        if self.config.use_fips.is_none() {
            self.config.use_fips = setting("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?;
        }
        if self.config.use_dual_stack.is_none() {
            self.config.use_dual_stack = setting("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?;
        }
        if self.config.disable_request_compression.is_none() {
            self.config.disable_request_compression =
                super::compression::disabled_from(&environment).map_err(|message| ConfigError { message })?;
        }
        if self.config.request_min_compression_size_bytes.is_none() {
            self.config.request_min_compression_size_bytes =
                super::compression::min_size_from(&environment).map_err(|message| ConfigError { message })?;
        }
        if self.config.account_id_endpoint_mode.is_none() {
            self.config.account_id_endpoint_mode = AccountIdEndpointMode::from_environment(&environment)?;
        }
        if self.config.ca_bundle.is_none() {
            let bundle = environment
                .non_empty_var("AWS_CA_BUNDLE")
                .or_else(|| credentials::profile_setting(&environment, "ca_bundle"));
            self.config.ca_bundle = bundle.map(std::path::PathBuf::from);
        }
        if self.config.credentials.is_none() {
            credentials::install_default_crypto_provider();
            let http = credentials::metadata_http_client()
                .map_err(|e| ConfigError { message: format!("cannot build the HTTP client for credentials: {e}") })?;
            let mut providers = ProviderConfig::new(environment.clone())
                .with_metadata_http_client(http)
                .with_retry_config(self.config.retry.clone());
            if let Some(region) = &self.config.region {
                providers = providers.with_region(region.clone());
            }
            self.config.credentials = Some(Arc::new(DefaultCredentialsChain::with_config(providers)));
        }
        self.config.profiles = Some(Arc::new(profiles));
        self.config.environment = environment;
        Ok(self)
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.config
    }
}

/// The default of [`ConfigBuilder::max_response_size`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

/// Configuration could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}
