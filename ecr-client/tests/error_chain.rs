//! Every kind of error a program meets says each fact once along its chain: an error
//! either shows its cause in its own `Display` or returns it from `source()`, never
//! both. Checked on the chain as anyhow's `{:#}` prints it, for the call's `SdkError`
//! and for the crate's `Error` it converts into.

use std::error::Error as StdError;
use std::time::Duration;

use ecr_client::config::{Config, Credentials, RetryConfig, TimeoutConfig};
use ecr_client::credentials::{CredentialsError, CredentialsFuture, Environment, ProvideCredentials};
use ecr_client::error::{ProvideErrorMetadata, RepositoryNotFoundException, SdkError};
use ecr_client::operation::describe_repositories::{DescribeRepositories, DescribeRepositoriesError};
use ecr_client::{Client, Mock, MockError};
use tokio::net::TcpListener;

/// The chain as anyhow's `{:#}` prints it: each level's `Display`, joined by `": "`.
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut levels = vec![error.to_string()];
    let mut cause = error.source();
    while let Some(inner) = cause {
        levels.push(inner.to_string());
        cause = inner.source();
    }
    for pair in levels.windows(2) {
        assert!(!pair[0].contains(&pair[1]), "a level repeats its source: {levels:#?}");
    }
    levels.join(": ")
}

/// Asserts that `fact` appears exactly once in the rendered chain of `error`, and of the
/// crate's `Error` made from it.
fn once<E>(error: SdkError<E>, facts: &[&str]) -> String
where
    E: StdError + Send + Sync + 'static,
    ecr_client::Error: From<SdkError<E>>,
{
    let shown = chain(&error);
    let crate_error = ecr_client::Error::from(error);
    let crate_shown = chain(&crate_error);
    for fact in facts {
        assert_eq!(shown.matches(fact).count(), 1, "`{fact}` once in `{shown}`");
        assert_eq!(crate_shown.matches(fact).count(), 1, "`{fact}` once in `{crate_shown}`");
    }
    let debug = format!("{crate_error:?}");
    assert!(!debug.contains("Unhandled(Unhandled"), "{debug}");
    shown
}

fn local_config(port: u16) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build()
}

async fn describe(client: &Client) -> SdkError<DescribeRepositoriesError> {
    client.describe_repositories().send().await.unwrap_err()
}

#[tokio::test]
async fn construction_a_missing_required_member() {
    let client = Client::from_mock(Mock::new());
    let error = client.list_images().send().await.unwrap_err();
    let shown = once(error, &["ListImages", "`repositoryName`"]);
    assert_eq!(
        shown,
        "failed to construct request: ListImages: the required member `repositoryName` (`repository_name`) is not set"
    );
}

#[tokio::test]
async fn construction_no_region_says_where_a_region_comes_from() {
    let config = Config::builder().credentials(Credentials::new("AKID", "secret", None, None, "test")).build();
    let error = describe(&Client::new(&config)).await;
    let shown = once(error, &["DescribeRepositories", "Missing Region", "AWS_REGION", "cannot resolve the endpoint"]);
    assert!(shown.starts_with("failed to construct request: DescribeRepositories: no region is configured"), "{shown}");
}

#[derive(Debug)]
struct Failing;

impl ProvideCredentials for Failing {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async {
            Err(CredentialsError::provider_error("vault", "token expired")
                .with_source(std::io::Error::other("socket closed")))
        })
    }
}

#[tokio::test]
async fn credentials_that_cannot_be_loaded() {
    let config = local_config(9).to_builder().credentials_provider(Failing).build();
    let error = describe(&Client::new(&config)).await;
    let shown = once(error, &["failed to load credentials", "token expired", "socket closed"]);
    assert!(shown.starts_with("failed to construct request: failed to load credentials: vault"), "{shown}");
}

#[tokio::test]
async fn dispatch_a_refused_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let error = describe(&Client::new(&local_config(port))).await;
    assert!(matches!(error, SdkError::DispatchFailure(_)), "{error:?}");
    let shown = once(error, &["could not connect"]);
    assert!(shown.starts_with("dispatch failure: could not connect: "), "{shown}");
}

#[tokio::test]
async fn timeout_of_an_attempt() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept and never answer; the listener lives until the test ends.
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let config = local_config(port)
        .to_builder()
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(200)))
        .build();
    let error = describe(&Client::new(&config)).await;
    assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
    let shown = once(error, &["timeout"]);
    assert_eq!(shown, "attempt timeout elapsed after 200ms");
    silent.abort();
}

#[tokio::test]
async fn response_that_does_not_read_as_the_output() {
    let mock =
        Mock::new().on_json("DescribeRepositories", |_| Ok(aws_client_runtime::serde_json::json!({"repositories": 5})));
    let error = describe(&Client::from_mock(mock)).await;
    let shown = once(error, &["cannot parse the output", "expected an array"]);
    assert!(shown.starts_with("unreadable response (status 200): cannot parse the output"), "{shown}");
}

#[tokio::test]
async fn service_error_the_model_lists() {
    let gone = RepositoryNotFoundException::builder().message("no repository named r").build();
    let mock = Mock::new().on::<DescribeRepositories>(move |_| Err(MockError::modeled(&gone)));
    let error = describe(&Client::from_mock(mock)).await;
    assert_eq!(error.code(), Some("RepositoryNotFoundException"));
    assert_eq!(error.message(), Some("no repository named r"));
    let shown = once(error, &["RepositoryNotFoundException", "no repository named r"]);
    assert_eq!(
        shown,
        "service error: RepositoryNotFoundException: no repository named r (status 400, request id mock-request)"
    );
}

#[tokio::test]
async fn service_error_the_model_does_not_list() {
    let mock = Mock::new().on::<DescribeRepositories>(|_| Err(MockError::service(400, "ThrottlingException", "slow")));
    let error = describe(&Client::from_mock(mock)).await;
    let shown = once(error, &["ThrottlingException", "slow", "mock-request"]);
    assert_eq!(shown, "service error: ThrottlingException: slow (status 400, request id mock-request)");
    let mock = Mock::new().on::<DescribeRepositories>(|_| Err(MockError::service(400, "ThrottlingException", "slow")));
    let error = ecr_client::Error::from(describe(&Client::from_mock(mock)).await);
    assert_eq!(error.code(), Some("ThrottlingException"));
    let debug = format!("{error:?}");
    assert_eq!(debug.matches("Unhandled").count(), 1, "{debug}");
}

#[tokio::test]
async fn configuration_that_cannot_be_read_converts_into_the_crate_error() {
    async fn load() -> Result<Config, ecr_client::Error> {
        let environment = Environment::from_vars([("AWS_USE_FIPS_ENDPOINT".to_owned(), "maybe".to_owned())]);
        Ok(Config::builder().from_environment(environment)?.build())
    }
    let error = load().await.unwrap_err();
    let shown = chain(&error);
    assert_eq!(shown.matches("AWS_USE_FIPS_ENDPOINT").count(), 1, "{shown}");
    assert!(shown.contains("maybe"), "{shown}");
}
