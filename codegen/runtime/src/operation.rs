//! Operations and modeled errors as types, so that generic code (the client's mock,
//! users' helpers) can name an operation's input, output and error, and an error's
//! wire code, from one type parameter. Generated crates implement these traits.

use crate::json::{ReadJson, WriteJson};

/// One operation of a service: generated as a unit struct in `operation::<op>`.
pub trait Operation {
    /// The operation's name in the model, also the action on the wire.
    const NAME: &'static str;
    /// The input structure.
    type Input: WriteJson + ReadJson + Send + 'static;
    /// The output structure.
    type Output: WriteJson + ReadJson + Send + 'static;
    /// The operation's error enum.
    type Error;
}

/// A modeled error structure: its JSON form is the error's body without the code.
pub trait ModeledError: WriteJson {
    /// The error code on the wire.
    const CODE: &'static str;
    /// The HTTP status code the model gives the error, if any.
    const HTTP_STATUS: Option<u16>;
    /// Whether the service (rather than the caller) is at fault.
    const IS_SERVER_FAULT: bool;
}
