//! `@sensitive` members through the generated client: an output holding one prints it
//! redacted, and an output that cannot be read never quotes it, whether the body is
//! cut short or a value has the wrong type.

// `GetThing` is deprecated in the model; it is still the operation with a sensitive member.
#![allow(deprecated)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use hazards_client::operation::get_thing::{GetThingError, GetThingOutput};
use hazards_client::{Client, Config, Credentials, SdkError};

const PASSWORD: &str = "hunter2-correct-horse";

/// Answers one request with a 200 and `body`; returns the port.
fn respond(body: String) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end().to_ascii_lowercase();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
        }
        reader.read_exact(&mut vec![0; length]).unwrap();
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
        stream.write_all(format!("{head}{body}").as_bytes()).unwrap();
    });
    port
}

async fn get_thing(body: String) -> Result<GetThingOutput, SdkError<GetThingError>> {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{}", respond(body)))
        .retry_config(hazards_client::RetryConfig::disabled())
        .build();
    let call = Client::new(&config).get_thing().r#type("t").send();
    tokio::time::timeout(Duration::from_secs(10), call).await.expect("the call did not finish within 10 s")
}

/// `Debug` and `Display` of an error and of every error in its `source()` chain.
fn printed_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{error:?}\n{error}");
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(&format!("\n{inner:?}\n{inner}"));
        cause = inner.source();
    }
    text
}

#[tokio::test]
async fn a_sensitive_output_member_prints_redacted() {
    let output = get_thing(format!(r#"{{"secret":{{"user":"alice","password":"{PASSWORD}"}}}}"#)).await.unwrap();
    assert_eq!(output.secret().unwrap().password(), Some(PASSWORD), "the value itself is intact");
    let shown = format!("{output:?}");
    assert!(shown.contains("alice") && shown.contains("*** Sensitive Data Redacted ***"), "{shown}");
    assert!(!shown.contains(PASSWORD), "{shown}");
}

#[tokio::test]
async fn an_unreadable_output_does_not_quote_a_sensitive_member() {
    let secret = format!(r#""secret":{{"user":"alice","password":"{PASSWORD}"}}"#);
    let bodies = [
        // Cut short.
        format!("{{{secret}"),
        // The password again, where a structure belongs: a parser could quote the string.
        format!(r#"{{{secret},"numbers":"{PASSWORD}"}}"#),
        format!(r#"{{"secret":{{"password":["{PASSWORD}"]}}}}"#),
    ];
    for body in bodies {
        let error = get_thing(body.clone()).await.unwrap_err();
        assert!(matches!(error, SdkError::ResponseError(_)), "{body}: {error:?}");
        let text = printed_chain(&error);
        assert!(!text.contains(PASSWORD), "{body}:\n{text}");
        assert!(text.contains("(at byte "), "the position is kept: {text}");
    }
}

#[tokio::test]
async fn the_kind_of_a_misplaced_value_is_kept() {
    let error = get_thing(format!(r#"{{"numbers":"{PASSWORD}"}}"#)).await.unwrap_err();
    // The parser's words end the error's own text (each fact once: no `source()`).
    let text = error.to_string();
    assert!(text.ends_with(": numbers: expected an object, found a string (at byte 11)"), "{text}");
    assert!(std::error::Error::source(&error).is_none());
}
