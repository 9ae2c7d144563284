//! `cargo xtask codegen`: regenerate the checked-in crates, or check they are fresh.
//!
//! Every output path goes through [`sync`], which writes only files whose bytes
//! changed and removes orphans; in check mode it writes nothing and reports every
//! stale, missing and orphaned file with a unified diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::EmitOptions;

/// The model the checked-in client crates are generated from, relative to the root.
pub const MODEL: &str = "models/ecr/ecr-2015-09-21.json";
/// The AWS partition table behind `aws.partition`, relative to the root.
pub const PARTITIONS: &str = "models/partitions.json";
/// The hand-written runtime crate, relative to the root.
pub const RUNTIME_DIR: &str = "codegen/runtime";

/// A checked-in pair of generated crates and the model they come from.
pub struct Target {
    /// Model file, relative to the root.
    pub model: &'static str,
    /// Model crate directory, relative to the root; its last component is the crate name.
    pub model_dir: &'static str,
    /// Client crate directory, likewise.
    pub client_dir: &'static str,
}

/// Every checked-in generated crate: ECR's, the generator's test fixture, and the
/// protocol conformance crates (whose models [`crate::protocol`] translates first).
pub const TARGETS: &[Target] = &[
    Target { model: MODEL, model_dir: "ecr-model", client_dir: "ecr-client" },
    Target {
        model: "codegen/tests/hazards/model.json",
        model_dir: "codegen/tests/hazards/hazards-model",
        client_dir: "codegen/tests/hazards/hazards-client",
    },
    Target {
        model: "codegen/tests/endpoints/model.json",
        model_dir: "codegen/tests/endpoints/rules-model",
        client_dir: "codegen/tests/endpoints/rules-client",
    },
    Target {
        model: "codegen/tests/protocol/awsjson10/model.json",
        model_dir: "codegen/tests/protocol/awsjson10/awsjson10-model",
        client_dir: "codegen/tests/protocol/awsjson10/awsjson10-client",
    },
    Target {
        model: "codegen/tests/protocol/awsjson11/model.json",
        model_dir: "codegen/tests/protocol/awsjson11/awsjson11-model",
        client_dir: "codegen/tests/protocol/awsjson11/awsjson11-client",
    },
    Target {
        model: "codegen/tests/protocol/restjson1/model.json",
        model_dir: "codegen/tests/protocol/restjson1/restjson1-model",
        client_dir: "codegen/tests/protocol/restjson1/restjson1-client",
    },
    Target {
        model: "models/sso/sso.json",
        model_dir: "codegen/tests/services/sso/sso-model",
        client_dir: "codegen/tests/services/sso/sso-client",
    },
    Target {
        model: "models/sso-oidc/sso-oidc.json",
        model_dir: "codegen/tests/services/sso-oidc/sso-oidc-model",
        client_dir: "codegen/tests/services/sso-oidc/sso-oidc-client",
    },
    Target {
        model: "models/polly/polly.json",
        model_dir: "codegen/tests/services/polly/polly-model",
        client_dir: "codegen/tests/services/polly/polly-client",
    },
    Target {
        model: "codegen/tests/upload/model.json",
        model_dir: "codegen/tests/upload/upload-model",
        client_dir: "codegen/tests/upload/upload-client",
    },
    Target {
        model: "codegen/tests/protocol/awsquery/model.json",
        model_dir: "codegen/tests/protocol/awsquery/awsquery-model",
        client_dir: "codegen/tests/protocol/awsquery/awsquery-client",
    },
    Target {
        model: "models/sts/sts.json",
        model_dir: "codegen/tests/services/sts/sts-model",
        client_dir: "codegen/tests/services/sts/sts-client",
    },
    Target {
        model: crate::forward_compat::MODEL,
        model_dir: "codegen/tests/forward_compat/older-ecr-model",
        client_dir: "codegen/tests/forward_compat/older-ecr-client",
    },
];

