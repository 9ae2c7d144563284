//! Client configuration: region, credentials, endpoint override, retries, timeouts.
//!
//! Service-agnostic: the service's own facts (target prefix, signing name, endpoint
//! prefix) come from generated code at call time.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{self, Credentials, DefaultCredentialsChain, Environment, ProvideCredentials};

/// Configuration shared by the clients built from it (cheap to clone).
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: Option<bool>,
    pub(crate) use_dual_stack: Option<bool>,
    pub(crate) validate_inputs: bool,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) max_response_size: u64,
    pub(crate) environment: Environment,
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

    /// Whether inputs are checked against the model's `@length`, `@range` and
    /// `@pattern` constraints before they are sent (on by default).
    pub fn validates_inputs(&self) -> bool {
        self.validate_inputs
    }

    /// The endpoint override for a service: the configured URL, else
    /// `AWS_ENDPOINT_URL_<env_suffix>`, else `AWS_ENDPOINT_URL` (both ignored when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`). It feeds the rule set's
    /// `SDK::Endpoint` parameter.
    pub fn endpoint_override(&self, env_suffix: &str) -> Option<String> {
        if let Some(url) = &self.endpoint_url {
            return Some(url.clone());
        }
        let env = &self.environment;
        if env.var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
            return None;
        }
        env.non_empty_var(&format!("AWS_ENDPOINT_URL_{env_suffix}"))
            .or_else(|| env.non_empty_var("AWS_ENDPOINT_URL"))
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
            .field("validate_inputs", &self.validate_inputs)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
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
            validate_inputs: true,
            retry: RetryConfig::default(),
            timeouts: TimeoutConfig::default(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            environment: Environment::from_vars(std::iter::empty()),
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

    /// Checks inputs against the model's `@length`, `@range` and `@pattern`
    /// constraints before sending (on by default; off sends whatever was set and
    /// leaves the checking to the service).
    pub fn validate_inputs(mut self, validate: bool) -> Self {
        self.config.validate_inputs = validate;
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
    /// settings, the CA bundle (`AWS_CA_BUNDLE`, profile `ca_bundle`), and the
    /// default credentials chain; also where `AWS_ENDPOINT_URL*`
    /// variables are looked up.
    pub fn from_environment(mut self, environment: Environment) -> Result<Self, ConfigError> {
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
            self.config.credentials = Some(Arc::new(DefaultCredentialsChain::new(environment.clone(), http)));
        }
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

/// Timeout settings. `None` means no limit (the connect timeout defaults to 3.1 s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    pub(crate) connect: Option<Duration>,
    pub(crate) attempt: Option<Duration>,
    pub(crate) operation: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig { connect: Some(Duration::from_millis(3100)), attempt: None, operation: None }
    }
}

impl TimeoutConfig {
    /// No timeouts at all.
    pub fn disabled() -> Self {
        TimeoutConfig { connect: None, attempt: None, operation: None }
    }

    /// Limit on opening a connection.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect = Some(timeout);
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
}
