//! Build-side figures of `cargo xtask bench`: clean release build time and peak memory,
//! dependency counts, stripped binary size and `cargo doc` time of one bench program.
//!
//! Each program is built in its own fresh target directory after an untimed `cargo fetch`.
//! Peak memory is read two ways: the largest single process (`/usr/bin/time -v`, the
//! kernel's exact maximum resident set of any one descendant, when that program is
//! installed) and the whole build (the sum of resident sets over the build's process tree,
//! sampled from `/proc` every 50 ms, so a short spike between samples can be missed).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// One of the bench programs under `xtask/bench/`.
pub struct Program {
    /// `ours`, `peer` or `floor`: its directory and the suffix of its binary's name.
    pub name: &'static str,
    /// Whether its committed `Cargo.lock` must be used as is. Ours is not locked: it
    /// follows our crates by path, so a dependency change there updates its lock.
    pub locked: bool,
    /// The packages whose documentation `cargo doc --no-deps` times (none for the floor).
    pub doc_packages: &'static [&'static str],
}

pub struct BuildFigures {
    pub seconds: f64,
    /// User plus system time of the whole build (`/usr/bin/time -v`): less moved by other
    /// load on the machine than the wall clock.
    pub cpu_seconds: Option<f64>,
    pub peak_process_bytes: Option<u64>,
    pub peak_tree_bytes: u64,
    pub lock_packages: usize,
    pub tree_crates: usize,
    pub stripped_bytes: u64,
    pub doc_seconds: Option<f64>,
    /// The crates that took longest to compile, with their seconds (`cargo build --timings`;
    /// a crate's build script and library counted together), slowest first.
    pub slowest_crates: Vec<(String, f64)>,
    /// The crates with the most bytes of symbols in the binary (`nm`; a generic function
    /// counts for the crate defining it, C code by its symbol prefix), largest first.
    pub largest_crates: Vec<(String, u64)>,
}

impl Program {
    pub fn manifest(&self, root: &Path) -> PathBuf {
        root.join("xtask/bench").join(self.name).join("Cargo.toml")
    }

    pub fn target_dir(&self, root: &Path) -> PathBuf {
        root.join("target/bench").join(self.name)
    }

    pub fn binary(&self, root: &Path) -> PathBuf {
        self.target_dir(root).join("release").join(format!("bench-{}", self.name))
    }
}

