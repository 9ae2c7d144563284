//! No secret of the newer credential sources (secret keys, session tokens, SSO access
//! and refresh tokens, client secrets, web identity tokens) appears in any `Debug` or
//! `Display` output or error message, on success or failure. The services are answered
//! by a local server on 127.0.0.1 through the providers' test route.

#![cfg(feature = "client")]

#[path = "credentials_support.rs"]
mod support;

use aws_client_runtime::client::RetryConfig;
use aws_client_runtime::credentials::{
    Environment, ProfileProvider, ProvideCredentials, ProviderConfig, SsoTokenProvider, WebIdentityProvider,
};
use support::{Reply, Server, TempDir};

const SECRETS: &[&str] = &[
    "SOURCE-SECRET-KEY",
    "SOURCE-SESSION-TOKEN",
    "STS-SECRET-KEY",
    "STS-SESSION-TOKEN",
    "SSO-ACCESS-TOKEN",
    "SSO-REFRESH-TOKEN",
    "SSO-CLIENT-SECRET",
    "NEW-ACCESS-TOKEN",
    "ROLE-SECRET-KEY",
    "ROLE-SESSION-TOKEN",
    "WEB-IDENTITY-TOKEN",
    "PROCESS-SECRET",
];

fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} appears in {what}: {text}");
    }
}

