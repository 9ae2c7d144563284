//! IAM Identity Center (SSO): [`SsoTokenProvider`], the access token `aws sso
//! login` leaves in `~/.aws/sso/cache`, refreshed with SSO-OIDC `CreateToken`
//! when it nears its expiry; and [`SsoProvider`], role credentials from SSO
//! `GetRoleCredentials` with that token.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

use super::context::{ProviderConfig, service_error};
use super::endpoints::{configured_endpoint_from_files, default_endpoint, fips_and_dual_stack};
use super::http::parse_time;
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::DateTime;
use crate::protocol::percent::encode as form_encode;

const NAME: &str = "sso";

/// A token this close to its expiry is refreshed first (when it can be).
const REFRESH_WINDOW: Duration = Duration::from_secs(300);

/// Where an SSO token comes from: the profile's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SsoSettings {
    /// The profile, for error messages (`aws sso login --profile …`).
    pub(crate) profile: String,
    /// `sso_session` (the modern form); `None` for the legacy form.
    pub(crate) session: Option<String>,
    pub(crate) start_url: String,
    pub(crate) region: String,
}

impl SsoSettings {
    /// The cache file name: SHA-1 of the session name (or, legacy, the start
    /// URL) in lower-case hex, plus `.json`.
    fn cache_file(&self) -> String {
        let key = self.session.as_deref().unwrap_or(&self.start_url);
        let digest = Sha1::digest(key.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}.json")
    }

    fn login_hint(&self) -> String {
        format!("run `aws sso login --profile {}`", self.profile)
    }
}

/// An SSO access token and its expiry. `Debug` never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct SsoToken {
    token: String,
    expiration: SystemTime,
}

impl SsoToken {
    /// The bearer token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When the token stops working.
    pub fn expiration(&self) -> SystemTime {
        self.expiration
    }
}

impl fmt::Debug for SsoToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expiration = DateTime::try_from(self.expiration).map(|t| t.to_string()).unwrap_or_default();
        f.debug_struct("SsoToken").field("token", &"** redacted **").field("expiration", &expiration).finish()
    }
}

/// The SSO access token of the selected profile's `sso_session`, from the
/// AWS CLI's cache (`~/.aws/sso/cache/<sha1 of the session name>.json`).
///
/// Within five minutes of its expiry, a token that came with a refresh token
/// and client registration is refreshed with SSO-OIDC `CreateToken` and the
/// cache file updated. A missing, unreadable or expired token is an error
/// that says to run `aws sso login --profile NAME`. Tokens are kept in memory
/// between calls.
#[derive(Clone)]
pub struct SsoTokenProvider {
    config: ProviderConfig,
    settings: Option<SsoSettings>,
    cached: Arc<Mutex<Option<SsoToken>>>,
}

impl SsoTokenProvider {
    /// The token provider of the selected profile (resolved at each call).
    pub fn new(config: ProviderConfig) -> Self {
        SsoTokenProvider { config, settings: None, cached: Arc::default() }
    }

    pub(crate) fn with_settings(config: ProviderConfig, settings: SsoSettings) -> Self {
        SsoTokenProvider { config, settings: Some(settings), cached: Arc::default() }
    }

    /// The access token, refreshed if needed.
    pub async fn token(&self) -> Result<SsoToken, CredentialsError> {
        let settings = match &self.settings {
            Some(settings) => settings.clone(),
            None => super::profile_chain::token_settings(self.config.env())?,
        };
        if let Some(token) = self.cached.lock().unwrap_or_else(PoisonError::into_inner).as_ref()
            && fresh(token.expiration)
        {
            return Ok(token.clone());
        }
        let token = self.load(&settings).await?;
        *self.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some(token.clone());
        Ok(token)
    }

    fn cache_path(&self, settings: &SsoSettings) -> Result<PathBuf, CredentialsError> {
        let env = self.config.env();
        let Some(home) = env.home_dir() else {
            let message = format!("profile `{}`: no home directory to find the SSO token cache in", settings.profile);
            return Err(CredentialsError::provider_error(NAME, message));
        };
        Ok(home.join(".aws").join("sso").join("cache").join(settings.cache_file()))
    }

