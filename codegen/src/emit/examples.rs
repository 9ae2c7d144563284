//! The model's examples as code: a test per example next to its operation in the model
//! crate (`operation/<op>/examples.rs`), a `no_run` rustdoc example on each client
//! method, and the smoke tests of the client crate (`smoke_tests.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::example_value::{self, Paths};
use super::tokens::{self, ident};
use crate::emit::tokens::RT;
use crate::ir::example::{Example, ExampleOutcome, ExampleValue, SmokeExpectation, StructValue};
use crate::ir::{Operation, Service};

/// `src/operation/<op>/examples.rs`: one test per example of the operation.
///
/// Each test builds the input through the builders and compares its serialization with
/// the example's input on the wire; then parses the example's output (or error) into its
/// type, compares it with the same value built through the builders, and checks that
/// serializing and parsing it again gives it back.
pub fn example_tests(operation: &Operation) -> TokenStream {
    let doc = format!(
        " The `@examples` of `{}` as tests: inputs built through the builders serialize to the \
         example's JSON; outputs and errors parse from it into the values the builders make.",
        operation.name
    );
    let tests = operation.examples.iter().map(example_test);
    quote! {
        #![doc = #doc]
        #(#tests)*
    }
}

fn example_test(example: &Example) -> TokenStream {
    let name = format_ident!("{}", example.test_name);
    let doc = tokens::doc_lines(&example_summary(example));
    let json = quote!(#RT::serde_json);
    let input = example_value::struct_expr(&example.input, Paths::Crate);
    // The JSON form of an input is its body: members bound to the URI or headers are
    // the protocol's to write, and are left out of the comparison.
    let input_json = json_literal(&example_value::body_json(&example.input));
    let outcome = example.outcome.as_ref().map(|outcome| {
        let value = match outcome {
            ExampleOutcome::Output(value) | ExampleOutcome::Error(value) => value,
        };
        let ty = tokens::type_path(&value.path);
        let expected = example_value::struct_expr(value, Paths::Crate);
        let wire = json_literal(&example_value::struct_json(value));
        // With members outside the body, the parsed value lacks them: compare the body.
        let compare = if value.fields.iter().all(|f| f.in_body) {
            quote!(::std::assert_eq!(parsed, expected);)
        } else {
            quote!(::std::assert_eq!(#RT::json::to_vec(&parsed)?, #RT::json::to_vec(&expected)?);)
        };
        quote! {
            let expected = #expected;
            let parsed: #ty = #RT::json::from_slice(#wire.as_bytes())?;
            #compare
            let reserialized = #RT::json::to_vec(&parsed)?;
            let again: #ty = #RT::json::from_slice(&reserialized)?;
            ::std::assert_eq!(again, parsed);
        }
    });
    quote! {
        #doc
        #[test]
        fn #name() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
            let input = #input;
            let wire: #json::Value = #json::from_str(#input_json)?;
            let serialized: #json::Value = #json::from_slice(&#RT::json::to_vec(&input)?)?;
            ::std::assert_eq!(serialized, wire);
            #outcome
            ::std::result::Result::Ok(())
        }
    }
}

/// Pretty-printed JSON as a raw string literal.
fn json_literal(value: &serde_json::Value) -> proc_macro2::Literal {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().expect("a raw string literal parses")
}

/// `**Title.** Documentation`, as one Markdown paragraph.
fn example_summary(example: &Example) -> String {
    let title = example.title.trim();
    let stop = if title.ends_with(['.', '!', '?']) { "" } else { "." };
    let docs = example.docs.trim();
    if docs.is_empty() { format!("**{title}{stop}**") } else { format!("**{title}{stop}** {docs}") }
}

/// Rustdoc lines for a client method: an `# Examples` section with a `no_run` example
/// per model example, calling the method with the example's input.
pub fn client_method_docs(operation: &Operation, client_crate: &str) -> TokenStream {
    if operation.examples.is_empty() {
        return TokenStream::new();
    }
    let krate = client_crate.replace('-', "_");
    let mut text = String::from("\n# Examples\n");
    for example in &operation.examples {
        text.push('\n');
        text.push_str(&example_summary(example));
        text.push('\n');
        if let Some(ExampleOutcome::Error(value)) = &example.outcome {
            text.push_str(&format!("It fails with [`{0}`](crate::error::{0}).\n", value.path.name));
        }
        text.push_str("\n```no_run\n");
        text.push_str(&format!(
            "# async fn example(client: &{krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n"
        ));
        for line in call_lines(operation, example, &krate) {
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str("# Ok(())\n# }\n```\n");
    }
    let lines = tokens::doc_lines(&text);
    quote!(#[doc = ""] #lines)
}

/// The body of a doc example: `use` lines for what it names, then the call, formatted.
fn call_lines(operation: &Operation, example: &Example, krate: &str) -> Vec<String> {
    let method = ident(&operation.module);
    let setters = example_value::setter_calls(&example.input, Paths::Doc);
    let krate_ident = format_ident!("{krate}");
    let mut uses = Vec::new();
    let (types, primitives) = names_modules(&example.input);
    if primitives {
        uses.push(quote!(use #krate_ident::primitives;));
    }
    if types {
        uses.push(quote!(use #krate_ident::types;));
    }
    let fails = matches!(example.outcome, Some(ExampleOutcome::Error(_)));
    let call = if fails {
        quote!(let result = client.#method() #(#setters)* .send().await;)
    } else {
        quote!(let output = client.#method() #(#setters)* .send().await?;)
    };
    let body = quote!(fn body() { #(#uses)* #call });
    let file = syn::parse2::<syn::File>(body).expect("a doc example's tokens parse; this is a generator bug");
    let rendered = prettyplease::unparse(&file);
    let mut lines: Vec<String> =
        rendered.lines().map(|line| line.strip_prefix("    ").unwrap_or(line).to_owned()).collect();
    // Drop `fn body() {` and its closing brace.
    lines.remove(0);
    lines.pop();
    if !uses.is_empty() {
        lines.insert(uses.len(), String::new());
    }
    lines.push(if fails { "# let _ = result;" } else { "# let _ = output;" }.to_owned());
    lines
}

/// Whether a value names items of `types` and of `primitives`.
fn names_modules(value: &StructValue) -> (bool, bool) {
    fn visit(value: &ExampleValue, found: &mut (bool, bool)) {
        match value {
            ExampleValue::Struct(inner) => {
                found.0 = true;
                inner.fields.iter().for_each(|f| visit(&f.value, found));
            }
            ExampleValue::Enum { .. } | ExampleValue::IntEnum { .. } => found.0 = true,
            ExampleValue::Union { value, .. } => {
                found.0 = true;
                if let Some(value) = value {
                    visit(value, found);
                }
            }
            ExampleValue::Timestamp { .. }
            | ExampleValue::Blob(_)
            | ExampleValue::BigNumber(..)
            | ExampleValue::Document(_) => found.1 = true,
            ExampleValue::List { items, .. } => items.iter().for_each(|item| visit(item, found)),
            ExampleValue::Map { entries, .. } => entries.iter().for_each(|(key, item)| {
                visit(key, found);
                visit(item, found);
            }),
            _ => {}
        }
    }
    let mut found = (false, false);
    value.fields.iter().for_each(|f| visit(&f.value, &mut found));
    found
}

/// `src/smoke_tests.rs` of the client crate: one test per smoke test of the model.
///
/// They run against the server named by `<SERVICE>_REAL_SERVER_ENDPOINT`, signing with
/// the `allowed` key of the JSON in `<SERVICE>_REAL_SERVER_KEYS`, and are skipped, saying
/// so, when those are not set; with `<SERVICE>_REAL_SERVER_REQUIRED` set, a missing
/// server is a failure.
pub fn smoke_tests(service: &Service) -> TokenStream {
    let suffix = &service.env_suffix;
    let endpoint_var = format!("{suffix}_REAL_SERVER_ENDPOINT");
    let keys_var = format!("{suffix}_REAL_SERVER_KEYS");
    let required_var = format!("{suffix}_REAL_SERVER_REQUIRED");
    let doc = format!(
        "The model's `smithy.test#smokeTests`: each calls the service with the case's parameters and checks \
         that the call succeeds or fails as the case expects.\n\n\
         They run against the server named by `{endpoint_var}` (for example a local implementation of the \
         service), signing with the `allowed` key of the JSON in `{keys_var}` \
         (`{{\"allowed\": {{\"id\": …, \"secret\": …, \"token\": …}}}}`), with retries off. Without those variables \
         they print that they were skipped and pass, unless `{required_var}` is set."
    );
    let doc = tokens::inner_doc_lines(&doc);
    let skipped = format!("smoke tests: skipped: {endpoint_var} is not set; they need a server for the service");
    let missing = format!("{required_var} is set but {endpoint_var} or {keys_var} is missing");
    let tests = service.operations.iter().flat_map(|op| op.smoke_tests.iter().map(move |test| (op, test))).map(
        |(operation, test)| {
            let name = format_ident!("{}", test.test_name);
            let method = ident(&operation.module);
            let setters = example_value::setter_calls(&test.input, Paths::Crate);
            // The default region of `aws.test#AwsVendorParams`.
            let region = test.region.as_deref().unwrap_or("us-west-2");
            let id = test.id.replace('{', "{{").replace('}', "}}");
            let test_doc = format!(" `{}` of `{}`.", test.id, operation.name);
            let success = format!("{id}: expected success, got {{error:?}}");
            let failure = format!("{id}: expected one of the operation's modeled errors, got {{other:?}}");
            let check = match &test.expect {
                SmokeExpectation::Success => quote! {
                    if let ::std::result::Result::Err(error) = result {
                        ::std::panic!(#success);
                    }
                },
                // A case that names no error still expects one the operation models: an
                // unmodeled answer (a signature mismatch, an unknown code) means the call
                // did not reach the check the case is about.
                SmokeExpectation::Failure { error: None } => {
                    let op_error = ident(&operation.names.error);
                    quote! {
                        match &result {
                            ::std::result::Result::Err(error)
                                if error.as_service_error().is_some_and(|error| {
                                    !::std::matches!(error, crate::operation::#method::#op_error::Unhandled(_))
                                }) => {}
                            other => ::std::panic!(#failure),
                        }
                    }
                }
                SmokeExpectation::Failure { error: Some(path) } => {
                    let code = &path.name;
                    let message = format!("{id}: expected the error {code}, got {{other:?}}");
                    quote! {
                        match &result {
                            ::std::result::Result::Err(error) if error.meta().and_then(|meta| meta.code()) == ::std::option::Option::Some(#code) => {}
                            other => ::std::panic!(#message),
                        }
                    }
                }
            };
            quote! {
                #[doc = #test_doc]
                #[::tokio::test]
                async fn #name() {
                    let ::std::option::Option::Some(client) = client(#region) else { return };
                    let result = client.#method() #(#setters)* .send().await;
                    #check
                }
            }
        },
    );
    quote! {
        #doc

        /// The server's endpoint.
        const ENDPOINT_VAR: &str = #endpoint_var;
        /// The keys the server knows (JSON).
        const KEYS_VAR: &str = #keys_var;
        /// When set, a missing server fails the tests instead of skipping them.
        const REQUIRED_VAR: &str = #required_var;

        /// A client for the server in a region, or `None` (after saying so) without one.
        fn client(region: &str) -> ::std::option::Option<crate::Client> {
            let (::std::result::Result::Ok(endpoint), ::std::result::Result::Ok(keys)) =
                (::std::env::var(ENDPOINT_VAR), ::std::env::var(KEYS_VAR))
            else {
                if ::std::env::var_os(REQUIRED_VAR).is_some() {
                    ::std::panic!(#missing);
                }
                static SKIPPED: ::std::sync::Once = ::std::sync::Once::new();
                SKIPPED.call_once(|| {
                    // Written to the process's stderr directly: the test harness captures
                    // the output of passing tests, and this must be seen.
                    let _ = ::std::io::Write::write_all(&mut ::std::io::stderr(), ::std::concat!(#skipped, "\n").as_bytes());
                });
                return ::std::option::Option::None;
            };
            let keys: #RT::serde_json::Value = #RT::serde_json::from_str(&keys)
                .unwrap_or_else(|error| ::std::panic!("{KEYS_VAR} is not JSON: {error}"));
            let key = &keys["allowed"];
            let field = |name: &str| key[name].as_str().map(::std::borrow::ToOwned::to_owned);
            let (::std::option::Option::Some(id), ::std::option::Option::Some(secret)) = (field("id"), field("secret")) else {
                ::std::panic!("{KEYS_VAR} has no `allowed` key with an `id` and a `secret`");
            };
            let credentials = crate::Credentials::new(id, secret, field("token"), ::std::option::Option::None, "smoke-test");
            let config = crate::Config::builder()
                .region(region)
                .credentials(credentials)
                .endpoint_url(endpoint)
                .retry_config(crate::RetryConfig::disabled())
                .build();
            ::std::option::Option::Some(crate::Client::new(&config))
        }

        #(#tests)*
    }
}
