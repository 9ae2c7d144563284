//! The real-server step of `cargo xtask test`: runs `ecr-client/tests/real_server.rs`,
//! the command-line tool's `ecr-client/tests/cli_real_server.rs`, the client's
//! generated smoke tests (in its library's unit tests) and the generated STS and Polly
//! clients' `tests/real_server.rs` against a local moto server with SigV4 signature
//! checking on; and, with the same virtual environment's botocore, each generated
//! client's `tests/botocore_diff.rs` (ECR, STS, Polly, SSO, SSO-OIDC: the same calls
//! build the same requests as botocore's).
//!
//! Steps: a Python virtual environment under `target/real-server/venv` with the pinned
//! requirements (rebuilt only when the requirements file changes), `moto_server` on a
//! free 127.0.0.1 port, a wait until `/moto-api/` answers, the signing set-up script,
//! then the test binary with the endpoint and keys in environment variables. The server
//! is stopped by its process id whatever happens, and its log is printed on failure.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the requirements, the set-up script and the tests live, from the root.
const SUITE_DIR: &str = "ecr-client/tests/real_server";
/// The variables `real_server.rs` and the generated smoke tests read.
const ENDPOINT_VAR: &str = "ECR_REAL_SERVER_ENDPOINT";
const KEYS_VAR: &str = "ECR_REAL_SERVER_KEYS";
const REQUIRED_VAR: &str = "ECR_REAL_SERVER_REQUIRED";
/// The server before signature checking is turned on, for the runs of [`UNCHECKED_RUNS`].
const UNCHECKED_ENDPOINT_VAR: &str = "REAL_SERVER_UNCHECKED_ENDPOINT";
const UNCHECKED_REQUIRED_VAR: &str = "REAL_SERVER_UNCHECKED_REQUIRED";
/// Runs against the server before the set-up turns signature checking on: moto refuses
/// every signed restJson1 request without a body (botocore's own `GetLexicon`,
/// `ListLexicons` and `DescribeVoices` included, as the server recomputes the signature
/// over the query parameters as if they were a form body), so the Polly client's reads
/// are checked for what moto makes of them, and its signing by the checked runs above.
/// The generated clients' requests beside botocore's for the same calls
/// (`codegen/tests/services/botocore_diff.rs`), with the virtual environment's botocore;
/// they need no server.
const BOTOCORE_RUN: &[&str] = &[
    "test",
    "--package",
    "ecr-client",
    "--package",
    "sts-client",
    "--package",
    "polly-client",
    "--package",
    "sso-client",
    "--package",
    "sso-oidc-client",
    "--test",
    "botocore_diff",
];
const UNCHECKED_RUNS: [&[&str]; 1] = [&["test", "--package", "polly-client", "--test", "real_server", "unchecked_"]];
/// The AWS CLI of the virtual environment, which `cli_real_server.rs` compares the `ecr`
/// tool's output with.
const AWS_CLI_VAR: &str = "ECR_REAL_SERVER_AWS_CLI";
/// The cargo invocations that run the suite; `--lib` runs the generated smoke tests, which
/// read the same variables: the current client's, then those of the client generated from
/// the older model (same service, so the same variables). `cli_real_server` runs the `ecr`
/// tool (built by cargo for that test because of `--features cli`). `real_server_credentials`
/// (the credentials chain end to end) is a binary of its own because it briefly lets one
/// unsigned request through, which must not meet the other tests' requests (cargo runs
/// test binaries one at a time).
const TEST_RUNS: [&[&str]; 4] = [
    &[
        "test",
        "--package",
        "ecr-client",
        "--features",
        "cli",
        "--lib",
        "--test",
        "real_server",
        "--test",
        "cli_real_server",
        "--test",
        "real_server_credentials",
    ],
    &["test", "--package", "older-ecr-client", "--lib", "smoke_tests"],
    // The generated STS client (awsQuery): its calls, and a call with the credentials
    // of the role it assumed.
    &["test", "--package", "sts-client", "--test", "real_server"],
    // The generated Polly client (restJson1): its signed requests checked.
    &["test", "--package", "polly-client", "--test", "real_server", "signed_"],
];
/// How long moto may take to answer its first request.
const STARTUP_LIMIT: Duration = Duration::from_secs(60);