    async fn load(&self, settings: &SsoSettings) -> Result<SsoToken, CredentialsError> {
        let path = self.cache_path(settings)?;
        let fail = |detail: String| {
            CredentialsError::provider_error(
                NAME,
                format!(
                    "profile `{}`: SSO token cache {}: {detail}; {}",
                    settings.profile,
                    path.display(),
                    settings.login_hint()
                ),
            )
        };
        let text = self.config.env().read_to_string(&path).map_err(|e| fail(format!("cannot be read: {e}")))?;
        let mut document: Map<String, Value> = match serde_json::from_str(&text) {
            Ok(Value::Object(object)) => object,
            _ => return Err(fail("is not a JSON object".to_owned())),
        };
        let field = |document: &Map<String, Value>, name: &str| {
            document.get(name).and_then(Value::as_str).map(str::to_owned).filter(|v| !v.is_empty())
        };
        let access_token = field(&document, "accessToken").ok_or_else(|| fail("has no accessToken".to_owned()))?;
        let expires_at = field(&document, "expiresAt").ok_or_else(|| fail("has no expiresAt".to_owned()))?;
        let expiration =
            parse_time(&expires_at).ok_or_else(|| fail("has an expiresAt that is not a date-time".to_owned()))?;
        let token = SsoToken { token: access_token, expiration };
        if fresh(expiration) {
            return Ok(token);
        }
        let refresh = (
            settings.session.is_some(),
            field(&document, "refreshToken"),
            field(&document, "clientId"),
            field(&document, "clientSecret"),
        );
        let registration_valid = field(&document, "registrationExpiresAt")
            .and_then(|at| parse_time(&at))
            .is_none_or(|at| at > SystemTime::now());
        if let (true, Some(refresh_token), Some(client_id), Some(client_secret)) = refresh
            && registration_valid
        {
            match self.refresh(settings, &refresh_token, &client_id, &client_secret).await {
                Ok((new, new_refresh)) => {
                    document.insert("accessToken".to_owned(), Value::String(new.token.clone()));
                    if let Ok(at) = DateTime::try_from(new.expiration) {
                        document.insert("expiresAt".to_owned(), Value::String(at.to_string()));
                    }
                    if let Some(new_refresh) = new_refresh {
                        document.insert("refreshToken".to_owned(), Value::String(new_refresh));
                    }
                    // The refreshed token works either way; a cache that cannot be
                    // written only means the next process refreshes again.
                    if let Ok(text) = serde_json::to_string_pretty(&document) {
                        let _ = std::fs::write(self.config.env().file_path(&path), text);
                    }
                    return Ok(new);
                }
                // Still valid for a few minutes: use it, refresh next time.
                Err(_) if SystemTime::now() < expiration => return Ok(token),
                Err(error) => {
                    return Err(fail(format!("the token expired and refreshing it failed ({})", error.message())));
                }
            }
        }
        if SystemTime::now() < expiration {
            return Ok(token);
        }
        Err(fail(format!("the token expired at {expires_at}")))
    }

    /// SSO-OIDC `CreateToken` with the refresh token.
    async fn refresh(
        &self,
        settings: &SsoSettings,
        refresh_token: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Result<(SsoToken, Option<String>), CredentialsError> {
        let url = service_url(&self.config, "SSO_OIDC", "oidc", &settings.region, "/token")?;
        let body = serde_json::json!({
            "clientId": client_id,
            "clientSecret": client_secret,
            "grantType": "refresh_token",
            "refreshToken": refresh_token,
        })
        .to_string();
        let what = format!("SSO-OIDC CreateToken (POST {url})");
        let build = |http: &reqwest::Client, target: Url| {
            Ok(http.post(target).header(CONTENT_TYPE, "application/json").body(body.clone()))
        };
        let (status, reply) = self.config.call(NAME, &what, &url, json_error_code, build).await?;
        if !status.is_success() {
            return Err(service_error(NAME, &what, status, &reply, json_error));
        }
        let fail = |detail: &str| CredentialsError::provider_error(NAME, format!("{what}: the response {detail}"));
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(&reply) else {
            return Err(fail("is not a JSON object"));
        };
        let token = object.get("accessToken").and_then(Value::as_str).filter(|t| !t.is_empty());
        let token = token.ok_or_else(|| fail("has no accessToken"))?.to_owned();
        let expires_in = object.get("expiresIn").and_then(Value::as_u64).ok_or_else(|| fail("has no expiresIn"))?;
        let expiration = SystemTime::now() + Duration::from_secs(expires_in);
        let new_refresh = object.get("refreshToken").and_then(Value::as_str).map(str::to_owned);
        Ok((SsoToken { token, expiration }, new_refresh))
    }
}

impl fmt::Debug for SsoTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner).is_some();
        f.debug_struct("SsoTokenProvider")
            .field("settings", &self.settings)
            .field("token", &if cached { "cached (redacted)" } else { "none" })
            .finish()
    }
}

/// Whether a token expiring at `expiration` can be used without a refresh.
fn fresh(expiration: SystemTime) -> bool {
    SystemTime::now().checked_add(REFRESH_WINDOW).is_some_and(|limit| limit < expiration)
}

/// The URL of `path` on an SSO service: configured (`AWS_ENDPOINT_URL_<suffix>`
/// and the rest), else the regional default with `prefix`.
fn service_url(
    config: &ProviderConfig,
    suffix: &str,
    prefix: &str,
    region: &str,
    path_and_query: &str,
) -> Result<Url, CredentialsError> {
    let fail = |message: String| CredentialsError::provider_error(NAME, message);
    let env = config.env();
    let base = match configured_endpoint_from_files(env, suffix).map_err(fail)? {
        Some(url) => url,
        None => {
            let (fips, dual_stack) = fips_and_dual_stack(env).map_err(fail)?;
            default_endpoint(prefix, region, fips, dual_stack)
        }
    };
    let url = format!("{}{path_and_query}", base.trim_end_matches('/'));
    Url::parse(&url).map_err(|e| fail(format!("the endpoint `{base}` is not a valid URL: {e}")))
}

