//! Endpoint parameters bound by an operation (`contextParam`, `staticContextParams`,
//! `operationContextParams`) reach the generated resolver, and what it resolves (URL,
//! headers, `authSchemes`) shapes the request, against a capture server on 127.0.0.1.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use rules_client::{Client, Config, Credentials, SdkError};

/// The request line and headers of the one request the server answers.
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Answers one request with `{"Found":true}` and reports what it saw.
fn serve_once() -> (u16, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
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
        let body = r#"{"Found":true}"#;
        let response = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
        stream.write_all(response.as_bytes()).unwrap();
        let _ = sender.send(Seen { request_line: request_line.trim_end().to_owned(), headers });
    });
    (port, receiver)
}

fn client(port: u16) -> Client {
    let config = Config::builder()
        .region("eu-west-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None, "test"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .build();
    Client::new(&config)
}

#[tokio::test]
async fn bound_parameters_choose_the_url_headers_and_signing_scope() {
    let (port, seen) = serve_once();
    let output = client(port).fetch().bucket("my-bucket").tags("first", "1").send().await.unwrap();
    assert_eq!(output.found, Some(true));
    let seen = seen.recv().unwrap();
    // contextParam `Bucket` and the static `Flag = true` select the rule; the
    // tag key (`keys(Tags)`) becomes a header; authSchemes re-scope the signature.
    assert_eq!(seen.request_line, "POST /my-bucket/ HTTP/1.1");
    assert_eq!(seen.header("x-first-tag"), Some("first"));
    let authorization = seen.header("authorization").unwrap();
    assert!(authorization.contains("/us-west-2/rules-custom/aws4_request"), "{authorization}");
}

#[tokio::test]
async fn a_bucket_that_is_no_host_label_goes_into_the_path_encoded() {
    let (port, seen) = serve_once();
    client(port).fetch().bucket("My Bucket").send().await.unwrap();
    let seen = seen.recv().unwrap();
    assert_eq!(seen.request_line, "POST /bucket/My%20Bucket/ HTTP/1.1");
    assert!(seen.header("authorization").unwrap().contains("/eu-west-1/rules/aws4_request"));
}

#[tokio::test]
async fn a_rule_set_error_fails_the_call_before_any_io() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let config = client(port).config().to_builder().use_fips(true).build();
    let error = Client::new(&config).fetch().send().await.unwrap_err();
    let SdkError::ConstructionFailure(failure) = &error else { panic!("expected a construction failure: {error:?}") };
    assert!(failure.to_string().contains("FIPS and custom endpoint are not supported"), "{failure}");
    assert!(listener.accept().is_err(), "nothing was sent");
}

#[tokio::test]
async fn map_keys_bind_in_a_stable_order() {
    let (port, seen) = serve_once();
    // Keys of a map have no order of their own: they bind sorted, whatever the map's.
    client(port)
        .fetch()
        .bucket("my-bucket")
        .tags("zeta", "1")
        .tags("alpha", "2")
        .tags("mid", "3")
        .send()
        .await
        .unwrap();
    assert_eq!(seen.recv().unwrap().header("x-first-tag"), Some("alpha"));
}

#[tokio::test]
async fn nested_members_and_projections_bind_in_the_models_order() {
    use rules_client::types::{Item, RouteConfig};
    let (port, seen) = serve_once();
    // `Config.Target` binds `Bucket`; `Config.Items[*].Key` binds `TagKeys` in list order,
    // skipping the item without a key.
    let config = RouteConfig::builder()
        .target("my-bucket")
        .items(Item::builder().build())
        .items(Item::builder().key("zulu").build())
        .items(Item::builder().key("alpha").build())
        .build();
    client(port).route().config(config).send().await.unwrap();
    let seen = seen.recv().unwrap();
    assert_eq!(seen.request_line, "POST /my-bucket/ HTTP/1.1");
    assert_eq!(seen.header("x-first-tag"), Some("zulu"));
}

