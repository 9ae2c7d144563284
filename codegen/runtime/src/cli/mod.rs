//! The engine of generated command-line tools (feature `cli`): argument parsing,
//! value conversion, pagination, waiting, JSON output and exit codes.
//!
//! A generated client crate describes its service as a [`Service`] table (commands,
//! their flags and kinds, paginators, waiters) and implements [`Call`], which turns
//! an operation's input in its wire JSON into a request and returns the response
//! body as JSON. Everything else, the part a person sees, lives here once for every
//! service, so that a generated tool behaves like the AWS CLI:
//!
//! * `tool <operation> [--member VALUE]...` with kebab-case names;
//! * `--cli-input-json`, `--generate-cli-skeleton`, `help`;
//! * automatic pagination with `--no-paginate`, `--max-items`, `--starting-token`,
//!   `--page-size`; `tool wait <waiter>`;
//! * `--output json` (indented by four spaces, keys in the order of the response),
//!   `text` or `table`, and `--query` with JMESPath;
//! * exit codes: 0 success, 252 bad usage or input, 254 a service error, 255 any
//!   other failure.

mod args;
mod help;
mod output;
mod paginate;
mod query;
mod run;
mod shorthand;
mod table;
mod value;
mod wait;

pub use run::main;
pub use serde_json::Value;

/// Exit code of a command line the tool cannot use (unknown flag, bad value, missing
/// required member), as the AWS CLI's.
pub const EXIT_USAGE: u8 = 252;
/// Exit code when the service answered with an error.
pub const EXIT_SERVICE: u8 = 254;
/// Exit code of every other failure (configuration, network, timeouts).
pub const EXIT_OTHER: u8 = 255;

/// A service as its command-line tool sees it; generated.
#[derive(Debug)]
pub struct Service {
    /// The program's name (`ecr`).
    pub program: &'static str,
    /// The service's title, for `help`.
    pub title: &'static str,
    /// The generated crate's version, for `--version`.
    pub version: &'static str,
    /// The service's documentation (Markdown), for `help`.
    pub docs: &'static str,
    /// Operations in the order of the table the dispatcher indexes.
    pub operations: &'static [Operation],
    /// Waiters, each polling one of the operations.
    pub waiters: &'static [Waiter],
}

/// One operation: a command.
#[derive(Debug)]
pub struct Operation {
    /// The model's name (`DescribeRepositories`), used in error messages.
    pub name: &'static str,
    /// The command (`describe-repositories`).
    pub command: &'static str,
    /// Documentation (Markdown), for `help`.
    pub docs: &'static str,
    /// The input's members, as flags.
    pub members: &'static [Member],
    /// Every member of the input with a placeholder value (wire JSON).
    pub input_skeleton: fn() -> &'static str,
    /// Every member of the output with a placeholder value (wire JSON).
    pub output_skeleton: &'static str,
    /// How to page through the operation, if it is paginated.
    pub paginator: Option<Paginator>,
}

/// An input member: a flag.
#[derive(Debug)]
pub struct Member {
    /// The flag without its dashes (`repository-name`).
    pub flag: &'static str,
    /// The member's name on the wire (`repositoryName`).
    pub wire: &'static str,
    /// What values it takes.
    pub kind: Kind,
    /// Whether the operation needs it.
    pub required: bool,
    /// Documentation (Markdown), for `help`.
    pub docs: &'static str,
}

/// What a member holds, which decides how its flag's value is read.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A number with a fraction.
    Float,
    /// `--flag` / `--no-flag`.
    Boolean,
    /// ISO 8601 text or seconds since the epoch; sent in the member's wire format.
    Timestamp(crate::Format),
    /// Bytes: `fileb://path`, or the text's bytes.
    Blob,
    /// One of the listed values (others pass through, as the service may know more).
    Enum(&'static [&'static str]),
    /// Several values of the element kind (or one JSON array).
    List(&'static Kind),
    /// A map with values of the kind: JSON or shorthand (`k1=v1,k2=v2`).
    Map(&'static Kind),
    /// A structure (or union) with these members: JSON in its wire form, or shorthand
    /// (`Key=a,Value=b`).
    Structure(&'static [Field]),
    /// Any JSON value.
    Document,
}

/// A member of a structure reached through a flag, for shorthand values.
#[derive(Clone, Copy)]
pub struct Field {
    /// The member's name on the wire.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
}

/// Only the name: the kinds of recursive structures refer back to themselves.
impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Field({})", self.name)
    }
}

