//! `cargo xtask soak`: one client, 64 tasks, N calls against a local server that mixes
//! in faults (5xx, throttling, resets, stalled bodies, and clock-skew errors after each
//! jump of its clock). It prints calls/s, attempts per call, outcomes by kind and the
//! resident memory, and fails when a call outlives its bound, when a call ends in a
//! way no fault explains, or when memory grows past the tolerance.
//!
//! Not part of `cargo test` or `cargo xtask test`: it is a load run, bounded (about half
//! a minute with the defaults), for changes to dispatch, retries and timeouts.

mod server;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_client_runtime::client::{
    Config, Handle, RawServiceError, RetryConfig, SdkError, ServiceInfo, StalledStreamProtection, TimeoutConfig, invoke,
};
use aws_client_runtime::credentials::Credentials;
use aws_client_runtime::rules::ResolvedEndpoint;

const USAGE: &str = "usage: cargo xtask soak [--calls N] [--tasks N]\n\n  --calls N  calls in all (default 25000)\n  --tasks N  concurrent tasks sharing the client (default 64)";

/// Calls made before the memory baseline is taken, so that pools, buffers and the
/// allocator's arenas have reached their working size.
const WARM_UP: u64 = 2_000;
/// How much the resident set may grow from the end of the warm-up to the end.
const RSS_TOLERANCE_KIB: u64 = 16 * 1024;

/// Limits short enough that faults resolve quickly, so the run measures the client,
/// not its waiting.
const STALL_GRACE: Duration = Duration::from_millis(200);
const FIRST_BYTE: Duration = Duration::from_secs(1);
const OPERATION: Duration = Duration::from_secs(5);
/// A call that takes longer than this hung: the operation timeout should have ended it.
const CALL_BOUND: Duration = Duration::from_secs(6);

static SERVICE: ServiceInfo = ServiceInfo {
    target_prefix: "Soak_2024",
    content_type: "application/x-amz-json-1.1",
    signing_name: Some("soak"),
    env_suffix: "SOAK",
    user_agent: "soak/0.1.0",
    retryable_errors: &[],
    query_compatible: false,
    checksum_required: &[],
    tracer: None,
};