fn config(dir: &TempDir, server: &Server, vars: &[(&str, &str)]) -> ProviderConfig {
    let mut all: Vec<(String, String)> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    all.push(("HOME".to_owned(), dir.path().to_string_lossy().into_owned()));
    all.push(("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()));
    let env = Environment::from_vars(all).with_test_route(server.url());
    ProviderConfig::new(env).with_retry_config(RetryConfig::disabled()).with_service_http_client(support::http())
}

const STS_OK: &str = "<AssumeRoleResponse><AssumeRoleResult><AssumedRoleUser>\
    <Arn>arn:aws:sts::111122223333:assumed-role/r/s</Arn></AssumedRoleUser><Credentials>\
    <AccessKeyId>ASIASTS</AccessKeyId><SecretAccessKey>STS-SECRET-KEY</SecretAccessKey>\
    <SessionToken>STS-SESSION-TOKEN</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>\
    </Credentials></AssumeRoleResult></AssumeRoleResponse>";

const STS_DENIED: &str = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
    <Message>not allowed to assume the role</Message></Error></ErrorResponse>";

#[tokio::test]
async fn assume_role_sends_signed_requests_and_shows_no_secret() {
    let dir = TempDir::new("secrets-sts");
    dir.write(
        ".aws/config",
        "[profile role]\nrole_arn = arn:aws:iam::111122223333:role/r\nsource_profile = base\nexternal_id = ext-1\n\
         duration_seconds = 1200\nregion = eu-west-1\n[profile base]\naws_access_key_id = AKIDBASE\n\
         aws_secret_access_key = SOURCE-SECRET-KEY\naws_session_token = SOURCE-SESSION-TOKEN\n",
    );
    let server = Server::start(|_| Reply::new(200, STS_OK)).await;
    let provider = ProfileProvider::with_config(config(&dir, &server, &[("AWS_PROFILE", "role")]));
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!((credentials.access_key_id(), credentials.account_id()), ("ASIASTS", Some("111122223333")));
    assert_clean("Credentials Debug", &format!("{credentials:?}"));
    assert_clean("ProfileProvider Debug", &format!("{provider:?}"));

    let request = &server.requests()[0];
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/https/sts.eu-west-1.amazonaws.com/"));
    let body = String::from_utf8_lossy(&request.body);
    for part in [
        "Action=AssumeRole",
        "RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fr",
        "ExternalId=ext-1",
        "DurationSeconds=1200",
    ] {
        assert!(body.contains(part), "{part} not in {body}");
    }
    let authorization = request.header("authorization").unwrap();
    assert!(authorization.contains("Credential=AKIDBASE/") && authorization.contains("/eu-west-1/sts/aws4_request"));
    assert_eq!(request.header("x-amz-security-token"), Some("SOURCE-SESSION-TOKEN"), "the source's token is sent");

    let denied = Server::start(|_| Reply::new(403, STS_DENIED)).await;
    let provider = ProfileProvider::with_config(config(&dir, &denied, &[("AWS_PROFILE", "role")]));
    let error = provider.provide_credentials().await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.contains("profile `role`: assuming role arn:aws:iam::111122223333:role/r"), "{shown}");
    assert!(shown.contains("HTTP 403 Forbidden: AccessDenied: not allowed to assume the role"), "{shown}");
    assert_clean("AssumeRole error", &format!("{shown} {error:?}"));
}

#[tokio::test]
async fn web_identity_token_is_read_at_each_fetch_and_never_shown() {
    let dir = TempDir::new("secrets-web");
    let token = dir.write("token.jwt", "WEB-IDENTITY-TOKEN-1\n");
    let server = Server::start(|request| {
        let body = String::from_utf8_lossy(&request.body);
        if body.contains("WEB-IDENTITY-TOKEN-2") {
            Reply::new(400, STS_DENIED.replace("AccessDenied", "InvalidIdentityToken"))
        } else {
            Reply::new(200, STS_OK.replace("AssumeRole", "AssumeRoleWithWebIdentity"))
        }
    })
    .await;
    let vars = [("AWS_WEB_IDENTITY_TOKEN_FILE", token.as_str()), ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/r")];
    let provider = WebIdentityProvider::from_env(config(&dir, &server, &vars));
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.session_token(), Some("STS-SESSION-TOKEN"));
    assert!(server.requests()[0].header("authorization").is_none(), "AssumeRoleWithWebIdentity is unsigned");
    // The file is rotated: the next fetch reads the new token.
    dir.write("token.jwt", "WEB-IDENTITY-TOKEN-2");
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(String::from_utf8_lossy(&server.requests()[1].body).contains("WEB-IDENTITY-TOKEN-2"));
    assert!(error.to_string().contains("InvalidIdentityToken"), "{error}");
    assert_clean("web identity error and provider", &format!("{error} {error:?} {provider:?} {credentials:?}"));
}

fn sso_home(expires_at: &str) -> TempDir {
    let dir = TempDir::new("secrets-sso");
    dir.write(
        ".aws/config",
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Reader\n\
         [sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\n",
    );
    let cache = format!(
        "{{\"accessToken\": \"SSO-ACCESS-TOKEN\", \"expiresAt\": \"{expires_at}\", \"refreshToken\": \"SSO-REFRESH-TOKEN\", \
         \"clientId\": \"client-1\", \"clientSecret\": \"SSO-CLIENT-SECRET\", \"registrationExpiresAt\": \"2099-01-01T00:00:00Z\"}}"
    );
    dir.write(CORP_CACHE, &cache);
    dir
}

/// The cache file of session `corp`: SHA-1 of the session name (`printf corp | sha1sum`).
const CORP_CACHE: &str = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

const ROLE_CREDENTIALS: &str = "{\"roleCredentials\": {\"accessKeyId\": \"ASIAROLE\", \"secretAccessKey\": \
    \"ROLE-SECRET-KEY\", \"sessionToken\": \"ROLE-SESSION-TOKEN\", \"expiration\": 4102444800000}}";

#[tokio::test]
async fn sso_refreshes_an_expiring_token_and_shows_no_token() {
    let dir = sso_home("2020-01-01T00:00:00Z");
    let server = Server::start(|request| {
        if request.path.ends_with("/token") {
            Reply::new(200, "{\"accessToken\": \"NEW-ACCESS-TOKEN\", \"expiresIn\": 3600, \"tokenType\": \"Bearer\"}")
        } else {
            Reply::new(200, ROLE_CREDENTIALS)
        }
    })
    .await;
    let provider = ProfileProvider::with_config(config(&dir, &server, &[("AWS_PROFILE", "dev")]));
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!((credentials.access_key_id(), credentials.account_id()), ("ASIAROLE", Some("111122223333")));
    let requests = server.requests();
    assert_eq!(requests[0].path, "/https/oidc.eu-west-1.amazonaws.com/token");
    let refresh: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(refresh["grantType"], "refresh_token");
    assert_eq!(refresh["refreshToken"], "SSO-REFRESH-TOKEN");
    assert!(requests[1].path.starts_with("/https/portal.sso.eu-west-1.amazonaws.com/federation/credentials?"));
    assert_eq!(requests[1].header("x-amz-sso_bearer_token"), Some("NEW-ACCESS-TOKEN"), "the refreshed token is used");
    let cache = std::fs::read_to_string(dir.path().join(CORP_CACHE)).unwrap();
    assert!(cache.contains("NEW-ACCESS-TOKEN"), "the cache file is updated");
    assert_clean("SSO credentials and provider", &format!("{credentials:?} {provider:?}"));

    let tokens = SsoTokenProvider::new(config(&dir, &server, &[("AWS_PROFILE", "dev")]));
    let token = tokens.token().await.unwrap();
    assert_eq!(token.token(), "NEW-ACCESS-TOKEN");
    assert_clean("SSO token and token provider", &format!("{token:?} {tokens:?}"));
}

#[tokio::test]
async fn sso_failures_say_to_log_in_and_show_no_token() {
    let dir = sso_home("2020-01-01T00:00:00Z");
    let server =
        Server::start(|_| Reply::new(400, "{\"error\": \"invalid_grant\", \"error_description\": \"expired\"}")).await;
    let provider = ProfileProvider::with_config(config(&dir, &server, &[("AWS_PROFILE", "dev")]));
    let error = provider.provide_credentials().await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.contains("refreshing it failed") && shown.contains("run `aws sso login --profile dev`"), "{shown}");
    assert_clean("SSO refresh error", &format!("{shown} {error:?}"));

    let dir = sso_home("2099-01-01T00:00:00Z");
    let server = Server::start(|_| Reply::new(401, "{\"message\": \"Session token not found or invalid\"}")).await;
    let provider = ProfileProvider::with_config(config(&dir, &server, &[("AWS_PROFILE", "dev")]));
    let error = provider.provide_credentials().await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.contains("HTTP 401") && shown.contains("run `aws sso login --profile dev`"), "{shown}");
    assert_clean("SSO role credentials error", &format!("{shown} {error:?}"));
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_output_and_command_stay_hidden() {
    let dir = TempDir::new("secrets-process");
    dir.write(
        ".aws/config",
        "[default]\ncredential_process = echo PROCESS-SECRET; echo 'cannot reach the vault' >&2; exit 2\n\
         [profile ok]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \
         \"SecretAccessKey\": \"PROCESS-SECRET\", \"AccountId\": \"111122223333\"}'\n",
    );
    let server = Server::start(|_| Reply::new(500, "")).await;
    let provider = ProfileProvider::with_config(config(&dir, &server, &[]));
    let error = provider.provide_credentials().await.unwrap_err();
    assert!(error.to_string().contains("cannot reach the vault"), "{error}");
    assert_clean("credential_process error", &format!("{error} {error:?}"));
    let ok = ProfileProvider::with_config(config(&dir, &server, &[("AWS_PROFILE", "ok")]));
    let credentials = ok.provide_credentials().await.unwrap();
    assert_eq!(credentials.account_id(), Some("111122223333"));
    assert_clean("credential_process credentials", &format!("{credentials:?}"));
}
