//! The generated Polly client (restJson1) beside botocore: the same calls build the
//! same requests (see `codegen/tests/services/botocore_diff.rs`).

#[path = "../../../botocore_diff.rs"]
mod botocore_diff;
#[path = "../../../capture.rs"]
mod capture;

use aws_client_runtime::serde_json::json;
use botocore_diff::{Call, assert_same, botocore_requests};
use polly_client::types::{Engine, LanguageCode};
use polly_client::{Client, Config, Credentials, RetryConfig};

#[tokio::test]
async fn requests_match_botocore() {
    let calls: Vec<Call> = vec![
        ("polly", "put_lexicon", json!({"Name": "w3c", "Content": "<lexicon>\"x\"</lexicon>"})),
        ("polly", "get_lexicon", json!({"Name": "w3c"})),
        (
            "polly",
            "describe_voices",
            json!({"Engine": "neural", "LanguageCode": "en-GB", "IncludeAdditionalLanguageCodes": true, "NextToken": "a b/c"}),
        ),
        ("polly", "list_lexicons", json!({"NextToken": "n+1=2"})),
        ("polly", "delete_lexicon", json!({"Name": "w3c"})),
    ];
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../botocore_requests.py");
    let Some(theirs) = botocore_requests(script, &calls) else { return };
    let (port, record) = capture::serve(vec![(200, vec![], "{}"); calls.len()]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(RetryConfig::disabled())
        .build();
    let polly = Client::new(&config);
    let _ = polly.put_lexicon().name("w3c").content("<lexicon>\"x\"</lexicon>").send().await;
    let _ = polly.get_lexicon().name("w3c").send().await;
    let _ = polly
        .describe_voices()
        .engine(Engine::Neural)
        .language_code(LanguageCode::EnGb)
        .include_additional_language_codes(true)
        .next_token("a b/c")
        .send()
        .await;
    let _ = polly.list_lexicons().next_token("n+1=2").send().await;
    let _ = polly.delete_lexicon().name("w3c").send().await;
    assert_same(&calls, &record.lock().unwrap(), &theirs);
}
