//! The program: command line in, output and exit code out.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::args::{self, Command, CommandLine, Globals, Output, Skeleton};
use super::paginate::{self, Limits};
use super::query::Query;
use super::wait::{self, WaitError};
use super::{Call, CallError, EXIT_OTHER, EXIT_SERVICE, EXIT_USAGE, Member, Service, help, output, table};
use crate::client::{Config, TimeoutConfig};
use crate::credentials::Environment;

/// The AWS CLI's default for both its connect and read timeouts.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs the tool with the process's arguments; `connect` makes the service's caller
/// from the configuration the options and environment give.
pub fn main(service: &'static Service, connect: fn(&Config) -> Box<dyn Call>) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (code, out, err) = run(service, &args, &|config| connect(config));
    // A closed pipe (`| head`) is not worth a message.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    let _ = std::io::stderr().lock().write_all(err.as_bytes());
    ExitCode::from(code)
}

/// One run: the exit code and what goes to standard output and standard error.
pub(super) fn run(
    service: &Service,
    args: &[String],
    connect: &dyn Fn(&Config) -> Box<dyn Call>,
) -> (u8, String, String) {
    let usage = |message: String| {
        let program = service.program;
        (EXIT_USAGE, String::new(), format!("{program}: error: {message}\nSee `{program} help`.\n"))
    };
    let CommandLine { globals, command } = match args::parse(service, args) {
        Ok(line) => line,
        Err(message) => return usage(message),
    };
    match command {
        Command::Version => (0, format!("{}/{}\n", service.program, service.version), String::new()),
        Command::ServiceHelp => (0, help::service(service), String::new()),
        Command::WaitHelp => (0, help::waiters(service), String::new()),
        Command::OperationHelp(index) => (0, help::operation(service, index), String::new()),
        Command::WaiterHelp(index) => (0, help::waiter(service, index), String::new()),
        Command::Operation { index, members } => {
            let operation = &service.operations[index];
            if let Some(kind) = globals.skeleton {
                let text = match kind {
                    Skeleton::Input => (operation.input_skeleton)(),
                    Skeleton::Output => operation.output_skeleton,
                };
                return match output::skeleton(text) {
                    Ok(text) => (0, text, String::new()),
                    Err(message) => (EXIT_OTHER, String::new(), format!("{message}\n")),
                };
            }
            let input = match input(&globals, members, operation.members) {
                Ok(input) => input,
                Err(message) => return usage(message),
            };
            // Checked before any request, as every other part of the command line.
            let query = match globals.query.as_deref().map(Query::compile).transpose() {
                Ok(query) => query,
                Err(message) => return usage(format!("--query: {message}")),
            };
            let paging = globals.max_items.is_some() || globals.starting_token.is_some() || globals.page_size.is_some();
            if operation.paginator.is_none() && (paging || globals.no_paginate) {
                return usage(format!("{} is not paginated: it takes no paging options", operation.command));
            }
            let config = match config(&globals) {
                Ok(config) => config,
                Err(message) => return (EXIT_OTHER, String::new(), format!("{message}\n")),
            };
            let caller = connect(&config);
            let caller = Traced { inner: caller.as_ref(), service, on: globals.debug };
            let result = match operation.paginator {
                Some(paginator) if !globals.no_paginate => {
                    let limits = Limits {
                        max_items: globals.max_items,
                        starting_token: globals.starting_token.clone(),
                        page_size: globals.page_size,
                    };
                    paginate::all_pages(&caller, index, &paginator, input, &limits)
                }
                _ => caller.call(index, &Value::Object(input).to_string()),
            };
            match result {
                Ok(value) => {
                    let queried = match &query {
                        Some(query) => query.search(&value),
                        None => Ok(value),
                    };
                    match queried {
                        Ok(value) => (0, format_output(globals.output, operation.name, &value), String::new()),
                        Err(message) => (EXIT_OTHER, String::new(), format!("--query: {message}\n")),
                    }
                }
                Err(error) => failure(operation.name, error),
            }
        }
        Command::Wait { index, members } => {
            let waiter = &service.waiters[index];
            let operation = &service.operations[waiter.operation];
            let input = match input(&globals, members, operation.members) {
                Ok(input) => input,
                Err(message) => return usage(message),
            };
            let config = match config(&globals) {
                Ok(config) => config,
                Err(message) => return (EXIT_OTHER, String::new(), format!("{message}\n")),
            };
            let caller = connect(&config);
            let caller = Traced { inner: caller.as_ref(), service, on: globals.debug };
            let name = waiter_name(waiter.command);
            match wait::wait(&caller, waiter, &name, input) {
                Ok(()) => (0, String::new(), String::new()),
                Err(WaitError::Failed(message)) => (EXIT_OTHER, String::new(), format!("{message}\n")),
                Err(WaitError::Call(error)) => failure(operation.name, error),
            }
        }
    }
}

