//! The generated STS client (awsQuery) on the wire, against a scripted server on
//! 127.0.0.1: the form each call sends (action, version, members, lists of
//! structures), its signature scope, the XML answers read back into typed outputs,
//! an error whose code is the model's `@awsQueryError` code, and an operation the
//! model marks `@auth([])` sent unsigned.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use sts_client::operation::assume_role::AssumeRoleError;
use sts_client::primitives::DateTime;
use sts_client::types::{PolicyDescriptorType, Tag};
use sts_client::{Client, Config, Credentials, RetryConfig};

/// A request as the server received it.
#[derive(Debug, Clone)]
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The form's fields, sorted (their order carries no meaning).
    fn fields(&self) -> Vec<&str> {
        let mut fields: Vec<&str> = self.body.split('&').collect();
        fields.sort_unstable();
        fields
    }
}

/// Answers one connection per scripted `(status, body)` in order, recording requests.
fn serve(script: Vec<(u16, &'static str)>) -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let record = Arc::new(Mutex::new(Vec::new()));
    let seen = record.clone();
    std::thread::spawn(move || {
        for (status, body) in script {
            let Ok((stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let Some((name, value)) = line.trim_end().split_once(':') else { break };
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
            let length: usize =
                headers.iter().find(|(k, _)| k == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
            let mut request_body = vec![0; length];
            reader.read_exact(&mut request_body).unwrap();
            seen.lock().unwrap().push(Received {
                request_line: request_line.trim_end().to_owned(),
                headers,
                body: String::from_utf8(request_body).unwrap(),
            });
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: text/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let mut stream = stream;
            stream.write_all(response.as_bytes()).unwrap();
        }
    });
    (port, record)
}

fn client(port: u16) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::new(&config)
}

const CALLER_IDENTITY: &str = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDAEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>"#;

#[tokio::test]
async fn get_caller_identity_posts_the_action_and_reads_the_result() {
    let (port, record) = serve(vec![(200, CALLER_IDENTITY)]);
    let output = client(port).get_caller_identity().send().await.unwrap();
    assert_eq!(output.account(), Some("123456789012"));
    assert_eq!(output.arn(), Some("arn:aws:iam::123456789012:user/Alice"));
    assert_eq!(output.user_id(), Some("AIDAEXAMPLE"));

    let request = record.lock().unwrap()[0].clone();
    assert_eq!(request.request_line, "POST / HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(request.header("x-amz-target"), None);
    assert_eq!(request.body, "Action=GetCallerIdentity&Version=2011-06-15");
    let authorization = request.header("authorization").unwrap();
    assert!(authorization.contains("/us-east-1/sts/aws4_request"), "{authorization}");
}

const ASSUMED: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/session</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:session</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>FwoGZXIvYXdzEXAMPLE</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
    <SomethingNewer><Nested>ignored</Nested></SomethingNewer>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

#[tokio::test]
async fn assume_role_writes_nested_lists_and_reads_credentials() {
    let (port, record) = serve(vec![(200, ASSUMED)]);
    let output = client(port)
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("session@one")
        .duration_seconds(900)
        .tags(Tag::builder().key("Project").value("Unicorn").build().unwrap())
        .tags(Tag::builder().key("Team").value("A+B /x").build().unwrap())
        .policy_arns(PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build())
        .send()
        .await
        .unwrap();
    let credentials = output.credentials().unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(credentials.session_token(), "FwoGZXIvYXdzEXAMPLE");
    assert_eq!(credentials.expiration(), DateTime::from_secs(1_573_306_481));
    let user = output.assumed_role_user().unwrap();
    assert_eq!(user.arn(), "arn:aws:sts::123456789012:assumed-role/demo/session");
    assert_eq!(output.packed_policy_size(), Some(6));
    assert_eq!(output.source_identity(), Some("Alice"));

    let request = record.lock().unwrap()[0].clone();
    assert!(request.body.starts_with("Action=AssumeRole&Version=2011-06-15&"), "{}", request.body);
    assert_eq!(
        request.fields(),
        [
            "Action=AssumeRole",
            "DurationSeconds=900",
            "PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo",
            "RoleSessionName=session%40one",
            "Tags.member.1.Key=Project",
            "Tags.member.1.Value=Unicorn",
            "Tags.member.2.Key=Team",
            "Tags.member.2.Value=A%2BB%20%2Fx",
            "Version=2011-06-15",
        ]
    );
}

const MALFORMED: &str = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MalformedPolicyDocument</Code>
    <Message>The policy is not valid JSON</Message>
  </Error>
  <RequestId>4a4c5b6d-0000-1111-2222-333344445555</RequestId>
</ErrorResponse>"#;

#[tokio::test]
async fn a_query_error_code_types_the_modeled_error() {
    let (port, _) = serve(vec![(400, MALFORMED)]);
    let error = client(port)
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s1")
        .policy("{")
        .send()
        .await
        .unwrap_err();
    let service_error = error.as_service_error().expect("a service error");
    assert!(service_error.is_malformed_policy_document_exception(), "{service_error:?}");
    assert_eq!(service_error.code(), Some("MalformedPolicyDocument"));
    assert_eq!(service_error.message(), Some("The policy is not valid JSON"));
    let AssumeRoleError::MalformedPolicyDocumentException(modeled) = error.into_service_error() else {
        panic!("not the modeled error")
    };
    assert_eq!(modeled.message(), Some("The policy is not valid JSON"));
}

#[tokio::test]
async fn an_unknown_error_keeps_its_code_message_status_and_request_id() {
    let (port, _) = serve(vec![(403, MALFORMED.replace("MalformedPolicyDocument", "SignatureDoesNotMatch").leak())]);
    let error = client(port).get_caller_identity().send().await.unwrap_err();
    let sts_client::SdkError::ServiceError(service_error) = &error else { panic!("{error:?}") };
    assert_eq!(service_error.meta().code(), Some("SignatureDoesNotMatch"));
    assert_eq!(service_error.meta().status(), Some(403));
    assert_eq!(service_error.meta().request_id(), Some("4a4c5b6d-0000-1111-2222-333344445555"));
}

#[tokio::test]
async fn web_identity_calls_go_unsigned() {
    let body = r#"<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>
      <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HEXAMPLE</SubjectFromWebIdentityToken>
    </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"#;
    let (port, record) = serve(vec![(200, body)]);
    let output = client(port)
        .assume_role_with_web_identity()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s1")
        .web_identity_token("token")
        .send()
        .await
        .unwrap();
    assert_eq!(output.subject_from_web_identity_token(), Some("amzn1.account.AF6RHO7KZU5XRVQJGXK6HEXAMPLE"));
    assert!(output.credentials().is_none());
    let request = record.lock().unwrap()[0].clone();
    assert_eq!(request.header("authorization"), None);
    assert!(request.fields().contains(&"WebIdentityToken=token"));
}

#[tokio::test]
async fn a_mocked_client_answers_outputs_and_modeled_errors() {
    use sts_client::error::ExpiredTokenException;
    use sts_client::operation::assume_role::AssumeRole;
    use sts_client::operation::get_caller_identity::{GetCallerIdentity, GetCallerIdentityOutput};
    use sts_client::{Mock, MockError};

    let mock = Mock::new()
        .on::<GetCallerIdentity>(|_| Ok(GetCallerIdentityOutput::builder().account("123456789012").build()))
        .on::<AssumeRole>(|_| Err(MockError::modeled(&ExpiredTokenException::builder().message("old").build())));
    let client = Client::from_mock(mock.clone());
    let identity = client.get_caller_identity().send().await.unwrap();
    assert_eq!(identity.account(), Some("123456789012"));
    let error = client
        .assume_role()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s1")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(error.is_expired_token_exception(), "{error:?}");
    assert_eq!(error.code(), Some("ExpiredTokenException"));
    assert_eq!(error.message(), Some("old"));
    assert_eq!(mock.inputs::<AssumeRole>()[0].role_session_name(), Some("s1"));
}
