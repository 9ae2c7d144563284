//! A model update changes only the generated files of what changed: generated from the
//! older and from the current ECR model (`tests/fixtures/model_diff/`), every file that
//! comes from a shape or operation whose resolved form is the same in both revisions is
//! byte-identical, and every shape or operation whose resolved form differs is named by
//! the model comparison's report.
//!
//! "The same resolved form" is decided here independently of `codegen::diff`: the
//! `Debug` text of the resolved type, error or operation, which spells out every field.

use std::collections::BTreeMap;

use codegen::{EmitOptions, ir};

const OLDER: &str = include_str!("fixtures/model_diff/ecr-older.json");
const CURRENT: &str = include_str!("fixtures/model_diff/ecr-current.json");

fn options() -> EmitOptions {
    EmitOptions {
        model_label: "models/ecr/ecr-2015-09-21.json".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        model_crate: "ecr-model".to_owned(),
        client_crate: "ecr-client".to_owned(),
        model_runtime_dependency: "{ path = \"../codegen/runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"../codegen/runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"../ecr-model\" }".to_owned(),
    }
}

/// Every generated file of a model, `model/…` and `client/…`.
fn generate(text: &str) -> BTreeMap<String, String> {
    let generated = codegen::generate(text, &options()).expect("the model generates");
    let model = generated.model_files.into_iter().map(|(path, text)| (format!("model/{path}"), text));
    let client = generated.client_files.into_iter().map(|(path, text)| (format!("client/{path}"), text));
    model.chain(client).collect()
}

fn resolve(text: &str) -> ir::Service {
    let model = codegen::smithy::Model::from_json(text).expect("the model reads");
    codegen::resolve::resolve(&model, None).expect("the model resolves")
}

/// What a file was generated from, by the `//!` line after its header: a shape id
/// (types and errors) or an operation name; `None` for files that gather many items
/// (`lib.rs`, module lists, the client, the endpoint rules).
fn source_of(text: &str) -> Option<String> {
    let doc = text.lines().nth(1)?;
    let quoted = |after: &str| doc.split(after).nth(1)?.split('`').nth(1).map(str::to_owned);
    if doc.contains("generated from the shape") {
        quoted("generated from the shape")
    } else if doc.contains(" operation") && doc.starts_with("//! ") {
        let name = doc.split('`').nth(1)?;
        (doc.contains(&format!("`{name}` operation"))).then(|| name.to_owned())
    } else {
        None
    }
}

/// The `Debug` text of each shape and operation, and the report subject naming it.
fn fingerprints(service: &ir::Service) -> BTreeMap<String, (String, String)> {
    let mut found = BTreeMap::new();
    for ty in &service.types {
        let id = match ty {
            ir::TypeDef::Structure(s) => &s.shape_id,
            ir::TypeDef::Enum(e) => &e.shape_id,
            ir::TypeDef::IntEnum(e) => &e.shape_id,
            ir::TypeDef::Union(u) => &u.shape_id,
        };
        found.insert(id.clone(), (format!("{ty:?}"), format!("types::{}", ty.name())));
    }
    for error in &service.errors {
        found.insert(error.shape_id.clone(), (format!("{error:?}"), format!("error::{}", error.name)));
    }
    for op in &service.operations {
        let subjects = format!("operation::{}|Client::{}", op.module, op.module);
        found.insert(op.name.clone(), (format!("{op:?}"), subjects));
    }
    found
}

#[test]
fn unchanged_shapes_keep_byte_identical_files() {
    let old_files = generate(OLDER);
    let new_files = generate(CURRENT);
    let old_prints = fingerprints(&resolve(OLDER));
    let new_prints = fingerprints(&resolve(CURRENT));
    let report = codegen::diff::diff(OLDER, CURRENT).unwrap();
    let reported = |subjects: &str| {
        subjects.split('|').any(|subject| {
            let names = |s: &String| s == subject || s.starts_with(&format!("{subject}::"));
            report.changes.iter().any(|c| names(&c.subject) || c.affected.iter().any(names))
                || report.docs_changed.iter().any(names)
        })
    };

    let (mut identical, mut changed, mut gathering) = (0, 0, 0);
    let mut unexplained = Vec::new();
    let mut unchanged_with_files = std::collections::BTreeSet::new();
    for (path, new_text) in &new_files {
        let Some(old_text) = old_files.get(path) else { continue };
        let Some(source) = source_of(new_text) else {
            gathering += 1;
            continue;
        };
        let (Some((old_print, _)), Some((new_print, subjects))) = (old_prints.get(&source), new_prints.get(&source))
        else {
            panic!("{path} names `{source}`, which is not a resolved shape or operation of both revisions");
        };
        if old_print == new_print {
            assert_eq!(old_text, new_text, "{path}: `{source}` did not change, yet its file did");
            identical += 1;
            unchanged_with_files.insert(source);
        } else {
            changed += 1;
            if !reported(subjects) {
                unexplained.push(format!("{source} ({subjects})"));
            }
        }
    }
    assert!(unexplained.is_empty(), "changed in the resolved form but not in the report: {unexplained:#?}");
    println!(
        "{identical} files of unchanged shapes and operations identical, {changed} of changed ones differ, \
         {gathering} gathering files not compared; {} files only in the current revision",
        new_files.keys().filter(|p| !old_files.contains_key(*p)).count()
    );
    // Every shape and operation of both revisions with the same resolved form was compared
    // through at least one of its files; their number depends on the models alone.
    let unchanged: Vec<&String> = old_prints
        .iter()
        .filter(|(id, (print, _))| new_prints.get(*id).is_some_and(|(p, _)| p == print))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(unchanged.len(), unchanged_with_files.len(), "unchanged sources without a compared file");
    // 92 on 2026-11-23; the number falls as the resolved form learns more (constraints
    // made every operation taking a `RepositoryName` differ), so only a floor is pinned.
    assert!(unchanged.len() >= 80, "only {} shapes and operations unchanged", unchanged.len());
    assert!(changed > 0, "the revisions differ, so some files must");
}
