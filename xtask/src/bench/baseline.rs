//! `cargo xtask bench --baseline REV`: our bench program as it was at an earlier commit,
//! built and measured in the same run as today's, for a before-and-after table of a
//! change to the generator or the runtime.
//!
//! The earlier tree is checked out (detached, without touching the working tree) under
//! `target/bench/baseline`, and its own `xtask/bench/ours` program is built exactly as
//! today's is: a fresh target directory, the same measurements.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::build::{self, BuildFigures, Program};
use super::{mega, megabytes, ratio_text, seconds};

/// The earlier tree and what was measured of it.
pub struct Baseline {
    pub revision: String,
    pub tree: PathBuf,
    pub build: BuildFigures,
}

/// Checks `revision` out under `target/bench/baseline` and measures the build of its
/// bench program.
pub fn measure(root: &Path, cargo: &str, revision: &str, program: &Program) -> Result<Baseline, String> {
    let tree = root.join("target/bench/baseline");
    let resolved = git(root, &["rev-parse", "--verify", &format!("{revision}^{{commit}}")])?;
    if tree.join(".git").exists() {
        git(&tree, &["checkout", "--quiet", "--detach", &resolved])?;
    } else {
        git(root, &["worktree", "add", "--quiet", "--detach", path_text(&tree)?, &resolved])?;
    }
    let short = git(root, &["rev-parse", "--short", &resolved])?;
    println!("==> baseline: {short} checked out in {}", tree.display());
    let build = build::measure(&tree, cargo, program)?;
    Ok(Baseline { revision: short, tree, build })
}

/// The before-and-after table: build figures of both trees, and instructions per parse
/// of the large answer (`None` where they were not counted).
pub fn report(baseline: &Baseline, now: &BuildFigures, parse_before: Option<f64>, parse_now: Option<f64>) -> String {
    let rows: [Row; 5] = [
        ("clean release build (s)", Some(baseline.build.seconds), Some(now.seconds), seconds),
        ("… its CPU time, user + system (s)", baseline.build.cpu_seconds, now.cpu_seconds, seconds),
        (
            "peak build memory, largest process (MB)",
            baseline.build.peak_process_bytes.map(|v| v as f64),
            now.peak_process_bytes.map(|v| v as f64),
            megabytes,
        ),
        (
            "stripped release binary (MB)",
            Some(baseline.build.stripped_bytes as f64),
            Some(now.stripped_bytes as f64),
            megabytes,
        ),
        ("million instructions per parse (callgrind)", parse_before, parse_now, mega),
    ];
    let mut text = format!(
        "\nBefore and after: the ECR program at {} and in the working tree, built in the same run.\n\n\
         | | before | after | after / before |\n|---|---:|---:|---:|\n",
        baseline.revision
    );
    for (what, before, after, show) in rows {
        let cell = |value: Option<f64>| value.map_or_else(|| "n/a".to_owned(), show);
        let ratio = match (before, after) {
            (Some(before), Some(after)) if before > 0.0 => ratio_text(after / before),
            _ => "n/a".to_owned(),
        };
        text.push_str(&format!("| {what} | {} | {} | {ratio} |\n", cell(before), cell(after)));
    }
    text
}

/// A row of the table: what, before, after, and how a figure is shown.
type Row = (&'static str, Option<f64>, Option<f64>, fn(f64) -> String);

fn git(directory: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(directory)
        .output()
        .map_err(|e| format!("cannot run git {}: {e}", args.join(" ")))?;
    if !output.status.success() {
        return Err(format!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn path_text(path: &Path) -> Result<&str, String> {
    path.to_str().ok_or_else(|| format!("{} is not UTF-8", path.display()))
}