struct Options {
    calls: u64,
    tasks: u64,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options { calls: 25_000, tasks: 64 };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("`{flag}` needs a value\n\n{USAGE}"))?;
        let number: u64 = value.parse().map_err(|_| format!("`{flag} {value}`: not a whole number\n\n{USAGE}"))?;
        match flag.as_str() {
            "--calls" if number > 0 => options.calls = number,
            "--tasks" if number > 0 => options.tasks = number,
            _ => return Err(format!("unknown flag or zero value `{flag} {value}`\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// The resident set of this process in KiB (`VmRSS`), where `/proc` has it.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What one call ended in, as a short name.
fn outcome_kind(outcome: &Result<Vec<u8>, SdkError<RawServiceError>>) -> String {
    match outcome {
        Ok(_) => "ok".to_owned(),
        Err(SdkError::ServiceError(error)) => {
            let meta = &error.err().meta;
            format!("service {} {}", meta.status().unwrap_or(0), meta.code().unwrap_or("(no code)"))
        }
        Err(SdkError::TimeoutError(timeout)) => format!("timeout {:?}", timeout.kind()),
        Err(SdkError::DispatchFailure(failure)) => format!("dispatch {:?}", failure.kind()),
        Err(SdkError::ResponseError(error)) => format!("response {}", error.status()),
        Err(SdkError::ConstructionFailure(error)) => format!("construction: {error}"),
        Err(other) => format!("other: {other:?}"),
    }
}

/// Outcomes the fault mix explains (when retries ran out on one fault); anything else
/// fails the soak.
fn expected(kind: &str) -> bool {
    ["ok", "service 503 (no code)", "service 400 ThrottlingException", "timeout StalledDownload", "dispatch Io"]
        .contains(&kind)
}

/// A clock-skew error is the end of a call only when the server's clock jumped again
/// between the refusal and the resend: rare, or the correction does not work.
const SKEW_FAILURE: &str = "service 400 InvalidSignatureException";
/// At most this share of calls may end in [`SKEW_FAILURE`], per mille.
const SKEW_FAILURES_PER_MILLE: u64 = 1;

#[derive(Default)]
struct Totals {
    outcomes: BTreeMap<String, u64>,
    slowest: Duration,
    over_bound: u64,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(soak(options))
}

async fn soak(options: Options) -> Result<(), String> {
    let counters = Arc::new(server::Counters::default());
    let port = server::start(counters.clone()).await.map_err(|e| format!("cannot start the soak server: {e}"))?;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDSOAK", "soak-secret", None, None, "soak"))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .retry_config(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(100)),
        )
        .timeout_config(TimeoutConfig::default().with_first_byte_timeout(FIRST_BYTE).with_operation_timeout(OPERATION))
        .stalled_stream_protection(StalledStreamProtection::enabled().with_grace_period(STALL_GRACE))
        .build();
    let handle = Handle::new(&config);
    let endpoint = Arc::new(ResolvedEndpoint::new(format!("http://127.0.0.1:{port}")));
    println!(
        "soak: {} calls from {} tasks on one client; faults per mille: {}; the server's clock jumps ±1 h every {:?}",
        options.calls,
        options.tasks,
        server::MIX.iter().map(|(fault, share)| format!("{fault:?} {share}")).collect::<Vec<_>>().join(", "),
        server::CLOCK_PHASE,
    );

    let next = Arc::new(AtomicU64::new(0));
    let rss_start = rss_kib();
    let warm_rss = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..options.tasks {
        let (handle, endpoint, next) = (handle.clone(), endpoint.clone(), next.clone());
        let (warm_rss, calls) = (warm_rss.clone(), options.calls);
        tasks.push(tokio::spawn(async move {
            let mut totals = Totals::default();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= calls {
                    return totals;
                }
                if n == WARM_UP.min(calls / 2) {
                    warm_rss.store(rss_kib().unwrap_or(0), Ordering::Relaxed);
                }
                let call_started = Instant::now();
                let call = invoke(&handle, &SERVICE, "Op", &endpoint, None, br#"{"soak":true}"#.to_vec());
                let kind = match tokio::time::timeout(CALL_BOUND, call).await {
                    Ok(outcome) => outcome_kind(&outcome),
                    Err(_) => "hung past its bound".to_owned(),
                };
                let took = call_started.elapsed();
                totals.slowest = totals.slowest.max(took);
                totals.over_bound += u64::from(took > CALL_BOUND);
                *totals.outcomes.entry(kind).or_default() += 1;
            }
        }));
    }
    let mut totals = Totals::default();
    for task in tasks {
        let part = task.await.map_err(|e| format!("a soak task panicked: {e}"))?;
        for (kind, count) in part.outcomes {
            *totals.outcomes.entry(kind).or_default() += count;
        }
        totals.slowest = totals.slowest.max(part.slowest);
        totals.over_bound += part.over_bound;
    }
    let elapsed = started.elapsed();
    let rss_end = rss_kib();
    report(&options, &counters, &totals, elapsed, rss_start, warm_rss.load(Ordering::Relaxed), rss_end)
}

fn report(
    options: &Options,
    counters: &server::Counters,
    totals: &Totals,
    elapsed: Duration,
    rss_start: Option<u64>,
    rss_warm: u64,
    rss_end: Option<u64>,
) -> Result<(), String> {
    let requests = counters.requests.load(Ordering::Relaxed);
    let calls = options.calls as f64;
    println!(
        "{} calls in {:.1} s: {:.0} calls/s, {:.2} attempts per call ({} requests, {} refused for clock skew, {} connections)",
        options.calls,
        elapsed.as_secs_f64(),
        calls / elapsed.as_secs_f64(),
        requests as f64 / calls,
        requests,
        counters.skew_refusals.load(Ordering::Relaxed),
        counters.connections.load(Ordering::Relaxed),
    );
    println!("outcomes:");
    for (kind, count) in &totals.outcomes {
        println!("  {kind:<36} {count:>8}  ({:.2} %)", *count as f64 * 100.0 / calls);
    }
    println!("slowest call: {:.2} s (bound {:?})", totals.slowest.as_secs_f64(), CALL_BOUND);
    let mib = |kib: u64| kib as f64 / 1024.0;
    match (rss_start, rss_end) {
        (Some(start), Some(end)) => println!(
            "resident memory: {:.1} MiB at the start, {:.1} MiB after the warm-up ({WARM_UP} calls), {:.1} MiB at the end \
             (tolerance +{} MiB)",
            mib(start),
            mib(rss_warm),
            mib(end),
            RSS_TOLERANCE_KIB / 1024
        ),
        _ => println!("resident memory: not available on this system (no /proc/self/status)"),
    }

    let mut failures = Vec::new();
    if totals.over_bound > 0 {
        failures.push(format!("{} calls outlived their bound of {CALL_BOUND:?}", totals.over_bound));
    }
    let unexplained: Vec<_> =
        totals.outcomes.keys().filter(|kind| !expected(kind) && *kind != SKEW_FAILURE).cloned().collect();
    let skew_failures = totals.outcomes.get(SKEW_FAILURE).copied().unwrap_or(0);
    if skew_failures * 1000 > options.calls * SKEW_FAILURES_PER_MILLE {
        failures.push(format!("{skew_failures} calls ended in a clock-skew error despite the correction"));
    }
    if !unexplained.is_empty() {
        failures.push(format!("outcomes no fault explains: {}", unexplained.join("; ")));
    }
    if let Some(end) = rss_end
        && rss_warm > 0
        && end > rss_warm + RSS_TOLERANCE_KIB
    {
        failures.push(format!(
            "resident memory grew by {:.1} MiB after the warm-up, more than the {} MiB tolerance",
            mib(end - rss_warm),
            RSS_TOLERANCE_KIB / 1024
        ));
    }
    if failures.is_empty() {
        println!("soak passed");
        Ok(())
    } else {
        Err(format!("soak failed:\n  {}", failures.join("\n  ")))
    }
}