/// Builds `program` from a fresh target directory and measures it.
pub fn measure(root: &Path, cargo: &str, program: &Program) -> Result<BuildFigures, String> {
    let target_dir = program.target_dir(root);
    let manifest = program.manifest(root);
    let cargo_command = |args: &[&str]| {
        let mut command = Command::new(cargo);
        command
            .args(args)
            .arg("--manifest-path")
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", &target_dir)
            .current_dir(manifest.parent().expect("a manifest has a directory"));
        if program.locked {
            command.arg("--locked");
        }
        command
    };
    run_quietly(cargo_command(&["fetch"]), &format!("cargo fetch for {}", program.name))?;
    if target_dir.exists() {
        std::fs::remove_dir_all(&target_dir).map_err(|e| format!("cannot remove {}: {e}", target_dir.display()))?;
    }
    std::fs::create_dir_all(&target_dir).map_err(|e| format!("cannot create {}: {e}", target_dir.display()))?;

    println!("==> {}: clean release build (fresh target dir)", program.name);
    let time_report = target_dir.join("time-v.txt");
    let gnu_time = Path::new("/usr/bin/time");
    let mut build = if gnu_time.exists() {
        let inner = cargo_command(&["build", "--release", "--timings"]);
        let mut command = Command::new(gnu_time);
        command.arg("-v").arg("-o").arg(&time_report).arg(inner.get_program()).args(inner.get_args());
        command.envs(inner.get_envs().filter_map(|(key, value)| Some((key, value?))));
        if let Some(directory) = inner.get_current_dir() {
            command.current_dir(directory);
        }
        command
    } else {
        cargo_command(&["build", "--release", "--timings"])
    };
    let log = target_dir.join("build.log");
    let log_file = std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    build.stdout(Stdio::null()).stderr(log_file);
    let started = Instant::now();
    let mut child = build.spawn().map_err(|e| format!("cannot run the build of {}: {e}", program.name))?;
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = Arc::clone(&done);
        let pid = child.id();
        std::thread::spawn(move || sample_tree_peak(pid, &done))
    };
    let status = child.wait().map_err(|e| format!("build of {}: {e}", program.name))?;
    let seconds = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let peak_tree_bytes = sampler.join().map_err(|_| "the memory sampler panicked".to_owned())?;
    if !status.success() {
        return Err(format!("the build of {} failed ({status}); its log: {}", program.name, log.display()));
    }
    let time_report = std::fs::read_to_string(&time_report).unwrap_or_default();
    let reported =
        |label: &str| time_report.lines().find_map(|line| line.trim().strip_prefix(label)?.trim().parse::<f64>().ok());
    let peak_process_bytes = reported("Maximum resident set size (kbytes):").map(|kilobytes| kilobytes as u64 * 1024);
    let cpu_seconds =
        reported("User time (seconds):").zip(reported("System time (seconds):")).map(|(user, system)| user + system);
    println!("    {seconds:.1} s");

    let slowest_crates = slowest_crates(&target_dir.join("cargo-timings/cargo-timing.html"));
    let lock_packages = count_lock_packages(&manifest.with_file_name("Cargo.lock"))?;
    let tree = capture(cargo_command(&["tree", "-e", "normal", "--prefix", "none"]), "cargo tree")?;
    let tree_crates = count_tree_crates(&tree);
    let binary = program.binary(root);
    let stripped = target_dir.join(format!("bench-{}.stripped", program.name));
    let mut strip = Command::new("strip");
    strip.arg("-o").arg(&stripped).arg(&binary);
    run_quietly(strip, "strip")?;
    let largest_crates = largest_crates(&binary);
    let stripped_bytes = std::fs::metadata(&stripped).map_err(|e| format!("{}: {e}", stripped.display()))?.len();

    let doc_seconds = if program.doc_packages.is_empty() {
        None
    } else {
        println!(
            "==> {}: cargo check (untimed), then cargo doc --no-deps of {}",
            program.name,
            program.doc_packages.join(", ")
        );
        run_quietly(cargo_command(&["check"]), "cargo check")?;
        let mut doc = cargo_command(&["doc", "--no-deps"]);
        for package in program.doc_packages {
            doc.args(["-p", package]);
        }
        let started = Instant::now();
        run_quietly(doc, "cargo doc")?;
        Some(started.elapsed().as_secs_f64())
    };
    Ok(BuildFigures {
        seconds,
        cpu_seconds,
        peak_process_bytes,
        peak_tree_bytes,
        lock_packages,
        tree_crates,
        stripped_bytes,
        doc_seconds,
        slowest_crates,
        largest_crates,
    })
}

/// The version of `package` in the `Cargo.lock` next to `manifest`, if it is there.
pub fn locked_version(manifest: &Path, package: &str) -> Option<String> {
    let lock = std::fs::read_to_string(manifest.with_file_name("Cargo.lock")).ok()?;
    let mut lines = lock.lines();
    let wanted = format!("name = \"{package}\"");
    lines.find(|line| *line == wanted)?;
    let version = lines.next()?.strip_prefix("version = \"")?.strip_suffix('"')?;
    Some(version.to_owned())
}

/// The five crates with the longest compile time in a `--timings` report (none if the
/// report is missing or its form has changed).
fn slowest_crates(report: &Path) -> Vec<(String, f64)> {
    let Ok(html) = std::fs::read_to_string(report) else { return Vec::new() };
    let Some((_, data)) = html.split_once("const UNIT_DATA = ") else { return Vec::new() };
    let Some(Ok(serde_json::Value::Array(units))) = serde_json::Deserializer::from_str(data).into_iter().next() else {
        return Vec::new();
    };
    let mut crates: Vec<(String, f64)> = Vec::new();
    for unit in &units {
        let (Some(name), Some(duration)) = (unit["name"].as_str(), unit["duration"].as_f64()) else { continue };
        match crates.iter_mut().find(|(known, _)| known == name) {
            Some((_, total)) => *total += duration,
            None => crates.push((name.to_owned(), duration)),
        }
    }
    crates.sort_by(|a, b| b.1.total_cmp(&a.1));
    crates.truncate(5);
    crates
}

