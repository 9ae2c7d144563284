//! Fuzzing of every response parser of the generated model crate: each operation's
//! output deserializer and error typing (`ErrorMetadata::from_response`, then
//! `<Op>Error::from_response`) get random JSON built from the model's own member
//! names, enum values and error codes, mutated at the byte level (truncation, flipped
//! and invalid UTF-8 bytes, huge numbers, deep nesting, `NaN` strings, wrong `__type`).
//! The property: no panic, ever; a malformed body is an error value.
//!
//! Deterministic for a seed. Each run takes a new seed from the clock, so every
//! `cargo test` samples new inputs; `FUZZ_SEED` repeats a run. Runs for
//! `FUZZ_SECONDS` (default 2) so `cargo test` stays quick; `cargo xtask fuzz` runs
//! it longer in release mode. A failure prints the seed, the iteration and the input
//! to reproduce it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_client_runtime::ErrorMetadata;
use ecr_model::operation::*;
use serde_json::Value;

/// One parse attempt per operation: the output, then the error path.
type Parser = fn(&[u8]);

macro_rules! parsers {
    ($($module:ident::{$output:ident, $error:ident},)*) => {
        &[$(
            |body: &[u8]| {
                let _ = aws_client_runtime::json::from_slice::<$module::$output>(body);
                let header = |name: &str| (name == "x-amzn-errortype").then(|| "ServerException:http://internal".to_owned());
                let meta = ErrorMetadata::from_response(400, &header, body);
                let _ = $module::$error::from_response(&meta, body);
            },
        )*]
    };
}

