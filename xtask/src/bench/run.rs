//! Running the bench programs against the stub server: wall-clock samples, and
//! instruction counts under callgrind.
//!
//! Wall-clock figures move with whatever else the machine runs. Callgrind counts the
//! instructions the program itself executes (the stub runs in this process, outside it),
//! the same total for the same binary and inputs whatever the load; it counts no time
//! spent waiting and weighs a cache miss like any instruction, so it complements the
//! clock rather than replacing it. A per-call count is the difference between a long and
//! a short run divided by the extra calls, which cancels start-up and the warm-up calls.

use std::path::Path;
use std::process::Command;

use super::build::Program;

/// Runs `program` with `args` against the stub; returns its `name value` lines.
pub fn samples(root: &Path, program: &Program, url: &str, args: &[&str]) -> Result<Vec<(String, f64)>, String> {
    let output = command(root, program, url, None, args)
        .output()
        .map_err(|e| format!("cannot run bench-{}: {e}", program.name))?;
    if !output.status.success() {
        return Err(failure(program, args, &output.status, &output.stderr));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .map(|line| {
            let (name, value) =
                line.split_once(' ').ok_or_else(|| format!("bench-{} printed `{line}`", program.name))?;
            let value = value.parse().map_err(|_| format!("bench-{} printed `{line}`", program.name))?;
            Ok((name.to_owned(), value))
        })
        .collect()
}

/// Instructions per unit of work: callgrind's total for `long` minus that for `short`,
/// divided by `units` (the work `long` does beyond `short`).
pub fn instructions_per(
    root: &Path,
    program: &Program,
    url: &str,
    short: &[&str],
    long: &[&str],
    units: usize,
) -> Result<f64, String> {
    let short = instructions(root, program, url, short)?;
    let long = instructions(root, program, url, long)?;
    Ok((long as f64 - short as f64) / units as f64)
}

/// Whether `valgrind` can be run here.
pub fn valgrind_available() -> bool {
    Command::new("valgrind").arg("--version").output().is_ok_and(|output| output.status.success())
}

/// The median of the samples called `name`.
pub fn median_of(samples: &[(String, f64)], name: &str) -> Option<f64> {
    let mut values: Vec<f64> = samples.iter().filter(|(key, _)| key == name).map(|&(_, value)| value).collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => None,
        n if n % 2 == 1 => Some(values[n / 2]),
        n => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

fn instructions(root: &Path, program: &Program, url: &str, args: &[&str]) -> Result<u64, String> {
    let valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"];
    let output =
        command(root, program, url, Some(&valgrind), args).output().map_err(|e| format!("cannot run valgrind: {e}"))?;
    if !output.status.success() {
        return Err(failure(program, args, &output.status, &output.stderr));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr
        .lines()
        .find_map(|line| line.split_once("Collected :")?.1.trim().parse().ok())
        .ok_or_else(|| format!("callgrind printed no total for bench-{}:\n{stderr}", program.name))
}

/// The command running `program` (under `wrapper`, if given) with a clean AWS
/// environment pointing at the stub: region, static keys, `AWS_ENDPOINT_URL`, no profile
/// files, no instance metadata, no proxies.
fn command(root: &Path, program: &Program, url: &str, wrapper: Option<&[&str]>, args: &[&str]) -> Command {
    let binary = program.binary(root);
    let mut command = match wrapper {
        Some([tool, tool_args @ ..]) => {
            let mut command = Command::new(tool);
            command.args(tool_args).arg(&binary);
            command
        }
        _ => Command::new(&binary),
    };
    command.args(args);
    for variable in [
        "AWS_PROFILE",
        "AWS_DEFAULT_REGION",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL_ECR",
        "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(variable);
    }
    let nowhere = root.join("target/bench/no-such-aws-file");
    command
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "AKIDBENCHEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "bench/secret/not/a/real/key")
        .env("AWS_ENDPOINT_URL", url)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", &nowhere)
        .env("AWS_SHARED_CREDENTIALS_FILE", &nowhere)
        .env("NO_PROXY", "127.0.0.1");
    command
}

fn failure(program: &Program, args: &[&str], status: &std::process::ExitStatus, stderr: &[u8]) -> String {
    format!("bench-{} {} failed ({status}):\n{}", program.name, args.join(" "), String::from_utf8_lossy(stderr))
}

#[cfg(test)]
mod tests {
    #[test]
    fn median_of_odd_and_even_counts_of_one_name() {
        let samples: Vec<(String, f64)> =
            [("call_ns", 30.0), ("parse_ns", 1.0), ("call_ns", 10.0), ("call_ns", 20.0), ("describe_ns", 4.0)]
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect();
        assert_eq!(super::median_of(&samples, "call_ns"), Some(20.0));
        assert_eq!(super::median_of(&[samples[0].clone(), samples[2].clone()], "call_ns"), Some(20.0));
        assert_eq!(super::median_of(&samples, "parse_ns"), Some(1.0));
        assert_eq!(super::median_of(&samples, "missing"), None);
    }
}
