//! The generated SSO client (restJson1) on the wire: `GetRoleCredentials` is a `GET`
//! with query parameters and the bearer token in a header, sent unsigned even when
//! credentials are configured; the token is redacted in `Debug`; errors are typed from
//! the `X-Amzn-Errortype` header.

#[path = "../../../capture.rs"]
mod capture;

use capture::serve;
use sso_client::operation::get_role_credentials::{GetRoleCredentialsError, GetRoleCredentialsInput};
use sso_client::{Client, Config, Credentials, RetryConfig, SdkError};

fn client(port: u16) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::new(&config)
}

#[tokio::test]
async fn get_role_credentials_is_unsigned_with_its_bearer_header() {
    let body = r#"{"roleCredentials":{"accessKeyId":"AKID","secretAccessKey":"SECRET","sessionToken":"TOKEN","expiration":1700000000000}}"#;
    let (port, record) = serve(vec![(200, vec![("content-type", "application/json")], body)]);
    let output = client(port)
        .get_role_credentials()
        .role_name("Admin Role")
        .account_id("123456789012")
        .access_token("bearer-token")
        .send()
        .await
        .unwrap();
    let credentials = output.role_credentials().unwrap();
    assert_eq!(credentials.access_key_id(), Some("AKID"));
    assert_eq!(credentials.session_token(), Some("TOKEN"));
    assert_eq!(credentials.expiration(), 1_700_000_000_000);

    let request = record.lock().unwrap()[0].clone();
    assert_eq!(
        request.request_line,
        "GET /federation/credentials?role_name=Admin%20Role&account_id=123456789012 HTTP/1.1"
    );
    assert_eq!(request.header("x-amz-sso_bearer_token"), Some("bearer-token"));
    assert_eq!(request.header("authorization"), None, "@auth([]) operations are never signed");
    assert_eq!(request.header("x-amz-date"), None);
    assert_eq!(request.header("content-type"), None, "a GET without a body names no content type");
    assert_eq!(request.header("content-length"), None);
    assert!(request.body.is_empty());
}

#[test]
fn the_bearer_token_is_redacted_in_debug() {
    let input =
        GetRoleCredentialsInput::builder().role_name("r").account_id("1").access_token("very-secret-token").build();
    let printed = format!("{input:?}");
    assert!(!printed.contains("very-secret-token"), "{printed}");
    assert!(printed.contains("Redacted"), "{printed}");
}

#[tokio::test]
async fn errors_are_typed_from_the_error_type_header() {
    let (port, _) = serve(vec![(
        401,
        vec![("x-amzn-errortype", "UnauthorizedException:http://internal.amazon.com/"), ("x-amzn-requestid", "r-1")],
        r#"{"message":"Session token not found or invalid"}"#,
    )]);
    let error = client(port)
        .get_role_credentials()
        .role_name("r")
        .account_id("1")
        .access_token("expired")
        .send()
        .await
        .unwrap_err();
    let SdkError::ServiceError(error) = error else { panic!("{error:?}") };
    assert!(matches!(error.err(), GetRoleCredentialsError::UnauthorizedException(_)), "{:?}", error.err());
    assert_eq!(error.meta().code(), Some("UnauthorizedException"));
    assert_eq!(error.meta().message(), Some("Session token not found or invalid"));
    assert_eq!(error.meta().request_id(), Some("r-1"));
    assert_eq!(error.meta().status(), Some(401));
}