const PARSERS: &[Parser] = parsers!(
    batch_check_layer_availability::{BatchCheckLayerAvailabilityOutput, BatchCheckLayerAvailabilityError},
    batch_delete_image::{BatchDeleteImageOutput, BatchDeleteImageError},
    batch_get_image::{BatchGetImageOutput, BatchGetImageError},
    batch_get_repository_scanning_configuration::{BatchGetRepositoryScanningConfigurationOutput, BatchGetRepositoryScanningConfigurationError},
    complete_layer_upload::{CompleteLayerUploadOutput, CompleteLayerUploadError},
    create_pull_through_cache_rule::{CreatePullThroughCacheRuleOutput, CreatePullThroughCacheRuleError},
    create_repository::{CreateRepositoryOutput, CreateRepositoryError},
    create_repository_creation_template::{CreateRepositoryCreationTemplateOutput, CreateRepositoryCreationTemplateError},
    delete_lifecycle_policy::{DeleteLifecyclePolicyOutput, DeleteLifecyclePolicyError},
    delete_pull_through_cache_rule::{DeletePullThroughCacheRuleOutput, DeletePullThroughCacheRuleError},
    delete_registry_policy::{DeleteRegistryPolicyOutput, DeleteRegistryPolicyError},
    delete_repository::{DeleteRepositoryOutput, DeleteRepositoryError},
    delete_repository_creation_template::{DeleteRepositoryCreationTemplateOutput, DeleteRepositoryCreationTemplateError},
    delete_repository_policy::{DeleteRepositoryPolicyOutput, DeleteRepositoryPolicyError},
    delete_signing_configuration::{DeleteSigningConfigurationOutput, DeleteSigningConfigurationError},
    deregister_pull_time_update_exclusion::{DeregisterPullTimeUpdateExclusionOutput, DeregisterPullTimeUpdateExclusionError},
    describe_image_replication_status::{DescribeImageReplicationStatusOutput, DescribeImageReplicationStatusError},
    describe_image_scan_findings::{DescribeImageScanFindingsOutput, DescribeImageScanFindingsError},
    describe_image_signing_status::{DescribeImageSigningStatusOutput, DescribeImageSigningStatusError},
    describe_images::{DescribeImagesOutput, DescribeImagesError},
    describe_pull_through_cache_rules::{DescribePullThroughCacheRulesOutput, DescribePullThroughCacheRulesError},
    describe_registry::{DescribeRegistryOutput, DescribeRegistryError},
    describe_repositories::{DescribeRepositoriesOutput, DescribeRepositoriesError},
    describe_repository_creation_templates::{DescribeRepositoryCreationTemplatesOutput, DescribeRepositoryCreationTemplatesError},
    get_account_setting::{GetAccountSettingOutput, GetAccountSettingError},
    get_authorization_token::{GetAuthorizationTokenOutput, GetAuthorizationTokenError},
    get_download_url_for_layer::{GetDownloadUrlForLayerOutput, GetDownloadUrlForLayerError},
    get_lifecycle_policy::{GetLifecyclePolicyOutput, GetLifecyclePolicyError},
    get_lifecycle_policy_preview::{GetLifecyclePolicyPreviewOutput, GetLifecyclePolicyPreviewError},
    get_registry_policy::{GetRegistryPolicyOutput, GetRegistryPolicyError},
    get_registry_scanning_configuration::{GetRegistryScanningConfigurationOutput, GetRegistryScanningConfigurationError},
    get_repository_policy::{GetRepositoryPolicyOutput, GetRepositoryPolicyError},
    get_signing_configuration::{GetSigningConfigurationOutput, GetSigningConfigurationError},
    initiate_layer_upload::{InitiateLayerUploadOutput, InitiateLayerUploadError},
    list_image_referrers::{ListImageReferrersOutput, ListImageReferrersError},
    list_images::{ListImagesOutput, ListImagesError},
    list_pull_time_update_exclusions::{ListPullTimeUpdateExclusionsOutput, ListPullTimeUpdateExclusionsError},
    list_tags_for_resource::{ListTagsForResourceOutput, ListTagsForResourceError},
    put_account_setting::{PutAccountSettingOutput, PutAccountSettingError},
    put_image::{PutImageOutput, PutImageError},
    put_image_scanning_configuration::{PutImageScanningConfigurationOutput, PutImageScanningConfigurationError},
    put_image_tag_mutability::{PutImageTagMutabilityOutput, PutImageTagMutabilityError},
    put_lifecycle_policy::{PutLifecyclePolicyOutput, PutLifecyclePolicyError},
    put_registry_policy::{PutRegistryPolicyOutput, PutRegistryPolicyError},
    put_registry_scanning_configuration::{PutRegistryScanningConfigurationOutput, PutRegistryScanningConfigurationError},
    put_replication_configuration::{PutReplicationConfigurationOutput, PutReplicationConfigurationError},
    put_signing_configuration::{PutSigningConfigurationOutput, PutSigningConfigurationError},
    register_pull_time_update_exclusion::{RegisterPullTimeUpdateExclusionOutput, RegisterPullTimeUpdateExclusionError},
    set_repository_policy::{SetRepositoryPolicyOutput, SetRepositoryPolicyError},
    start_image_scan::{StartImageScanOutput, StartImageScanError},
    start_lifecycle_policy_preview::{StartLifecyclePolicyPreviewOutput, StartLifecyclePolicyPreviewError},
    tag_resource::{TagResourceOutput, TagResourceError},
    untag_resource::{UntagResourceOutput, UntagResourceError},
    update_image_storage_class::{UpdateImageStorageClassOutput, UpdateImageStorageClassError},
    update_pull_through_cache_rule::{UpdatePullThroughCacheRuleOutput, UpdatePullThroughCacheRuleError},
    update_repository_creation_template::{UpdateRepositoryCreationTemplateOutput, UpdateRepositoryCreationTemplateError},
    upload_layer_part::{UploadLayerPartOutput, UploadLayerPartError},
    validate_pull_through_cache_rule::{ValidatePullThroughCacheRuleOutput, ValidatePullThroughCacheRuleError},
);

/// xorshift64*: small, deterministic, good enough to pick mutations.
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

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Member names, enum values and error codes of the model: what makes random JSON
/// reach deep into the deserializers.
fn dictionary() -> (Vec<String>, Vec<String>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../models/ecr/ecr-2015-09-21.json");
    let model: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("the model")).expect("JSON");
    let mut keys = vec!["__type".to_owned(), "message".to_owned(), "Message".to_owned(), "code".to_owned()];
    let mut words = vec![
        "NaN".to_owned(),
        "Infinity".to_owned(),
        "-Infinity".to_owned(),
        "2024-02-30T25:61:00Z".to_owned(),
        "1970-01-01T00:00:00.123Z".to_owned(),
        "Tue, 29 Apr 2014 18:30:38 GMT".to_owned(),
        "AAAA".to_owned(),
        "!!!".to_owned(),
        String::new(),
        "\u{1F980}".to_owned(),
    ];
    for (id, shape) in model["shapes"].as_object().expect("shapes") {
        let name = id.rsplit('#').next().unwrap_or(id);
        if shape["traits"].get("smithy.api#error").is_some() {
            words.push(name.to_owned());
            words.push(id.clone());
            words.push(format!("{name}:http://internal.amazon.com/"));
        }
        for (member, definition) in shape["members"].as_object().into_iter().flatten() {
            keys.push(member.clone());
            if let Some(value) = definition["traits"].get("smithy.api#enumValue").and_then(Value::as_str) {
                words.push(value.to_owned());
            }
        }
    }
    keys.sort();
    keys.dedup();
    (keys, words)
}