/// How an operation pages, by wire names.
#[derive(Debug, Clone, Copy)]
pub struct Paginator {
    /// The input member carrying the token.
    pub input_token: &'static str,
    /// Path of the next token in the output.
    pub output_token: &'static [&'static str],
    /// Path of the items in the output, merged across pages.
    pub result_key: Option<&'static [&'static str]>,
    /// The input member limiting a page's size.
    pub page_size: Option<&'static str>,
}

/// A waiter: a command under `wait`.
#[derive(Debug)]
pub struct Waiter {
    /// The command (`image-scan-complete`).
    pub command: &'static str,
    /// Index in [`Service::operations`] of the operation it polls.
    pub operation: usize,
    /// Documentation (Markdown), for `help`.
    pub docs: &'static str,
    /// The model's waiter definition (`minDelay`, `maxDelay`, `acceptors`) as JSON.
    pub definition: &'static str,
}

/// Sends operations; generated for each service.
pub trait Call {
    /// Sends operation `operation` (an index into [`Service::operations`]) with the
    /// input `input` in its wire JSON, and returns the response body as JSON.
    ///
    /// # Errors
    ///
    /// The input does not fit the operation ([`CallError::Input`]) or the call failed.
    fn call(&self, operation: usize, input: &str) -> Result<Value, CallError>;
}

/// Why a call failed.
#[derive(Debug)]
pub enum CallError {
    /// The input is not valid for the operation; nothing was sent.
    Input(String),
    /// The service answered with an error.
    Service {
        /// The error code (`RepositoryNotFoundException`).
        code: String,
        /// The error's message, if any.
        message: String,
    },
    /// Anything else: configuration, credentials, network, timeouts, a bad response.
    Other(String),
}

impl CallError {
    /// The error of a call made by a generated client: a service error keeps its code
    /// and message, everything else its full description.
    pub fn from_sdk(error: crate::client::SdkError<crate::ErrorMetadata>) -> CallError {
        if let crate::client::SdkError::ServiceError(service) = &error {
            let meta = service.err();
            return CallError::Service {
                code: meta.code().unwrap_or("Unknown").to_owned(),
                message: meta.message().unwrap_or_default().to_owned(),
            };
        }
        let error = error.map_service_error(|_| NotAServiceError);
        let failure: &dyn std::error::Error = &error;
        // The causes too: "connection refused" says more than "dispatch failure".
        let mut text = failure.to_string();
        let mut source = failure.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        CallError::Other(text)
    }
}

/// Stands for the service error of an [`SdkError`](crate::client::SdkError) known
/// not to hold one, so that its causes can be walked.
#[derive(Debug)]
struct NotAServiceError;

impl std::fmt::Display for NotAServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("service error")
    }
}

impl std::error::Error for NotAServiceError {}

#[cfg(test)]
mod tests;

/// The error type generated dispatch asks [`call`](crate::client::call) for: the
/// code and message are all a command line prints.
pub fn error_metadata(meta: &crate::ErrorMetadata, _body: &[u8]) -> crate::ErrorMetadata {
    meta.clone()
}

/// Takes a `@streaming` payload member out of an input's JSON: its value is the path of
/// the file to send (`fileb://` in front, as the AWS CLI writes it, is allowed), which
/// the rest of the input's JSON form has no place for. Returns the JSON without the
/// member and the path, if the member was given.
pub fn take_file_member(text: &str, wire: &str) -> Result<(String, Option<std::path::PathBuf>), String> {
    let mut document: Value = serde_json::from_str(text).map_err(|error| format!("the input is not JSON: {error}"))?;
    let Some(value) = document.as_object_mut().and_then(|members| members.remove(wire)) else {
        return Ok((text.to_owned(), None));
    };
    let Value::String(path) = value else {
        return Err(format!("`{wire}` is the path of the file to send, a string"));
    };
    let path = path.strip_prefix("fileb://").unwrap_or(&path);
    if path.is_empty() {
        return Err(format!("`{wire}` is the path of the file to send, and it is empty"));
    }
    Ok((document.to_string(), Some(std::path::PathBuf::from(path))))
}
