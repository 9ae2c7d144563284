//! The default credentials chain: provider order, configured failures
//! stopping the search, the "nothing found" report, and redacted `Debug`.

#![cfg(feature = "client")]

#[path = "credentials_support.rs"]
mod support;

use std::sync::Arc;

use aws_client_runtime::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, DefaultCredentialsChain, Environment,
    ProvideCredentials,
};
use support::{Reply, Server, TempDir, closed_port_url, env, http};

const CONTAINER_JSON: &str = r#"{"AccessKeyId":"CONTAINERKEY","SecretAccessKey":"container-secret","Token":"t","Expiration":"2030-01-01T00:00:00Z"}"#;
const IMDS_JSON: &str = r#"{"Code":"Success","AccessKeyId":"IMDSKEY","SecretAccessKey":"imds-secret","Token":"t","Expiration":"2030-01-01T00:00:00Z"}"#;

/// A metadata server answering every step of IMDSv2.
async fn imds_server() -> Server {
    Server::start(|request| match request.path.as_str() {
        "/latest/api/token" => Reply::new(200, "token"),
        "/latest/meta-data/iam/security-credentials/" => Reply::new(200, "role"),
        "/latest/meta-data/iam/security-credentials/role" => Reply::new(200, IMDS_JSON),
        _ => Reply::new(404, ""),
    })
    .await
}

async fn container_server() -> Server {
    Server::start(|_| Reply::new(200, CONTAINER_JSON)).await
}

/// A home directory whose credentials file holds `credentials`.
fn home_with(credentials: &str) -> TempDir {
    let dir = TempDir::new("chain");
    dir.write(".aws/credentials", credentials);
    dir
}

const PROFILE_KEYS: &str = "[default]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = profile-secret\n";

struct Setup {
    vars: Vec<(String, String)>,
}

impl Setup {
    fn new() -> Setup {
        Setup { vars: Vec::new() }
    }
    fn var(mut self, name: &str, value: &str) -> Setup {
        self.vars.push((name.to_owned(), value.to_owned()));
        self
    }
    fn env_keys(self) -> Setup {
        self.var("AWS_ACCESS_KEY_ID", "ENVKEY").var("AWS_SECRET_ACCESS_KEY", "env-secret")
    }
    fn home(self, dir: &TempDir) -> Setup {
        self.var("HOME", dir.path().to_str().unwrap())
    }
    fn container(self, server: &Server) -> Setup {
        self.var("AWS_CONTAINER_CREDENTIALS_FULL_URI", &format!("{}/creds", server.url()))
    }
    fn imds(self, url: &str) -> Setup {
        self.var("AWS_EC2_METADATA_SERVICE_ENDPOINT", url)
    }
    fn no_imds(self) -> Setup {
        self.var("AWS_EC2_METADATA_DISABLED", "true")
    }
    fn chain(self) -> DefaultCredentialsChain {
        DefaultCredentialsChain::new(Environment::from_vars(self.vars), http())
    }
}

async fn key_from(chain: DefaultCredentialsChain) -> String {
    chain.provide_credentials().await.unwrap().access_key_id().to_owned()
}

#[tokio::test]
async fn environment_beats_everything() {
    let dir = home_with(PROFILE_KEYS);
    let (container, imds) = (container_server().await, imds_server().await);
    let chain = Setup::new().env_keys().home(&dir).container(&container).imds(&imds.url()).chain();
    let credentials = chain.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "ENVKEY");
    assert_eq!(credentials.provider_name(), "environment");
    assert!(container.requests().is_empty() && imds.requests().is_empty());
}

#[tokio::test]
async fn profile_beats_container_and_imds() {
    let dir = home_with(PROFILE_KEYS);
    let (container, imds) = (container_server().await, imds_server().await);
    let chain = Setup::new().home(&dir).container(&container).imds(&imds.url()).chain();
    assert_eq!(key_from(chain).await, "PROFILEKEY");
    assert!(container.requests().is_empty() && imds.requests().is_empty());
}

#[tokio::test]
async fn container_beats_imds() {
    let dir = home_with("[default]\nregion = us-east-1\n");
    let (container, imds) = (container_server().await, imds_server().await);
    let chain = Setup::new().home(&dir).container(&container).imds(&imds.url()).chain();
    assert_eq!(key_from(chain).await, "CONTAINERKEY");
    assert_eq!(container.requests().len(), 1);
    assert!(imds.requests().is_empty());
}

