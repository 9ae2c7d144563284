//! A generator of Rust crates from AWS Smithy models (JSON AST) of services that
//! speak `awsJson1_0` or `awsJson1_1`.
//!
//! Three rooms, one per module tree:
//! 1. [`smithy`] reads the JSON AST into plain data, checking its form;
//! 2. [`resolve`] turns one service and everything reachable from it into the
//!    resolved form [`ir`]: Rust names, types, optionality, boxing, docs;
//! 3. [`emit`] turns the resolved form into formatted files.
//!
//! Nothing here knows which service it generates. Beside the rooms, [`diff`] compares
//! two revisions of a model in terms of the generated Rust API.

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod resolve;
pub mod smithy;

use std::collections::BTreeMap;

pub use emit::EmitOptions;
pub use error::{Diagnostic, Diagnostics};

/// What one generation run produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files by path relative to the model crate's root.
    pub model_files: BTreeMap<String, String>,
    /// Files by path relative to the client crate's root.
    pub client_files: BTreeMap<String, String>,
    /// Non-fatal findings (skipped operations and the like).
    pub warnings: Vec<String>,
    /// Traits the model uses that the generator ignores, one line each with what that means.
    pub ignored_traits: Vec<String>,
    /// Counts for the report.
    pub stats: Stats,
}

/// Counts of what was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Operations generated.
    pub operations: usize,
    /// Named types generated (structures, enums, unions) in `types`.
    pub types: usize,
    /// Error shapes generated.
    pub errors: usize,
    /// `@examples` generated as tests and rustdoc examples.
    pub examples: usize,
    /// Operations with at least one generated example.
    pub example_operations: usize,
    /// Smoke tests generated.
    pub smoke_tests: usize,
}

/// The crate-name stem for a model (`dynamodb` for sdkId `DynamoDB`), from its only service.
pub fn crate_stem(model_json: &str) -> Result<String, Diagnostics> {
    let model = smithy::Model::from_json(model_json)?;
    let service = resolve::resolve(&model, None)?;
    Ok(service.crate_stem)
}

/// The runtime's partition table (`rules/partitions.rs`) from the AWS partition
/// file's text, with `header` (one `//` line) first.
pub fn partition_table(partitions_json: &str, header: &str) -> Result<String, Diagnostics> {
    let defs = smithy::partitions::read(partitions_json)?;
    let table = resolve::partitions::partition_table(&defs)?;
    emit::partition_table(&table, header).map_err(Diagnostics::one)
}

/// Reads, resolves and emits a model: the whole pipeline.
pub fn generate(model_json: &str, options: &EmitOptions) -> Result<Generated, Diagnostics> {
    let model = smithy::Model::from_json(model_json)?;
    let service = resolve::resolve(&model, None)?;
    let model_files = emit::model_crate(&service, options)?;
    let client_files = emit::client_crate(&service, options)?;
    Ok(Generated {
        model_files,
        client_files,
        warnings: service.warnings.clone(),
        ignored_traits: resolve::ignored_traits::report(&model),
        stats: Stats {
            operations: service.operations.len(),
            types: service.types.len(),
            errors: service.errors.len(),
            examples: service.operations.iter().map(|op| op.examples.len()).sum(),
            example_operations: service.operations.iter().filter(|op| !op.examples.is_empty()).count(),
            smoke_tests: service.operations.iter().map(|op| op.smoke_tests.len()).sum(),
        },
    })
}
