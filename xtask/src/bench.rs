//! `cargo xtask bench`: our generated client against `aws-sdk-ecr`, side by side in one run.
//!
//! Three equivalent programs live in their own workspaces under `xtask/bench/` (so the main
//! workspace never builds them): `ours` (the generated `ecr-client` by path), `peer` (the
//! official SDK with `aws-config`) and `floor` (a hand-written `reqwest` + `serde_json` +
//! HMAC-SHA256 caller, the least any client must cost). Each is built in a fresh target
//! directory (`build.rs`); the same run then calls a stub server on 127.0.0.1 (`stub.rs`)
//! from each binary in turn, times the generator on the ECR model and prints a Markdown
//! table, also written to `target/bench/results.md`.
//!
//! Everything is measured side by side on whatever else the machine is doing, so the
//! ratios are the figures to read; the absolute numbers move from run to run.

mod baseline;
mod build;
mod cli;
mod run;
mod stub;

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use build::{BuildFigures, Program};

const PROGRAMS: [Program; 3] = [
    Program { name: "ours", locked: false, doc_packages: &["ecr-model", "ecr-client"] },
    Program { name: "peer", locked: true, doc_packages: &["aws-sdk-ecr"] },
    Program { name: "floor", locked: true, doc_packages: &[] },
];
/// Image details in the large `DescribeImages` answer.
const IMAGES: usize = 1000;
/// Invocations of each program, interleaved (ours, peer, floor, ours, …) against drift.
const REPETITIONS: usize = 9;
/// Rounds of `BatchCheckLayerAvailability` calls per invocation, and calls per round.
const ROUNDS: usize = 3;
const CALLS_PER_ROUND: usize = 200;
/// `DescribeImages` calls per invocation, after one warm-up call.
const DESCRIBES: usize = 10;
/// Parses of the large answer per program that can parse without a client.
const PARSES: usize = 60;

const USAGE: &str = "usage: cargo xtask bench [--quick | --cli | --baseline REV]\n\n  \
                     --quick         reuse the binaries of an earlier run: run-time figures only, no builds\n  \
                     --cli           only the generated `ecr` tool beside the AWS CLI\n  \
                     --baseline REV  also build our program as it was at commit REV, for a before-and-after table";

