//! Measures how long the generated endpoint resolver takes per call, for the
//! parameter sets calls typically have, next to the floor of building the same URL
//! with one `format!`.
//!
//! ```sh
//! cargo run --release -p ecr-client --example endpoint_resolution
//! ```
//!
//! Bounded: a fixed number of rounds of a fixed number of calls; prints the median.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ecr_client::endpoint::{EndpointParams, resolve_endpoint};

const CALLS: u32 = 200_000;
const ROUNDS: usize = 7;

fn median_per_call(mut run: impl FnMut()) -> Duration {
    let mut rounds: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..CALLS {
                run();
            }
            started.elapsed() / CALLS
        })
        .collect();
    rounds.sort();
    rounds[ROUNDS / 2]
}

fn main() {
    let mut params = EndpointParams::default();
    params.region = Some("us-east-1".to_owned());
    let regional = params.clone();
    params.use_fips = true;
    params.use_dual_stack = true;
    let fips_dual_stack = params.clone();
    let mut china = regional.clone();
    china.region = Some("cn-north-1".to_owned());
    let mut unlisted = regional.clone();
    unlisted.region = Some("eu-future-9".to_owned());
    let mut custom = EndpointParams::default();
    custom.endpoint = Some("https://example.com".to_owned());

    let floor = median_per_call(|| {
        let region = black_box("us-east-1");
        black_box(format!("https://api.ecr.{region}.amazonaws.com"));
    });
    println!("{:<40} {:>8.0?}", "floor: one format! of the URL", floor);
    for (name, params) in [
        ("us-east-1", &regional),
        ("us-east-1, FIPS and dual-stack", &fips_dual_stack),
        ("cn-north-1", &china),
        ("unlisted region (partition by pattern)", &unlisted),
        ("custom endpoint", &custom),
    ] {
        let per_call = median_per_call(|| {
            black_box(resolve_endpoint(black_box(params)).expect("resolves"));
        });
        let ratio = per_call.as_secs_f64() / floor.as_secs_f64();
        println!("{name:<40} {per_call:>8.0?}  ({ratio:.1}x the floor)");
    }
}
