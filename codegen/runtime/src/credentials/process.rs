//! [`ProcessProvider`]: credentials printed by an external command
//! (`credential_process` in a profile).

use std::fmt;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Poll, Waker};

use serde_json::Value;

use super::http::{excerpt, parse_time};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

const NAME: &str = "credential_process";

/// Credentials from the standard output of a command, as the AWS CLI runs
/// `credential_process`: through the shell (`sh -c` / `cmd.exe /C`), its
/// output a JSON object `{"Version": 1, "AccessKeyId", "SecretAccessKey",
/// "SessionToken", "Expiration", "AccountId"}` (the last three optional).
///
/// A command that cannot start or exits unsuccessfully is an error quoting
/// the first line of its standard error; output that is not such a JSON
/// object is an error that never quotes the output (it holds secrets). The
/// command runs on a thread of its own, so a slow command does not block
/// the async executor.
#[derive(Clone)]
pub struct ProcessProvider {
    command: String,
    profile: String,
    account_id: Option<String>,
}

impl ProcessProvider {
    /// Runs `command` for the profile `profile` (named in errors);
    /// `account_id` is used when the output names none (the profile's
    /// `aws_account_id`).
    pub fn new(command: impl Into<String>, profile: impl Into<String>, account_id: Option<String>) -> Self {
        ProcessProvider { command: command.into(), profile: profile.into(), account_id }
    }

    fn fail(&self, message: String) -> CredentialsError {
        CredentialsError::provider_error(NAME, format!("profile `{}`: {message}", self.profile))
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let output =
            run(self.command.clone()).await.map_err(|e| self.fail(format!("the command cannot be run: {e}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
            let mut message = format!("the command exited unsuccessfully ({})", output.status);
            if !first.is_empty() {
                message.push_str(&format!(": {}", excerpt(first.as_bytes())));
            }
            return Err(self.fail(message));
        }
        self.parse(&output.stdout)
    }

    fn parse(&self, stdout: &[u8]) -> Result<Credentials, CredentialsError> {
        let value: Value = serde_json::from_slice(stdout).map_err(|e| {
            self.fail(format!("the command's output is not valid JSON (line {}, column {})", e.line(), e.column()))
        })?;
        let Value::Object(object) = value else {
            return Err(self.fail("the command's output is not a JSON object".to_owned()));
        };
        match object.get("Version") {
            Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
            Some(_) => return Err(self.fail("the command's output has a `Version` other than 1".to_owned())),
            None => return Err(self.fail("the command's output has no `Version`".to_owned())),
        }
        let text = |name: &str| -> Result<Option<String>, CredentialsError> {
            match object.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.is_empty() => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(self.fail(format!("`{name}` in the command's output is not a string"))),
            }
        };
        let required =
            |name: &str| text(name)?.ok_or_else(|| self.fail(format!("the command's output has no `{name}`")));
        let access_key_id = required("AccessKeyId")?;
        let secret_access_key = required("SecretAccessKey")?;
        let session_token = text("SessionToken")?;
        let expiry = match text("Expiration")? {
            None => None,
            Some(at) => Some(parse_time(&at).ok_or_else(|| {
                self.fail(format!(
                    "`Expiration` in the command's output is not an RFC 3339 date-time: `{}`",
                    excerpt(at.as_bytes())
                ))
            })?),
        };
        let credentials = Credentials::new(access_key_id, secret_access_key, session_token, expiry, NAME);
        Ok(match text("AccountId")?.or_else(|| self.account_id.clone()) {
            Some(account_id) => credentials.with_account_id(account_id),
            None => credentials,
        })
    }
}

/// Runs `command` through the shell on a thread of its own and waits for
/// it without blocking the executor.
async fn run(command: String) -> std::io::Result<std::process::Output> {
    struct Shared {
        result: Option<std::io::Result<std::process::Output>>,
        waker: Option<Waker>,
    }
    let shared = Arc::new(Mutex::new(Shared { result: None, waker: None }));
    let thread_shared = Arc::clone(&shared);
    std::thread::Builder::new().name("credential_process".to_owned()).spawn(move || {
        let mut shell = if cfg!(windows) {
            let mut c = Command::new("cmd.exe");
            c.arg("/C");
            c
        } else {
            let mut c = Command::new("sh");
            c.arg("-c");
            c
        };
        let result = shell.arg(&command).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).output();
        let mut state = thread_shared.lock().unwrap_or_else(PoisonError::into_inner);
        state.result = Some(result);
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    })?;
    std::future::poll_fn(|cx| {
        let mut state = shared.lock().unwrap_or_else(PoisonError::into_inner);
        match state.result.take() {
            Some(result) => Poll::Ready(result),
            None => {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    })
    .await
}

impl fmt::Debug for ProcessProvider {
    // The command line may carry secrets (say, a token argument): not shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProcessProvider").field("profile", &self.profile).finish_non_exhaustive()
    }
}

impl ProvideCredentials for ProcessProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.credentials())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn provide(command: &str) -> Result<Credentials, CredentialsError> {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(ProcessProvider::new(command, "p", Some("111122223333".into())).provide_credentials())
    }

    #[test]
    fn output_is_parsed_and_errors_never_quote_it() {
        let ok = provide(r#"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S3CRET"}'"#).unwrap();
        assert_eq!((ok.access_key_id(), ok.account_id()), ("A", Some("111122223333")));
        let error = provide(r#"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S3CRET"}'"#).unwrap_err();
        assert!(error.to_string().contains("Version") && !error.to_string().contains("S3CRET"), "{error}");
        let error = provide("echo S3CRET-not-json").unwrap_err();
        assert!(error.to_string().contains("not valid JSON") && !error.to_string().contains("S3CRET"), "{error}");
        let error = provide("echo S3CRET; echo 'first problem' >&2; echo second >&2; exit 3").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("first problem") && !text.contains("second") && !text.contains("S3CRET"), "{text}");
    }
}
