//! The protocol seam in the resolved form: request lines, member bindings, auth and
//! timestamp defaults, for a model of each protocol the resolver knows (ECR for
//! awsJson, SSO and Polly for restJson1, STS for awsQuery, and the conformance suites'
//! models).

use std::path::Path;

use codegen::ir::{Auth, Binding, PathSegment, Protocol, RustType, Service, StructureRole, TimestampFormat, XmlLayout};

fn resolve(relative: &str) -> Service {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let model = codegen::smithy::Model::from_json(&text).unwrap_or_else(|e| panic!("{relative}: {e}"));
    codegen::resolve::resolve(&model, None).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn operation<'s>(service: &'s Service, name: &str) -> &'s codegen::ir::Operation {
    service.operations.iter().find(|op| op.name == name).unwrap_or_else(|| panic!("no operation {name}"))
}

fn binding<'s>(structure: &'s codegen::ir::Structure, model_name: &str) -> &'s Binding {
    &structure.members.iter().find(|m| m.model_name == model_name).unwrap_or_else(|| panic!("no {model_name}")).binding
}

#[test]
fn aws_json_puts_every_member_in_the_body_of_a_post_to_the_root() {
    let ecr = resolve("models/ecr/ecr-2015-09-21.json");
    assert_eq!(ecr.protocol, Protocol::AwsJson1_1);
    for op in &ecr.operations {
        let line = &op.request_line;
        assert_eq!((line.method.as_str(), line.path.as_slice(), line.success_code), ("POST", &[][..], 200));
        assert_eq!(line.target.as_deref(), Some(format!("AmazonEC2ContainerRegistry_V20150921.{}", op.name).as_str()));
        assert_eq!(op.auth, Auth::SigV4);
        for member in op.input.members.iter().chain(&op.output.members) {
            assert_eq!(member.binding, Binding::Body, "{}.{}", op.name, member.model_name);
        }
    }
}

#[test]
fn rest_json_binds_labels_query_and_headers_from_the_model() {
    let sso = resolve("models/sso/sso.json");
    assert_eq!(sso.protocol, Protocol::RestJson1);
    let credentials = operation(&sso, "GetRoleCredentials");
    assert_eq!(credentials.request_line.method, "GET");
    assert_eq!(
        credentials.request_line.path,
        vec![PathSegment::Literal("federation".into()), PathSegment::Literal("credentials".into())]
    );
    assert_eq!(credentials.request_line.target, None);
    assert_eq!(binding(&credentials.input, "roleName"), &Binding::Query("role_name".into()));
    assert_eq!(binding(&credentials.input, "accessToken"), &Binding::Header("x-amz-sso_bearer_token".into()));
    // The bearer token is the credential: the call itself is not signed.
    assert_eq!(credentials.auth, Auth::None);
    let token = credentials.input.members.iter().find(|m| m.model_name == "accessToken").unwrap();
    assert!(token.sensitive);

    let polly = resolve("models/polly/polly.json");
    let put = operation(&polly, "PutLexicon");
    assert_eq!(put.request_line.method, "PUT");
    assert_eq!(
        put.request_line.path,
        vec![
            PathSegment::Literal("v1".into()),
            PathSegment::Literal("lexicons".into()),
            PathSegment::Label { field: "name".into(), greedy: false }
        ]
    );
    assert_eq!(binding(&put.input, "Name"), &Binding::Label { greedy: false });
    assert_eq!(binding(&put.input, "Content"), &Binding::Body);
    assert_eq!(put.auth, Auth::SigV4);
}