#[tokio::test]
async fn a_flattened_list_of_lists_binds_its_strings() {
    let (port, seen) = serve_once();
    let config = rules_client::types::RouteConfig::builder().target("my-bucket").build();
    let groups = vec![vec![], vec!["second-list-first".to_owned(), "x".to_owned()]];
    client(port).route_groups().config(config).set_groups(Some(groups)).send().await.unwrap();
    assert_eq!(seen.recv().unwrap().header("x-first-tag"), Some("second-list-first"));
}

#[tokio::test]
async fn an_empty_projection_leaves_the_parameter_unset() {
    let (port, seen) = serve_once();
    let item_without_key = rules_client::types::Item::builder().build();
    let config = rules_client::types::RouteConfig::builder().target("my-bucket").items(item_without_key).build();
    client(port).route().config(config).send().await.unwrap();
    // Without `TagKeys` the header rule does not apply: the bucket goes into the path.
    assert_eq!(seen.recv().unwrap().header("x-first-tag"), None);
}

fn client_with(port: u16, credentials: Credentials, mode: rules_client::AccountIdEndpointMode) -> Client {
    let config = client(port).config().to_builder().credentials(credentials).account_id_endpoint_mode(mode).build();
    Client::new(&config)
}

#[tokio::test]
async fn the_credentials_account_id_routes_the_call() {
    use rules_client::AccountIdEndpointMode;
    let with_account = Credentials::new("AKID", "SECRET", None, None, "test").with_account_id("111122223333");
    let (port, seen) = serve_once();
    client_with(port, with_account.clone(), AccountIdEndpointMode::Preferred).fetch().send().await.unwrap();
    assert_eq!(seen.recv().unwrap().request_line, "POST /account/111122223333/ HTTP/1.1");

    let (port, seen) = serve_once();
    client_with(port, with_account, AccountIdEndpointMode::Disabled).fetch().send().await.unwrap();
    assert_eq!(seen.recv().unwrap().request_line, "POST / HTTP/1.1", "disabled: the account is not used");

    let (port, seen) = serve_once();
    let without = Credentials::new("AKID", "SECRET", None, None, "test");
    client_with(port, without.clone(), AccountIdEndpointMode::Preferred).fetch().send().await.unwrap();
    assert_eq!(seen.recv().unwrap().request_line, "POST / HTTP/1.1", "preferred: no account, regional route");

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let error = client_with(port, without, AccountIdEndpointMode::Required).fetch().send().await.unwrap_err();
    let SdkError::ConstructionFailure(failure) = &error else { panic!("expected a construction failure: {error:?}") };
    assert!(failure.to_string().contains("credentials carry no account id"), "{failure}");
    assert!(listener.accept().is_err(), "nothing was sent");
}

#[tokio::test]
async fn client_context_settings_reach_the_rules() {
    use rules_client::{ConfigBuilderExt, ConfigExt};
    let config = client(0).config().to_builder().accelerate(true).stage("beta").build();
    assert_eq!((config.accelerate(), config.stage()), (Some(true), Some("beta")));
    let (port, seen) = serve_once();
    let config = config.to_builder().endpoint_url(format!("http://127.0.0.1:{port}")).build();
    Client::new(&config).fetch().send().await.unwrap();
    assert_eq!(seen.recv().unwrap().request_line, "POST /accelerated/beta/ HTTP/1.1");

    let (port, seen) = serve_once();
    let config = client(port).config().to_builder().accelerate(true).build();
    assert_eq!(config.stage(), None);
    Client::new(&config).fetch().send().await.unwrap();
    assert_eq!(seen.recv().unwrap().request_line, "POST /accelerated/ HTTP/1.1");

    let (port, seen) = serve_once();
    client(port).fetch().send().await.unwrap();
    assert_eq!(seen.recv().unwrap().request_line, "POST / HTTP/1.1", "unset: the parameter's default");
}