/// The run-time figures of one program: medians in nanoseconds, and instructions.
struct RunFigures {
    call_ns: Option<f64>,
    describe_ns: Option<f64>,
    parse_ns: Option<f64>,
    call_instructions: Option<f64>,
    describe_instructions: Option<f64>,
    parse_instructions: Option<f64>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let (quick, cli_only, baseline_revision) = match args {
        [] => (false, false, None),
        [flag] if flag == "--quick" => (true, false, None),
        [flag] if flag == "--cli" => (false, true, None),
        [flag, revision] if flag == "--baseline" => (false, false, Some(revision.as_str())),
        _ => return Err(USAGE.to_owned()),
    };
    let root = crate::project_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    if cli_only {
        let url = stub::start(stub::describe_images_body(1))?;
        let section = cli::measure(&root, &cargo, &url)?;
        print!("\n{section}");
        return Ok(());
    }
    let bench_dir = root.join("target/bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| format!("cannot create {}: {e}", bench_dir.display()))?;

    let mut builds: Vec<Option<BuildFigures>> = Vec::new();
    for program in &PROGRAMS {
        builds.push(if quick { None } else { Some(build::measure(&root, &cargo, program)?) });
        if !program.binary(&root).exists() {
            return Err(format!("no binary at {}: run without --quick first", program.binary(&root).display()));
        }
    }

    let baseline =
        baseline_revision.map(|revision| baseline::measure(&root, &cargo, revision, &PROGRAMS[0])).transpose()?;

    println!("==> codegen: cargo bench -p codegen --bench generate");
    let codegen = codegen_median_ms(&root, &cargo);

    let body = stub::describe_images_body(IMAGES);
    let body_file = bench_dir.join("describe_images.json");
    std::fs::write(&body_file, &body).map_err(|e| format!("cannot write {}: {e}", body_file.display()))?;
    let url = stub::start(body.clone())?;
    println!("==> run time: stub server at {url}; {REPETITIONS} × {ROUNDS} rounds of {CALLS_PER_ROUND} calls each");
    let mut samples: Vec<Vec<(String, f64)>> = vec![Vec::new(); PROGRAMS.len()];
    for _ in 0..REPETITIONS {
        for (program, samples) in PROGRAMS.iter().zip(&mut samples) {
            let args = [
                "calls",
                &ROUNDS.to_string(),
                &CALLS_PER_ROUND.to_string(),
                &DESCRIBES.to_string(),
                &IMAGES.to_string(),
            ];
            samples.extend(run::samples(&root, program, &url, &args)?);
        }
    }
    let file = body_file.to_str().ok_or("the bench directory's path is not UTF-8")?;
    for (program, samples) in PROGRAMS.iter().zip(&mut samples) {
        if program.name != "peer" {
            samples.extend(run::samples(
                &root,
                program,
                &url,
                &["parse", file, &PARSES.to_string(), &IMAGES.to_string()],
            )?);
        }
    }
    let valgrind = run::valgrind_available();
    if valgrind {
        println!("==> instructions: each program under callgrind, a short and a long run per figure");
    } else {
        println!("==> instructions: valgrind is not installed, no instruction counts");
    }
    let images = IMAGES.to_string();
    let mut runs = Vec::new();
    for (program, samples) in PROGRAMS.iter().zip(&samples) {
        let count = |short: &[&str], long: &[&str], units| {
            valgrind.then(|| run::instructions_per(&root, program, &url, short, long, units)).transpose()
        };
        let parses = program.name != "peer";
        runs.push(RunFigures {
            call_ns: run::median_of(samples, "call_ns"),
            describe_ns: run::median_of(samples, "describe_ns"),
            parse_ns: run::median_of(samples, "parse_ns"),
            call_instructions: count(&["calls", "1", "100", "0", &images], &["calls", "1", "600", "0", &images], 500)?,
            describe_instructions: count(&["calls", "0", "0", "1", &images], &["calls", "0", "0", "6", &images], 5)?,
            parse_instructions: if parses {
                count(&["parse", file, "1", &images], &["parse", file, "6", &images], 5)?
            } else {
                None
            },
        });
    }

    let baseline_section = match (&baseline, &builds[0]) {
        (Some(baseline), Some(now)) => {
            let before = if valgrind {
                let (short, long) = (["parse", file, "1", &images], ["parse", file, "6", &images]);
                Some(run::instructions_per(&baseline.tree, &PROGRAMS[0], &url, &short, &long, 5)?)
            } else {
                None
            };
            baseline::report(baseline, now, before, runs[0].parse_instructions)
        }
        _ => String::new(),
    };
    let cli_section =
        cli::measure(&root, &cargo, &url).unwrap_or_else(|message| format!("Command line: not measured: {message}\n"));
    let report = format!("{}{baseline_section}\n{cli_section}", report(&root, &builds, &runs, codegen, body.len()));
    print!("\n{report}");
    let results = bench_dir.join("results.md");
    std::fs::write(&results, &report).map_err(|e| format!("cannot write {}: {e}", results.display()))?;
    println!("\n(written to {})", results.display());
    Ok(())
}

/// The median time of the generator on the ECR model, from `codegen`'s bench; the error
/// text instead when that bench does not run.
fn codegen_median_ms(root: &Path, cargo: &str) -> Result<f64, String> {
    let output = Command::new(cargo)
        .args(["bench", "--quiet", "-p", "codegen", "--bench", "generate"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let median = stdout.lines().find_map(|line| {
        let rest = line.split_once("median ")?.1;
        rest.split_once(" ms")?.0.parse::<f64>().ok()
    });
    median.ok_or_else(|| {
        format!("codegen bench failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim_end())
    })
}

/// One line of the table: a figure of ours, of the peer and of the floor.
struct Row {
    what: &'static str,
    ours: Option<f64>,
    peer: Option<f64>,
    floor: Option<f64>,
    show: fn(f64) -> String,
    /// The highest ours/peer ratio the issue accepts, if it sets one.
    goal: Option<f64>,
    /// The highest ours/floor ratio the issue accepts, if it sets one.
    floor_goal: Option<f64>,
    /// The highest figure of ours the issue accepts, in the row's unit, if it sets one.
    limit: Option<f64>,
}

fn report(
    root: &Path,
    builds: &[Option<BuildFigures>],
    runs: &[RunFigures],
    codegen: Result<f64, String>,
    body_bytes: usize,
) -> String {
    let build = |index: usize, figure: fn(&BuildFigures) -> Option<f64>| builds[index].as_ref().and_then(figure);
    let build_row = |what, figure: fn(&BuildFigures) -> Option<f64>, show, goal| Row {
        what,
        ours: build(0, figure),
        peer: build(1, figure),
        floor: build(2, figure),
        show,
        goal,
        floor_goal: None,
        limit: None,
    };
    let run_row = |what, figure: fn(&RunFigures) -> Option<f64>, show, goal, floor_goal| Row {
        what,
        ours: figure(&runs[0]),
        peer: figure(&runs[1]),
        floor: figure(&runs[2]),
        show,
        goal,
        floor_goal,
        limit: None,
    };
    let megabytes_per_second = |ns: Option<f64>| ns.map(|ns| body_bytes as f64 / ns * 1000.0);
    let rows = [
        build_row("clean release build (s)", |b| Some(b.seconds), seconds, Some(0.35)),
        build_row("… its CPU time, user + system (s)", |b| b.cpu_seconds, seconds, Some(0.35)),
        build_row(
            "peak build memory, largest process (MB)",
            |b| b.peak_process_bytes.map(|v| v as f64),
            megabytes,
            Some(0.5),
        ),
        build_row(
            "peak build memory, whole build sampled (MB)",
            |b| Some(b.peak_tree_bytes as f64),
            megabytes,
            Some(0.5),
        ),
        build_row("packages in Cargo.lock (all platforms)", |b| Some(b.lock_packages as f64), count, None),
        build_row("unique crates, normal dependency tree (Linux)", |b| Some(b.tree_crates as f64), count, Some(0.7)),
        build_row("stripped release binary (MB)", |b| Some(b.stripped_bytes as f64), megabytes, Some(0.33)),
        build_row("`cargo doc --no-deps`, generated crates (s)", |b| b.doc_seconds, seconds, None),
        run_row("BatchCheckLayerAvailability per call (µs)", |r| r.call_ns, micros, Some(0.65), Some(1.05)),
        run_row("… instructions per call (callgrind)", |r| r.call_instructions, count, Some(0.65), None),
        run_row("calls/s", |r| r.call_ns.map(|ns| 1e9 / ns), count, None, None),
        run_row("DescribeImages call, 1000 images (ms)", |r| r.describe_ns, millis, Some(0.6), None),
        run_row("… million instructions per call (callgrind)", |r| r.describe_instructions, mega, Some(0.6), None),
        run_row("parse of that answer alone (ms)", |r| r.parse_ns, millis, None, Some(1.3)),
        run_row("… million instructions per parse (callgrind)", |r| r.parse_instructions, mega, None, Some(1.3)),
        Row {
            what: "parse throughput (MB/s)",
            ours: megabytes_per_second(runs[0].parse_ns),
            peer: None,
            floor: megabytes_per_second(runs[2].parse_ns),
            show: count,
            goal: None,
            floor_goal: None,
            limit: None,
        },
        Row {
            what: "codegen, ECR model, release (ms)",
            ours: codegen.as_ref().ok().copied(),
            peer: None,
            floor: None,
            show: |ms| format!("{ms:.0}"),
            goal: None,
            floor_goal: None,
            limit: Some(300.0),
        },
    ];

    let mut out = String::new();
    let peer_manifest = PROGRAMS[1].manifest(root);
    let version = |package| build::locked_version(&peer_manifest, package).unwrap_or_else(|| "?".to_owned());
    let _ = writeln!(
        out,
        "Measured {} on {}; {}; peer `aws-sdk-ecr` {} with `aws-config` {} (default features, \
         `behavior-version-latest`); floor `reqwest` {} (rustls on ring) + `serde_json` + `hmac`/`sha2`.",
        command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        machine(),
        command_line("rustc", &["--version"]),
        version("aws-sdk-ecr"),
        version("aws-config"),
        build::locked_version(&PROGRAMS[2].manifest(root), "reqwest").unwrap_or_else(|| "?".to_owned()),
    );
    let _ = writeln!(
        out,
        "All sides were measured side by side in this one run on a shared machine: the ratios matter more than the absolute numbers.\n"
    );
    let _ = writeln!(out, "| what | ours | aws-sdk-ecr | ours/peer | goal | floor | ours/floor |");
    let _ = writeln!(out, "|---|---:|---:|---:|---|---:|---:|");
    let cell = |value: Option<f64>, show: fn(f64) -> String| value.map_or_else(|| "—".to_owned(), show);
    for row in &rows {
        let ratio = |other: Option<f64>| Some(row.ours? / other?);
        let verdict = |ratio: Option<f64>, goal: Option<f64>| match (ratio, goal) {
            (Some(ratio), Some(goal)) => format!("≤ {goal} {}", if ratio <= goal { "met" } else { "**missed**" }),
            (None, Some(goal)) => format!("≤ {goal}"),
            _ => String::new(),
        };
        let to_peer = ratio(row.peer);
        let to_floor = ratio(row.floor);
        let mut goal = verdict(to_peer, row.goal);
        if let (Some(ours), Some(limit)) = (row.ours, row.limit) {
            goal = format!("≤ {limit} {}", if ours <= limit { "met" } else { "**missed**" });
        }
        let floor_goal = verdict(to_floor, row.floor_goal);
        if !floor_goal.is_empty() {
            if !goal.is_empty() {
                goal.push_str("; ");
            }
            let _ = write!(goal, "vs floor {floor_goal}");
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {goal} | {} | {} |",
            row.what,
            cell(row.ours, row.show),
            cell(row.peer, row.show),
            cell(to_peer, ratio_text),
            cell(row.floor, row.show),
            cell(to_floor, ratio_text),
        );
    }
    if builds.iter().any(Option::is_some) {
        let _ = writeln!(out, "\nSlowest crates to compile (s, `cargo build --release --timings`, two at a time):");
        for (program, figures) in PROGRAMS.iter().zip(builds) {
            if let Some(figures) = figures {
                let crates: Vec<String> =
                    figures.slowest_crates.iter().map(|(name, seconds)| format!("{name} {seconds:.1}")).collect();
                let _ = writeln!(out, "- {}: {}", program.name, crates.join(", "));
            }
        }
        let _ = writeln!(
            out,
            "\nLargest crates in the binary (kB of symbols by defining crate, `nm` before stripping; (other): no Rust path):"
        );
        for (program, figures) in PROGRAMS.iter().zip(builds) {
            if let Some(figures) = figures {
                let crates: Vec<String> =
                    figures.largest_crates.iter().map(|(name, bytes)| format!("{name} {}", bytes / 1000)).collect();
                let _ = writeln!(out, "- {}: {}", program.name, crates.join(", "));
            }
        }
    }
    if let Err(message) = codegen {
        let _ = writeln!(out, "\nThe codegen figure is missing: {message}");
    }
    out
}

fn seconds(value: f64) -> String {
    format!("{value:.1}")
}

fn megabytes(bytes: f64) -> String {
    format!("{:.1}", bytes / 1e6)
}

fn count(value: f64) -> String {
    format!("{value:.0}")
}

fn mega(value: f64) -> String {
    format!("{:.2}", value / 1e6)
}

fn micros(ns: f64) -> String {
    format!("{:.1}", ns / 1e3)
}

fn millis(ns: f64) -> String {
    format!("{:.2}", ns / 1e6)
}

fn ratio_text(ratio: f64) -> String {
    format!("{ratio:.2}")
}

/// Cores and memory of this machine.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory_kb = std::fs::read_to_string("/proc/meminfo").ok().and_then(|info| {
        info.lines()
            .find_map(|line| line.strip_prefix("MemTotal:")?.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
    });
    match memory_kb {
        Some(kb) => format!("{cores} cores, {:.0} GiB", kb as f64 / 1024.0 / 1024.0),
        None => format!("{cores} cores"),
    }
}

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map_or_else(|| format!("({program} unavailable)"), |text| text.trim().to_owned())
}
