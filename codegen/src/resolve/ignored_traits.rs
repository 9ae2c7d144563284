//! Traits a model uses that the generator does not act on, each reported once with
//! what a caller of the generated client loses (often nothing), so that nothing a
//! model asks for is dropped without a word.

use std::collections::BTreeMap;

use crate::smithy::Model;

/// Protocols the generator does not generate clients for yet: neither honoured nor
/// ignored, since a service that declares one is refused by name and nothing is
/// generated (by the resolver, which names them).
pub const REFUSED: &[&str] = &["aws.protocols#ec2Query", "aws.protocols#restXml"];

/// Traits the generator reads and acts on, by id, with where: the resolver pass that
/// honours it (each reads the trait through a typed decoder of `smithy/`).
const USED: &[(&str, &str)] = &[
    ("smithy.api#mediaType", "resolve/structures.rs: strings in headers travel in base64; a payload's Content-Type"),
    ("aws.api#service", "resolve/service.rs: the SDK id and endpoint prefix"),
    ("aws.auth#sigv4", "resolve/service.rs: the signing name; resolve/bindings.rs: which operations are signed"),
    ("aws.protocols#awsJson1_0", "resolve/mod.rs: the protocol"),
    ("aws.protocols#awsJson1_1", "resolve/mod.rs: the protocol"),
    ("aws.protocols#restJson1", "resolve/mod.rs: the protocol"),
    ("aws.protocols#awsQuery", "resolve/mod.rs: the protocol"),
    ("aws.protocols#awsQueryError", "resolve/structures.rs: an error's code in awsQuery"),
    (
        "aws.protocols#awsQueryCompatible",
        "resolve/service.rs: awsJson errors take the code of their `x-amzn-query-error` header",
    ),
    ("smithy.api#box", "resolve/nullability.rs: optional members of Smithy 1.0 models"),
    ("smithy.api#clientOptional", "resolve/nullability.rs: optional fields"),
    ("smithy.api#default", "resolve/nullability.rs: defaulted fields"),
    ("smithy.api#deprecated", "resolve/structures.rs, resolve/operations.rs, resolve/enums_unions.rs: `#[deprecated]`"),
    ("smithy.api#documentation", "resolve/docs: rustdoc"),
    ("smithy.api#endpoint", "resolve/operations.rs: the host prefix"),
    ("smithy.api#enum", "resolve/enums_unions.rs: Smithy 1.0 enums"),
    ("smithy.api#enumValue", "resolve/enums_unions.rs: enum values"),
    ("smithy.api#error", "resolve/structures.rs: error structures"),
    ("smithy.api#examples", "smithy/examples.rs, resolve/examples.rs: example tests"),
    ("smithy.api#hostLabel", "resolve/operations.rs: host prefix labels"),
    ("smithy.api#httpError", "resolve/structures.rs: an error's status"),
    ("smithy.api#idempotencyToken", "resolve/structures.rs: tokens filled in when unset"),
    ("smithy.api#jsonName", "resolve/bindings.rs: wire names"),
    ("smithy.api#http", "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)"),
    ("smithy.api#httpLabel", "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)"),
    ("smithy.api#httpQuery", "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)"),
    ("smithy.api#httpQueryParams", "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)"),
    ("smithy.api#httpHeader", "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)"),
    (
        "smithy.api#httpPrefixHeaders",
        "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)",
    ),
    ("smithy.api#httpPayload", "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)"),
    (
        "smithy.api#httpResponseCode",
        "resolve/bindings.rs: where restJson1 members travel (the RPC protocols ignore it)",
    ),
    ("smithy.api#auth", "resolve/bindings.rs: `@auth([])` sends an operation unsigned"),
    ("smithy.api#optionalAuth", "resolve/bindings.rs: signed when credentials are available, else unsigned"),
    ("smithy.api#length", "resolve/constraints.rs: validation before sending"),
    ("smithy.api#mixin", "smithy/mod.rs: mixins flattened while reading"),
    ("smithy.api#paginated", "resolve/paginator.rs: paginators"),
    ("smithy.api#pattern", "resolve/constraints.rs: validation before sending"),
    ("smithy.api#range", "resolve/constraints.rs: validation before sending"),
    ("smithy.api#requestCompression", "resolve/operations.rs: gzip of request bodies"),
    ("smithy.api#required", "resolve/nullability.rs, resolve/structures.rs: required fields"),
    ("smithy.api#retryable", "resolve/structures.rs: retried errors"),
    ("smithy.api#sensitive", "resolve/sensitive.rs: redacted in `Debug`"),
    ("smithy.api#sparse", "resolve/types.rs: collections of `Option`s"),
    (
        "smithy.api#streaming",
        "resolve/types.rs: a payload read as it arrives or sent from bytes or a file; resolve/closure.rs: \
         event streams and streams outside a payload skipped",
    ),
    (
        "smithy.api#requiresLength",
        "resolve/closure.rs: a streamed input payload is sent with its Content-Length (a file's from its metadata)",
    ),
    (
        "aws.auth#unsignedPayload",
        "resolve/operations.rs: a streamed payload is signed as UNSIGNED-PAYLOAD instead of its hash",
    ),
    ("smithy.api#httpChecksumRequired", "resolve/operations.rs: requests carry Content-MD5"),
    ("smithy.api#timestampFormat", "resolve/types.rs: timestamp wire formats"),
    ("smithy.api#title", "resolve/service.rs: the crate's title"),
    ("smithy.rules#clientContextParams", "smithy/context_params.rs, resolve/context_params.rs: client settings"),
    ("smithy.rules#contextParam", "smithy/context_params.rs, resolve/endpoint.rs: endpoint bindings"),
    ("smithy.rules#endpointRuleSet", "smithy/rules.rs, resolve/endpoint.rs: endpoint resolution"),
    ("smithy.rules#endpointTests", "smithy/rules.rs, resolve/endpoint.rs: endpoint tests"),
    ("smithy.rules#operationContextParams", "smithy/context_params.rs, resolve/context_params.rs: endpoint bindings"),
    ("smithy.rules#staticContextParams", "smithy/context_params.rs, resolve/endpoint.rs: endpoint bindings"),
    ("smithy.test#smokeTests", "smithy/examples.rs, resolve/examples.rs: smoke tests"),
    ("smithy.waiters#waitable", "smithy/waiters.rs, resolve/waiter.rs: waiters"),
    ("smithy.api#xmlFlattened", "resolve/bindings.rs: flattened lists and maps of awsQuery"),
    ("smithy.api#xmlName", "resolve/bindings.rs: awsQuery wire names and collection item names"),
];