/// `cargo xtask real-server`: the real-server step alone.
pub fn run_command(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("unknown real-server argument `{arg}`"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run(&crate::project_root(), &cargo)
}

/// Runs the real-server test suite; `cargo` is the cargo binary to run the tests with.
pub fn run(root: &Path, cargo: &str) -> Result<(), String> {
    let work_dir = root.join("target").join("real-server");
    std::fs::create_dir_all(&work_dir).map_err(|e| format!("cannot create {}: {e}", work_dir.display()))?;
    let venv = prepare_venv(root, &work_dir)?;
    // Build first, so that the server only runs while the tests do.
    for args in TEST_RUNS.into_iter().chain(UNCHECKED_RUNS).chain([BOTOCORE_RUN]) {
        let status = Command::new(cargo)
            .args(args)
            .arg("--no-run")
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("building the real-server tests failed ({status})"));
        }
    }
    println!("==> real server: cargo {} (botocore from {})", BOTOCORE_RUN.join(" "), venv.display());
    let status = Command::new(cargo)
        .args(BOTOCORE_RUN)
        .env("BOTOCORE_PYTHON", venv_bin(&venv, "python"))
        .env("BOTOCORE_REQUIRED", "1")
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the comparison with botocore's requests failed ({status})"));
    }
    let started = Instant::now();
    let mut server = Server::start(&venv, &work_dir.join("moto.log"))?;
    let result = set_up_and_test(root, cargo, &venv, &mut server);
    let log = server.stop();
    match result {
        Ok(()) => {
            println!("==> real server: passed in {:.1} s (moto included)", started.elapsed().as_secs_f64());
            Ok(())
        }
        Err(message) => {
            eprintln!("---- moto server log ----\n{log}---- end of moto server log ----");
            Err(message)
        }
    }
}

fn set_up_and_test(root: &Path, cargo: &str, venv: &Path, server: &mut Server) -> Result<(), String> {
    let started = Instant::now();
    server.wait_until_ready()?;
    println!("==> real server: moto answered after {:.1} s", started.elapsed().as_secs_f64());
    for args in UNCHECKED_RUNS {
        println!("==> real server: cargo {} ({UNCHECKED_ENDPOINT_VAR}={})", args.join(" "), server.endpoint);
        let status = Command::new(cargo)
            .args(args)
            .env(UNCHECKED_ENDPOINT_VAR, &server.endpoint)
            .env(UNCHECKED_REQUIRED_VAR, "1")
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("the real-server tests before signature checking failed ({status})"));
        }
    }
    let script = root.join(SUITE_DIR).join("set_up_auth.py");
    let output = Command::new(venv_bin(venv, "python"))
        .arg(&script)
        .arg(&server.endpoint)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !output.status.success() {
        return Err(format!("the signature-checking set-up failed ({})", output.status));
    }
    let keys = String::from_utf8(output.stdout).map_err(|_| "the set-up printed non-UTF-8 keys".to_owned())?;
    println!("==> real server: IAM keys created, signature checking on ({:.1} s)", started.elapsed().as_secs_f64());
    for args in TEST_RUNS {
        println!("==> real server: cargo {} ({ENDPOINT_VAR}={})", args.join(" "), server.endpoint);
        let status = Command::new(cargo)
            .args(args)
            .env(AWS_CLI_VAR, venv_bin(venv, "aws"))
            .env(ENDPOINT_VAR, &server.endpoint)
            .env(KEYS_VAR, keys.trim())
            .env(REQUIRED_VAR, "1")
            .current_dir(root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("the real-server tests failed ({status})"));
        }
    }
    Ok(())
}

