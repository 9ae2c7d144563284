//! The protocol conformance suites: botocore's awsJson1_0, awsJson1_1, restJson1 and
//! awsQuery cases, copied under `codegen/tests/protocol/data`, become one Smithy model
//! and one `cases.rs` per protocol ([`translate`] for awsJson, [`http_bindings`] for
//! suites whose members carry bindings, and [`cases`]); the models generate checked-in
//! crate pairs like every other [`TARGETS`](crate::codegen::TARGETS) entry, and each
//! client crate's `tests/conformance.rs` runs the cases through the hand-written harness.

mod cases;
mod http_bindings;
mod translate;

use std::collections::BTreeMap;
use std::fs;

use proc_macro2::Span;
use serde_json::Value;

use crate::codegen::{SyncReport, sync};

/// Where the copied suites live, relative to the root.
pub const DATA_DIR: &str = "codegen/tests/protocol/data";

/// One protocol's suites and where its generated files go.
pub struct Suite {
    /// Directory (relative to the root) holding `model.json`, `cases.rs` and the crates;
    /// its last component is the crate-name stem.
    pub dir: &'static str,
    /// Smithy namespace of the translated model.
    pub namespace: &'static str,
    /// Protocol trait of the service.
    pub protocol_trait: &'static str,
    /// Input and output suite files, relative to [`DATA_DIR`].
    pub input: &'static str,
    pub output: &'static str,
    /// How the cases become a model: awsJson's plain translation, or (for suites whose
    /// cases bind members) the bindings translation under this service name.
    pub translation: Translation,
}

/// How a suite's cases are translated into a model.
#[derive(Clone, Copy)]
pub enum Translation {
    /// [`translate::model`]: every member in the body.
    Json,
    /// [`http_bindings::model`], with the service's name.
    Bindings { service: &'static str, bindings: http_bindings::Bindings },
}

pub const SUITES: &[Suite] = &[
    Suite {
        dir: "codegen/tests/protocol/awsjson10",
        namespace: "aws.protocoltests.json10",
        protocol_trait: "aws.protocols#awsJson1_0",
        input: "input/json_1_0.json",
        output: "output/json_1_0.json",
        translation: Translation::Json,
    },
    Suite {
        dir: "codegen/tests/protocol/awsjson11",
        namespace: "aws.protocoltests.json",
        protocol_trait: "aws.protocols#awsJson1_1",
        input: "input/json.json",
        output: "output/json.json",
        translation: Translation::Json,
    },
    Suite {
        dir: "codegen/tests/protocol/restjson1",
        namespace: "aws.protocoltests.restjson",
        protocol_trait: "aws.protocols#restJson1",
        input: "input/rest-json.json",
        output: "output/rest-json.json",
        translation: Translation::Bindings { service: "RestJson", bindings: http_bindings::Bindings::RestJson },
    },
    Suite {
        dir: "codegen/tests/protocol/awsquery",
        namespace: "aws.protocoltests.query",
        protocol_trait: "aws.protocols#awsQuery",
        input: "input/query.json",
        output: "output/query.json",
        translation: Translation::Bindings { service: "AwsQuery", bindings: http_bindings::Bindings::Query },
    },
];

/// Writes (or checks) every suite's `model.json` and `cases.rs`.
pub fn sync_all(check: bool) -> Result<SyncReport, String> {
    let mut report = SyncReport::default();
    for suite in SUITES {
        let files = generate(suite)?;
        report.merge(sync(&crate::project_root().join(suite.dir), &files, check)?);
    }
    Ok(report)
}

/// A suite's translated model and cases file, by path relative to its directory.
pub fn generate(suite: &Suite) -> Result<BTreeMap<String, String>, String> {
    let root = crate::project_root();
    let read = |file: &str| -> Result<Vec<Value>, String> {
        let path = root.join(DATA_DIR).join(file);
        let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let input = read(suite.input)?;
    let output = read(suite.output)?;
    let groups: Vec<&Value> = input.iter().chain(&output).collect();
    let sources = format!("{DATA_DIR}/{} and {}", suite.input, suite.output);
    let generated_from = format!("by `cargo xtask codegen` from {sources}; do not edit");
    let model = match suite.translation {
        Translation::Json => translate::model(suite.namespace, suite.protocol_trait, &groups, &generated_from),
        Translation::Bindings { service, bindings } => {
            http_bindings::model(suite.namespace, suite.protocol_trait, service, bindings, &groups, &generated_from)
        }
    }
    .map_err(|e| format!("{sources}: {e}"))?;
    let model_json = serde_json::to_string_pretty(&model).map_err(|e| e.to_string())? + "\n";
    let parsed =
        codegen::smithy::Model::from_json(&model_json).map_err(|d| format!("{}/model.json: {d}", suite.dir))?;
    let service = codegen::resolve::resolve(&parsed, None).map_err(|d| format!("{}/model.json: {d}", suite.dir))?;
    let stem = suite.dir.rsplit('/').next().unwrap_or(suite.dir).replace('-', "_");
    let crates = cases::Crates {
        model: proc_macro2::Ident::new(&format!("{stem}_model"), Span::call_site()),
        client: proc_macro2::Ident::new(&format!("{stem}_client"), Span::call_site()),
    };
    let header = format!("// @generated {generated_from}.");
    let cases = cases::source(&service, &crates, &input, &output, &header)?;
    Ok(BTreeMap::from([("model.json".to_owned(), model_json), ("cases.rs".to_owned(), cases)]))
}