/// The result as `--output` asks.
fn format_output(format: Output, operation: &str, value: &Value) -> String {
    match format {
        Output::Json => output::json(value),
        Output::Text => output::text(value),
        Output::Table => table::table(operation, value),
    }
}

/// The exit code and message of a failed call, worded as the AWS CLI words them.
fn failure(operation: &str, error: CallError) -> (u8, String, String) {
    match error {
        CallError::Input(message) => {
            (EXIT_USAGE, String::new(), format!("\nParameter validation failed:\n{message}\n"))
        }
        CallError::Service { code, message } => (
            EXIT_SERVICE,
            String::new(),
            format!("\nAn error occurred ({code}) when calling the {operation} operation: {message}\n"),
        ),
        CallError::Other(message) => (EXIT_OTHER, String::new(), format!("\n{message}\n")),
    }
}

/// `ImageScanComplete` from `image-scan-complete`, for messages.
fn waiter_name(command: &str) -> String {
    command
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The input: `--cli-input-json` first, then the flags over it; required members checked.
fn input(globals: &Globals, flags: Map<String, Value>, members: &[Member]) -> Result<Map<String, Value>, String> {
    let mut input = match &globals.cli_input_json {
        None => Map::new(),
        Some(given) => {
            let text = match given.strip_prefix("file://") {
                Some(path) => {
                    std::fs::read_to_string(path).map_err(|e| format!("--cli-input-json: cannot read `{path}`: {e}"))?
                }
                None => given.clone(),
            };
            match serde_json::from_str(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => return Err("--cli-input-json expects a JSON object".to_owned()),
                Err(e) => return Err(format!("--cli-input-json is not valid JSON: {e}")),
            }
        }
    };
    input.extend(flags);
    let missing: Vec<String> = members
        .iter()
        .filter(|m| m.required && input.get(m.wire).is_none_or(Value::is_null))
        .map(|m| format!("--{}", m.flag))
        .collect();
    if !missing.is_empty() {
        return Err(format!("the following arguments are required: {}", missing.join(", ")));
    }
    Ok(input)
}

/// The client configuration: the environment and profile, then the options.
fn config(globals: &Globals) -> Result<Config, String> {
    let mut environment = Environment::real();
    if let Some(profile) = &globals.profile {
        let vars = std::env::vars().filter(|(name, _)| name != "AWS_PROFILE");
        environment = Environment::from_vars(vars.chain([("AWS_PROFILE".to_owned(), profile.clone())]))
            .with_home(home(&environment));
    }
    let mut builder = Config::builder();
    if let Some(region) = &globals.region {
        builder = builder.region(region.clone());
    }
    if let Some(bundle) = &globals.ca_bundle {
        builder = builder.ca_bundle(bundle);
    }
    if let Some(url) = &globals.endpoint_url {
        builder = builder.endpoint_url(url.clone());
    }
    let limit = |seconds: Option<f64>| match seconds {
        Some(0.0) => None,
        Some(seconds) => Some(Duration::from_secs_f64(seconds)),
        None => Some(DEFAULT_TIMEOUT),
    };
    let mut timeouts = TimeoutConfig::disabled();
    timeouts.connect = limit(globals.connect_timeout);
    timeouts.attempt = limit(globals.read_timeout);
    builder = builder.timeout_config(timeouts);
    let config = builder.from_environment(environment).map_err(|e| e.to_string())?.build();
    if globals.debug {
        let line = format!(
            "debug: region {}, endpoint {}\n",
            config.region().unwrap_or("(none)"),
            config.endpoint_url().unwrap_or("(from the service's rules)")
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
    Ok(config)
}

fn home(environment: &Environment) -> Option<std::path::PathBuf> {
    environment.home_dir().map(std::path::Path::to_path_buf)
}

/// The caller, writing each call's input, duration and outcome to standard error
/// under `--debug`.
struct Traced<'a> {
    inner: &'a dyn Call,
    service: &'a Service,
    on: bool,
}

impl Call for Traced<'_> {
    fn call(&self, operation: usize, input: &str) -> Result<Value, CallError> {
        if !self.on {
            return self.inner.call(operation, input);
        }
        let started = Instant::now();
        let result = self.inner.call(operation, input);
        let outcome = match &result {
            Ok(_) => "ok".to_owned(),
            Err(CallError::Service { code, .. }) => format!("service error {code}"),
            Err(CallError::Input(message) | CallError::Other(message)) => format!("failed: {message}"),
        };
        let name = self.service.operations.get(operation).map_or("?", |op| op.name);
        let elapsed = started.elapsed().as_secs_f64() * 1e3;
        let line = format!("debug: {name} with input {input}: {outcome} after {elapsed:.1} ms\n");
        // Written at once, so that a slow or hanging call shows what came before it.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
        result
    }
}