pub fn run(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut model = None;
    let mut out = None;
    let mut runtime = RuntimeSource::Relative;
    let mut git_ref: Option<(&'static str, String)> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().cloned().ok_or_else(|| format!("{arg} needs {what}"));
        match arg.as_str() {
            "--check" => check = true,
            "--model" => model = Some(PathBuf::from(value("a path")?)),
            "--out" => out = Some(PathBuf::from(value("a directory")?)),
            "--runtime-path" => runtime = RuntimeSource::Path(value("a path")?),
            "--runtime-git" => runtime = RuntimeSource::Git { url: value("a repository URL")?, reference: None },
            "--rev" | "--branch" | "--tag" => {
                if let Some((earlier, _)) = &git_ref {
                    return Err(format!("{arg} and {earlier} exclude each other"));
                }
                let key = match arg.as_str() {
                    "--rev" => "rev",
                    "--branch" => "branch",
                    _ => "tag",
                };
                git_ref = Some((key, value("a git reference")?));
            }
            other => return Err(format!("unknown codegen argument `{other}`")),
        }
    }
    match (&mut runtime, git_ref) {
        (RuntimeSource::Git { reference, .. }, git_ref) => *reference = git_ref,
        (_, Some((key, _))) => return Err(format!("--{key} goes with --runtime-git URL")),
        (_, None) => {}
    }
    match (model, out) {
        (None, None) if matches!(runtime, RuntimeSource::Relative) => generate_checked_in(check),
        (None, None) => Err("--runtime-path and --runtime-git go with --model and --out".to_owned()),
        (Some(model), Some(out)) => generate_elsewhere(&model, &out, &runtime, check),
        _ => Err("--model and --out go together".to_owned()),
    }
}