const NOTHING_LOST_METADATA: &str = "metadata for other tools (IAM, CloudFormation, tagging, documentation); \
     calls are the same with or without it";
const REST_BINDING: &str = "an HTTP binding of the REST and XML protocols; awsJson sends every call as a JSON \
     body POSTed to `/`, so nothing is lost";
const SIGNING: &str = "calls are signed with SigV4 (or unsigned where `@auth([])` says so); other schemes are \
     not offered, so a service that accepts only another scheme rejects the calls";

/// Traits known to be ignored, by id (or by namespace, ending in `#`), with why.
const KNOWN: &[(&str, &str)] = &[
    ("smithy.api#input", "marks an operation's input structure, which the generator knows from the operation"),
    ("smithy.api#output", "marks an operation's output structure, which the generator knows from the operation"),
    ("smithy.api#readonly", "describes the operation's effect; retries do not depend on it, so nothing is lost"),
    ("smithy.api#idempotent", "describes the operation's effect; retries do not depend on it, so nothing is lost"),
    ("smithy.api#addedDefault", "says a default was added later; the default itself is used, so nothing is lost"),
    ("smithy.api#unitType", "marks the Unit shape, which the generator knows by its id"),
    ("smithy.api#uniqueItems", "the client does not check that list items are distinct; the service still does"),
    ("smithy.api#eventHeader", "belongs to event streams, whose operations are skipped with a warning"),
    ("smithy.api#eventPayload", "belongs to event streams, whose operations are skipped with a warning"),
    (
        "aws.protocols#httpChecksum",
        "no checksum is computed or checked; an operation whose service insists on one fails with the service's error",
    ),
    (
        "aws.api#clientEndpointDiscovery",
        "endpoint discovery is not done: calls go to the rule set's endpoint, which services with optional \
         discovery accept; operations that require a discovered endpoint may be rejected",
    ),
    ("aws.api#clientDiscoveredEndpoint", "endpoint discovery is not done (see `aws.api#clientEndpointDiscovery`)"),
    (
        "smithy.rules#endpointBdd",
        "the rule set in its decision-diagram form is not read: the client resolves endpoints with the \
         conventional rules (`https://{endpointPrefix}.{Region}.{dnsSuffix}`, FIPS and dual-stack variants), \
         which can differ from the service's own",
    ),
    ("smithy.api#httpBearerAuth", SIGNING),
    ("smithy.api#httpBasicAuth", SIGNING),
    ("smithy.api#httpApiKeyAuth", SIGNING),
    ("aws.auth#sigv4a", SIGNING),
    ("aws.auth#cognitoUserPools", SIGNING),
    ("smithy.api#cors", REST_BINDING),
    ("smithy.api#xmlNamespace", REST_BINDING),
    ("smithy.api#xmlAttribute", REST_BINDING),
    ("aws.protocols#ec2QueryName", REST_BINDING),
    ("smithy.api#tags", NOTHING_LOST_METADATA),
    ("smithy.api#since", NOTHING_LOST_METADATA),
    ("smithy.api#externalDocumentation", NOTHING_LOST_METADATA),
    ("smithy.api#unstable", NOTHING_LOST_METADATA),
    ("smithy.api#internal", NOTHING_LOST_METADATA),
    ("smithy.api#recommended", NOTHING_LOST_METADATA),
    ("smithy.api#suppress", NOTHING_LOST_METADATA),
    ("smithy.api#references", NOTHING_LOST_METADATA),
    ("smithy.api#resourceIdentifier", NOTHING_LOST_METADATA),
    ("smithy.api#property", NOTHING_LOST_METADATA),
    ("smithy.api#notProperty", NOTHING_LOST_METADATA),
    ("smithy.api#nestedProperties", NOTHING_LOST_METADATA),
    ("smithy.api#noReplace", NOTHING_LOST_METADATA),
    ("smithy.api#private", NOTHING_LOST_METADATA),
    ("smithy.api#trait", NOTHING_LOST_METADATA),
    ("smithy.api#idRef", NOTHING_LOST_METADATA),
    ("smithy.api#protocolDefinition", NOTHING_LOST_METADATA),
    ("smithy.api#authDefinition", NOTHING_LOST_METADATA),
    ("aws.api#arn", NOTHING_LOST_METADATA),
    ("aws.api#arnReference", NOTHING_LOST_METADATA),
    ("aws.api#taggable", NOTHING_LOST_METADATA),
    ("aws.api#tagEnabled", NOTHING_LOST_METADATA),
    ("aws.api#controlPlane", NOTHING_LOST_METADATA),
    ("aws.api#dataPlane", NOTHING_LOST_METADATA),
    ("aws.api#data", NOTHING_LOST_METADATA),
    ("aws.iam#", NOTHING_LOST_METADATA),
    ("aws.cloudformation#", NOTHING_LOST_METADATA),
    (
        "smithy.test#",
        "protocol conformance cases; this project's protocol suites are translated separately, \
         a service model's are not turned into tests",
    ),
];

