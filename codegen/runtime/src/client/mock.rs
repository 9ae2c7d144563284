//! A stand-in for the service in users' tests: a [`Mock`] answers calls with canned
//! outputs or modeled errors per operation and records every input, without network,
//! credentials, endpoint resolution or an HTTP server.
//!
//! Generated clients offer `Client::from_mock(mock)`. Calls still go through the
//! client's own steps before sending (required members, constraint checks,
//! serialization) and after (parsing the output, typing the error), so a test sees
//! exactly the values and errors the real client would produce.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;

use super::error::{RawServiceError, SdkError, ServiceError};
use crate::{ErrorMetadata, ModeledError, Operation};

type Responder = Arc<dyn Fn(&[u8]) -> Result<Vec<u8>, MockError> + Send + Sync>;

/// Answers calls per operation and records them. Cloning shares the answers and
/// the record, so a test can keep one clone and give another to the client.
#[derive(Clone, Default)]
pub struct Mock {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    responders: Mutex<BTreeMap<String, Responder>>,
    calls: Mutex<Vec<MockCall>>,
}

/// One call the mock received.
#[derive(Debug, Clone, PartialEq)]
pub struct MockCall {
    operation: String,
    input: Value,
}

/// An error response a mock gives instead of an output.
#[derive(Debug, Clone, PartialEq)]
pub struct MockError {
    status: u16,
    body: Value,
}

impl Mock {
    /// A mock that answers nothing yet: a call to an operation without an answer fails
    /// with a construction error naming the operation.
    pub fn new() -> Mock {
        Mock::default()
    }

    /// Answers operation `O` with `respond`, which gets the typed input. A later
    /// answer for the same operation replaces an earlier one; to vary answers (pages,
    /// polls), look at the input or keep a counter in the closure.
    #[must_use]
    pub fn on<O: Operation>(
        self,
        respond: impl Fn(O::Input) -> Result<O::Output, MockError> + Send + Sync + 'static,
    ) -> Mock {
        let responder: Responder = Arc::new(move |body: &[u8]| {
            let input: O::Input = crate::json::from_slice(body)
                .map_err(|e| MockError::service(500, "MockInputUnreadable", &format!("{}: {e}", O::NAME)))?;
            let output = respond(input)?;
            crate::json::to_vec(&output)
                .map_err(|e| MockError::service(500, "MockOutputUnwritable", &format!("{}: {e}", O::NAME)))
        });
        self.insert(O::NAME, responder);
        self
    }

    /// Answers `operation` (its name in the model) with `respond`, which gets the
    /// input and returns the output as JSON in the wire form.
    #[must_use]
    pub fn on_json(
        self,
        operation: &str,
        respond: impl Fn(&Value) -> Result<Value, MockError> + Send + Sync + 'static,
    ) -> Mock {
        let name = operation.to_owned();
        let responder: Responder = Arc::new(move |body: &[u8]| {
            let input: Value = serde_json::from_slice(body)
                .map_err(|e| MockError::service(500, "MockInputUnreadable", &format!("{name}: {e}")))?;
            Ok(respond(&input)?.to_string().into_bytes())
        });
        self.insert(operation, responder);
        self
    }

    /// Answers `operation` (its name in the model) with a response body as it would
    /// come on the wire, for operations whose output is a payload: the bytes of a
    /// `@streaming` output's stream (or of a blob or text payload). `respond` gets the
    /// input as JSON.
    #[must_use]
    pub fn on_body(
        self,
        operation: &str,
        respond: impl Fn(&Value) -> Result<Vec<u8>, MockError> + Send + Sync + 'static,
    ) -> Mock {
        let name = operation.to_owned();
        let responder: Responder = Arc::new(move |body: &[u8]| {
            let input: Value = serde_json::from_slice(body)
                .map_err(|e| MockError::service(500, "MockInputUnreadable", &format!("{name}: {e}")))?;
            respond(&input)
        });
        self.insert(operation, responder);
        self
    }

    /// Every call received so far, in order (including calls that had no answer).
    pub fn calls(&self) -> Vec<MockCall> {
        self.inner.calls.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The inputs of the calls to operation `O` so far, in order.
    pub fn inputs<O: Operation>(&self) -> Vec<O::Input> {
        self.calls()
            .into_iter()
            .filter(|call| call.operation == O::NAME)
            .filter_map(|call| crate::json::from_value(&call.input).ok())
            .collect()
    }

    fn insert(&self, operation: &str, responder: Responder) {
        self.inner.responders.lock().unwrap_or_else(PoisonError::into_inner).insert(operation.to_owned(), responder);
    }

    /// Answers one call: the output body, or the error as the dispatcher reports it.
    #[allow(clippy::result_large_err)] // the same result as `invoke`, used once per call
    pub(crate) fn respond(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>, SdkError<RawServiceError>> {
        let input = serde_json::from_slice(body).unwrap_or(Value::Null);
        self.inner
            .calls
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(MockCall { operation: operation.to_owned(), input });
        let responder = self.inner.responders.lock().unwrap_or_else(PoisonError::into_inner).get(operation).cloned();
        let Some(responder) = responder else {
            return Err(SdkError::construction(format!("{operation}: the mock has no answer for this operation")));
        };
        responder(body).map_err(|error| {
            let body = error.body.to_string().into_bytes();
            let header = |name: &str| name.eq_ignore_ascii_case("x-amzn-requestid").then(|| "mock-request".to_owned());
            let meta = ErrorMetadata::from_response(error.status, &header, &body);
            SdkError::ServiceError(ServiceError::new(
                RawServiceError { meta: meta.clone(), headers: Vec::new(), body },
                meta,
            ))
        })
    }
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operations: Vec<String> =
            self.inner.responders.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect();
        f.debug_struct("Mock").field("answers", &operations).finish_non_exhaustive()
    }
}

impl MockCall {
    /// The operation's name in the model.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The input as sent, in its wire form.
    pub fn input(&self) -> &Value {
        &self.input
    }
}

impl MockError {
    /// The modeled error `error`, with the status the model gives it (else 500 for
    /// a server fault, 400 otherwise). The client types it as the operation's variant
    /// for that error, or as unhandled if the operation does not list it.
    pub fn modeled<E: ModeledError>(error: &E) -> MockError {
        let status = E::HTTP_STATUS.unwrap_or(if E::IS_SERVER_FAULT { 500 } else { 400 });
        let mut body = crate::json::to_value(error).unwrap_or(Value::Null);
        if !body.is_object() {
            body = Value::Object(serde_json::Map::new());
        }
        if let Value::Object(members) = &mut body {
            members.insert("__type".to_owned(), Value::from(E::CODE));
        }
        MockError { status, body }
    }

    /// An error with any code and message, as a service or a front end might send it
    /// (throttling, access denied, codes the model does not list).
    pub fn service(status: u16, code: &str, message: &str) -> MockError {
        MockError { status, body: serde_json::json!({ "__type": code, "message": message }) }
    }
}

impl super::dispatch::Handle {
    /// A handle whose calls `mock` answers: the default configuration (no region,
    /// no credentials, input validation on) and no network.
    pub fn mocked(mock: Mock) -> Arc<super::dispatch::Handle> {
        let mut handle = super::dispatch::Handle::new(&super::config::Config::default());
        if let Some(handle) = Arc::get_mut(&mut handle) {
            handle.mock = Some(mock);
        }
        handle
    }
}
