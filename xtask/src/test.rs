//! `cargo xtask test`: everything a change must pass, in one command.

use std::process::Command;

/// One cargo invocation of the test run.
struct Step {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step { name: "formatting", args: &["fmt", "--all", "--check"], env: &[] },
    Step {
        name: "regeneration check",
        args: &["run", "--quiet", "--package", "xtask", "--", "codegen", "--check"],
        env: &[],
    },
    Step { name: "clippy", args: &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], env: &[] },
    Step { name: "tests", args: &["test", "--workspace"], env: &[] },
    // The optional serde form: inputs read from JSON files, and serde's form equal to
    // the generated JSON form on every input skeleton.
    Step {
        name: "model crates with feature serde",
        args: &[
            "test",
            "--package",
            "ecr-model",
            "--package",
            "awsjson11-model",
            "--features",
            "ecr-model/serde,awsjson11-model/serde",
            "--test",
            "input_json",
        ],
        env: &[],
    },
    // Each model crate with only its own runtime features: the workspace build unifies
    // features, which would hide a model crate that needs one it does not ask for.
    Step {
        name: "model crates on their own",
        args: &[
            "clippy",
            "--package",
            "ecr-model",
            "--package",
            "sts-model",
            "--package",
            "awsquery-model",
            "--package",
            "polly-model",
            "--package",
            "upload-model",
            "--package",
            "sso-model",
            "--package",
            "sso-oidc-model",
            "--package",
            "restjson1-model",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    // Feature combinations of the runtime and the client: none (the runtime alone),
    // each client feature alone, all together (which also runs their gated tests).
    Step {
        name: "runtime without features",
        args: &[
            "clippy",
            "--package",
            "aws-client-runtime",
            "--all-targets",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "client with feature tracing",
        args: &["clippy", "--package", "ecr-client", "--all-targets", "--features", "tracing", "--", "-D", "warnings"],
        env: &[],
    },
    Step {
        name: "client with feature blocking",
        args: &["clippy", "--package", "ecr-client", "--all-targets", "--features", "blocking", "--", "-D", "warnings"],
        env: &[],
    },
    Step {
        name: "client with feature cli",
        args: &["clippy", "--package", "ecr-client", "--all-targets", "--features", "cli", "--", "-D", "warnings"],
        env: &[],
    },
    // The generated command-line tool of a model full of hazards (recursive shapes,
    // unions, keywords, host prefixes), so that any model's tool is known to build.
    Step {
        name: "hazards client with feature cli",
        args: &["clippy", "--package", "hazards-client", "--all-targets", "--features", "cli", "--", "-D", "warnings"],
        env: &[],
    },
    // A restJson1 client's command-line tool reads typed outputs back as JSON.
    Step {
        name: "restJson1 client with all features",
        args: &["clippy", "--package", "polly-client", "--all-targets", "--all-features", "--", "-D", "warnings"],
        env: &[],
    },
    Step {
        name: "runtime and client with all features",
        args: &[
            "clippy",
            "--package",
            "aws-client-runtime",
            "--package",
            "ecr-client",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "tests with all features",
        args: &["test", "--package", "aws-client-runtime", "--package", "ecr-client", "--all-features"],
        env: &[],
    },
    Step {
        name: "protocol conformance (prints the suites' counts)",
        args: &[
            "test",
            "--quiet",
            "--package",
            "awsjson10-client",
            "--package",
            "awsjson11-client",
            "--package",
            "restjson1-client",
            "--package",
            "awsquery-client",
            "--test",
            "conformance",
            "--",
            "--nocapture",
        ],
        env: &[],
    },
    Step {
        name: "credentials conformance (prints the corpus parts' counts)",
        args: &[
            "test",
            "--quiet",
            "--package",
            "aws-client-runtime",
            "--features",
            "client",
            "--test",
            "credentials_conformance",
            "--",
            "--nocapture",
        ],
        env: &[],
    },
    Step { name: "docs", args: &["doc", "--workspace", "--no-deps"], env: &[("RUSTDOCFLAGS", "-D warnings")] },
];

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("unknown test argument `{arg}`"));
    }
    let root = crate::project_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for step in STEPS {
        println!("==> {}: cargo {}", step.name, step.args.join(" "));
        let status = Command::new(&cargo)
            .args(step.args)
            .envs(step.env.iter().copied())
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("{} failed ({status})", step.name));
        }
    }
    println!("==> hazards smoke tests: the hazards client's generated smoke tests against a stub");
    crate::smoke_stub::run(&root, &cargo)?;
    println!("==> real server: ecr-client/tests/real_server.rs against moto");
    crate::real_server::run(&root, &cargo)?;
    println!("==> all checks passed");
    Ok(())
}
