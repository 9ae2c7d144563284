//! The generated Polly client (restJson1) on the wire: the lexicon operations put
//! their name in the path and their content in a JSON body, `DescribeVoices` its
//! filters in the query string; every call is signed; a missing label fails before
//! any request.

#[path = "../../../capture.rs"]
mod capture;

use aws_client_runtime::serde_json::json;
use capture::serve;
use polly_client::operation::get_lexicon::GetLexiconError;
use polly_client::types::{Engine, LanguageCode};
use polly_client::{Client, Config, Credentials, RetryConfig, SdkError};

fn client(port: u16) -> Client {
    client_validating(port, true)
}

fn client_validating(port: u16, validate: bool) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .validate_inputs(validate)
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::new(&config)
}

const LEXICON: &str = r#"<?xml version="1.0" encoding="UTF-8"?><lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US"><lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme></lexicon>"#;

fn assert_signed(request: &capture::Captured) {
    let authorization = request.header("authorization").expect("a signed request");
    assert!(authorization.contains("/us-east-1/polly/aws4_request"), "{authorization}");
}

#[tokio::test]
async fn lexicons_are_put_read_listed_and_deleted() {
    let get = r#"{"Lexicon":{"Content":"<lexicon/>","Name":"w3c"},"LexiconAttributes":{"Alphabet":"ipa","LanguageCode":"en-US","LastModified":1700000000.5,"LexemesCount":1,"LexiconArn":"arn:aws:polly:us-east-1:123456789012:lexicon/w3c","Size":503}}"#;
    let list = r#"{"Lexicons":[{"Name":"w3c","Attributes":{"Alphabet":"ipa","LanguageCode":"en-US","LexemesCount":1,"Size":503}}],"NextToken":"n2"}"#;
    let (port, record) = serve(vec![(200, vec![], "{}"), (200, vec![], get), (200, vec![], list), (200, vec![], "")]);
    let client = client(port);
    client.put_lexicon().name("w3c").content(LEXICON).send().await.unwrap();
    let lexicon = client.get_lexicon().name("w3c").send().await.unwrap();
    assert_eq!(lexicon.lexicon().and_then(|l| l.name()), Some("w3c"));
    let attributes = lexicon.lexicon_attributes().unwrap();
    assert_eq!(attributes.language_code(), Some(&LanguageCode::EnUs));
    assert_eq!(attributes.size(), 503);
    assert_eq!(attributes.last_modified().map(|t| t.as_secs_f64()), Some(1_700_000_000.5));
    let listed = client.list_lexicons().next_token("n1").send().await.unwrap();
    assert_eq!(listed.lexicons().len(), 1);
    assert_eq!(listed.next_token(), Some("n2"));
    client.delete_lexicon().name("w3c").send().await.unwrap();

    let requests = record.lock().unwrap().clone();
    assert_eq!(requests[0].request_line, "PUT /v1/lexicons/w3c HTTP/1.1");
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(requests[0].json(), json!({"Content": LEXICON}), "the name travels in the path only");
    assert_eq!(requests[1].request_line, "GET /v1/lexicons/w3c HTTP/1.1");
    assert_eq!(requests[2].request_line, "GET /v1/lexicons?NextToken=n1 HTTP/1.1");
    assert_eq!(requests[3].request_line, "DELETE /v1/lexicons/w3c HTTP/1.1");
    for request in &requests[1..] {
        assert!(request.body.is_empty(), "{}", request.request_line);
        assert_eq!(request.header("content-type"), None, "{}", request.request_line);
    }
    requests.iter().for_each(assert_signed);
}

#[tokio::test]
async fn describe_voices_filters_travel_in_the_query_string() {
    let body = r#"{"Voices":[{"Gender":"Female","Id":"Joanna","LanguageCode":"en-US","LanguageName":"US English","Name":"Joanna","SupportedEngines":["neural","standard"]}]}"#;
    let (port, record) = serve(vec![(200, vec![], body)]);
    let output = client(port)
        .describe_voices()
        .engine(Engine::Neural)
        .language_code(LanguageCode::EnUs)
        .include_additional_language_codes(true)
        .send()
        .await
        .unwrap();
    assert_eq!(output.voices()[0].name(), Some("Joanna"));
    assert_eq!(output.voices()[0].supported_engines(), [Engine::Neural, Engine::Standard]);
    let request = record.lock().unwrap()[0].clone();
    assert_eq!(
        request.request_line,
        "GET /v1/voices?Engine=neural&LanguageCode=en-US&IncludeAdditionalLanguageCodes=true HTTP/1.1"
    );
    assert_signed(&request);
}

#[tokio::test]
async fn a_label_with_a_slash_stays_one_segment_and_errors_are_typed() {
    let (port, record) = serve(vec![(
        404,
        vec![("x-amzn-errortype", "LexiconNotFoundException")],
        r#"{"message":"Lexicon not found"}"#,
    )]);
    // The model's pattern would refuse such a name before sending; the service is the judge here.
    let error = client_validating(port, false).get_lexicon().name("a/b c").send().await.unwrap_err();
    let SdkError::ServiceError(error) = error else { panic!("{error:?}") };
    assert!(matches!(error.err(), GetLexiconError::LexiconNotFoundException(_)), "{:?}", error.err());
    assert_eq!(error.meta().message(), Some("Lexicon not found"));
    assert_eq!(record.lock().unwrap()[0].request_line, "GET /v1/lexicons/a%2Fb%20c HTTP/1.1");
}

#[tokio::test]
async fn a_missing_label_fails_before_any_request() {
    let error = client(1).delete_lexicon().send().await.unwrap_err();
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error:?}");
    let empty = client_validating(1, false).delete_lexicon().name("").send().await.unwrap_err();
    assert!(empty.to_string().contains("Name"), "{empty}");
}
