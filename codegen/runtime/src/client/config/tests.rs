//! Loading a [`Config`] from the environment, the shared files and the builder.

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
