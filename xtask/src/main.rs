//! `cargo xtask`: the project's task runner (regenerate code, check it, run every test).
//!
//! Cargo finds it through the `xtask` alias in `.cargo/config.toml`; it derives the
//! repository root from its own manifest directory, so it behaves the same from any
//! working directory.

mod bench;
mod codegen;
mod forward_compat;
mod fuzz;
mod model_diff;
mod protocol;
mod real_server;
mod smoke_stub;
mod soak;
mod test;
mod update_model;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]              regenerate the checked-in crates (or check they are fresh)
  codegen --model PATH --out DIR generate crates for any awsJson model into DIR
  test                           run formatting, lints, every test, the freshness check, docs
                                 and the client against a local moto server (needs python3)
  real-server                    only the last part: ecr-client's tests against moto
  hazards-smoke                  only the hazards client's smoke tests, against a local stub
  fuzz [--seconds N] [--seed S]  the response-parser and generator fuzz tests, longer (60 s each)
  model-diff OLD NEW             what changed between two models, in terms of the generated API
  update-model PATH              take a new ECR model: copy, regenerate, prepend the report to
                                 ecr-client/CHANGELOG.md
  soak [--calls N] [--tasks N]   one client, 64 tasks, 25000 calls against a local server mixing
                                 5xx, throttling, resets, stalls and clock skew; prints calls/s,
                                 attempts per call, outcomes and memory (not part of `test`)
  bench [--quick]                ours vs aws-sdk-ecr: builds, dependencies, binary size, calls,
                                 parsing, codegen (slow: builds the SDK; not part of `test`)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("real-server") => real_server::run_command(&args[1..]),
        Some("hazards-smoke") => smoke_stub::run_command(&args[1..]),
        Some("soak") => soak::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("model-diff") => model_diff::run(&args[1..]),
        Some("update-model") => update_model::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (the parent of this crate's directory).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives one level below the root").to_path_buf()
}
