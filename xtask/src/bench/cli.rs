//! The generated `ecr` tool beside the AWS CLI (`awscli`, pinned in the real-server
//! requirements and installed in that virtual environment): wall time and peak memory
//! of one `describe-repositories` and one `batch-check-layer-availability` against the
//! stub server, the median of interleaved runs, and the tool's stripped size. Part of
//! `cargo xtask bench`; `cargo xtask bench --cli` runs it alone.
//!
//! Both programs get the same empty home, keys and `--endpoint-url`, and their
//! answers are checked: each must exit 0 and print the same JSON value.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs of each command per program, interleaved (ours, theirs, ours, …).
const RUNS: usize = 15;
/// Goals of the tool, per command.
const GOAL_MS: f64 = 20.0;
const GOAL_MB: f64 = 15.0;

const COMMANDS: [(&str, &[&str]); 2] = [
    ("describe-repositories", &["describe-repositories"]),
    (
        "batch-check-layer-availability",
        &[
            "batch-check-layer-availability",
            "--repository-name",
            "bench/service",
            "--layer-digests",
            "sha256:8e3fa21c4cc40232e835a6761332d225c7af3235c5755f44ada2ed9d0e4ab7e8",
        ],
    ),
];

/// One program's way to run a command.
struct Tool {
    name: &'static str,
    program: PathBuf,
    /// Arguments before the command (`ecr` for the AWS CLI).
    prefix: &'static [&'static str],
}

/// Builds the tool, prepares the AWS CLI, measures both against the stub at `url`
/// and returns the Markdown section of the report.
pub fn measure(root: &Path, cargo: &str, url: &str) -> Result<String, String> {
    println!("==> cli: cargo build --release -p ecr-client --features cli --bin ecr");
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "ecr-client", "--features", "cli", "--bin", "ecr"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("building the ecr tool failed ({status})"));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let ours = target.join("release").join("ecr");
    let bench_dir = root.join("target/bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| format!("cannot create {}: {e}", bench_dir.display()))?;
    let stripped = bench_dir.join("ecr-stripped");
    std::fs::copy(&ours, &stripped).map_err(|e| format!("cannot copy {}: {e}", ours.display()))?;
    let strip = Command::new("strip").arg(&stripped).status().map_err(|e| format!("cannot run strip: {e}"))?;
    if !strip.success() {
        return Err(format!("strip failed ({strip})"));
    }
    let size = std::fs::metadata(&stripped).map_err(|e| format!("{}: {e}", stripped.display()))?.len();

    let venv = crate::real_server::prepare_venv(root, &root.join("target/real-server"))?;
    let aws = crate::real_server::venv_bin(&venv, "aws");
    let version =
        Command::new(&aws).arg("--version").output().map_err(|e| format!("cannot run {}: {e}", aws.display()))?;
    let version = String::from_utf8_lossy(&version.stdout).split_whitespace().next().unwrap_or("aws-cli").to_owned();
    let tools = [
        Tool { name: "ecr", program: stripped.clone(), prefix: &[] },
        Tool { name: "aws", program: aws, prefix: &["ecr"] },
    ];
    let home = bench_dir.join("cli-home");
    std::fs::create_dir_all(&home).map_err(|e| format!("cannot create {}: {e}", home.display()))?;

    println!("==> cli: {RUNS} interleaved runs of each command by each program ({version})");
    let mut table = String::from(
        "| command | ecr (ms) | aws (ms) | ecr/aws | ecr peak (MB) | aws peak (MB) | goal ≤ 20 ms, ≤ 15 MB | same JSON |\n\
         |---|---:|---:|---:|---:|---:|---|---|\n",
    );
    for (label, args) in COMMANDS {
        let mut times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        let mut peaks: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        let mut outputs: [String; 2] = [String::new(), String::new()];
        for _ in 0..RUNS {
            for (index, tool) in tools.iter().enumerate() {
                let (ms, output) = timed(tool, args, url, &home)?;
                times[index].push(ms);
                outputs[index] = output;
                peaks[index].push(peak_mb(tool, args, url, &home)?);
            }
        }
        let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
        let same = match (parse(&outputs[0]), parse(&outputs[1])) {
            (Some(a), Some(b)) if outputs[0] == outputs[1] => (a == b).then_some("yes, byte for byte"),
            (Some(a), Some(b)) => (a == b).then_some("yes (key order differs)"),
            _ => None,
        };
        let (ecr_ms, aws_ms) = (median(&mut times[0]), median(&mut times[1]));
        let (ecr_mb, aws_mb) = (median(&mut peaks[0]), median(&mut peaks[1]));
        let met = if ecr_ms <= GOAL_MS && ecr_mb <= GOAL_MB { "met" } else { "**missed**" };
        table.push_str(&format!(
            "| `{label}` | {ecr_ms:.1} | {aws_ms:.1} | {:.3} | {ecr_mb:.1} | {aws_mb:.1} | {met} | {} |\n",
            ecr_ms / aws_ms,
            same.unwrap_or("**no**")
        ));
    }
    table.push_str(&format!(
        "| stripped `ecr` binary (MB) | {:.1} | — | — | — | — |  |  |\n",
        size as f64 / 1_000_000.0
    ));
    Ok(format!(
        "Command line: the generated `ecr` tool (`--features cli`, release, stripped) beside the AWS CLI \
         ({version}), each command against the stub server, median of {RUNS} interleaved runs; peak memory is \
         the maximum resident set from `/usr/bin/time`.\n\n{table}"
    ))
}

fn command(tool: &Tool, args: &[&str], url: &str, home: &Path) -> Command {
    let mut command = Command::new(&tool.program);
    command
        .args(tool.prefix)
        .args(args)
        .args(["--endpoint-url", url, "--region", "us-east-1", "--output", "json"])
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_ACCESS_KEY_ID", "AKIDBENCH")
        .env("AWS_SECRET_ACCESS_KEY", "bench-secret");
    command
}

/// The wall time of one run in milliseconds, and its output; a failed run is an error.
fn timed(tool: &Tool, args: &[&str], url: &str, home: &Path) -> Result<(f64, String), String> {
    let started = Instant::now();
    let output = command(tool, args, url, home).output().map_err(|e| format!("cannot run {}: {e}", tool.name))?;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    if !output.status.success() {
        return Err(format!(
            "{} {args:?} failed ({}): {}",
            tool.name,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok((ms, String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// The peak resident set of one run in MB, from `/usr/bin/time -f %M` (kB).
fn peak_mb(tool: &Tool, args: &[&str], url: &str, home: &Path) -> Result<f64, String> {
    let inner = command(tool, args, url, home);
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped.args(["-f", "%M"]).arg(inner.get_program()).args(inner.get_args()).env_clear();
    for (name, value) in inner.get_envs() {
        if let Some(value) = value {
            wrapped.env(name, value);
        }
    }
    let output = wrapped.output().map_err(|e| format!("cannot run /usr/bin/time: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kb = stderr.lines().last().and_then(|line| line.trim().parse::<f64>().ok());
    kb.map(|kb| kb / 1000.0).ok_or_else(|| format!("/usr/bin/time gave no peak for {}: {stderr}", tool.name))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}
