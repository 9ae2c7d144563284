#![cfg(feature = "tracing")]
//! Feature `tracing`: with a filter on the crate a program depends on (as
//! `RUST_LOG=ecr_client=debug` sets one up), a call logs one `DEBUG` line and a retry
//! one `WARN` line, both with the target `ecr_client`.

mod capture;

use std::sync::{Arc, Mutex};
use std::time::Duration;

// The test reaches `tracing` through the runtime's re-export rather than adding a
// dependency; a program uses its own `tracing`/`tracing-subscriber`.
use aws_client_runtime::client::tracing::field::{Field, Visit};
use aws_client_runtime::client::tracing::span::{Attributes, Id, Record};
use aws_client_runtime::client::tracing::{self, Event, Level, Metadata, Subscriber};
use ecr_client::{Client, Config, Credentials, RetryConfig};

/// Events let through a filter `ecr_client=debug`: level, target and fields.
#[derive(Clone, Default)]
struct CrateFilter {
    events: Arc<Mutex<Vec<(Level, String, String)>>>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl Subscriber for CrateFilter {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        let target = metadata.target();
        (target == "ecr_client" || target.starts_with("ecr_client::")) && *metadata.level() <= Level::DEBUG
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        let metadata = event.metadata();
        self.events.lock().unwrap().push((*metadata.level(), metadata.target().to_owned(), fields.0));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn a_call_logs_one_debug_line_and_a_retry_a_warning_under_the_crate_name() {
    let collector = CrateFilter::default();
    let _guard = tracing::subscriber::set_default(collector.clone());

    let (port, _) = capture::serve(vec![
        (500, vec![("x-amzn-requestid", "r-1")], r#"{"__type":"ServerException","message":"busy"}"#),
        (200, vec![("x-amzn-requestid", "r-2")], r#"{"registryId":"123456789012"}"#),
    ]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        )
        .build();
    let output = Client::new(&config).describe_registry().send().await.unwrap();
    assert_eq!(output.registry_id(), Some("123456789012"));

    let events = collector.events.lock().unwrap().clone();
    assert_eq!(events.len(), 2, "{events:#?}");
    let (level, target, fields) = &events[0];
    assert_eq!((*level, target.as_str()), (Level::WARN, "ecr_client"));
    assert!(fields.contains("operation=\"DescribeRegistry\""), "{fields}");
    assert!(fields.contains("reason=\"ServerException\""), "{fields}");
    let (level, target, fields) = &events[1];
    assert_eq!((*level, target.as_str()), (Level::DEBUG, "ecr_client"));
    assert!(fields.contains("operation=\"DescribeRegistry\""), "{fields}");
    assert!(fields.contains("outcome=\"success\""), "{fields}");
}
