//! The credentials chain end to end against the local moto server of `real_server.rs`
//! (signature checking on): a profile that assumes a role from a `source_profile`, and
//! web identity from `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, both resolved by
//! `Config::from_environment` and both reaching ECR as the assumed role. moto accepts an
//! assumed role's key only together with its session token, so a successful ECR call
//! shows the token was sent and checked. `cargo xtask real-server` runs this file after
//! `real_server.rs`; plain `cargo test` skips it.
//!
//! One moto behaviour is stepped around: with checking on, moto wants a signature on every
//! request, while STS takes `AssumeRoleWithWebIdentity` unsigned (the token is the proof)
//! and so does the client. Right before that call, the web identity test lets exactly one
//! unsigned request through (`/moto-api/reset-auth` with a count of 1). That is why this
//! file is a test binary of its own, run after the others, with its tests run in turn.

#[allow(dead_code)]
#[path = "real_server/support.rs"]
mod support;

use std::path::PathBuf;

use aws_client_runtime::credentials::{DefaultCredentialsChain, Environment, ProvideCredentials, ProviderConfig};
use ecr_client::{Client, Config, RetryConfig};
use tokio::sync::Mutex;

/// The role `set_up_auth.py` created, allowed `ecr:*`.
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/ecr-session";
const ACCOUNT: &str = "123456789012";

/// The tests of this file run one at a time (see the module comment).
static SERIAL: Mutex<()> = Mutex::const_new(());

/// A fresh directory, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(label: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("ecr-real-server-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Dir(path)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn environment(vars: &[(&str, &str)]) -> Environment {
    Environment::from_vars(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
}

/// Checks what the chain resolves in `env` (an assumed role's session credentials, not
/// `not_key`), then uses a client configured from `env` on ECR.
async fn assumed_role_reaches_ecr(env: Environment, not_key: Option<&str>, repository: &str) {
    let chain = DefaultCredentialsChain::with_config(ProviderConfig::new(env.clone()));
    let credentials = chain.provide_credentials().await.unwrap();
    assert!(credentials.access_key_id().starts_with("ASIA"), "{credentials:?}");
    assert_ne!(Some(credentials.access_key_id()), not_key, "the source key must not be used itself");
    assert!(credentials.session_token().is_some_and(|t| !t.is_empty()), "{credentials:?}");
    assert!(credentials.expiry().is_some(), "{credentials:?}");
    assert_eq!(credentials.account_id(), Some(ACCOUNT), "the account comes from the assumed role's ARN");

    let config = Config::builder().retry_config(RetryConfig::disabled()).from_environment(env).unwrap().build();
    let client = Client::new(&config);
    let created = client.create_repository().repository_name(repository).send().await.unwrap();
    let arn = created.repository().and_then(|r| r.repository_arn()).unwrap_or_default().to_owned();
    assert!(arn.contains(ACCOUNT) && arn.ends_with(repository), "{arn}");
    client.describe_repositories().repository_names(repository).send().await.unwrap();
    client.delete_repository().repository_name(repository).send().await.unwrap();
}

#[tokio::test]
async fn profile_with_role_arn_and_source_profile() {
    let Some(server) = support::server() else { return };
    let _serial = SERIAL.lock().await;
    let dir = Dir::new("profile");
    let base_key = server.key_id("allowed");
    // The profile's `endpoint_url` sends both the STS call and the ECR calls to moto.
    let config = dir.write(
        "config",
        &format!(
            "[profile assumer]\nrole_arn = {ROLE_ARN}\nsource_profile = base\nrole_session_name = real-server-profile\n\
             duration_seconds = 900\nregion = us-west-1\nendpoint_url = {}\n\n[profile base]\nregion = us-west-1\n",
            server.endpoint()
        ),
    );
    let credentials = dir.write(
        "credentials",
        &format!("[base]\naws_access_key_id = {base_key}\naws_secret_access_key = {}\n", server.key_secret("allowed")),
    );
    let env = environment(&[
        ("AWS_CONFIG_FILE", &config),
        ("AWS_SHARED_CREDENTIALS_FILE", &credentials),
        ("AWS_PROFILE", "assumer"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    assumed_role_reaches_ecr(env, Some(&base_key), "through-a-profile-role").await;
}

#[tokio::test]
async fn web_identity_token_file_and_role_arn() {
    let Some(server) = support::server() else { return };
    let _serial = SERIAL.lock().await;
    let dir = Dir::new("web-identity");
    // moto does not verify the token; any JWT-shaped text stands for what EKS mounts.
    let token = dir
        .write("token.jwt", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDp0ZXN0In0.c2ln\n");
    let env = environment(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &token),
        ("AWS_ROLE_ARN", ROLE_ARN),
        ("AWS_ROLE_SESSION_NAME", "real-server-web-identity"),
        ("AWS_REGION", "us-west-2"),
        ("AWS_ENDPOINT_URL", server.endpoint()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    aws_client_runtime::credentials::install_default_crypto_provider();
    let http = aws_client_runtime::client::reqwest::Client::new();
    // Lets one unsigned request (the next AssumeRoleWithWebIdentity) pass; see above.
    let allow_one_unsigned = || async {
        let url = format!("{}/moto-api/reset-auth", server.endpoint());
        let response = http.post(url).body("1").send().await.unwrap();
        assert!(response.status().is_success(), "{response:?}");
    };

    allow_one_unsigned().await;
    let chain = DefaultCredentialsChain::with_config(ProviderConfig::new(env.clone()));
    let credentials = chain.provide_credentials().await.unwrap();
    assert!(credentials.access_key_id().starts_with("ASIA"), "{credentials:?}");
    assert!(credentials.session_token().is_some_and(|t| !t.is_empty()), "{credentials:?}");
    assert_eq!(credentials.account_id(), Some(ACCOUNT), "the account comes from the assumed role's ARN");

    // The whole path: the client's own chain fetches the credentials at its first call,
    // then every ECR call is signed with them (and their token) and checked.
    allow_one_unsigned().await;
    let config = Config::builder().retry_config(RetryConfig::disabled()).from_environment(env).unwrap().build();
    let client = Client::new(&config);
    client.create_repository().repository_name("through-web-identity").send().await.unwrap();
    client.describe_repositories().repository_names("through-web-identity").send().await.unwrap();
    client.delete_repository().repository_name("through-web-identity").send().await.unwrap();
}
