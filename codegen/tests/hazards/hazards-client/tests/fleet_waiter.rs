//! The `FleetReady` waiter, whose acceptors use the JMESPath forms AWS waiters use
//! (filters, `length`, `contains`, `keys`, flattening, negative indexes, `&&`, `||`,
//! `!`, `inputOutput`, `errorType`), compiled by the generator and run against
//! canned responses from a server on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use hazards_client::waiters::WaiterError;
use hazards_client::{Client, Config, Credentials};

/// Answers one request per `(status, body)`, in order; returns the port.
fn respond(responses: Vec<(u16, &'static str)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for (status, body) in responses {
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
            let head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
            stream.write_all(format!("{head}{body}").as_bytes()).unwrap();
        }
    });
    port
}

async fn wait(responses: Vec<(u16, &'static str)>) -> Result<bool, String> {
    let port = respond(responses);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(hazards_client::RetryConfig::disabled())
        .build();
    let outcome = Client::new(&config)
        .wait_until_fleet_ready()
        .fleet_name("blue")
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(2))
        .wait(Duration::from_secs(5))
        .await;
    match outcome {
        Ok(result) => Ok(result.is_ok()),
        Err(WaiterError::FailureState(_)) => Err("failure".to_owned()),
        Err(other) => Err(format!("{other:?}")),
    }
}

const READY: &str = r#"{"Fleet":{"Name":"blue","Active":true},"Members":[{"Name":"a","State":"READY","Load":10},{"Name":"b","State":"READY"}]}"#;

#[tokio::test]
async fn all_members_ready_is_success() {
    assert_eq!(wait(vec![(200, READY)]).await, Ok(true));
}

#[tokio::test]
async fn retry_acceptors_poll_again_before_success() {
    for retry in [
        // Members[0].Load >= `90`
        r#"{"Fleet":{"Name":"blue","Active":true},"Members":[{"Name":"a","State":"READY","Load":95}]}"#,
        // !Fleet.Active
        r#"{"Fleet":{"Name":"blue","Active":false},"Members":[{"Name":"a","State":"READY"}]}"#,
        // contains(keys(Labels), 'draining')
        r#"{"Fleet":{"Name":"blue","Active":true},"Labels":{"draining":"yes"},"Members":[{"State":"READY"}]}"#,
        // Members[].Tags[] anyStringEquals canary
        r#"{"Fleet":{"Name":"blue","Active":true},"Members":[{"State":"READY","Tags":["x"]},{"State":"READY","Tags":["canary"]}]}"#,
        // Members[-1].Name == 'warming'
        r#"{"Fleet":{"Name":"blue","Active":true},"Members":[{"State":"READY"},{"Name":"warming","State":"READY"}]}"#,
        // allStringEquals is false for one member not READY (no acceptor matches: retry)
        r#"{"Fleet":{"Name":"blue","Active":true},"Members":[{"State":"READY"},{"State":"PENDING"}]}"#,
        // allStringEquals is false for no members at all
        r#"{"Fleet":{"Name":"blue","Active":true},"Members":[]}"#,
    ] {
        assert_eq!(wait(vec![(200, retry), (200, READY)]).await, Ok(true), "{retry}");
    }
}

#[tokio::test]
async fn failure_acceptors_end_the_wait() {
    // length(Members[?Healthy == `false`]) > `0`
    let unhealthy = r#"{"Fleet":{"Name":"blue","Active":true},"Members":[{"State":"READY","Healthy":true},{"State":"READY","Healthy":false}]}"#;
    assert_eq!(wait(vec![(200, unhealthy)]).await, Err("failure".to_owned()));
    // input.FleetName == output.Fleet.Name && output.Fleet.Status == 'BROKEN'
    let broken = r#"{"Fleet":{"Name":"blue","Status":"BROKEN","Active":true},"Members":[{"State":"READY"}]}"#;
    assert_eq!(wait(vec![(200, broken)]).await, Err("failure".to_owned()));
    let other_fleet = r#"{"Fleet":{"Name":"green","Status":"BROKEN","Active":true},"Members":[{"State":"READY"}]}"#;
    assert_eq!(wait(vec![(200, other_fleet)]).await, Ok(true), "the input does not match the output's fleet");
}

#[tokio::test]
async fn a_matching_error_type_is_success_and_others_are_unexpected() {
    assert_eq!(wait(vec![(400, r#"{"__type":"FleetGone","message":"gone"}"#)]).await, Ok(false));
    let other = wait(vec![(400, r#"{"__type":"Mystery","message":"?"}"#)]).await.unwrap_err();
    assert!(other.starts_with("UnexpectedError"), "{other}");
}
