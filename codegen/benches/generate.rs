//! Codegen time for the checked-in ECR model: read, resolve, emit and format.
//!
//! `cargo bench -p codegen` builds in release mode and prints the median, minimum and
//! maximum of several full runs, plus the time of each stage. Figures on shared
//! machines are noisy; compare runs made side by side.

use std::path::Path;
use std::time::{Duration, Instant};

use codegen::EmitOptions;

const RUNS: usize = 15;

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/ecr/ecr-2015-09-21.json");
    let text = std::fs::read_to_string(&path).expect("the model is checked in");
    let options = EmitOptions {
        model_label: "models/ecr/ecr-2015-09-21.json".to_owned(),
        regenerate_command: "cargo xtask codegen".to_owned(),
        model_crate: "ecr-model".to_owned(),
        client_crate: "ecr-client".to_owned(),
        model_runtime_dependency: "{ path = \"../codegen/runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"../codegen/runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"../model\" }".to_owned(),
    };
    let mut totals = Vec::new();
    let mut stages = [Duration::ZERO; 3];
    for _ in 0..RUNS {
        let started = Instant::now();
        let model = codegen::smithy::Model::from_json(&text).expect("reads");
        let read = started.elapsed();
        let service = codegen::resolve::resolve(&model, None).expect("resolves");
        let resolved = started.elapsed();
        let files = codegen::emit::model_crate(&service, &options).expect("emits");
        let total = started.elapsed();
        std::hint::black_box(files);
        stages[0] += read;
        stages[1] += resolved - read;
        stages[2] += total - resolved;
        totals.push(total);
    }
    totals.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "codegen (ECR model, {RUNS} runs): median {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(totals[RUNS / 2]),
        ms(totals[0]),
        ms(totals[RUNS - 1])
    );
    println!(
        "  mean per stage: read {:.1} ms, resolve {:.1} ms, emit+format {:.1} ms",
        ms(stages[0]) / RUNS as f64,
        ms(stages[1]) / RUNS as f64,
        ms(stages[2]) / RUNS as f64
    );
}
