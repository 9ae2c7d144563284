//! Fuzzing of the model reader, resolver and emitters: models (the synthetic hazard
//! and endpoint models, and ECR's) and the partition table, mutated at the JSON level
//! (keys deleted, values replaced by other types, shape references redirected to
//! missing or unrelated shapes, traits of the wrong form) and at the byte level. The
//! property: generation returns `Ok` or diagnostics, never panics.
//!
//! Deterministic for a seed. Each run takes a new seed from the clock, so every
//! `cargo test` samples new models; `FUZZ_SEED` repeats a run. Runs for
//! `FUZZ_SECONDS` (default 2, shared by the corpora); `cargo xtask fuzz` runs it
//! longer in release mode.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use codegen::EmitOptions;
use serde_json::Value;

fn options() -> EmitOptions {
    EmitOptions {
        model_label: "fuzz.json".to_owned(),
        regenerate_command: "fuzz".to_owned(),
        model_crate: "fuzz-model".to_owned(),
        client_crate: "fuzz-client".to_owned(),
        model_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_runtime_dependency: "{ path = \"runtime\" }".to_owned(),
        client_model_dependency: "{ path = \"../model\" }".to_owned(),
    }
}

struct Rng(u64);

impl Rng {
    /// Spreads the seed's bits (one splitmix64 step), so that small or zero seeds
    /// still start the xorshift generator, which would stay at zero forever.
    fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every node of a JSON tree, as a path of keys and indexes.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Step::Key(key.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(Step::Index(index));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(index) => node.get_mut(*index),
    })
}

/// One JSON-level mutation of `model` at a random node.
fn mutate(rng: &mut Rng, model: &mut Value, shape_ids: &[String]) {
    let mut all = Vec::new();
    paths(model, &mut Vec::new(), &mut all);
    let path = &all[rng.below(all.len())];
    let replacement = match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::from(-1),
        3 => Value::from("smithy.api#String"),
        4 => Value::from(shape_ids[rng.below(shape_ids.len())].clone()),
        5 => Value::from("no.such#Shape"),
        6 => Value::Array(vec![Value::from(1)]),
        7 => serde_json::json!({ "target": shape_ids[rng.below(shape_ids.len())] }),
        _ => {
            // Delete the node from its parent.
            if let Some((last, parent)) = path.split_last()
                && let Some(parent) = at(model, parent)
            {
                match (parent, last) {
                    (Value::Object(map), Step::Key(key)) => {
                        map.remove(key);
                    }
                    (Value::Array(items), Step::Index(index)) if *index < items.len() => {
                        items.remove(*index);
                    }
                    _ => {}
                }
            }
            return;
        }
    };
    if let Some(node) = at(model, path) {
        *node = replacement;
    }
}

/// Mutates `base` for the time given; returns how many variants were generated.
fn fuzz(name: &str, base: &str, seed: u64, budget: Duration, generate: &dyn Fn(&str)) -> usize {
    let model: Value = serde_json::from_str(base).expect("a valid base");
    let shape_ids: Vec<String> = model["shapes"].as_object().map(|s| s.keys().cloned().collect()).unwrap_or_default();
    let shape_ids = if shape_ids.is_empty() { vec!["x#Y".to_owned()] } else { shape_ids };
    let mut rng = Rng::new(seed);
    let deadline = Instant::now() + budget;
    let mut count = 0;
    while Instant::now() < deadline {
        let mut variant = model.clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut rng, &mut variant, &shape_ids);
        }
        let mut text = serde_json::to_string(&variant).unwrap_or_default();
        if rng.below(8) == 0 {
            text.truncate(rng.below(text.len()));
        }
        if catch_unwind(AssertUnwindSafe(|| generate(&text))).is_err() {
            panic!("{name}: generation panicked (seed {seed}, variant {count}); the model: {text}");
        }
        count += 1;
    }
    count
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect("the corpus file")
}

#[test]
fn generation_never_panics_on_mutated_models() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2);
    let seed = run_seed();
    let share = Duration::from_secs(seconds).max(Duration::from_millis(400)) / 4;
    let model = |text: &str| {
        let _ = codegen::generate(text, &options());
    };
    let partitions = |text: &str| {
        let _ = codegen::partition_table(text, "//");
    };
    let counts = [
        ("hazards", fuzz("hazards", &read("tests/hazards/model.json"), seed, share, &model)),
        ("endpoints", fuzz("endpoints", &read("tests/endpoints/model.json"), seed, share, &model)),
        ("ecr", fuzz("ecr", &read("../models/ecr/ecr-2015-09-21.json"), seed, share, &model)),
        ("partitions", fuzz("partitions", &read("../models/partitions.json"), seed, share, &partitions)),
    ];
    println!("mutated models generated without a panic (seed {seed}): {counts:?}");
    assert!(counts.iter().all(|(_, count)| *count > 0));
}

/// The seed of this run: `FUZZ_SEED` when set (to repeat a run that failed), else a
/// new one from the clock. It is printed first, so a failure's output names it.
fn run_seed() -> u64 {
    let seed = match std::env::var("FUZZ_SEED") {
        Ok(text) => text.trim().parse().unwrap_or_else(|_| panic!("FUZZ_SEED `{text}` is not a whole number")),
        Err(_) => {
            let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
            (since_epoch.as_nanos() as u64) ^ u64::from(std::process::id()).rotate_left(32)
        }
    };
    println!("fuzz seed {seed} (FUZZ_SEED={seed} repeats this run)");
    seed
}
