//! Service-agnostic runtime for generated awsJson crates.
//!
//! Generated crates refer to the items here by absolute path (for example
//! `::aws_client_runtime::DateTime`), so the names below are part of the code
//! generator's contract:
//!
//! * [`DateTime`], [`Format`] and [`DateTimeError`]: Smithy `timestamp`.
//! * [`Blob`]: Smithy `blob` (base64 text on the wire, see [`base64`]).
//! * [`ByteStream`]: a `@streaming` blob of an output, read as it arrives.
//! * [`BigInteger`] and [`BigDecimal`]: Smithy `bigInteger` / `bigDecimal`.
//! * [`Document`]: Smithy `document`, an alias of [`serde_json::Value`].
//! * [`BuildError`]: returned by generated builders.
//! * [`rules`]: the endpoint rules functions and partition table generated
//!   resolvers call.
//! * [`validation`]: what generated `Validate` impls call.
//! * [`input_json`]: what generated `Input::from_json` calls.
//! * [`json`]: the JSON writer and pull reader generated serializers and parsers call.
//! * [`Operation`] and [`ModeledError`]: implemented by generated operations and
//!   errors, for generic code such as the client's mock.
//! * `xml` and `protocol` (feature `wire`, part of `client`): the XML reader response parsers
//!   walk, and the awsQuery and restJson1 wire rules generated serializers and
//!   parsers call.
//! * [`serde`](mod@crate::serde): helpers for `#[serde(with = "...")]` and
//!   `#[serde(deserialize_with = "...")]` attributes.
//!
//! Nothing in this crate is specific to any one AWS service.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod base64;
mod blob;
mod build_error;
mod byte_stream;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub mod credentials;
mod datetime;
mod error_metadata;
pub mod input_json;
pub mod json;
mod number;
mod operation;
#[cfg(feature = "wire")]
pub mod protocol;
pub mod rules;
pub mod serde;
#[cfg(feature = "client")]
pub mod sigv4;
pub mod validation;
#[cfg(feature = "wire")]
pub mod xml;

pub use blob::Blob;
pub use build_error::BuildError;
pub use byte_stream::{ByteStream, StreamError, StreamErrorKind};
/// The chunks of a [`ByteStream`].
pub use bytes::Bytes;
pub use datetime::{DateTime, DateTimeError, Format};
pub use error_metadata::{ErrorMetadata, ProvideErrorMetadata, Unhandled, parse_modeled_error, sanitize_error_code};
/// The trait [`ByteStream`] implements, to read it with any stream combinators.
pub use futures_core::Stream;
pub use number::{BigDecimal, BigInteger, ParseNumberError};
pub use operation::{ModeledError, Operation};

/// Re-export of `serde_json`, so that generated crates can name
/// `::aws_client_runtime::serde_json::Value` without depending on it directly.
pub use serde_json;

/// A Smithy `document`: an untyped JSON value, sent as-is on the wire.
pub type Document = serde_json::Value;