#[tokio::test]
async fn imds_is_the_last_resort() {
    let imds = imds_server().await;
    assert_eq!(key_from(Setup::new().imds(&imds.url()).chain()).await, "IMDSKEY");
    assert_eq!(imds.requests().len(), 3);
}

#[tokio::test]
async fn configured_failure_stops_the_chain() {
    let dir = home_with(PROFILE_KEYS);
    let imds = imds_server().await;
    // Half-configured environment: an error, although the profile has keys.
    let chain = Setup::new().var("AWS_ACCESS_KEY_ID", "ENVKEY").home(&dir).imds(&imds.url()).chain();
    let error = chain.provide_credentials().await.unwrap_err();
    assert_eq!((error.provider(), error.kind()), ("environment", CredentialsErrorKind::Provider));

    // Unsupported profile setting: an error, the container is not asked.
    let role = home_with("[default]\nrole_arn = arn:aws:iam::123456789012:role/r\n");
    let container = container_server().await;
    let chain = Setup::new().home(&role).container(&container).imds(&imds.url()).chain();
    let error = chain.provide_credentials().await.unwrap_err();
    assert_eq!((error.provider(), error.kind()), ("profile", CredentialsErrorKind::Provider));
    assert!(container.requests().is_empty());

    // Failing container endpoint: an error, IMDS is not asked.
    let broken = Server::start(|_| Reply::new(500, "down")).await;
    let chain = Setup::new().container(&broken).imds(&imds.url()).chain();
    let error = chain.provide_credentials().await.unwrap_err();
    assert_eq!((error.provider(), error.kind()), ("container", CredentialsErrorKind::Provider));
    assert!(imds.requests().is_empty());
}

#[tokio::test]
async fn nothing_configured_lists_what_was_tried() {
    let error = Setup::new().no_imds().chain().provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert_eq!(error.provider(), "default chain");
    assert_eq!(
        error.to_string(),
        "default chain credentials provider not configured: no credentials found; tried: \
         environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set); \
         profile (profile `default`: no shared config or credentials file exists); \
         web identity (AWS_WEB_IDENTITY_TOKEN_FILE is not set); \
         container (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set); \
         imds (AWS_EC2_METADATA_DISABLED is true)"
    );

    // IMDS unreachable counts as not configured too.
    let closed = closed_port_url().await;
    let error = Setup::new().imds(&closed).chain().provide_credentials().await.unwrap_err();
    assert_eq!(error.provider(), "default chain");
    assert!(
        error.message().contains(&format!("imds (the instance metadata service is not reachable: PUT {closed}")),
        "{error}"
    );
}

/// A provider that always returns the same outcome.
#[derive(Debug)]
struct Fixed(Result<Credentials, CredentialsError>);

impl ProvideCredentials for Fixed {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let outcome = self.0.clone();
        Box::pin(async move { outcome })
    }
}

#[tokio::test]
async fn custom_chains_follow_the_same_rules() {
    let skip = || Arc::new(Fixed(Err(CredentialsError::not_configured("first", "nothing here"))));
    let found = Arc::new(Fixed(Ok(Credentials::new("FOUND", "s", None, None, "second"))));
    let broken = Arc::new(Fixed(Err(CredentialsError::provider_error("third", "exploded"))));

    let chain = DefaultCredentialsChain::from_providers(vec![skip(), found.clone(), broken.clone()]);
    assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "FOUND");

    let chain = DefaultCredentialsChain::from_providers(vec![skip(), broken, found]);
    assert_eq!(
        chain.provide_credentials().await.unwrap_err().to_string(),
        "third credentials provider failed: exploded"
    );

    let chain = DefaultCredentialsChain::from_providers(vec![skip(), skip()]);
    assert_eq!(
        chain.provide_credentials().await.unwrap_err().message(),
        "no credentials found; tried: first (nothing here); first (nothing here)"
    );
}

#[test]
fn chain_debug_never_shows_secrets() {
    let chain = DefaultCredentialsChain::new(
        env(&[
            ("AWS_ACCESS_KEY_ID", "AKIDVISIBLE"),
            ("AWS_SECRET_ACCESS_KEY", "hidden-secret-value"),
            ("AWS_SESSION_TOKEN", "hidden-token-value"),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "hidden-auth-value"),
        ]),
        http(),
    );
    let debug = format!("{chain:?}");
    assert!(debug.contains("EnvironmentProvider") && debug.contains("ImdsProvider"), "{debug}");
    for secret in ["hidden-secret-value", "hidden-token-value", "hidden-auth-value", "AKIDVISIBLE"] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
}
