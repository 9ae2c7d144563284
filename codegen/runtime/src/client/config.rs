//! Client configuration: region, credentials, endpoint override, retries, timeouts.
//!
//! Service-agnostic: the service's own facts (target prefix, signing name, endpoint
//! prefix) come from generated code at call time.

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

/// Whether endpoint rules may route calls by the account id of the credentials
/// (the `AWS::Auth::AccountIdEndpointMode` built-in of services whose rules use it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AccountIdEndpointMode {
    /// An account-based endpoint when the credentials carry an account id, the
    /// regional one otherwise (the default).
    #[default]
    Preferred,
    /// Never an account-based endpoint.
    Disabled,
    /// Only account-based endpoints: a call whose credentials carry no account id fails.
    Required,
}

impl AccountIdEndpointMode {
    /// The setting's value as the rules and the AWS configuration spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }

    /// The mode from `AWS_ACCOUNT_ID_ENDPOINT_MODE`, else the profile's
    /// `account_id_endpoint_mode`; `None` when neither is set.
    fn from_environment(env: &Environment) -> Result<Option<Self>, ConfigError> {
        let (value, source) = match env.non_empty_var("AWS_ACCOUNT_ID_ENDPOINT_MODE") {
            Some(value) => (value, "environment variable AWS_ACCOUNT_ID_ENDPOINT_MODE"),
            None => match credentials::profile_setting(env, "account_id_endpoint_mode") {
                Some(value) => (value, "profile setting `account_id_endpoint_mode`"),
                None => return Ok(None),
            },
        };
        value.parse().map(Some).map_err(|_| ConfigError {
            message: format!("{source} is `{value}`; expected `preferred`, `disabled` or `required`"),
        })
    }
}

impl std::str::FromStr for AccountIdEndpointMode {
    type Err = ConfigError;

    fn from_str(text: &str) -> Result<Self, ConfigError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "preferred" => Ok(AccountIdEndpointMode::Preferred),
            "disabled" => Ok(AccountIdEndpointMode::Disabled),
            "required" => Ok(AccountIdEndpointMode::Required),
            _ => Err(ConfigError {
                message: format!("account id endpoint mode `{text}`: expected `preferred`, `disabled` or `required`"),
            }),
        }
    }
}

/// The value of a service-specific setting (a `clientContextParams` entry of the
/// service's endpoint rules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextValue {
    /// A boolean setting.
    Bool(bool),
    /// A string setting.
    Str(String),
    /// A list-of-strings setting.
    StrArray(Vec<String>),
}

impl ContextValue {
    /// The value of a boolean setting.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ContextValue::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The value of a string setting.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ContextValue::Str(value) => Some(value),
            _ => None,
        }
    }

    /// The value of a list-of-strings setting.
    pub fn as_str_array(&self) -> Option<&[String]> {
        match self {
            ContextValue::StrArray(value) => Some(value),
            _ => None,
        }
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

/// Retry settings, AWS "standard" mode.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryConfig {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) jitter: Option<f64>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            jitter: None,
        }
    }
}

impl RetryConfig {
    /// Standard mode: 3 attempts, 1 s initial backoff, 20 s cap, full jitter.
    pub fn standard() -> Self {
        RetryConfig::default()
    }

    /// No retries: one attempt.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..RetryConfig::default() }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Base of the exponential backoff.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Cap of the exponential backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Replaces the random jitter factor with a fixed one in `0.0..=1.0` (for tests
    /// that need exact delays).
    pub fn with_fixed_jitter(mut self, factor: f64) -> Self {
        self.jitter = Some(factor.clamp(0.0, 1.0));
        self
    }

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// Idle-connection pool settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PoolConfig {
    pub(crate) max_idle_per_host: usize,
    pub(crate) idle_timeout: Option<Duration>,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig { max_idle_per_host: usize::MAX, idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT) }
    }
}

/// The default of [`ConfigBuilder::pool_idle_timeout`]: 30 s.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The default connect timeout: 3.1 s, as the official AWS SDKs.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// The default first-byte timeout: 60 s, botocore's read timeout. AWS answers in well
/// under a second; long polls (SQS's 20 s) fit, longer ones need a larger value.
pub const DEFAULT_FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(60);

