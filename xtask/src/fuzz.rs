//! `cargo xtask fuzz [--seconds N] [--seed S]`: the fuzz tests of the response
//! parsers and of the generator, in release mode and for longer than `cargo test`
//! gives them.

use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut seconds = "60".to_owned();
    let mut seed = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => seconds = args.next().ok_or("--seconds needs a number")?.clone(),
            "--seed" => seed = Some(args.next().ok_or("--seed needs a number")?.clone()),
            other => return Err(format!("unknown fuzz argument `{other}`")),
        }
    }
    seconds.parse::<u64>().map_err(|_| format!("--seconds `{seconds}` is not a number"))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for (package, test) in [("ecr-model", "fuzz"), ("codegen", "fuzz_models")] {
        println!("==> fuzz: {package} {test} for {seconds} s");
        let mut command = Command::new(&cargo);
        command
            .args(["test", "--release", "--package", package, "--test", test, "--", "--nocapture"])
            .env("FUZZ_SECONDS", &seconds)
            .current_dir(crate::project_root());
        if let Some(seed) = &seed {
            command.env("FUZZ_SEED", seed);
        }
        let status = command.status().map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("fuzzing {package} failed ({status})"));
        }
    }
    Ok(())
}
