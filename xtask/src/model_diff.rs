//! `cargo xtask model-diff OLD NEW`: what changed between two revisions of a model, in
//! terms of the generated Rust API, each change classified and the implied semver bump.
//!
//! The comparison itself is `codegen::diff`; this module reads the files and prints.

use std::fs;
use std::path::Path;

/// Runs the command: prints the Markdown report of `OLD` → `NEW`.
pub fn run(args: &[String]) -> Result<(), String> {
    let [old, new] = args else {
        return Err("usage: cargo xtask model-diff OLD NEW".to_owned());
    };
    print!("{}", report(Path::new(old), Path::new(new))?.1);
    Ok(())
}

/// Compares two model files: the report and its Markdown form (labelled by file names).
pub fn report(old: &Path, new: &Path) -> Result<(codegen::diff::Report, String), String> {
    let read = |path: &Path| fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let report = codegen::diff::diff(&read(old)?, &read(new)?).map_err(|d| d.to_string())?;
    let text = codegen::diff::render_markdown(&report, &label(old), &label(new));
    Ok((report, text))
}

/// A path as the report names it: as given, with `/` separators.
fn label(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}