/// The default operation timeout: 5 minutes. The other limits stop a peer that sends
/// nothing, but not one that drips bytes just fast enough to count as progress (a byte
/// every 100 ms would take 78 days to fill the 64 MiB response limit); this bounds every
/// call, retries included, far above what any AWS answer takes.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(300);

/// Timeout settings. `None` means no limit. Defaults: connect 3.1 s, first byte 60 s,
/// operation 5 minutes, no attempt timeout; see the crate's README for what bounds a
/// call in each case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    pub(crate) connect: Option<Duration>,
    pub(crate) first_byte: Option<Duration>,
    pub(crate) attempt: Option<Duration>,
    pub(crate) operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect: Some(DEFAULT_CONNECT_TIMEOUT),
            first_byte: Some(DEFAULT_FIRST_BYTE_TIMEOUT),
            attempt: None,
            operation: Some(DEFAULT_OPERATION_TIMEOUT),
        }
    }
}

impl TimeoutConfig {
    /// No timeouts at all (stalled-stream protection is set apart).
    pub fn disabled() -> Self {
        TimeoutConfig { connect: None, first_byte: None, attempt: None, operation: None }
    }

    /// Limit on opening a connection (TCP and TLS).
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect = Some(timeout);
        self
    }

    /// Limit on the wait for the response's status line and headers, from the moment
    /// the whole request has been handed to the connection: a server that takes the
    /// request and never answers.
    pub fn with_first_byte_timeout(mut self, timeout: Duration) -> Self {
        self.first_byte = Some(timeout);
        self
    }

    /// Limit on one attempt: sending the request and reading the whole response.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt = Some(timeout);
        self
    }

    /// Limit on the whole operation, retries and backoff included.
    pub fn with_operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation = Some(timeout);
        self
    }

    /// Removes the operation timeout (by default 5 minutes).
    pub fn without_operation_timeout(mut self) -> Self {
        self.operation = None;
        self
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect
    }

    /// The first-byte timeout.
    pub fn first_byte_timeout(&self) -> Option<Duration> {
        self.first_byte
    }

    /// The attempt timeout.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt
    }

    /// The operation timeout.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_vars(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env = Environment::from_vars(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        Config::builder()
            .credentials(Credentials::new("a", "b", None, None, "test"))
            .from_environment(env)
            .map(ConfigBuilder::build)
    }

    #[test]
    fn account_id_endpoint_mode_from_variable_profile_and_builder() {
        let dir = std::env::temp_dir().join(format!("account-mode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config");
        std::fs::write(&file, "[default]\naccount_id_endpoint_mode = required\n").unwrap();
        let file_var = ("AWS_CONFIG_FILE", file.to_str().unwrap());
        let load = |vars: &[(&str, &str)]| {
            let env = Environment::from_vars(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
            Config::builder().from_environment(env).map(ConfigBuilder::build)
        };
        assert_eq!(load(&[]).unwrap().account_id_endpoint_mode(), AccountIdEndpointMode::Preferred);
        assert_eq!(load(&[file_var]).unwrap().account_id_endpoint_mode(), AccountIdEndpointMode::Required);
        let disabled = load(&[file_var, ("AWS_ACCOUNT_ID_ENDPOINT_MODE", "DISABLED")]).unwrap();
        assert_eq!(disabled.account_id_endpoint_mode(), AccountIdEndpointMode::Disabled, "the variable wins");
        let error = load(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")]).unwrap_err().to_string();
        assert!(error.contains("AWS_ACCOUNT_ID_ENDPOINT_MODE is `sometimes`"), "{error}");
        let explicit = Config::builder()
            .account_id_endpoint_mode(AccountIdEndpointMode::Disabled)
            .from_environment(Environment::from_vars([("AWS_CONFIG_FILE".to_owned(), file.display().to_string())]))
            .unwrap()
            .build();
        assert_eq!(explicit.account_id_endpoint_mode(), AccountIdEndpointMode::Disabled, "the builder wins");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn fips_and_dual_stack_from_variables_profile_and_builder() {
        let config = from_vars(&[]).unwrap();
        assert!(!config.use_fips() && !config.use_dual_stack());
        let config = from_vars(&[("AWS_USE_FIPS_ENDPOINT", "TRUE"), ("AWS_USE_DUALSTACK_ENDPOINT", "false")]).unwrap();
        assert!(config.use_fips() && !config.use_dual_stack());
        let error = from_vars(&[("AWS_USE_DUALSTACK_ENDPOINT", "yes")]).unwrap_err();
        assert!(error.to_string().contains("AWS_USE_DUALSTACK_ENDPOINT"), "{error}");

        let dir = std::env::temp_dir().join(format!("awsjson-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config");
        std::fs::write(&file, "[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n").unwrap();
        let path = file.to_string_lossy().into_owned();
        let config = from_vars(&[("AWS_CONFIG_FILE", &path), ("AWS_USE_FIPS_ENDPOINT", "false")]).unwrap();
        assert!(!config.use_fips(), "the variable wins over the profile");
        assert!(config.use_dual_stack(), "the profile applies where no variable is set");
        let env = Environment::from_vars([("AWS_CONFIG_FILE".to_owned(), path)]);
        let explicit = Config::builder().use_dual_stack(false).from_environment(env).unwrap().build();
        assert!(!explicit.use_dual_stack() && explicit.use_fips(), "what the builder set is kept");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn endpoint_override_order() {
        let vars = [("AWS_ENDPOINT_URL_SVC", "http://127.0.0.1:9000"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9001")];
        let config = from_vars(&vars).unwrap();
        assert_eq!(config.endpoint_override("SVC").as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(config.endpoint_override("OTHER").as_deref(), Some("http://127.0.0.1:9001"));
        let explicit = config.to_builder().endpoint_url("https://example.test").build();
        assert_eq!(explicit.endpoint_override("SVC").as_deref(), Some("https://example.test"));
        let ignored = from_vars(&[vars[0], ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]).unwrap();
        assert_eq!(ignored.endpoint_override("SVC"), None);
    }

    /// A config file in a fresh directory, and the variables pointing at it.
    fn with_config_file(name: &str, text: &str) -> (std::path::PathBuf, String) {
        let dir = std::env::temp_dir().join(format!("awsjson-config-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("config");
        std::fs::write(&file, text).unwrap();
        (dir, file.to_string_lossy().into_owned())
    }

    #[test]
    fn endpoint_override_from_profile_services_section_and_switches() {
        let text = "[default]\nendpoint_url = http://profile\nservices = mine\n\
                    [services mine]\nsvc =\n  endpoint_url = http://services\n\
                    [profile quiet]\nendpoint_url = http://profile\nignore_configured_endpoint_urls = true\n";
        let (dir, path) = with_config_file("services", text);
        let config = from_vars(&[("AWS_CONFIG_FILE", &path)]).unwrap();
        assert_eq!(config.endpoint_override("SVC").as_deref(), Some("http://services"));
        assert_eq!(config.endpoint_override("OTHER").as_deref(), Some("http://profile"));
        let config = from_vars(&[("AWS_CONFIG_FILE", &path), ("AWS_ENDPOINT_URL", "http://global")]).unwrap();
        assert_eq!(config.endpoint_override("SVC").as_deref(), Some("http://global"), "env wins over files");
        let config = from_vars(&[("AWS_CONFIG_FILE", &path), ("AWS_PROFILE", "quiet")]).unwrap();
        assert_eq!(config.endpoint_override("SVC"), None, "the profile switch turns off its own endpoint_url");
        let explicit = config.to_builder().endpoint_url("http://code").build();
        assert_eq!(explicit.endpoint_override("SVC").as_deref(), Some("http://code"), "code is never switched off");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn malformed_config_file_is_an_error_naming_file_and_line() {
        let (dir, path) = with_config_file("malformed", "[default]\nregion = us-east-1\n[default\n");
        let error = from_vars(&[("AWS_CONFIG_FILE", &path)]).unwrap_err().to_string();
        assert!(error.contains(&path) && error.contains("line 3") && error.contains("`]`"), "{error}");
        std::fs::write(dir.join("config"), "[default]\nservices = missing\n").unwrap();
        let error = from_vars(&[("AWS_CONFIG_FILE", &path)]).unwrap_err().to_string();
        assert!(error.contains("[services missing]"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
