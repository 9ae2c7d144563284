//! Shared set-up of `real_server.rs`: which server to talk to, the keys the set-up script
//! created, clients signed with them, and a small Docker image to push.

use std::io::Write;
use std::sync::Once;

use aws_client_runtime::serde_json::{self, Value};
use aws_client_runtime::sigv4::sha256_hex;
use ecr_client::{Client, Config, Credentials, RetryConfig, SdkError};

/// The endpoint of the server, e.g. `http://127.0.0.1:5000`.
const ENDPOINT_VAR: &str = "ECR_REAL_SERVER_ENDPOINT";
/// The keys `set_up_auth.py` printed (JSON).
const KEYS_VAR: &str = "ECR_REAL_SERVER_KEYS";
/// Set by `cargo xtask test`: a missing endpoint is then a failure, not a skip.
const REQUIRED_VAR: &str = "ECR_REAL_SERVER_REQUIRED";

/// A server with signature checking on, and the keys it knows.
pub struct Server {
    endpoint: String,
    keys: Value,
}

/// Which of the set-up's keys signs the requests.
#[derive(Clone, Copy)]
pub enum Key {
    /// A user allowed `ecr:*`.
    Allowed,
    /// A user allowed nothing on ECR.
    Denied,
    /// Session credentials of a role allowed `ecr:*` (with the session token).
    Session,
}

/// The server to test against, or `None` (after saying so once) when the tests were
/// started without one.
pub fn server() -> Option<Server> {
    let (Ok(endpoint), Ok(keys)) = (std::env::var(ENDPOINT_VAR), std::env::var(KEYS_VAR)) else {
        if std::env::var_os(REQUIRED_VAR).is_some() {
            panic!("{REQUIRED_VAR} is set but {ENDPOINT_VAR} or {KEYS_VAR} is missing");
        }
        static SKIPPED: Once = Once::new();
        SKIPPED.call_once(|| {
            // Written to the process's stderr directly: the test harness captures `eprintln!`
            // of passing tests, and this must be seen.
            let _ = writeln!(
                std::io::stderr(),
                "real_server: skipped: {ENDPOINT_VAR} is not set. These tests need a moto server with \
                 signature checking on; `cargo xtask real-server` (or the whole `cargo xtask test`) \
                 starts one and runs them."
            );
        });
        return None;
    };
    let keys = serde_json::from_str(&keys).unwrap_or_else(|e| panic!("{KEYS_VAR} is not JSON: {e}"));
    Some(Server { endpoint, keys })
}

impl Server {
    /// A client for a region, signing with a key, retries off (moto answers operations
    /// it lacks with a 500, which must not be retried).
    pub fn client(&self, region: &str, key: Key) -> Client {
        let name = match key {
            Key::Allowed => "allowed",
            Key::Denied => "denied",
            Key::Session => "session",
        };
        let entry = &self.keys[name];
        let field = |field: &str| entry[field].as_str().map(str::to_owned);
        let id = field("id").unwrap_or_else(|| panic!("no `{name}` key in {KEYS_VAR}"));
        self.client_with(region, Credentials::new(id, field("secret").unwrap(), field("token"), None, "real-server"))
    }

    /// A client for a region with any credentials.
    pub fn client_with(&self, region: &str, credentials: Credentials) -> Client {
        let config = Config::builder()
            .region(region)
            .credentials(credentials)
            .endpoint_url(self.endpoint.as_str())
            .retry_config(RetryConfig::disabled())
            .build();
        Client::new(&config)
    }

    /// The endpoint, e.g. `http://127.0.0.1:5000` (used by `real_server_credentials.rs`).
    #[allow(dead_code)]
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The secret access key of one of the set-up's keys (used by
    /// `real_server_credentials.rs`).
    #[allow(dead_code)]
    pub fn key_secret(&self, key: &str) -> String {
        self.keys[key]["secret"].as_str().unwrap().to_owned()
    }

    /// The access key id of one of the set-up's keys.
    pub fn key_id(&self, key: &str) -> String {
        self.keys[key]["id"].as_str().unwrap().to_owned()
    }
}

/// Code, message, status and request id of a service error, failing on any other error.
pub fn service_error<E: std::fmt::Debug>(error: &SdkError<E>) -> (String, String, u16, String) {
    let Some(meta) = error.meta() else { panic!("expected a service error, got {error:?}") };
    (
        meta.code().unwrap_or_default().to_owned(),
        meta.message().unwrap_or_default().to_owned(),
        meta.status().unwrap_or_default(),
        meta.request_id().unwrap_or_default().to_owned(),
    )
}

/// A small but real Docker image: one gzip-named layer, its config, and the schema 2
/// manifest naming both.
pub struct TestImage {
    pub layer: Vec<u8>,
    pub config: Vec<u8>,
    pub manifest: String,
}

pub const MANIFEST_MEDIA_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";

impl TestImage {
    /// An image whose layer holds `layer_len` deterministic bytes.
    pub fn new(layer_len: usize) -> TestImage {
        let mut state: u32 = 0x2545_f491;
        let layer: Vec<u8> = (0..layer_len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect();
        let config = serde_json::to_vec(&serde_json::json!({
            "architecture": "amd64",
            "os": "linux",
            "config": {"Cmd": ["/bin/true"]},
            "rootfs": {"type": "layers", "diff_ids": [digest(&layer)]},
        }))
        .unwrap();
        let manifest = serde_json::to_string_pretty(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA_TYPE,
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": config.len(),
                "digest": digest(&config),
            },
            "layers": [{
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": layer.len(),
                "digest": digest(&layer),
            }],
        }))
        .unwrap();
        TestImage { layer, config, manifest }
    }
}

/// The content digest of a blob, as registries name it.
pub fn digest(bytes: &[u8]) -> String {
    format!("sha256:{}", sha256_hex(bytes))
}

/// Whether a string is a well-formed sha256 digest.
pub fn is_digest(text: &str) -> bool {
    text.strip_prefix("sha256:").is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}