/// The eight crates with the most symbol bytes in `binary`, by the first path segment of
/// each demangled symbol (`ring_core_…` C symbols count as `ring`); empty without `nm`.
fn largest_crates(binary: &Path) -> Vec<(String, u64)> {
    let mut nm = Command::new("nm");
    nm.args(["--demangle", "--print-size", "--size-sort"]).arg(binary);
    let Ok(symbols) = capture(nm, "nm") else { return Vec::new() };
    let mut crates: Vec<(String, u64)> = Vec::new();
    for line in symbols.lines() {
        let mut fields = line.splitn(4, ' ');
        let (Some(_), Some(size), Some(_), Some(name)) = (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Ok(size) = u64::from_str_radix(size, 16) else { continue };
        let name = name.trim_start_matches(['<', '&', '*']).trim_start_matches("dyn ");
        let owner = match name.split_once("::") {
            Some((krate, _)) if !krate.contains([' ', '<']) => krate,
            _ if name.starts_with("ring_core_") => "ring",
            _ => "(other)",
        };
        match crates.iter_mut().find(|(known, _)| known == owner) {
            Some((_, total)) => *total += size,
            None => crates.push((owner.to_owned(), size)),
        }
    }
    crates.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    crates.truncate(8);
    crates
}

/// Packages in a lock file, the program itself excluded.
fn count_lock_packages(lock: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(lock).map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    Ok(text.lines().filter(|line| *line == "[[package]]").count().saturating_sub(1))
}

/// Distinct `name version` pairs in `cargo tree --prefix none` output, the root excluded.
fn count_tree_crates(tree: &str) -> usize {
    let mut crates: Vec<(&str, &str)> = tree
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some((words.next()?, words.next()?))
        })
        .collect();
    crates.sort_unstable();
    crates.dedup();
    crates.len().saturating_sub(1)
}

/// The largest sum of resident set sizes over `root` and its descendants, sampled until
/// `done` is set.
fn sample_tree_peak(root: u32, done: &AtomicBool) -> u64 {
    let mut peak = 0;
    while !done.load(Ordering::Relaxed) {
        peak = peak.max(tree_resident_bytes(root));
        std::thread::sleep(Duration::from_millis(50));
    }
    peak
}

fn tree_resident_bytes(root: u32) -> u64 {
    const PAGE_SIZE: u64 = 4096;
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    // Each process as (pid, parent, resident pages), from `/proc/PID/stat`.
    let processes: Vec<(u32, u32, u64)> = entries
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // Fields after the command name, which may hold spaces: state, ppid, … ; rss is field 24.
            let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
            Some((pid, fields.get(1)?.parse().ok()?, fields.get(21)?.parse().ok()?))
        })
        .collect();
    let mut tree = vec![root];
    let mut total = 0;
    let mut index = 0;
    while let Some(&pid) = tree.get(index) {
        for &(child, parent, pages) in &processes {
            if child == pid {
                total += pages * PAGE_SIZE;
            }
            if parent == pid {
                tree.push(child);
            }
        }
        index += 1;
    }
    total
}

fn run_quietly(mut command: Command, what: &str) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("cannot run {what}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{what} failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr)));
    }
    Ok(())
}

fn capture(mut command: Command, what: &str) -> Result<String, String> {
    let output = command.output().map_err(|e| format!("cannot run {what}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{what} failed ({}):\n{}", output.status, String::from_utf8_lossy(&output.stderr)));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("{what} printed non-UTF-8: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tree_crates_are_distinct_name_version_pairs_without_the_root() {
        let tree = "bench-ours v0.1.0 (/work/bench/ours)\n\
                    ecr-client v0.1.0 (/work/ecr-client)\n\
                    serde v1.0.228\n\
                    serde_derive v1.0.228 (proc-macro)\n\
                    serde v1.0.228 (*)\n\
                    syn v1.0.109\n\
                    syn v2.0.111\n";
        assert_eq!(super::count_tree_crates(tree), 5);
    }

    #[test]
    fn slowest_crates_sum_each_crates_units() {
        let report = std::env::temp_dir().join(format!("xtask-bench-timings-{}.html", std::process::id()));
        let html = r#"<script>
const UNIT_DATA = [
  {"i": 0, "name": "ring", "mode": "run-custom-build", "duration": 9.5},
  {"i": 1, "name": "serde", "mode": "todo", "duration": 3.0},
  {"i": 2, "name": "ring", "mode": "todo", "duration": 1.5}
];
const CONCURRENCY_DATA = [];
</script>"#;
        std::fs::write(&report, html).unwrap();
        let slowest = super::slowest_crates(&report);
        std::fs::remove_file(&report).unwrap();
        assert_eq!(slowest, [("ring".to_owned(), 11.0), ("serde".to_owned(), 3.0)]);
    }
}
