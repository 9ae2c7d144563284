#![cfg(feature = "client")]
//! The CA bundle (`Config::ca_bundle`, `AWS_CA_BUNDLE`, profile `ca_bundle`): where
//! it is read from, and that a bundle that cannot be used fails the first call with
//! a message naming the file instead of silently trusting the built-in roots.

use aws_client_runtime::client::{Config, Handle, RetryConfig, SdkError, ServiceInfo, invoke};
use aws_client_runtime::credentials::{Credentials, Environment};
use aws_client_runtime::rules::ResolvedEndpoint;

static SERVICE: ServiceInfo = ServiceInfo {
    target_prefix: "Svc_2020",
    content_type: "application/x-amz-json-1.1",
    signing_name: Some("svc"),
    env_suffix: "SVC",
    user_agent: "svc-client/0.1.0",
    retryable_errors: &[],
    query_compatible: false,
    checksum_required: &[],
    tracer: None,
};

/// A self-signed test CA (P-256), made for this test only.
const CA: &str = "-----BEGIN CERTIFICATE-----
MIIBezCCASGgAwIBAgIUPE3dcVc2uDSFpEptGEA0MDAjAmUwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjEyMDMxNjEzMTJaGA8yMTI2MTEwOTE2
MTMxMlowEjEQMA4GA1UEAwwHdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABJMSJ948TwYvR7PGZIDtQzTzVu8Csk+R+aw+eK0GqqqP+allgFLbeukzxsJN
ee5kzhFrEmJldIigYHadKIxjLPWjUzBRMB0GA1UdDgQWBBTdZRsV4BtxARRym25k
i0QIz+CnvDAfBgNVHSMEGDAWgBTdZRsV4BtxARRym25ki0QIz+CnvDAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQC2Toape0iicAoQEcetpMKawuLF
T7eW/TbLd0DwmV4KDQIgUCpj7tcaXEPb5A/EtQy65DPsMfd3uy2OzqC+TTpmhPg=
-----END CERTIFICATE-----
";

fn temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("awsjson-ca-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn vars(pairs: &[(&str, &str)]) -> Environment {
    Environment::from_vars(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())))
}

#[test]
fn the_bundle_comes_from_the_builder_the_environment_or_the_profile() {
    let config_file = temp("config", "[default]\nca_bundle = /from/profile.pem\nregion = us-east-1\n");
    let config_path = config_file.to_str().unwrap();
    let from_profile = Config::builder().from_environment(vars(&[("AWS_CONFIG_FILE", config_path)])).unwrap().build();
    assert_eq!(from_profile.ca_bundle(), Some(std::path::Path::new("/from/profile.pem")));
    let from_env = vars(&[("AWS_CONFIG_FILE", config_path), ("AWS_CA_BUNDLE", "/from/env.pem")]);
    let from_env = Config::builder().from_environment(from_env).unwrap().build();
    assert_eq!(from_env.ca_bundle(), Some(std::path::Path::new("/from/env.pem")));
    let explicit =
        Config::builder().ca_bundle("/explicit.pem").from_environment(vars(&[("AWS_CA_BUNDLE", "/env.pem")]));
    assert_eq!(explicit.unwrap().build().ca_bundle(), Some(std::path::Path::new("/explicit.pem")));
    assert_eq!(Config::builder().from_environment(vars(&[])).unwrap().build().ca_bundle(), None);
}

async fn first_call(bundle: &std::path::Path) -> SdkError<aws_client_runtime::ErrorMetadata> {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .retry_config(RetryConfig::disabled())
        .ca_bundle(bundle)
        .build();
    let handle = Handle::new(&config);
    // Port 9 (discard) on loopback: nothing listens, so a usable bundle ends in a
    // connect failure, an unusable one before any connection.
    let endpoint = ResolvedEndpoint::new("http://127.0.0.1:9");
    let error = invoke(&handle, &SERVICE, "Op", &endpoint, None, b"{}".to_vec()).await.unwrap_err();
    error.map_service_error(|raw| raw.meta)
}

#[tokio::test]
async fn an_unusable_bundle_fails_the_call_naming_the_file() {
    let missing = std::path::Path::new("/no/such/bundle.pem");
    let error = first_call(missing).await;
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error}");
    assert!(error.to_string().contains("cannot read the CA bundle /no/such/bundle.pem"), "{error}");
    let garbage = temp("garbage.pem", "not a certificate\n");
    let error = first_call(&garbage).await;
    assert!(error.to_string().contains("holds no certificate"), "{error}");
    let usable = temp("ca.pem", CA);
    let error = first_call(&usable).await;
    assert!(matches!(error, SdkError::DispatchFailure(_)), "a usable bundle gets as far as connecting: {error}");
}