#[test]
fn the_rest_json_suite_uses_every_kind_of_binding() {
    let suite = resolve("codegen/tests/protocol/restjson1/model.json");
    let raw: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/protocol/restjson1/model.json"))
            .unwrap(),
    )
    .unwrap();
    let format_trait = |traits: &serde_json::Value| traits.get("smithy.api#timestampFormat").is_some();
    let explicit = |structure: &codegen::ir::Structure, member: &codegen::ir::Member| {
        let shapes = &raw["shapes"];
        format_trait(&shapes[&structure.shape_id]["members"][&member.model_name]["traits"])
            || format_trait(&shapes[&member.target]["traits"])
    };
    let greedy = operation(&suite, "HttpRequestWithGreedyLabelInPath");
    assert_eq!(binding(&greedy.input, "baz"), &Binding::Label { greedy: true });
    assert_eq!(binding(&greedy.input, "foo"), &Binding::Label { greedy: false });
    let constant = operation(&suite, "ConstantQueryString");
    assert_eq!(
        constant.request_line.literal_query,
        vec![("foo".into(), "bar".into()), ("hello".into(), String::new())]
    );

    let mut kinds = std::collections::HashSet::new();
    for op in &suite.operations {
        for (structure, member) in
            op.input.members.iter().map(|m| (&op.input, m)).chain(op.output.members.iter().map(|m| (&op.output, m)))
        {
            kinds.insert(std::mem::discriminant(&member.binding));
            // Headers default to HTTP dates and the URI to RFC 3339, whatever the body does.
            if let RustType::Timestamp(format) = &member.ty {
                let expected_default = match member.binding {
                    Binding::Header(_) => TimestampFormat::HttpDate,
                    Binding::Query(_) | Binding::Label { .. } => TimestampFormat::DateTime,
                    _ => TimestampFormat::EpochSeconds,
                };
                assert!(
                    explicit(structure, member) || *format == expected_default,
                    "{}.{}: {format:?}",
                    op.name,
                    member.model_name
                );
            }
        }
    }
    for kind in [
        Binding::Body,
        Binding::Header(String::new()),
        Binding::PrefixHeaders(String::new()),
        Binding::Label { greedy: false },
        Binding::Query(String::new()),
        Binding::QueryParams,
        Binding::Payload,
        Binding::ResponseCode,
    ] {
        assert!(kinds.contains(&std::mem::discriminant(&kind)), "no member of the suite is bound as {kind:?}");
    }
}

#[test]
fn aws_query_names_the_action_reads_query_error_codes_and_relaxes_auth() {
    let sts = resolve("models/sts/sts.json");
    assert_eq!(sts.protocol, Protocol::AwsQuery);
    let assume = operation(&sts, "AssumeRole");
    assert_eq!(assume.request_line.target.as_deref(), Some("AssumeRole"));
    assert_eq!(assume.auth, Auth::SigV4);
    assert_eq!(operation(&sts, "AssumeRoleWithWebIdentity").auth, Auth::None);
    let rejected = sts.errors.iter().find(|e| e.name == "IdpRejectedClaimException").expect("IDPRejectedClaim error");
    let StructureRole::Error(info) = &rejected.role else { panic!("not an error") };
    assert_eq!(info.query_error, Some(("IDPRejectedClaim".to_owned(), 403)));
    // The code the service sends is the custom one.
    assert_eq!(info.code, "IDPRejectedClaim");
    // awsQuery bodies carry timestamps as RFC 3339 text.
    let credentials = sts.types.iter().find(|t| t.name() == "Credentials").expect("Credentials");
    let codegen::ir::TypeDef::Structure(credentials) = credentials else { panic!("not a structure") };
    let expiration = credentials.members.iter().find(|m| m.model_name == "Expiration").unwrap();
    assert_eq!(expiration.ty, RustType::Timestamp(TimestampFormat::DateTime));

    let suite = resolve("codegen/tests/protocol/awsquery/model.json");
    assert!(suite.operations.iter().all(|op| op.request_line.target.as_deref() == Some(op.name.as_str())));
}

#[test]
fn xml_layouts_name_items_and_flattening() {
    let suite = resolve("codegen/tests/protocol/awsquery/model.json");
    let lists = &operation(&suite, "QueryLists").input;
    let layout = |structure: &codegen::ir::Structure, name: &str| {
        let member = structure.members.iter().find(|m| m.model_name == name).unwrap();
        (member.wire_name.clone(), member.xml.clone())
    };
    let list = |flattened: bool, item: &str| XmlLayout::List {
        flattened,
        item: item.to_owned(),
        element: Box::new(XmlLayout::Value),
    };
    assert_eq!(layout(lists, "ListArg"), ("ListArg".to_owned(), list(false, "member")));
    assert_eq!(layout(lists, "ListArgWithXmlNameMember"), ("ListArgWithXmlNameMember".to_owned(), list(false, "item")));
    assert_eq!(layout(lists, "FlattenedListArgWithXmlName"), ("Hi".to_owned(), list(true, "item")));
    let maps = &operation(&suite, "QueryMaps").input;
    let (_, of_lists) = layout(maps, "MapOfLists");
    assert_eq!(
        of_lists,
        XmlLayout::Map {
            flattened: false,
            key: "key".to_owned(),
            value: "value".to_owned(),
            value_layout: Box::new(list(false, "member")),
        }
    );
    let (wire, renamed) = layout(maps, "FlattenedMapWithXmlName");
    let named = XmlLayout::Map {
        flattened: true,
        key: "K".to_owned(),
        value: "V".to_owned(),
        value_layout: Box::new(XmlLayout::Value),
    };
    assert_eq!((wire.as_str(), renamed), ("Hi", named));
}