/// Where crates generated with `--model`/`--out` find the runtime crate.
#[derive(Debug, Clone, PartialEq)]
pub enum RuntimeSource {
    /// This checkout's runtime, by a path relative to the generated crate (the default):
    /// the output and the checkout can move together, and nothing names this machine.
    Relative,
    /// A path as given (relative to the generated crate's directory, or absolute).
    Path(String),
    /// A git dependency on this repository, optionally pinned (`rev`, `branch` or `tag`).
    Git { url: String, reference: Option<(&'static str, String)> },
}

impl RuntimeSource {
    /// The dependency's inline table for a crate generated into `crate_dir`.
    fn dependency(&self, crate_dir: &Path) -> Result<String, String> {
        Ok(match self {
            RuntimeSource::Relative => {
                let runtime = crate::project_root().join(RUNTIME_DIR);
                let path = relative_path(crate_dir, &runtime)?;
                format!("{{ path = {} }}", toml_string(&path))
            }
            RuntimeSource::Path(path) => format!("{{ path = {} }}", toml_string(path)),
            RuntimeSource::Git { url, reference: None } => format!("{{ git = {} }}", toml_string(url)),
            RuntimeSource::Git { url, reference: Some((key, value)) } => {
                format!("{{ git = {}, {key} = {} }}", toml_string(url), toml_string(value))
            }
        })
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut quoted = String::from('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The path from directory `from` to `to`, both made absolute and free of `..` first
/// (`from` need not exist yet), with `/` separators as Cargo accepts everywhere.
pub fn relative_path(from: &Path, to: &Path) -> Result<String, String> {
    let absolute = |path: &Path| -> Result<PathBuf, String> {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?.join(path)
        };
        // `..` and `.` first, as written; then the longest existing ancestor is
        // canonicalized, so symbolic links resolve the same way on both sides.
        let mut lexical = PathBuf::new();
        for component in path.components() {
            match component {
                std::path::Component::ParentDir => {
                    lexical.pop();
                }
                std::path::Component::CurDir => {}
                other => lexical.push(other),
            }
        }
        let mut existing = lexical.as_path();
        while !existing.exists() {
            existing = existing.parent().ok_or_else(|| format!("{} has no existing ancestor", path.display()))?;
        }
        let rest = lexical.strip_prefix(existing).map_err(|e| e.to_string())?.to_path_buf();
        let resolved = fs::canonicalize(existing).map_err(|e| format!("cannot resolve {}: {e}", existing.display()))?;
        Ok(resolved.join(rest))
    };
    let (from, to) = (absolute(from)?, absolute(to)?);
    let from_parts: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    if from_parts.first() != to_parts.first() {
        return Err(format!(
            "{} and {} share no root, so no relative path leads from one to the other; \
             pass --runtime-path or --runtime-git",
            from.display(),
            to.display()
        ));
    }
    let common = from_parts.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from_parts.len() - common];
    parts.extend(to_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    Ok(if parts.is_empty() { ".".to_owned() } else { parts.join("/") })
}

/// Generates every checked-in crate.
fn generate_checked_in(check: bool) -> Result<(), String> {
    let root = crate::project_root();
    let started = Instant::now();
    let mut total = crate::protocol::sync_all(check)?;
    total.merge(crate::forward_compat::sync(check)?);
    total.merge(sync_partition_table(check)?);
    let mut count = 1;
    for target in TARGETS {
        let generated = generate_in_memory(target)?;
        count += generated.model_files.len() + generated.client_files.len();
        total.merge(sync(&root.join(target.model_dir), &generated.model_files, check)?);
        total.merge(sync(&root.join(target.client_dir), &generated.client_files, check)?);
    }
    finish(total, check, count, started)
}

/// The shortest path from directory `from` to `to`, both relative to the root and
/// `/`-separated: up to their common ancestor, then down (`codegen/tests/a/a-client` to
/// `codegen/runtime` is `../../../runtime`).
fn tree_relative(from: &str, to: &str) -> String {
    let (from, to): (Vec<&str>, Vec<&str>) = (from.split('/').collect(), to.split('/').collect());
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - shared];
    parts.extend(&to[shared..]);
    if parts.is_empty() { ".".to_owned() } else { parts.join("/") }
}

/// The checked-in crates' files as the generator makes them now.
pub fn generate_in_memory(target: &Target) -> Result<codegen::Generated, String> {
    generate_in_memory_at(&crate::project_root(), target)
}

/// Like [`generate_in_memory`], reading the model below another root (a copy of the tree).
pub fn generate_in_memory_at(root: &Path, target: &Target) -> Result<codegen::Generated, String> {
    let model = read(&root.join(target.model))?;
    let name = |dir: &'static str| dir.rsplit('/').next().unwrap_or(dir).to_owned();
    let path_dependency = |from: &str, to: &str| format!("{{ path = {} }}", toml_string(&tree_relative(from, to)));
    let options = EmitOptions {
        model_label: target.model.to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        model_crate: name(target.model_dir),
        client_crate: name(target.client_dir),
        model_runtime_dependency: path_dependency(target.model_dir, RUNTIME_DIR),
        client_runtime_dependency: path_dependency(target.client_dir, RUNTIME_DIR),
        client_model_dependency: path_dependency(target.client_dir, target.model_dir),
    };
    let generated = codegen::generate(&model, &options).map_err(|d| format!("{}: {d}", target.model))?;
    for warning in &generated.warnings {
        eprintln!("warning: {}: {warning}", target.model);
    }
    for note in &generated.ignored_traits {
        eprintln!("note: {}: {note}", target.model);
    }
    let stats = generated.stats;
    let examples = if stats.examples + stats.smoke_tests == 0 {
        String::new()
    } else {
        format!(
            ", {} examples on {} operations, {} smoke tests",
            stats.examples, stats.example_operations, stats.smoke_tests
        )
    };
    println!(
        "{}: {} operations, {} types, {} errors{examples} -> {}, {}",
        target.model, stats.operations, stats.types, stats.errors, target.model_dir, target.client_dir
    );
    Ok(generated)
}

/// Generates crates for any model into `out`.
fn generate_elsewhere(model_path: &Path, out: &Path, runtime: &RuntimeSource, check: bool) -> Result<(), String> {
    let started = Instant::now();
    let model = read(model_path)?;
    let stem = codegen::crate_stem(&model).map_err(|d| format!("{}: {d}", model_path.display()))?;
    let model_crate = format!("{stem}-model");
    let client_crate = format!("{stem}-client");
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let options = EmitOptions {
        model_label: model_path
            .file_name()
            .map_or_else(|| "the model".to_owned(), |n| n.to_string_lossy().into_owned()),
        regenerate_command: "cargo xtask codegen --model PATH --out DIR".to_owned(),
        model_crate: model_crate.clone(),
        client_crate: client_crate.clone(),
        model_runtime_dependency: runtime.dependency(&out.join(&model_crate))?,
        client_runtime_dependency: runtime.dependency(&out.join(&client_crate))?,
        client_model_dependency: format!("{{ path = \"../{model_crate}\" }}"),
    };
    let generated = codegen::generate(&model, &options).map_err(|d| format!("{}: {d}", model_path.display()))?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    for note in &generated.ignored_traits {
        eprintln!("note: {note}");
    }
    let count = generated.model_files.len() + generated.client_files.len();
    let mut report = sync(&out.join(&model_crate), &generated.model_files, check)?;
    report.merge(sync(&out.join(&client_crate), &generated.client_files, check)?);
    finish(report, check, count, started)
}

fn finish(report: SyncReport, check: bool, count: usize, started: Instant) -> Result<(), String> {
    let elapsed = started.elapsed();
    if check {
        if report.is_clean() {
            println!("{count} generated files are up to date ({:.2?})", elapsed);
            return Ok(());
        }
        print!("{}", report.diff);
        let mut message = String::from("generated code is stale:\n");
        for (what, paths) in [
            ("changed", &report.changed),
            ("missing (would be added)", &report.added),
            ("orphaned (would be removed)", &report.removed),
        ] {
            for path in paths {
                message.push_str(&format!("  {what}: {path}\n"));
            }
        }
        message.push_str("run `cargo xtask codegen` and commit the result");
        return Err(message);
    }
    println!(
        "wrote {} changed, {} added, {} removed of {count} files ({:.2?})",
        report.changed.len(),
        report.added.len(),
        report.removed.len(),
        elapsed
    );
    Ok(())
}

/// What differs between the generated files and a directory.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// A unified diff of every difference.
    pub diff: String,
}

impl SyncReport {
    pub fn merge(&mut self, other: SyncReport) {
        self.changed.extend(other.changed);
        self.added.extend(other.added);
        self.removed.extend(other.removed);
        self.diff.push_str(&other.diff);
    }

    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// Makes `dir` hold exactly `files` (paths relative to `dir`), or in check mode reports
/// how it differs. The generator owns `Cargo.toml` and everything under `src/`; other
/// files (hand-written `tests/`, a README) are left alone.
pub fn sync(dir: &Path, files: &BTreeMap<String, String>, check: bool) -> Result<SyncReport, String> {
    let mut report = SyncReport::default();
    let mut existing: Vec<String> = list_files(&dir.join("src"))?.into_iter().map(|p| format!("src/{p}")).collect();
    if dir.join("Cargo.toml").exists() {
        existing.push("Cargo.toml".to_owned());
    }
    for (path, contents) in files {
        let label =
            format!("{}/{path}", dir.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()));
        report.merge(sync_file(&dir.join(path), &label, contents, check)?);
    }
    for path in existing {
        if files.contains_key(&path) {
            continue;
        }
        let full = dir.join(&path);
        let label =
            format!("{}/{path}", dir.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()));
        let old = fs::read_to_string(&full).unwrap_or_default();
        report.diff.push_str(&unified_diff(&old, "", &label));
        report.removed.push(label);
        if !check {
            fs::remove_file(&full).map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
        }
    }
    Ok(report)
}

/// Makes one file hold `contents`, or in check mode reports how it differs.
pub fn sync_file(full: &Path, label: &str, contents: &str, check: bool) -> Result<SyncReport, String> {
    let mut report = SyncReport::default();
    match fs::read_to_string(full) {
        Ok(old) if old.replace("\r\n", "\n") == *contents => return Ok(report),
        Ok(old) => {
            report.diff.push_str(&unified_diff(&old, contents, label));
            report.changed.push(label.to_owned());
        }
        Err(_) => {
            report.diff.push_str(&unified_diff("", contents, label));
            report.added.push(label.to_owned());
        }
    }
    if !check {
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(full, contents).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
    }
    Ok(report)
}

/// The runtime's partition table, generated from the AWS partition file.
fn sync_partition_table(check: bool) -> Result<SyncReport, String> {
    let root = crate::project_root();
    let json = read(&root.join(PARTITIONS))?;
    let header = format!("// @generated by `cargo xtask codegen` from {PARTITIONS}; do not edit.");
    let table = codegen::partition_table(&json, &header).map_err(|d| format!("{PARTITIONS}: {d}"))?;
    let path = format!("{RUNTIME_DIR}/src/rules/partitions.rs");
    sync_file(&root.join(&path), &path, &table, check)
}

/// Files below `dir` (relative, `/`-separated), skipping build output.
fn list_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("cannot list {}: {e}", current.display())),
        };
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", current.display()))?;
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