fn json_error(body: &[u8]) -> Option<(String, String)> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else { return None };
    let text = |names: &[&str]| names.iter().find_map(|n| object.get(*n).and_then(Value::as_str)).map(str::to_owned);
    let code = text(&["__type", "error", "code"])?;
    Some((code, text(&["message", "Message", "error_description"]).unwrap_or_default()))
}

fn json_error_code(body: &[u8]) -> Option<String> {
    json_error(body).map(|(code, _)| code)
}

/// Role credentials from SSO `GetRoleCredentials` for the profile's
/// `sso_account_id` and `sso_role_name`, with the token of
/// [`SsoTokenProvider`]. The credentials carry the account id.
#[derive(Clone, Debug)]
pub struct SsoProvider {
    config: ProviderConfig,
    settings: SsoSettings,
    account_id: String,
    role_name: String,
    tokens: SsoTokenProvider,
}

impl SsoProvider {
    pub(crate) fn new(config: ProviderConfig, settings: SsoSettings, account_id: String, role_name: String) -> Self {
        let tokens = SsoTokenProvider::with_settings(config.clone(), settings.clone());
        SsoProvider { config, settings, account_id, role_name, tokens }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let token = self.tokens.token().await?;
        let query = format!(
            "/federation/credentials?account_id={}&role_name={}",
            form_encode(&self.account_id),
            form_encode(&self.role_name)
        );
        let url = service_url(&self.config, "SSO", "portal.sso", &self.settings.region, &query)?;
        let mut bearer = HeaderValue::from_str(token.token()).map_err(|_| {
            let message =
                format!("profile `{}`: the cached SSO token is not a valid header value", self.settings.profile);
            CredentialsError::provider_error(NAME, message)
        })?;
        bearer.set_sensitive(true);
        let what = format!("SSO GetRoleCredentials (GET {})", url.as_str().split('?').next().unwrap_or_default());
        let build =
            |http: &reqwest::Client, target: Url| Ok(http.get(target).header("x-amz-sso_bearer_token", bearer.clone()));
        let (status, body) = self.config.call(NAME, &what, &url, json_error_code, build).await?;
        if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
            let error = service_error(NAME, &what, status, &body, json_error);
            let message =
                format!("profile `{}`: {}; {}", self.settings.profile, error.message(), self.settings.login_hint());
            return Err(CredentialsError::provider_error(NAME, message));
        }
        if !status.is_success() {
            let error = service_error(NAME, &what, status, &body, json_error);
            return Err(CredentialsError::provider_error(
                NAME,
                format!("profile `{}`: {}", self.settings.profile, error.message()),
            ));
        }
        let fail = |detail: &str| CredentialsError::provider_error(NAME, format!("{what}: the response {detail}"));
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(&body) else {
            return Err(fail("is not a JSON object"));
        };
        let Some(Value::Object(role)) = object.get("roleCredentials") else {
            return Err(fail("has no roleCredentials"));
        };
        let text = |name: &str| role.get(name).and_then(Value::as_str).filter(|v| !v.is_empty()).map(str::to_owned);
        let access_key_id = text("accessKeyId").ok_or_else(|| fail("has no accessKeyId"))?;
        let secret_access_key = text("secretAccessKey").ok_or_else(|| fail("has no secretAccessKey"))?;
        let session_token = text("sessionToken");
        let millis = role.get("expiration").and_then(Value::as_u64).ok_or_else(|| fail("has no expiration"))?;
        let expiry = UNIX_EPOCH + Duration::from_millis(millis);
        Ok(Credentials::new(access_key_id, secret_access_key, session_token, Some(expiry), NAME)
            .with_account_id(self.account_id.clone()))
    }
}

impl ProvideCredentials for SsoProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_file_names_are_sha1_of_session_or_start_url() {
        let legacy = SsoSettings {
            profile: "p".into(),
            session: None,
            start_url: "https://ssotest.awsapps.com/start".into(),
            region: "us-east-2".into(),
        };
        assert_eq!(legacy.cache_file(), "dace00cba5f8355ec9d274ceb2bcebdfbeed0e12.json");
        let session = SsoSettings { session: Some("dev".into()), ..legacy };
        assert_eq!(session.cache_file(), "34c6fceca75e456f25e7e99531e2425c6c1de443.json");
    }

    #[test]
    fn token_debug_is_redacted() {
        let token = SsoToken { token: "s3cret-token".into(), expiration: UNIX_EPOCH };
        assert!(!format!("{token:?}").contains("s3cret"));
    }
}
