//! The environment provider, the shared-file parser and profile provider,
//! and region resolution. Every environment is injected; the real `~/.aws`
//! and process environment are never read.

#![cfg(feature = "client")]

#[path = "credentials_support.rs"]
mod support;

use aws_client_runtime::credentials::profile::{self, FileKind, ProfileSet};
use aws_client_runtime::credentials::{
    CredentialsErrorKind, EnvironmentProvider, ProfileProvider, ProvideCredentials, default_region,
};
use support::{TempDir, env};

#[tokio::test]
async fn environment_provider_reads_keys_and_token() {
    let provider = EnvironmentProvider::new(env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ("AWS_SESSION_TOKEN", "env-token"),
    ]));
    let credentials = provider.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDENV");
    assert_eq!(credentials.secret_access_key(), "env-secret");
    assert_eq!(credentials.session_token(), Some("env-token"));
    assert_eq!(credentials.expiry(), None);
    assert_eq!(credentials.provider_name(), "environment");

    let no_token = EnvironmentProvider::new(env(&[("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "S")]));
    assert_eq!(no_token.provide_credentials().await.unwrap().session_token(), None);
}

#[tokio::test]
async fn environment_provider_unset_blank_and_partial() {
    let error = EnvironmentProvider::new(env(&[])).provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert_eq!(error.provider(), "environment");

    let blank = env(&[("AWS_ACCESS_KEY_ID", "  "), ("AWS_SECRET_ACCESS_KEY", "")]);
    assert!(EnvironmentProvider::new(blank).provide_credentials().await.unwrap_err().is_not_configured());

    let partial = EnvironmentProvider::new(env(&[("AWS_ACCESS_KEY_ID", "AKID")]));
    let error = partial.provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    assert_eq!(
        error.to_string(),
        "environment credentials provider failed: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
    );
}

#[test]
fn config_file_profiles_need_the_profile_prefix() {
    let text = "\
[default]
region = us-east-1
[profile dev]
region = eu-west-1
[prod]
region = ap-south-1
[sso-session corp]
sso_region = us-east-1
[profile   spaced]
region = sa-east-1
";
    let set = ProfileSet::parse(text, FileKind::Config).unwrap();
    assert_eq!(set.names().collect::<Vec<_>>(), ["default", "dev", "spaced"]);
    assert_eq!(set.get("default").unwrap().get("region"), Some("us-east-1"));
    assert_eq!(set.get("dev").unwrap().get("region"), Some("eu-west-1"));
    assert!(set.get("prod").is_none(), "[prod] without `profile ` is ignored in the config file");
    assert!(set.get("corp").is_none());
    assert_eq!(set.get("spaced").unwrap().get("region"), Some("sa-east-1"));
}

#[test]
fn profile_default_wins_over_plain_default_in_config() {
    let text = "[default]\nregion = plain\nother = kept-only-if-plain-wins\n[profile default]\nregion = prefixed\n";
    let set = ProfileSet::parse(text, FileKind::Config).unwrap();
    let default = set.get("default").unwrap();
    assert_eq!(default.get("region"), Some("prefixed"));
    assert_eq!(default.get("other"), None);

    let only_prefixed = ProfileSet::parse("[profile default]\nregion = p\n", FileKind::Config).unwrap();
    assert_eq!(only_prefixed.get("default").unwrap().get("region"), Some("p"));
}

#[test]
fn credentials_file_sections_have_no_prefix() {
    let text =
        "[default]\naws_access_key_id = A\n[dev]\naws_access_key_id = B\n[profile prod]\naws_access_key_id = C\n";
    let set = ProfileSet::parse(text, FileKind::Credentials).unwrap();
    assert_eq!(set.names().collect::<Vec<_>>(), ["default", "dev"]);
    assert_eq!(set.get("dev").unwrap().get("aws_access_key_id"), Some("B"));
    assert!(set.get("prod").is_none(), "[profile prod] is not a profile in the credentials file");
}

#[test]
fn comments_whitespace_case_and_continuations() {
    let text = "\u{feff}# leading comment
; another
  [default]   # trailing comment
\tAWS_Access_Key_ID   =   AKID   ; inline comment
aws_secret_access_key=abc#def;ghi
region = us-west-2 # comment
empty =
nested =
  max_concurrent_requests = 10
  addressing_style = path

[default]
region = us-west-1
";
    let set = ProfileSet::parse(text, FileKind::Credentials).unwrap();
    let default = set.get("default").unwrap();
    assert_eq!(default.get("aws_access_key_id"), Some("AKID"));
    assert_eq!(default.get("AWS_ACCESS_KEY_ID"), Some("AKID"), "lookups are case-insensitive");
    assert_eq!(default.get("aws_secret_access_key"), Some("abc#def;ghi"), "# without whitespace is data");
    assert_eq!(default.get("region"), Some("us-west-1"), "a repeated section merges, later wins");
    assert_eq!(default.get("empty"), Some(""));
    assert_eq!(default.get("nested"), Some("\nmax_concurrent_requests = 10\naddressing_style = path"));
    assert_eq!(
        default.keys().collect::<Vec<_>>(),
        ["aws_access_key_id", "aws_secret_access_key", "empty", "nested", "region"]
    );
}

#[test]
fn malformed_lines_are_errors_without_content() {
    let error = ProfileSet::parse("[default]\nregion = x\nthis-is-secret-garbage\n", FileKind::Config).unwrap_err();
    assert_eq!(error.line(), Some(3));
    assert_eq!(error.to_string(), "line 3: expected `key = value`, a `[section]` or a comment");
    assert!(!format!("{error:?}").contains("secret-garbage"));

    let error = ProfileSet::parse("region = x\n", FileKind::Config).unwrap_err();
    assert_eq!(error.to_string(), "line 1: a property before the first `[section]`");
    let error = ProfileSet::parse("[default\n", FileKind::Config).unwrap_err();
    assert_eq!(error.to_string(), "line 1: section header without a closing `]`");
    let error = ProfileSet::parse("[default] junk\n", FileKind::Config).unwrap_err();
    assert_eq!(error.to_string(), "line 1: unexpected text after a section header");
    let error = ProfileSet::parse("[default]\n = value\n", FileKind::Config).unwrap_err();
    assert_eq!(error.line(), Some(2));
}

/// A home directory with `.aws/config` and `.aws/credentials`.
fn home(config: &str, credentials: &str) -> TempDir {
    let dir = TempDir::new("home");
    dir.write(".aws/config", config);
    dir.write(".aws/credentials", credentials);
    dir
}

fn home_env(dir: &TempDir, extra: &[(&str, &str)]) -> aws_client_runtime::credentials::Environment {
    let mut vars = vec![("HOME", dir.path().to_str().unwrap())];
    vars.extend_from_slice(extra);
    env(&vars)
}

#[test]
fn credentials_file_wins_key_by_key() {
    let dir = home(
        "[default]\naws_access_key_id = FROMCONFIG\nregion = eu-central-1\n",
        "[default]\naws_access_key_id = FROMCREDS\naws_secret_access_key = S\n",
    );
    let set = profile::load(&home_env(&dir, &[])).unwrap();
    let default = set.get("default").unwrap();
    assert_eq!(default.get("aws_access_key_id"), Some("FROMCREDS"));
    assert_eq!(default.get("aws_secret_access_key"), Some("S"));
    assert_eq!(default.get("region"), Some("eu-central-1"));
    assert_eq!(set.files().len(), 2);
}

#[test]
fn file_locations_from_variables_and_missing_files() {
    let dir = TempDir::new("files");
    let config = dir.write("my-config", "[profile x]\nregion = r1\n");
    let environment =
        env(&[("AWS_CONFIG_FILE", &config), ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/awsjson/creds")]);
    let set = profile::load(&environment).unwrap();
    assert_eq!(set.names().collect::<Vec<_>>(), ["x"]);
    assert_eq!(set.files(), [std::path::PathBuf::from(&config)]);

    // No variables and no home: nothing to read, no error.
    assert!(profile::load(&env(&[])).unwrap().is_empty());
    // `~` expands to the home directory.
    let home_dir = TempDir::new("tilde");
    home_dir.write("elsewhere/conf", "[default]\nregion = tilde-region\n");
    let environment = home_env(&home_dir, &[("AWS_CONFIG_FILE", "~/elsewhere/conf")]);
    assert_eq!(default_region(&environment).as_deref(), Some("tilde-region"));
    // A directory where a file should be is an error naming it.
    let environment = env(&[("AWS_CONFIG_FILE", dir.path().to_str().unwrap())]);
    let error = profile::load(&environment).unwrap_err();
    assert_eq!(error.path(), Some(dir.path()));
}

#[tokio::test]
async fn profile_provider_selects_aws_profile() {
    let dir = home(
        "[profile dev]\naws_access_key_id = DEVCONFIG\naws_secret_access_key = devsecret\n",
        "[default]\naws_access_key_id = DEFAULT\naws_secret_access_key = defsecret\naws_session_token = deftoken\n",
    );
    let credentials = ProfileProvider::new(home_env(&dir, &[])).provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "DEFAULT");
    assert_eq!(credentials.secret_access_key(), "defsecret");
    assert_eq!(credentials.session_token(), Some("deftoken"));
    assert_eq!(credentials.provider_name(), "profile");

    let dev = ProfileProvider::new(home_env(&dir, &[("AWS_PROFILE", "dev")]));
    let credentials = dev.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "DEVCONFIG");
    assert_eq!(credentials.session_token(), None);
}

#[tokio::test]
async fn profile_provider_missing_profiles() {
    let dir = home("[profile dev]\nregion = r\n", "");
    // No default profile: not configured.
    let error = ProfileProvider::new(home_env(&dir, &[])).provide_credentials().await.unwrap_err();
    assert!(error.is_not_configured(), "{error}");
    // AWS_PROFILE names a missing profile: an error.
    let error = ProfileProvider::new(home_env(&dir, &[("AWS_PROFILE", "nope")])).provide_credentials().await;
    let error = error.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    assert!(error.message().starts_with("profile `nope`: not in "), "{error}");
    // The profile exists but has only a region: not configured.
    let error = ProfileProvider::new(home_env(&dir, &[("AWS_PROFILE", "dev")])).provide_credentials().await;
    let error = error.unwrap_err();
    assert!(error.is_not_configured(), "{error}");
    assert_eq!(error.message(), "profile `dev` has no credentials (no static keys, role, SSO or credential_process)");
    // No files at all.
    let error = ProfileProvider::new(env(&[])).provide_credentials().await.unwrap_err();
    assert!(error.is_not_configured());
    assert_eq!(error.message(), "profile `default`: no shared config or credentials file exists");
    // No profiles at all: not configured even when AWS_PROFILE is set.
    let error = ProfileProvider::new(env(&[("AWS_PROFILE", "x")])).provide_credentials().await.unwrap_err();
    assert!(error.is_not_configured());
    assert_eq!(error.message(), "profile `x`: no shared config or credentials file exists");
}

#[tokio::test]
async fn profile_provider_incomplete_settings_name_profile_and_step() {
    let dir = home(
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = default\n\
         [profile roleandkeys]\nrole_arn = arn:aws:iam::123456789012:role/r\n\
         aws_access_key_id = A\naws_secret_access_key = S\n\
         [profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = half\nmfa_serial = arn:mfa\n\
         [profile sso]\nsso_session = corp\nsso_account_id = 123\n\
         [profile process]\ncredential_process = /nonexistent/creds --flag\n\
         [profile processandkeys]\ncredential_process = /nonexistent/creds\naws_access_key_id = PK\naws_secret_access_key = PS\n\
         [profile half]\naws_access_key_id = ONLY\n",
        "",
    );
    let run = |name: &'static str| {
        let provider = ProfileProvider::new(home_env(&dir, &[("AWS_PROFILE", name)]));
        async move { provider.provide_credentials().await.unwrap_err() }
    };
    let expect = |error: aws_client_runtime::credentials::CredentialsError, text: &str| {
        assert_eq!(error.kind(), CredentialsErrorKind::Provider, "{error}");
        assert!(error.to_string().contains(text), "{error}");
    };
    expect(run("role").await, "profile `role` names `source_profile = default`, which is not defined");
    expect(run("roleandkeys").await, "profile `roleandkeys` sets `role_arn` but neither `source_profile` nor");
    expect(run("mfa").await, "profile `mfa` sets `mfa_serial`: assuming arn:aws:iam::123456789012:role/r needs an MFA");
    expect(run("sso").await, "profile `sso` names `sso_session = corp`, but there is no `[sso-session corp]` section");
    // As in the AWS SDKs, `credential_process` comes before static keys in one profile.
    expect(run("process").await, "profile `process`: the command exited unsuccessfully");
    expect(run("processandkeys").await, "profile `processandkeys`: the command exited unsuccessfully");
    expect(run("half").await, "profile `half` has aws_access_key_id but no aws_secret_access_key");
}

#[tokio::test]
async fn profile_provider_reports_malformed_file() {
    let dir = home("[default]\nregion = x\n", "[default]\nnot a property\n");
    let error = ProfileProvider::new(home_env(&dir, &[])).provide_credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Provider);
    let path = dir.path().join(".aws").join("credentials");
    assert_eq!(
        error.message(),
        format!("shared file {}, line 2: expected `key = value`, a `[section]` or a comment", path.display())
    );
}

#[test]
fn region_resolution_order() {
    let dir = home("[default]\nregion = profile-default\n[profile dev]\nregion = profile-dev\n", "");
    let with = |extra: &[(&str, &str)]| default_region(&home_env(&dir, extra));
    assert_eq!(with(&[("AWS_REGION", "r1"), ("AWS_DEFAULT_REGION", "r2")]).as_deref(), Some("r1"));
    assert_eq!(with(&[("AWS_REGION", " "), ("AWS_DEFAULT_REGION", "r2")]).as_deref(), Some("r2"));
    assert_eq!(with(&[]).as_deref(), Some("profile-default"));
    assert_eq!(with(&[("AWS_PROFILE", "dev")]).as_deref(), Some("profile-dev"));
    assert_eq!(with(&[("AWS_PROFILE", "missing")]), None);
    assert_eq!(default_region(&env(&[])), None);

    // The credentials file's region wins over the config file's.
    let both = home("[default]\nregion = from-config\n", "[default]\nregion = from-credentials\n");
    assert_eq!(default_region(&home_env(&both, &[])).as_deref(), Some("from-credentials"));
}

#[test]
fn environment_debug_shows_names_only() {
    let environment = env(&[("AWS_SECRET_ACCESS_KEY", "very-secret-value"), ("HOME", "/home/someone")]);
    let debug = format!("{environment:?}");
    assert!(debug.contains("AWS_SECRET_ACCESS_KEY"), "{debug}");
    assert!(!debug.contains("very-secret-value"), "{debug}");
    assert_eq!(environment.var("AWS_SECRET_ACCESS_KEY").as_deref(), Some("very-secret-value"));
    assert_eq!(environment.home_dir(), Some(std::path::Path::new("/home/someone")));
}