fn unified_diff(old: &str, new: &str, label: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{label}"), &format!("b/{label}"))
        .to_string()
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` alone fails when a checked-in generated crate is stale.
    #[test]
    fn checked_in_generated_crates_are_fresh() {
        let report = crate::protocol::sync_all(true).expect("the protocol suites translate");
        assert!(report.is_clean(), "protocol suite models are stale; run `cargo xtask codegen`\n{}", report.diff);
        let report = crate::forward_compat::sync(true).expect("the older model slices");
        assert!(report.is_clean(), "the older-model slice is stale; run `cargo xtask codegen`\n{}", report.diff);
        let report = sync_partition_table(true).expect("the partition table generates");
        assert!(report.is_clean(), "the partition table is stale; run `cargo xtask codegen`\n{}", report.diff);
        for target in TARGETS {
            let generated = generate_in_memory(target).expect("the checked-in model generates");
            let root = crate::project_root();
            let mut report = sync(&root.join(target.model_dir), &generated.model_files, true).expect("readable");
            report.merge(sync(&root.join(target.client_dir), &generated.client_files, true).expect("readable"));
            assert!(
                report.is_clean(),
                "generated code of {} is stale; run `cargo xtask codegen`\n{}",
                target.model,
                report.diff.chars().take(20_000).collect::<String>()
            );
        }
    }

    #[test]
    fn checked_in_crates_reach_their_dependencies_by_the_shortest_path() {
        assert_eq!(tree_relative("ecr-client", "codegen/runtime"), "../codegen/runtime");
        assert_eq!(tree_relative("codegen/tests/protocol/a/a-client", "codegen/runtime"), "../../../../runtime");
        assert_eq!(
            tree_relative("codegen/tests/hazards/hazards-client", "codegen/tests/hazards/hazards-model"),
            "../hazards-model"
        );
        assert_eq!(tree_relative("codegen/runtime", "codegen/runtime"), ".");
    }

    #[test]
    fn relative_paths_lead_from_the_crate_to_the_runtime() {
        let root = crate::project_root();
        let runtime = root.join(RUNTIME_DIR);
        assert_eq!(relative_path(&root.join("ecr-model"), &runtime).unwrap(), "../codegen/runtime");
        assert_eq!(relative_path(&runtime, &runtime).unwrap(), ".");
        // The crate directory need not exist yet, and `..` in it is resolved first.
        let not_yet = root.join("target/not-yet/../generated/x-model");
        assert_eq!(relative_path(&not_yet, &runtime).unwrap(), "../../../codegen/runtime");
    }

    /// Generated manifests never name this checkout by absolute path: by default the
    /// runtime is a relative path, and `--runtime-git` makes it a git dependency.
    #[test]
    fn generated_manifests_work_off_this_machine() {
        let root = crate::project_root();
        let out = std::env::temp_dir().join(format!("xtask-runtime-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        let model = root.join("codegen/tests/hazards/model.json");
        let args = |extra: &[&str]| -> Vec<String> {
            let mut args = vec!["--model".to_owned(), model.display().to_string()];
            args.extend(["--out".to_owned(), out.display().to_string()]);
            args.extend(extra.iter().map(|a| (*a).to_owned()));
            args
        };
        let manifests = || {
            ["hazards-model", "hazards-client"]
                .map(|name| fs::read_to_string(out.join(name).join("Cargo.toml")).unwrap())
        };
        run(&args(&[])).unwrap();
        let expected = relative_path(&out.join("hazards-model"), &root.join(RUNTIME_DIR)).unwrap();
        assert!(!expected.starts_with('/'), "{expected}");
        for manifest in manifests() {
            assert!(manifest.contains(&format!("aws-client-runtime = {{ path = \"{expected}\"")), "{manifest}");
            assert!(!manifest.contains("path = \"/"), "an absolute path:\n{manifest}");
        }
        run(&args(&["--runtime-git", "https://example.com/generator.git", "--tag", "v1"])).unwrap();
        let [model_manifest, client_manifest] = manifests();
        assert!(
            model_manifest
                .contains(r#"aws-client-runtime = { git = "https://example.com/generator.git", tag = "v1" }"#),
            "{model_manifest}"
        );
        assert!(client_manifest.contains(r#"tag = "v1", features = ["client"] }"#), "{client_manifest}");
        run(&args(&["--runtime-path", "../rt"])).unwrap();
        assert!(manifests()[0].contains(r#"aws-client-runtime = { path = "../rt" }"#));
        for bad in [&["--rev", "abc"][..], &["--runtime-git", "u", "--rev", "a", "--branch", "b"], &["--runtime-git"]] {
            assert!(run(&args(bad)).is_err(), "{bad:?}");
        }
        assert!(run(&["--runtime-path".to_owned(), "x".to_owned()]).is_err(), "needs --model and --out");
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn sync_reports_changed_added_and_orphaned_files() {
        let dir = std::env::temp_dir().join(format!("xtask-sync-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(dir.join("src/kept.rs"), "same\n").unwrap();
        fs::write(dir.join("src/changed.rs"), "old\n").unwrap();
        fs::write(dir.join("src/orphan.rs"), "gone\n").unwrap();
        fs::create_dir_all(dir.join("tests")).unwrap();
        fs::write(dir.join("tests/hand_written.rs"), "mine\n").unwrap();
        let files: BTreeMap<String, String> =
            [("src/kept.rs", "same\n"), ("src/changed.rs", "new\n"), ("src/added.rs", "added\n")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let report = sync(&dir, &files, true).unwrap();
        assert_eq!(report.changed, vec![format!("{name}/src/changed.rs")]);
        assert_eq!(report.added, vec![format!("{name}/src/added.rs")]);
        assert_eq!(report.removed, vec![format!("{name}/src/orphan.rs")]);
        assert!(report.diff.contains("-old\n+new\n"), "{}", report.diff);
        assert_eq!(fs::read_to_string(dir.join("src/changed.rs")).unwrap(), "old\n", "check mode writes nothing");
        let report = sync(&dir, &files, false).unwrap();
        assert!(!report.is_clean());
        assert!(sync(&dir, &files, true).unwrap().is_clean(), "write mode leaves the directory fresh");
        assert!(!dir.join("src/orphan.rs").exists());
        assert!(dir.join("tests/hand_written.rs").exists(), "files outside src/ are not the generator's");
        fs::remove_dir_all(&dir).unwrap();
    }
}