/// What the report says of a trait in neither list (a test fails on it for the
/// repository's models).
pub const UNKNOWN: &str = "the generator does not know it, so whatever it asks of clients is not done";

/// Whether the generator honours the trait `id`.
fn is_used(id: &str) -> bool {
    USED.iter().any(|(used, _)| *used == id)
}

/// One line per trait the model uses but the generator ignores, sorted by trait id.
pub fn report(model: &Model) -> Vec<String> {
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for shape in model.shapes.values() {
        let members = shape.members.values().map(|m| &m.traits);
        for traits in std::iter::once(&shape.traits).chain(members) {
            for id in traits.0.keys() {
                *uses.entry(id.as_str()).or_default() += 1;
            }
        }
    }
    uses.into_iter()
        .filter(|(id, _)| !is_used(id) && !REFUSED.contains(id))
        .map(|(id, count)| {
            let times = if count == 1 { "once".to_owned() } else { format!("{count} times") };
            let why = KNOWN
                .iter()
                .find(|(known, _)| *known == id || (known.ends_with('#') && id.starts_with(known)))
                .map_or(UNKNOWN, |(_, why)| why);
            format!("ignored trait `{id}` (used {times}): {why}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ignored_trait_is_named_once_with_why() {
        let model = Model::from_json(
            r#"{"smithy": "2.0", "shapes": {
                "a#S": {"type": "service", "version": "1", "traits": {
                    "aws.api#clientEndpointDiscovery": {"operation": "a#D", "error": "a#E"},
                    "smithy.api#documentation": "used"}},
                "a#T": {"type": "structure", "members": {
                    "x": {"target": "smithy.api#String", "traits": {"aws.iam#iamResource": {}, "my.own#thing": {}}},
                    "y": {"target": "smithy.api#String", "traits": {"my.own#thing": {}, "smithy.api#required": {}}}},
                    "traits": {"smithy.api#input": {}}}
            }}"#,
        )
        .unwrap();
        let report = report(&model);
        assert_eq!(report.len(), 4, "{report:#?}");
        assert!(
            report[0].starts_with("ignored trait `aws.api#clientEndpointDiscovery` (used once): endpoint discovery")
        );
        assert!(report[1].starts_with("ignored trait `aws.iam#iamResource` (used once): metadata"));
        assert!(report[2].starts_with("ignored trait `my.own#thing` (used 2 times): the generator does not know it"));
        assert!(report[3].starts_with("ignored trait `smithy.api#input` (used once): marks"));
    }

    #[test]
    fn every_honoured_trait_names_files_that_exist() {
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for (id, place) in USED {
            let (files, what) = place.split_once(": ").unwrap_or_else(|| panic!("{id}: `{place}` has no `: `"));
            assert!(!what.is_empty(), "{id}");
            for file in files.split(", ") {
                assert!(source.join(file).exists(), "{id}: codegen/src/{file} does not exist");
            }
        }
    }

    #[test]
    fn no_trait_is_both_used_and_known_as_ignored() {
        for (id, _) in KNOWN {
            assert!(!is_used(id), "{id}");
        }
    }
}
