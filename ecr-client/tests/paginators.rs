//! Generated paginators against the capture server: pages follow the next token
//! lazily, items come out in order, a repeated token stops the walk, and an error
//! ends it.

mod capture;

use aws_client_runtime::serde_json::{self, Value};
use capture::{client, serve};

fn tokens_sent(record: &std::sync::Mutex<Vec<capture::Captured>>) -> Vec<Value> {
    record
        .lock()
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["nextToken"].clone())
        .collect()
}

const PAGE_1: &str = r#"{"imageDetails":[{"imageDigest":"sha256:1"},{"imageDigest":"sha256:2"}],"nextToken":"t1"}"#;
const PAGE_2: &str = r#"{"imageDetails":[{"imageDigest":"sha256:3"}],"nextToken":"t2"}"#;
const PAGE_3: &str = r#"{"imageDetails":[{"imageDigest":"sha256:4"}]}"#;

#[tokio::test]
async fn three_pages_lazily_then_their_items() {
    let (port, record) = serve(vec![(200, vec![], PAGE_1), (200, vec![], PAGE_2), (200, vec![], PAGE_3)]);
    let mut pages = client(port, None).describe_images().repository_name("repo").into_paginator().page_size(2).send();
    assert!(record.lock().unwrap().is_empty(), "nothing is sent before the stream is polled");
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.image_details().len(), 2);
    assert_eq!(record.lock().unwrap().len(), 1);
    let rest = pages.try_collect().await.unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(tokens_sent(&record), [Value::Null, "t1".into(), "t2".into()]);
    let first_body: Value = serde_json::from_slice(&record.lock().unwrap()[0].body).unwrap();
    assert_eq!(first_body["maxResults"], 2);
    assert_eq!(first_body["repositoryName"], "repo");

    let (port, _) = serve(vec![(200, vec![], PAGE_1), (200, vec![], PAGE_2), (200, vec![], PAGE_3)]);
    let items =
        client(port, None).describe_images().repository_name("repo").into_paginator().items().try_collect().await;
    let digests: Vec<String> = items.unwrap().iter().map(|i| i.image_digest().unwrap_or_default().to_owned()).collect();
    assert_eq!(digests, ["sha256:1", "sha256:2", "sha256:3", "sha256:4"]);
}

#[tokio::test]
async fn a_repeated_token_stops_the_walk_and_an_empty_one_ends_it() {
    let repeated = r#"{"imageIds":[{"imageTag":"b"}],"nextToken":"t1"}"#;
    let (port, record) =
        serve(vec![(200, vec![], r#"{"imageIds":[{"imageTag":"a"}],"nextToken":"t1"}"#), (200, vec![], repeated)]);
    let items =
        client(port, None).list_images().repository_name("repo").into_paginator().items().try_collect().await.unwrap();
    assert_eq!(items.len(), 2, "both pages' items, then the repeat stops it");
    assert_eq!(record.lock().unwrap().len(), 2);

    let (port, record) = serve(vec![(200, vec![], r#"{"repositories":[],"nextToken":""}"#)]);
    let pages = client(port, None).describe_repositories().into_paginator().send().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(record.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_error_is_yielded_and_ends_the_stream() {
    let error = r#"{"__type":"RepositoryNotFoundException","message":"gone"}"#;
    let (port, _) = serve(vec![(200, vec![], PAGE_1), (400, vec![], error)]);
    let mut items = client(port, None).describe_images().repository_name("repo").into_paginator().items();
    assert!(items.next().await.unwrap().is_ok());
    assert!(items.next().await.unwrap().is_ok());
    let failure = items.next().await.unwrap().unwrap_err();
    assert!(failure.as_service_error().is_some_and(|e| e.is_repository_not_found_exception()), "{failure:?}");
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn pages_only_for_an_operation_without_items_and_usable_as_a_stream() {
    use aws_client_runtime::client::paginator::Stream;
    let findings = r#"{"imageScanFindings":{"findings":[]},"nextToken":"n"}"#;
    let (port, _) = serve(vec![(200, vec![], findings), (200, vec![], r#"{"imageScanFindings":{"findings":[]}}"#)]);
    let mut pages = client(port, None)
        .describe_image_scan_findings()
        .repository_name("repo")
        .image_id(ecr_client::types::ImageIdentifier::builder().image_tag("v1").build())
        .into_paginator()
        .send();
    let mut count = 0;
    while let Some(page) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut pages).poll_next(cx)).await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(count, 2);
}