#[test]
fn aws_query_services_are_generated_with_their_wire_functions() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/sts/sts.json")).unwrap();
    let options = codegen::EmitOptions {
        model_label: "sts.json".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        model_crate: "sts-model".to_owned(),
        client_crate: "sts-client".to_owned(),
        model_runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"../runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"../sts-model\" }".to_owned(),
    };
    let generated = codegen::generate(&text, &options).unwrap_or_else(|e| panic!("STS: {e}"));
    for file in ["src/wire.rs", "src/wire/write.rs", "src/wire/read.rs"] {
        assert!(generated.model_files.contains_key(file), "no {file}");
    }
    let client = &generated.client_files["src/fluent_builders/assume_role_with_web_identity.rs"];
    assert!(client.contains("protocol::query::call") && client.contains("Signing::Never"), "{client}");
}

/// A restJson1 model with one operation `t#Op` whose `@http` and input members are given.
fn rest_model(http: &str, members: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
        "t#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "t#Op"}}],
                   "traits": {{"aws.protocols#restJson1": {{}}}}}},
        "t#Op": {{"type": "operation", "input": {{"target": "t#OpInput"}}, "traits": {{"smithy.api#http": {http}}}}},
        "t#OpInput": {{"type": "structure", "members": {{{members}}}}}}}}}"#
    )
}

#[test]
fn bindings_that_do_not_fit_together_are_named() {
    let label =
        r#""a": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}"#;
    let payload = |name: &str| {
        format!(r#""{name}": {{"target": "smithy.api#Blob", "traits": {{"smithy.api#httpPayload": {{}}}}}}"#)
    };
    let body = r#""c": {"target": "smithy.api#String"}"#;
    for (http, members, expected) in [
        (r#"{"method": "GET", "uri": "/x/{b}"}"#, label.to_owned(), "URI label `{b}` names no input member"),
        (r#"{"method": "GET", "uri": "/x"}"#, label.to_owned(), "has @httpLabel but the URI has no `{a}`"),
        (r#"{"method": "GET", "uri": "/x/{c}"}"#, body.to_owned(), "lacks @httpLabel"),
        (
            r#"{"method": "POST", "uri": "/x"}"#,
            format!("{}, {}", payload("p"), payload("q")),
            "more than one @httpPayload",
        ),
        (r#"{"method": "POST", "uri": "/x"}"#, format!("{}, {body}", payload("p")), "cannot share the body"),
        (r#"{"method": "POST", "uri": "/x/{a+}/y"}"#, label.to_owned(), "not the last segment"),
        (r#"{"method": "post", "uri": "/x"}"#, body.to_owned(), "not an HTTP method"),
        (r#"{"uri": "/x"}"#, body.to_owned(), "must be an object with `method` and `uri`"),
    ] {
        let model = codegen::smithy::Model::from_json(&rest_model(http, &members)).unwrap();
        let error =
            codegen::resolve::resolve(&model, None).err().unwrap_or_else(|| panic!("{http} {members}: accepted"));
        assert!(error.to_string().contains(expected), "{http} {members}: {error}");
    }
    let missing = r#"{"smithy": "2.0", "shapes": {
        "t#Svc": {"type": "service", "version": "1", "operations": [{"target": "t#Op"}], "traits": {"aws.protocols#restJson1": {}}},
        "t#Op": {"type": "operation"}}}"#;
    let error = codegen::resolve::resolve(&codegen::smithy::Model::from_json(missing).unwrap(), None).unwrap_err();
    assert!(error.to_string().contains("has no @http trait"), "{error}");
}