fn random_value(rng: &mut Rng, keys: &[String], words: &[String], depth: usize) -> Value {
    let numbers = [0.0, -1.0, 1.5, 1e308, -1e308, 4_294_967_296.0, 9_007_199_254_740_993.0];
    match rng.below(if depth > 4 { 6 } else { 9 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => serde_json::Number::from_f64(*rng.pick(&numbers)).map_or(Value::Null, Value::Number),
        3 => Value::from(rng.next() as i64),
        4 => Value::String(rng.pick(words).clone()),
        5 => Value::String("x".repeat(rng.below(300))),
        6 | 7 => {
            let mut object = serde_json::Map::new();
            for _ in 0..rng.below(6) {
                object.insert(rng.pick(keys).clone(), random_value(rng, keys, words, depth + 1));
            }
            Value::Object(object)
        }
        _ => Value::Array((0..rng.below(4)).map(|_| random_value(rng, keys, words, depth + 1)).collect()),
    }
}

/// Byte-level damage to a JSON text.
fn mutate(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.below(3) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(7) {
            0 => bytes.truncate(at),
            1 => bytes[at] ^= 1 << rng.below(8),
            2 => bytes.splice(at..at, [0xff, 0xfe, 0xc3]).for_each(drop),
            3 => bytes.splice(at..at, b"1e999".iter().copied()).for_each(drop),
            4 => bytes.splice(at..at, b"123456789012345678901234567890".iter().copied()).for_each(drop),
            5 => bytes.splice(at..at, b"\"NaN\"".iter().copied()).for_each(drop),
            _ => {
                let copy = bytes[at..].to_vec();
                bytes.extend(copy);
            }
        }
    }
    bytes
}

/// Inputs every run tries first: nesting beyond any limit, and empty or odd bodies.
fn fixed_inputs() -> Vec<Vec<u8>> {
    let mut inputs = vec![
        Vec::new(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"\"string\"".to_vec(),
        b"<html><body>502 Bad Gateway</body></html>".to_vec(),
        b"{\"__type\":{}}".to_vec(),
        b"{\"__type\":\"#\"}".to_vec(),
        b"{\"__type\":\":\"}".to_vec(),
    ];
    for open in ["[", "{\"a\":", "{\"imageIds\":["] {
        inputs.push(open.repeat(5_000).into_bytes());
    }
    inputs
}

fn run(inputs: impl Iterator<Item = Vec<u8>>, seed: u64, deadline: Instant) -> usize {
    let mut count = 0;
    for input in inputs {
        for (index, parse) in PARSERS.iter().enumerate() {
            if catch_unwind(AssertUnwindSafe(|| parse(&input))).is_err() {
                panic!(
                    "parser {index} panicked (seed {seed}, input {count}): {}",
                    String::from_utf8_lossy(&input[..input.len().min(2000)])
                );
            }
        }
        count += 1;
        if Instant::now() > deadline {
            break;
        }
    }
    count
}

#[test]
fn response_parsers_never_panic() {
    let seconds = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2);
    let seed = run_seed();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let fixed = run(fixed_inputs().into_iter(), seed, Instant::now() + Duration::from_secs(3600));
    let (keys, words) = dictionary();
    let mut rng = Rng::new(seed);
    let random = std::iter::from_fn(|| {
        let value = random_value(&mut rng, &keys, &words, 0);
        let text = serde_json::to_vec(&value).unwrap_or_default();
        Some(if rng.below(3) == 0 { mutate(&mut rng, text) } else { text })
    });
    let generated = run(random, seed, deadline);
    println!(
        "fuzzed {} response parsers with {} inputs ({fixed} fixed, {generated} generated, seed {seed}): no panic",
        PARSERS.len() * 2,
        fixed + generated
    );
    assert!(generated > 0);
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