/// Creates the virtual environment, or reuses it when it was built from the same
/// requirements file; returns its directory.
pub(crate) fn prepare_venv(root: &Path, work_dir: &Path) -> Result<PathBuf, String> {
    let requirements_path = root.join(SUITE_DIR).join("requirements.txt");
    let requirements = std::fs::read_to_string(&requirements_path)
        .map_err(|e| format!("cannot read {}: {e}", requirements_path.display()))?;
    let venv = work_dir.join("venv");
    let stamp = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == requirements)
        && venv_bin(&venv, "moto_server").exists()
    {
        return Ok(venv);
    }
    println!("==> real server: creating {} from {}", venv.display(), requirements_path.display());
    if venv.exists() {
        std::fs::remove_dir_all(&venv).map_err(|e| format!("cannot remove the stale {}: {e}", venv.display()))?;
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let created = Command::new(&python).args(["-m", "venv"]).arg(&venv).status();
    if !matches!(&created, Ok(status) if status.success()) {
        return Err(format!(
            "cannot create a Python virtual environment with `{python} -m venv`: the real-server tests need \
             Python 3 with its venv module and pip (on Debian or Ubuntu: apt-get install python3-venv), \
             or set PYTHON to such an interpreter"
        ));
    }
    let status = Command::new(venv_bin(&venv, "python"))
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r"])
        .arg(&requirements_path)
        .status()
        .map_err(|e| format!("cannot run pip: {e}"))?;
    if !status.success() {
        return Err(format!("installing {} failed ({status})", requirements_path.display()));
    }
    std::fs::write(&stamp, &requirements).map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(venv)
}

pub(crate) fn venv_bin(venv: &Path, program: &str) -> PathBuf {
    if cfg!(windows) { venv.join("Scripts").join(format!("{program}.exe")) } else { venv.join("bin").join(program) }
}

/// A running `moto_server`, stopped by [`Server::stop`] or when dropped.
struct Server {
    child: Option<Child>,
    endpoint: String,
    port: u16,
    log_path: PathBuf,
}

impl Server {
    fn start(venv: &Path, log_path: &Path) -> Result<Server, String> {
        let port = free_port()?;
        let log = std::fs::File::create(log_path).map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
        let log_for_stderr = log.try_clone().map_err(|e| format!("cannot share {}: {e}", log_path.display()))?;
        let child = Command::new(venv_bin(venv, "moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_for_stderr)
            .spawn()
            .map_err(|e| format!("cannot start moto_server: {e}"))?;
        println!("==> real server: moto_server pid {} on 127.0.0.1:{port}", child.id());
        Ok(Server {
            child: Some(child),
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
            log_path: log_path.to_owned(),
        })
    }

    /// Waits until `GET /moto-api/` answers 200, failing early if the server exits.
    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + STARTUP_LIMIT;
        loop {
            if answers(self.port) {
                return Ok(());
            }
            if let Some(child) = &mut self.child
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(format!("moto_server exited before answering ({status})"));
            }
            if Instant::now() >= deadline {
                return Err(format!("moto_server did not answer on {} within {STARTUP_LIMIT:?}", self.endpoint));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills the server by its process id, waits for it and returns its log.
    fn stop(mut self) -> String {
        self.kill();
        std::fs::read_to_string(&self.log_path).unwrap_or_else(|e| format!("(cannot read the log: {e})\n"))
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // The server only holds in-memory state: killing it loses nothing.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A port no one listens on right now (the operating system's choice).
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot find a free port: {e}"))?;
    listener.local_addr().map(|address| address.port()).map_err(|e| format!("cannot find a free port: {e}"))
}

/// Whether `GET /moto-api/` on the port answers 200.
fn answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut status_line = [0; 12];
    stream.read_exact(&mut status_line).is_ok() && status_line.ends_with(b" 200")
}
